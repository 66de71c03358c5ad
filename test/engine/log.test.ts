/**
 * A replica's log (src/engine/kafka/log.ts) against Kafka's own tests: segment rolling
 * (`LogSegment.shouldRoll`), the leader-epoch cache (`LeaderEpochFileCacheTest`), truncation
 * (`UnifiedLog.truncateTo`) and retention (`UnifiedLogTest`'s deleteOldSegments tests).
 * Kafka's tests size segments in multiples of one batch; here every batch is 100 bytes.
 */
import { describe, expect, it } from 'vitest';
import {
  appendBatch,
  assignEpoch,
  batchAt,
  checkSequence,
  deleteOldSegments,
  endOffsetForEpoch,
  latestEpoch,
  readBatches,
  rollReason,
  truncateFullyAndStartAt,
  truncateTo,
  UNDEFINED_EPOCH,
} from '../../src/engine/kafka/log';
import type { RetentionConfig, RollConfig, Log } from '../../src/engine/kafka/log';
import { emptyLog, rollConfig, segmentRanges, storedBatch } from '../helpers/log';
import type { BatchOptions } from '../helpers/log';

const SIZE = 100;

/** Appends `n` one-record batches at the LEO, as a leader would. */
function appendRecords(log: Log, n: number, cfg: RollConfig, o: BatchOptions = {}, nowMs = 0): void {
  for (let i = 0; i < n; i++) appendBatch(log, storedBatch(log.leo, { sizeBytes: SIZE, ...o }), cfg, nowMs);
}

/** A log of `n` single-record batches in segments of `perSegment` batches. */
function logWith(n: number, perSegment: number, o: BatchOptions = {}): Log {
  const log = emptyLog();
  appendRecords(log, n, rollConfig({ segmentBytes: perSegment * SIZE }), o);
  return log;
}

const retention = (o: Partial<RetentionConfig>): RetentionConfig => ({
  retentionMs: o.retentionMs ?? -1,
  retentionBytes: o.retentionBytes ?? -1,
  deletePolicy: o.deletePolicy ?? true,
});

/** A log with only an epoch cache and a LEO, for LeaderEpochFileCache's cases. */
function epochLog(leo = 0): Log {
  const log = emptyLog();
  log.leo = leo;
  return log;
}
const entries = (log: Log): [number, number][] => log.epochs.map((e) => [e.epoch, e.startOffset]);
const endFor = (log: Log, epoch: number, leo: number): [number, number] => {
  log.leo = leo;
  const r = endOffsetForEpoch(log, epoch);
  return [r.epoch, r.endOffset];
};

