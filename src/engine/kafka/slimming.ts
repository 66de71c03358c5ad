/**
 * The simulator's memory budget for records. Simulator machinery, not Kafka: a browser tab cannot
 * hold what a broker's disk holds (a busy cluster writes about 1.2 million records a minute, ~160
 * bytes of heap each), so once the logs hold more than `budgetRecords` records in full, the oldest
 * records of each partition lose their payloads: runs of old batches become one summary batch that
 * keeps their offsets, count, total size and first and largest timestamps, but no keys, values,
 * headers or batch boundaries. Offsets, high watermarks, lag, retention and segments do not change;
 * a consumer reading that far back gets the same offsets in fewer, larger batches.
 *
 * Deterministic: the budget is checked every {@link CHECK_EVERY_TASKS} tasks from the state alone,
 * so a shared link replays the same history on any machine. Below the budget nothing changes.
 */
import type { Partition, RecordMemory, Sim } from '../state';
import type { Log, Segment } from './log';
import { segmentIndexFor } from './log';
import type { StoredBatch } from './record-batch';
import { NO_PRODUCER_ID, recordTimestampMs, recordValue } from './record-batch';
import { OFFSETS_TOPIC } from './offsets-topic';

/**
 * Full records the simulator keeps by default: about 160 MB of heap at the ~160 bytes a record of
 * the busy scenario costs (measured: 1.2 million records, 186 MB). Fixed, not derived from the
 * machine: the same link must replay the same way everywhere.
 */
export const DEFAULT_RECORD_BUDGET = 1_000_000;
/** Tasks between two checks (a check walks the partitions, not the logs). */
export const CHECK_EVERY_TASKS = 4096;
/** A slimming brings the full records down to this share of the budget, so it happens in rare bursts. */
const SLIM_TO_SHARE = 0.5;
/** The fewest newest records a partition keeps in full, whatever the budget. */
export const MIN_KEPT_PER_PARTITION = 500;
/**
 * Largest summary batch: Kafka's default `max.partition.fetch.bytes` and `replica.fetch.max.bytes`
 * (1 MiB), so a fetch of a slimmed range returns about what it would have.
 */
const MAX_SUMMARY_BYTES = 1_048_576;

export function createRecordMemory(budgetRecords = DEFAULT_RECORD_BUDGET): RecordMemory {
  return { budgetRecords, fullRecords: 0, recordsSlimmed: 0, keptPerPartition: null };
}

/** Whether a partition's records may be slimmed: not a compacted topic (the cleaner needs keys), not `__consumer_offsets`. */
function slimmable(sim: Sim, p: Partition): boolean {
  const topic = sim.topics[p.topic];
  return topic !== undefined && !topic.settings.compact && p.topic !== OFFSETS_TOPIC;
}

/** Records a log holds in full: from where slimming stopped (or the log start) to the log end. */
function fullIn(log: Log): number {
  return Math.max(0, log.leo - Math.max(log.logStartOffset, log.slimmedTo));
}

/** Calls `check` when one is due. NOTE mutates sim. */
export function maybeCheckRecordMemory(sim: Sim): void {
  if (sim.tasksRun % CHECK_EVERY_TASKS === 0) checkRecordMemory(sim);
}

/**
 * Counts the records held in full; over the budget, slims every partition down to an equal share
 * of half the budget (water-filling: partitions holding less keep all theirs). NOTE mutates sim.
 */
export function checkRecordMemory(sim: Sim): void {
  const memory = sim.memory;
  const parts: { p: Partition; full: number }[] = [];
  let total = 0;
  for (const key of Object.keys(sim.partitions)) {
    const p = sim.partitions[key]!;
    if (!slimmable(sim, p)) continue;
    let full = 0;
    for (const id of p.replicas) {
      const r = p.logs[id];
      if (r) full = Math.max(full, fullIn(r.log));
    }
    parts.push({ p, full });
    total += full;
  }
  memory.fullRecords = total;
  if (total <= memory.budgetRecords) return;
  const keep = Math.max(
    MIN_KEPT_PER_PARTITION,
    fairShare(
      parts.map((x) => x.full),
      Math.floor(memory.budgetRecords * SLIM_TO_SHARE),
    ),
  );
  let slimmed = 0;
  for (const { p, full } of parts) if (full > keep) slimmed += slimPartition(p, keep);
  memory.recordsSlimmed += slimmed;
  memory.keptPerPartition = keep;
  memory.fullRecords = total - slimmed;
}

/** The largest share `w` with Σ min(size, w) ≤ target (sizes below it keep all theirs). */
export function fairShare(sizes: readonly number[], target: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = target;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(remaining / (sorted.length - i));
    if (sorted[i]! > share) return share;
    remaining -= sorted[i]!;
  }
  return Number.MAX_SAFE_INTEGER;
}

/**
 * Slims a partition's replicas below `keep` records under the high watermark (committed records
 * only: what lies above it may still be truncated). Replicas share batches, so they share the
 * summaries too. Returns the records the leader's log (or the fullest replica's) slimmed.
 */
function slimPartition(p: Partition, keep: number): number {
  let hw = -1;
  if (p.leader >= 0 && p.logs[p.leader]) hw = p.logs[p.leader]!.highWatermark;
  if (hw < 0) return 0; // offline: no high watermark to trust
  const cut = hw - keep;
  const shared = new Map<StoredBatch, StoredBatch>();
  let most = 0;
  for (const id of p.replicas) {
    const r = p.logs[id];
    if (r) most = Math.max(most, slimLog(r.log, Math.min(cut, r.log.leo), shared));
  }
  return most;
}

