/**
 * The log cleaner (src/engine/kafka/compaction.ts) against Kafka's `LogCleaner` / `Cleaner` /
 * `LogCleanerManager` and `MemoryRecords.filterTo` (KAFKA-SEMANTICS §6 "Compaction", §7 "Records"):
 * hand-built logs for the cleaning rules, full simulations for the cleaner thread, tombstones,
 * `compact,delete`, loss accounting, and a property over random logs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSimulation } from '../../src/engine';
import type { ConfigValue, ProducerSpec, ScenarioSpec, SimEvent, Simulation } from '../../src/engine';
import { recordIndexAt, recordKey, recordOffset, recordTimestampMs, recordValue, RECORD_BATCH_OVERHEAD } from '../../src/engine/kafka/record-batch';
import { cleanableRange, cleanLog, dirtyRatio, onLogCleanerCheck } from '../../src/engine/kafka/compaction';
import { recordAcknowledged } from '../../src/engine/kafka/durability';
import { appendBatch, roll } from '../../src/engine/kafka/log';
import { recordSizeBytes } from '../../src/engine/kafka/values';
import type { Log } from '../../src/engine/kafka/log';
import type { Partition, Replica, Sim } from '../../src/engine/state';
import type { StoredBatch } from '../../src/engine/kafka/record-batch';
import { emptyLog, keyedBatch, rollConfig } from '../helpers/log';
import type { KeyedRecord } from '../helpers/log';
import { advanceCollect, ofType, partitionOf } from '../helpers/sim';

// ---------------------------------------------------------------------------------------------
// Hand-built logs

/** A record in a log spec: `[key, value, timestampMs?]`; value null = tombstone. */
type Rec = [string | null, string | null, number?];

/**
 * A log of segments of batches of records, offsets from 0; every segment after the first is rolled
 * by hand, so the last one listed is the active segment. Batch ids are 1, 2, … in order.
 */
function logOf(segments: Rec[][][], nowMs = 0): Log {
  const log = emptyLog(nowMs);
  let id = 1;
  segments.forEach((batches, si) => {
    if (si > 0) roll(log, nowMs);
    for (const recs of batches) {
      const records: KeyedRecord[] = recs.map(([key, value, ts]) => ({ key, value, timestampMs: ts ?? 0 }));
      appendBatch(log, keyedBatch(log.leo, records, { id: id++ }), rollConfig(), nowMs);
    }
  });
  return log;
}

interface Harness {
  sim: Simulation;
  s: Sim;
  p: Partition;
  r: Replica;
}

/**
 * A one-broker cluster with one compacted partition whose log is replaced by `log` (HW at the LEO
 * unless given). The cleaner thread's own wake-ups are pushed far away (log.cleaner.backoff.ms), so
 * only the calls a test makes clean anything.
 */
function harness(log: Log, o: { hw?: number; nowMs?: number; configs?: Record<string, ConfigValue>; topics?: number } = {}): Harness {
  const topics = Array.from({ length: o.topics ?? 1 }, (_, i) => ({
    name: i === 0 ? 't' : `t${i}`,
    partitions: 1,
    replicationFactor: 1,
    configs: { 'cleanup.policy': 'compact', ...o.configs },
  }));
  const sim = createSimulation({ cluster: { brokers: 1, configs: { 'log.cleaner.backoff.ms': 1_000_000_000 } }, topics }, { seed: 1 });
  const s = sim.state;
  const p = partitionOf(sim, 't', 0);
  const r = p.logs[p.replicas[0]!]!;
  r.log = log;
  r.highWatermark = o.hw ?? log.leo;
  s.nowMs = o.nowMs ?? 0;
  sim.drainEvents();
  return { sim, s, p, r };
}

interface Row {
  offset: number;
  key: string | null;
  value: string | null;
}

/** Every record of a log, through the batch accessors. */
function rows(log: Log): Row[] {
  const out: Row[] = [];
  for (const seg of log.segments)
    for (const b of seg.batches) for (let i = 0; i < b.count; i++) out.push({ offset: recordOffset(b, i), key: recordKey(b, i), value: recordValue(b, i) });
  return out;
}

function allBatches(log: Log): StoredBatch[] {
  return log.segments.flatMap((s) => s.batches);
}

/** What a batch of these records would measure (`DefaultRecord.sizeInBytes`, offset deltas kept). */
function expectedSize(b: StoredBatch): number {
  const t0 = b.deleteHorizonMs ?? recordTimestampMs(b, 0);
  let n = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < b.count; i++)
    n += recordSizeBytes(recordKey(b, i), recordValue(b, i), null, recordTimestampMs(b, i) - t0, recordOffset(b, i) - b.baseOffset);
  return n;
}