describe('log: rolling segments (LogSegment.shouldRoll, on the next append only)', () => {
  it('segment.bytes: a segment rolls when the next batch would push it past segment.bytes', () => {
    const log = logWith(15, 5);
    expect(segmentRanges(log)).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
    ]);
    expect(log.segments.map((s) => s.sizeBytes)).toEqual([500, 500, 500]);
  });

  it('segment.bytes: the batch that does not fit reports the roll; a batch bigger than a whole segment still goes into an empty one', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 250 });
    expect(appendBatch(log, storedBatch(0, { sizeBytes: 100 }), cfg, 0)).toBeNull();
    expect(appendBatch(log, storedBatch(1, { sizeBytes: 150 }), cfg, 0)).toBeNull(); // exactly 250: fits
    expect(appendBatch(log, storedBatch(2, { sizeBytes: 1 }), cfg, 0)).toBe('segment.bytes');
    expect(rollReason(log.segments[1]!, storedBatch(3, { sizeBytes: 0 }), cfg, 0)).toBeNull();
    const big = emptyLog();
    expect(appendBatch(big, storedBatch(0, { sizeBytes: 1000 }), cfg, 0)).toBeNull();
    expect(big.segments).toHaveLength(1);
  });

  it('segment.ms: judged by record timestamps (incoming max timestamp − first batch timestamp > segment.ms), not by the clock', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentMs: 500 });
    const nowMs = 10_000_000; // the broker clock is far ahead: irrelevant while records carry timestamps
    expect(appendBatch(log, storedBatch(0, { timestampMs: 1000 }), cfg, nowMs)).toBeNull();
    expect(appendBatch(log, storedBatch(1, { timestampMs: 1500 }), cfg, nowMs)).toBeNull(); // waited exactly 500
    expect(appendBatch(log, storedBatch(2, { timestampMs: 1200 }), cfg, nowMs)).toBeNull();
    expect(appendBatch(log, storedBatch(3, { timestampMs: 1501 }), cfg, nowMs)).toBe('segment.ms');
    expect(segmentRanges(log)).toEqual([
      [0, 3],
      [3, 4],
    ]);
    expect(log.segments[1]!.firstBatchTimestampMs).toBe(1501);
  });

  it("segment.ms: the rolling base is the first batch's max timestamp, and an old segment waits for the next append", () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentMs: 500 });
    appendBatch(log, storedBatch(0, { timestampsMs: [100, 900] }), cfg, 0);
    expect(log.segments[0]!.firstBatchTimestampMs).toBe(900);
    expect(appendBatch(log, storedBatch(2, { timestampMs: 1400 }), cfg, 0)).toBeNull();
    // Nothing rolls an idle segment by time alone: it stays active until a record arrives.
    expect(log.segments).toHaveLength(1);
    expect(appendBatch(log, storedBatch(3, { timestampMs: 1401 }), cfg, 99_999_999)).toBe('segment.ms');
    expect(log.segments).toHaveLength(2);
  });

  it('segment.jitter.ms is subtracted from segment.ms', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentMs: 500, segmentJitterMs: 100 });
    appendBatch(log, storedBatch(0, { timestampMs: 0 }), cfg, 0);
    expect(appendBatch(log, storedBatch(1, { timestampMs: 400 }), cfg, 0)).toBeNull();
    expect(appendBatch(log, storedBatch(2, { timestampMs: 401 }), cfg, 0)).toBe('segment.ms');
  });

  it("a segment's largest timestamp is its newest record's; LEO and producer state follow appends", () => {
    const log = emptyLog(5);
    expect(log.segments[0]!.largestTimestampMs).toBe(5); // creation time while empty
    const cfg = rollConfig();
    appendBatch(log, storedBatch(0, { timestampsMs: [30, 10], pid: 7, baseSequence: 0 }), cfg, 0);
    appendBatch(log, storedBatch(2, { timestampMs: 20, pid: 7, baseSequence: 2 }), cfg, 0);
    expect(log.segments[0]!.largestTimestampMs).toBe(30);
    expect(log.leo).toBe(3);
    expect(checkSequence(log, 7, 2, 1)).toEqual({ kind: 'duplicate', baseOffset: 2 });
    expect(checkSequence(log, 7, 3, 1)).toEqual({ kind: 'ok' });
    expect(checkSequence(log, 7, 5, 1)).toEqual({ kind: 'outOfOrder', expected: 3 });
  });
});

