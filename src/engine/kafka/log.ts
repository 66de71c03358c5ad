/**
 * A replica's log: segments of record batches, the leader-epoch cache and idempotent-producer state.
 * Follows `UnifiedLog` / `LocalLog` / `LogSegment` / `LeaderEpochFileCache`. Pure functions over plain
 * data; every mutating function says so.
 */
import type { StoredBatch } from './record-batch';
import { NO_PRODUCER_ID, recordTimestampMs } from './record-batch';

export interface Segment {
  baseOffset: number;
  batches: StoredBatch[];
  sizeBytes: number;
  /** Timestamp of the first batch appended (`LogSegment.rollingBasedTimestamp`), null while empty. */
  firstBatchTimestampMs: number | null;
  /** Largest record timestamp (`LogSegment.maxTimestampSoFar`); the creation time while empty. */
  largestTimestampMs: number;
  createdMs: number;
}

/** One entry of the leader-epoch cache (`LeaderEpochFileCache`): epoch and its first offset. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

/** What a log remembers per idempotent producer (`ProducerStateEntry`): its last batches' sequences. */
export interface ProducerStateEntry {
  lastSeq: number;
  /** Up to 5 recent batches (`ProducerStateEntry.NUM_BATCHES_TO_RETAIN`): [firstSeq, lastSeq, baseOffset]. */
  recent: [number, number, number][];
}

export interface Log {
  segments: Segment[];
  logStartOffset: number;
  /** Log end offset: the next offset to be written. */
  leo: number;
  epochs: EpochEntry[];
  producers: Record<number, ProducerStateEntry>;
  /** The log cleaner's checkpoint: below this offset the log is clean (compacted). */
  cleanerCheckpoint: number;
  /** What left this log lately, oldest first (at most {@link MAX_REMOVALS}): what the tape shows as history. */
  removals: LogRemoval[];
  /** Simulator memory, not Kafka state: below this offset the batches are summaries without payloads (`slimming.ts`). */
  slimmedTo: number;
}

/**
 * Records that left a log: segments deleted (retention, or below a log start offset that moved) or
 * records a cleaner pass removed from [fromOffset, endOffset). Simulator memory, not Kafka state:
 * Kafka only logs it ("Deleting segment … due to retention time … breach").
 */
export interface LogRemoval {
  fromOffset: number;
  /** One past the last offset of the range. */
  endOffset: number;
  /** Records removed (fewer than the range for a compacted range or a cleaner pass). */
  records: number;
  /** Simulated time of the removal. */
  atMs: number;
  reason: 'retention.ms' | 'retention.bytes' | 'log start offset' | 'compaction';
}

/** How many removals a log remembers: enough to explain the tape, bounded so a long run stays small. */
export const MAX_REMOVALS = 8;

/** Remembers a removal, forgetting the oldest beyond {@link MAX_REMOVALS}. NOTE mutates log. */
export function rememberRemoval(log: Log, removal: LogRemoval): void {
  // A new array, not a push: snapshots and time-travel checkpoints may hold the old one.
  log.removals = [...log.removals.slice(-(MAX_REMOVALS - 1)), removal];
}

/** Kafka's `RecordBatch.NO_PARTITION_LEADER_EPOCH` / `UNDEFINED_EPOCH`. */
export const UNDEFINED_EPOCH = -1;
const NUM_BATCHES_TO_RETAIN = 5; // ProducerStateEntry.NUM_BATCHES_TO_RETAIN

export function createSegment(baseOffset: number, nowMs: number): Segment {
  return { baseOffset, batches: [], sizeBytes: 0, firstBatchTimestampMs: null, largestTimestampMs: nowMs, createdMs: nowMs };
}

export function createLog(nowMs: number): Log {
  return { segments: [createSegment(0, nowMs)], logStartOffset: 0, leo: 0, epochs: [], producers: {}, cleanerCheckpoint: 0, removals: [], slimmedTo: 0 };
}

export function activeSegment(log: Log): Segment {
  return log.segments[log.segments.length - 1]!;
}

/**
 * Puts `batch` in place of the batch at `batchIndex` of segment `segmentIndex` (an acknowledgement's
 * flag). Sealed segments are shared by reference with time-travel checkpoints (checkpoint.ts), so a
 * sealed one is replaced by a copy first: copy-on-write, as for record batches. NOTE mutates log.
 */
