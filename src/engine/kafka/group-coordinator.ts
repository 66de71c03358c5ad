/**
 * The group coordinator, classic protocol (`GroupCoordinator` / `ClassicGroup` in Kafka): the leader
 * of `__consumer_offsets` partition `abs(groupId.hashCode()) % offsets.topic.num.partitions` runs each
 * group's JoinGroup / SyncGroup / Heartbeat / LeaveGroup / OffsetCommit and its state machine
 * (Empty → PreparingRebalance → CompletingRebalance → Stable). Members choose the assignor by vote;
 * the group leader (a consumer) computes the assignment, as `ConsumerPartitionAssignor` says.
 */
import type { ConsumerGroup, GroupMember, GroupState } from '../consumer-state';
import { brokerNumber, emit, latencyMs, schedule, scheduleAt } from '../core';
import type { Log, Sim } from '../state';
import type { OffsetResetTarget } from '../commands';
import { KafkaException } from '../errors';
import { recordOffset, recordTimestampMs } from './batch';
import { readBatches } from './log';
import type { AssignorName, TopicPartition } from './assignors';

export const OFFSETS_TOPIC = '__consumer_offsets';

/** Java's `String.hashCode`. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions` (GroupCoordinatorService.partitionFor). */
export function offsetsPartitionFor(groupId: string, numPartitions: number): number {
  const h = javaStringHashCode(groupId);
  return (h === -2147483648 ? 0 : Math.abs(h)) % numPartitions;
}

/** The broker currently coordinating `group`, or -1 (its offsets partition has no leader). */
export function coordinatorOf(sim: Sim, group: ConsumerGroup): number {
  const t = sim.topics[OFFSETS_TOPIC];
  return t?.partitions[group.offsetsPartition]?.leader ?? -1;
}

export type GroupRequest =
  | {
      kind: 'join';
      consumerId: string;
      incarnation: number;
      memberId: string | null;
      groupInstanceId: string | null;
      protocols: AssignorName[];
      topics: string[];
      owned: TopicPartition[];
      sessionTimeoutMs: number;
      rebalanceTimeoutMs: number;
    }
  | { kind: 'sync'; consumerId: string; incarnation: number; memberId: string; generation: number; assignment: Record<string, TopicPartition[]> | null }
  | { kind: 'heartbeat'; consumerId: string; incarnation: number; memberId: string; generation: number }
  | { kind: 'leave'; consumerId: string; incarnation: number; memberId: string }
  | { kind: 'commit'; consumerId: string; incarnation: number; memberId: string | null; generation: number; offsets: Record<string, number> };

/** Kafka's error codes as the coordinator answers them. */
export type GroupError = 'NONE' | 'REBALANCE_IN_PROGRESS' | 'ILLEGAL_GENERATION' | 'UNKNOWN_MEMBER_ID' | 'NOT_COORDINATOR' | 'COORDINATOR_NOT_AVAILABLE';

export type GroupResponse =
  | {
      kind: 'join';
      error: GroupError;
      memberId: string;
      generation: number;
      protocol: AssignorName | null;
      leaderId: string | null;
      /** Only for the leader: every member's subscription and owned partitions. */
      members: { memberId: string; groupInstanceId: string | null; topics: string[]; owned: TopicPartition[]; generation: number }[];
    }
  | { kind: 'sync'; error: GroupError; generation: number; assignment: TopicPartition[] }
  | { kind: 'heartbeat'; error: GroupError }
  | { kind: 'leave'; error: GroupError }
  | { kind: 'commit'; error: GroupError; offsets: Record<string, number> };

function setState(sim: Sim, g: ConsumerGroup, state: GroupState): void {
  if (g.state === state) return;
  const from = g.state;
  g.state = state;
  emit(sim, { type: 'groupStateChanged', groupId: g.groupId, from, to: state, generation: g.generation });
}

