/**
 * The group coordinator's rebalance, classic protocol (`ClassicGroup`, `GroupMetadataManager`): the
 * state machine Empty → PreparingRebalance → CompletingRebalance → Stable. Members (re)join with
 * JoinGroup; the join phase ends when all have, or at the rebalance timeout; the coordinator picks
 * the assignor by the members' vote and names a leader; the leader's assignment goes out with
 * SyncGroup. A member that leaves or times out starts the next rebalance, and a new coordinator
 * restarts one that was interrupted. The consumer's side is consumer-coordinator.ts.
 */
import type { ConsumerGroup, GroupMember, GroupState } from '../consumer-state';
import { brokerNumber, emit, latencyMs, scheduleAt } from '../core';
import type { Sim } from '../state';
import type { AssignorName } from './assignors';
import type { GroupError, GroupRequest, GroupResponse } from './messages';
import { coordinatorOf } from './offsets-topic';
import { partitionName } from './topic-names';

/** How soon a timer that found no coordinator up looks again. */
const COORDINATOR_RECHECK_MS = 1_000;

function setState(sim: Sim, g: ConsumerGroup, state: GroupState): void {
  if (g.state === state) return;
  const from = g.state;
  g.state = state;
  emit(sim, { type: 'groupStateChanged', groupId: g.groupId, from, to: state, generation: g.generation });
}

/** Answers a consumer's request from the group's current coordinator. */
export function reply(sim: Sim, g: ConsumerGroup, consumerId: string, incarnation: number, response: GroupResponse): void {
  deliver(sim, g.groupId, coordinatorOf(sim, g), consumerId, incarnation, response);
}

/** Sends an answer from `brokerId` to a consumer, in order with the answers before it on that connection. */
export function deliver(sim: Sim, groupId: string, brokerId: number, consumerId: string, incarnation: number, response: GroupResponse): void {
  const c = sim.consumers[consumerId];
  let at = sim.nowMs + latencyMs(sim, brokerId);
  if (c) {
    at = Math.max(at, c.coordinatorLink.responseAtMs);
    c.coordinatorLink.responseAtMs = at;
  }
  scheduleAt(sim, at, { kind: 'groupResponse', groupId, brokerId, consumerId, incarnation, response });
}

/** Answers a member on the connection its pending request came from (not a later incarnation of the same consumer). */
function replyTo(sim: Sim, g: ConsumerGroup, m: GroupMember, response: GroupResponse): void {
  reply(sim, g, m.consumerId, m.incarnation, response);
}

/** Members whose JoinGroup or SyncGroup the coordinator holds unanswered. */
function pendingMembers(g: ConsumerGroup): GroupMember[] {
  return Object.values(g.members).filter((m) => (g.state === 'PreparingRebalance' && m.joined) || m.awaitingSync);
}

/** Fails every JoinGroup/SyncGroup the coordinator holds (the connection dropped, or it resigned) and forgets them. */
export function failPendingRequests(sim: Sim, g: ConsumerGroup, error: GroupError, fromBroker: number): void {
  for (const m of pendingMembers(g)) {
    const response: GroupResponse = m.awaitingSync
      ? { kind: 'sync', error, generation: -1, assignment: [] }
      : { kind: 'join', error, memberId: m.memberId, generation: -1, protocol: null, leaderId: null, members: [] };
    m.joined = false;
    m.awaitingSync = false;
    deliver(sim, g.groupId, fromBroker, m.consumerId, m.incarnation, response);
  }
}

/**
 * A broker starts coordinating the group (its offsets partition changed leader, or the coordinator
 * restarted): it loads the group from the log and gives every member a fresh session
 * (`GroupMetadataManager.onLoaded` → `rescheduleClassicGroupMemberHeartbeat`). Only completed
 * generations are in the log, so a rebalance that was under way starts over; requests the old
 * coordinator still held are answered NOT_COORDINATOR (`GroupCoordinatorShard.onUnloaded`).
 */
