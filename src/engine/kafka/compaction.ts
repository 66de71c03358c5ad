/**
 * The log cleaner for `cleanup.policy=compact` (`LogCleaner`, `LogCleanerManager`, `Cleaner`): each
 * broker's cleaner thread wakes every `log.cleaner.backoff.ms`, picks its filthiest compacted log
 * whose dirty ratio reaches `min.cleanable.dirty.ratio`, and rewrites it keeping only the latest
 * record per key. Offsets never change (gaps appear); the active segment, anything at or above the
 * high watermark and anything newer than `min.compaction.lag.ms` are never touched; tombstones
 * survive one pass, stamped with a delete horizon of `delete.retention.ms` (KIP-534), and go after it.
 */
import { brokerNumber, emit, schedule, topicConfig, topicNumber, topicOf } from '../core';
import type { Log, Partition, Replica, Segment, Sim, StoredBatch } from '../state';
import { RECORD_BATCH_OVERHEAD } from '../state';
import { pickColumns, recordHeaders, recordKey, recordOffset, recordTimestampMs, recordValue } from './batch';
import { recordSizeBytes } from './values';

export function isCompacted(sim: Sim, p: Partition): boolean {
  return String(topicConfig(sim, topicOf(sim, p), 'cleanup.policy')).includes('compact');
}

/** `LogCleanerManager.cleanableOffsets`: [first dirty offset, first uncleanable offset). */
export function cleanableRange(sim: Sim, p: Partition, r: Replica): { firstDirty: number; firstUncleanable: number } {
  const log = r.log;
  const firstDirty = Math.max(log.cleanerCheckpoint, log.logStartOffset);
  const lagMs = topicNumber(sim, topicOf(sim, p), 'min.compaction.lag.ms');
  let firstUncleanable = Math.min(log.segments[log.segments.length - 1]!.baseOffset, r.highWatermark);
  if (lagMs > 0) {
    for (const seg of log.segments) {
      if (seg.batches.length > 0 && seg.largestTimestampMs > sim.nowMs - lagMs) {
        firstUncleanable = Math.min(firstUncleanable, seg.baseOffset);
        break;
      }
    }
  }
  return { firstDirty, firstUncleanable: Math.max(firstDirty, firstUncleanable) };
}

function bytesIn(log: Log, from: number, to: number): number {
  let n = 0;
  for (let i = 0; i < log.segments.length; i++) {
    const seg = log.segments[i]!;
    const end = log.segments[i + 1]?.baseOffset ?? log.leo;
    if (seg.baseOffset >= from && end <= to) n += seg.sizeBytes;
  }
  return n;
}

/** `LogToClean.cleanableRatio`: dirty bytes over all cleanable bytes. */
export function dirtyRatio(sim: Sim, p: Partition, r: Replica): number {
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  const dirty = bytesIn(r.log, firstDirty, firstUncleanable);
  const clean = bytesIn(r.log, r.log.logStartOffset, firstDirty);
  return dirty + clean === 0 ? 0 : dirty / (dirty + clean);
}

/** Whether `max.compaction.lag.ms` forces cleaning: the oldest dirty record is older than it. */
function mustClean(sim: Sim, p: Partition, r: Replica): boolean {
  const maxLagMs = topicNumber(sim, topicOf(sim, p), 'max.compaction.lag.ms');
  if (maxLagMs >= Number.MAX_SAFE_INTEGER) return false;
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  for (const seg of r.log.segments) {
    if (seg.baseOffset < firstDirty || seg.baseOffset >= firstUncleanable || seg.batches.length === 0) continue;
    return seg.firstBatchTimestampMs !== null && sim.nowMs - seg.firstBatchTimestampMs > maxLagMs;
  }
  return false;
}

export function scheduleCleaner(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId]!;
  schedule(sim, brokerNumber(sim, 'log.cleaner.backoff.ms'), { kind: 'logCleanerCheck', brokerId, incarnation: b.incarnation });
}

/** One wake-up of a broker's cleaner thread: clean the filthiest eligible log (`grabFilthiestCompactedLog`). */
export function onLogCleanerCheck(sim: Sim, brokerId: number, incarnation: number): void {
  const b = sim.brokers[brokerId]!;
  if (!b.alive || b.incarnation !== incarnation) return;
  scheduleCleaner(sim, brokerId);
  let best: { p: Partition; r: Replica; ratio: number } | null = null;
  for (const key of b.hosted) {
    const p = sim.partitions[key]!;
    if (!isCompacted(sim, p)) continue;
    const r = p.logs[brokerId]!;
    const ratio = dirtyRatio(sim, p, r);
    const eligible = ratio >= topicNumber(sim, topicOf(sim, p), 'min.cleanable.dirty.ratio') || mustClean(sim, p, r);
    if (eligible && ratio > 0 && (!best || ratio > best.ratio)) best = { p, r, ratio };
  }
  if (best) cleanLog(sim, best.p, best.r);
}

