/**
 * Checkpoints share sealed segments and chunks of active segments with the live state (issue 11).
 * Whatever happens after a checkpoint — appends, acknowledgements flagging batches, rolls,
 * truncation after a crash, retention, compaction — must not change what it restores to, and a
 * restored run must continue exactly as the original did.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulation, hashEvents } from '../../src/engine';
import type { ScenarioSpec, SimCheckpoint, Simulation } from '../../src/engine';
import { appendBatch, replaceBatch } from '../../src/engine/kafka/log';
import { storedBatch } from '../helpers/log';

const SCENARIO: ScenarioSpec = {
  name: 'checkpoint sharing',
  cluster: { brokers: 3, configs: { 'log.retention.check.interval.ms': 2_000, 'log.cleaner.backoff.ms': 1_000 } },
  topics: [
    // 400 batches/s with linger.ms 0: active segments pass several 1,024-batch chunks between rolls.
    { name: 'busy', partitions: 2, replicationFactor: 3, configs: { 'min.insync.replicas': 2, 'segment.ms': 8_000, 'retention.ms': 20_000 } },
    { name: 'table', partitions: 1, replicationFactor: 3, configs: { 'cleanup.policy': 'compact', 'segment.ms': 1_000, 'min.cleanable.dirty.ratio': 0.01 } },
  ],
  producers: [
    { id: 'fast', topic: 'busy', ratePerSec: 400, keys: { kind: 'random', prefix: 'k-', cardinality: 50 }, configs: { acks: 'all', 'linger.ms': 0 } },
    { id: 'slow', topic: 'table', ratePerSec: 20, keys: { kind: 'random', prefix: 'row-', cardinality: 5 }, configs: { acks: 'all' } },
  ],
};

const fingerprintOf = (sim: Simulation): string => createHash('sha1').update(JSON.stringify(sim.state)).digest('hex');

/** A fingerprint of the whole state a checkpoint restores to. */
function fingerprint(cp: SimCheckpoint): string {
  const sim = createSimulation(SCENARIO, { seed: 1 });
  sim.restore(cp);
  return fingerprintOf(sim);
}

/** 20 s with a checkpoint every second: a crash (truncation on return), then slow brokers, so acknowledgements land in segments sealed since. */
function run(): { sim: Simulation; checkpoints: SimCheckpoint[]; live: string[] } {
  const sim = createSimulation(SCENARIO, { seed: 7 });
  const checkpoints: SimCheckpoint[] = [];
  const live: string[] = [];
  for (let s = 0; s < 20; s++) {
    if (s === 4) sim.apply({ type: 'crashBroker', brokerId: 1 });
    if (s === 7) sim.apply({ type: 'restartBroker', brokerId: 1 });
    if (s === 10) sim.apply({ type: 'slowBroker', brokerId: 3, extraLatencyMs: 400 });
    sim.advance(1_000);
    sim.drainEvents();
    checkpoints.push(sim.checkpoint());
    live.push(fingerprintOf(sim));
  }
  return { sim, checkpoints, live };
}

describe('checkpoints that share segments and chunks', () => {
  it('restore to the state they were taken at, whatever happened afterwards', () => {
    const { sim, checkpoints, live } = run();
    // Active segments did outgrow a chunk, so chunks were shared and invalidated by acknowledgements.
    const segments = sim.state.partitions['busy-0']!.logs[2]!.log.segments;
    expect(Math.max(...segments.map((s) => s.batches.length))).toBeGreaterThan(1_024);
    expect(segments.length).toBeGreaterThan(1);
    const atTheTime = checkpoints.map((cp) => fingerprint(cp));
    expect(atTheTime).toEqual(live);
    // Run on past every checkpoint (more acknowledgements, rolls, deletions, cleaning), then look again.
    sim.advance(20_000);
    expect(checkpoints.map((cp) => fingerprint(cp))).toEqual(atTheTime);
  });

  it('a restored run continues event for event as the original did', () => {
    const original = createSimulation(SCENARIO, { seed: 7 });
    original.advance(9_000);
    original.drainEvents();
    const cp = original.checkpoint();
    original.apply({ type: 'crashBroker', brokerId: 2 });
    original.advance(6_000);
    const expected = hashEvents(original.drainEvents());

    const again = createSimulation(SCENARIO, { seed: 7 });
    again.advance(3_000);
    again.restore(cp);
    again.apply({ type: 'crashBroker', brokerId: 2 });
    again.advance(6_000);
    expect(hashEvents(again.drainEvents())).toBe(expected);
    // And a second restore of the same checkpoint after the first has run on.
    again.restore(cp);
    again.apply({ type: 'crashBroker', brokerId: 2 });
    again.advance(6_000);
    expect(hashEvents(again.drainEvents())).toBe(expected);
  });

  it('share the unchanged chunks of an active segment, and not one whose batch was flagged since', () => {
    const sim = createSimulation({ name: 'one log', cluster: { brokers: 1 }, topics: [{ name: 't', partitions: 1, replicationFactor: 1 }] }, { seed: 1 });
    const log = sim.state.partitions['t-0']!.logs[1]!.log;
    const roll = { segmentBytes: 1 << 30, segmentMs: Number.MAX_SAFE_INTEGER, segmentJitterMs: 0 };
    for (let o = 0; o < 3_000; o++) appendBatch(log, storedBatch(o), roll, 0);
    const first = sim.checkpoint();
    const flagged = { ...log.segments[0]!.batches[10]!, acked: true };
    replaceBatch(log, 0, 10, flagged); // inside the first chunk, which the first checkpoint took whole
    const second = sim.checkpoint();
    expect(second.sharedBatches).toBeLessThan(first.sharedBatches); // the untouched full chunk is shared
    const batch10 = (cp: SimCheckpoint) => {
      const copy = createSimulation({ name: 'x', cluster: { brokers: 1 }, topics: [] }, { seed: 1 });
      copy.restore(cp);
      return copy.state.partitions['t-0']!.logs[1]!.log.segments[0]!.batches[10]!;
    };
    expect(batch10(second)).toBe(flagged);
    expect(batch10(first).acked).toBeFalsy();
    expect(batch10(first)).not.toBe(flagged);
  });
});
