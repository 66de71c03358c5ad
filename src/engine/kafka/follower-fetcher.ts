/**
 * The follower's fetch loop (`ReplicaFetcherThread`, one per follower→leader broker pair,
 * long-polling with `replica.fetch.wait.max.ms`): it fetches from the leader, appends what it gets,
 * takes the leader's high watermark, and truncates its log where it diverged from the leader's
 * (leader epochs, KIP-101 and KIP-595).
 */
import { brokersConnected, emit, latencyMs, schedule, topicOf } from '../core';
import type { FetchPartitionRequest, FetchPartitionResponse, FetchRequest, FetchResponse } from './messages';
import type { Partition, Replica, Sim } from '../state';
import { noteParkedFetchNews } from './delayed-fetch';
import { noteTruncated } from './durability';
import { appendBatch, assignEpoch, endOffsetForEpoch, latestEpoch, truncateEpochsFromStart, truncateFullyAndStartAt, truncateTo, UNDEFINED_EPOCH } from './log';

/** Sends the follower's next fetch to `leaderId` if none is in flight and it has partitions to fetch. */
export function kickFetcher(sim: Sim, followerId: number, leaderId: number): void {
  if (followerId === leaderId) return;
  const f = sim.brokers[followerId];
  const l = sim.brokers[leaderId];
  if (!f || !l || !f.alive) return;
  const fetcher = (f.fetchers[leaderId] ??= { inFlight: false, sessionOpen: false });
  if (fetcher.inFlight) {
    noteParkedFetchNews(sim, leaderId, followerId); // a parked fetch returns within replica.fetch.wait.max.ms to pick up new partitions
    return;
  }
  if (!brokersConnected(sim, followerId, leaderId)) return; // woken again by heal, restart or new metadata
  const partitions: FetchPartitionRequest[] = [];
  for (const key of f.hosted) {
    const r = sim.partitions[key]!.logs[followerId]!;
    if (r.viewLeader !== leaderId || r.fetchBlocked) continue;
    partitions.push({ key, fetchOffset: r.log.leo, lastFetchedEpoch: latestEpoch(r.log), currentLeaderEpoch: r.viewLeaderEpoch });
  }
  if (partitions.length === 0) return;
  fetcher.inFlight = true;
  const request: FetchRequest = {
    followerId,
    leaderId,
    followerIncarnation: f.incarnation,
    leaderIncarnation: l.incarnation,
    full: !fetcher.sessionOpen,
    partitions,
  };
  schedule(sim, latencyMs(sim, followerId, leaderId), { kind: 'fetchArrive', request });
}

/** Re-fetches from every leader this broker follows (after a restart, heal or metadata catch-up). */
export function kickAllFetchers(sim: Sim, followerId: number): void {
  const leaders = new Set<number>();
  for (const key of sim.brokers[followerId]!.hosted) {
    const r = sim.partitions[key]!.logs[followerId]!;
    if (r.viewLeader >= 0 && r.viewLeader !== followerId) leaders.add(r.viewLeader);
  }
  for (const l of [...leaders].sort((a, b) => a - b)) kickFetcher(sim, followerId, l);
}

/** The follower receives the leader's answer: truncate on divergence, append, adopt the high watermark, fetch again. */
export function onFetchResponse(sim: Sim, response: FetchResponse): void {
  const f = sim.brokers[response.followerId]!;
  if (!f.alive || f.incarnation !== response.followerIncarnation) return;
  const fetcher = f.fetchers[response.leaderId];
  if (fetcher) {
    fetcher.inFlight = false;
    fetcher.sessionOpen = true; // an answer came: the session holds (FetchSessionHandler)
  }
  for (const resp of response.partitions) {
    const p = sim.partitions[resp.key]!;
    const r = p.logs[response.followerId]!;
    if (r.viewLeader !== response.leaderId) continue; // metadata moved on while the fetch was in flight
    // AbstractFetcherThread.processFetchRequest: only an answer to the current fetch state counts.
    if (resp.fetchOffset !== r.log.leo) continue;
    if (resp.error === 'NOT_LEADER_OR_FOLLOWER' || resp.error === 'FENCED_LEADER_EPOCH' || resp.error === 'UNKNOWN_LEADER_EPOCH') {
      // onPartitionFenced: wait for newer metadata, unless it has already arrived since this fetch was sent.
      if (resp.requestLeaderEpoch === r.viewLeaderEpoch) r.fetchBlocked = true;
      continue;
    }
    if (resp.divergingEpoch) {
      truncateOnDivergence(sim, p, r, resp.divergingEpoch);
      continue;
    }
    if (resp.error === 'OFFSET_OUT_OF_RANGE') {
      handleOutOfRange(sim, p, r, resp);
      continue;
    }
    appendAsFollower(sim, p, r, resp);
  }
  kickFetcher(sim, response.followerId, response.leaderId);
}

