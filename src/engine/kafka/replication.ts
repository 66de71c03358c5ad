/**
 * Leaders and followers: role changes from metadata (`Partition.makeLeader` / `makeFollower`), the
 * follower fetch loop (`ReplicaFetcherThread`, one per follower→leader broker pair, long-polling
 * with `replica.fetch.wait.max.ms`), divergence and truncation by leader epoch (KIP-101, KIP-595),
 * the high watermark (`Partition.maybeIncrementLeaderHW`) and ISR shrink/expand (`maybeShrinkIsr`,
 * `maybeExpandIsr`).
 */
import { brokerNumber, brokersConnected, effectiveMinIsr, emit, latencyMs, schedule, scheduleAt, topicOf } from '../core';
import type { FetchPartitionRequest, FetchPartitionResponse, FetchRequest, FetchResponse } from './messages';
import type { ParkedFetch, Partition, Replica, Sim } from '../state';
import type { StoredBatch } from './record-batch';
import { alterIsr } from './controller';
import { noteTruncated } from './durability';
import { appendBatch, assignEpoch, endOffsetForEpoch, latestEpoch, readBatches, truncateEpochsFromStart, truncateFullyAndStartAt, truncateTo, UNDEFINED_EPOCH } from './log';
import type { RollConfig } from './log';
import { completeWaitingProduces, failWaitingProduces } from './produce';
import { wakeParkedConsumers } from './consumer';

/** Roll settings of a partition's topic. */
export function rollConfig(sim: Sim, p: Partition): RollConfig {
  return topicOf(sim, p).settings;
}

/** The offset where the leader's current epoch began (used for ISR eligibility). */
function currentEpochStart(r: Replica): number {
  const e = r.log.epochs[r.log.epochs.length - 1];
  return e ? e.startOffset : 0;
}

/**
 * Applies the controller's state of `p` to one broker's replica: becoming leader or follower on a
 * new leader epoch, or taking a new ISR. NOTE mutates sim.
 */
export function applyMetadata(sim: Sim, p: Partition, r: Replica): void {
  const broker = sim.brokers[r.brokerId]!;
  if (!broker.alive) return;
  if (p.leaderEpoch !== r.viewLeaderEpoch || p.leader !== r.viewLeader) {
    const wasLeader = r.followers !== null;
    r.viewLeader = p.leader;
    r.viewLeaderEpoch = p.leaderEpoch;
    r.viewIsr = [...p.isr];
    r.fetchBlocked = false;
    if (p.leader === r.brokerId) becomeLeader(sim, p, r);
    else {
      if (wasLeader) stepDown(sim, p, r);
      if (p.leader >= 0) kickFetcher(sim, r.brokerId, p.leader);
    }
    return;
  }
  const isrChanged = r.viewIsr.length !== p.isr.length || r.viewIsr.some((id, i) => p.isr[i] !== id);
  r.fetchBlocked = false;
  if (isrChanged) {
    r.viewIsr = [...p.isr];
    if (r.followers) maybeIncrementHighWatermark(sim, p, r);
  }
  if (p.leader >= 0 && p.leader !== r.brokerId) kickFetcher(sim, r.brokerId, p.leader);
}

/** `Partition.makeLeader`: start the new epoch at the LEO and reset what we know of followers. */
function becomeLeader(sim: Sim, p: Partition, r: Replica): void {
  assignEpoch(r.log, r.viewLeaderEpoch, r.log.leo);
  r.followers = {};
  for (const id of p.replicas) {
    if (id === r.brokerId) continue;
    // Replica.resetReplicaState: in-sync followers count as caught up now; their LEO is unknown.
    r.followers[id] = { leo: -1, lastCaughtUpTimeMs: r.viewIsr.includes(id) ? sim.nowMs : 0, lastFetchTimeMs: 0, lastFetchLeaderLeo: -1, hwSent: -1 };
  }
  maybeIncrementHighWatermark(sim, p, r);
  // Followers parked on us under the old epoch must re-fetch with the new one.
  for (const id of p.replicas) if (id !== r.brokerId) kickFetcher(sim, id, r.brokerId);
}

