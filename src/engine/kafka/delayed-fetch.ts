/**
 * The leader's answer to a follower's fetch, now or later: a fetch with nothing new to carry waits
 * at the leader (`DelayedFetch` in the fetch purgatory) until new data arrives, or — when the
 * follower is owed news such as a moved high watermark — until `replica.fetch.wait.max.ms` expires.
 * The leader's checks of a follower fetch (`Partition.fetchRecords`) live here too.
 */
import { brokerNumber, latencyMs, schedule, scheduleAt } from '../core';
import type { FetchPartitionRequest, FetchPartitionResponse, FetchRequest, FetchResponse } from './messages';
import type { ParkedFetch, Partition, Replica, Sim } from '../state';
import { endOffsetForEpoch, readBatches, UNDEFINED_EPOCH } from './log';
import type { StoredBatch } from './record-batch';

/** Owes a parked fetch its timeout (called when the high watermark moves or new partitions appear). */
export function noteParkedFetchNews(sim: Sim, leaderId: number, followerId: number): void {
  if (sim.brokers[leaderId]?.parked[followerId]) scheduleParkedTimeout(sim, leaderId, followerId);
}

/**
 * Owes a parked fetch its `replica.fetch.wait.max.ms` expiry. One sweep task per leader broker,
 * at the earliest owed deadline, serves all its parked fetches: at low rates new data usually
 * answers them first, and a task per fetch would mostly wake for nothing.
 */
export function scheduleParkedTimeout(sim: Sim, leaderId: number, followerId: number): void {
  const l = sim.brokers[leaderId]!;
  const parked = l.parked[followerId];
  if (!parked || parked.timeoutScheduled) return;
  parked.timeoutScheduled = true;
  // At least 1 ms, so a follower polling with replica.fetch.wait.max.ms=0 and no latency cannot stall the clock.
  const deadline = Math.max(sim.nowMs + 1, parked.parkedAtMs + brokerNumber(sim, 'replica.fetch.wait.max.ms'));
  if (l.parkedSweepAtMs < 0 || deadline < l.parkedSweepAtMs) {
    l.parkedSweepAtMs = deadline;
    scheduleAt(sim, deadline, { kind: 'parkedFetchTimeout', leaderId, incarnation: l.incarnation, atMs: deadline });
  }
}

/** The sweep: answers every parked fetch whose owed expiry has come, then waits for the next. */
export function onParkedFetchTimeout(sim: Sim, leaderId: number, incarnation: number, atMs: number): void {
  const l = sim.brokers[leaderId]!;
  if (!l.alive || l.incarnation !== incarnation || l.parkedSweepAtMs !== atMs) return;
  l.parkedSweepAtMs = -1;
  const waitMs = brokerNumber(sim, 'replica.fetch.wait.max.ms');
  let next = -1;
  for (const id of Object.keys(l.parked).map(Number)) {
    const parked = l.parked[id]!;
    if (!parked.timeoutScheduled) continue;
    const deadline = Math.max(parked.parkedAtMs + waitMs, parked.parkedAtMs + 1);
    if (deadline <= sim.nowMs) respondToParked(sim, leaderId, id);
    else if (next < 0 || deadline < next) next = deadline;
  }
  if (next >= 0 && (l.parkedSweepAtMs < 0 || next < l.parkedSweepAtMs)) {
    l.parkedSweepAtMs = next;
    scheduleAt(sim, next, { kind: 'parkedFetchTimeout', leaderId, incarnation: l.incarnation, atMs: next });
  }
}

/** Answers the fetch a follower has parked at the leader, if any. */
export function respondToParked(sim: Sim, leaderId: number, followerId: number): void {
  const l = sim.brokers[leaderId]!;
  const parked = l.parked[followerId];
  if (!parked) return;
  delete l.parked[followerId];
  sendFetchResponse(sim, parked.request);
}

function parkedOn(parked: ParkedFetch | undefined, key: string): boolean {
  if (!parked) return false;
  for (const fp of parked.request.partitions) if (fp.key === key) return true;
  return false;
}

/** New data on a partition the leader leads: complete any follower fetch parked on it. */
export function noteAppended(sim: Sim, leaderId: number, p: Partition): void {
  const l = sim.brokers[leaderId]!;
  for (const id of p.replicas) {
    if (id !== leaderId && parkedOn(l.parked[id], p.key)) respondToParked(sim, leaderId, id);
  }
}

