/**
 * Plumbing every rule module shares: emitting events, scheduling tasks, reading effective configs,
 * and the network (who can reach whom, and how long a message takes).
 */
import { pushTask } from './clock';
import type { ConfigValue } from './config';
import { CONFIG_DEFS } from './config';
import type { SimEvent } from './events';
import type { Partition, Sim, Task, Topic } from './state';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as rules write it; `emit` stamps the time. */
export type EventBody = DistributiveOmit<SimEvent, 'timeMs'>;

/** Records an event at the current simulated time. NOTE mutates sim. */
export function emit(sim: Sim, event: EventBody): void {
  // Stamps the caller's fresh object literal instead of copying it: this runs for every record batch.
  const e = event as SimEvent;
  e.timeMs = sim.nowMs;
  sim.events.push(e);
  sim.eventCount++;
}

/** Schedules a task `delayMs` from now (integer ms, never in the past). NOTE mutates sim. */
export function schedule(sim: Sim, delayMs: number, task: Task): void {
  pushTask(sim.queue, sim.nowMs + Math.max(0, Math.ceil(delayMs)), task, sim.nowMs);
}

/** Schedules a task at an absolute simulated time (clamped to now). NOTE mutates sim. */
export function scheduleAt(sim: Sim, atMs: number, task: Task): void {
  pushTask(sim.queue, Math.max(sim.nowMs, Math.ceil(atMs)), task, sim.nowMs);
}

/** A cluster-wide broker config (dynamic override or Kafka's default). */
export function brokerConfig(sim: Sim, name: string): ConfigValue {
  return sim.brokerConfigs[name] ?? CONFIG_DEFS[name]!.default;
}
export function brokerNumber(sim: Sim, name: string): number {
  return brokerConfig(sim, name) as number;
}

/**
 * A topic config: the topic override, else the broker default, else Kafka's default
 * (`min.insync.replicas` and `unclean.leader.election.enable` also exist as broker defaults).
 */
export function topicConfig(sim: Sim, topic: Topic, name: string): ConfigValue {
  return topic.configs[name] ?? CONFIG_DEFS[name]!.default;
}
export function topicNumber(sim: Sim, topic: Topic, name: string): number {
  return topicConfig(sim, topic, name) as number;
}

export function topicOf(sim: Sim, p: Partition): Topic {
  return sim.topics[p.topic]!;
}

/** `min(min.insync.replicas, replication factor)` — Partition.effectiveMinIsr (KAFKA-15583). */
export function effectiveMinIsr(sim: Sim, p: Partition): number {
  return Math.min(topicOf(sim, p).settings.minInsyncReplicas, p.replicas.length);
}

/** Resolves a topic's settings from its configs. Call after every config change. NOTE mutates topic. */
export function refreshTopicSettings(sim: Sim, topic: Topic): void {
  const policy = String(topicConfig(sim, topic, 'cleanup.policy'));
  topic.settings = {
    minInsyncReplicas: topicNumber(sim, topic, 'min.insync.replicas'),
    segmentBytes: topicNumber(sim, topic, 'segment.bytes'),
    segmentMs: topicNumber(sim, topic, 'segment.ms'),
    segmentJitterMs: topicNumber(sim, topic, 'segment.jitter.ms'),
    maxMessageBytes: topicNumber(sim, topic, 'max.message.bytes'),
    compact: policy.includes('compact'),
    deletePolicy: policy.includes('delete'),
    logAppendTime: topicConfig(sim, topic, 'message.timestamp.type') === 'LogAppendTime',
  };
}

// ---------------------------------------------------------------------------------------------
// The network

/** Whether two brokers can exchange messages: both running, neither cut off. */
export function brokersConnected(sim: Sim, a: number, b: number): boolean {
  const x = sim.brokers[a];
  const y = sim.brokers[b];
  if (!x || !y || !x.alive || !y.alive) return false;
  if (a === b) return true;
  return !x.isolated && !y.isolated;
}

/** Clients (producers, consumers) reach any running broker; isolation cuts broker-to-broker links only. */
export function clientCanReach(sim: Sim, brokerId: number): boolean {
  return sim.brokers[brokerId]?.alive === true;
}

/** One-way latency of a message touching these brokers. */
export function latencyMs(sim: Sim, ...brokerIds: number[]): number {
  let ms = sim.networkLatencyMs;
  for (const id of brokerIds) ms += sim.brokers[id]?.extraLatencyMs ?? 0;
  return ms;
}

/** Sorted ids of all brokers. */
export function brokerIds(sim: Sim): number[] {
  return Object.keys(sim.brokers)
    .map(Number)
    .sort((a, b) => a - b);
}
