/**
 * The group coordinator, classic protocol (`GroupCoordinator` / `ClassicGroup` in Kafka): the leader
 * of `__consumer_offsets` partition `abs(groupId.hashCode()) % offsets.topic.num.partitions` answers each
 * group's JoinGroup / SyncGroup / Heartbeat / LeaveGroup / OffsetCommit: here the requests arrive,
 * members' sessions expire, offsets are committed and reset. The rebalance itself (the group's state
 * machine, the assignor vote, the leader's assignment) is group-rebalance.ts.
 */
import type { OffsetResetTarget } from '../commands';
import type { ConsumerGroup } from '../consumer-state';
import { brokerNumber, emit, scheduleAt } from '../core';
import { KafkaException } from '../errors';
import type { Sim } from '../state';
import { coordinatorUp, deliver, failPendingRequests, handleJoin, handleSync, loadGroup, removeMember, reply, touch } from './group-rebalance';
import type { Log } from './log';
import { readBatches } from './log';
import type { GroupError, GroupRequest, GroupResponse } from './messages';
import { coordinatorOf, OFFSETS_TOPIC, offsetsPartitionFor } from './offsets-topic';
import { recordOffset, recordTimestampMs } from './record-batch';

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
  if (to.kind === 'offset' && !Number.isSafeInteger(to.offset))
    throw new KafkaException('InvalidRequestException', `--to-offset needs a whole number (got ${String(to.offset)}).`);
  if (to.kind === 'timestamp' && !Number.isSafeInteger(to.timestampMs))
    throw new KafkaException('InvalidRequestException', `--to-datetime needs a time in whole milliseconds (got ${String(to.timestampMs)}).`);
  if (g.state !== 'Empty' && g.state !== 'Dead') {
    throw new KafkaException(
      'GroupNotEmptyException',
      `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${g.state}. Stop (remove or crash) its consumers first.`,
    );
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
