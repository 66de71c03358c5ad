/**
 * Issue 12: generated share links, replayed through the worker's runner as the app opens them —
 * long simulated times, high rates, brokers crashing and coming back, unclean elections. Whatever a
 * valid link holds, opening it never faults, every tick can be posted, and Kafka's offsets keep
 * their order. (The first fuzzer simulated seconds; item 1's crash needed half an hour of records.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import type { Command, ScenarioSpec } from '../../src/engine';
import type { RecordedCommand, ScenarioDoc } from '../../src/scenario/doc';
import { parseScenarioDoc } from '../../src/scenario/schema';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker } from '../../src/worker/protocol';

type Tick = Extract<FromWorker, { type: 'tick' }>;
const MIN = 60_000;

/** A long run at tens of records per second (item 1 needed 180,000 batches), or a short one at thousands. */
const profile = fc.constantFrom({ maxMs: 30 * MIN, maxRate: 120 }, { maxMs: 90_000, maxRate: 3_000 });

const scenarioWith = (maxRate: number): fc.Arbitrary<ScenarioSpec> =>
  fc
    .record({
      brokers: fc.integer({ min: 1, max: 5 }),
      partitions: fc.integer({ min: 1, max: 4 }),
      rf: fc.integer({ min: 1, max: 3 }),
      unclean: fc.boolean(),
      minIsr: fc.integer({ min: 1, max: 2 }),
      rates: fc.array(fc.integer({ min: Math.round(maxRate / 4), max: maxRate }), { minLength: 1, maxLength: 2 }),
      keyed: fc.boolean(),
      acks: fc.constantFrom('all', '1', '0'),
      consumers: fc.integer({ min: 0, max: 2 }),
      segmentMs: fc.constantFrom(undefined, 10_000, 60_000),
    })
    .map((s) => ({
      name: 'fuzzed',
      cluster: { brokers: s.brokers },
      topics: [
        {
          name: 'orders',
          partitions: s.partitions,
          replicationFactor: Math.min(s.rf, s.brokers),
          configs: {
            'unclean.leader.election.enable': s.unclean,
            'min.insync.replicas': Math.min(s.minIsr, s.rf, s.brokers),
            ...(s.segmentMs ? { 'segment.ms': s.segmentMs, 'retention.ms': 5 * s.segmentMs } : {}),
          },
        },
      ],
      producers: s.rates.map((ratePerSec, i) => ({
        id: `p${i}`,
        topic: 'orders',
        ratePerSec,
        keys: s.keyed ? { kind: 'random' as const, prefix: 'k-', cardinality: 50 } : { kind: 'none' as const },
        configs: { acks: s.acks },
      })),
      consumers: Array.from({ length: s.consumers }, (_, i) => ({ id: `c${i}`, groupId: 'g', topics: ['orders'] })),
    }));

const brokerId = fc.integer({ min: 1, max: 5 });
const actionWith = (maxRate: number): fc.Arbitrary<Command> =>
  fc.oneof(
    brokerId.map((id): Command => ({ type: 'crashBroker', brokerId: id })),
    brokerId.map((id): Command => ({ type: 'restartBroker', brokerId: id })),
    brokerId.map((id): Command => ({ type: 'isolateBroker', brokerId: id })),
    brokerId.map((id): Command => ({ type: 'healBroker', brokerId: id })),
    fc.constant<Command>({ type: 'electLeaders', electionType: 'unclean' }),
    fc.constant<Command>({ type: 'electLeaders', electionType: 'preferred' }),
    fc.integer({ min: 1, max: 6 }).map((n): Command => ({ type: 'addPartitions', topic: 'orders', totalCount: n })),
    fc.integer({ min: 0, max: maxRate }).map((r): Command => ({ type: 'updateProducer', producerId: 'p0', ratePerSec: r })),
    fc.constant<Command>({ type: 'crashConsumer', consumerId: 'c0' }),
    fc.constant<Command>({ type: 'restartConsumer', consumerId: 'c0' }),
  );

