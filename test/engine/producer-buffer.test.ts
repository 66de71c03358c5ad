/**
 * The producer's `buffer.memory` and `max.block.ms` (issue 12, item 3): the accumulator takes each
 * new batch's memory from a `BufferPool`; when the pool is empty the application thread blocks in
 * send() and, after `max.block.ms`, that send fails with `BufferExhaustedException`
 * (`BufferPool.allocate`, `RecordAccumulator.append`, `KafkaProducer.doSend`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, hashEvents } from '../../src/engine';
import type { ProducerSpec, ProducerView, ScenarioSpec, SimEvent, Simulation } from '../../src/engine';
import type { Producer } from '../../src/engine/state';
import { parseScenarioDoc } from '../../src/scenario/schema';
import { SCENARIO_FORMAT_VERSION } from '../../src/scenario/doc';
import { ofType } from '../helpers/sim';

const INT_MAX = 2_147_483_647;
const DEFAULT_BUFFER_MEMORY = 33_554_432;

/** The link: three brokers all crashed at 1 s, two producers at 20,000 rec/s, delivery.timeout.ms at its maximum. */
function allBrokersDown(producerConfigs: ProducerSpec['configs'] = {}, restartAtMs?: number): ScenarioSpec {
  const brokers = [1, 2, 3];
  return {
    cluster: { brokers: 3 },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: ['p1', 'p2'].map((id) => ({
      id,
      topic: 'orders',
      ratePerSec: 20_000,
      keys: { kind: 'none' },
      configs: { 'delivery.timeout.ms': INT_MAX, ...producerConfigs },
    })),
    timeline: [
      ...brokers.map((brokerId) => ({ atMs: 1_000, command: { type: 'crashBroker' as const, brokerId } })),
      ...(restartAtMs === undefined ? [] : brokers.map((brokerId) => ({ atMs: restartAtMs, command: { type: 'restartBroker' as const, brokerId } }))),
    ],
  };
}

function view(sim: Simulation, id: string): ProducerView {
  return sim.snapshot().producers.find((p) => p.id === id)!;
}

function producer(sim: Simulation, id: string): Producer {
  return sim.state.producers[id]!;
}

/** Bytes the producer's batches hold plus what its first blocked send() has gathered: what the pool has given out. */
function heldBytes(p: Producer): number {
  let held = p.buffer.waiters[0]?.accumulatedBytes ?? 0;
  for (const st of Object.values(p.partitions)) for (const b of [...st.queue, ...st.inFlight]) held += b.bufferBytes;
  return held;
}

function bufferErrors(events: readonly SimEvent[], producerId: string) {
  return ofType(events, 'producerError').filter((e) => e.producerId === producerId && e.error.name === 'BufferExhaustedException');
}