function reply(sim: Sim, g: ConsumerGroup, consumerId: string, incarnation: number, response: GroupResponse): void {
  const coordinator = coordinatorOf(sim, g);
  schedule(sim, latencyMs(sim, coordinator), { kind: 'groupResponse', groupId: g.groupId, consumerId, incarnation, response });
}

function consumerIncarnation(sim: Sim, consumerId: string): number {
  return sim.consumers[consumerId]?.incarnation ?? -1;
}

/** A request reaches the broker the consumer believes is the coordinator. */
export function onGroupRequest(sim: Sim, groupId: string, brokerId: number, request: GroupRequest): void {
  const g = sim.groups[groupId]!;
  const b = sim.brokers[brokerId];
  if (!b || !b.alive) return; // the connection drops; the client times out and rediscovers
  if (coordinatorOf(sim, g) !== brokerId) {
    schedule(sim, latencyMs(sim, brokerId), { kind: 'groupResponse', groupId, consumerId: request.consumerId, incarnation: request.incarnation, response: notCoordinator(request) });
    return;
  }
  noteCoordinator(sim, g, brokerId);
  switch (request.kind) {
    case 'join':
      return handleJoin(sim, g, request);
    case 'sync':
      return handleSync(sim, g, request);
    case 'heartbeat':
      return handleHeartbeat(sim, g, request);
    case 'leave':
      return handleLeave(sim, g, request);
    case 'commit':
      return handleCommit(sim, g, request);
  }
}

function notCoordinator(request: GroupRequest): GroupResponse {
  switch (request.kind) {
    case 'join':
      return { kind: 'join', error: 'NOT_COORDINATOR', memberId: request.memberId ?? '', generation: -1, protocol: null, leaderId: null, members: [] };
    case 'sync':
      return { kind: 'sync', error: 'NOT_COORDINATOR', generation: -1, assignment: [] };
    case 'commit':
      return { kind: 'commit', error: 'NOT_COORDINATOR', offsets: request.offsets };
    default:
      return { kind: request.kind, error: 'NOT_COORDINATOR' };
  }
}

/**
 * A new broker took over the group (its offsets partition changed leader): it loads the group from
 * the log and gives every member a fresh session (`GroupMetadataManager.loadGroupsAndOffsets`).
 */
function noteCoordinator(sim: Sim, g: ConsumerGroup, brokerId: number): void {
  if (g.coordinatorId === brokerId) return;
  const previous = g.coordinatorId;
  g.coordinatorId = brokerId;
  for (const m of Object.values(g.members)) {
    m.lastHeartbeatMs = sim.nowMs;
    scheduleSessionCheck(sim, g, m);
  }
  if (previous >= 0) emit(sim, { type: 'groupCoordinatorMoved', groupId: g.groupId, from: previous, to: brokerId });
}

function touch(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  m.lastHeartbeatMs = sim.nowMs;
}

function scheduleSessionCheck(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  scheduleAt(sim, m.lastHeartbeatMs + m.sessionTimeoutMs, { kind: 'groupSessionCheck', groupId: g.groupId, memberId: m.memberId });
}

/** The coordinator's session timer for one member (`ClassicGroup` heartbeat expiration). */
export function onGroupSessionCheck(sim: Sim, groupId: string, memberId: string): void {
  const g = sim.groups[groupId];
  const m = g?.members[memberId];
  if (!g || !m) return;
  const coordinator = coordinatorOf(sim, g);
  if (coordinator < 0 || !sim.brokers[coordinator]!.alive) return; // no coordinator, no timers: the next one restarts them
  const deadline = m.lastHeartbeatMs + m.sessionTimeoutMs;
  if (sim.nowMs < deadline) {
    scheduleAt(sim, deadline, { kind: 'groupSessionCheck', groupId, memberId });
    return;
  }
  removeMember(sim, g, m, `session timeout: no heartbeat from ${m.consumerId} for session.timeout.ms (${m.sessionTimeoutMs} ms)`);
}

