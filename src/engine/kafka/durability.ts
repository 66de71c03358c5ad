/**
 * The one number real Kafka never shows: records a producer was told were written that the
 * partition no longer has. Acknowledged batches are flagged (no separate ledger: a day of
 * retention keeps hundreds of thousands of batches). A batch is lost when the current leader's log
 * no longer holds it — it was truncated away, or a replica without it was elected. Since replica
 * logs only ever differ at their tails, it is enough to look at each replica's divergent tail after
 * an election, and at what a truncation removes. Records removed by retention or compaction are
 * not lost: they were deleted on purpose.
 */
import { emit } from '../core';
import type { Partition, Sim } from '../state';
import type { StoredBatch } from './record-batch';
import type { Log } from './log';
import { batchAt, batchIndexIn, replaceBatch, segmentIndexFor } from './log';

/** Where a replica's log holds the batch with `batch`'s id (segment and batch index), if it does. */
function locate(p: Partition, brokerId: number, batch: StoredBatch): { log: Log; segment: number; index: number } | null {
  const log = p.logs[brokerId]?.log;
  if (!log || batch.baseOffset >= log.leo || batch.endOffset <= log.logStartOffset) return null;
  // The one segment that can hold it, found by base offset in log time (Kafka's LogSegments.floorSegment),
  // not by walking every segment from the oldest: a long retention keeps thousands.
  const segment = segmentIndexFor(log, batch.baseOffset);
  const index = batchIndexIn(log.segments[segment]!.batches, batch.baseOffset);
  if (index < 0) return null;
  const held = log.segments[segment]!.batches[index]!;
  if (held.slimmed) return null; // a summary (slimming.ts): committed long ago, nothing left to flag
  return held === batch || (held.id !== undefined && held.id === batch.id) ? { log, segment, index } : null;
}

/**
 * A copy flagged acknowledged, built field by field in `toStoredBatch`'s order so it keeps the same
 * object shape (a spread copy would take a slower, larger shape; a long retention keeps millions).
 */
function ackedCopy(b: StoredBatch): StoredBatch {
  return {
    baseOffset: b.baseOffset,
    offsetDeltas: b.offsetDeltas,
    endOffset: b.endOffset,
    count: b.count,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    pid: b.pid,
    baseSequence: b.baseSequence,
    origin: b.origin,
    timestampType: b.timestampType,
    timestampsMs: b.timestampsMs,
    maxTimestampMs: b.maxTimestampMs,
    keys: b.keys,
    values: b.values,
    valueGen: b.valueGen ?? null,
    headers: b.headers,
    sizeBytes: b.sizeBytes,
    id: b.id,
    acked: true,
    deleteHorizonMs: b.deleteHorizonMs ?? null,
  };
}

/** Whether the current leader holds `batch` (the same batch: compaction rewrites keep its id). */
function leaderHas(p: Partition, batch: StoredBatch): boolean {
  const log = p.logs[p.leader]!.log;
  // A batch whose head retention has removed is still held from the log start offset on.
  const held = batchAt(log, Math.max(batch.baseOffset, log.logStartOffset));
  if (held?.slimmed) return held.endOffset >= batch.endOffset; // a summary holds every offset of its range
  return held !== undefined && (held === batch || (held.id !== undefined && held.id === batch.id));
}

/**
 * Removed by retention (below the leader's log start offset) or by compaction (below the leader's
 * cleaner checkpoint, which never passes the high watermark — so never in a divergent tail).
 */
function deletedOnPurpose(p: Partition, batch: StoredBatch): boolean {
  const log = p.logs[p.leader]!.log;
  return batch.endOffset <= log.logStartOffset || batch.baseOffset < log.cleanerCheckpoint;
}

/** Flags an acknowledged batch; one acknowledged by a deposed leader is lost at once. NOTE mutates sim. */
export function recordAcknowledged(sim: Sim, p: Partition, batch: StoredBatch): void {
  // Copy-on-write: every replica holding the batch gets the flagged copy (checkpoints keep the old
  // one). Replicas share batch objects, so one copy serves all that hold the same object.
  let original: StoredBatch | null = null;
  let flagged: StoredBatch | null = null;
  let found = false;
  for (const id of p.replicas) {
    const at = locate(p, id, batch);
    if (!at) continue;
    const held = at.log.segments[at.segment]!.batches[at.index]!;
    if (held.acked) return; // acknowledged before (a duplicate's answer): nothing new to record
    found = true;
    if (held !== original) {
      original = held;
      flagged = ackedCopy(held);
    }
    replaceBatch(at.log, at.segment, at.index, flagged!);
  }
  if (!found && batch.acked) return;
  if (p.leader >= 0 && !deletedOnPurpose(p, batch) && !leaderHas(p, batch)) markLost(sim, p, [batch]);
}

function markLost(sim: Sim, p: Partition, batches: StoredBatch[]): void {
  let records = 0;
  for (const b of batches) {
    if (b.id !== undefined) {
      if (p.lostBatchIds[b.id]) continue;
      p.lostBatchIds[b.id] = true;
    }
    records += b.count;
  }
  if (records === 0) return;
  p.lostRecords += records;
  sim.stats.acknowledgedLost += records;
  emit(sim, {
    type: 'acknowledgedRecordsLost',
    topic: p.topic,
    partition: p.index,
    records,
    totalLost: p.lostRecords,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
  });
}

/**
 * After an election: every acknowledged batch in a replica's tail that the new leader lacks is
 * doomed (the leader never fetches; the replica will truncate it). Scans each replica's log from
 * its end down to the first batch the leader shares. NOTE mutates sim.
 */
export function recountLostRecords(sim: Sim, p: Partition): void {
  if (p.leader < 0) return;
  const doomed: StoredBatch[] = [];
  for (const id of p.replicas) {
    if (id === p.leader) continue;
    const segments = p.logs[id]!.log.segments;
    scan: for (let si = segments.length - 1; si >= 0; si--) {
      const batches = segments[si]!.batches;
      for (let bi = batches.length - 1; bi >= 0; bi--) {
        const b = batches[bi]!;
        if (leaderHas(p, b) || deletedOnPurpose(p, b)) break scan;
        if (b.acked && (b.id === undefined || !p.lostBatchIds[b.id])) doomed.push(b);
      }
    }
  }
  markLost(sim, p, doomed);
}

/** A replica truncated these batches away: any acknowledged one the leader lacks is lost. NOTE mutates sim. */
export function noteTruncated(sim: Sim, p: Partition, removed: StoredBatch[]): void {
  if (p.leader < 0) return;
  markLost(
    sim,
    p,
    removed.filter((b) => b.acked && (b.id === undefined || !p.lostBatchIds[b.id]) && !deletedOnPurpose(p, b) && !leaderHas(p, b)),
  );
}
