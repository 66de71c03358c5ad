/**
 * The record budget (issue 12, item 7): over it, the oldest records lose their payloads and runs of
 * old batches become summaries (src/engine/kafka/slimming.ts). Nothing Kafka-visible may change:
 * offsets, counts, sizes, high watermarks and what consumers process are the same as with every
 * payload kept; only what the record inspector can show of an old record goes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, hashEvents } from '../../src/engine';
import type { ScenarioSpec, Simulation } from '../../src/engine';
import { appendBatch, readBatches, segmentRecordCount, truncateTo } from '../../src/engine/kafka/log';
import type { Log } from '../../src/engine/kafka/log';
import { recordIndexAt, recordTimestampMs } from '../../src/engine/kafka/record-batch';
import { checkRecordMemory, fairShare, slimLog } from '../../src/engine/kafka/slimming';
import { emptyLog, keyedBatch, rollConfig, storedBatch } from '../helpers/log';

const SCENARIO: ScenarioSpec = {
  name: 'slimming',
  cluster: { brokers: 3 },
  topics: [{ name: 'orders', partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
  producers: [{ id: 'p', topic: 'orders', ratePerSec: 2_000, keys: { kind: 'random', prefix: 'k-', cardinality: 500 }, configs: { acks: 'all' } }],
  consumers: [1, 2].map((n) => ({ id: `c${n}`, groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } })),
};
const SMALL = 20_000;
const UNLIMITED = 1_000_000_000;

function run(budget: number, seconds: number, scenario = SCENARIO, during?: (sim: Simulation, second: number) => void): { sim: Simulation; hash: number } {
  const sim = createSimulation(scenario, { seed: 7, recordBudget: budget });
  let hash = hashEvents([]);
  for (let s = 1; s <= seconds; s++) {
    sim.advance(1_000);
    during?.(sim, s);
    hash = hashEvents(sim.drainEvents(), hash);
  }
  return { sim, hash };
}

/** Everything a snapshot says about the partitions and groups (what slimming reports aside: the memory line, where payloads start). */
function kafkaView(sim: Simulation): unknown {
  const { partitions, groups, stats, brokers } = sim.snapshot();
  const replicas = partitions.map((p) => ({ ...p, replicaStates: p.replicaStates.map(({ payloadsFrom: _, ...r }) => r) }));
  return { partitions: replicas, groups, stats, brokers };
}

function slimmedBatches(log: Log): number {
  let n = 0;
  for (const seg of log.segments) for (const b of seg.batches) if (b.slimmed) n++;
  return n;
}

