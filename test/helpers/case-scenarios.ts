/**
 * Scenario builders for generated cases (test/helpers/arbitraries.ts): the topics, clients and
 * timeline a case stands for, and the commands that heal whatever faults are still active.
 * Topics are named t0, t1…, producers p0…, consumers c0… and groups g0, g1.
 */
import type { Command, ConfigValue, ConsumerSpec, ProducerSpec, ScenarioSpec, TimelineEntry, TopicSpec } from '../../src/engine';
import type { Sim } from '../../src/engine/state';
import type { ClusterCase, ConsumerCase } from './arbitraries';

/** The name of topic `i` of a generated case. */
export const topicName = (i: number): string => `t${i}`;
const consumerId = (i: number): string => `c${i}`;

/** The scenario (topics, producers, timeline of faults) of a generated case. */
export function scenarioOf(c: ClusterCase): ScenarioSpec {
  const topics: TopicSpec[] = c.topics.map((t, i) => ({ name: topicName(i), partitions: t.partitions, replicationFactor: t.rf, configs: t.configs }));
  const producers: ProducerSpec[] = c.producers.map((p, i) => ({
    id: `p${i}`,
    topic: topicName(p.topic),
    ratePerSec: p.ratePerSec,
    keys: p.keyed ? { kind: 'random', prefix: 'key-', cardinality: 40 } : { kind: 'none' },
    value: { kind: 'order' },
    configs: {
      acks: p.acks,
      'enable.idempotence': p.acks === 'all' && p.idempotence,
      'linger.ms': p.lingerMs,
      'batch.size': p.batchSize,
      'request.timeout.ms': p.requestTimeoutMs,
    },
  }));
  const timeline: TimelineEntry[] = [];
  const partitions = c.topics.map((t) => t.partitions);
  for (const f of [...c.faults].sort((a, b) => a.atMs - b.atMs)) {
    const end = f.atMs + ('forMs' in f ? f.forMs : 0);
    switch (f.kind) {
      case 'crash':
        timeline.push({ atMs: f.atMs, command: { type: 'crashBroker', brokerId: f.broker } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'restartBroker', brokerId: f.broker } });
        break;
      case 'isolate':
        timeline.push({ atMs: f.atMs, command: { type: 'isolateBroker', brokerId: f.broker } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'healBroker', brokerId: f.broker } });
        break;
      case 'slow':
        timeline.push({ atMs: f.atMs, command: { type: 'slowBroker', brokerId: f.broker, extraLatencyMs: f.extraLatencyMs } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'slowBroker', brokerId: f.broker, extraLatencyMs: 0 } });
        break;
      case 'config':
        timeline.push({ atMs: f.atMs, command: { type: 'setTopicConfig', topic: topicName(f.topic), configs: { [f.name]: f.value } } });
        break;
      case 'addPartitions':
        partitions[f.topic]! += f.add;
        timeline.push({ atMs: f.atMs, command: { type: 'addPartitions', topic: topicName(f.topic), totalCount: Math.min(8, partitions[f.topic]!) } });
        break;
    }
  }
  return {
    name: 'property case',
    cluster: { brokers: c.brokers, networkLatencyMs: c.networkLatencyMs, configs: c.brokerConfigs },
    topics,
    producers,
    timeline,
  };
}

/** Commands that end every fault still active: restart, heal, remove latency. */
export function healCommands(sim: Sim): Command[] {
  const out: Command[] = [];
  for (const id of Object.keys(sim.brokers)
    .map(Number)
    .sort((a, b) => a - b)) {
    const b = sim.brokers[id]!;
    if (!b.alive) out.push({ type: 'restartBroker', brokerId: id });
    if (b.isolated) out.push({ type: 'healBroker', brokerId: id });
    if (b.extraLatencyMs > 0) out.push({ type: 'slowBroker', brokerId: id, extraLatencyMs: 0 });
  }
  return out;
}