/** The leader's answer to a follower fetch, within `replica.fetch.response.max.bytes` and `replica.fetch.max.bytes`. */
export function sendFetchResponse(sim: Sim, request: FetchRequest): void {
  const partitions: FetchPartitionResponse[] = [];
  let budget = brokerNumber(sim, 'replica.fetch.response.max.bytes');
  const perPartition = brokerNumber(sim, 'replica.fetch.max.bytes');
  for (const fp of request.partitions) {
    const r = sim.partitions[fp.key]!.logs[request.leaderId]!;
    const resp = readForFollower(r, fp, request.followerId, Math.min(perPartition, Math.max(0, budget)), request.full);
    if (!resp) continue;
    for (const b of resp.batches) budget -= b.sizeBytes;
    partitions.push(resp);
  }
  const response: FetchResponse = { followerId: request.followerId, leaderId: request.leaderId, followerIncarnation: request.followerIncarnation, partitions };
  schedule(sim, latencyMs(sim, request.followerId, request.leaderId), { kind: 'fetchResponse', response });
}

type FetchValidation = 'NOT_LEADER_OR_FOLLOWER' | 'FENCED_LEADER_EPOCH' | 'UNKNOWN_LEADER_EPOCH' | 'OFFSET_OUT_OF_RANGE' | 'DIVERGING' | null;

/**
 * The leader's checks on one partition of a follower fetch (`Partition.fetchRecords`): leadership,
 * leader epoch, KIP-595 divergence and offset range. `null` when the fetch is valid.
 */
export function validateFollowerFetch(r: Replica, fp: FetchPartitionRequest): FetchValidation {
  if (r.viewLeader !== r.brokerId || !r.followers) return 'NOT_LEADER_OR_FOLLOWER';
  if (fp.currentLeaderEpoch < r.viewLeaderEpoch) return 'FENCED_LEADER_EPOCH';
  if (fp.currentLeaderEpoch > r.viewLeaderEpoch) return 'UNKNOWN_LEADER_EPOCH';
  if (fp.lastFetchedEpoch !== UNDEFINED_EPOCH) {
    const end = endOffsetForEpoch(r.log, fp.lastFetchedEpoch);
    if (end.epoch === UNDEFINED_EPOCH || end.endOffset < 0) return 'OFFSET_OUT_OF_RANGE';
    if (end.epoch < fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) return 'DIVERGING';
  }
  if (fp.fetchOffset > r.log.leo || fp.fetchOffset < r.log.logStartOffset) return 'OFFSET_OUT_OF_RANGE';
  return null;
}

/**
 * The answer for one partition: an error, a diverging epoch, or the records from the fetch offset up
 * to the LEO (followers may read past the high watermark). In an incremental fetch, null for a
 * partition with nothing new for the follower — no records, and the high watermark and log start
 * offset it already has (`FetchSession.CachedPartition.maybeUpdateResponseData`, KIP-227).
 */
function readForFollower(r: Replica, fp: FetchPartitionRequest, followerId: number, maxBytes: number, full: boolean): FetchPartitionResponse | null {
  const error = validateFollowerFetch(r, fp);
  let divergingEpoch: FetchPartitionResponse['divergingEpoch'] = null;
  let batches: StoredBatch[] = NO_BATCHES;
  if (error === 'DIVERGING') {
    const end = endOffsetForEpoch(r.log, fp.lastFetchedEpoch);
    divergingEpoch = { epoch: end.epoch, endOffset: end.endOffset };
  } else if (error === null) {
    const fs = r.followers![followerId]!;
    if (!full && fp.fetchOffset >= r.log.leo && fs.hwSent === r.highWatermark && fs.lsoSent === r.log.logStartOffset) return null;
    fs.hwSent = r.highWatermark;
    fs.lsoSent = r.log.logStartOffset;
    batches = readBatches(r.log, fp.fetchOffset, r.log.leo, maxBytes);
  }
  return {
    key: fp.key,
    error: error === null || error === 'DIVERGING' ? 'NONE' : error,
    batches,
    highWatermark: r.highWatermark,
    logStartOffset: r.log.logStartOffset,
    leaderLeo: r.log.leo,
    divergingEpoch,
    fetchOffset: fp.fetchOffset,
    requestLeaderEpoch: fp.currentLeaderEpoch,
  };
}

const NO_BATCHES: StoredBatch[] = [];