function removeMember(sim: Sim, g: ConsumerGroup, m: GroupMember, reason: string): void {
  delete g.members[m.memberId];
  emit(sim, { type: 'memberLeft', groupId: g.groupId, memberId: m.memberId, consumerId: m.consumerId, reason });
  if (g.leaderId === m.memberId) g.leaderId = null;
  if (Object.keys(g.members).length === 0) {
    g.generation++;
    g.leaderId = null;
    g.protocol = null;
    setState(sim, g, 'Empty');
    return;
  }
  if (g.state === 'PreparingRebalance') {
    maybeCompleteJoin(sim, g);
    return;
  }
  prepareRebalance(sim, g, reason);
}

/** Starts a rebalance: members learn of it from their next heartbeat (REBALANCE_IN_PROGRESS). */
function prepareRebalance(sim: Sim, g: ConsumerGroup, reason: string): void {
  if (g.state === 'PreparingRebalance') return;
  const wasEmpty = g.state === 'Empty';
  for (const m of Object.values(g.members)) {
    m.joined = false;
    m.awaitingSync = false;
  }
  g.rebalanceReason = reason;
  g.roundToken++;
  setState(sim, g, 'PreparingRebalance');
  emit(sim, { type: 'rebalanceStarted', groupId: g.groupId, reason, generation: g.generation });
  const rebalanceTimeoutMs = Math.max(...Object.values(g.members).map((m) => m.rebalanceTimeoutMs), 0);
  // InitialDelayedJoin: a new group waits group.initial.rebalance.delay.ms for more members.
  const delay = wasEmpty ? Math.min(brokerNumber(sim, 'group.initial.rebalance.delay.ms'), rebalanceTimeoutMs) : rebalanceTimeoutMs;
  g.joinDeadlineMs = sim.nowMs + delay;
  g.joinDelayed = wasEmpty;
  scheduleAt(sim, g.joinDeadlineMs, { kind: 'groupJoinDeadline', groupId: g.groupId, token: g.roundToken });
}

/** The join phase ends: members that did not rejoin in time are removed (`DelayedJoin.onExpiration`). */
export function onGroupJoinDeadline(sim: Sim, groupId: string, token: number): void {
  const g = sim.groups[groupId];
  if (!g || g.roundToken !== token || g.state !== 'PreparingRebalance') return;
  const coordinator = coordinatorOf(sim, g);
  if (coordinator < 0 || !sim.brokers[coordinator]!.alive) return;
  g.joinDelayed = false;
  for (const m of Object.values(g.members)) {
    if (!m.joined) {
      delete g.members[m.memberId];
      emit(sim, { type: 'memberLeft', groupId, memberId: m.memberId, consumerId: m.consumerId, reason: 'did not rejoin within the rebalance timeout (max.poll.interval.ms)' });
    }
  }
  completeJoin(sim, g);
}

function maybeCompleteJoin(sim: Sim, g: ConsumerGroup): void {
  if (g.state !== 'PreparingRebalance' || g.joinDelayed) return;
  if (Object.values(g.members).every((m) => m.joined)) completeJoin(sim, g);
}