/** The spec of consumer `i` of a case (ids c0…, groups g0/g1, topics t0/t1). */
export function consumerSpecOf(c: ConsumerCase, i: number): ConsumerSpec {
  const k = c.consumers[i]!;
  return {
    id: consumerId(i),
    groupId: `g${k.group}`,
    topics: k.topics.map(topicName),
    ...(k.instance ? { groupInstanceId: `instance-${i}` } : {}),
    processingRatePerSec: k.rate,
    configs: {
      'partition.assignment.strategy': c.groups[k.group]!,
      'enable.auto.commit': k.autoCommit,
      'auto.commit.interval.ms': k.commitIntervalMs,
      'max.poll.records': k.maxPollRecords,
      'session.timeout.ms': k.sessionMs,
      'heartbeat.interval.ms': k.heartbeatMs,
      'max.poll.interval.ms': k.maxPollIntervalMs,
      'auto.offset.reset': k.reset,
    },
  };
}

/** The scenario of a consumer case: the actions become the timeline. */
export function consumerScenarioOf(c: ConsumerCase): ScenarioSpec {
  const brokerConfigs: Record<string, ConfigValue> = {
    'offsets.topic.num.partitions': c.offsetsPartitions,
    'group.initial.rebalance.delay.ms': c.initialDelayMs,
    'log.retention.check.interval.ms': 1000,
    'log.initial.task.delay.ms': 1000,
  };
  const producers: ProducerSpec[] = c.producers.map((p, i) => ({
    id: `p${i}`,
    topic: topicName(p.topic),
    ratePerSec: p.ratePerSec,
    keys: p.keyed ? { kind: 'random', prefix: 'k', cardinality: 30 } : { kind: 'none' },
    configs: { acks: p.acks, 'enable.idempotence': p.acks === 'all' },
  }));
  const timeline: TimelineEntry[] = [];
  const push = (atMs: number, command: Command) => timeline.push({ atMs, command });
  for (const a of [...c.actions].sort((x, y) => x.atMs - y.atMs)) {
    const end = a.atMs + ('forMs' in a ? a.forMs : 0);
    switch (a.kind) {
      case 'crashConsumer':
        push(a.atMs, { type: 'crashConsumer', consumerId: consumerId(a.consumer) });
        if (end < c.durationMs) push(end, { type: 'restartConsumer', consumerId: consumerId(a.consumer) });
        break;
      case 'removeConsumer':
        push(a.atMs, { type: 'removeConsumer', consumerId: consumerId(a.consumer) });
        if (end < c.durationMs) push(end, { type: 'addConsumer', consumer: consumerSpecOf(c, a.consumer) });
        break;
      case 'addConsumer':
        push(a.atMs, { type: 'addConsumer', consumer: consumerSpecOf(c, a.consumer) });
        break;
      case 'crashBroker':
        push(a.atMs, { type: 'crashBroker', brokerId: a.broker });
        if (end < c.durationMs) push(end, { type: 'restartBroker', brokerId: a.broker });
        break;
      case 'slowBroker':
        push(a.atMs, { type: 'slowBroker', brokerId: a.broker, extraLatencyMs: a.extraLatencyMs });
        if (end < c.durationMs) push(end, { type: 'slowBroker', brokerId: a.broker, extraLatencyMs: 0 });
        break;
      case 'retention':
        push(a.atMs, { type: 'setTopicConfig', topic: topicName(a.topic), configs: { 'retention.ms': a.retentionMs, 'segment.ms': a.segmentMs } });
        break;
      case 'rate':
        push(a.atMs, { type: 'updateConsumer', consumerId: consumerId(a.consumer), processingRatePerSec: a.rate });
        break;
      case 'crashCoordinator':
        break; // depends on the state at run time: runConsumerCase applies it
    }
  }
  return {
    name: 'consumer property case',
    cluster: { brokers: 3, networkLatencyMs: c.networkLatencyMs, configs: brokerConfigs },
    topics: c.topics.map((t, i) => ({ name: topicName(i), partitions: t.partitions, replicationFactor: 3, configs: { 'min.insync.replicas': t.minIsr } })),
    producers,
    consumers: c.consumers.flatMap((_, i) => (c.consumers[i]!.late ? [] : [consumerSpecOf(c, i)])),
    timeline,
  };
}