/** Size of a rewritten batch (`DefaultRecordBatch` header plus each remaining record). */
function batchSize(b: StoredBatch, keep: number[]): number {
  let n = RECORD_BATCH_OVERHEAD;
  const t0 = recordTimestampMs(b, keep[0]!);
  keep.forEach((i, j) => {
    n += recordSizeBytes(recordKey(b, i), recordValue(b, i), recordHeaders(b, i), recordTimestampMs(b, i) - t0, j);
  });
  return n;
}

/** Keeps the records at `keep` of `b`, same offsets and same identity (`MemoryRecords.filterTo`). */
function rewriteBatch(b: StoredBatch, keep: number[], deleteHorizonMs: number | null): StoredBatch {
  const headers = b.headers;
  return {
    ...b,
    ...pickColumns(b, keep),
    count: keep.length,
    offsetDeltas: keep.map((i) => recordOffset(b, i) - b.baseOffset),
    headers: headers === null || !Array.isArray(headers) ? headers : keep.map((i) => headers[i]!),
    sizeBytes: batchSize(b, keep),
    deleteHorizonMs,
  };
}

/**
 * Cleans one replica's log up to the first uncleanable offset. NOTE mutates the replica's log.
 * Each broker cleans its own copy, as in Kafka; all copies converge on the same records.
 */
export function cleanLog(sim: Sim, p: Partition, r: Replica): void {
  const log = r.log;
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  if (firstUncleanable <= firstDirty) return;
  const deleteRetentionMs = topicNumber(sim, topicOf(sim, p), 'delete.retention.ms');
  // Cleaner.buildOffsetMap: the last offset of every key in the dirty section.
  const latest = new Map<string, number>();
  for (const seg of log.segments) {
    if (seg.baseOffset >= firstUncleanable) break;
    for (const b of seg.batches) {
      for (let i = 0; i < b.count; i++) {
        const off = recordOffset(b, i);
        const key = recordKey(b, i);
        if (off >= firstDirty && off < firstUncleanable && key !== null) latest.set(key, off);
      }
    }
  }
  let removed = 0;
  let tombstonesRemoved = 0;
  let bytesBefore = 0;
  let bytesAfter = 0;
  const segments: Segment[] = [];
  log.segments.forEach((seg, si) => {
    if (seg.baseOffset >= firstUncleanable) {
      segments.push(seg);
      return;
    }
    bytesBefore += seg.sizeBytes;
    const batches: StoredBatch[] = [];
    for (const b of seg.batches) {
      const keep: number[] = [];
      let hasTombstone = false;
      for (let i = 0; i < b.count; i++) {
        const off = recordOffset(b, i);
        const key = recordKey(b, i);
        const isTombstone = recordValue(b, i) === null;
        // Cleaner.shouldRetainRecord: no key → discard; superseded by a later value → discard;
        // a tombstone past its batch's delete horizon → discard.
        let retain = key !== null && !(off < (latest.get(key) ?? -1));
        const horizon = b.deleteHorizonMs ?? null;
        if (retain && isTombstone && horizon !== null && sim.nowMs > horizon) {
          retain = false;
          tombstonesRemoved++;
        }
        if (retain) {
          keep.push(i);
          if (isTombstone) hasTombstone = true;
        } else removed++;
      }
      const horizon = b.deleteHorizonMs ?? null;
      if (keep.length === b.count && (!hasTombstone || horizon !== null)) batches.push(b);
      else if (keep.length > 0) batches.push(rewriteBatch(b, keep, hasTombstone ? (horizon ?? sim.nowMs + deleteRetentionMs) : horizon));
    }
    const size = batches.reduce((n, b) => n + b.sizeBytes, 0);
    bytesAfter += size;
    if (batches.length === 0 && si !== 0) return; // an emptied segment disappears; its offsets are gaps now
    let largest = seg.createdMs;
    for (const b of batches) if (b.maxTimestampMs > largest) largest = b.maxTimestampMs;
    segments.push({ ...seg, batches, sizeBytes: size, largestTimestampMs: batches.length > 0 ? largest : seg.largestTimestampMs });
  });
  log.segments = segments;
  log.cleanerCheckpoint = firstUncleanable;
  emit(sim, { type: 'logCleaned', topic: p.topic, partition: p.index, brokerId: r.brokerId, recordsRemoved: removed, tombstonesRemoved, bytesBefore, bytesAfter, cleanedUpTo: firstUncleanable });
}