/** The coordinator's vote among the assignors every member supports (`ClassicGroup.selectProtocol`). */
function selectProtocol(members: GroupMember[]): AssignorName | null {
  const candidates = members[0]?.protocols.filter((p) => members.every((m) => m.protocols.includes(p))) ?? [];
  if (candidates.length === 0) return null;
  const votes = new Map<AssignorName, number>();
  for (const m of members) {
    const choice = m.protocols.find((p) => candidates.includes(p))!;
    votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  let best = candidates[0]!;
  for (const c of candidates) if ((votes.get(c) ?? 0) > (votes.get(best) ?? 0)) best = c;
  return best;
}

function completeJoin(sim: Sim, g: ConsumerGroup): void {
  const members = Object.values(g.members);
  if (members.length === 0) {
    g.generation++;
    setState(sim, g, 'Empty');
    return;
  }
  g.generation++;
  g.protocol = selectProtocol(members);
  if (!g.leaderId || !g.members[g.leaderId]) g.leaderId = members[0]!.memberId;
  setState(sim, g, 'CompletingRebalance');
  for (const m of members) {
    m.awaitingSync = true;
    const isLeader = m.memberId === g.leaderId;
    reply(sim, g, m.consumerId, consumerIncarnation(sim, m.consumerId), {
      kind: 'join',
      error: 'NONE',
      memberId: m.memberId,
      generation: g.generation,
      protocol: g.protocol,
      leaderId: g.leaderId,
      members: isLeader ? members.map((x) => ({ memberId: x.memberId, groupInstanceId: x.groupInstanceId, topics: [...x.topics], owned: x.owned.map((tp) => ({ ...tp })), generation: g.generation - 1 })) : [],
    });
  }
}

function handleJoin(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'join' }>): void {
  let m = r.memberId ? g.members[r.memberId] : undefined;
  if (!m && r.groupInstanceId) {
    // KIP-345: a static member rejoining under a new member id replaces its old registration.
    const old = Object.values(g.members).find((x) => x.groupInstanceId === r.groupInstanceId);
    if (old) {
      const memberId = `${r.consumerId}-${g.nextMemberSeq++}`;
      delete g.members[old.memberId];
      m = { ...old, memberId, consumerId: r.consumerId, lastHeartbeatMs: sim.nowMs };
      g.members[memberId] = m;
      if (g.leaderId === old.memberId) g.leaderId = memberId;
      emit(sim, { type: 'memberJoined', groupId: g.groupId, memberId, consumerId: r.consumerId, groupInstanceId: r.groupInstanceId, rebalance: false });
      scheduleSessionCheck(sim, g, m);
      if (g.state === 'Stable' && sameTopics(old.topics, r.topics)) {
        // Unchanged subscription: no rebalance; hand back the current generation and assignment.
        reply(sim, g, r.consumerId, r.incarnation, { kind: 'join', error: 'NONE', memberId, generation: g.generation, protocol: g.protocol, leaderId: g.leaderId, members: [] });
        m.awaitingSync = true;
        return;
      }
    }
  }
  if (r.memberId && !m) {
    reply(sim, g, r.consumerId, r.incarnation, { kind: 'join', error: 'UNKNOWN_MEMBER_ID', memberId: '', generation: -1, protocol: null, leaderId: null, members: [] });
    return;
  }
  if (!m) {
    const memberId = `${r.consumerId}-${g.nextMemberSeq++}`;
    m = {
      memberId,
      consumerId: r.consumerId,
      groupInstanceId: r.groupInstanceId,
      protocols: r.protocols,
      topics: r.topics,
      owned: r.owned,
      sessionTimeoutMs: r.sessionTimeoutMs,
      rebalanceTimeoutMs: r.rebalanceTimeoutMs,
      lastHeartbeatMs: sim.nowMs,
      joined: false,
      awaitingSync: false,
      assignment: [],
    };
    g.members[memberId] = m;
    emit(sim, { type: 'memberJoined', groupId: g.groupId, memberId, consumerId: r.consumerId, groupInstanceId: r.groupInstanceId, rebalance: true });
    scheduleSessionCheck(sim, g, m);
  }
  m.protocols = r.protocols;
  m.topics = r.topics;
  m.owned = r.owned;
  m.consumerId = r.consumerId;
  touch(sim, g, m);
  const wasRebalancing = g.state === 'PreparingRebalance';
  if (!wasRebalancing) prepareRebalance(sim, g, `member ${r.consumerId} joined`);
  m.joined = true; // after prepareRebalance, which marks everyone as not yet rejoined
  if (wasRebalancing && g.joinDelayed) {
    // InitialDelayedJoin extends the wait while members keep arriving, up to the rebalance timeout.
    const extended = Math.min(sim.nowMs + brokerNumber(sim, 'group.initial.rebalance.delay.ms'), g.joinDeadlineMs + m.rebalanceTimeoutMs);
    if (extended > g.joinDeadlineMs) {
      g.joinDeadlineMs = extended;
      g.roundToken++;
      scheduleAt(sim, extended, { kind: 'groupJoinDeadline', groupId: g.groupId, token: g.roundToken });
    }
  }
  maybeCompleteJoin(sim, g);
}

