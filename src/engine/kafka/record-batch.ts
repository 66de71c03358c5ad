/**
 * A record batch as a log stores it (`DefaultRecordBatch`, magic v2), and reading records out of it.
 * Every reader (snapshot, consumers, compaction) goes through these accessors, so the batch's column
 * layout can stay lean without anyone else caring.
 */
import type { ValueTemplate } from '../commands';
import { materializeValue } from './values';

/** Kafka's `RecordBatch.NO_PRODUCER_ID` and friends. */
export const NO_PRODUCER_ID = -1;
export const NO_SEQUENCE = -1;
/** `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: bytes of a v2 batch header. */
export const RECORD_BATCH_OVERHEAD = 61;

/** A producer's value generator, shared by reference by every batch it wrote. */
export interface ValueGen {
  gen: ValueTemplate;
  seed: number;
}

/**
 * A record batch as stored in a log (`DefaultRecordBatch`, magic v2). Columns hold one entry per
 * record. Immutable once appended: replicas share the same object.
 */
export interface StoredBatch {
  baseOffset: number;
  /** Offsets of the records relative to `baseOffset`; `null` while dense (0..count-1). Compaction leaves gaps. */
  offsetDeltas: number[] | null;
  /** One past the batch's last offset (`lastOffset + 1`), kept even when compaction removes the last record. */
  endOffset: number;
  count: number;
  partitionLeaderEpoch: number;
  /** `producerId` / `baseSequence`, for idempotent producers (`NO_PRODUCER_ID` otherwise). */
  pid: number;
  baseSequence: number;
  /** Which simulated producer wrote it (for events, colours and the ledger). */
  origin: string;
  timestampType: 'CreateTime' | 'LogAppendTime';
  /**
   * Columns, one entry per record — or, for a one-record batch, the value itself (most batches of a
   * slow stream hold one record, and a long retention keeps hundreds of thousands of them). Read
   * them through the readers below.
   */
  /** Simulated ms. With LogAppendTime every record carries `maxTimestampMs`. */
  timestampsMs: number[] | number;
  maxTimestampMs: number;
  keys: (string | null)[] | string | null;
  /** With `valueGen`: record indexes to materialise values from; without: the values (null = tombstone). */
  values: (string | null)[] | string | null | number[] | number;
  valueGen?: ValueGen | null;
  /** Per-record headers, or one shared list for every record of a generated batch, or none. */
  headers: [string, string][][] | { shared: [string, string][] } | null;
  sizeBytes: number;
  /** KIP-534: set by the cleaner on a batch whose tombstones it kept; they go after this time. */
  deleteHorizonMs?: number | null;
  /** Assigned at the leader's append; a compacted rewrite of the batch keeps it. */
  id?: number;
  /**
   * Simulator accounting, not Kafka data: a producer was told this batch was written. Stored
   * batches are never mutated (time-travel checkpoints share them): setting this replaces the
   * batch in every replica's log with a flagged copy (`durability.ts`).
   */
  acked?: boolean;
  /**
   * Simulator memory, not Kafka data: a summary standing for this many batches whose payloads were
   * dropped to stay within the record budget (`slimming.ts`). It keeps offsets, count, size, the
   * first record's timestamp (in `timestampsMs`) and the largest; no keys, values or headers.
   */
  slimmed?: number;
}

/** The offset of record `i` (compaction leaves gaps, so it is not always `baseOffset + i`). */
export function recordOffset(b: StoredBatch, i: number): number {
  return b.baseOffset + (b.offsetDeltas ? b.offsetDeltas[i]! : i);
}

export function recordKey(b: StoredBatch, i: number): string | null {
  const k = b.keys;
  return Array.isArray(k) ? k[i]! : k;
}

/** Simulated ms. A summary's records are estimated between its first and largest timestamp, by offset. */
export function recordTimestampMs(b: StoredBatch, i: number): number {
  const t = b.timestampsMs;
  if (b.slimmed && typeof t === 'number' && b.count > 1) return t + Math.round(((b.maxTimestampMs - t) * i) / (b.count - 1));
  return typeof t === 'number' ? t : t[i]!;
}

/** The value, materialised from the producer's template when it was generated. `null` is a tombstone — or, in a summary, a dropped payload. */
export function recordValue(b: StoredBatch, i: number): string | null {
  const v = b.values;
  if (b.valueGen) return materializeValue(b.valueGen.gen, b.valueGen.seed, typeof v === 'number' ? v : (v as number[])[i]!, recordKey(b, i));
  return Array.isArray(v) ? (v[i] as string | null) : (v as string | null);
}

/** The generated-value index of record `i`, or -1 for a value stored as given. */
export function recordValueIndex(b: StoredBatch, i: number): number {
  if (!b.valueGen) return -1;
  const v = b.values;
  return typeof v === 'number' ? v : (v as number[])[i]!;
}

/**
 * Column values for a batch of `keep` records taken from `b` (compaction), in the batch's compact
 * form: scalars for one record, exact-size arrays otherwise.
 */
export function pickColumns(b: StoredBatch, keep: number[]): Pick<StoredBatch, 'keys' | 'timestampsMs' | 'values'> {
  const one = keep.length === 1;
  const keys = keep.map((i) => recordKey(b, i));
  const ts = keep.map((i) => recordTimestampMs(b, i));
  const values = b.valueGen ? keep.map((i) => recordValueIndex(b, i)) : keep.map((i) => recordValue(b, i));
  return { keys: one ? keys[0]! : keys, timestampsMs: one ? ts[0]! : ts, values: one ? values[0]! : (values as (string | null)[] | number[]) };
}

export function recordHeaders(b: StoredBatch, i: number): [string, string][] {
  const h = b.headers;
  if (h === null) return [];
  const list = Array.isArray(h) ? h[i]! : h.shared;
  return list.map(([k, v]) => [k, v]);
}

/** Index of the record at `offset` in `b`, or -1 (removed by compaction, or not in this batch). */
export function recordIndexAt(b: StoredBatch, offset: number): number {
  if (offset < b.baseOffset || offset >= b.endOffset) return -1;
  if (!b.offsetDeltas) return offset - b.baseOffset;
  const delta = offset - b.baseOffset;
  let lo = 0;
  let hi = b.offsetDeltas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = b.offsetDeltas[mid]!;
    if (d === delta) return mid;
    if (d < delta) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