/** Structural rules every cleaned log keeps: offsets increase, columns agree, sizes add up. */
function checkLogShape(log: Log): string[] {
  const out: string[] = [];
  let last = -1;
  let prevEnd = -1;
  for (const seg of log.segments) {
    let size = 0;
    for (const b of seg.batches) {
      if (b.baseOffset < prevEnd) out.push(`batch at ${b.baseOffset} overlaps the previous one ending at ${prevEnd}`);
      if (b.baseOffset < seg.baseOffset) out.push(`batch at ${b.baseOffset} below its segment's base ${seg.baseOffset}`);
      if (b.count <= 0) out.push(`empty batch at ${b.baseOffset}`);
      if (b.offsetDeltas && b.offsetDeltas.length !== b.count) out.push(`batch at ${b.baseOffset}: ${b.offsetDeltas.length} deltas for ${b.count} records`);
      for (let i = 0; i < b.count; i++) {
        const off = recordOffset(b, i);
        if (off <= last) out.push(`offset ${off} after ${last}`);
        if (off < b.baseOffset || off >= b.endOffset) out.push(`offset ${off} outside its batch [${b.baseOffset}, ${b.endOffset})`);
        last = off;
      }
      prevEnd = b.endOffset;
      size += b.sizeBytes;
    }
    if (size !== seg.sizeBytes) out.push(`segment ${seg.baseOffset}: size ${seg.sizeBytes} != Σ batches ${size}`);
  }
  if (last >= log.leo) out.push(`offset ${last} at or past the LEO ${log.leo}`);
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('cleanLog: the latest record per key, offsets unchanged (Cleaner.doClean, MemoryRecords.filterTo)', () => {
  it('keeps the latest value of each key at its original offset; gaps appear; the active segment is untouched', () => {
    // seg 0: [a@0 b@1] [a@2]   seg 1: [c@3] [b@4]   active: [a@5]
    const log = logOf([
      [
        [
          ['a', 'a1'],
          ['b', 'b1'],
        ],
        [['a', 'a2']],
      ],
      [[['c', 'c1']], [['b', 'b2']]],
      [[['a', 'a3']]],
    ]);
    const { sim, s, p, r } = harness(log);
    const active = log.segments[2]!;
    const [, a2, c1, b2] = allBatches(log);
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 0, firstUncleanable: 5 });
    cleanLog(s, p, r);
    expect(rows(r.log)).toEqual([
      { offset: 2, key: 'a', value: 'a2' },
      { offset: 3, key: 'c', value: 'c1' },
      { offset: 4, key: 'b', value: 'b2' },
      { offset: 5, key: 'a', value: 'a3' }, // a newer a lives in the active segment, which is never cleaned
    ]);
    // Batches nothing was removed from stay the very same objects; the emptied one is gone.
    expect(r.log.segments.map((sg) => sg.baseOffset)).toEqual([0, 3, 5]);
    expect(r.log.segments[0]!.batches).toEqual([a2]);
    expect(r.log.segments[0]!.batches[0]).toBe(a2);
    expect(r.log.segments[1]!.batches[0]).toBe(c1);
    expect(r.log.segments[1]!.batches[1]).toBe(b2);
    expect(r.log.segments[2]).toBe(active);
    expect(r.log.leo).toBe(6);
    expect(r.log.logStartOffset).toBe(0);
    expect(r.log.cleanerCheckpoint).toBe(5);
    // What a consumer (or the record inspector) sees: the kept offsets, gaps skipped.
    expect(sim.readRecords('t', 0, 0, 100).map((x) => [x.offset, x.key, x.value])).toEqual([
      [2, 'a', 'a2'],
      [3, 'c', 'c1'],
      [4, 'b', 'b2'],
      [5, 'a', 'a3'],
    ]);
    expect(sim.readRecords('t', 0, 1, 1).map((x) => x.offset)).toEqual([2]);
    const [ev] = ofType(sim.drainEvents(), 'logCleaned');
    expect(ev).toMatchObject({ topic: 't', partition: 0, brokerId: 1, recordsRemoved: 2, tombstonesRemoved: 0, cleanedUpTo: 5 });
    expect(ev!.bytesAfter).toBeLessThan(ev!.bytesBefore);
    expect(checkLogShape(r.log)).toEqual([]);
  });

  it('a batch that loses some records keeps its base offset, end offset and id; offsetDeltas record the gaps; sizes shrink', () => {
    // [a@0 b@1 c@2 a@3] [b@4]  | active [x@5]
    const log = logOf([
      [
        [
          ['a', 'v0'],
          ['b', 'v1'],
          ['c', 'v2'],
          ['a', 'v3'],
        ],
        [['b', 'v4']],
      ],
      [[['x', 'v5']]],
    ]);
    const { s, p, r } = harness(log);
    const before = allBatches(log)[0]!;
    const segBefore = log.segments[0]!.sizeBytes;
    cleanLog(s, p, r);
    const after = r.log.segments[0]!.batches[0]!;
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ baseOffset: 0, endOffset: 4, count: 2, offsetDeltas: [2, 3], id: before.id, keys: ['c', 'a'], values: ['v2', 'v3'] });
    expect(before).toMatchObject({ count: 4, offsetDeltas: null }); // batches are immutable: replicas share them
    expect(rows(r.log).map((x) => x.offset)).toEqual([2, 3, 4, 5]);
    expect(recordIndexAt(after, 0)).toBe(-1);
    expect(recordIndexAt(after, 1)).toBe(-1);
    expect(recordIndexAt(after, 3)).toBe(1);
    // Sizes: the rebuilt batch is its header plus the kept records, each keeping its offset delta.
    expect(after.sizeBytes).toBe(expectedSize(after));
    expect(after.sizeBytes).toBeLessThan(before.sizeBytes);
    expect(r.log.segments[0]!.sizeBytes).toBe(after.sizeBytes + r.log.segments[0]!.batches[1]!.sizeBytes);
    expect(r.log.segments[0]!.sizeBytes).toBeLessThan(segBefore);
  });

  it('a one-record survivor is stored in the scalar column form', () => {
    const log = logOf([
      [
        [
          ['a', 'old'],
          ['b', 'keep'],
        ],
        [['a', 'new']],
      ],
      [[['z', 'z']]],
    ]);
    const { s, p, r } = harness(log);
    cleanLog(s, p, r);
    const b = r.log.segments[0]!.batches[0]!;
    expect(b).toMatchObject({ count: 1, keys: 'b', values: 'keep', timestampsMs: 0, offsetDeltas: [1] });
    expect(recordValue(b, 0)).toBe('keep');
  });

  it('records without a key are discarded (Cleaner.shouldRetainRecord: invalid message)', () => {
    // A topic switched to compact keeps its old null-key records until the cleaner reaches them.
    const log = logOf([
      [
        [
          [null, 'n0'],
          ['a', 'a1'],
        ],
        [[null, 'n2']],
      ],
      [[[null, 'n3']]],
    ]);
    const { s, p, r } = harness(log);
    cleanLog(s, p, r);
    expect(rows(r.log)).toEqual([
      { offset: 1, key: 'a', value: 'a1' },
      { offset: 3, key: null, value: 'n3' }, // in the active segment: untouched
    ]);
  });

  it('never touches the active segment: a log of one segment is not cleanable at all', () => {
    const log = logOf([[[['a', '1']], [['a', '2']], [[null, 'x']]]]);
    const { sim, s, p, r } = harness(log);
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 0, firstUncleanable: 0 });
    expect(dirtyRatio(s, p, r)).toBe(0);
    const segs = r.log.segments;
    cleanLog(s, p, r);
    expect(r.log.segments).toBe(segs);
    expect(rows(r.log)).toHaveLength(3);
    expect(ofType(sim.drainEvents(), 'logCleaned')).toEqual([]);
  });

  it('never cleans at or above the high watermark: the segment holding the HW is left whole (LogToClean.firstUncleanableOffset)', () => {
    // seg 0 [a@0 a@1]  seg 1 [a@2 b@3 null@4 b@5]  seg 2 [a@6]  active [a@7]; HW = 4, inside seg 1.
    const log = logOf([
      [
        [
          ['a', '0'],
          ['a', '1'],
        ],
      ],
      [
        [
          ['a', '2'],
          ['b', '3'],
        ],
        [[null, '4']],
        [['b', '5']],
      ],
      [[['a', '6']]],
      [[['a', '7']]],
    ]);
    const { s, p, r } = harness(log, { hw: 4 });
    const seg1 = log.segments[1]!;
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 0, firstUncleanable: 2 });
    cleanLog(s, p, r);
    expect(rows(r.log).map((x) => x.offset)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.log.segments[1]).toBe(seg1); // the unkeyed record at 4 (= HW) and everything after it survive
    expect(r.log.cleanerCheckpoint).toBe(2);
    // Once the HW passes seg 1 and seg 2, both are cleaned against the newest a (offset 6).
    r.highWatermark = 8;
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 2, firstUncleanable: 7 });
    cleanLog(s, p, r);
    expect(rows(r.log)).toEqual([
      { offset: 5, key: 'b', value: '5' },
      { offset: 6, key: 'a', value: '6' },
      { offset: 7, key: 'a', value: '7' },
    ]);
    expect(r.log.cleanerCheckpoint).toBe(7);
  });

  it('min.compaction.lag.ms: the first dirty segment with a record newer than now − lag stops the cleaner', () => {
    // seg 0 ts 100, seg 1 ts 5000, active; now 6000.
    const build = (): Log =>
      logOf([
        [
          [
            ['a', '0', 100],
            ['b', '1', 100],
          ],
        ],
        [[['a', '2', 5000]]],
        [[['b', '3', 5900]]],
      ]);
    let h = harness(build(), { nowMs: 6000, configs: { 'min.compaction.lag.ms': 2000 } });
    expect(cleanableRange(h.s, h.p, h.r)).toEqual({ firstDirty: 0, firstUncleanable: 2 }); // 5000 > 6000 − 2000 → seg 1 waits
    cleanLog(h.s, h.p, h.r);
    expect(rows(h.r.log).map((x) => x.offset)).toEqual([0, 1, 2, 3]);
    h = harness(build(), { nowMs: 7000, configs: { 'min.compaction.lag.ms': 2000 } });
    expect(cleanableRange(h.s, h.p, h.r)).toEqual({ firstDirty: 0, firstUncleanable: 3 }); // 5000 ≤ 5000: old enough
    cleanLog(h.s, h.p, h.r);
    expect(rows(h.r.log).map((x) => x.offset)).toEqual([1, 2, 3]);
  });

  it('min.compaction.lag.ms looks only at dirty segments (LogCleanerManager.findFirstUncleanableSegment)', () => {
    // The clean segment 0 carries a late CreateTime timestamp; the dirty segment 1 is old.
    const log = logOf([[[['a', '0', 5900]]], [[['a', '1', 100]]], [[['b', '2', 5900]]]]);
    const { s, p, r } = harness(log, { nowMs: 6000, configs: { 'min.compaction.lag.ms': 1000 } });
    r.log.cleanerCheckpoint = 1;
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 1, firstUncleanable: 2 });
    cleanLog(s, p, r);
    expect(rows(r.log).map((x) => x.offset)).toEqual([1, 2]);
  });

  it('the cleaner checkpoint advances, and the next pass re-cleans the clean section against new dirty records', () => {
    const log = logOf([
      [
        [
          ['a', 'a0'],
          ['b', 'b0'],
        ],
      ],
      [[['a', 'a1']]],
      [[['c', 'c0']]],
    ]);
    const { s, p, r } = harness(log);
    cleanLog(s, p, r);
    expect(r.log.cleanerCheckpoint).toBe(3);
    expect(rows(r.log).map((x) => x.offset)).toEqual([1, 2, 3]);
    expect(dirtyRatio(s, p, r)).toBe(0);
    // Nothing dirty: a second pass changes nothing.
    const segs = r.log.segments;
    cleanLog(s, p, r);
    expect(r.log.segments).toBe(segs);
    // New data: b is overwritten in a new segment; the active segment rolls past it.
    appendBatch(r.log, keyedBatch(r.log.leo, [{ key: 'b', value: 'b1' }], { id: 99 }), rollConfig(), 0);
    roll(r.log, 0);
    appendBatch(r.log, keyedBatch(r.log.leo, [{ key: 'd', value: 'd0' }], { id: 100 }), rollConfig(), 0);
    r.highWatermark = r.log.leo;
    expect(cleanableRange(s, p, r)).toEqual({ firstDirty: 3, firstUncleanable: 5 });
    cleanLog(s, p, r);
    expect(rows(r.log)).toEqual([
      { offset: 2, key: 'a', value: 'a1' },
      { offset: 3, key: 'c', value: 'c0' },
      { offset: 4, key: 'b', value: 'b1' },
      { offset: 5, key: 'd', value: 'd0' },
    ]);
    expect(r.log.cleanerCheckpoint).toBe(5);
  });

  it('dirty ratio = dirty bytes / (clean + dirty bytes) over the cleanable part of the log', () => {
    const log = logOf([[[['a', 'x']]], [[['b', 'y']]], [[['c', 'z']]], [[['d', 'w']]]]);
    const { s, p, r } = harness(log);
    const [s0, s1, s2] = log.segments.map((sg) => sg.sizeBytes);
    expect(dirtyRatio(s, p, r)).toBe(1);
    r.log.cleanerCheckpoint = 1;
    expect(dirtyRatio(s, p, r)).toBeCloseTo((s1! + s2!) / (s0! + s1! + s2!), 12);
    r.log.cleanerCheckpoint = 3;
    expect(dirtyRatio(s, p, r)).toBe(0);
    // The HW holds back segment 2: it counts as neither clean nor dirty.
    r.log.cleanerCheckpoint = 1;
    r.highWatermark = 2;
    expect(dirtyRatio(s, p, r)).toBeCloseTo(s1! / (s0! + s1!), 12);
  });
});