/** A leader that lost leadership fails what waits on it (`NOT_LEADER_OR_FOLLOWER`). */
function stepDown(sim: Sim, p: Partition, r: Replica): void {
  r.followers = null;
  wakeParkedConsumers(sim, r.brokerId, p); // they get NOT_LEADER_OR_FOLLOWER and look for the new leader
  failWaitingProduces(sim, p, r, 'NOT_LEADER_OR_FOLLOWER');
  const broker = sim.brokers[r.brokerId]!;
  for (const id of Object.keys(broker.parked).map(Number)) {
    const parked = broker.parked[id]!;
    if (parked.request.partitions.some((fp) => fp.key === p.key)) respondToParked(sim, r.brokerId, id);
  }
}

// ---------------------------------------------------------------------------------------------
// The high watermark

/**
 * `Partition.maybeIncrementLeaderHW`: the minimum LEO over the leader, the ISR and caught-up
 * replicas about to join it; only forwards; and — since Kafka 3.7 (KAFKA-15583) — not at all while
 * the ISR is smaller than min.insync.replicas. NOTE mutates sim.
 */
export function maybeIncrementHighWatermark(sim: Sim, p: Partition, r: Replica): boolean {
  if (!r.followers) return false;
  if (r.viewIsr.length < effectiveMinIsr(sim, p)) return false;
  let hw = r.log.leo;
  const lagMaxMs = brokerNumber(sim, 'replica.lag.time.max.ms');
  for (const id of p.replicas) {
    if (id === r.brokerId) continue;
    const fs = r.followers[id]!;
    const inIsr = r.viewIsr.includes(id);
    const aboutToJoin = !inIsr && isCaughtUp(fs, r.log.leo, sim.nowMs, lagMaxMs) && sim.brokers[id]?.fenced === false;
    if ((inIsr || aboutToJoin) && fs.leo < hw) hw = fs.leo;
  }
  if (hw <= r.highWatermark) return false;
  const from = r.highWatermark;
  r.highWatermark = hw;
  emit(sim, { type: 'highWatermarkMoved', topic: p.topic, partition: p.index, brokerId: r.brokerId, from, to: hw });
  completeWaitingProduces(sim, p, r);
  wakeParkedConsumers(sim, r.brokerId, p); // consumers read below the high watermark: new records are visible
  for (const id of p.replicas) if (id !== r.brokerId) noteParkedFetchNews(sim, r.brokerId, id); // followers learn the new HW on the timeout
  return true;
}

/** `ReplicaState.isCaughtUp`. */
function isCaughtUp(fs: { leo: number; lastCaughtUpTimeMs: number }, leaderLeo: number, nowMs: number, lagMaxMs: number): boolean {
  return fs.leo === leaderLeo || nowMs - fs.lastCaughtUpTimeMs <= lagMaxMs;
}

// ---------------------------------------------------------------------------------------------
// ISR shrink: each broker checks the partitions it leads every replica.lag.time.max.ms / 2
// (ReplicaManager's "isr-expiration" task).

export function scheduleIsrCheck(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId]!;
  schedule(sim, Math.max(1, Math.floor(brokerNumber(sim, 'replica.lag.time.max.ms') / 2)), { kind: 'isrCheck', brokerId, incarnation: b.incarnation });
}

export function onIsrCheck(sim: Sim, brokerId: number): void {
  scheduleIsrCheck(sim, brokerId);
  const lagMaxMs = brokerNumber(sim, 'replica.lag.time.max.ms');
  for (const key of sim.brokers[brokerId]!.hosted) {
    const p = sim.partitions[key]!;
    const r = p.logs[brokerId]!;
    if (!r.followers) continue;
    const outOfSync = r.viewIsr.filter((id) => id !== brokerId && !isCaughtUp(r.followers![id]!, r.log.leo, sim.nowMs, lagMaxMs));
    if (outOfSync.length === 0) continue;
    const isr = r.viewIsr.filter((id) => !outOfSync.includes(id));
    if (alterIsr(sim, p, brokerId, r.viewLeaderEpoch, isr)) maybeIncrementHighWatermark(sim, p, r);
  }
}

// ---------------------------------------------------------------------------------------------
// The follower fetch loop