function sameTopics(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((t, i) => t === [...b].sort()[i]);
}

function handleSync(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'sync' }>): void {
  const m = g.members[r.memberId];
  if (!m) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'UNKNOWN_MEMBER_ID', generation: -1, assignment: [] });
  touch(sim, g, m);
  if (r.generation !== g.generation) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'ILLEGAL_GENERATION', generation: g.generation, assignment: [] });
  if (g.state === 'PreparingRebalance') return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'REBALANCE_IN_PROGRESS', generation: g.generation, assignment: [] });
  if (g.state === 'Stable') {
    m.awaitingSync = false;
    return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'NONE', generation: g.generation, assignment: m.assignment });
  }
  m.awaitingSync = true;
  if (r.memberId === g.leaderId && r.assignment) {
    for (const x of Object.values(g.members)) x.assignment = r.assignment[x.memberId] ?? [];
    g.stats.rebalances++;
    setState(sim, g, 'Stable');
    emit(sim, {
      type: 'groupRebalanced',
      groupId: g.groupId,
      generation: g.generation,
      protocol: g.protocol ?? 'range',
      leader: g.members[g.leaderId]?.consumerId ?? '',
      assignment: Object.values(g.members).map((x) => ({ consumerId: x.consumerId, partitions: x.assignment.map((tp) => `${tp.topic}-${tp.partition}`) })),
    });
    for (const x of Object.values(g.members)) {
      if (!x.awaitingSync) continue;
      x.awaitingSync = false;
      reply(sim, g, x.consumerId, consumerIncarnation(sim, x.consumerId), { kind: 'sync', error: 'NONE', generation: g.generation, assignment: x.assignment });
    }
  }
}

function handleHeartbeat(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'heartbeat' }>): void {
  const m = g.members[r.memberId];
  if (!m) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'heartbeat', error: 'UNKNOWN_MEMBER_ID' });
  touch(sim, g, m);
  let error: GroupError = 'NONE';
  if (g.state === 'PreparingRebalance') error = 'REBALANCE_IN_PROGRESS';
  else if (r.generation !== g.generation) error = 'ILLEGAL_GENERATION';
  reply(sim, g, r.consumerId, r.incarnation, { kind: 'heartbeat', error });
}

function handleLeave(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'leave' }>): void {
  const m = g.members[r.memberId];
  reply(sim, g, r.consumerId, r.incarnation, { kind: 'leave', error: m ? 'NONE' : 'UNKNOWN_MEMBER_ID' });
  if (m) removeMember(sim, g, m, `member ${m.consumerId} left the group`);
}

/**
 * OffsetCommit (`GroupCoordinator.handleCommitOffsets`): a member of a rebalancing group, or of an
 * older generation, is refused; an inactive group (no members: admin tools) may commit freely.
 */
function handleCommit(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'commit' }>): void {
  const m = r.memberId ? g.members[r.memberId] : undefined;
  let error: GroupError = 'NONE';
  if (r.memberId && !m) error = 'UNKNOWN_MEMBER_ID';
  else if (m && g.state === 'PreparingRebalance') error = 'REBALANCE_IN_PROGRESS';
  else if (m && r.generation !== g.generation) error = 'ILLEGAL_GENERATION';
  if (m) touch(sim, g, m);
  if (error === 'NONE') {
    const entries: { partition: string; offset: number }[] = [];
    for (const key of Object.keys(r.offsets).sort()) {
      const offset = r.offsets[key]!;
      const previous = g.committed[key]?.offset;
      g.committed[key] = { offset, leaderEpoch: sim.partitions[key]?.leaderEpoch ?? -1, commitTimeMs: sim.nowMs };
      if (previous !== offset) entries.push({ partition: key, offset });
    }
    if (entries.length > 0) emit(sim, { type: 'offsetsCommitted', groupId: g.groupId, consumerId: r.consumerId, offsets: entries });
  }
  reply(sim, g, r.consumerId, r.incarnation, { kind: 'commit', error, offsets: r.offsets });
}