describe('the cleaner thread picks logs (LogCleanerManager.grabFilthiestCompactedLog)', () => {
  /** Two compacted partitions on broker 1, t with dirty ratio 1/2 and t1 with 2/3. */
  function twoLogs(minRatio: number) {
    const h = harness(logOf([[[['a', 'x']]], [[['a', 'y']]], [[['z', 'z']]]]), { configs: { 'min.cleanable.dirty.ratio': minRatio }, topics: 2 });
    h.r.log.cleanerCheckpoint = 1; // clean 1 segment, dirty 1 segment → 1/2
    const p1 = partitionOf(h.sim, 't1', 0);
    const r1 = p1.logs[1]!;
    r1.log = logOf([[[['a', 'x']]], [[['a', 'y']]], [[['a', 'w']]], [[['z', 'z']]]]);
    r1.log.cleanerCheckpoint = 1; // 1 clean, 2 dirty → 2/3
    r1.highWatermark = r1.log.leo;
    return { ...h, p1, r1 };
  }

  it('only logs whose dirty ratio exceeds min.cleanable.dirty.ratio are cleaned, filthiest first', () => {
    const h = twoLogs(0.5);
    expect(dirtyRatio(h.s, h.p, h.r)).toBeCloseTo(0.5, 12);
    expect(dirtyRatio(h.s, h.p1, h.r1)).toBeCloseTo(2 / 3, 12);
    onLogCleanerCheck(h.s, 1, h.s.brokers[1]!.incarnation);
    // Kafka: cleanableRatio > minCleanableRatio, so a ratio of exactly 0.5 waits.
    expect(ofType(h.sim.drainEvents(), 'logCleaned').map((e) => e.topic)).toEqual(['t1']);
    expect(h.r.log.cleanerCheckpoint).toBe(1);
    expect(h.r1.log.cleanerCheckpoint).toBe(3);
  });

  it('with a lower threshold both are cleaned in one wake-up, the filthiest first (the thread does not pause after a clean)', () => {
    const h = twoLogs(0.4);
    onLogCleanerCheck(h.s, 1, h.s.brokers[1]!.incarnation);
    expect(ofType(h.sim.drainEvents(), 'logCleaned').map((e) => e.topic)).toEqual(['t1', 't']);
  });

  it('a threshold of 1 never cleans, unless max.compaction.lag.ms forces it (maxCompactionDelay)', () => {
    const h = twoLogs(1);
    h.r.log.cleanerCheckpoint = 0; // ratio 1: still not above 1
    h.s.nowMs = 10_000;
    onLogCleanerCheck(h.s, 1, h.s.brokers[1]!.incarnation);
    expect(ofType(h.sim.drainEvents(), 'logCleaned')).toEqual([]);
    h.s.topics['t']!.configs['max.compaction.lag.ms'] = 5000; // the dirty segments' first batches are at t=0
    onLogCleanerCheck(h.s, 1, h.s.brokers[1]!.incarnation);
    expect(ofType(h.sim.drainEvents(), 'logCleaned').map((e) => e.topic)).toEqual(['t']);
    expect(rows(h.r.log).map((x) => x.value)).toEqual(['y', 'z']);
  });

  it('a checkpoint inside a segment (left by a truncation) with nothing cleanable after it picks nothing', () => {
    const h = harness(logOf([[[['a', 'x']], [['a', 'y']]], [[['a', 'z']]]]), { hw: 1, configs: { 'min.cleanable.dirty.ratio': 0 } });
    h.r.log.cleanerCheckpoint = 1; // UnifiedLog.truncateTo → LogCleanerManager.maybeTruncateCheckpoint
    expect(cleanableRange(h.s, h.p, h.r)).toEqual({ firstDirty: 1, firstUncleanable: 1 });
    expect(dirtyRatio(h.s, h.p, h.r)).toBe(0);
    onLogCleanerCheck(h.s, 1, h.s.brokers[1]!.incarnation);
    expect(ofType(h.sim.drainEvents(), 'logCleaned')).toEqual([]);
    // A checkpoint past the LEO is reset to the log start offset (LogCleanerManager.cleanableOffsets).
    h.r.log.cleanerCheckpoint = 99;
    h.r.highWatermark = h.r.log.leo;
    expect(cleanableRange(h.s, h.p, h.r)).toEqual({ firstDirty: 0, firstUncleanable: 2 });
  });

  it('log.cleaner.backoff.ms=0 does not stall the clock', () => {
    const sim = createSimulation(
      {
        cluster: { brokers: 1, configs: { 'log.cleaner.backoff.ms': 0 } },
        topics: [{ name: 't', partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } }],
      },
      { seed: 1 },
    );
    sim.advance(50);
    expect(sim.nowMs).toBe(50);
  });
});