describe('the record budget, seen from outside', () => {
  it('below the budget changes nothing: no summary, nothing counted as slimmed', () => {
    const { sim } = run(UNLIMITED, 10);
    expect(sim.state.memory.recordsSlimmed).toBe(0);
    expect(sim.state.memory.keptPerPartition).toBeNull();
    for (const p of Object.values(sim.state.partitions)) for (const r of Object.values(p.logs)) expect(slimmedBatches(r.log)).toBe(0);
  });

  it('over it, slims old records and yet every event, offset, size and group position is the same as with every payload kept', () => {
    const full = run(UNLIMITED, 30);
    const slim = run(SMALL, 30);
    const m = slim.sim.state.memory;
    expect(m.recordsSlimmed).toBeGreaterThan(30_000);
    expect(m.fullRecords).toBeLessThanOrEqual(SMALL);
    expect(m.keptPerPartition).toBeGreaterThanOrEqual(500);
    expect(full.sim.state.memory.recordsSlimmed).toBe(0);
    const leader = slim.sim.state.partitions['orders-0']!;
    expect(slimmedBatches(leader.logs[leader.leader]!.log)).toBeGreaterThan(0);
    expect(slim.hash).toBe(full.hash);
    expect(kafkaView(slim.sim)).toEqual(kafkaView(full.sim));
  });

  it('replicas share the summaries, as they share batches', () => {
    const { sim } = run(SMALL, 20);
    const p = sim.state.partitions['orders-1']!;
    const [a, b] = p.replicas.map((id) => p.logs[id]!.log.segments[0]!.batches.find((x) => x.slimmed));
    expect(a).toBeDefined();
    expect(b).toBe(a);
  });

  it('a group that starts late reads slimmed records: the same offsets, every record processed once', () => {
    const late = (sim: Simulation, s: number) => {
      if (s === 25)
        sim.apply({ type: 'addConsumer', consumer: { id: 'late', groupId: 'audit', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } } });
    };
    const runs = [UNLIMITED, SMALL].map((budget) => run(budget, 45, { ...SCENARIO, producers: [{ ...SCENARIO.producers![0]!, ratePerSec: 1_000 }] }, late).sim);
    const [full, slim] = runs.map((sim) => sim.snapshot().groups.find((g) => g.groupId === 'audit')!);
    expect(runs[1]!.state.memory.recordsSlimmed).toBeGreaterThan(0);
    expect(slim!.stats.duplicates).toBe(0);
    expect(slim!.stats.processed).toBe(full!.stats.processed);
    expect(slim!.partitions.map((x) => x.committedOffset)).toEqual(full!.partitions.map((x) => x.committedOffset));
  });

  it('the record inspector says an old record was dropped, with its offset, an estimated time and an average size', () => {
    const { sim } = run(SMALL, 30);
    const p = sim.state.partitions['orders-2']!;
    const log = p.logs[p.leader]!.log;
    const summary = log.segments[0]!.batches.find((b) => b.slimmed)!;
    const offset = summary.baseOffset + Math.floor(summary.count / 2);
    const [old] = sim.readRecords('orders', 2, offset, 1);
    expect(old).toMatchObject({ offset, dropped: true, key: null, value: null, headers: [], keyHash: null, committed: true });
    expect(old!.timestampMs).toBeGreaterThanOrEqual(recordTimestampMs(summary, 0));
    expect(old!.timestampMs).toBeLessThanOrEqual(summary.maxTimestampMs);
    expect(old!.sizeBytes).toBe(Math.round(summary.sizeBytes / summary.count));
    const [fresh] = sim.readRecords('orders', 2, log.leo - 1, 1);
    expect(fresh).toMatchObject({ dropped: false });
    expect(fresh!.key).toMatch(/^k-/);
    expect(fresh!.value).not.toBeNull();
  });

  it('never slims a compacted topic (its cleaner needs every key)', () => {
    const compacted: ScenarioSpec = { ...SCENARIO, topics: [{ ...SCENARIO.topics[0]!, configs: { 'cleanup.policy': 'compact' } }] };
    const { sim } = run(SMALL, 20, compacted);
    expect(sim.state.memory.recordsSlimmed).toBe(0);
    expect(sim.state.memory.fullRecords).toBe(0); // not counted either: only what could be slimmed is
  });

  it('a topic made compacted after slimming keeps its summaries: the cleaner cannot judge records without keys', () => {
    const { sim } = run(SMALL, 20);
    const before = sim.snapshot().partitions.find((x) => x.partition === 0)!;
    expect(
      sim.apply({ type: 'setTopicConfig', topic: 'orders', configs: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': 0.01, 'segment.ms': 1_000 } }),
    ).toMatchObject({ ok: true });
    sim.advance(60_000);
    expect(sim.drainEvents().some((e) => e.type === 'logCleaned' && e.topic === 'orders' && e.recordsRemoved > 0)).toBe(true);
    const p = sim.state.partitions['orders-0']!;
    const log = p.logs[p.leader]!.log;
    expect(slimmedBatches(log)).toBeGreaterThan(0);
    expect(log.logStartOffset).toBe(before.logStartOffset);
  });

  it('a checkpoint from before a slimming replays to the same history', () => {
    const sim = createSimulation(SCENARIO, { seed: 7, recordBudget: SMALL });
    sim.advance(4_000);
    const cp = sim.checkpoint();
    expect(cp.state.memory.recordsSlimmed).toBe(0);
    sim.drainEvents();
    sim.advance(20_000);
    const expected = { hash: hashEvents(sim.drainEvents()), view: kafkaView(sim), memory: { ...sim.state.memory } };
    expect(expected.memory.recordsSlimmed).toBeGreaterThan(0);
    sim.restore(cp);
    sim.advance(20_000);
    expect(hashEvents(sim.drainEvents())).toBe(expected.hash);
    expect(kafkaView(sim)).toEqual(expected.view);
    expect(sim.state.memory).toEqual(expected.memory);
  });
});

describe('fairShare: an equal share of the budget, partitions holding less keep all theirs', () => {
  it('water-fills', () => {
    expect(fairShare([10, 10, 10], 30)).toBe(Number.MAX_SAFE_INTEGER);
    expect(fairShare([10, 100, 100], 50)).toBe(20);
    expect(fairShare([0, 0, 1_000], 100)).toBe(100);
  });

  it('never hands out more than the target', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { minLength: 1, maxLength: 50 }), fc.nat(100_000), (sizes, target) => {
        const w = fairShare(sizes, target);
        const sum = sizes.reduce((n, x) => n + Math.min(x, w), 0);
        if (w === Number.MAX_SAFE_INTEGER) expect(sizes.reduce((n, x) => n + x, 0)).toBeLessThanOrEqual(target);
        else expect(sum).toBeLessThanOrEqual(target);
      }),
    );
  });
});

/** A log of generated batches: counts, sizes, producers and the odd tombstone, in small segments. */
const arbLog = fc
  .record({
    batches: fc.array(
      fc.record({ count: fc.integer({ min: 1, max: 5 }), size: fc.integer({ min: 70, max: 400 }), pid: fc.constantFrom(-1, 1, 2), tombstone: fc.boolean() }),
      { minLength: 1, maxLength: 120 },
    ),
    segmentBytes: fc.integer({ min: 500, max: 20_000 }),
  })
  .map(({ batches, segmentBytes }) => {
    const log = emptyLog();
    const seq: Record<number, number> = {};
    let t = 0;
    for (const x of batches) {
      const records = Array.from({ length: x.count }, (_, i) => ({ key: `k${i}`, value: x.tombstone && i === 0 ? null : 'v', timestampMs: (t += 3) }));
      const b = { ...keyedBatch(log.leo, records, { pid: x.pid, baseSequence: x.pid < 0 ? -1 : (seq[x.pid] ?? 0) }), sizeBytes: x.size };
      if (x.pid >= 0) seq[x.pid] = (seq[x.pid] ?? 0) + x.count;
      appendBatch(log, b, rollConfig({ segmentBytes }), t);
    }
    return log;
  });

