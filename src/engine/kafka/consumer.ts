/**
 * The consumer client (`KafkaConsumer`): the application's poll loop, the heartbeat thread, group
 * membership through the coordinator (`ConsumerCoordinator`: eager or cooperative rebalancing),
 * fetching from partition leaders up to the high watermark (`Fetcher`), positions and
 * `auto.offset.reset`, and commits (auto-commit every `auto.commit.interval.ms` from poll, or after
 * each processed batch when auto-commit is off).
 */
import type { ConsumerSpec } from '../commands';
import type { Consumer, ConsumerGroup } from '../consumer-state';
import type { ConfigValue } from '../config';
import { CONFIG_DEFS, parseConfigs } from '../config';
import { clientCanReach, emit, latencyMs, schedule, scheduleAt } from '../core';
import { isKafkaException, KafkaException } from '../errors';
import type { Partition, Sim } from '../state';
import type { AssignorMember, AssignorName, TopicPartition } from './assignors';
import { assignPartitions } from './assignors';
import type { ConsumerFetchPartition, ConsumerFetchRequest, GroupRequest, GroupResponse } from './messages';
import { recordIndexAt, recordOffset, recordTimestampMs } from './record-batch';
import { coordinatorOf, ensureGroup, OFFSETS_TOPIC, offsetsPartitionFor } from './group-coordinator';
import { readBatches } from './log';
import { ensureOffsetsTopic } from './topics';
const ASSIGNORS: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];
/** Wait before asking for the coordinator again when none is available (FindCoordinator backoff). */
const COORDINATOR_RETRY_MS = 1_000;
/** `retry.backoff.ms` of the consumer. */
const RETRY_BACKOFF_MS = 100;

function cfg(c: Consumer, name: string): ConfigValue {
  return c.configs[name] ?? CONFIG_DEFS[name]!.default;
}
function num(c: Consumer, name: string): number {
  return cfg(c, name) as number;
}

/** `partition.assignment.strategy` as assignor names. */
export function strategies(c: Consumer): AssignorName[] {
  return String(cfg(c, 'partition.assignment.strategy')).split(',').map((s) => s.trim()) as AssignorName[];
}

/** A consumer rebalances cooperatively only if every assignor it lists supports it (`ConsumerCoordinator`). */
export function isCooperative(c: Consumer): boolean {
  return strategies(c).every((s) => s === 'cooperative-sticky');
}

const tpKey = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;

function validateConfigs(raw: Record<string, ConfigValue> | undefined): Record<string, ConfigValue> {
  const configs = parseConfigs(raw, 'consumer');
  const strategy = configs['partition.assignment.strategy'];
  if (strategy !== undefined) {
    const names = String(strategy).split(',').map((s) => s.trim());
    const bad = names.find((n) => !ASSIGNORS.includes(n as AssignorName));
    if (names.length === 0 || bad !== undefined) {
      throw new KafkaException('InvalidConfigurationException', `Invalid value ${String(strategy)} for configuration partition.assignment.strategy: unknown assignor '${bad ?? ''}'. Use range, roundrobin, sticky or cooperative-sticky.`);
    }
    configs['partition.assignment.strategy'] = names.join(',');
  }
  const hb = configs['heartbeat.interval.ms'] ?? CONFIG_DEFS['heartbeat.interval.ms']!.default;
  const session = configs['session.timeout.ms'] ?? CONFIG_DEFS['session.timeout.ms']!.default;
  if ((hb as number) >= (session as number)) throw new KafkaException('InvalidConfigurationException', 'heartbeat.interval.ms must be set lower than session.timeout.ms.');
  return configs;
}

