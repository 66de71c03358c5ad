/**
 * Issue 12: nothing a valid scenario does may crash the engine. Each case is built from a reproduction.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec } from '../../src/engine';
import { appendBatch, truncateTo } from '../../src/engine/kafka/log';
import { emptyLog, rollConfig, storedBatch } from '../helpers/log';

describe('1. a follower truncating a large suffix (UnifiedLog.truncateTo)', () => {
  it('the reproduction: an unclean election after half an hour of records runs on without a RangeError', () => {
    // 5 brokers; orders 1 partition RF 2 with unclean election; 100 records/s without keys. Broker 3
    // (a replica) dies at 1 s, the leader at 1,801 s; broker 3 returns, is elected uncleanly with an
    // empty log, and the old leader returns to truncate its ~180,000 records (batches) away.
    const scenario: ScenarioSpec = {
      name: 'issue 12, item 1',
      cluster: { brokers: 5 },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 2, configs: { 'unclean.leader.election.enable': true } }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, keys: { kind: 'none' } }],
    };
    const sim = createSimulation(scenario, { seed: 1 });
    const replicas = sim.state.partitions['orders-0']!.replicas;
    const [first, second] = replicas as [number, number];
    sim.advance(1_000);
    sim.apply({ type: 'crashBroker', brokerId: second });
    sim.advance(1_800_000);
    sim.drainEvents();
    sim.apply({ type: 'crashBroker', brokerId: first });
    sim.advance(1_000);
    sim.apply({ type: 'restartBroker', brokerId: second });
    sim.advance(13_000);
    sim.apply({ type: 'electLeaders', electionType: 'unclean', topic: 'orders' });
    sim.advance(10_000);
    sim.apply({ type: 'restartBroker', brokerId: first });
    expect(() => sim.advance(30_000)).not.toThrow();
    const truncated = sim.drainEvents().filter((e) => e.type === 'logTruncated' && e.brokerId === first);
    expect(truncated.length).toBeGreaterThan(0);
    const p = sim.snapshot().partitions[0]!;
    for (const r of p.replicaStates) expect(r.highWatermark).toBeLessThanOrEqual(r.logEndOffset);
  });

  it('returns every removed batch in offset order, however many segments and batches go', () => {
    // 99 segments of 1,000 one-record batches, then an active segment of 201,000.
    const log = emptyLog();
    const small = rollConfig({ segmentBytes: 1_000 * 100 });
    for (let o = 0; o < 300_000; o++) appendBatch(log, storedBatch(o), o < 100_000 ? small : rollConfig(), 0);
    expect(log.segments.length).toBe(100); // the last takes the 200,000 too (it rolls only by size)
    const removed = truncateTo(log, 10, 0);
    expect(removed).toHaveLength(300_000 - 10);
    expect(removed[0]!.baseOffset).toBe(10);
    expect(removed.every((b, i) => i === 0 || b.baseOffset === removed[i - 1]!.endOffset)).toBe(true);
    expect(log.leo).toBe(10);
  });
});