describe('tombstones (KIP-534: delete horizon stamped on the first pass, removal after delete.retention.ms)', () => {
  it('a tombstone removes earlier values; the first pass keeps it and stamps its batch; a pass at or after the horizon removes it', () => {
    // seg 0 [k@0 j@1] [k@2]  seg 1 [k=null@3]  active [j@4]
    const log = logOf([
      [
        [
          ['k', 'v0'],
          ['j', 'j0'],
        ],
        [['k', 'v2']],
      ],
      [[['k', null]]],
      [[['j', 'j4']]],
    ]);
    const { sim, s, p, r } = harness(log, { nowMs: 1000, configs: { 'delete.retention.ms': 5000 } });
    const tombstone = allBatches(log)[2]!;
    const visible = () => sim.readRecords('t', 0, 0, 100).map((x) => [x.offset, x.key, x.value]);
    expect(visible()).toEqual([
      [0, 'k', 'v0'],
      [1, 'j', 'j0'],
      [2, 'k', 'v2'],
      [3, 'k', null],
      [4, 'j', 'j4'],
    ]);
    cleanLog(s, p, r);
    expect(visible()).toEqual([
      [1, 'j', 'j0'],
      [3, 'k', null],
      [4, 'j', 'j4'],
    ]);
    const stamped = r.log.segments[1]!.batches[0]!;
    expect(stamped).not.toBe(tombstone); // rewritten to carry the horizon …
    expect(stamped).toMatchObject({ id: tombstone.id, baseOffset: 3, count: 1, deleteHorizonMs: 1000 + 5000 });
    expect(tombstone.deleteHorizonMs).toBeNull(); // … the original (shared with other replicas) is unchanged
    expect(stamped.sizeBytes).toBe(expectedSize(stamped));
    expect(ofType(sim.drainEvents(), 'logCleaned')[0]).toMatchObject({ recordsRemoved: 2, tombstonesRemoved: 0 });

    // The next pass needs something dirty: j is rewritten and the active segment rolls.
    const more = (): void => {
      roll(r.log, s.nowMs);
      appendBatch(r.log, keyedBatch(r.log.leo, [{ key: 'x', value: String(r.log.leo) }]), rollConfig(), s.nowMs);
      r.highWatermark = r.log.leo;
    };
    s.nowMs = 5999; // before the horizon: the tombstone stays, stamp untouched
    more();
    cleanLog(s, p, r);
    expect(visible().map((x) => x[0])).toEqual([3, 4, 5]);
    expect(r.log.segments.flatMap((sg) => sg.batches).find((b) => b.baseOffset === 3)).toBe(stamped);
    expect(ofType(sim.drainEvents(), 'logCleaned')[0]).toMatchObject({ recordsRemoved: 1, tombstonesRemoved: 0 }); // j@1 (j@4 is now cleanable)

    s.nowMs = 6000; // Cleaner.shouldRetainRecord keeps a tombstone only while currentTime < deleteHorizonMs
    more();
    cleanLog(s, p, r);
    expect(visible()).toEqual([
      [4, 'j', 'j4'],
      [5, 'x', '5'],
      [6, 'x', '6'],
    ]);
    expect(ofType(sim.drainEvents(), 'logCleaned')[0]).toMatchObject({ recordsRemoved: 1, tombstonesRemoved: 1 }); // x@5 stays: x@6 is in the active segment
    expect(checkLogShape(r.log)).toEqual([]);
  });

  it('a tombstone superseded by a later value goes at once; one in a batch that already has a horizon keeps it', () => {
    const log = logOf([
      [
        [
          ['k', null],
          ['m', null],
        ],
      ],
      [[['k', 'back']]],
      [[['z', 'z']]],
    ]);
    const { s, p, r } = harness(log, { nowMs: 10, configs: { 'delete.retention.ms': 100 } });
    cleanLog(s, p, r);
    const b = r.log.segments[0]!.batches[0]!;
    expect(b).toMatchObject({ count: 1, keys: 'm', values: null, offsetDeltas: [1], deleteHorizonMs: 110 });
    // A later pass that removes nothing from this batch keeps the object and its first horizon.
    roll(r.log, 50);
    appendBatch(r.log, keyedBatch(r.log.leo, [{ key: 'q', value: 'q' }]), rollConfig(), 50);
    r.highWatermark = r.log.leo;
    s.nowMs = 50;
    cleanLog(s, p, r);
    expect(r.log.segments[0]!.batches[0]).toBe(b);
  });
});

