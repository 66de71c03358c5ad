/**
 * The group coordinator, classic protocol (`GroupCoordinator` / `ClassicGroup` in Kafka): the leader
 * of `__consumer_offsets` partition `abs(groupId.hashCode()) % offsets.topic.num.partitions` runs each
 * group's JoinGroup / SyncGroup / Heartbeat / LeaveGroup / OffsetCommit and its state machine
 * (Empty → PreparingRebalance → CompletingRebalance → Stable). Members choose the assignor by vote;
 * the group leader (a consumer) computes the assignment, as `ConsumerPartitionAssignor` says.
 */
import type { ConsumerGroup, GroupMember, GroupState } from '../consumer-state';
import type { OffsetResetTarget } from '../commands';
import { brokerNumber, emit, latencyMs, scheduleAt } from '../core';
import { KafkaException } from '../errors';
import type { Sim } from '../state';
import type { AssignorName } from './assignors';
import type { Log } from './log';
import { readBatches } from './log';
import type { GroupError, GroupRequest, GroupResponse } from './messages';
import { recordOffset, recordTimestampMs } from './record-batch';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** How soon a timer that found no coordinator up looks again. */
const COORDINATOR_RECHECK_MS = 1_000;

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

function setState(sim: Sim, g: ConsumerGroup, state: GroupState): void {
  if (g.state === state) return;
  const from = g.state;
  g.state = state;
  emit(sim, { type: 'groupStateChanged', groupId: g.groupId, from, to: state, generation: g.generation });
}

function reply(sim: Sim, g: ConsumerGroup, consumerId: string, incarnation: number, response: GroupResponse): void {
  deliver(sim, g.groupId, coordinatorOf(sim, g), consumerId, incarnation, response);
}

/** Sends an answer from `brokerId` to a consumer, in order with the answers before it on that connection. */
function deliver(sim: Sim, groupId: string, brokerId: number, consumerId: string, incarnation: number, response: GroupResponse): void {
  const c = sim.consumers[consumerId];
  let at = sim.nowMs + latencyMs(sim, brokerId);
  if (c) {
    at = Math.max(at, c.coordinatorLink.responseAtMs);
    c.coordinatorLink.responseAtMs = at;
  }
  scheduleAt(sim, at, { kind: 'groupResponse', groupId, consumerId, incarnation, response });
}

/** Answers a member on the connection its pending request came from (not a later incarnation of the same consumer). */
function replyTo(sim: Sim, g: ConsumerGroup, m: GroupMember, response: GroupResponse): void {
  reply(sim, g, m.consumerId, m.incarnation, response);
}