/** Creates a consumer and starts its poll loop and heartbeat thread. NOTE mutates sim. */
export function createConsumer(sim: Sim, spec: ConsumerSpec): Consumer {
  if (typeof spec.groupId !== 'string' || spec.groupId.trim() === '') throw new KafkaException('InvalidGroupIdException', 'To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.');
  if (spec.topics.length === 0) throw new KafkaException('InvalidRequestException', 'A consumer must subscribe to at least one topic.');
  for (const t of spec.topics) if (!sim.topics[t]) throw new KafkaException('UnknownTopicOrPartitionException', `Topic ${t} not present in metadata: create the topic first.`);
  const rate = spec.processingRatePerSec ?? 0;
  if (!(rate >= 0) || rate > 1_000_000) throw new KafkaException('InvalidConfigurationException', `A consumer's processing rate must be between 0 and 1000000 records per second (got ${rate}).`);
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

/** Asks for a poll at `atMs` unless one is already due no later. */
export function schedulePoll(sim: Sim, c: Consumer, atMs: number): void {
  const at = Math.max(sim.nowMs, Math.ceil(atMs));
  c.waitingForData = false;
  if (c.pollAtMs >= 0 && c.pollAtMs <= at) return;
  c.pollAtMs = at;
  scheduleAt(sim, at, { kind: 'consumerPoll', consumerId: c.id, incarnation: c.incarnation });
}

function scheduleHeartbeat(sim: Sim, c: Consumer): void {
  if (c.heartbeatScheduled) return;
  c.heartbeatScheduled = true;
  schedule(sim, num(c, 'heartbeat.interval.ms'), { kind: 'consumerHeartbeat', consumerId: c.id, incarnation: c.incarnation });
}

/**
 * FindCoordinator: the group's coordinator if a client can reach it, else -1 (COORDINATOR_NOT_AVAILABLE).
 * The broker creates `__consumer_offsets` on the first lookup that needs it, once enough brokers run
 * (`KafkaApis.handleFindCoordinatorRequest` → `getOrCreateInternalTopic`).
 */
function findCoordinator(sim: Sim, c: Consumer): number {
  if (!sim.topics[OFFSETS_TOPIC]) {
    try {
      if (ensureOffsetsTopic(sim)) {
        const n = sim.topics[OFFSETS_TOPIC]!.partitions.length;
        for (const id of Object.keys(sim.groups)) sim.groups[id]!.offsetsPartition = offsetsPartitionFor(id, n);
      }
    } catch (e) {
      if (!isKafkaException(e)) throw e; // not enough brokers yet: try again later
    }
  }
  const coordinator = coordinatorOf(sim, sim.groups[c.groupId]!);
  return coordinator >= 0 && clientCanReach(sim, coordinator) ? coordinator : -1;
}

function sendToCoordinator(sim: Sim, c: Consumer, request: GroupRequest): boolean {
  const coordinator = findCoordinator(sim, c);
  if (coordinator < 0) return false; // FindCoordinator fails: COORDINATOR_NOT_AVAILABLE
  // One connection: requests arrive in the order they were sent (a commit never overtakes an older one).
  const at = Math.max(sim.nowMs + latencyMs(sim, coordinator), c.coordinatorLink.requestAtMs);
  c.coordinatorLink.requestAtMs = at;
  scheduleAt(sim, at, { kind: 'groupRequest', groupId: c.groupId, brokerId: coordinator, request });
  return true;
}

// ---------------------------------------------------------------------------------------------
// The poll loop

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
    if (cfg(c, 'enable.auto.commit') !== true) commit(sim, c); // the application commits after processing each batch
    const processingMs = c.processingRatePerSec > 0 ? (n * 1000) / c.processingRatePerSec : 0;
    schedulePoll(sim, c, sim.nowMs + Math.max(1, Math.ceil(processingMs)));
    return;
  }
  // poll() blocks until a fetch answers; it also wakes for a due auto-commit of consumed records, and
  // retries partitions whose leader it cannot reach yet (a refreshed metadata view, Fetcher/ConsumerMetadata).
  c.waitingForData = true;
  const blocked = unfetchable(sim, c);
  let at = Number.POSITIVE_INFINITY;
  if (cfg(c, 'enable.auto.commit') === true && hasUncommitted(c)) at = c.lastCommitMs + num(c, 'auto.commit.interval.ms');
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