function appendAsFollower(sim: Sim, p: Partition, r: Replica, resp: FetchPartitionResponse): void {
  const from = r.log.leo;
  const cfg = topicOf(sim, p).settings;
  for (const batch of resp.batches) {
    if (batch.endOffset <= r.log.leo) continue; // already have it
    if (batch.baseOffset < r.log.leo) break; // overlaps our log: the next fetch sorts it out
    // A batch may start past our end: compaction leaves offset gaps, and offsets only need to increase (UnifiedLog.append).
    if (batch.partitionLeaderEpoch > latestEpoch(r.log)) assignEpoch(r.log, batch.partitionLeaderEpoch, batch.baseOffset);
    const rolled = appendBatch(r.log, batch, cfg, sim.nowMs);
    if (rolled) emit(sim, { type: 'segmentRolled', topic: p.topic, partition: p.index, brokerId: r.brokerId, baseOffset: batch.baseOffset, reason: rolled });
  }
  if (r.log.leo > from)
    emit(sim, {
      type: 'recordsReplicated',
      topic: p.topic,
      partition: p.index,
      brokerId: r.brokerId,
      leaderId: r.viewLeader,
      baseOffset: from,
      endOffset: r.log.leo,
    });
  // UnifiedLog.updateHighWatermark: the follower takes the leader's HW, bounded by its own LEO.
  r.highWatermark = Math.max(r.log.logStartOffset, Math.min(resp.highWatermark, r.log.leo));
  if (resp.logStartOffset > r.log.logStartOffset && resp.logStartOffset <= r.log.leo) {
    r.log.logStartOffset = resp.logStartOffset;
    truncateEpochsFromStart(r.log, resp.logStartOffset); // UnifiedLog.maybeIncrementLogStartOffset
  }
}

/**
 * `AbstractFetcherThread.truncateOnFetchResponse` / `getOffsetTruncationState`: truncate to the end
 * of the last epoch both logs share. If the follower does not know the leader's epoch, it truncates
 * to the end of its own largest earlier epoch and asks again on the next fetch.
 */
function truncateOnDivergence(sim: Sim, p: Partition, r: Replica, diverging: { epoch: number; endOffset: number }): void {
  let target: number;
  if (diverging.epoch === UNDEFINED_EPOCH) target = Math.min(diverging.endOffset, r.log.leo);
  else {
    const own = endOffsetForEpoch(r.log, diverging.epoch);
    if (own.epoch === UNDEFINED_EPOCH) target = Math.min(diverging.endOffset, r.log.leo);
    else if (own.epoch !== diverging.epoch) target = Math.min(own.endOffset, r.log.leo);
    else target = Math.min(own.endOffset, diverging.endOffset, r.log.leo); // AbstractFetcherThread.getOffsetTruncationState
  }
  if (target < 0) target = r.highWatermark;
  truncateReplica(sim, p, r, target, 'diverging epoch');
}

/** `ReplicaFetcherThread.handleOutOfRangeError`: follower ahead of the leader truncates to it; behind its start, restarts there. */
function handleOutOfRange(sim: Sim, p: Partition, r: Replica, resp: FetchPartitionResponse): void {
  if (resp.leaderLeo < r.log.leo) {
    truncateReplica(sim, p, r, resp.leaderLeo, 'offset out of range');
  } else if (resp.logStartOffset > r.log.leo) {
    const from = r.log.leo;
    truncateFullyAndStartAt(r.log, resp.logStartOffset, sim.nowMs);
    r.highWatermark = resp.logStartOffset;
    emit(sim, {
      type: 'logTruncated',
      topic: p.topic,
      partition: p.index,
      brokerId: r.brokerId,
      fromEndOffset: from,
      toEndOffset: resp.logStartOffset,
      reason: 'offset out of range',
    });
  } else {
    r.fetchBlocked = true; // nothing to fix locally: wait for metadata
  }
}

function truncateReplica(sim: Sim, p: Partition, r: Replica, offset: number, reason: 'diverging epoch' | 'offset out of range'): void {
  const from = r.log.leo;
  const removed = truncateTo(r.log, offset, sim.nowMs);
  if (r.highWatermark > r.log.leo) r.highWatermark = r.log.leo;
  if (removed.length > 0 || from !== r.log.leo) {
    emit(sim, { type: 'logTruncated', topic: p.topic, partition: p.index, brokerId: r.brokerId, fromEndOffset: from, toEndOffset: r.log.leo, reason });
    noteTruncated(sim, p, removed);
  }
}
