/**
 * The log cleaner for `cleanup.policy=compact` (`LogCleaner`, `LogCleanerManager`, `Cleaner`): each
 * broker's cleaner thread wakes every `log.cleaner.backoff.ms`, picks its filthiest compacted log
 * whose dirty ratio exceeds `min.cleanable.dirty.ratio` (or that `max.compaction.lag.ms` forces),
 * and rewrites it keeping only the latest record per key. Offsets never change (gaps appear); the
 * active segment, the segment holding the high watermark and everything after it, and segments
 * newer than `min.compaction.lag.ms` are never touched; tombstones survive one pass, stamped with a
 * delete horizon of `delete.retention.ms` (KIP-534), and go after it.
 */
import { brokerNumber, emit, schedule, topicNumber, topicOf } from '../core';
import type { Log, Segment } from './log';
import type { Partition, Replica, Sim } from '../state';
import type { StoredBatch } from './record-batch';
import { RECORD_BATCH_OVERHEAD, pickColumns, recordHeaders, recordKey, recordOffset, recordTimestampMs, recordValue, recordValueIndex } from './record-batch';
import { rememberRemoval, segmentIndexFor } from './log';
import { runRetention } from './retention';
import { recordSizeBytes, valueSizeBytes } from './values';

export function isCompacted(sim: Sim, p: Partition): boolean {
  return topicOf(sim, p).settings.compact;
}

/**
 * `LogCleanerManager.cleanableOffsets` + `calculateCleanableBytes`: [first dirty offset, first
 * uncleanable offset). The upper bound is the smallest of the high watermark, the active segment's
 * base and the first dirty segment newer than `min.compaction.lag.ms`, rounded down to the base of
 * the segment holding it: the cleaner works in whole segments, so nothing at or above the HW is touched.
 */
export function cleanableRange(sim: Sim, p: Partition, r: Replica): { firstDirty: number; firstUncleanable: number } {
  const log = r.log;
  // cleanableOffsets: a checkpoint below the log start or past the LEO restarts at the log start.
  const firstDirty = log.cleanerCheckpoint < log.logStartOffset || log.cleanerCheckpoint > log.leo ? log.logStartOffset : log.cleanerCheckpoint;
  const lagMs = topicNumber(sim, topicOf(sim, p), 'min.compaction.lag.ms');
  const activeIndex = log.segments.length - 1;
  let uncleanable = Math.min(log.segments[activeIndex]!.baseOffset, r.highWatermark);
  if (lagMs > 0) {
    // findFirstUncleanableSegment: only the dirty, non-active segments count.
    for (let i = segmentIndexFor(log, firstDirty); i < activeIndex; i++) {
      const seg = log.segments[i]!;
      if (seg.largestTimestampMs > sim.nowMs - lagMs) {
        uncleanable = Math.min(uncleanable, seg.baseOffset);
        break;
      }
    }
  }
  // calculateCleanableBytes: the first uncleanable segment is the one holding that offset.
  const firstUncleanable =
    uncleanable >= log.segments[activeIndex]!.baseOffset ? log.segments[activeIndex]!.baseOffset : log.segments[segmentIndexFor(log, uncleanable)]!.baseOffset;
  return { firstDirty, firstUncleanable: Math.max(firstDirty, firstUncleanable) };
}

/** Bytes of the segments overlapping [from, to) (`UnifiedLog.logSegments(from, to)`), found from the one holding `from`. */
function bytesIn(log: Log, from: number, to: number): number {
  let n = 0;
  for (let i = log.segments[0]!.baseOffset > from ? 0 : segmentIndexFor(log, from); i < log.segments.length; i++) {
    const seg = log.segments[i]!;
    if (seg.baseOffset >= to) break;
    const end = log.segments[i + 1]?.baseOffset ?? log.leo;
    if (end > from) n += seg.sizeBytes;
  }
  return n;
}

/** `LogToClean.cleanableRatio`: dirty (cleanable) bytes over clean plus cleanable bytes. */
export function dirtyRatio(sim: Sim, p: Partition, r: Replica): number {
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  const dirty = firstUncleanable > firstDirty ? bytesIn(r.log, firstDirty, firstUncleanable) : 0;
  const clean = bytesIn(r.log, r.log.logStartOffset, firstDirty);
  return dirty + clean === 0 ? 0 : dirty / (dirty + clean);
}

/**
 * `LogCleanerManager.maxCompactionDelay`: whether `max.compaction.lag.ms` forces cleaning — the
 * earliest first-batch timestamp of the dirty non-active segments is older than now minus the lag.
 */