/**
 * Assigned partitions that nothing is fetching: no records buffered and no fetch in flight to the
 * partition's current leader (none reachable, no position yet, or the leader moved since the fetch
 * was sent). Paused partitions do not count.
 */
function unfetchable(sim: Sim, c: Consumer): string[] {
  if (c.paused) return [];
  const out: string[] = [];
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.pausedPartitions.includes(k)) continue;
    if (c.buffers.some((b) => b.topic === tp.topic && b.partition === tp.partition)) continue;
    const leader = sim.partitions[k]?.leader ?? -1;
    if (c.positions[k] !== undefined && leader >= 0 && c.fetchesInFlight[leader]?.keys.includes(k)) continue;
    out.push(k);
  }
  return out;
}

function wake(sim: Sim, c: Consumer): void {
  if (c.alive && !c.removed && (c.waitingForData || c.pollAtMs < 0)) schedulePoll(sim, c, sim.nowMs);
}

/** `ConsumerCoordinator.onJoinPrepare` and the JoinGroup request. */
function startJoin(sim: Sim, c: Consumer): boolean {
  if (findCoordinator(sim, c) < 0) return false;
  if (c.memberId && cfg(c, 'enable.auto.commit') === true) commit(sim, c); // commit before rebalancing
  if (c.memberId === null && c.assignment.length > 0) {
    // ConsumerCoordinator.onJoinPrepare: with the member id / generation reset (it left the group or was
    // removed), every owned partition is lost, under either protocol; there is nothing left to commit.
    emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions: c.assignment.map(tpKey), protocol: isCooperative(c) ? 'cooperative' : 'eager' });
    dropPartitions(c, c.assignment.map(tpKey));
    c.assignment = [];
  }
  if (!isCooperative(c) && c.assignment.length > 0) {
    emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions: c.assignment.map(tpKey), protocol: 'eager' });
    dropPartitions(c, c.assignment.map(tpKey));
    c.assignment = [];
  }
  c.status = 'joining';
  c.needsRejoin = false;
  return sendToCoordinator(sim, c, {
    kind: 'join',
    consumerId: c.id,
    incarnation: c.incarnation,
    memberId: c.memberId,
    groupInstanceId: c.groupInstanceId,
    protocols: strategies(c),
    topics: [...c.topics],
    owned: isCooperative(c) ? c.assignment.map((tp) => ({ ...tp })) : [],
    sessionTimeoutMs: num(c, 'session.timeout.ms'),
    rebalanceTimeoutMs: num(c, 'max.poll.interval.ms'),
  });
}

function dropPartitions(c: Consumer, keys: string[]): void {
  for (const k of keys) {
    delete c.positions[k];
    delete c.consumed[k];
  }
  c.buffers = c.buffers.filter((b) => !keys.includes(`${b.topic}-${b.partition}`));
}

function hasUncommitted(c: Consumer): boolean {
  return Object.keys(c.consumed).some((k) => c.consumed[k] !== c.committedByMe[k]);
}

function maybeAutoCommit(sim: Sim, c: Consumer): void {
  if (cfg(c, 'enable.auto.commit') !== true) return;
  if (sim.nowMs - c.lastCommitMs < num(c, 'auto.commit.interval.ms')) return;
  commit(sim, c);
}

/** Commits the consumed positions of the assigned partitions (`commitAsync` / `commitSync`). */
export function commit(sim: Sim, c: Consumer): void {
  c.lastCommitMs = sim.nowMs;
  const offsets: Record<string, number> = {};
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    const v = c.consumed[k];
    if (v !== undefined && v !== c.committedByMe[k]) offsets[k] = v;
  }
  if (Object.keys(offsets).length === 0) return;
  c.stats.commits++;
  if (!sendToCoordinator(sim, c, { kind: 'commit', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId, generation: c.generation, offsets })) {
    noteRetriableCommitFailure(sim, c); // COORDINATOR_NOT_AVAILABLE before it was even sent
  }
}