describe('buffer.memory and max.block.ms (BufferPool)', () => {
  it('the issue 12 link: with every broker down the queues stop at buffer.memory and a send fails with BufferExhaustedException every max.block.ms', () => {
    const sim = createSimulation(allBrokersDown(), { seed: 12 });
    const events: SimEvent[] = [];
    let queuedAtFull = -1;
    const failAt: number[] = [];
    for (let s = 1; s <= 200; s++) {
      sim.advance(1_000);
      const step = sim.drainEvents();
      events.push(...step);
      // The application's next send blocks the moment the last one failed.
      if (bufferErrors(step, 'p1').length > 0) failAt.push(view(sim, 'p1').buffer.blocked!.sinceMs);
      for (const id of ['p1', 'p2']) {
        const v = view(sim, id);
        expect(v.buffer.totalBytes).toBe(DEFAULT_BUFFER_MEMORY);
        expect(v.buffer.usedBytes).toBeLessThanOrEqual(DEFAULT_BUFFER_MEMORY);
        expect(heldBytes(producer(sim, id))).toBe(v.buffer.usedBytes);
      }
      if (s === 40) queuedAtFull = view(sim, 'p1').queuedRecords;
    }
    // Full by 40 s (32 MiB of 16 KiB batches at 20,000 records/s), then no record is made while blocked.
    expect(queuedAtFull).toBeGreaterThan(0);
    expect(view(sim, 'p1').queuedRecords).toBe(queuedAtFull);
    for (const id of ['p1', 'p2']) {
      const v = view(sim, id);
      expect(v.buffer.usedBytes).toBeGreaterThan(DEFAULT_BUFFER_MEMORY - 16_384);
      const failures = bufferErrors(events, id);
      expect(failures.length).toBe(3);
      expect(failures.every((e) => e.records === 1 && !e.retriable)).toBe(true);
      // Kafka's own text (BufferPool.allocate).
      expect(failures[0]!.error.message).toMatch(
        /^Failed to allocate 16384 bytes within the configured max blocking time 60000 ms\. Total memory: 33554432 bytes\. Available memory: \d+ bytes\. Poolable size: 16384 bytes$/,
      );
      expect(v.stats.failed).toBe(3);
      expect(v.recentErrors.some((e) => e.name === 'BufferExhaustedException')).toBe(true);
      expect(v.buffer.blocked).not.toBeNull();
      expect(v.buffer.blocked!.failsAtMs - v.buffer.blocked!.sinceMs).toBe(60_000);
    }
    // One failure every max.block.ms.
    expect(failAt).toHaveLength(3);
    expect(failAt[1]! - failAt[0]!).toBe(60_000);
    expect(failAt[2]! - failAt[1]!).toBe(60_000);
  });

  it('checkpoints of the issue 12 link stop growing once the buffer is full', () => {
    const sim = createSimulation(allBrokersDown(), { seed: 12 });
    sim.advance(40_000);
    sim.drainEvents();
    const full = JSON.stringify(sim.checkpoint().state.producers).length;
    sim.advance(160_000);
    sim.drainEvents();
    const later = JSON.stringify(sim.checkpoint().state.producers).length;
    expect(later).toBeLessThan(full * 1.01);
    // Two full 32 MiB buffers kept as record sizes, keys, timestamps and value indexes: well under the bytes they stand for.
    expect(later).toBeLessThan(2 * DEFAULT_BUFFER_MEMORY);
  });

  it('while send() is blocked the application makes no record; once memory is freed it resumes at its rate, without a burst', () => {
    const configs = { 'buffer.memory': 1_048_576, 'max.block.ms': 120_000 };
    const sim = createSimulation(allBrokersDown(configs, 20_000), { seed: 3 });
    sim.advance(15_000);
    sim.drainEvents();
    const p = producer(sim, 'p1');
    expect(view(sim, 'p1').buffer.blocked).not.toBeNull();
    const madeWhenBlocked = p.recordIndex;
    sim.advance(4_000);
    expect(producer(sim, 'p1').recordIndex).toBe(madeWhenBlocked);
    // Brokers back at 20 s: batches are acknowledged, their memory freed, the blocked send goes on.
    let unblockedAtMs = -1;
    for (let t = 0; t < 60_000 && unblockedAtMs < 0; t += 100) {
      sim.advance(100);
      if (view(sim, 'p1').buffer.blocked === null) unblockedAtMs = sim.nowMs;
    }
    const events = sim.drainEvents();
    expect(unblockedAtMs).toBeGreaterThan(20_000);
    expect(bufferErrors(events, 'p1')).toHaveLength(0);
    expect(ofType(events, 'recordsAcknowledged').length).toBeGreaterThan(0);
    // From the moment it unblocked, about 20,000 records a second (not the backlog of the blocked seconds).
    const from = producer(sim, 'p1').recordIndex;
    sim.advance(2_000);
    const made = producer(sim, 'p1').recordIndex - from;
    expect(made).toBeGreaterThan(2 * 20_000 * 0.9);
    expect(made).toBeLessThanOrEqual(2 * 20_000 + 1);
    sim.advance(30_000);
    const v = view(sim, 'p1');
    expect(v.buffer.usedBytes).toBeLessThan(1_048_576);
    expect(v.stats.acknowledged).toBeGreaterThan(0);
  });

  it('a record sent by hand into a full buffer waits, then fails after max.block.ms; one larger than buffer.memory is refused at once', () => {
    const sim = createSimulation(allBrokersDown({ 'buffer.memory': 65_536, 'max.block.ms': 3_000 }), { seed: 5 });
    sim.advance(2_000);
    sim.apply({ type: 'updateProducer', producerId: 'p2', paused: true });
    sim.advance(5_000);
    sim.drainEvents();
    expect(view(sim, 'p2').buffer.usedBytes).toBeGreaterThan(65_536 - 16_384);
    const atMs = sim.nowMs;
    expect(sim.apply({ type: 'produce', producerId: 'p2', key: null, value: 'by hand', partition: 1 })).toMatchObject({ ok: true });
    expect(view(sim, 'p2').buffer.blocked).toMatchObject({ sinceMs: atMs, failsAtMs: atMs + 3_000, sends: 1 });
    sim.advance(3_000);
    const failed = bufferErrors(sim.drainEvents(), 'p2');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.partition).toBe(1);
    expect(view(sim, 'p2').buffer.blocked).toBeNull();

    // KafkaProducer.ensureValidRecordSize: 81,000 bytes of UTF-8 (3 bytes a character) against 65,536 of buffer.memory.
    const euros = '€'.repeat(9_000);
    const big = sim.apply({ type: 'produce', producerId: 'p2', key: euros, value: euros, headers: [['h', euros]] });
    expect(big).toMatchObject({ ok: false, error: { name: 'RecordTooLargeException' } });
    expect(big.ok ? '' : big.error.message).toMatch(
      /^The message is \d+ bytes when serialized which is larger than the total memory buffer you have configured with the buffer\.memory configuration\.$/,
    );
  });

  it('with max.block.ms=0 a send into a full buffer fails at once and the application keeps its rate', () => {
    const sim = createSimulation(allBrokersDown({ 'buffer.memory': 131_072, 'max.block.ms': 0 }), { seed: 4 });
    sim.advance(5_000);
    sim.drainEvents();
    const before = view(sim, 'p1').stats.failed;
    expect(before).toBeGreaterThan(0);
    sim.advance(2_000);
    const failed = bufferErrors(sim.drainEvents(), 'p1');
    const v = view(sim, 'p1');
    expect(v.buffer.blocked).toBeNull();
    // Every record of those 2 s (20,000 a second) failed with Kafka's message for a zero wait.
    expect(v.stats.failed - before).toBeGreaterThanOrEqual(2 * 20_000 - 1);
    expect(v.stats.failed - before).toBeLessThanOrEqual(2 * 20_000 + 1);
    expect(failed.reduce((n, e) => n + e.records, 0)).toBe(v.stats.failed - before);
    expect(failed[0]!.error.message).toMatch(/^Failed to allocate 16384 bytes within the configured max blocking time 0 ms\./);
  });

  it('validates buffer.memory and max.block.ms as ProducerConfig does (at least 0) and refuses a buffer smaller than batch.size', () => {
    const make = (configs: ProducerSpec['configs']) => () =>
      createSimulation(
        {
          cluster: { brokers: 1 },
          topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
          producers: [{ id: 'p', topic: 't', ratePerSec: 1, keys: { kind: 'none' }, configs }],
        },
        { seed: 1 },
      );
    expect(make({ 'buffer.memory': -1 })).toThrow('Invalid value -1 for configuration buffer.memory: Value must be at least 0');
    expect(make({ 'max.block.ms': -5 })).toThrow('Invalid value -5 for configuration max.block.ms: Value must be at least 0');
    expect(make({ 'buffer.memory': 1_000 })).toThrow(/buffer\.memory \(1000 bytes\) is smaller than batch\.size \(16384 bytes\)/);
    expect(make({ 'buffer.memory': 1_000, 'batch.size': 1_000, 'max.block.ms': 0 })).not.toThrow();
    // A link may set them: the scenario schema accepts them like any producer config.
    const doc = {
      v: SCENARIO_FORMAT_VERSION,
      seed: 1,
      scenario: allBrokersDown({ 'buffer.memory': 1_048_576, 'max.block.ms': 5_000 }),
      commands: [],
      playheadMs: 0,
    };
    expect(parseScenarioDoc(doc).ok).toBe(true);
  });

  it('replays a blocked run exactly, also from a checkpoint taken while blocked', () => {
    const scenario = allBrokersDown({ 'buffer.memory': 262_144, 'max.block.ms': 2_500 }, 12_000);
    const run = (ckAtMs?: number) => {
      const sim = createSimulation(scenario, { seed: 9 });
      let h = 0;
      if (ckAtMs !== undefined) {
        sim.advance(ckAtMs);
        h = hashEvents(sim.drainEvents(), h);
        const ck = sim.checkpoint();
        sim.advance(3_000); // wander off, then travel back
        sim.drainEvents();
        sim.restore(ck);
      }
      sim.advance(20_000 - sim.nowMs);
      return hashEvents(sim.drainEvents(), h);
    };
    expect(run(6_000)).toBe(run());
  });

  it('property: whatever the rate, buffer.memory and batch.size, the pool never gives out more than buffer.memory and gets every byte back', () => {
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.integer({ min: 50, max: 20_000 }),
          batchSize: fc.integer({ min: 0, max: 32_768 }),
          extraMemory: fc.integer({ min: 0, max: 200_000 }),
          maxBlockMs: fc.integer({ min: 0, max: 5_000 }),
          acks: fc.constantFrom('0', '1', 'all'),
          keyed: fc.boolean(),
          crashAtMs: fc.integer({ min: 0, max: 3_000 }),
          downMs: fc.integer({ min: 500, max: 8_000 }),
          seed: fc.nat(),
        }),
        (c) => {
          const bufferMemory = c.batchSize + c.extraMemory;
          const scenario: ScenarioSpec = {
            cluster: { brokers: 3, controllers: 1 },
            topics: [{ name: 'orders', partitions: 3, replicationFactor: 2 }],
            producers: [
              {
                id: 'p',
                topic: 'orders',
                ratePerSec: c.rate,
                keys: c.keyed ? { kind: 'random', prefix: 'k', cardinality: 20 } : { kind: 'none' },
                configs: {
                  'buffer.memory': bufferMemory,
                  'batch.size': c.batchSize,
                  'max.block.ms': c.maxBlockMs,
                  acks: c.acks,
                  'delivery.timeout.ms': 60_000,
                },
              },
            ],
            timeline: [2, 3].flatMap((brokerId) => [
              { atMs: c.crashAtMs, command: { type: 'crashBroker' as const, brokerId } },
              { atMs: c.crashAtMs + c.downMs, command: { type: 'restartBroker' as const, brokerId } },
            ]),
          };
          const sim = createSimulation(scenario, { seed: c.seed });
          for (let t = 0; t < 10_000; t += 250) {
            sim.advance(250);
            sim.drainEvents();
            const p = producer(sim, 'p');
            expect(p.buffer.usedBytes).toBeGreaterThanOrEqual(0);
            expect(p.buffer.usedBytes).toBeLessThanOrEqual(bufferMemory);
            expect(heldBytes(p)).toBe(p.buffer.usedBytes);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