describe('loss accounting is not fooled by compaction (durability.ts)', () => {
  it('an acknowledged batch rewritten by the cleaner (same id) is still held by the leader', () => {
    const log = logOf([
      [
        [
          ['a', '1'],
          ['b', '2'],
        ],
        [['a', '3']],
      ],
      [[['z', 'z']]],
    ]);
    const { s, p, r } = harness(log);
    const original = allBatches(log)[0]!;
    cleanLog(s, p, r);
    expect(allBatches(r.log)[0]).toMatchObject({ id: original.id, count: 1 });
    recordAcknowledged(s, p, original); // the producer's response arrives after the cleaner rewrote the batch
    expect(s.stats.acknowledgedLost).toBe(0);
    expect(p.lostRecords).toBe(0);
  });

  // Regression test (was a bug in durability.ts (not compaction.ts): `leaderHas`/`deletedOnPurpose` only know
  // retention (the log start offset), so a batch the cleaner removed *entirely* looks lost. Flip to
  // `it` once durability.ts treats a batch below the leader's cleaner checkpoint that the leader no
  // longer has any record of as removed on purpose.
  it('an acknowledged batch the cleaner removed entirely is not lost', () => {
    const log = logOf([[[['a', '1']], [['a', '2']]], [[['z', 'z']]]]);
    const { s, p, r } = harness(log);
    const original = allBatches(log)[0]!;
    cleanLog(s, p, r);
    expect(allBatches(r.log).some((b) => b.id === original.id)).toBe(false); // a@0 was superseded by a@1
    recordAcknowledged(s, p, original); // the producer's response arrives after the cleaner ran
    expect(s.stats.acknowledgedLost).toBe(0);
  });
});

