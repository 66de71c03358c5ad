/**
 * What the log remembers for the topic tape (src/engine/kafka/log.ts `removals`, and the snapshot's
 * `kept` / `tombstones` per segment): retention passes and cleaner passes as bounded history, the
 * offsets a compacted segment still holds, and where its tombstones are.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec, SegmentView, Simulation } from '../../src/engine';
import { appendBatch, deleteOldSegments, MAX_REMOVALS, segmentRecordCount } from '../../src/engine/kafka/log';
import { emptyLog, rollConfig, storedBatch } from '../helpers/log';

const retentionMs = (ms: number) => ({ retentionMs: ms, retentionBytes: -1, deletePolicy: true });

describe('log removals', () => {
  it('remembers each retention pass as one range, with its reason and time', () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 500 });
    for (let i = 0; i < 15; i++) appendBatch(log, storedBatch(log.leo, { sizeBytes: 100, timestampMs: 10 }), cfg, 0);
    deleteOldSegments(log, 10, retentionMs(1000), 70_000);
    expect(log.removals).toEqual([{ fromOffset: 0, endOffset: 10, records: 10, atMs: 70_000, reason: 'retention.ms' }]);
  });

  it(`keeps only the last ${MAX_REMOVALS} removals, without touching an array a snapshot may hold`, () => {
    const log = emptyLog();
    const cfg = rollConfig({ segmentBytes: 100 });
    let held = log.removals;
    for (let i = 0; i < 12; i++) {
      appendBatch(log, storedBatch(log.leo, { sizeBytes: 100, timestampMs: i }), cfg, i);
      appendBatch(log, storedBatch(log.leo, { sizeBytes: 100, timestampMs: i }), cfg, i);
      const before = held.length;
      deleteOldSegments(log, log.leo, retentionMs(0), 1000 + i);
      expect(held).toHaveLength(before);
      held = log.removals;
    }
    expect(log.removals).toHaveLength(MAX_REMOVALS);
    expect(log.removals.map((r) => r.atMs)).toEqual([1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011]);
    for (let i = 1; i < log.removals.length; i++) expect(log.removals[i]!.fromOffset).toBe(log.removals[i - 1]!.endOffset);
  });
});

const KEYS = ['alice', 'bob', 'alice', 'carol', 'dave', 'alice', 'bob'];
const compacted: ScenarioSpec = {
  cluster: { brokers: 3 },
  topics: [
    { name: 'latest', partitions: 1, replicationFactor: 3, configs: { 'cleanup.policy': 'compact', 'segment.ms': 10_000, 'delete.retention.ms': 60_000 } },
  ],
  producers: [
    { id: 'app', topic: 'latest', ratePerSec: 4, keys: { kind: 'fixed', keys: KEYS }, value: { kind: 'order' } },
    { id: 'tool', topic: 'latest', ratePerSec: 0, keys: { kind: 'none' } },
  ],
};

function leaderOf(sim: Simulation) {
  const p = sim.snapshot().partitions.find((q) => q.topic === 'latest')!;
  return p.replicaStates.find((r) => r.brokerId === p.leader)!;
}

const offsetsOf = (s: SegmentView) => s.kept ?? Array.from({ length: s.endOffset - s.baseOffset }, (_, i) => s.baseOffset + i);

describe('the snapshot of a compacted log', () => {
  it('lists the offsets a cleaned segment kept, its tombstones, and the cleaner passes', () => {
    const sim = createSimulation(compacted, { seed: 909 });
    sim.advance(30_000);
    // As the compaction lesson does: dave is no longer written, and a tombstone deletes him.
    sim.apply({ type: 'updateProducer', producerId: 'app', keys: { kind: 'fixed', keys: ['alice', 'bob', 'alice', 'carol'] } });
    sim.apply({ type: 'produce', producerId: 'tool', key: 'dave', value: null });
    sim.advance(200);
    const tombstone = leaderOf(sim).logEndOffset - 1;
    expect(leaderOf(sim).segments.flatMap((s) => s.tombstones)).toEqual([tombstone]);
    sim.advance(30_000);
    const leader = leaderOf(sim);
    const thinned = leader.segments.filter((s) => s.kept !== null);
    expect(thinned.length).toBeGreaterThan(0);
    for (const s of thinned) {
      expect(s.kept!.length).toBe(s.records);
      expect(s.kept!.every((o, i, all) => o >= s.baseOffset && o < s.endOffset && (i === 0 || o > all[i - 1]!))).toBe(true);
    }
    // Each key is left once below the cleaner's checkpoint; the tombstone is still there, once.
    expect(leader.segments.flatMap((s) => s.tombstones)).toEqual([tombstone]);
    const cleaned = leader.removals.filter((r) => r.reason === 'compaction');
    expect(cleaned.length).toBeGreaterThan(0);
    for (const r of cleaned) expect(r.records).toBeGreaterThan(0);
    expect(leader.segments.every((s) => offsetsOf(s).length === s.records)).toBe(true);
    // Deterministic: the same run gives the same history.
    const again = createSimulation(compacted, { seed: 909 });
    again.advance(30_000);
    again.apply({ type: 'updateProducer', producerId: 'app', keys: { kind: 'fixed', keys: ['alice', 'bob', 'alice', 'carol'] } });
    again.apply({ type: 'produce', producerId: 'tool', key: 'dave', value: null });
    again.advance(30_200);
    expect(leaderOf(again).removals).toEqual(leader.removals);
  });
});

describe('the snapshot’s segment counts', () => {
  it('match the log after appends, acknowledgements, crashes and truncation (the scan is cached between snapshots)', () => {
    const sim = createSimulation(
      {
        cluster: { brokers: 3 },
        topics: [{ name: 't', partitions: 2, replicationFactor: 3, configs: { 'segment.ms': 3000 } }],
        producers: [
          { id: 'p', topic: 't', ratePerSec: 50, keys: { kind: 'random', prefix: 'k', cardinality: 5 }, value: { kind: 'order' }, configs: { acks: '1' } },
        ],
      },
      { seed: 7 },
    );
    const check = () => {
      const snap = sim.snapshot();
      for (const p of snap.partitions)
        for (const r of p.replicaStates) {
          const log = sim.state.partitions[`${p.topic}-${p.partition}`]!.logs[r.brokerId]!.log;
          expect(r.segments.map((s) => s.records)).toEqual(log.segments.map(segmentRecordCount));
        }
    };
    for (let i = 0; i < 10; i++) {
      sim.advance(700);
      check();
    }
    const leader = sim.snapshot().partitions[0]!.leader;
    sim.apply({ type: 'crashBroker', brokerId: leader });
    for (let i = 0; i < 10; i++) {
      sim.advance(1500);
      check();
    }
    sim.apply({ type: 'restartBroker', brokerId: leader });
    for (let i = 0; i < 10; i++) {
      sim.advance(1500);
      check();
    }
  });
});