/** Whether a batch can go into a summary: dense, with no tombstone and no delete horizon to keep. */
function canSummarize(b: StoredBatch): boolean {
  if (b.slimmed || b.count === 0 || b.offsetDeltas !== null || b.count !== b.endOffset - b.baseOffset || b.deleteHorizonMs != null) return false;
  if (b.valueGen) return true; // generated values are never null
  for (let i = 0; i < b.count; i++) if (recordValue(b, i) === null) return false;
  return true;
}

/**
 * Replaces the batches of `log` wholly below `cut` (and above what is already slimmed) by summaries.
 * Segments are copied, never changed in place: time-travel checkpoints share them. Returns how many
 * records were slimmed. NOTE mutates log.
 */
export function slimLog(log: Log, cut: number, shared: Map<StoredBatch, StoredBatch> = new Map()): number {
  const from = Math.max(log.logStartOffset, log.slimmedTo);
  if (cut <= from) return 0;
  let slimmed = 0;
  let reached = from;
  for (let si = segmentIndexFor(log, from); si < log.segments.length; si++) {
    const seg = log.segments[si]!;
    if (seg.baseOffset >= cut) break;
    const result = slimSegment(seg, from, cut, shared);
    if (result.batches) {
      log.segments[si] = { ...seg, batches: result.batches } satisfies Segment;
      slimmed += result.slimmed;
    }
    reached = Math.max(reached, result.reached);
    if (result.reached < cut && result.stopped) break;
  }
  log.slimmedTo = reached;
  return slimmed;
}

/**
 * One segment's batches with those in [from, cut) summarised, or null when none changed; where it
 * reached, and whether it stopped at a batch straddling the cut.
 */
function slimSegment(
  seg: Segment,
  from: number,
  cut: number,
  shared: Map<StoredBatch, StoredBatch>,
): { batches: StoredBatch[] | null; slimmed: number; reached: number; stopped: boolean } {
  const batches = seg.batches;
  let i = 0;
  while (i < batches.length && batches[i]!.endOffset <= from) i++;
  const out = batches.slice(0, i);
  let slimmed = 0;
  let reached = from;
  let stopped = false;
  let changed = false;
  while (i < batches.length) {
    const b = batches[i]!;
    if (b.endOffset > cut) {
      stopped = true;
      break;
    }
    if (!canSummarize(b)) {
      out.push(b);
      reached = b.endOffset;
      i++;
      continue;
    }
    // A run: contiguous summarisable batches up to the size cap.
    let j = i;
    let bytes = 0;
    while (j < batches.length) {
      const c = batches[j]!;
      if (c.endOffset > cut || !canSummarize(c) || (j > i && (c.baseOffset !== batches[j - 1]!.endOffset || bytes + c.sizeBytes > MAX_SUMMARY_BYTES))) break;
      bytes += c.sizeBytes;
      j++;
    }
    const run = batches.slice(i, j);
    let summary = shared.get(run[0]!);
    if (!summary || summary.endOffset !== run[run.length - 1]!.endOffset) {
      summary = summarize(run);
      shared.set(run[0]!, summary);
    }
    out.push(summary);
    slimmed += summary.count;
    reached = summary.endOffset;
    changed = true;
    i = j;
  }
  for (; i < batches.length; i++) out.push(batches[i]!);
  return { batches: changed ? out : null, slimmed, reached, stopped };
}

/**
 * One summary batch standing for a run of batches: the same offsets, record count and size; the
 * first record's and the largest timestamp (readers interpolate between them); the producer and
 * sequences only when one producer wrote the run without a gap; acknowledged when all were.
 */
function summarize(run: StoredBatch[]): StoredBatch {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  let count = 0;
  let sizeBytes = 0;
  let maxTimestampMs = first.maxTimestampMs;
  let onePid = first.pid !== NO_PRODUCER_ID;
  let acked = true;
  for (let k = 0; k < run.length; k++) {
    const b = run[k]!;
    count += b.count;
    sizeBytes += b.sizeBytes;
    if (b.maxTimestampMs > maxTimestampMs) maxTimestampMs = b.maxTimestampMs;
    if (!b.acked) acked = false;
    if (k > 0 && onePid) {
      const prev = run[k - 1]!;
      onePid = b.pid === first.pid && b.baseSequence === prev.baseSequence + prev.count;
    }
  }
  const summary: StoredBatch = {
    baseOffset: first.baseOffset,
    offsetDeltas: null,
    endOffset: last.endOffset,
    count,
    partitionLeaderEpoch: first.partitionLeaderEpoch,
    pid: onePid ? first.pid : NO_PRODUCER_ID,
    baseSequence: onePid ? first.baseSequence : -1,
    origin: first.origin,
    timestampType: first.timestampType,
    timestampsMs: recordTimestampMs(first, 0),
    maxTimestampMs,
    keys: null,
    values: null,
    valueGen: null,
    headers: null,
    sizeBytes,
    deleteHorizonMs: null,
    id: first.id,
    slimmed: run.length,
  };
  if (acked) summary.acked = true;
  return summary;
}
