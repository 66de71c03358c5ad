/**
 * The consumer client (`KafkaConsumer`): creating one, the application's poll loop, and what a user
 * can do to a consumer (close, crash, restart, change). Its parts: consumer-coordinator.ts (group
 * membership, rebalancing, heartbeats, commits), consumer-fetcher.ts (positions and fetching),
 * consumer-configs.ts. Commits are made from poll (auto-commit every `auto.commit.interval.ms`), or
 * after each processed batch when auto-commit is off.
 */
import type { ConsumerSpec } from '../commands';
import type { Consumer } from '../consumer-state';
import type { ConfigValue } from '../config';
import { CONFIG_DEFS } from '../config';
import { clientCanReach, emit, scheduleAt } from '../core';
import { isKafkaException, KafkaException } from '../errors';
import type { Sim } from '../state';
import { consumerConfig, consumerNumber, COORDINATOR_RETRY_MS, RETRY_BACKOFF_MS, validateConfigs } from './consumer-configs';
import { commit, hasUncommitted, maybeAutoCommit, sendToCoordinator, startJoin } from './consumer-coordinator';
import { handOutRecords, resolvePositions, schedulePoll, sendFetches, unfetchable, wake } from './consumer-fetcher';
import { ensureGroup } from './group-coordinator';
import { ensureOffsetsTopic } from './topics';

/** Creates a consumer and starts its poll loop and heartbeat thread. NOTE mutates sim. */
export function createConsumer(sim: Sim, spec: ConsumerSpec): Consumer {
  if (typeof spec.groupId !== 'string' || spec.groupId.trim() === '')
    throw new KafkaException(
      'InvalidGroupIdException',
      'To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.',
    );
  if (spec.topics.length === 0) throw new KafkaException('InvalidRequestException', 'A consumer must subscribe to at least one topic.');
  for (const t of spec.topics)
    if (!sim.topics[t]) throw new KafkaException('UnknownTopicOrPartitionException', `Topic ${t} not present in metadata: create the topic first.`);
  const rate = spec.processingRatePerSec ?? 0;
  if (!(rate >= 0) || rate > 1_000_000)
    throw new KafkaException('InvalidConfigurationException', `A consumer's processing rate must be between 0 and 1000000 records per second (got ${rate}).`);
  const configs = validateConfigs(spec.configs);
  try {
    ensureOffsetsTopic(sim);
  } catch (e) {
    // Too few brokers for __consumer_offsets right now: a real consumer keeps retrying FindCoordinator
    // (see findCoordinator). Only a cluster that can never host it rejects the consumer outright.
    const rf = CONFIG_DEFS['offsets.topic.replication.factor']!;
    const needed = (sim.brokerConfigs[rf.name] as number | undefined) ?? (rf.default as number);
    if (!isKafkaException(e) || e.kafkaName !== 'CoordinatorNotAvailableException' || Object.keys(sim.brokers).length < needed) throw e;
  }
  ensureGroup(sim, spec.groupId);
  const c: Consumer = {
    id: spec.id,
    groupId: spec.groupId,
    groupInstanceId: spec.groupInstanceId ?? null,
    topics: [...spec.topics],
    configs,
    processingRatePerSec: rate,
    alive: true,
    removed: false,
    // A consumer re-added under a removed one's id is a new process: tasks and answers meant for the old one must not reach it.
    incarnation: (sim.consumers[spec.id]?.incarnation ?? -1) + 1,
    status: 'unjoined',
    memberId: null,
    generation: -1,
    needsRejoin: false,
    assignment: [],
    pausedPartitions: [],
    paused: spec.paused ?? false,
    positions: {},
    consumed: {},
    committedByMe: {},
    buffers: [],
    fetchesInFlight: {},
    fetchRequestSeq: 0,
    fetchBackoffUntilMs: {},
    lastPollMs: sim.nowMs,
    lastCommitMs: sim.nowMs,
    commitRetryAtMs: -1,
    coordinatorLink: { requestAtMs: 0, responseAtMs: 0 },
    waitingForData: false,
    pollAtMs: -1,
    heartbeatScheduled: false,
    stats: { processed: 0, duplicates: 0, polls: 0, commits: 0 },
  };
  sim.consumers[spec.id] = c;
  schedulePoll(sim, c, sim.nowMs);
  return c;
}

