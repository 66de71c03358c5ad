/**
 * The consumer's side of the group protocol (`ConsumerCoordinator` / `AbstractCoordinator`): finding
 * the group coordinator, joining and rebalancing (eager or cooperative: revoking partitions, the
 * leader computing the assignment, taking the new one), the heartbeat thread, and offset commits.
 * The broker's side is group-coordinator.ts.
 */
import type { Consumer } from '../consumer-state';
import { clientCanReach, emit, latencyMs, schedule, scheduleAt } from '../core';
import { isKafkaException } from '../errors';
import type { Sim } from '../state';
import type { AssignorMember, AssignorName, TopicPartition } from './assignors';
import { assignPartitions } from './assignors';
import { consumerConfig, consumerNumber, COORDINATOR_RETRY_MS, isCooperative, RETRY_BACKOFF_MS, strategies } from './consumer-configs';
import { schedulePoll, unfetchable, wake } from './consumer-fetcher';
import { coordinatorOf, OFFSETS_TOPIC, offsetsPartitionFor } from './offsets-topic';
import type { GroupRequest, GroupResponse } from './messages';
import { partitionName } from './topic-names';
import { ensureOffsetsTopic } from './topics';

const tpKey = (tp: TopicPartition) => partitionName(tp.topic, tp.partition);

/**
 * FindCoordinator: the group's coordinator if a client can reach it, else -1 (COORDINATOR_NOT_AVAILABLE).
 * The broker creates `__consumer_offsets` on the first lookup that needs it, once enough brokers run
 * (`KafkaApis.handleFindCoordinatorRequest` → `getOrCreateInternalTopic`).
 */
export function findCoordinator(sim: Sim, c: Consumer): number {
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

/** Sends a group request to the coordinator; false when none can be found (COORDINATOR_NOT_AVAILABLE). */
export function sendToCoordinator(sim: Sim, c: Consumer, request: GroupRequest): boolean {
  const coordinator = findCoordinator(sim, c);
  if (coordinator < 0) return false; // FindCoordinator fails: COORDINATOR_NOT_AVAILABLE
  // One connection: requests arrive in the order they were sent (a commit never overtakes an older one).
  const at = Math.max(sim.nowMs + latencyMs(sim, coordinator), c.coordinatorLink.requestAtMs);
  c.coordinatorLink.requestAtMs = at;
  scheduleAt(sim, at, { kind: 'groupRequest', groupId: c.groupId, brokerId: coordinator, request });
  return true;
}

/** Every owned partition is lost (not handed over): said once, then dropped. NOTE mutates sim. */
function loseAssignment(sim: Sim, c: Consumer): void {
  const partitions = c.assignment.map(tpKey);
  if (partitions.length > 0)
    emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions, protocol: isCooperative(c) ? 'cooperative' : 'eager' });
  dropPartitions(c, partitions);
  c.assignment = [];
}

/** `ConsumerCoordinator.onJoinPrepare` and the JoinGroup request. */
export function startJoin(sim: Sim, c: Consumer): boolean {
  if (findCoordinator(sim, c) < 0) return false;
  if (c.memberId && consumerConfig(c, 'enable.auto.commit') === true) commit(sim, c); // commit before rebalancing
  if (c.memberId === null && c.assignment.length > 0) {
    // ConsumerCoordinator.onJoinPrepare: with the member id / generation reset (it left the group or was
    // removed), every owned partition is lost, under either protocol; there is nothing left to commit.
    loseAssignment(sim, c);
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
    sessionTimeoutMs: consumerNumber(c, 'session.timeout.ms'),
    rebalanceTimeoutMs: consumerNumber(c, 'max.poll.interval.ms'),
  });
}

function dropPartitions(c: Consumer, keys: string[]): void {
  for (const k of keys) {
    delete c.positions[k];
    delete c.consumed[k];
  }
  c.buffers = c.buffers.filter((b) => !keys.includes(partitionName(b.topic, b.partition)));
}