describe('log: leader-epoch cache (ported from LeaderEpochFileCacheTest)', () => {
  it('shouldAddEpochAndMessageOffsetToCache', () => {
    const log = epochLog();
    assignEpoch(log, 2, 10);
    expect(latestEpoch(log)).toBe(2);
    expect(entries(log)).toEqual([[2, 10]]);
    expect(endFor(log, 2, 11)).toEqual([2, 11]);
  });

  it('shouldReturnLogEndOffsetIfLatestEpochRequested', () => {
    const log = epochLog();
    assignEpoch(log, 2, 11);
    assignEpoch(log, 2, 12);
    expect(endFor(log, 2, 14)).toEqual([2, 14]);
  });

  it('shouldReturnUndefinedOffsetIfUndefinedEpochRequested / ...IfNoEpochRecorded', () => {
    const log = epochLog();
    expect(endFor(log, UNDEFINED_EPOCH, 73)).toEqual([UNDEFINED_EPOCH, -1]);
    expect(endFor(log, 0, 0)).toEqual([UNDEFINED_EPOCH, -1]);
    expect(endFor(log, 7, 0)).toEqual([UNDEFINED_EPOCH, -1]); // shouldFetchEndOffsetOfEmptyCache
    assignEpoch(log, 2, 11);
    assignEpoch(log, 3, 12);
    expect(endFor(log, UNDEFINED_EPOCH, 0)).toEqual([UNDEFINED_EPOCH, -1]);
  });

  it('shouldNotOverwriteLogEndOffsetForALeaderEpochOnceItHasBeenAssigned / shouldNotUpdateEpochAndStartOffsetIfItDidNotChange', () => {
    const log = epochLog();
    assignEpoch(log, 2, 9);
    assignEpoch(log, 2, 10);
    expect(entries(log)).toEqual([[2, 9]]);
    const other = epochLog();
    assignEpoch(other, 2, 6);
    assignEpoch(other, 2, 7);
    expect(entries(other)).toEqual([[2, 6]]);
  });

  it('shouldEnforceMonotonicallyIncreasingStartOffsets / shouldEnforceOffsetsIncreaseMonotonically', () => {
    const log = epochLog();
    assignEpoch(log, 2, 9);
    assignEpoch(log, 3, 9);
    expect(entries(log)).toEqual([[3, 9]]);
    const other = epochLog();
    assignEpoch(other, 2, 6);
    assignEpoch(other, 3, 5);
    expect(entries(other)).toEqual([[3, 5]]);
  });

  it('shouldReturnFirstEpochIfRequestedEpochLessThanFirstEpoch', () => {
    const log = epochLog();
    assignEpoch(log, 5, 11);
    assignEpoch(log, 6, 12);
    assignEpoch(log, 7, 13);
    expect(endFor(log, 4, 0)).toEqual([4, 11]);
  });

  it('shouldTruncateIfMatchingEpochButEarlierStartingOffset', () => {
    const log = epochLog();
    assignEpoch(log, 5, 11);
    assignEpoch(log, 6, 12);
    assignEpoch(log, 7, 13);
    assignEpoch(log, 7, 12);
    expect(entries(log)).toEqual([
      [5, 11],
      [7, 12],
    ]);
    expect(endFor(log, 5, 0)).toEqual([5, 12]);
    expect(endFor(log, 6, 0)).toEqual([5, 12]);
  });

  it('shouldGetFirstOffsetOfSubsequentEpochWhenOffsetRequestedForPreviousEpoch', () => {
    const log = epochLog();
    for (const [e, o] of [
      [1, 11],
      [1, 12],
      [2, 13],
      [2, 14],
      [3, 15],
      [3, 16],
    ] as const)
      assignEpoch(log, e, o);
    expect(endFor(log, 2, 17)).toEqual([2, 15]);
  });

  it('shouldReturnNextAvailableEpochIfThereIsNoExactEpochForTheOneRequested', () => {
    const log = epochLog();
    assignEpoch(log, 0, 10);
    assignEpoch(log, 2, 13);
    assignEpoch(log, 4, 17);
    expect(endFor(log, 1, 0)).toEqual([0, 13]);
    expect(endFor(log, 2, 0)).toEqual([2, 17]);
    expect(endFor(log, 3, 0)).toEqual([2, 17]);
  });

  it('shouldReturnInvalidOffsetIfEpochIsRequestedWhichIsNotCurrentlyTracked', () => {
    const log = epochLog();
    assignEpoch(log, 2, 100);
    expect(endFor(log, 3, 100)).toEqual([UNDEFINED_EPOCH, -1]);
  });

  it('shouldEnforceMonotonicallyIncreasingEpochs', () => {
    const log = epochLog();
    assignEpoch(log, 1, 5);
    assignEpoch(log, 2, 6);
    assignEpoch(log, 1, 7);
    expect(latestEpoch(log)).toBe(1);
    expect(endFor(log, 1, 8)).toEqual([1, 8]);
    expect(endFor(log, 2, 8)).toEqual([UNDEFINED_EPOCH, -1]);
    expect(entries(log)).toEqual([[1, 7]]);
  });

  it('shouldIncreaseAndTrackEpochsAsLeadersChangeManyTimes', () => {
    const log = epochLog();
    assignEpoch(log, 0, 0);
    assignEpoch(log, 1, 0);
    expect(latestEpoch(log)).toBe(1);
    expect(endFor(log, 1, 0)).toEqual([1, 0]);
    expect(endFor(log, 0, 0)).toEqual([0, 0]);
    expect(endFor(log, 1, 5)).toEqual([1, 5]);
    expect(endFor(log, 0, 5)).toEqual([0, 0]);
    assignEpoch(log, 2, 5);
    expect(endFor(log, 2, 10)).toEqual([2, 10]);
    expect(endFor(log, 1, 10)).toEqual([1, 5]);
    expect(endFor(log, 0, 10)).toEqual([0, 0]);
  });

  it('shouldIncreaseAndTrackEpochsAsFollowerReceivesManyMessages', () => {
    const log = epochLog();
    for (const [e, o] of [
      [0, 0],
      [0, 1],
      [0, 2],
    ] as const)
      assignEpoch(log, e, o);
    expect(endFor(log, 0, 3)).toEqual([0, 3]);
    for (const [e, o] of [
      [1, 3],
      [1, 4],
      [1, 5],
      [2, 6],
      [2, 7],
      [2, 8],
    ] as const)
      assignEpoch(log, e, o);
    expect(latestEpoch(log)).toBe(2);
    expect(endFor(log, 2, 9)).toEqual([2, 9]);
    expect(endFor(log, 0, 9)).toEqual([0, 3]);
    expect(endFor(log, 1, 9)).toEqual([1, 6]);
  });

  it('truncating the log truncates the cache from the end (shouldTruncateLeaderEpochCheckpointFileWhenTruncatingLog)', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 10 * SIZE });
    assignEpoch(log, 0, 0);
    appendRecords(log, 10, cfg, { epoch: 0 });
    assignEpoch(log, 1, 10);
    appendRecords(log, 6, cfg, { epoch: 1 });
    assignEpoch(log, 2, 16);
    appendRecords(log, 4, cfg, { epoch: 2 });
    expect(log.segments).toHaveLength(2);
    expect(log.leo).toBe(20);
    truncateTo(log, log.leo, 0); // to the LEO: no change
    expect(log.epochs).toHaveLength(3);
    truncateTo(log, 11, 0);
    expect(log.epochs).toHaveLength(2);
    truncateTo(log, 10, 0);
    expect(log.epochs).toHaveLength(1);
    truncateTo(log, 0, 0);
    expect(log.epochs).toHaveLength(0);
  });

  it('truncating at or past the LEO still drops an epoch that starts at the LEO (UnifiedLog.truncateTo)', () => {
    // A broker that became leader for epoch 1 at offset 5 but wrote nothing before losing leadership:
    // left in the cache, the new leader would answer every fetch of this follower with a diverging epoch.
    const log = logWith(5, 10);
    assignEpoch(log, 0, 0);
    assignEpoch(log, 1, 5);
    expect(truncateTo(log, 5, 0)).toEqual([]);
    expect(entries(log)).toEqual([[0, 0]]);
    expect(log.leo).toBe(5);
  });
});