/** One turn of the application's poll loop (`KafkaConsumer.poll`): join if needed, commit, fetch, hand out records, then wait. */
export function onConsumerPoll(sim: Sim, consumerId: string, incarnation: number): void {
  const c = sim.consumers[consumerId];
  if (!c || !c.alive || c.removed || c.incarnation !== incarnation || c.pollAtMs !== sim.nowMs) return;
  c.pollAtMs = -1;
  c.lastPollMs = sim.nowMs;
  c.stats.polls++;
  if (c.status === 'unjoined' || (c.needsRejoin && c.status === 'stable')) {
    if (!startJoin(sim, c)) {
      schedulePoll(sim, c, sim.nowMs + COORDINATOR_RETRY_MS);
      return;
    }
  }
  // While a rebalance is under way poll() keeps fetching the partitions the member still owns
  // (KafkaConsumer.poll → updateAssignmentMetadataIfNeeded(timer, waitForJoinGroup=false)): a
  // cooperative member keeps consuming; an eager one revoked everything and just waits.
  if (c.status !== 'stable' && c.assignment.length === 0) return; // the join/sync answers wake the loop
  maybeAutoCommit(sim, c);
  if (c.commitRetryAtMs >= 0 && sim.nowMs >= c.commitRetryAtMs) {
    c.commitRetryAtMs = -1;
    commit(sim, c);
  }
  resolvePositions(sim, c);
  sendFetches(sim, c);
  const n = handOutRecords(sim, c);
  if (n > 0) {
    if (consumerConfig(c, 'enable.auto.commit') !== true) commit(sim, c); // the application commits after processing each batch
    const processingMs = c.processingRatePerSec > 0 ? (n * 1000) / c.processingRatePerSec : 0;
    schedulePoll(sim, c, sim.nowMs + Math.max(1, Math.ceil(processingMs)));
    return;
  }
  // poll() blocks until a fetch answers; it also wakes for a due auto-commit of consumed records, and
  // retries partitions whose leader it cannot reach yet (a refreshed metadata view, Fetcher/ConsumerMetadata).
  c.waitingForData = true;
  const blocked = unfetchable(sim, c);
  let at = Number.POSITIVE_INFINITY;
  if (consumerConfig(c, 'enable.auto.commit') === true && hasUncommitted(c)) at = c.lastCommitMs + consumerNumber(c, 'auto.commit.interval.ms');
  if (blocked.length > 0) {
    // A leader it can reach (only backing off after an error): retry.backoff.ms; no reachable leader
    // yet: the next metadata refresh, backing off up to retry.backoff.max.ms (1 s).
    const reachable = blocked.some((k) => {
      const leader = sim.partitions[k]?.leader ?? -1;
      return leader >= 0 && clientCanReach(sim, leader);
    });
    at = Math.min(at, sim.nowMs + (reachable ? RETRY_BACKOFF_MS : COORDINATOR_RETRY_MS));
  }
  if (c.commitRetryAtMs >= 0) at = Math.min(at, c.commitRetryAtMs);
  if (at !== Number.POSITIVE_INFINITY) {
    c.pollAtMs = Math.max(sim.nowMs + 1, Math.ceil(at));
    scheduleAt(sim, c.pollAtMs, { kind: 'consumerPoll', consumerId: c.id, incarnation: c.incarnation });
  }
}

/** The consumer a command names; Kafka's exception when there is none. */
export function requireConsumer(sim: Sim, id: string): Consumer {
  const c = sim.consumers[id];
  if (!c || c.removed) throw new KafkaException('InvalidRequestException', `There is no consumer '${id}'.`);
  return c;
}