/** Whether the consumer has consumed records it has not committed. */
export function hasUncommitted(c: Consumer): boolean {
  return Object.keys(c.consumed).some((k) => c.consumed[k] !== c.committedByMe[k]);
}

/** Auto-commit from poll, once `auto.commit.interval.ms` has passed since the last commit. */
export function maybeAutoCommit(sim: Sim, c: Consumer): void {
  if (consumerConfig(c, 'enable.auto.commit') !== true) return;
  if (sim.nowMs - c.lastCommitMs < consumerNumber(c, 'auto.commit.interval.ms')) return;
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
  if (consumerConfig(c, 'enable.auto.commit') === true || c.commitRetryAtMs >= 0) return;
  c.commitRetryAtMs = sim.nowMs + RETRY_BACKOFF_MS;
  if (c.waitingForData) {
    schedulePoll(sim, c, c.commitRetryAtMs); // a poll still processing records retries when it returns
    c.waitingForData = true;
  }
}

function scheduleHeartbeat(sim: Sim, c: Consumer): void {
  if (c.heartbeatScheduled) return;
  c.heartbeatScheduled = true;
  schedule(sim, consumerNumber(c, 'heartbeat.interval.ms'), { kind: 'consumerHeartbeat', consumerId: c.id, incarnation: c.incarnation });
}

/** The heartbeat thread's turn (`AbstractCoordinator.HeartbeatThread`): notices a stalled poll loop, else heartbeats. */
export function onConsumerHeartbeat(sim: Sim, consumerId: string, incarnation: number): void {
  const c = sim.consumers[consumerId];
  if (!c || !c.alive || c.removed || c.incarnation !== incarnation) return;
  c.heartbeatScheduled = false;
  if (!c.memberId) return;
  const pollTimeout = consumerNumber(c, 'max.poll.interval.ms');
  if (c.status === 'stable' && !c.waitingForData && sim.nowMs - c.lastPollMs > pollTimeout) {
    // The heartbeat thread notices the application stopped polling (AbstractCoordinator.HeartbeatThread).
    emit(sim, {
      type: 'consumerError',
      consumerId: c.id,
      groupId: c.groupId,
      error: {
        name: 'CommitFailedException',
        message: `consumer poll timeout has expired: the time between subsequent calls to poll() was longer than max.poll.interval.ms (${pollTimeout} ms). The consumer ${c.groupInstanceId ? 'stops heartbeating' : 'leaves the group'}; its partitions go to other members.`,
      },
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

/** The coordinator's answer to a JoinGroup, SyncGroup, Heartbeat, LeaveGroup or OffsetCommit arrives. */
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
      const assignment =
        response.leaderId === response.memberId && response.members.length > 0 ? computeAssignment(sim, response.protocol ?? 'range', response.members) : null;
      if (
        !sendToCoordinator(sim, c, { kind: 'sync', consumerId: c.id, incarnation: c.incarnation, memberId: c.memberId, generation: c.generation, assignment })
      ) {
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
        loseAssignment(sim, c);
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
  const input: AssignorMember[] = members.map((m) => ({
    id: m.memberId,
    ...(m.groupInstanceId ? { groupInstanceId: m.groupInstanceId } : {}),
    topics: m.topics,
    owned: m.owned,
    generation: m.generation,
  }));
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
    if (consumerConfig(c, 'enable.auto.commit') === true) commit(sim, c);
    emit(sim, { type: 'partitionsRevoked', groupId: c.groupId, consumerId: c.id, partitions: revoked, protocol: isCooperative(c) ? 'cooperative' : 'eager' });
    dropPartitions(c, revoked);
    if (isCooperative(c)) c.needsRejoin = true;
  }
  c.assignment = assignment.map((tp) => ({ ...tp }));
  if (added.length > 0 || c.assignment.length === 0)
    emit(sim, { type: 'partitionsAssigned', groupId: c.groupId, consumerId: c.id, partitions: added, generation });
  schedulePoll(sim, c, sim.nowMs);
}