describe('log: truncateTo (UnifiedLog.truncateTo / LocalLog.truncateTo)', () => {
  it('removes batches at and above the offset, and segments based above it; a segment based exactly there stays, emptied, as the active one', () => {
    const log = logWith(15, 5);
    const removed = truncateTo(log, 7, 0);
    expect(removed.map((b) => b.baseOffset)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect(log.leo).toBe(7);
    expect(segmentRanges(log)).toEqual([
      [0, 5],
      [5, 7],
    ]);
    expect(log.segments[1]!.sizeBytes).toBe(200);
    truncateTo(log, 5, 0);
    expect(segmentRanges(log)).toEqual([
      [0, 5],
      [5, 5],
    ]);
    expect(log.segments[1]!.batches).toEqual([]);
    appendRecords(log, 1, rollConfig({ segmentBytes: 5 * SIZE }));
    expect(segmentRanges(log)).toEqual([
      [0, 5],
      [5, 6],
    ]);
  });

  it('truncating to 0 leaves one empty segment at 0; rebuilds producer state', () => {
    const log = logWith(10, 5, { pid: 3, baseSequence: 0 });
    // baseSequence is per batch here; rebuild from what remains
    truncateTo(log, 0, 0);
    expect(segmentRanges(log)).toEqual([[0, 0]]);
    expect(log.leo).toBe(0);
    expect(log.producers).toEqual({});
  });

  it('below the first segment it truncates fully and starts at the offset (truncateFullyAndStartAt)', () => {
    const log = logWith(3, 5);
    truncateFullyAndStartAt(log, 150, 0);
    appendRecords(log, 20, rollConfig({ segmentBytes: 5 * SIZE }));
    assignEpoch(log, 4, 150);
    expect(log.leo).toBe(170);
    truncateTo(log, 100, 0);
    expect(log.leo).toBe(100);
    expect(log.logStartOffset).toBe(100);
    expect(segmentRanges(log)).toEqual([[100, 100]]);
    expect(log.epochs).toEqual([]);
  });

  it('the log start offset never exceeds the LEO', () => {
    const log = logWith(10, 5);
    log.logStartOffset = 8;
    truncateTo(log, 6, 0);
    expect(log.logStartOffset).toBe(6);
  });
});

describe('log: reading', () => {
  it('readBatches returns whole batches from the one holding fromOffset, at least one even past maxBytes (KIP-74)', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 300 });
    for (let i = 0; i < 5; i++) appendBatch(log, storedBatch(log.leo, { count: 2, sizeBytes: 100 }), cfg, 0);
    expect(readBatches(log, 3, log.leo, 250).map((b) => b.baseOffset)).toEqual([2, 4]);
    expect(readBatches(log, 3, log.leo, 10).map((b) => b.baseOffset)).toEqual([2]);
    expect(readBatches(log, 0, 4, 10_000).map((b) => b.baseOffset)).toEqual([0, 2]);
    expect(readBatches(log, 10, 10, 10_000)).toEqual([]);
    expect(batchAt(log, 5)?.baseOffset).toBe(4);
    expect(batchAt(log, 10)).toBeUndefined();
  });
});