/**
 * A commit failed for a retriable reason (no coordinator reachable, NOT_COORDINATOR): an auto-commit
 * is simply repeated at the next interval; the application's own commitSync() retries after
 * retry.backoff.ms (ConsumerCoordinator.commitOffsetsSync).
 */
function noteRetriableCommitFailure(sim: Sim, c: Consumer): void {
  if (cfg(c, 'enable.auto.commit') === true || c.commitRetryAtMs >= 0) return;
  c.commitRetryAtMs = sim.nowMs + RETRY_BACKOFF_MS;
  if (c.waitingForData) {
    schedulePoll(sim, c, c.commitRetryAtMs); // a poll still processing records retries when it returns
    c.waitingForData = true;
  }
}

/** Starting positions for newly assigned partitions: the committed offset, else `auto.offset.reset`. */
function resolvePositions(sim: Sim, c: Consumer): void {
  const g = sim.groups[c.groupId]!;
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.positions[k] !== undefined) continue;
    const p = sim.partitions[k];
    if (!p || p.leader < 0) continue;
    const committed = g.committed[k];
    if (committed) {
      c.positions[k] = committed.offset;
      c.committedByMe[k] = committed.offset;
      continue;
    }
    resetPosition(sim, c, g, p, null, 'no committed offset');
  }
}

/** `SubscriptionState.resetInitializingPositions` / `Fetcher` out-of-range handling. */
function resetPosition(sim: Sim, c: Consumer, g: ConsumerGroup, p: Partition, from: number | null, reason: 'no committed offset' | 'out of range'): void {
  const k = p.key;
  const policy = String(cfg(c, 'auto.offset.reset'));
  const leader = p.logs[p.leader]!;
  if (policy === 'none') {
    const error =
      reason === 'no committed offset'
        ? { name: 'NoOffsetForPartitionException' as const, message: `Undefined offset with no reset policy for partitions: [${k}]` }
        : { name: 'OffsetOutOfRangeException' as const, message: `Fetch position FetchPosition{offset=${from}} is out of range for partition ${k}; auto.offset.reset=none, so the consumer stops reading it.` };
    emit(sim, { type: 'consumerError', consumerId: c.id, groupId: c.groupId, error });
    if (!c.pausedPartitions.includes(k)) c.pausedPartitions.push(k);
    return;
  }
  const to = policy === 'earliest' ? leader.log.logStartOffset : leader.highWatermark;
  const skippedByRetention = from !== null && from < leader.log.logStartOffset ? leader.log.logStartOffset - from : 0;
  const skippedByReset = from !== null && to > Math.max(from, leader.log.logStartOffset) ? to - Math.max(from, leader.log.logStartOffset) : 0;
  g.stats.skippedByRetention += skippedByRetention;
  g.stats.skippedByReset += skippedByReset;
  c.positions[k] = to;
  c.consumed[k] = to;
  emit(sim, { type: 'offsetReset', topic: p.topic, partition: p.index, groupId: c.groupId, consumerId: c.id, from, to, policy, reason, skippedByRetention });
}

// ---------------------------------------------------------------------------------------------
// Fetching (consumers read only below the high watermark: read_uncommitted, FetchIsolation.HIGH_WATERMARK)