function mustClean(sim: Sim, p: Partition, r: Replica): boolean {
  const maxLagMs = topicNumber(sim, topicOf(sim, p), 'max.compaction.lag.ms');
  if (maxLagMs >= Number.MAX_SAFE_INTEGER) return false;
  const log = r.log;
  const { firstDirty } = cleanableRange(sim, p, r);
  let earliest = Number.MAX_SAFE_INTEGER;
  for (let i = segmentIndexFor(log, firstDirty); i < log.segments.length - 1; i++) {
    const t = log.segments[i]!.firstBatchTimestampMs;
    if (t !== null && t < earliest) earliest = t;
  }
  return earliest < sim.nowMs - maxLagMs;
}

/** Whether `grabFilthiestCompactedLog` would pick this replica's log, and its ratio. */
export function cleanability(sim: Sim, p: Partition, r: Replica): { ratio: number; eligible: boolean } {
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  const cleanable = firstUncleanable > firstDirty ? bytesIn(r.log, firstDirty, firstUncleanable) : 0;
  const ratio = dirtyRatio(sim, p, r);
  // grabFilthiestCompactedLog: (needCompactionNow && cleanableBytes > 0) || cleanableRatio > minCleanableRatio
  const eligible = cleanable > 0 && (ratio > topicNumber(sim, topicOf(sim, p), 'min.cleanable.dirty.ratio') || mustClean(sim, p, r));
  return { ratio, eligible };
}

export function scheduleCleaner(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId]!;
  // At least 1 ms: log.cleaner.backoff.ms=0 must not re-run the cleaner at the same instant forever.
  schedule(sim, Math.max(1, brokerNumber(sim, 'log.cleaner.backoff.ms')), { kind: 'logCleanerCheck', brokerId, incarnation: b.incarnation });
}

/**
 * One wake-up of a broker's cleaner thread (`CleanerThread.doWork`): clean the filthiest eligible
 * log (`grabFilthiestCompactedLog`), and again without pausing while one is left; then run
 * retention on every compacted log (`cleanFilthiestLog` → `deletableLogs` → `deleteOldSegments`),
 * which for `compact,delete` applies time and size retention.
 */
export function onLogCleanerCheck(sim: Sim, brokerId: number, incarnation: number): void {
  const b = sim.brokers[brokerId]!;
  if (!b.alive || b.incarnation !== incarnation) return;
  scheduleCleaner(sim, brokerId);
  const cleaned = new Set<string>();
  for (;;) {
    let best: { p: Partition; r: Replica; ratio: number } | null = null;
    for (const key of b.hosted) {
      const p = sim.partitions[key]!;
      if (cleaned.has(key) || !isCompacted(sim, p)) continue;
      const r = p.logs[brokerId]!;
      const { ratio, eligible } = cleanability(sim, p, r);
      if (eligible && (!best || ratio > best.ratio)) best = { p, r, ratio };
    }
    if (!best) break;
    cleaned.add(best.p.key);
    cleanLog(sim, best.p, best.r);
  }
  for (const key of b.hosted) if (isCompacted(sim, sim.partitions[key]!)) runRetention(sim, brokerId, key);
}

/**
 * Size of a rewritten batch (`MemoryRecordsBuilder`): the header plus each remaining record, which
 * keeps its offset delta; the base timestamp is the delete horizon when the batch carries one (KIP-534).
 */
function batchSize(b: StoredBatch, keep: number[], deleteHorizonMs: number | null): number {
  let n = RECORD_BATCH_OVERHEAD;
  const t0 = deleteHorizonMs ?? recordTimestampMs(b, keep[0]!);
  const gen = b.valueGen ?? null;
  for (const i of keep) {
    const value = gen ? null : recordValue(b, i);
    const valueBytes = gen ? valueSizeBytes(gen.gen, gen.seed, recordValueIndex(b, i), recordKey(b, i)) : undefined;
    n += recordSizeBytes(recordKey(b, i), value, recordHeaders(b, i), recordTimestampMs(b, i) - t0, recordOffset(b, i) - b.baseOffset, valueBytes);
  }
  return n;
}

/** Keeps the records at `keep` of `b`, same offsets and same identity (`MemoryRecords.filterTo`, `buildRetainedRecordsInto`). */
function rewriteBatch(b: StoredBatch, keep: number[], deleteHorizonMs: number | null): StoredBatch {
  const headers = b.headers;
  let maxTs = b.maxTimestampMs;
  if (b.timestampType === 'CreateTime') {
    // MemoryRecordsBuilder: the max timestamp of the records written (LogAppendTime keeps the batch's).
    maxTs = recordTimestampMs(b, keep[0]!);
    for (const i of keep) maxTs = Math.max(maxTs, recordTimestampMs(b, i));
  }
  return {
    ...b,
    ...pickColumns(b, keep),
    count: keep.length,
    offsetDeltas: keep.map((i) => recordOffset(b, i) - b.baseOffset),
    headers: headers === null || !Array.isArray(headers) ? headers : keep.map((i) => headers[i]!),
    maxTimestampMs: maxTs,
    sizeBytes: batchSize(b, keep, deleteHorizonMs),
    deleteHorizonMs,
  };
}

