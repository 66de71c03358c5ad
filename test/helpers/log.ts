/**
 * Builders of logs and stored batches for the unit tests of the log layer (kafka/log.ts, compaction).
 */
import { createLog } from '../../src/engine/kafka/log';
import type { Log, RollConfig } from '../../src/engine/kafka/log';
import { recordSizeBytes } from '../../src/engine/kafka/values';
import type { StoredBatch } from '../../src/engine/kafka/record-batch';
import { NO_PRODUCER_ID, RECORD_BATCH_OVERHEAD } from '../../src/engine/kafka/record-batch';

export interface BatchOptions {
  count?: number;
  /** Every record's timestamp (ms); `timestampsMs` wins when given. */
  timestampMs?: number;
  timestampsMs?: number[];
  sizeBytes?: number;
  epoch?: number;
  pid?: number;
  baseSequence?: number;
  origin?: string;
}

/** A stored batch at `baseOffset`, as a leader would append it. */
export function storedBatch(baseOffset: number, o: BatchOptions = {}): StoredBatch {
  const count = o.count ?? o.timestampsMs?.length ?? 1;
  const timestampsMs = o.timestampsMs ?? new Array<number>(count).fill(o.timestampMs ?? 0);
  return {
    baseOffset,
    offsetDeltas: null,
    endOffset: baseOffset + count,
    count,
    partitionLeaderEpoch: o.epoch ?? 0,
    pid: o.pid ?? NO_PRODUCER_ID,
    baseSequence: o.baseSequence ?? -1,
    origin: o.origin ?? 'test',
    timestampType: 'CreateTime',
    timestampsMs,
    maxTimestampMs: Math.max(...timestampsMs),
    keys: new Array<string | null>(count).fill(null),
    values: new Array<string | null>(count).fill('test'),
    headers: null,
    sizeBytes: o.sizeBytes ?? 100,
  };
}

/** One record of {@link keyedBatch}: `value: null` is a tombstone. */
export interface KeyedRecord {
  key: string | null;
  value: string | null;
  /** Defaults to the batch's `timestampMs` option, else 0. */
  timestampMs?: number;
  headers?: [string, string][];
}

/**
 * A stored batch of keyed records at `baseOffset` (compaction tests), in the leader's compact
 * column form (scalars for one record) and sized as the producer sizes it: the v2 batch header plus
 * each record's `DefaultRecord.sizeInBytes`.
 */
export function keyedBatch(
  baseOffset: number,
  records: KeyedRecord[],
  o: Omit<BatchOptions, 'count' | 'timestampsMs' | 'sizeBytes'> & { id?: number } = {},
): StoredBatch {
  const count = records.length;
  if (count === 0) throw new Error('keyedBatch needs at least one record');
  const ts = records.map((r) => r.timestampMs ?? o.timestampMs ?? 0);
  const anyHeaders = records.some((r) => r.headers && r.headers.length > 0);
  let sizeBytes = RECORD_BATCH_OVERHEAD;
  records.forEach((r, i) => {
    sizeBytes += recordSizeBytes(r.key, r.value, r.headers ?? null, ts[i]! - ts[0]!, i);
  });
  const one = count === 1;
  return {
    ...storedBatch(baseOffset, { ...o, timestampsMs: ts, sizeBytes }),
    timestampsMs: one ? ts[0]! : ts,
    keys: one ? records[0]!.key : records.map((r) => r.key),
    values: one ? records[0]!.value : records.map((r) => r.value),
    valueGen: null,
    headers: anyHeaders ? records.map((r) => r.headers ?? []) : null,
    ...(o.id !== undefined ? { id: o.id } : {}),
    acked: false,
    deleteHorizonMs: null,
  };
}

/** Roll settings with Kafka's defaults unless overridden. */
export function rollConfig(o: Partial<RollConfig> = {}): RollConfig {
  return { segmentBytes: o.segmentBytes ?? 1_073_741_824, segmentMs: o.segmentMs ?? 604_800_000, segmentJitterMs: o.segmentJitterMs ?? 0 };
}

/** A fresh log (created at `nowMs`). */
export function emptyLog(nowMs = 0): Log {
  return createLog(nowMs);
}

/** `[baseOffset, endOffset)` of every segment (the active one ends at the LEO). */
export function segmentRanges(log: Log): [number, number][] {
  return log.segments.map((s, i) => [s.baseOffset, log.segments[i + 1]?.baseOffset ?? log.leo]);
}