function sendFetches(sim: Sim, c: Consumer): void {
  if (c.paused) return;
  const wanted = new Map<number, string[]>();
  const buffered = new Set<string>();
  for (const b of c.buffers) buffered.add(`${b.topic}-${b.partition}`);
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.positions[k] === undefined || c.pausedPartitions.includes(k)) continue;
    if (buffered.has(k)) continue;
    if ((c.fetchBackoffUntilMs[k] ?? 0) > sim.nowMs) continue;
    const p = sim.partitions[k];
    if (!p || p.leader < 0) continue;
    if (!wanted.has(p.leader)) wanted.set(p.leader, []);
    wanted.get(p.leader)!.push(k);
  }
  for (const leader of [...wanted.keys()].sort((a, b) => a - b)) {
    const keys = wanted.get(leader)!;
    const inFlight = c.fetchesInFlight[leader];
    if (inFlight && sameFetch(inFlight, keys, c.positions)) continue;
    if (!clientCanReach(sim, leader)) continue;
    const requestId = ++c.fetchRequestSeq;
    c.fetchesInFlight[leader] = { requestId, keys, offsets: keys.map((k) => c.positions[k]!) };
    schedule(sim, latencyMs(sim, leader), {
      kind: 'consumerFetchArrive',
      request: { consumerId: c.id, incarnation: c.incarnation, requestId, brokerId: leader, partitions: keys.map((key) => ({ key, fetchOffset: c.positions[key]! })) },
    });
  }
}