/**
 * Cleans one replica's log up to the first uncleanable offset (`Cleaner.doClean`). NOTE mutates
 * the replica's log. Each broker cleans its own copy, as in Kafka; all copies converge on the same records.
 */
export function cleanLog(sim: Sim, p: Partition, r: Replica): void {
  const log = r.log;
  const { firstDirty, firstUncleanable } = cleanableRange(sim, p, r);
  if (firstUncleanable <= firstDirty) return;
  const deleteRetentionMs = topicNumber(sim, topicOf(sim, p), 'delete.retention.ms');
  // Cleaner.buildOffsetMap: the last offset of every key in the dirty section.
  const latest = new Map<string, number>();
  for (let si = segmentIndexFor(log, firstDirty); si < log.segments.length; si++) {
    const seg = log.segments[si]!;
    if (seg.baseOffset >= firstUncleanable) break;
    for (const b of seg.batches) {
      if (b.endOffset <= firstDirty || b.slimmed) continue;
      for (let i = 0; i < b.count; i++) {
        const off = recordOffset(b, i);
        const key = recordKey(b, i);
        if (off >= firstDirty && key !== null) latest.set(key, off);
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
      if (b.slimmed) {
        // Slimmed before the topic became compacted (slimming.ts): no keys left to judge, so it stays.
        batches.push(b);
        continue;
      }
      const keep: number[] = [];
      let hasTombstone = false;
      const horizon = b.deleteHorizonMs ?? null;
      for (let i = 0; i < b.count; i++) {
        const off = recordOffset(b, i);
        const key = recordKey(b, i);
        const isTombstone = !b.valueGen && recordValue(b, i) === null; // generated values are never null
        // Cleaner.shouldRetainRecord: no key → discard; superseded by a later value → discard;
        // a tombstone once its batch's delete horizon has come (currentTime >= deleteHorizonMs) → discard.
        let retain = key !== null && !(off < (latest.get(key) ?? -1));
        if (retain && isTombstone && horizon !== null && sim.nowMs >= horizon) {
          retain = false;
          tombstonesRemoved++;
        }
        if (retain) {
          keep.push(i);
          if (isTombstone) hasTombstone = true;
        } else removed++;
      }
      // MemoryRecords.filterTo: the original batch when nothing changes, else a rebuilt one, stamping
      // the delete horizon on the first pass that keeps a tombstone; an emptied batch is dropped.
      if (keep.length === b.count && (!hasTombstone || horizon !== null)) batches.push(b);
      else if (keep.length > 0) batches.push(rewriteBatch(b, keep, hasTombstone && horizon === null ? sim.nowMs + deleteRetentionMs : horizon));
    }
    const size = batches.reduce((n, b) => n + b.sizeBytes, 0);
    bytesAfter += size;
    if (batches.length === 0 && si !== 0) return; // an emptied segment disappears; its offsets are gaps now
    // LogSegment.maxTimestampSoFar of the cleaned segment: its records' largest timestamp.
    let largest = batches.length > 0 ? batches[0]!.maxTimestampMs : seg.largestTimestampMs;
    for (const b of batches) if (b.maxTimestampMs > largest) largest = b.maxTimestampMs;
    const first = batches.length > 0 ? batches[0]!.maxTimestampMs : null;
    const unchanged =
      batches.length === seg.batches.length &&
      batches.every((b, i) => b === seg.batches[i]) &&
      size === seg.sizeBytes &&
      largest === seg.largestTimestampMs &&
      first === seg.firstBatchTimestampMs;
    // A segment the pass left as it was stays the same object: checkpoints and the snapshot's caches keep sharing it.
    segments.push(unchanged ? seg : { ...seg, batches, sizeBytes: size, largestTimestampMs: largest, firstBatchTimestampMs: first });
  });
  log.segments = segments;
  log.cleanerCheckpoint = firstUncleanable;
  if (removed > 0) rememberRemoval(log, { fromOffset: firstDirty, endOffset: firstUncleanable, records: removed, atMs: sim.nowMs, reason: 'compaction' });
  emit(sim, {
    type: 'logCleaned',
    topic: p.topic,
    partition: p.index,
    brokerId: r.brokerId,
    recordsRemoved: removed,
    tombstonesRemoved,
    bytesBefore,
    bytesAfter,
    cleanedUpTo: firstUncleanable,
  });
}