describe('log: retention (UnifiedLog.deleteOldSegments)', () => {
  it('shouldDeleteTimeBasedSegmentsReadyToBeDeleted: 15 old records in 3 segments → 1 empty segment at the LEO', () => {
    const log = logWith(15, 5, { timestampMs: 10 });
    const { deleted, rolled } = deleteOldSegments(log, log.leo, retention({ retentionMs: 10_000 }), 1_000_000);
    // Every segment, the active one included, is past retention: Kafka first rolls an empty active
    // segment at the LEO, then deletes all the old ones.
    expect(rolled).toBe(true);
    expect(deleted.map((d) => [d.baseOffset, d.endOffset, d.records, d.reason])).toEqual([
      [0, 5, 5, 'retention.ms'],
      [5, 10, 5, 'retention.ms'],
      [10, 15, 5, 'retention.ms'],
    ]);
    expect(segmentRanges(log)).toEqual([[15, 15]]);
    expect(log.logStartOffset).toBe(15);
    expect(log.leo).toBe(15);
  });

  it('shouldNotDeleteTimeBasedSegmentsWhenNoneReadyToBeDeleted', () => {
    const now = 1_000_000;
    const log = logWith(15, 5, { timestampMs: now });
    expect(deleteOldSegments(log, log.leo, retention({ retentionMs: 10_000_000 }), now).deleted).toEqual([]);
    expect(log.segments).toHaveLength(3);
  });

  it('retention.ms is judged by each segment’s largest timestamp, oldest first, stopping at the first segment kept', () => {
    const now = 100_000;
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 2 * SIZE });
    for (const ts of [1000, 1000, /* seg 2: */ 1000, 95_000, /* seg 3: */ 2000, 2000, /* seg 4: */ 99_000])
      appendBatch(log, storedBatch(log.leo, { sizeBytes: SIZE, timestampMs: ts }), cfg, 0);
    const { deleted } = deleteOldSegments(log, log.leo, retention({ retentionMs: 10_000 }), now);
    // Segment [2,4) holds one new record, so it and everything after it stays, though [4,6) is old.
    expect(deleted.map((d) => d.baseOffset)).toEqual([0]);
    expect(log.logStartOffset).toBe(2);
  });

  it('only segments wholly below the high watermark go, and never without one (testDeleteOldSegments)', () => {
    const now = 1_000_000;
    const log = logWith(100, 5, { timestampMs: now - 1000, epoch: 0 });
    assignEpoch(log, 0, 0);
    assignEpoch(log, 0, 40);
    assignEpoch(log, 1, 90);
    const cfg = retention({ retentionMs: 999 });
    // no high watermark yet: nothing is eligible
    expect(deleteOldSegments(log, 0, cfg, now).deleted).toEqual([]);
    expect(log.segments).toHaveLength(20);
    expect(log.logStartOffset).toBe(0);
    for (let hw = 25; hw <= 30; hw++) {
      deleteOldSegments(log, hw, cfg, now);
      expect(log.logStartOffset).toBeLessThanOrEqual(hw);
      for (let i = 0; i < log.segments.length; i++) {
        const [base, end] = segmentRanges(log)[i]!;
        if (end > base) expect(end - 1).toBeGreaterThanOrEqual(hw);
      }
    }
    const { deleted } = deleteOldSegments(log, log.leo, cfg, now);
    expect(deleted.length).toBeGreaterThan(0);
    expect(log.segments).toHaveLength(1);
    // The epoch cache is truncated from the start with the log start offset (LeaderEpochFileCache.truncateFromStart).
    expect(entries(log)).toEqual([[1, 100]]);
    appendRecords(log, 100, rollConfig({ segmentBytes: 5 * SIZE }), { timestampMs: now - 1000 });
    expect(log.leo).toBe(200);
  });

  it('shouldDeleteSizeBasedSegments / shouldNotDeleteSizeBasedSegmentsWhenUnderRetentionSize', () => {
    const over = logWith(15, 5);
    const r = deleteOldSegments(over, over.leo, retention({ retentionBytes: 10 * SIZE }), 0);
    expect(r.deleted.map((d) => [d.baseOffset, d.reason])).toEqual([[0, 'retention.bytes']]);
    expect(over.segments).toHaveLength(2);
    const under = logWith(15, 5);
    expect(deleteOldSegments(under, under.leo, retention({ retentionBytes: 15 * SIZE }), 0).deleted).toEqual([]);
    expect(under.segments).toHaveLength(3);
  });

  it('retention.bytes deletes oldest segments while the remaining excess stays ≥ 0', () => {
    const log = logWith(15, 5);
    deleteOldSegments(log, log.leo, retention({ retentionBytes: 5 * SIZE }), 0);
    expect(segmentRanges(log)).toEqual([[10, 15]]);
    const partial = logWith(15, 5);
    deleteOldSegments(partial, partial.leo, retention({ retentionBytes: 9 * SIZE }), 0);
    expect(segmentRanges(partial)).toEqual([
      [5, 10],
      [10, 15],
    ]);
  });

  it('shouldTruncateLeaderEpochsWhenDeletingSegments / shouldUpdateOffsetForLeaderEpochsWhenDeletingSegments', () => {
    const a = logWith(15, 5);
    assignEpoch(a, 0, 0);
    assignEpoch(a, 1, 5);
    assignEpoch(a, 2, 10);
    expect(deleteOldSegments(a, a.leo, retention({ retentionBytes: 10 * SIZE }), 0).deleted).toHaveLength(1);
    expect(entries(a)).toEqual([
      [1, 5],
      [2, 10],
    ]);
    const b = logWith(15, 5);
    assignEpoch(b, 0, 0);
    assignEpoch(b, 1, 7);
    assignEpoch(b, 2, 10);
    deleteOldSegments(b, b.leo, retention({ retentionBytes: 10 * SIZE }), 0);
    expect(entries(b)).toEqual([
      [0, 5],
      [1, 7],
      [2, 10],
    ]);
  });

  it('shouldNotDeleteSegmentsWhenPolicyDoesNotIncludeDelete, but segments below the log start offset always go', () => {
    const log = logWith(15, 5, { timestampMs: 10 });
    expect(deleteOldSegments(log, log.leo, retention({ retentionMs: 10_000, deletePolicy: false }), 1_000_000).deleted).toEqual([]);
    expect(log.segments).toHaveLength(3);
    // shouldDeleteStartOffsetBreachedSegmentsWhenPolicyDoesNotIncludeDelete
    log.logStartOffset = 5;
    const { deleted } = deleteOldSegments(log, log.leo, retention({ deletePolicy: false }), 1_000_000);
    expect(deleted.map((d) => [d.baseOffset, d.reason])).toEqual([[0, 'log start offset']]);
    expect(segmentRanges(log)).toEqual([
      [5, 10],
      [10, 15],
    ]);
  });

  it('an empty active segment is never deleted, and an empty log is left alone', () => {
    const empty = emptyLog();
    expect(deleteOldSegments(empty, 0, retention({ retentionMs: 0, retentionBytes: 0 }), 1_000_000)).toEqual({ deleted: [], rolled: false });
    const log = logWith(5, 5, { timestampMs: 10 });
    deleteOldSegments(log, log.leo, retention({ retentionMs: 100 }), 1_000_000);
    expect(segmentRanges(log)).toEqual([[5, 5]]);
    expect(deleteOldSegments(log, log.leo, retention({ retentionMs: 100 }), 2_000_000)).toEqual({ deleted: [], rolled: false });
  });
});