/** A request reaches the broker the consumer believes is the coordinator. */
export function onGroupRequest(sim: Sim, groupId: string, brokerId: number, request: GroupRequest): void {
  const g = sim.groups[groupId]!;
  const b = sim.brokers[brokerId];
  if (!b || !b.alive) {
    // The connection fails: the client marks the coordinator unknown and retries (AbstractCoordinator.markCoordinatorUnknown).
    deliver(sim, groupId, brokerId, request.consumerId, request.incarnation, errorResponse(request, 'COORDINATOR_NOT_AVAILABLE'));
    return;
  }
  if (coordinatorOf(sim, g) !== brokerId) {
    deliver(sim, groupId, brokerId, request.consumerId, request.incarnation, errorResponse(request, 'NOT_COORDINATOR'));
    return;
  }
  loadGroup(sim, g, brokerId);
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

function errorResponse(request: GroupRequest, error: GroupError): GroupResponse {
  switch (request.kind) {
    case 'join':
      return { kind: 'join', error, memberId: request.memberId ?? '', generation: -1, protocol: null, leaderId: null, members: [] };
    case 'sync':
      return { kind: 'sync', error, generation: -1, assignment: [] };
    case 'commit':
      return { kind: 'commit', error, offsets: request.offsets };
    default:
      return { kind: request.kind, error };
  }
}

/** Members whose JoinGroup or SyncGroup the coordinator holds unanswered. */
function pendingMembers(g: ConsumerGroup): GroupMember[] {
  return Object.values(g.members).filter((m) => (g.state === 'PreparingRebalance' && m.joined) || m.awaitingSync);
}

/** Fails every JoinGroup/SyncGroup the coordinator holds (the connection dropped, or it resigned) and forgets them. */
function failPendingRequests(sim: Sim, g: ConsumerGroup, error: GroupError, fromBroker: number): void {
  for (const m of pendingMembers(g)) {
    const response: GroupResponse = m.awaitingSync ? { kind: 'sync', error, generation: -1, assignment: [] } : { kind: 'join', error, memberId: m.memberId, generation: -1, protocol: null, leaderId: null, members: [] };
    m.joined = false;
    m.awaitingSync = false;
    deliver(sim, g.groupId, fromBroker, m.consumerId, m.incarnation, response);
  }
}

/**
 * The coordinator broker crashed: clients waiting on it for a JoinGroup or SyncGroup answer see the
 * connection drop and look for the new coordinator (`AbstractCoordinator` marks it unknown and retries).
 */
export function onCoordinatorCrashed(sim: Sim, brokerId: number): void {
  for (const groupId of Object.keys(sim.groups)) {
    const g = sim.groups[groupId]!;
    if (g.coordinatorId === brokerId) failPendingRequests(sim, g, 'COORDINATOR_NOT_AVAILABLE', brokerId);
  }
}

/**
 * A broker starts coordinating the group (its offsets partition changed leader, or the coordinator
 * restarted): it loads the group from the log and gives every member a fresh session
 * (`GroupMetadataManager.onLoaded` → `rescheduleClassicGroupMemberHeartbeat`). Only completed
 * generations are in the log, so a rebalance that was under way starts over; requests the old
 * coordinator still held are answered NOT_COORDINATOR (`GroupCoordinatorShard.onUnloaded`).
 */
function loadGroup(sim: Sim, g: ConsumerGroup, brokerId: number): void {
  const incarnation = sim.brokers[brokerId]!.incarnation;
  if (g.coordinatorId === brokerId && g.coordinatorIncarnation === incarnation) return;
  const previous = g.coordinatorId;
  failPendingRequests(sim, g, 'NOT_COORDINATOR', brokerId);
  g.coordinatorId = brokerId;
  g.coordinatorIncarnation = incarnation;
  // Every member's session-check chain is still scheduled; it picks up the fresh deadline.
  for (const m of Object.values(g.members)) m.lastHeartbeatMs = sim.nowMs;
  if (previous >= 0 && previous !== brokerId) emit(sim, { type: 'groupCoordinatorMoved', groupId: g.groupId, from: previous, to: brokerId });
  if (g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance') startJoinPhase(sim, g, `the group coordinator moved to broker ${brokerId} during a rebalance`);
}

/** Whether the group's coordinator is up; if it changed since the last look, it loads the group first. */
function coordinatorUp(sim: Sim, g: ConsumerGroup): boolean {
  const coordinator = coordinatorOf(sim, g);
  if (coordinator < 0 || !sim.brokers[coordinator]!.alive) return false;
  loadGroup(sim, g, coordinator);
  return true;
}

function touch(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  m.lastHeartbeatMs = sim.nowMs;
}

function scheduleSessionCheck(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  scheduleAt(sim, m.lastHeartbeatMs + m.sessionTimeoutMs, { kind: 'groupSessionCheck', groupId: g.groupId, memberId: m.memberId });
}

/**
 * The coordinator's session timer for one member (`ClassicGroup` heartbeat expiration). One chain
 * of checks per member, for as long as the member exists: while no coordinator is up it just looks
 * again later (the next coordinator gives every member a fresh session when it loads the group).
 */
export function onGroupSessionCheck(sim: Sim, groupId: string, memberId: string): void {
  const g = sim.groups[groupId];
  const m = g?.members[memberId];
  if (!g || !m) return;
  if (!coordinatorUp(sim, g)) {
    scheduleAt(sim, sim.nowMs + m.sessionTimeoutMs, { kind: 'groupSessionCheck', groupId, memberId });
    return;
  }
  if ((g.state === 'PreparingRebalance' && m.joined) || m.awaitingSync) {
    // ClassicGroupMember.hasSatisfiedHeartbeat: a member waiting for its JoinGroup or SyncGroup answer
    // is not expected to heartbeat; its session runs again from when it is answered.
    scheduleAt(sim, sim.nowMs + m.sessionTimeoutMs, { kind: 'groupSessionCheck', groupId, memberId });
    return;
  }
  const deadline = m.lastHeartbeatMs + m.sessionTimeoutMs;
  if (sim.nowMs < deadline) {
    scheduleAt(sim, deadline, { kind: 'groupSessionCheck', groupId, memberId });
    return;
  }
  removeMember(sim, g, m, `session timeout: no heartbeat from ${m.consumerId} for session.timeout.ms (${m.sessionTimeoutMs} ms)`);
}

function removeMember(sim: Sim, g: ConsumerGroup, m: GroupMember, reason: string): void {
  // A JoinGroup or SyncGroup it still waits on is answered: the member is gone.
  if (g.state === 'PreparingRebalance' && m.joined) replyTo(sim, g, m, { kind: 'join', error: 'UNKNOWN_MEMBER_ID', memberId: m.memberId, generation: -1, protocol: null, leaderId: null, members: [] });
  else if (m.awaitingSync) replyTo(sim, g, m, { kind: 'sync', error: 'UNKNOWN_MEMBER_ID', generation: -1, assignment: [] });
  delete g.members[m.memberId];
  emit(sim, { type: 'memberLeft', groupId: g.groupId, memberId: m.memberId, consumerId: m.consumerId, reason });
  if (g.leaderId === m.memberId) g.leaderId = null;
  if (Object.keys(g.members).length === 0) {
    g.generation++;
    g.leaderId = null;
    g.protocol = null;
    g.roundToken++; // no join phase left to end
    setState(sim, g, 'Empty');
    return;
  }
  if (g.state === 'PreparingRebalance') {
    maybeCompleteJoin(sim, g);
    return;
  }
  prepareRebalance(sim, g, reason);
}

/**
 * Starts a rebalance: members learn of it from their next heartbeat (REBALANCE_IN_PROGRESS).
 * Members waiting for a SyncGroup answer are told to rejoin at once
 * (`GroupMetadataManager.prepareRebalance` → `resetAndPropagateAssignmentWithError`).
 */
function prepareRebalance(sim: Sim, g: ConsumerGroup, reason: string): void {
  if (g.state === 'PreparingRebalance') return;
  startJoinPhase(sim, g, reason);
}

/** A new join phase (also when a newly loaded coordinator restarts an interrupted rebalance). */
function startJoinPhase(sim: Sim, g: ConsumerGroup, reason: string): void {
  const wasEmpty = g.state === 'Empty';
  if (g.state === 'CompletingRebalance') {
    for (const m of Object.values(g.members)) {
      m.assignment = [];
      if (m.awaitingSync) replyTo(sim, g, m, { kind: 'sync', error: 'REBALANCE_IN_PROGRESS', generation: g.generation, assignment: [] });
    }
  }
  for (const m of Object.values(g.members)) {
    m.joined = false;
    m.awaitingSync = false;
  }
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
  if (!coordinatorUp(sim, g)) {
    // No coordinator to run the timer; look again shortly (a new coordinator restarts the round when it loads the group).
    scheduleAt(sim, sim.nowMs + COORDINATOR_RECHECK_MS, { kind: 'groupJoinDeadline', groupId, token });
    return;
  }
  if (g.roundToken !== token || g.state !== 'PreparingRebalance') return; // loading restarted the round
  g.joinDelayed = false;
  for (const m of Object.values(g.members)) {
    if (!m.joined) {
      delete g.members[m.memberId];
      if (g.leaderId === m.memberId) g.leaderId = null;
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
    g.leaderId = null;
    g.protocol = null;
    setState(sim, g, 'Empty');
    return;
  }
  g.generation++;
  g.protocol = selectProtocol(members);
  if (!g.leaderId || !g.members[g.leaderId]) g.leaderId = members[0]!.memberId;
  setState(sim, g, 'CompletingRebalance');
  for (const m of members) {
    m.joined = false; // its JoinGroup is answered now; SyncGroup comes next
    touch(sim, g, m); // completeAndScheduleNextHeartbeatExpiration
    const isLeader = m.memberId === g.leaderId;
    replyTo(sim, g, m, {
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
    // KIP-345: a static member rejoining under a new member id replaces its old registration
    // (ClassicGroup.replaceStaticMember), keeping its assignment.
    const old = Object.values(g.members).find((x) => x.groupInstanceId === r.groupInstanceId);
    if (old) {
      const memberId = `${r.consumerId}-${g.nextMemberSeq++}`;
      delete g.members[old.memberId];
      const unchanged = g.state === 'Stable' && sameTopics(old.topics, r.topics);
      m = { ...old, memberId, consumerId: r.consumerId, incarnation: r.incarnation, lastHeartbeatMs: sim.nowMs, joined: false, awaitingSync: false };
      g.members[memberId] = m;
      if (g.leaderId === old.memberId) g.leaderId = memberId;
      emit(sim, { type: 'memberJoined', groupId: g.groupId, memberId, consumerId: r.consumerId, groupInstanceId: r.groupInstanceId, rebalance: !unchanged });
      scheduleSessionCheck(sim, g, m);
      if (unchanged) {
        // Unchanged subscription: no rebalance; hand back the current generation and assignment.
        reply(sim, g, r.consumerId, r.incarnation, { kind: 'join', error: 'NONE', memberId, generation: g.generation, protocol: g.protocol, leaderId: g.leaderId, members: [] });
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
      incarnation: r.incarnation,
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
  m.incarnation = r.incarnation;
  m.sessionTimeoutMs = r.sessionTimeoutMs;
  m.rebalanceTimeoutMs = r.rebalanceTimeoutMs;
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
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

function handleSync(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'sync' }>): void {
  const m = g.members[r.memberId];
  if (!m) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'UNKNOWN_MEMBER_ID', generation: -1, assignment: [] });
  touch(sim, g, m);
  m.incarnation = r.incarnation;
  if (r.generation !== g.generation) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'ILLEGAL_GENERATION', generation: g.generation, assignment: [] });
  if (g.state === 'PreparingRebalance') return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'REBALANCE_IN_PROGRESS', generation: g.generation, assignment: [] });
  if (g.state === 'Stable') return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'NONE', generation: g.generation, assignment: m.assignment });
  // CompletingRebalance: the answer waits for the leader's assignment.
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
      touch(sim, g, x);
      replyTo(sim, g, x, { kind: 'sync', error: 'NONE', generation: g.generation, assignment: x.assignment });
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
 * OffsetCommit, validated as `ClassicGroup.validateOffsetCommit` does: a commit without a member
 * (an admin tool) is accepted only while the group is Empty; a member's commit needs its current
 * generation, and is refused with REBALANCE_IN_PROGRESS only while the group is CompletingRebalance.
 * During PreparingRebalance it is accepted: that is the commit `onJoinPrepare` makes before rejoining.
 * Such a commit also keeps the member's session alive (Stable and PreparingRebalance).
 */
function handleCommit(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'commit' }>): void {
  const m = r.memberId ? g.members[r.memberId] : undefined;
  let error: GroupError = 'NONE';
  if (r.memberId === null || r.generation < 0) {
    if (g.state !== 'Empty') error = 'UNKNOWN_MEMBER_ID';
  } else if (!m) error = 'UNKNOWN_MEMBER_ID';
  else if (r.generation !== g.generation) error = 'ILLEGAL_GENERATION';
  else if (g.state === 'CompletingRebalance') error = 'REBALANCE_IN_PROGRESS';
  if (m && (g.state === 'Stable' || g.state === 'PreparingRebalance')) touch(sim, g, m);
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
      coordinatorIncarnation: -1,
      state: 'Empty',
      generation: 0,
      protocol: null,
      leaderId: null,
      members: {},
      nextMemberSeq: 1,
      joinDeadlineMs: -1,
      joinDelayed: false,
      roundToken: 0,
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
  // ConsumerGroupCommand parses --to-offset / --to-datetime as longs: anything else never reaches the group.
  if (to.kind === 'offset' && !Number.isSafeInteger(to.offset)) throw new KafkaException('InvalidRequestException', `--to-offset needs a whole number (got ${String(to.offset)}).`);
  if (to.kind === 'timestamp' && !Number.isSafeInteger(to.timestampMs)) throw new KafkaException('InvalidRequestException', `--to-datetime needs a time in whole milliseconds (got ${String(to.timestampMs)}).`);
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