/** The fetch in flight asks for the same partitions at the same offsets (a position that moved — reset, rebalance — needs a new fetch). */
function sameFetch(f: { keys: string[]; offsets: number[] }, keys: string[], positions: Record<string, number>): boolean {
  if (f.keys.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (f.keys[i] !== keys[i] || f.offsets[i] !== positions[keys[i]!]) return false;
  return true;
}

/**
 * A fetch reached a broker that has died: the connection fails, the fetch is dropped and the consumer
 * tries again with fresh metadata.
 */
export function onConsumerFetchDisconnected(sim: Sim, request: ConsumerFetchRequest): void {
  const c = sim.consumers[request.consumerId];
  if (c && c.incarnation === request.incarnation && c.fetchesInFlight[request.brokerId]?.requestId === request.requestId) {
    delete c.fetchesInFlight[request.brokerId];
    wake(sim, c);
  }
}

export function onConsumerFetchResponse(sim: Sim, request: ConsumerFetchRequest, partitions: ConsumerFetchPartition[]): void {
  const c = sim.consumers[request.consumerId];
  if (!c || !c.alive || c.incarnation !== request.incarnation) return;
  if (c.fetchesInFlight[request.brokerId]?.requestId !== request.requestId) return; // superseded
  delete c.fetchesInFlight[request.brokerId];
  const g = sim.groups[c.groupId]!;
  for (const part of partitions) {
    const p = sim.partitions[part.key]!;
    if (!c.assignment.some((tp) => tp.topic === p.topic && tp.partition === p.index)) continue;
    if (c.positions[part.key] !== part.fetchOffset) continue; // position moved (reset, seek) meanwhile
    if (c.buffers.some((b) => b.topic === p.topic && b.partition === p.index)) continue; // records from another fetch still wait (Fetcher: one completed fetch per partition)
    if (part.error === 'OFFSET_OUT_OF_RANGE') {
      resetPosition(sim, c, g, p, part.fetchOffset, 'out of range');
      continue;
    }
    if (part.error === 'NOT_LEADER_OR_FOLLOWER') {
      // FetchCollector: refresh metadata and back off (retry.backoff.ms) before fetching the partition again.
      c.fetchBackoffUntilMs[part.key] = sim.nowMs + RETRY_BACKOFF_MS;
      continue;
    }
    if (part.error !== 'NONE' || part.batches.length === 0) continue;
    c.buffers.push({ topic: p.topic, partition: p.index, batches: part.batches, nextOffset: part.fetchOffset, endOffset: Math.min(part.highWatermark, part.batches[part.batches.length - 1]!.endOffset) });
  }
  wake(sim, c);
}

/**
 * poll() returns up to max.poll.records from the fetched buffers; the application processes them.
 * A record at or below the highest offset the group already processed is a duplicate: processed
 * again because its offset had not been committed before the partition moved.
 */
function handOutRecords(sim: Sim, c: Consumer): number {
  const g = sim.groups[c.groupId]!;
  let budget = num(c, 'max.poll.records');
  let total = 0;
  while (budget > 0 && c.buffers.length > 0) {
    const buf = c.buffers[0]!;
    const key = `${buf.topic}-${buf.partition}`;
    if (c.pausedPartitions.includes(key) || c.paused) break;
    let first = -1;
    let last = -1;
    let count = 0;
    let duplicates = 0;
    const maxDone = g.maxProcessed[key] ?? -1;
    outer: for (const b of buf.batches) {
      if (b.endOffset <= buf.nextOffset) continue;
      let i = recordIndexAt(b, buf.nextOffset);
      if (i < 0) i = 0;
      for (; i < b.count; i++) {
        const off = recordOffset(b, i);
        if (off < buf.nextOffset) continue;
        if (off >= buf.endOffset || budget === 0) break outer;
        if (first < 0) first = off;
        last = off;
        count++;
        budget--;
        if (off <= maxDone) duplicates++;
      }
    }
    const exhausted = budget > 0;
    if (count > 0) {
      buf.nextOffset = last + 1;
      c.positions[key] = last + 1;
      c.consumed[key] = last + 1;
      if (last > maxDone) g.maxProcessed[key] = last;
      c.stats.processed += count;
      c.stats.duplicates += duplicates;
      g.stats.processed += count;
      g.stats.duplicates += duplicates;
      total += count;
      emit(sim, { type: 'recordsConsumed', topic: buf.topic, partition: buf.partition, groupId: c.groupId, consumerId: c.id, baseOffset: first, endOffset: last + 1, records: count, duplicates });
    }
    if (exhausted || buf.nextOffset >= buf.endOffset) {
      // Everything below the fetch's high watermark was handed out (compaction gaps included).
      c.positions[key] = Math.max(c.positions[key] ?? buf.endOffset, buf.endOffset);
      c.consumed[key] = c.positions[key]!;
      c.buffers.shift();
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Heartbeats and coordinator answers

export function onConsumerHeartbeat(sim: Sim, consumerId: string, incarnation: number): void {
  const c = sim.consumers[consumerId];
  if (!c || !c.alive || c.removed || c.incarnation !== incarnation) return;
  c.heartbeatScheduled = false;
  if (!c.memberId) return;
  const pollTimeout = num(c, 'max.poll.interval.ms');
  if (c.status === 'stable' && !c.waitingForData && sim.nowMs - c.lastPollMs > pollTimeout) {
    // The heartbeat thread notices the application stopped polling (AbstractCoordinator.HeartbeatThread).
    emit(sim, {
      type: 'consumerError',
      consumerId: c.id,
      groupId: c.groupId,
      error: { name: 'CommitFailedException', message: `consumer poll timeout has expired: the time between subsequent calls to poll() was longer than max.poll.interval.ms (${pollTimeout} ms). The consumer ${c.groupInstanceId ? 'stops heartbeating' : 'leaves the group'}; its partitions go to other members.` },
    });
    // AbstractCoordinator.maybeLeaveGroup: only a dynamic member sends LeaveGroup; either way the
    // generation and member id are reset and the heartbeat thread stops (a static member's partitions
    // move once its session expires).
    if (!c.groupInstanceId) sendToCoordinator(sim, c, { kind: 'leave', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId });
    c.memberId = null;
    c.generation = -1;
    c.status = 'unjoined';
    return;
  }
  if (c.status === 'stable' && c.waitingForData && unfetchable(sim, c).length > 0) wake(sim, c); // a leader moved under a parked fetch
  sendToCoordinator(sim, c, { kind: 'heartbeat', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId!, generation: c.generation });
  scheduleHeartbeat(sim, c);
}

export function onGroupResponse(sim: Sim, consumerId: string, incarnation: number, response: GroupResponse): void {
  const c = sim.consumers[consumerId];
  if (!c || !c.alive || c.removed || c.incarnation !== incarnation) return;
  switch (response.kind) {
    case 'join': {
      if (c.status !== 'joining') return; // an answer to a JoinGroup this client already gave up on
      if (response.error !== 'NONE') {
        if (response.error === 'UNKNOWN_MEMBER_ID') c.memberId = null;
        c.status = 'unjoined';
        schedulePoll(sim, c, sim.nowMs + RETRY_BACKOFF_MS);
        return;
      }
      c.memberId = response.memberId;
      c.generation = response.generation;
      c.status = 'syncing';
      scheduleHeartbeat(sim, c);
      const assignment = response.leaderId === response.memberId && response.members.length > 0 ? computeAssignment(sim, response.protocol ?? 'range', response.members) : null;
      if (!sendToCoordinator(sim, c, { kind: 'sync', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId, generation: c.generation, assignment })) {
        // The coordinator is gone: the SyncGroup fails, and the member rejoins once it finds the new one (AbstractCoordinator).
        c.status = 'unjoined';
        schedulePoll(sim, c, sim.nowMs + COORDINATOR_RETRY_MS);
      }
      return;
    }
    case 'sync': {
      if (c.status !== 'syncing') return;
      if (response.error !== 'NONE') {
        if (response.error === 'UNKNOWN_MEMBER_ID') c.memberId = null;
        c.status = 'unjoined';
        schedulePoll(sim, c, sim.nowMs);
        return;
      }
      applyAssignment(sim, c, response.assignment, response.generation);
      return;
    }
    case 'heartbeat': {
      if (response.error === 'REBALANCE_IN_PROGRESS' || response.error === 'ILLEGAL_GENERATION') {
        if (c.status === 'stable') {
          c.needsRejoin = true;
          wake(sim, c);
        }
      } else if (response.error === 'UNKNOWN_MEMBER_ID' && (c.status === 'stable' || c.status === 'syncing')) {
        // The coordinator dropped us (session timeout): the partitions are lost, not revoked.
        // (While joining, the JoinGroup answer says so itself.)
        if (c.assignment.length > 0) emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions: c.assignment.map(tpKey), protocol: isCooperative(c) ? 'cooperative' : 'eager' });
        dropPartitions(c, c.assignment.map(tpKey));
        c.assignment = [];
        c.memberId = null;
        c.generation = -1;
        c.status = 'unjoined';
        wake(sim, c);
      }
      return;
    }
    case 'commit': {
      if (response.error === 'NONE') {
        for (const k of Object.keys(response.offsets)) c.committedByMe[k] = response.offsets[k]!;
      } else if (response.error === 'NOT_COORDINATOR' || response.error === 'COORDINATOR_NOT_AVAILABLE') {
        noteRetriableCommitFailure(sim, c);
      } else {
        emit(sim, {
          type: 'consumerError',
          consumerId: c.id,
          groupId: c.groupId,
          error: {
            name: 'CommitFailedException',
            message: `Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member (${response.error}). The records processed since the last commit will be processed again.`,
          },
        });
      }
      return;
    }
    case 'leave':
      return;
  }
}

/** The group leader runs the chosen assignor on the members' subscriptions (client side). */
function computeAssignment(sim: Sim, protocol: AssignorName, members: Extract<GroupResponse, { kind: 'join' }>['members']): Record<string, TopicPartition[]> {
  const partitionsPerTopic: Record<string, number> = {};
  for (const m of members) for (const t of m.topics) if (sim.topics[t]) partitionsPerTopic[t] = sim.topics[t]!.partitions.length;
  const input: AssignorMember[] = members.map((m) => ({ id: m.memberId, ...(m.groupInstanceId ? { groupInstanceId: m.groupInstanceId } : {}), topics: m.topics, owned: m.owned, generation: m.generation }));
  return assignPartitions(protocol, input, partitionsPerTopic);
}

/** SyncGroup answered: revoke what moved away (cooperative), take the new partitions. */
function applyAssignment(sim: Sim, c: Consumer, assignment: TopicPartition[], generation: number): void {
  const before = new Set(c.assignment.map(tpKey));
  const after = new Set(assignment.map(tpKey));
  const revoked = [...before].filter((k) => !after.has(k));
  const added = [...after].filter((k) => !before.has(k));
  c.generation = generation;
  c.status = 'stable';
  if (revoked.length > 0) {
    // onPartitionsRevoked: commit what was consumed, then let go; cooperative members rejoin at once.
    if (cfg(c, 'enable.auto.commit') === true) commit(sim, c);
    emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions: revoked, protocol: isCooperative(c) ? 'cooperative' : 'eager' });
    dropPartitions(c, revoked);
    if (isCooperative(c)) c.needsRejoin = true;
  }
  c.assignment = assignment.map((tp) => ({ ...tp }));
  if (added.length > 0 || c.assignment.length === 0) emit(sim, { type: 'partitionsAssigned', groupId: c.groupId, consumerId: c.id, partitions: added, generation });
  schedulePoll(sim, c, sim.nowMs);
}