export function loadGroup(sim: Sim, g: ConsumerGroup, brokerId: number): void {
  const incarnation = sim.brokers[brokerId]!.incarnation;
  if (g.coordinatorId === brokerId && g.coordinatorIncarnation === incarnation) return;
  const previous = g.coordinatorId;
  failPendingRequests(sim, g, 'NOT_COORDINATOR', brokerId);
  g.coordinatorId = brokerId;
  g.coordinatorIncarnation = incarnation;
  // Every member's session-check chain is still scheduled; it picks up the fresh deadline.
  for (const m of Object.values(g.members)) m.lastHeartbeatMs = sim.nowMs;
  if (previous >= 0 && previous !== brokerId) emit(sim, { type: 'groupCoordinatorMoved', groupId: g.groupId, from: previous, to: brokerId });
  if (g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance')
    startJoinPhase(sim, g, `the group coordinator moved to broker ${brokerId} during a rebalance`);
}

/** Whether the group's coordinator is up; if it changed since the last look, it loads the group first. */
export function coordinatorUp(sim: Sim, g: ConsumerGroup): boolean {
  const coordinator = coordinatorOf(sim, g);
  if (coordinator < 0 || !sim.brokers[coordinator]!.alive) return false;
  loadGroup(sim, g, coordinator);
  return true;
}

/** The member showed signs of life: its session starts again. */
export function touch(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  m.lastHeartbeatMs = sim.nowMs;
}

function scheduleSessionCheck(sim: Sim, g: ConsumerGroup, m: GroupMember): void {
  scheduleAt(sim, m.lastHeartbeatMs + m.sessionTimeoutMs, { kind: 'groupSessionCheck', groupId: g.groupId, memberId: m.memberId });
}

/** A member leaves the group (LeaveGroup or session timeout): its pending request is answered, and the group rebalances. */
export function removeMember(sim: Sim, g: ConsumerGroup, m: GroupMember, reason: string): void {
  // A JoinGroup or SyncGroup it still waits on is answered: the member is gone.
  if (g.state === 'PreparingRebalance' && m.joined)
    replyTo(sim, g, m, { kind: 'join', error: 'UNKNOWN_MEMBER_ID', memberId: m.memberId, generation: -1, protocol: null, leaderId: null, members: [] });
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
  const rebalanceTimeoutMs = Object.values(g.members).reduce((m, member) => Math.max(m, member.rebalanceTimeoutMs), 0);
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
      emit(sim, {
        type: 'memberLeft',
        groupId,
        memberId: m.memberId,
        consumerId: m.consumerId,
        reason: 'did not rejoin within the rebalance timeout (max.poll.interval.ms)',
      });
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
      members: isLeader
        ? members.map((x) => ({
            memberId: x.memberId,
            groupInstanceId: x.groupInstanceId,
            topics: [...x.topics],
            owned: x.owned.map((tp) => ({ ...tp })),
            generation: g.generation - 1,
          }))
        : [],
    });
  }
}

/** JoinGroup (`ClassicGroup` join handling): a new member, a known one rejoining, or a static member coming back (KIP-345). */
export function handleJoin(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'join' }>): void {
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
        reply(sim, g, r.consumerId, r.incarnation, {
          kind: 'join',
          error: 'NONE',
          memberId,
          generation: g.generation,
          protocol: g.protocol,
          leaderId: g.leaderId,
          members: [],
        });
        return;
      }
    }
  }
  if (r.memberId && !m) {
    reply(sim, g, r.consumerId, r.incarnation, {
      kind: 'join',
      error: 'UNKNOWN_MEMBER_ID',
      memberId: '',
      generation: -1,
      protocol: null,
      leaderId: null,
      members: [],
    });
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

/** SyncGroup: the leader brings the assignment; every member's answer waits for it (CompletingRebalance → Stable). */
export function handleSync(sim: Sim, g: ConsumerGroup, r: Extract<GroupRequest, { kind: 'sync' }>): void {
  const m = g.members[r.memberId];
  if (!m) return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'UNKNOWN_MEMBER_ID', generation: -1, assignment: [] });
  touch(sim, g, m);
  m.incarnation = r.incarnation;
  if (r.generation !== g.generation)
    return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'ILLEGAL_GENERATION', generation: g.generation, assignment: [] });
  if (g.state === 'PreparingRebalance')
    return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'REBALANCE_IN_PROGRESS', generation: g.generation, assignment: [] });
  if (g.state === 'Stable')
    return reply(sim, g, r.consumerId, r.incarnation, { kind: 'sync', error: 'NONE', generation: g.generation, assignment: m.assignment });
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
      assignment: Object.values(g.members).map((x) => ({
        consumerId: x.consumerId,
        partitions: x.assignment.map((tp) => partitionName(tp.topic, tp.partition)),
      })),
    });
    for (const x of Object.values(g.members)) {
      if (!x.awaitingSync) continue;
      x.awaitingSync = false;
      touch(sim, g, x);
      replyTo(sim, g, x, { kind: 'sync', error: 'NONE', generation: g.generation, assignment: x.assignment });
    }
  }
}
