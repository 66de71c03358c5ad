/**
 * Issue 12, item 7: time travel keeps its checkpoints within a memory budget. Beyond it checkpoints
 * are thinned (seeks replay more), never kept without bound — and a seek still lands exactly.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, estimateStateBytes } from '../../src/engine';
import type { ScenarioSpec } from '../../src/engine';
import { History } from '../../src/worker/history';

/** Heavier than the default scenario: 5 brokers, 12 partitions at RF 3, 600 records/s, one group. */
const HEAVY: ScenarioSpec = {
  name: 'heavy',
  cluster: { brokers: 5 },
  topics: [{ name: 'orders', partitions: 12, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
  producers: [
    { id: 'p', topic: 'orders', ratePerSec: 600, keys: { kind: 'random', prefix: 'k-', cardinality: 500 }, value: { kind: 'order' }, configs: { acks: 'all' } },
  ],
  consumers: [1, 2].map((n) => ({ id: `c-${n}`, groupId: 'g', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } })),
};

/** A History driven as the worker drives it, frame by frame, with a fake wall clock (1 ms per look). */
function record(budget: number | undefined, toMs: number, recordBudget?: number): { history: History; sim: ReturnType<typeof createSimulation> } {
  const sim = createSimulation(HEAVY, { seed: 7, recordBudget });
  let wall = 0;
  const history = new History(sim, { now: () => (wall += 1), checkpointIntervalMs: 500, memoryBudgetBytes: budget });
  for (let t = 0; t < toMs; t += 250) history.record(Math.min(toMs, t + 250));
  return { history, sim };
}

describe('history memory budget', () => {
  it('keeps all checkpoints within the memory budget by thinning them, and seeks still land exactly', () => {
    const unbounded = record(undefined, 30_000).history;
    const budget = Math.floor(unbounded.checkpointBytes / 4);
    const { history, sim } = record(budget, 30_000);
    expect(history.checkpointBytes).toBeLessThanOrEqual(budget);
    expect(history.checkpointTimes.length).toBeGreaterThanOrEqual(2);
    expect(history.checkpointTimes.length).toBeLessThan(unbounded.checkpointTimes.length);
    expect(history.checkpointTimes[0]).toBe(0); // the first checkpoint is kept
    for (const t of [29_000, 1_234, 17_500, 0, 30_000]) {
      history.seek(t);
      const straight = createSimulation(HEAVY, { seed: 7 });
      straight.advance(t);
      expect(sim.nowMs).toBe(t);
      expect(sim.snapshot()).toEqual(straight.snapshot());
    }
  });

  it('charges a checkpoint for its state copy, not for the log segments it shares', () => {
    const sim = createSimulation(HEAVY, { seed: 7 });
    sim.advance(2_000);
    const early = estimateStateBytes(sim.checkpoint());
    sim.advance(20_000); // the logs hold ten times the records
    const late = estimateStateBytes(sim.checkpoint());
    expect(early).toBeGreaterThan(50_000);
    expect(late).toBeLessThan(3 * early);
  });

  it('charges checkpoints for the full batches only they hold once the engine slimmed them, and thins them to stay within the budget', () => {
    const RECORDS = 5_000;
    const free = record(undefined, 30_000, RECORDS).history;
    expect(free.pinnedBytes).toBeGreaterThan(1_000_000); // tens of thousands of records slimmed since the early checkpoints
    expect(free.checkpointBytes).toBeGreaterThan(free.pinnedBytes);
    const budget = Math.floor(free.checkpointBytes / 3);
    const { history, sim } = record(budget, 30_000, RECORDS);
    expect(sim.state.memory.recordsSlimmed).toBeGreaterThan(0);
    expect(history.checkpointBytes).toBeLessThanOrEqual(budget);
    expect(history.pinnedBytes).toBeLessThan(free.pinnedBytes);
    for (const t of [29_000, 3_000, 17_500]) {
      history.seek(t);
      const straight = createSimulation(HEAVY, { seed: 7, recordBudget: RECORDS });
      straight.advance(t);
      expect(sim.snapshot()).toEqual(straight.snapshot());
    }
  });
});