/** `close()`: commit what was consumed and leave the group (a static member does not leave). */
export function closeConsumer(sim: Sim, c: Consumer): void {
  if (c.alive && c.memberId) {
    if (consumerConfig(c, 'enable.auto.commit') === true) commit(sim, c);
    if (!c.groupInstanceId) sendToCoordinator(sim, c, { kind: 'leave', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId });
  }
  c.removed = true;
  c.alive = false;
  emit(sim, { type: 'consumerRemoved', consumerId: c.id, groupId: c.groupId });
}

/** The consumer process dies: no commit, no LeaveGroup; the coordinator notices after session.timeout.ms. */
export function crashConsumer(sim: Sim, c: Consumer): void {
  if (!c.alive) throw new KafkaException('InvalidRequestException', `Consumer ${c.id} is not running.`);
  c.alive = false;
  c.buffers = [];
  c.fetchesInFlight = {};
  emit(sim, { type: 'consumerCrashed', consumerId: c.id, groupId: c.groupId });
}

/** A new process with the same settings: a new member id, unless static (group.instance.id). */
export function restartConsumer(sim: Sim, c: Consumer): void {
  if (c.alive) throw new KafkaException('InvalidRequestException', `Consumer ${c.id} is already running.`);
  c.alive = true;
  c.incarnation++;
  c.status = 'unjoined';
  c.memberId = null;
  c.generation = -1;
  c.needsRejoin = false;
  c.assignment = [];
  c.positions = {};
  c.consumed = {};
  c.committedByMe = {};
  c.buffers = [];
  c.fetchesInFlight = {};
  c.fetchBackoffUntilMs = {};
  c.pollAtMs = -1;
  c.heartbeatScheduled = false;
  c.lastPollMs = sim.nowMs;
  c.lastCommitMs = sim.nowMs;
  c.commitRetryAtMs = -1;
  emit(sim, { type: 'consumerRestarted', consumerId: c.id, groupId: c.groupId });
  schedulePoll(sim, c, sim.nowMs);
}

/** Changes a running consumer's configs, processing rate or pause; returns what changed, worded for the event log. */
export function updateConsumer(
  sim: Sim,
  c: Consumer,
  change: { processingRatePerSec?: number; paused?: boolean; configs?: Record<string, ConfigValue | null> },
): string[] {
  const changes: string[] = [];
  if (change.configs) {
    const raw: Record<string, ConfigValue> = { ...c.configs };
    for (const [k, v] of Object.entries(change.configs))
      if (v === null) delete raw[k];
      else raw[k] = v;
    const merged = validateConfigs(raw);
    const strategyChanged = merged['partition.assignment.strategy'] !== c.configs['partition.assignment.strategy'];
    c.configs = merged;
    changes.push(...Object.keys(change.configs).map((k) => (change.configs![k] === null ? `${k} back to Kafka's default` : `${k}=${String(merged[k])}`)));
    if (strategyChanged && c.status === 'stable') c.needsRejoin = true; // the new protocols need a rebalance
  }
  if (change.processingRatePerSec !== undefined) {
    if (!(change.processingRatePerSec >= 0) || change.processingRatePerSec > 1_000_000)
      throw new KafkaException(
        'InvalidConfigurationException',
        `A consumer's processing rate must be between 0 and 1000000 records per second (got ${change.processingRatePerSec}).`,
      );
    c.processingRatePerSec = change.processingRatePerSec;
    changes.push(`processing ${change.processingRatePerSec === 0 ? 'instantly' : `${change.processingRatePerSec} records/s`}`);
  }
  if (change.paused !== undefined && change.paused !== c.paused) {
    c.paused = change.paused; // KafkaConsumer.pause(assignment()): keeps polling and heartbeating, fetches nothing
    changes.push(c.paused ? 'paused' : 'resumed');
  }
  if (c.alive) wake(sim, c);
  return changes;
}