export function replaceBatch(log: Log, segmentIndex: number, batchIndex: number, batch: StoredBatch): void {
  const sealed = segmentIndex < log.segments.length - 1;
  const seg = sealed ? ownSegment(log, segmentIndex) : log.segments[segmentIndex]!;
  if (!sealed) noteBatchChanged(seg, batchIndex);
  seg.batches[batchIndex] = batch;
}

/** Replaces segment `index` by a copy this log alone holds (checkpoints may share the original) and returns it. NOTE mutates log. */
function ownSegment(log: Log, index: number): Segment {
  const seg = log.segments[index]!;
  const copy: Segment = { ...seg, batches: seg.batches.slice() };
  log.segments[index] = copy;
  return copy;
}

/** Total bytes of all segments (`UnifiedLog.size`). */
export function logSizeBytes(log: Log): number {
  let n = 0;
  for (const s of log.segments) n += s.sizeBytes;
  return n;
}

/** Offset one past a segment's last batch: the next segment's base, or the LEO for the active one. */
export function segmentEndOffset(log: Log, index: number): number {
  const next = log.segments[index + 1];
  return next ? next.baseOffset : log.leo;
}

export function segmentRecordCount(seg: Segment): number {
  let n = 0;
  for (const b of seg.batches) n += b.count;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Chunks of an active segment, for time-travel checkpoints (checkpoint.ts). Simulator machinery, not
// Kafka state: a cache outside the state that changes nothing the simulation does.

/** Batches per chunk: large enough that a checkpoint holds few arrays, small enough that one changed batch copies little. */
const CHUNK = 1024;

/** An active segment's full chunks as the last checkpoint took them; a hole where a batch has changed since. */
const chunkCache = new WeakMap<Segment, (StoredBatch[] | undefined)[]>();

/** A batch of `seg` at `index` is about to change in place: its chunk can no longer be shared. */
function noteBatchChanged(seg: Segment, index: number): void {
  const chunks = chunkCache.get(seg);
  if (chunks) chunks[Math.floor(index / CHUNK)] = undefined;
}

/** Remembers the full chunks of `seg` for the next checkpoint to share. */
function cacheChunks(seg: Segment, chunks: StoredBatch[][]): void {
  const last = chunks[chunks.length - 1];
  chunkCache.set(seg, last && last.length < CHUNK ? chunks.slice(0, -1) : chunks.slice()); // only the last chunk can be partial
}

/** The batches of `seg` as chunks, sharing the full chunks that have not changed since the last call; and how many references are new. */
export function chunksOf(seg: Segment): { chunks: StoredBatch[][]; fresh: number } {
  const batches = seg.batches;
  const cached = chunkCache.get(seg) ?? [];
  const chunks: StoredBatch[][] = [];
  let fresh = 0;
  for (let k = 0; k * CHUNK < batches.length; k++) {
    let chunk = cached[k];
    if (!chunk) {
      chunk = batches.slice(k * CHUNK, (k + 1) * CHUNK);
      fresh += chunk.length;
    }
    chunks.push(chunk);
  }
  cacheChunks(seg, chunks);
  return { chunks, fresh };
}

/** The active segment's batches as one array again, remembering the chunks for the next checkpoint. */
export function unchunk(seg: Segment, chunks: StoredBatch[][]): void {
  const batches: StoredBatch[] = [];
  for (const chunk of chunks) for (const b of chunk) batches.push(b); // no spread: a chunk list can be long
  seg.batches = batches;
  cacheChunks(seg, chunks);
}

// ---------------------------------------------------------------------------------------------
// Leader-epoch cache (KIP-101, KIP-279): LeaderEpochFileCache

/** The latest epoch in the cache, or `UNDEFINED_EPOCH`. */
export function latestEpoch(log: Log): number {
  return log.epochs.length === 0 ? UNDEFINED_EPOCH : log.epochs[log.epochs.length - 1]!.epoch;
}

/**
 * Records that `epoch` starts at `startOffset`, dropping entries it supersedes
 * (`LeaderEpochFileCache.assign`). NOTE mutates log.
 */
export function assignEpoch(log: Log, epoch: number, startOffset: number): void {
  const last = log.epochs[log.epochs.length - 1];
  if (last && last.epoch === epoch && startOffset >= last.startOffset) return; // LeaderEpochFileCache.isUpdateNeeded
  while (log.epochs.length > 0) {
    const e = log.epochs[log.epochs.length - 1]!;
    if (e.epoch >= epoch || e.startOffset >= startOffset) log.epochs.pop();
    else break;
  }
  log.epochs.push({ epoch, startOffset });
}

/**
 * The end offset of `requestedEpoch` on this log and the epoch it belongs to
 * (`LeaderEpochFileCache.endOffsetFor`): what a leader answers to OffsetsForLeaderEpoch.
 */
export function endOffsetForEpoch(log: Log, requestedEpoch: number): { epoch: number; endOffset: number } {
  if (requestedEpoch === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: -1 };
  const epochs = log.epochs;
  const latest = epochs[epochs.length - 1];
  if (latest && latest.epoch === requestedEpoch) return { epoch: requestedEpoch, endOffset: log.leo };
  let higher: EpochEntry | undefined;
  let floor: EpochEntry | undefined;
  for (const e of epochs) {
    if (e.epoch > requestedEpoch) {
      higher = e;
      break;
    }
    floor = e;
  }
  if (!higher) return { epoch: UNDEFINED_EPOCH, endOffset: -1 };
  return { epoch: floor ? floor.epoch : requestedEpoch, endOffset: higher.startOffset };
}

/** Drops the entries starting at or after `endOffset` (`LeaderEpochFileCache.truncateFromEnd`). NOTE mutates log. */
export function truncateEpochsFromEnd(log: Log, endOffset: number): void {
  while (log.epochs.length > 0 && log.epochs[log.epochs.length - 1]!.startOffset >= endOffset) log.epochs.pop();
}

/**
 * Drops the entries wholly before a new log start offset, moving the last of them up to it
 * (`LeaderEpochFileCache.truncateFromStart`, called when the log start offset advances). NOTE mutates log.
 */
export function truncateEpochsFromStart(log: Log, startOffset: number): void {
  let removed: EpochEntry | undefined;
  while (log.epochs.length > 0 && log.epochs[0]!.startOffset <= startOffset) removed = log.epochs.shift();
  if (removed) log.epochs.unshift({ epoch: removed.epoch, startOffset });
}

// ---------------------------------------------------------------------------------------------
// Appending

export interface RollConfig {
  segmentBytes: number;
  segmentMs: number;
  segmentJitterMs: number;
}

/**
 * Whether appending `batch` must first roll a new segment (`LogSegment.shouldRoll`): it would push
 * the segment past `segment.bytes`, or the segment (non-empty) spans more than `segment.ms` by
 * record timestamps. Returns the reason, or null.
 */
export function rollReason(seg: Segment, batch: StoredBatch, cfg: RollConfig, nowMs: number): 'segment.bytes' | 'segment.ms' | null {
  if (seg.sizeBytes > cfg.segmentBytes - batch.sizeBytes) return seg.sizeBytes > 0 ? 'segment.bytes' : null;
  if (seg.sizeBytes > 0) {
    const waited = seg.firstBatchTimestampMs !== null ? batch.maxTimestampMs - seg.firstBatchTimestampMs : nowMs - seg.createdMs;
    if (waited > cfg.segmentMs - cfg.segmentJitterMs) return 'segment.ms';
  }
  return null;
}

/** Starts a new empty active segment at the LEO (`UnifiedLog.roll`). NOTE mutates log. */
export function roll(log: Log, nowMs: number): Segment {
  const active = activeSegment(log);
  if (active.batches.length === 0) {
    // Kafka reuses an empty active segment rather than creating a second one at the same offset.
    active.createdMs = nowMs;
    active.largestTimestampMs = nowMs;
    return active;
  }
  const seg = createSegment(log.leo, nowMs);
  log.segments.push(seg);
  return seg;
}

/**
 * Appends an already-offset batch (leader append or follower copy). Rolls first when needed and
 * returns the roll reason. NOTE mutates log.
 */
export function appendBatch(log: Log, batch: StoredBatch, cfg: RollConfig, nowMs: number): 'segment.bytes' | 'segment.ms' | null {
  let seg = activeSegment(log);
  const reason = rollReason(seg, batch, cfg, nowMs);
  if (reason) seg = roll(log, nowMs);
  if (seg.batches.length === 0) {
    seg.firstBatchTimestampMs = batch.maxTimestampMs;
    seg.largestTimestampMs = batch.maxTimestampMs;
  }
  seg.batches.push(batch);
  seg.sizeBytes += batch.sizeBytes;
  if (batch.maxTimestampMs > seg.largestTimestampMs) seg.largestTimestampMs = batch.maxTimestampMs;
  log.leo = batch.endOffset;
  if (batch.pid !== NO_PRODUCER_ID) updateProducerState(log, batch);
  return reason;
}

function updateProducerState(log: Log, batch: StoredBatch): void {
  // The batch's last sequence follows its last offset delta, which compaction preserves (RecordBatch.lastSequence).
  const lastSeq = batch.baseSequence + (batch.endOffset - batch.baseOffset) - 1;
  let entry: ProducerStateEntry | undefined = log.producers[batch.pid];
  if (!entry) {
    entry = { lastSeq, recent: [] };
    log.producers[batch.pid] = entry;
  }
  entry.lastSeq = lastSeq;
  entry.recent.push([batch.baseSequence, lastSeq, batch.baseOffset]);
  if (entry.recent.length > NUM_BATCHES_TO_RETAIN) entry.recent.shift();
}

/**
 * The broker's idempotence check (`ProducerStateManager` / `ProducerAppendInfo.checkSequence`):
 * a batch seen among the last five is a duplicate (answered with its original offset); a gap is
 * `OUT_OF_ORDER_SEQUENCE_NUMBER`.
 */
export function checkSequence(
  log: Log,
  pid: number,
  baseSequence: number,
  count: number,
): { kind: 'ok' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'outOfOrder'; expected: number } {
  const entry = log.producers[pid];
  if (!entry) return { kind: 'ok' };
  const lastSeq = baseSequence + count - 1;
  for (const [first, last, offset] of entry.recent) {
    if (first === baseSequence && last === lastSeq) return { kind: 'duplicate', baseOffset: offset };
  }
  const expected = entry.lastSeq + 1;
  if (baseSequence !== expected) return { kind: 'outOfOrder', expected };
  return { kind: 'ok' };
}

function rebuildProducerState(log: Log): void {
  log.producers = {};
  for (const seg of log.segments) for (const b of seg.batches) if (b.pid !== NO_PRODUCER_ID) updateProducerState(log, b);
}

// ---------------------------------------------------------------------------------------------
// Truncation (a follower reconciling with a new leader)

/**
 * Removes every batch at or above `offset` (`UnifiedLog.truncateTo`), the epoch entries that start
 * there (`LeaderEpochFileCache.truncateFromEnd`), and rebuilds producer state. Returns the batches
 * removed. NOTE mutates log.
 */
export function truncateTo(log: Log, offset: number, nowMs: number): StoredBatch[] {
  if (offset >= log.leo) {
    // UnifiedLog.truncateTo: always truncate the epoch cache, which may end with an epoch this broker
    // started as leader but never wrote to; left there, the leader answers every fetch with divergence.
    truncateEpochsFromEnd(log, log.leo);
    return [];
  }
  if (log.segments[0]!.baseOffset > offset) return truncateFullyAndStartAt(log, offset, nowMs); // UnifiedLog.truncateTo
  // The segments removed whole, newest first. Batches are gathered by loops, never spread into a call:
  // a large suffix holds more batches than a call's arguments may (RangeError: Maximum call stack size).
  const dropped: Segment[] = [];
  while (log.segments.length > 1 && activeSegment(log).baseOffset > offset) {
    // LocalLog.truncateTo keeps a segment based at the target, emptied
    dropped.push(log.segments.pop()!);
  }
  // The active segment may have been sealed until the pops above, and so shared with a checkpoint.
  const seg = ownSegment(log, log.segments.length - 1);
  let keep = seg.batches.length;
  while (keep > 0 && seg.batches[keep - 1]!.endOffset > offset) keep--;
  const removed: StoredBatch[] = keep < seg.batches.length ? seg.batches.slice(keep) : [];
  // A summary (slimming.ts) straddling the offset keeps its head: Kafka would keep those records.
  const truncating = keep < seg.batches.length;
  const straddling = seg.batches[keep];
  if (straddling?.slimmed && straddling.baseOffset < offset) {
    const [head, tail] = splitSummary(straddling, offset);
    seg.batches[keep] = head;
    removed[0] = tail;
    keep++;
  }
  for (let i = dropped.length - 1; i >= 0; i--) for (const b of dropped[i]!.batches) removed.push(b);
  if (truncating) {
    seg.batches.length = keep;
    seg.sizeBytes = 0;
    seg.largestTimestampMs = seg.createdMs;
    seg.firstBatchTimestampMs = null;
    for (const b of seg.batches) {
      seg.sizeBytes += b.sizeBytes;
      if (seg.firstBatchTimestampMs === null) seg.firstBatchTimestampMs = b.maxTimestampMs;
      if (b.maxTimestampMs > seg.largestTimestampMs) seg.largestTimestampMs = b.maxTimestampMs;
    }
  }
  const last = seg.batches[seg.batches.length - 1];
  log.leo = last ? last.endOffset : Math.max(seg.baseOffset, Math.min(offset, log.leo));
  if (seg.batches.length === 0 && seg.baseOffset > log.leo) seg.baseOffset = log.leo;
  truncateEpochsFromEnd(log, log.leo);
  if (log.logStartOffset > log.leo) log.logStartOffset = log.leo;
  if (log.cleanerCheckpoint > log.leo) log.cleanerCheckpoint = log.leo;
  if (log.slimmedTo > log.leo) log.slimmedTo = log.leo;
  rebuildProducerState(log);
  void nowMs;
  return removed;
}

/** Drops the whole log and restarts it at `offset` (`UnifiedLog.truncateFullyAndStartAt`). NOTE mutates log. */
export function truncateFullyAndStartAt(log: Log, offset: number, nowMs: number): StoredBatch[] {
  const removed = log.segments.flatMap((s) => s.batches);
  log.segments = [createSegment(offset, nowMs)];
  log.leo = offset;
  log.logStartOffset = offset;
  log.epochs = [];
  log.producers = {};
  log.cleanerCheckpoint = offset;
  log.slimmedTo = offset;
  return removed;
}

/** A summary cut in two at `offset`: sizes and timestamps estimated in proportion to the records. */
function splitSummary(b: StoredBatch, offset: number): [StoredBatch, StoredBatch] {
  const count = offset - b.baseOffset;
  const sizeBytes = Math.round((b.sizeBytes * count) / b.count);
  const headMax = recordTimestampMs(b, count - 1);
  const tailFirst = recordTimestampMs(b, count);
  return [
    { ...b, endOffset: offset, count, sizeBytes, maxTimestampMs: headMax },
    {
      ...b,
      baseOffset: offset,
      count: b.count - count,
      sizeBytes: b.sizeBytes - sizeBytes,
      timestampsMs: tailFirst,
      baseSequence: b.pid === NO_PRODUCER_ID ? b.baseSequence : b.baseSequence + count,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Index of the segment holding `offset` (the last one whose base offset is ≤ offset). */
export function segmentIndexFor(log: Log, offset: number): number {
  const segs = log.segments;
  let lo = 0;
  let hi = segs.length - 1;
  if (segs[hi]!.baseOffset <= offset) return hi; // the active segment: the common case
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid]!.baseOffset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Batches from the one containing `fromOffset` up to (not including) `maxOffset`, stopping after
 * `maxBytes` — but always at least one batch, as KIP-74 guarantees progress.
 */
export function readBatches(log: Log, fromOffset: number, maxOffset: number, maxBytes: number): StoredBatch[] {
  const out: StoredBatch[] = [];
  if (fromOffset >= maxOffset) return out;
  let bytes = 0;
  for (let si = segmentIndexFor(log, fromOffset); si < log.segments.length; si++) {
    const batches = log.segments[si]!.batches;
    let lo = 0;
    let hi = batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (batches[mid]!.endOffset <= fromOffset) lo = mid + 1;
      else hi = mid;
    }
    for (let bi = lo; bi < batches.length; bi++) {
      const b = batches[bi]!;
      if (b.baseOffset >= maxOffset) return out;
      if (out.length > 0 && bytes + b.sizeBytes > maxBytes) return out;
      out.push(b);
      bytes += b.sizeBytes;
    }
  }
  return out;
}

/**
 * Index of the batch of `batches` (one segment's, in offset order) holding `offset`, or -1. Looks
 * at the newest few first — acknowledgements and truncation ask about the tail — then searches.
 */
export function batchIndexIn(batches: readonly StoredBatch[], offset: number): number {
  const n = batches.length;
  if (n === 0 || batches[0]!.baseOffset > offset || batches[n - 1]!.endOffset <= offset) return -1;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = batches[i]!;
    if (b.baseOffset <= offset) return offset < b.endOffset ? i : -1;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (batches[mid]!.endOffset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return batches[lo]!.baseOffset <= offset ? lo : -1;
}

/** The batch holding `offset`, if this log has it. */
export function batchAt(log: Log, offset: number): StoredBatch | undefined {
  if (offset < log.logStartOffset || offset >= log.leo) return undefined;
  const batches = log.segments[segmentIndexFor(log, offset)]!.batches;
  const i = batchIndexIn(batches, offset);
  return i < 0 ? undefined : batches[i];
}

// ---------------------------------------------------------------------------------------------
// Retention (cleanup.policy=delete): UnifiedLog.deleteOldSegments

export interface RetentionConfig {
  retentionMs: number;
  retentionBytes: number;
  deletePolicy: boolean;
}

export interface DeletedSegment {
  baseOffset: number;
  endOffset: number;
  records: number;
  sizeBytes: number;
  reason: 'retention.ms' | 'retention.bytes' | 'log start offset';
}

const NOTHING_DELETED: { deleted: DeletedSegment[]; rolled: boolean } = Object.freeze({ deleted: [], rolled: false });

/**
 * Whether any rule below could delete the oldest segment: every pass stops at the first segment it
 * keeps, so when the oldest stays, nothing goes — the common case, decided without a pass.
 */
function oldestMayGo(log: Log, highWatermark: number, cfg: RetentionConfig, nowMs: number): boolean {
  const seg = log.segments[0]!;
  const isLast = log.segments.length === 1;
  const end = segmentEndOffset(log, 0);
  if ((isLast && seg.batches.length === 0) || end > highWatermark) return false;
  if (!isLast && end <= log.logStartOffset) return true;
  if (!cfg.deletePolicy) return false;
  return cfg.retentionBytes >= 0 || (cfg.retentionMs >= 0 && nowMs - seg.largestTimestampMs > cfg.retentionMs);
}

/**
 * Deletes whole segments, oldest first, that lie entirely below the high watermark and breach the
 * log start offset, `retention.bytes` or `retention.ms` (judged by each segment's largest timestamp),
 * stopping at the first segment that is kept (`UnifiedLog.deletableSegments`). When every segment
 * qualifies, Kafka first rolls a new empty active segment so the log is never without one
 * (`UnifiedLog.deleteSegments`). Returns what was deleted and whether a roll happened. NOTE mutates log.
 */
export function deleteOldSegments(log: Log, highWatermark: number, cfg: RetentionConfig, nowMs: number): { deleted: DeletedSegment[]; rolled: boolean } {
  if (!oldestMayGo(log, highWatermark, cfg, nowMs)) return NOTHING_DELETED;
  const deleted: DeletedSegment[] = [];
  let rolled = false;
  const pass = (reason: DeletedSegment['reason'], predicate: (seg: Segment, endOffset: number, isLast: boolean) => boolean): void => {
    let n = 0;
    for (let i = 0; i < log.segments.length; i++) {
      const seg = log.segments[i]!;
      const end = segmentEndOffset(log, i);
      const isLast = i === log.segments.length - 1;
      if ((isLast && seg.batches.length === 0) || end > highWatermark || !predicate(seg, end, isLast)) break;
      n++;
    }
    if (n === 0) return;
    if (n === log.segments.length) {
      log.segments.push(createSegment(log.leo, nowMs));
      rolled = true;
    }
    let records = 0;
    const fromOffset = log.segments[0]!.baseOffset;
    for (let i = 0; i < n; i++) {
      const seg = log.segments.shift()!;
      const count = segmentRecordCount(seg);
      records += count;
      deleted.push({ baseOffset: seg.baseOffset, endOffset: log.segments[0]!.baseOffset, records: count, sizeBytes: seg.sizeBytes, reason });
    }
    // One removal per pass: the segments one rule deleted at one instant are one range.
    rememberRemoval(log, { fromOffset, endOffset: log.segments[0]!.baseOffset, records, atMs: nowMs, reason });
    log.logStartOffset = Math.max(log.logStartOffset, log.segments[0]!.baseOffset);
    truncateEpochsFromStart(log, log.logStartOffset); // UnifiedLog.updateLogStartOffset
  };
  // deleteLogStartOffsetBreachedSegments: segments wholly below the log start offset (always applies).
  pass('log start offset', (_seg, end, isLast) => !isLast && end <= log.logStartOffset);
  if (cfg.deletePolicy) {
    if (cfg.retentionBytes >= 0) {
      let diff = logSizeBytes(log) - cfg.retentionBytes;
      pass('retention.bytes', (seg) => {
        if (diff - seg.sizeBytes >= 0) {
          diff -= seg.sizeBytes;
          return true;
        }
        return false;
      });
    }
    if (cfg.retentionMs >= 0) pass('retention.ms', (seg) => nowMs - seg.largestTimestampMs > cfg.retentionMs);
  }
  return { deleted, rolled };
}