/** Sends the follower's next fetch to `leaderId` if none is in flight and it has partitions to fetch. */
export function kickFetcher(sim: Sim, followerId: number, leaderId: number): void {
  if (followerId === leaderId) return;
  const f = sim.brokers[followerId];
  const l = sim.brokers[leaderId];
  if (!f || !l || !f.alive) return;
  const fetcher = (f.fetchers[leaderId] ??= { inFlight: false });
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
  const request: FetchRequest = { followerId, leaderId, followerIncarnation: f.incarnation, leaderIncarnation: l.incarnation, partitions };
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

function abandonFetch(sim: Sim, request: FetchRequest): void {
  const f = sim.brokers[request.followerId];
  if (f && f.incarnation === request.followerIncarnation) {
    const fetcher = f.fetchers[request.leaderId];
    if (fetcher) fetcher.inFlight = false;
    // The fetcher thread keeps fetching from its leader after a disconnect (AbstractFetcherThread):
    // a restarted leader gets a fresh fetch; a dead or cut-off one is retried on restart or heal.
    kickFetcher(sim, request.followerId, request.leaderId);
  }
}

/** The leader receives a follower's fetch: validate, record the follower's progress, answer or park. */
export function onFetchArrive(sim: Sim, request: FetchRequest): void {
  const f = sim.brokers[request.followerId];
  // Sent by a follower process that has died since: its connection died with it, and the broker epoch
  // the fetch carries is stale (KIP-903), so it must neither update follower state nor take the parked slot.
  if (!f || !f.alive || f.incarnation !== request.followerIncarnation) return;
  const l = sim.brokers[request.leaderId]!;
  if (!l.alive || l.incarnation !== request.leaderIncarnation || !brokersConnected(sim, request.followerId, request.leaderId)) {
    abandonFetch(sim, request);
    return;
  }
  let respondNow = false;
  let pending = false;
  for (const fp of request.partitions) {
    const p = sim.partitions[fp.key]!;
    const r = p.logs[request.leaderId]!;
    if (validateFollowerFetch(r, fp) !== null) {
      respondNow = true;
      continue;
    }
    updateFollowerFetchState(sim, p, r, fp, request.followerId);
    if (fp.fetchOffset < r.log.leo) respondNow = true;
    else if (r.highWatermark > r.followers![request.followerId]!.hwSent || !r.viewIsr.includes(request.followerId)) pending = true; // news to deliver, or an ISR expansion to retry
  }
  if (respondNow) {
    sendFetchResponse(sim, request);
    return;
  }
  // DelayedFetch: wait for new data, at most replica.fetch.wait.max.ms. The timeout only changes
  // something when the follower is owed news (a moved high watermark, partitions it has started
  // following since), so only then is it scheduled: an idle cluster does no work.
  l.parked[request.followerId] = { request, parkedAtMs: sim.nowMs, timeoutScheduled: false };
  if (pending || followsMoreThan(sim, request)) scheduleParkedTimeout(sim, request.leaderId, request.followerId);
}

/** The follower now follows partitions of this leader that its parked fetch does not carry. */
function followsMoreThan(sim: Sim, request: FetchRequest): boolean {
  let n = 0;
  for (const key of sim.brokers[request.followerId]!.hosted) {
    const r = sim.partitions[key]!.logs[request.followerId]!;
    if (r.viewLeader === request.leaderId && !r.fetchBlocked) n++;
  }
  return n !== request.partitions.length;
}

/** Owes a parked fetch its timeout (called when the high watermark moves or new partitions appear). */
export function noteParkedFetchNews(sim: Sim, leaderId: number, followerId: number): void {
  if (sim.brokers[leaderId]?.parked[followerId]) scheduleParkedTimeout(sim, leaderId, followerId);
}

/**
 * Owes a parked fetch its `replica.fetch.wait.max.ms` expiry. One sweep task per leader broker,
 * at the earliest owed deadline, serves all its parked fetches: at low rates new data usually
 * answers them first, and a task per fetch would mostly wake for nothing.
 */
function scheduleParkedTimeout(sim: Sim, leaderId: number, followerId: number): void {
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

function respondToParked(sim: Sim, leaderId: number, followerId: number): void {
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

function sendFetchResponse(sim: Sim, request: FetchRequest): void {
  const partitions: FetchPartitionResponse[] = [];
  let budget = brokerNumber(sim, 'replica.fetch.response.max.bytes');
  const perPartition = brokerNumber(sim, 'replica.fetch.max.bytes');
  for (const fp of request.partitions) {
    const r = sim.partitions[fp.key]!.logs[request.leaderId]!;
    const resp = readForFollower(r, fp, request.followerId, Math.min(perPartition, Math.max(0, budget)));
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
function validateFollowerFetch(r: Replica, fp: FetchPartitionRequest): FetchValidation {
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

/** `Replica.updateFetchStateOrThrow`, then ISR expansion and the high watermark. */
function updateFollowerFetchState(sim: Sim, p: Partition, r: Replica, fp: FetchPartitionRequest, followerId: number): void {
  const fs = r.followers![followerId]!;
  if (fp.fetchOffset >= r.log.leo) fs.lastCaughtUpTimeMs = Math.max(fs.lastCaughtUpTimeMs, sim.nowMs);
  else if (fp.fetchOffset >= fs.lastFetchLeaderLeo) fs.lastCaughtUpTimeMs = Math.max(fs.lastCaughtUpTimeMs, fs.lastFetchTimeMs);
  fs.leo = fp.fetchOffset;
  fs.lastFetchLeaderLeo = r.log.leo;
  fs.lastFetchTimeMs = sim.nowMs;
  maybeExpandIsr(sim, p, r, followerId);
  maybeIncrementHighWatermark(sim, p, r);
}

/** The answer for one partition: an error, a diverging epoch, or the records from the fetch offset up to the LEO (followers may read past the high watermark). */
function readForFollower(r: Replica, fp: FetchPartitionRequest, followerId: number, maxBytes: number): FetchPartitionResponse {
  const error = validateFollowerFetch(r, fp);
  let divergingEpoch: FetchPartitionResponse['divergingEpoch'] = null;
  let batches: StoredBatch[] = NO_BATCHES;
  if (error === 'DIVERGING') {
    const end = endOffsetForEpoch(r.log, fp.lastFetchedEpoch);
    divergingEpoch = { epoch: end.epoch, endOffset: end.endOffset };
  } else if (error === null) {
    r.followers![followerId]!.hwSent = r.highWatermark;
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

/**
 * `Partition.maybeExpandIsr`: a follower rejoins once its LEO reaches the high watermark and the
 * start of the leader's current epoch, and it is not fenced.
 */
function maybeExpandIsr(sim: Sim, p: Partition, r: Replica, followerId: number): void {
  if (r.viewIsr.includes(followerId)) return;
  const fs = r.followers![followerId]!;
  if (fs.leo < r.highWatermark || fs.leo < currentEpochStart(r)) return;
  if (sim.brokers[followerId]?.fenced !== false) return;
  alterIsr(sim, p, r.brokerId, r.viewLeaderEpoch, [...r.viewIsr, followerId]);
}

/** The follower receives the leader's answer: truncate on divergence, append, adopt the high watermark, fetch again. */
export function onFetchResponse(sim: Sim, response: FetchResponse): void {
  const f = sim.brokers[response.followerId]!;
  if (!f.alive || f.incarnation !== response.followerIncarnation) return;
  const fetcher = f.fetchers[response.leaderId];
  if (fetcher) fetcher.inFlight = false;
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
  const cfg = rollConfig(sim, p);
  for (const batch of resp.batches) {
    if (batch.endOffset <= r.log.leo) continue; // already have it
    if (batch.baseOffset < r.log.leo) break; // overlaps our log: the next fetch sorts it out
    // A batch may start past our end: compaction leaves offset gaps, and offsets only need to increase (UnifiedLog.append).
    if (batch.partitionLeaderEpoch > latestEpoch(r.log)) assignEpoch(r.log, batch.partitionLeaderEpoch, batch.baseOffset);
    const rolled = appendBatch(r.log, batch, cfg, sim.nowMs);
    if (rolled) emit(sim, { type: 'segmentRolled', topic: p.topic, partition: p.index, brokerId: r.brokerId, baseOffset: batch.baseOffset, reason: rolled });
  }
  if (r.log.leo > from) emit(sim, { type: 'recordsReplicated', topic: p.topic, partition: p.index, brokerId: r.brokerId, leaderId: r.viewLeader, baseOffset: from, endOffset: r.log.leo });
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
    emit(sim, { type: 'logTruncated', topic: p.topic, partition: p.index, brokerId: r.brokerId, fromEndOffset: from, toEndOffset: resp.logStartOffset, reason: 'offset out of range' });
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