/** Creates the group record on first use. */
export function ensureGroup(sim: Sim, groupId: string): ConsumerGroup {
  let g = sim.groups[groupId];
  if (!g) {
    const n = sim.topics[OFFSETS_TOPIC]?.partitions.length ?? brokerNumber(sim, 'offsets.topic.num.partitions');
    g = {
      groupId,
      offsetsPartition: offsetsPartitionFor(groupId, n),
      coordinatorId: -1,
      state: 'Empty',
      generation: 0,
      protocol: null,
      leaderId: null,
      members: {},
      nextMemberSeq: 1,
      joinDeadlineMs: -1,
      joinDelayed: false,
      roundToken: 0,
      rebalanceReason: '',
      committed: {},
      maxProcessed: {},
      stats: { rebalances: 0, duplicates: 0, skippedByRetention: 0, skippedByReset: 0, processed: 0 },
    };
    sim.groups[groupId] = g;
  }
  return g;
}

/**
 * `kafka-consumer-groups.sh --reset-offsets --execute`: moves the committed offsets of every
 * partition of `topic`, which Kafka allows only while the group is inactive (no members).
 */
export function resetGroupOffsets(sim: Sim, groupId: string, topicName: string, to: OffsetResetTarget): void {
  const g = sim.groups[groupId];
  const topic = sim.topics[topicName];
  if (!g) throw new KafkaException('InvalidGroupIdException', `Consumer group '${groupId}' does not exist.`);
  if (!topic) throw new KafkaException('UnknownTopicOrPartitionException', `There is no topic '${topicName}'.`);
  if (g.state !== 'Empty' && g.state !== 'Dead') {
    throw new KafkaException('GroupNotEmptyException', `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${g.state}. Stop (remove or crash) its consumers first.`);
  }
  const offsets: { partition: string; offset: number }[] = [];
  for (const p of topic.partitions) {
    if (p.leader < 0) throw new KafkaException('TimeoutException', `${p.key} has no leader, so its offsets cannot be looked up.`);
    const r = p.logs[p.leader]!;
    let offset: number;
    switch (to.kind) {
      case 'earliest':
        offset = r.log.logStartOffset;
        break;
      case 'latest':
        offset = r.highWatermark;
        break;
      case 'offset':
        // ConsumerGroupCommand clamps to the valid range [log start, high watermark].
        offset = Math.min(Math.max(to.offset, r.log.logStartOffset), r.highWatermark);
        break;
      case 'timestamp':
        offset = offsetForTimestamp(r.log, r.highWatermark, to.timestampMs);
        break;
    }
    g.committed[p.key] = { offset, leaderEpoch: p.leaderEpoch, commitTimeMs: sim.nowMs };
    offsets.push({ partition: p.key, offset });
  }
  const label = to.kind === 'offset' ? `offset ${to.offset}` : to.kind === 'timestamp' ? `time ${to.timestampMs} ms` : to.kind;
  emit(sim, { type: 'groupOffsetsReset', groupId, topic: topicName, to: label, offsets });
}

/** ListOffsets by timestamp: the first offset whose record timestamp is at or after `timestampMs`, else the high watermark. */
function offsetForTimestamp(log: Log, highWatermark: number, timestampMs: number): number {
  for (const b of readBatches(log, log.logStartOffset, highWatermark, Number.MAX_SAFE_INTEGER)) {
    if (b.maxTimestampMs < timestampMs) continue;
    for (let i = 0; i < b.count; i++) if (recordTimestampMs(b, i) >= timestampMs) return Math.max(recordOffset(b, i), log.logStartOffset);
  }
  return highWatermark;
}