const copyLog = (log: Log): Log => ({
  ...log,
  segments: log.segments.map((s) => ({ ...s, batches: [...s.batches] })),
  producers: structuredClone(log.producers),
  epochs: [...log.epochs],
});

describe('slimLog keeps what Kafka sees of a log', () => {
  it('the same segments, offsets, counts and sizes; every offset still found; reads return whole ranges', () => {
    fc.assert(
      fc.property(arbLog, fc.double({ min: 0, max: 1.2, noNaN: true }), (log, at) => {
        const before = copyLog(log);
        const cut = Math.floor(log.leo * at);
        slimLog(log, cut);
        expect(log.leo).toBe(before.leo);
        expect(log.slimmedTo).toBeLessThanOrEqual(Math.max(0, cut));
        expect(log.segments.map((s) => [s.baseOffset, s.sizeBytes, segmentRecordCount(s), s.largestTimestampMs])).toEqual(
          before.segments.map((s) => [s.baseOffset, s.sizeBytes, segmentRecordCount(s), s.largestTimestampMs]),
        );
        for (const seg of log.segments)
          for (const b of seg.batches) {
            if (b.slimmed) expect(b.endOffset).toBeLessThanOrEqual(cut);
            if (b.slimmed) expect(b.sizeBytes).toBeLessThanOrEqual(1_048_576);
          }
        // Every offset is held by exactly one batch, in order, from the start to the end.
        const read = readBatches(log, 0, log.leo, Number.MAX_SAFE_INTEGER);
        let next = 0;
        for (const b of read) {
          expect(b.baseOffset).toBe(next);
          for (let o = b.baseOffset; o < b.endOffset; o++) expect(recordIndexAt(b, o)).toBeGreaterThanOrEqual(0);
          next = b.endOffset;
        }
        expect(next).toBe(log.leo);
        // The producers' next sequences are unchanged (the idempotence check still works).
        expect(log.producers).toEqual(before.producers);
      }),
    );
  });

  it('never summarises a batch holding a tombstone (the tape marks them)', () => {
    const log = emptyLog();
    appendBatch(log, keyedBatch(0, [{ key: 'a', value: 'x' }]), rollConfig(), 0);
    appendBatch(log, keyedBatch(1, [{ key: 'a', value: null }]), rollConfig(), 0);
    appendBatch(log, keyedBatch(2, [{ key: 'b', value: 'y' }]), rollConfig(), 0);
    slimLog(log, 3);
    expect(log.segments[0]!.batches.map((b) => b.slimmed ?? 0)).toEqual([1, 0, 1]);
  });

  it('truncating into a summary keeps its head, as Kafka keeps the records below the offset', () => {
    fc.assert(
      fc.property(arbLog, fc.double({ min: 0, max: 1, noNaN: true }), (log, at) => {
        const plain = copyLog(log);
        slimLog(log, log.leo);
        const offset = Math.floor(log.leo * at);
        truncateTo(log, offset, 0);
        truncateTo(plain, offset, 0);
        expect(log.leo).toBe(plain.leo);
        expect(log.segments.reduce((n, s) => n + segmentRecordCount(s), 0)).toBe(plain.segments.reduce((n, s) => n + segmentRecordCount(s), 0));
      }),
    );
  });

  it('a straddling summary splits by record: the head keeps its share of the bytes', () => {
    const log = emptyLog();
    for (let i = 0; i < 10; i++) appendBatch(log, storedBatch(i, { sizeBytes: 100, timestampMs: i * 10 }), rollConfig(), 0);
    slimLog(log, 10);
    expect(log.segments[0]!.batches).toHaveLength(1);
    truncateTo(log, 4, 0);
    const [head] = log.segments[0]!.batches;
    expect(head).toMatchObject({ baseOffset: 0, endOffset: 4, count: 4, sizeBytes: 400, maxTimestampMs: 30, slimmed: 10 });
    expect(log.leo).toBe(4);
    expect(log.segments[0]!.sizeBytes).toBe(400);
  });
});

describe('checkRecordMemory', () => {
  it('counts only what it may slim and keeps at least 500 records of each partition', () => {
    const sim = createSimulation(SCENARIO, { seed: 7, recordBudget: 10 });
    sim.advance(10_000);
    checkRecordMemory(sim.state);
    expect(sim.state.memory.keptPerPartition).toBe(500);
    for (const p of Object.values(sim.state.partitions).filter((x) => x.topic === 'orders')) {
      const r = p.logs[p.leader]!;
      expect(r.highWatermark - r.log.slimmedTo).toBeGreaterThanOrEqual(500);
    }
  });
});
