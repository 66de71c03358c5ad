/**
 * Reading records out of a stored batch. Every reader (snapshot, consumers, compaction) goes
 * through these accessors, so the batch's column layout can stay lean without anyone else caring.
 */
import type { StoredBatch } from '../state';
import { materializeValue } from './values';

/** The offset of record `i` (compaction leaves gaps, so it is not always `baseOffset + i`). */
export function recordOffset(b: StoredBatch, i: number): number {
  return b.baseOffset + (b.offsetDeltas ? b.offsetDeltas[i]! : i);
}

export function recordKey(b: StoredBatch, i: number): string | null {
  return b.keys[i]!;
}

/** Simulated ms. */
export function recordTimestampMs(b: StoredBatch, i: number): number {
  return b.timestampsMs[i]!;
}

/** The value, materialised from the producer's template when it was generated. `null` is a tombstone. */
export function recordValue(b: StoredBatch, i: number): string | null {
  const v = b.values;
  return Array.isArray(v) ? v[i]! : materializeValue(v.gen, v.seed, v.indexes[i]!);
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