/** When the oldest record a group has not consumed was written (for lag in seconds), or null. */
export function oldestUnconsumedTimestampMs(p: Partition, offset: number): number | null {
  if (p.leader < 0) return null;
  const r = p.logs[p.leader]!;
  if (offset >= r.highWatermark) return null;
  const from = Math.max(offset, r.log.logStartOffset);
  for (const b of readBatches(r.log, from, r.highWatermark, 0)) {
    for (let i = 0; i < b.count; i++) if (recordOffset(b, i) >= from) return recordTimestampMs(b, i);
  }
  return null;
}


/** A broker died: consumer fetches parked on it will never be answered, so their consumers fetch afresh. */
export function releaseParkedConsumers(sim: Sim, broker: { id: number; parkedConsumers: Record<string, ConsumerFetchRequest> }): void {
  for (const id of Object.keys(broker.parkedConsumers)) {
    const request = broker.parkedConsumers[id]!;
    const c = sim.consumers[id];
    if (c && c.fetchesInFlight[broker.id]?.requestId === request.requestId) {
      delete c.fetchesInFlight[broker.id];
      wake(sim, c);
    }
  }
  broker.parkedConsumers = {};
}

// ---------------------------------------------------------------------------------------------
// Commands

export function requireConsumer(sim: Sim, id: string): Consumer {
  const c = sim.consumers[id];
  if (!c || c.removed) throw new KafkaException('InvalidRequestException', `There is no consumer '${id}'.`);
  return c;
}