/** Links that run up to half an hour, or at thousands of records per second: hundreds of thousands of offsets each. */
const link: fc.Arbitrary<ScenarioDoc> = profile
  .chain(({ maxMs, maxRate }) =>
    fc.record({
      seed: fc.nat(1_000),
      scenario: scenarioWith(maxRate),
      actions: fc.array(fc.tuple(fc.integer({ min: 0, max: maxMs }), actionWith(maxRate)), { maxLength: 8 }),
      playheadMs: fc.integer({ min: maxMs / 2, max: maxMs }),
    }),
  )
  .map(({ seed, scenario, actions, playheadMs }) => ({
    v: 2 as const,
    seed,
    scenario,
    commands: actions.map(([atMs, command]): RecordedCommand => ({ atMs, afterTask: Number.MAX_SAFE_INTEGER, command })),
    playheadMs,
  }));

/**
 * Issue 12, item 1's link, always among the cases: a follower truncating half an hour of records
 * (about 180,000 batches) after an unclean election threw a RangeError from a spread.
 */
function itemOneLink(): ScenarioDoc {
  const scenario: ScenarioSpec = {
    name: 'issue 12, item 1',
    cluster: { brokers: 5 },
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 2, configs: { 'unclean.leader.election.enable': true } }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, keys: { kind: 'none' } }],
  };
  const [first, second] = createSimulation(scenario, { seed: 1 }).state.partitions['orders-0']!.replicas as [number, number];
  const at = (atMs: number, command: Command): RecordedCommand => ({ atMs, afterTask: Number.MAX_SAFE_INTEGER, command });
  return {
    v: 2,
    seed: 1,
    scenario,
    commands: [
      at(1_000, { type: 'crashBroker', brokerId: second }),
      at(1_801_000, { type: 'crashBroker', brokerId: first }),
      at(1_802_000, { type: 'restartBroker', brokerId: second }),
      at(1_815_000, { type: 'electLeaders', electionType: 'unclean', topic: 'orders' }),
      at(1_825_000, { type: 'restartBroker', brokerId: first }),
    ],
    playheadMs: 1_860_000,
  };
}

function checkTick(tick: Tick): void {
  expect(() => structuredClone(tick)).not.toThrow(); // what postMessage needs
  for (const p of tick.snapshot.partitions) {
    if (p.offline) continue;
    expect(p.logStartOffset).toBeLessThanOrEqual(p.highWatermark);
    expect(p.highWatermark).toBeLessThanOrEqual(p.logEndOffset);
    for (const r of p.replicaStates) expect(r.logEndOffset).toBeGreaterThanOrEqual(0);
  }
}

describe('generated links through the runner', () => {
  it('open without a fault, and play on at 1000× with offsets in order', () => {
    fc.assert(
      fc.property(link, (doc) => {
        expect(parseScenarioDoc(doc).ok).toBe(true); // only links the app would open
        const runner = createRunner();
        const [first] = runner.handle(
          { type: 'load', scenario: doc.scenario, seed: doc.seed, playing: false, speed: 1, commands: doc.commands, playheadMs: doc.playheadMs },
          0,
        );
        if (first!.type === 'loadError') return; // the engine refusing a scenario in Kafka's words is fine
        expect(first!.type).toBe('tick');
        const opened = first as Tick;
        checkTick(opened);
        expect(opened.snapshot.timeMs).toBe(doc.playheadMs);
        runner.handle({ type: 'setSpeed', speed: 1000 }, 0);
        runner.handle({ type: 'play' }, 0);
        for (let wall = 16; wall <= 160; wall += 16) {
          const tick = runner.frame(wall);
          expect(tick?.type).not.toBe('fault');
          if (tick) checkTick(tick as Tick);
        }
      }),
      { numRuns: 10, seed: 20261203, endOnFailure: true, examples: [[itemOneLink()]] },
    );
  }, 120_000);
});