describe('idempotent producer state survives compaction (ProducerStateManager)', () => {
  // Regression test (was a bug in log.ts `updateProducerState`: a batch's last sequence is taken as
  // `baseSequence + count - 1`, but a compacted batch has fewer records than offsets; Kafka reads
  // `baseSequence + lastOffsetDelta`, which filterTo preserves (`overrideLastOffset`). A follower
  // copying a compacted batch (or any replica rebuilding producer state after a truncation) ends up
  // with a last sequence that is too low, and the producer's next batch is OUT_OF_ORDER_SEQUENCE_NUMBER
  // once that replica leads. Flip to `it` once log.ts uses `endOffset - baseOffset`.
  it("a follower appending a compacted batch keeps the producer's last sequence", () => {
    const leader = logOf([]);
    appendBatch(
      leader,
      keyedBatch(
        0,
        [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'a', value: '3' },
        ],
        { pid: 7, baseSequence: 0, id: 1 },
      ),
      rollConfig(),
      0,
    );
    roll(leader, 0);
    appendBatch(leader, keyedBatch(3, [{ key: 'a', value: '4' }], { pid: 8, baseSequence: 0, id: 2 }), rollConfig(), 0);
    const { s, p, r } = harness(leader);
    cleanLog(s, p, r);
    const compacted = allBatches(r.log)[0]!;
    expect(compacted).toMatchObject({ pid: 7, baseSequence: 0, count: 2, offsetDeltas: [1, 2], endOffset: 3 }); // a@0 superseded by a@2
    // A follower that was down copies the compacted batch from the leader.
    const follower = emptyLog();
    appendBatch(follower, compacted, rollConfig(), 0);
    expect(follower.producers[7]!.lastSeq).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Full simulations

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];

function compactScenario(
  o: { topicConfigs?: Record<string, ConfigValue>; brokerConfigs?: Record<string, ConfigValue>; producer?: Partial<ProducerSpec>; brokers?: number } = {},
): ScenarioSpec {
  return {
    cluster: { brokers: o.brokers ?? 3, controllers: 1, configs: { 'log.cleaner.backoff.ms': 200, ...o.brokerConfigs } },
    topics: [
      {
        name: 'users',
        partitions: 1,
        replicationFactor: 3,
        configs: {
          'cleanup.policy': 'compact',
          'min.insync.replicas': 2,
          'segment.ms': 500,
          'segment.bytes': 1024,
          'min.cleanable.dirty.ratio': 0.01,
          'delete.retention.ms': 3000,
          ...o.topicConfigs,
        },
      },
    ],
    producers: [
      { id: 'app', topic: 'users', ratePerSec: 20, keys: { kind: 'fixed', keys: KEYS }, value: { kind: 'sensor' }, configs: { acks: 'all' }, ...o.producer },
    ],
  };
}

/** Every record of a replica's log below `upTo`. */
function rowsBelow(log: Log, upTo: number): Row[] {
  return rows(log).filter((x) => x.offset < upTo);
}

function duplicateKeys(list: Row[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const x of list) {
    if (x.key === null) dups.push('(null key)');
    else if (seen.has(x.key)) dups.push(x.key);
    seen.add(x.key!);
  }
  return dups;
}

describe('compaction in a running cluster', () => {
  /**
   * The required scenario: keys k0…k4 cycled at 20 records/s (acks=all, RF 3), segments rolling
   * every 500 ms, the cleaner every 200 ms with a tiny dirty-ratio threshold. After 6 s k2 is
   * deleted with a tombstone and the producer goes on with the other keys. A twin run with
   * cleanup.policy=delete (same seed, same commands) keeps the full history to compare against.
   */
  function run(policy: string) {
    const sim = createSimulation(compactScenario({ topicConfigs: { 'cleanup.policy': policy } }), { seed: 11 });
    const events: SimEvent[] = advanceCollect(sim, 6000, 100);
    sim.apply({ type: 'produce', producerId: 'app', key: 'k2', value: null });
    sim.apply({ type: 'updateProducer', producerId: 'app', keys: { kind: 'fixed', keys: KEYS.filter((k) => k !== 'k2') } });
    const tombstoneAt = sim.nowMs;
    events.push(...advanceCollect(sim, 1500, 100));
    return { sim, events, tombstoneAt };
  }

  it('leaves one record per key below the cleaned offset on every replica, and drops the tombstone after delete.retention.ms', () => {
    const { sim, events, tombstoneAt } = run('compact');
    const twin = run('delete');
    const p = partitionOf(sim, 'users', 0);
    const history = rows(partitionOf(twin.sim, 'users', 0).logs[twin.sim.state.partitions['users-0']!.leader]!.log);
    const tombstoneOffset = history.find((x) => x.key === 'k2' && x.value === null)!.offset;
    expect(tombstoneOffset).toBeGreaterThan(0);

    // Every broker's cleaner has run on its own replica.
    const cleaned = ofType(events, 'logCleaned');
    expect(new Set(cleaned.map((e) => e.brokerId))).toEqual(new Set(p.replicas));
    expect(cleaned.every((e) => e.bytesAfter <= e.bytesBefore)).toBe(true);
    expect(cleaned.reduce((n, e) => n + e.recordsRemoved, 0)).toBeGreaterThan(0);

    // Shortly after the tombstone: it is cleaned, kept and stamped on every replica; older k2 values are gone.
    for (const id of p.replicas) {
      const log = p.logs[id]!.log;
      const cut = log.cleanerCheckpoint;
      expect(cut).toBeGreaterThan(tombstoneOffset);
      const below = rowsBelow(log, cut);
      expect(duplicateKeys(below), `broker ${id}`).toEqual([]);
      expect(below.filter((x) => x.key === 'k2')).toEqual([{ offset: tombstoneOffset, key: 'k2', value: null }]);
      const holder = log.segments.flatMap((sg) => sg.batches).find((b) => b.baseOffset <= tombstoneOffset && tombstoneOffset < b.endOffset)!;
      expect(holder.deleteHorizonMs).toBeGreaterThan(tombstoneAt);
      // Compared with the full history: each record kept is the same record, and it is the key's latest
      // below the cleaned offset.
      const byOffset = new Map(history.map((x) => [x.offset, x]));
      for (const x of rows(log)) expect(byOffset.get(x.offset), `broker ${id} offset ${x.offset}`).toEqual(x);
      for (const x of below) expect(history.filter((y) => y.key === x.key && y.offset < cut).at(-1)).toEqual(x);
    }
    // The consumer-visible view from the leader: no k2 value before the tombstone.
    const seen = sim.readRecords('users', 0, 0, 1000);
    expect(seen.filter((x) => x.key === 'k2' && x.value !== null && x.offset < tombstoneOffset)).toEqual([]);
    expect(seen.find((x) => x.offset === tombstoneOffset)).toMatchObject({ key: 'k2', value: null, committed: true });

    // After delete.retention.ms (3 s) and another pass, the tombstone is gone everywhere.
    const later = advanceCollect(sim, 4000, 100);
    expect(ofType(later, 'logCleaned').some((e) => e.tombstonesRemoved > 0)).toBe(true);
    for (const id of p.replicas) {
      const log = p.logs[id]!.log;
      expect(
        rows(log).filter((x) => x.key === 'k2'),
        `broker ${id}`,
      ).toEqual([]);
      expect(duplicateKeys(rowsBelow(log, log.cleanerCheckpoint)), `broker ${id}`).toEqual([]);
      expect(checkLogShape(log), `broker ${id}`).toEqual([]);
    }
    expect(sim.readRecords('users', 0, 0, 1000).some((x) => x.key === 'k2')).toBe(false);
    // Pause the producer: the replicas converge on the same records.
    sim.apply({ type: 'updateProducer', producerId: 'app', paused: true });
    advanceCollect(sim, 3000, 100);
    const views = p.replicas.map((id) => {
      const log = p.logs[id]!.log;
      return rowsBelow(log, Math.min(...p.replicas.map((j) => p.logs[j]!.log.cleanerCheckpoint)));
    });
    for (const v of views) expect(v).toEqual(views[0]);
    expect(sim.snapshot().stats.acknowledgedLost).toBe(0);
  });

  it('a consumer reading from the earliest offset sees the compacted log: gaps skipped, its position reaches the end', () => {
    const sim = createSimulation(compactScenario(), { seed: 2 });
    advanceCollect(sim, 5000, 100);
    sim.apply({ type: 'updateProducer', producerId: 'app', paused: true });
    advanceCollect(sim, 1000, 100);
    const p = partitionOf(sim, 'users', 0);
    const leaderRows = rows(p.logs[p.leader]!.log);
    const leo = p.logs[p.leader]!.log.leo;
    expect(leaderRows.length).toBeLessThan(leo / 2); // mostly compacted away
    sim.apply({ type: 'addConsumer', consumer: { id: 'reader', groupId: 'cache', topics: ['users'], configs: { 'auto.offset.reset': 'earliest' } } });
    const events = advanceCollect(sim, 15_000, 100);
    const consumed = ofType(events, 'recordsConsumed');
    expect(consumed.reduce((n, e) => n + e.records, 0)).toBe(leaderRows.length);
    expect(consumed.at(-1)!.endOffset).toBe(leaderRows.at(-1)!.offset + 1);
    expect(ofType(events, 'consumerError')).toEqual([]);
  });

  it('compact,delete also applies retention.ms — run by the cleaner thread, even with the retention check far away', () => {
    const sim = createSimulation(
      compactScenario({
        topicConfigs: { 'cleanup.policy': 'compact,delete', 'retention.ms': 2000 },
        brokerConfigs: { 'log.retention.check.interval.ms': 10_000_000, 'log.initial.task.delay.ms': 10_000_000 },
      }),
      { seed: 3 },
    );
    const events = advanceCollect(sim, 8000, 100);
    const deleted = ofType(events, 'segmentDeleted');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.some((e) => e.reason === 'retention.ms')).toBe(true);
    // Followers also drop segments below the log start offset the leader sends them.
    expect(deleted.every((e) => e.reason === 'retention.ms' || e.reason === 'log start offset')).toBe(true);
    expect(ofType(events, 'logCleaned').length).toBeGreaterThan(0);
    const p = partitionOf(sim, 'users', 0);
    for (const id of p.replicas) {
      const log = p.logs[id]!.log;
      expect(log.logStartOffset).toBeGreaterThan(0);
      // What is left is no older than retention.ms allows (whole segments, judged by their newest record).
      for (const seg of log.segments.slice(0, -1)) expect(sim.nowMs - seg.largestTimestampMs).toBeLessThanOrEqual(2000 + 500);
    }
  });

  it('cleanup.policy=compact alone never deletes by retention.ms', () => {
    const sim = createSimulation(compactScenario({ topicConfigs: { 'retention.ms': 1000 } }), { seed: 3 });
    const events = advanceCollect(sim, 6000, 200);
    expect(ofType(events, 'segmentDeleted')).toEqual([]);
    expect(partitionOf(sim, 'users', 0).logs[1]!.log.logStartOffset).toBe(0);
  });

  it('a record without a key is rejected: InvalidRecordException "Compacted topic cannot accept message without key in topic partition users-0."', () => {
    const sim = createSimulation(compactScenario({ producer: { ratePerSec: 0 } }), { seed: 1 });
    advanceCollect(sim, 1000, 100);
    sim.apply({ type: 'produce', producerId: 'app', key: null, value: 'v' });
    const events = advanceCollect(sim, 2000, 100);
    const [err] = ofType(events, 'producerError');
    expect(err).toMatchObject({
      topic: 'users',
      partition: 0,
      retriable: false,
      error: { name: 'InvalidRecordException', message: 'Compacted topic cannot accept message without key in topic partition users-0.' },
    });
    expect(ofType(events, 'recordsAppended')).toEqual([]);
    expect(sim.snapshot().stats.recordsFailed).toBe(1);
  });

  it('acks=all, compaction and a leader failover: no acknowledged record counts as lost', () => {
    // linger.ms 60: about three records per batch, so the cleaner rewrites batches rather than only dropping them.
    const sim = createSimulation(compactScenario({ producer: { ratePerSec: 40, configs: { acks: 'all', 'linger.ms': 60 } } }), { seed: 5 });
    const events = advanceCollect(sim, 5000, 100);
    const p = partitionOf(sim, 'users', 0);
    // The cleaner has rewritten acknowledged batches (same id, fewer records) on the leader.
    const rewritten = p.logs[p.leader]!.log.segments.flatMap((sg) => sg.batches).filter((b) => b.offsetDeltas !== null);
    expect(rewritten.length).toBeGreaterThan(0);
    const oldLeader = p.leader;
    sim.apply({ type: 'crashBroker', brokerId: oldLeader });
    events.push(...advanceCollect(sim, 8000, 100));
    expect(p.leader).not.toBe(oldLeader);
    expect(p.leader).toBeGreaterThan(0);
    sim.apply({ type: 'restartBroker', brokerId: oldLeader });
    events.push(...advanceCollect(sim, 8000, 100));
    expect(ofType(events, 'recordsAcknowledged').length).toBeGreaterThan(100);
    expect(ofType(events, 'logCleaned').filter((e) => e.brokerId === p.leader).length).toBeGreaterThan(0);
    expect(ofType(events, 'acknowledgedRecordsLost')).toEqual([]);
    expect(sim.snapshot().stats.acknowledgedLost).toBe(0);
    expect(p.lostRecords).toBe(0);
    expect(p.isr.length).toBe(3);
  });

  /**
   * A follower falls out of the ISR (crashed), production goes on with acks=all and
   * min.insync.replicas=2, and the two in-sync replicas compact past the follower's log end.
   */
  function laggingFollower() {
    const sim = createSimulation(
      compactScenario({
        brokerConfigs: { 'replica.lag.time.max.ms': 1000 },
        topicConfigs: { 'delete.retention.ms': 86_400_000 },
        producer: { ratePerSec: 40 },
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 3000, 100);
    const p = partitionOf(sim, 'users', 0);
    const follower = p.replicas.find((id) => id !== p.leader && id !== 1)!; // broker 1 is the only controller
    sim.apply({ type: 'crashBroker', brokerId: follower });
    const events = advanceCollect(sim, 5000, 100);
    const leaderLog = p.logs[p.leader]!.log;
    const followerLeo = p.logs[follower]!.log.leo;
    // The leader no longer holds the batch at the follower's log end: compaction removed it.
    expect(leaderLog.cleanerCheckpoint).toBeGreaterThan(followerLeo);
    expect(rows(leaderLog).some((x) => x.offset === followerLeo)).toBe(false);
    expect(ofType(events, 'recordsAcknowledged').length).toBeGreaterThan(50);
    return { sim, p, follower };
  }

  // Regression test (was a bug in durability.ts: after the election, `recountLostRecords` scans the crashed
  // follower's tail; the new leader compacted those acknowledged batches away, `leaderHas` is false,
  // and they are counted lost (13 records with seed 1). Kafka lost nothing: the new leader was in the
  // ISR and holds the latest value of every key. Flip to `it` once durability.ts is compaction-aware.
  it('a leader failover while a follower lags behind compacted offsets counts no loss', () => {
    const { sim, p } = laggingFollower();
    const oldLeader = p.leader;
    sim.apply({ type: 'crashBroker', brokerId: oldLeader });
    const events = advanceCollect(sim, 15_000, 100);
    expect(p.leader).not.toBe(oldLeader);
    expect(ofType(events, 'acknowledgedRecordsLost')).toEqual([]);
    expect(sim.snapshot().stats.acknowledgedLost).toBe(0);
  });

  // Regression test (was a bug in `appendAsFollower`, follower-fetcher.ts: it only appends a batch whose base offset equals
  // the follower's LEO and gives up otherwise, so a follower fetching into a compacted gap never
  // makes progress (Kafka's follower append only requires offsets to increase). Flip to `it` once fixed.
  it('a restarted follower catches up across compaction gaps', () => {
    const { sim, p, follower } = laggingFollower();
    sim.apply({ type: 'restartBroker', brokerId: follower });
    advanceCollect(sim, 20_000, 100);
    expect(p.logs[follower]!.log.leo).toBe(p.logs[p.leader]!.log.leo);
    expect(p.isr).toContain(follower);
  });
});

// ---------------------------------------------------------------------------------------------
// Property

interface LogCase {
  segments: Rec[][][];
  /** undefined: the HW at the LEO. */
  hwPick: number | undefined;
  checkpointPick: number;
  nowMs: number;
  lagMs: number;
}

const recArb: fc.Arbitrary<Rec> = fc.tuple(
  fc.constantFrom<string | null>('a', 'b', 'c', 'd', 'e', 'a', 'b', null),
  fc.option(fc.string({ minLength: 0, maxLength: 6 }), { nil: null, freq: 4 }),
  fc.integer({ min: 0, max: 10_000 }),
);
const logCaseArb: fc.Arbitrary<LogCase> = fc.record({
  segments: fc.array(fc.array(fc.array(recArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
  hwPick: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  checkpointPick: fc.integer({ min: 0, max: 1000 }),
  nowMs: fc.integer({ min: 0, max: 20_000 }),
  lagMs: fc.constantFrom(0, 0, 1000, 5000),
});

describe('property: cleaning keeps exactly the latest record per key of the cleanable range', () => {
  it('latest per key kept, nothing superseded kept, offsets strictly increasing, the rest untouched (300 random logs)', () => {
    fc.assert(
      fc.property(logCaseArb, (c) => {
        const log = logOf(c.segments);
        const hw = c.hwPick === undefined ? log.leo : c.hwPick % (log.leo + 1);
        const bases = log.segments.map((sg) => sg.baseOffset);
        log.cleanerCheckpoint = bases[c.checkpointPick % bases.length]!;
        const { s, p, r } = harness(log, { hw, nowMs: c.nowMs, configs: { 'min.compaction.lag.ms': c.lagMs, 'delete.retention.ms': 500 } });
        const before = rows(log);
        const segsBefore = log.segments.slice();
        const leoBefore = log.leo;
        const { firstDirty, firstUncleanable } = cleanableRange(s, p, r);

        // The range itself, from the rules: never past the HW, the active segment or a too-recent dirty segment, on a segment boundary.
        expect(firstDirty).toBe(log.cleanerCheckpoint);
        expect(bases).toContain(firstUncleanable);
        expect(firstUncleanable).toBeLessThanOrEqual(Math.max(firstDirty, Math.min(hw, bases.at(-1)!)));
        if (c.lagMs > 0) {
          for (const sg of log.segments.slice(0, -1)) {
            if (sg.baseOffset >= firstDirty && sg.baseOffset < firstUncleanable) expect(sg.largestTimestampMs).toBeLessThanOrEqual(c.nowMs - c.lagMs);
          }
        }

        cleanLog(s, p, r);
        const after = rows(r.log);
        if (firstUncleanable === firstDirty) {
          // Nothing cleanable: the log is left exactly as it was.
          expect(r.log.segments).toEqual(segsBefore);
          expect(r.log.cleanerCheckpoint).toBe(firstDirty);
          return;
        }
        const kept = new Map(after.map((x) => [x.offset, x]));
        const dirty = before.filter((x) => x.offset >= firstDirty && x.offset < firstUncleanable);
        const latest = new Map<string, number>();
        for (const x of dirty) if (x.key !== null) latest.set(x.key, x.offset);

        // 1. The latest record of each key in the cleanable range is kept (no horizon existed before this pass).
        for (const off of latest.values()) expect(kept.get(off)).toEqual(before.find((x) => x.offset === off));
        // 2. No kept record below the range's end is superseded by a later record of its key in the range; none lacks a key.
        for (const x of after) {
          if (x.offset >= firstUncleanable) continue;
          expect(x.key).not.toBeNull();
          expect(x.offset).toBeGreaterThanOrEqual(latest.get(x.key!) ?? -1);
        }
        // 2b. … and every record that is neither superseded nor unkeyed is still there (compaction removes nothing else).
        for (const x of before) {
          if (x.offset >= firstUncleanable || x.key === null || x.offset < (latest.get(x.key) ?? -1)) continue;
          expect(kept.get(x.offset)).toEqual(x);
        }
        // 3. Offsets strictly increase; columns and sizes agree.
        expect(checkLogShape(r.log)).toEqual([]);
        for (const b of allBatches(r.log)) if (b.offsetDeltas) expect(b.sizeBytes).toBe(expectedSize(b));
        // 4. From the first uncleanable offset on, the very same segments.
        expect(r.log.segments.filter((sg) => sg.baseOffset >= firstUncleanable)).toEqual(segsBefore.filter((sg) => sg.baseOffset >= firstUncleanable));
        r.log.segments
          .filter((sg) => sg.baseOffset >= firstUncleanable)
          .forEach((sg, i) => expect(sg).toBe(segsBefore.filter((x) => x.baseOffset >= firstUncleanable)[i]));
        expect(after.filter((x) => x.offset >= firstUncleanable)).toEqual(before.filter((x) => x.offset >= firstUncleanable));
        // 5. Kept tombstones carry a delete horizon of now + delete.retention.ms; the checkpoint moved to the range's end.
        for (const b of allBatches(r.log)) {
          if (b.baseOffset >= firstUncleanable) continue;
          let tomb = false;
          for (let i = 0; i < b.count; i++) if (recordValue(b, i) === null) tomb = true;
          if (tomb) expect(b.deleteHorizonMs).toBe(c.nowMs + 500);
        }
        expect(r.log.cleanerCheckpoint).toBe(firstUncleanable);
        expect(r.log.leo).toBe(leoBefore);
      }),
      { numRuns: 300 },
    );
  });
});

/** A batch as the model sees it: base offset, delete horizon and records. */
interface BatchModel {
  base: number;
  horizon: number | null;
  recs: Row[];
}

function modelOf(log: Log): BatchModel[] {
  return allBatches(log).map((b) => ({
    base: b.baseOffset,
    horizon: b.deleteHorizonMs ?? null,
    recs: Array.from({ length: b.count }, (_, i) => ({ offset: recordOffset(b, i), key: recordKey(b, i), value: recordValue(b, i) })),
  }));
}

/** What one pass over [firstDirty, firstUncleanable) at `nowMs` should leave (Cleaner.shouldRetainRecord, MemoryRecords.filterTo). */
function expectedAfterPass(before: BatchModel[], firstDirty: number, firstUncleanable: number, nowMs: number, deleteRetentionMs: number): BatchModel[] {
  if (firstUncleanable <= firstDirty) return before;
  const latest = new Map<string, number>();
  for (const b of before) for (const x of b.recs) if (x.offset >= firstDirty && x.offset < firstUncleanable && x.key !== null) latest.set(x.key, x.offset);
  const out: BatchModel[] = [];
  for (const b of before) {
    if (b.base >= firstUncleanable) {
      out.push(b);
      continue;
    }
    const recs = b.recs.filter(
      (x) => x.key !== null && x.offset >= (latest.get(x.key) ?? -1) && !(x.value === null && b.horizon !== null && nowMs >= b.horizon),
    );
    if (recs.length === 0) continue;
    const horizon = b.horizon === null && recs.some((x) => x.value === null) ? nowMs + deleteRetentionMs : b.horizon;
    out.push({ base: b.base, horizon, recs });
  }
  return out;
}

describe('property: repeated passes match a model of the cleaner, tombstones included', () => {
  it("up to four passes (new data and time in between) leave exactly the model's batches, records and delete horizons (200 random logs)", () => {
    // The new records mostly use other keys, so tombstones stamped by the first pass live to see their horizon.
    const laterRecArb: fc.Arbitrary<Rec> = fc.tuple(
      fc.constantFrom<string | null>('a', 'p', 'q', 'q', null),
      fc.option(fc.string({ maxLength: 4 }), { nil: null, freq: 4 }),
      fc.integer({ min: 0, max: 10_000 }),
    );
    const passArb = fc.record({
      more: fc.array(fc.array(laterRecArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      hwPick: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      laterMs: fc.integer({ min: 0, max: 2000 }),
      noLag: fc.boolean(),
    });
    fc.assert(
      fc.property(logCaseArb, fc.array(passArb, { minLength: 1, maxLength: 3 }), (c, later) => {
        const log = logOf(c.segments);
        const { s, p, r } = harness(log, {
          hw: c.hwPick === undefined ? log.leo : c.hwPick % (log.leo + 1),
          nowMs: c.nowMs,
          configs: { 'min.compaction.lag.ms': c.lagMs, 'delete.retention.ms': 500 },
        });
        const pass = (): void => {
          const before = modelOf(r.log);
          const { firstDirty, firstUncleanable } = cleanableRange(s, p, r);
          cleanLog(s, p, r);
          expect(modelOf(r.log)).toEqual(expectedAfterPass(before, firstDirty, firstUncleanable, s.nowMs, 500));
          expect(checkLogShape(r.log)).toEqual([]);
          for (const b of allBatches(r.log)) expect(b.sizeBytes).toBe(b.offsetDeltas || b.deleteHorizonMs ? expectedSize(b) : b.sizeBytes);
        };
        pass();
        for (const next of later) {
          // More records in a new segment, the active one rolled past them, time moves on.
          roll(r.log, s.nowMs);
          for (const recs of next.more)
            appendBatch(
              r.log,
              keyedBatch(
                r.log.leo,
                recs.map(([key, value, ts]) => ({ key, value, timestampMs: ts ?? 0 })),
              ),
              rollConfig(),
              s.nowMs,
            );
          roll(r.log, s.nowMs);
          appendBatch(r.log, keyedBatch(r.log.leo, [{ key: 'tail', value: 'x' }]), rollConfig(), s.nowMs);
          r.highWatermark = next.hwPick === undefined ? r.log.leo : Math.max(r.highWatermark, next.hwPick % (r.log.leo + 1));
          if (next.noLag) s.topics['t']!.configs['min.compaction.lag.ms'] = 0;
          s.nowMs += next.laterMs;
          pass();
        }
      }),
      { numRuns: 200 },
    );
  });
});