/** `close()`: commit what was consumed and leave the group (a static member does not leave). */
export function closeConsumer(sim: Sim, c: Consumer): void {
  if (c.alive && c.memberId) {
    if (cfg(c, 'enable.auto.commit') === true) commit(sim, c);
    if (!c.groupInstanceId) sendToCoordinator(sim, c, { kind: 'leave', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId });
  }
  c.removed = true;
  c.alive = false;
  emit(sim, { type: 'consumerRemoved', consumerId: c.id, groupId: c.groupId });
}

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

export function updateConsumer(sim: Sim, c: Consumer, change: { processingRatePerSec?: number; paused?: boolean; configs?: Record<string, ConfigValue | null> }): string[] {
  const changes: string[] = [];
  if (change.configs) {
    const raw: Record<string, ConfigValue> = { ...c.configs };
    for (const [k, v] of Object.entries(change.configs)) if (v === null) delete raw[k];
    else raw[k] = v;
    const merged = validateConfigs(raw);
    const strategyChanged = merged['partition.assignment.strategy'] !== c.configs['partition.assignment.strategy'];
    c.configs = merged;
    changes.push(...Object.keys(change.configs).map((k) => (change.configs![k] === null ? `${k} back to Kafka's default` : `${k}=${String(merged[k])}`)));
    if (strategyChanged && c.status === 'stable') c.needsRejoin = true; // the new protocols need a rebalance
  }
  if (change.processingRatePerSec !== undefined) {
    if (!(change.processingRatePerSec >= 0) || change.processingRatePerSec > 1_000_000) throw new KafkaException('InvalidConfigurationException', `A consumer's processing rate must be between 0 and 1000000 records per second (got ${change.processingRatePerSec}).`);
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
