/**
 * Engine behaviour the UI relies on: config overrides can be removed, key patterns are validated,
 * errors say whether the producer retries, consumers report their subscriptions, and the first
 * key of an appended batch is in the event (the animation colours by it).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import type { SimEvent } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

const config = (entries: { name: string; value: unknown; source: string }[], name: string) => entries.find((e) => e.name === name)!;

describe('commands the inspector sends', () => {
  it('removes a producer override with null, back to Kafka’s default', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 1 });
    expect(sim.apply({ type: 'updateProducer', producerId: 'checkout-service', configs: { 'linger.ms': 50 } })).toEqual({ ok: true });
    expect(config(sim.snapshot().producers[0]!.configs, 'linger.ms')).toMatchObject({ value: 50, source: 'producer' });
    expect(sim.apply({ type: 'updateProducer', producerId: 'checkout-service', configs: { 'linger.ms': null } })).toEqual({ ok: true });
    expect(config(sim.snapshot().producers[0]!.configs, 'linger.ms')).toMatchObject({ value: 5, source: 'default' });
    // The scenario's own override (acks=all) is untouched.
    expect(config(sim.snapshot().producers[0]!.configs, 'acks')).toMatchObject({ value: 'all', source: 'producer' });
  });

  it('removes a consumer override with null', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 1 });
    sim.apply({ type: 'updateConsumer', consumerId: 'billing-1', configs: { 'max.poll.records': 10 } });
    expect(config(sim.snapshot().consumers[0]!.configs, 'max.poll.records')).toMatchObject({ value: 10, source: 'consumer' });
    sim.apply({ type: 'updateConsumer', consumerId: 'billing-1', configs: { 'max.poll.records': null, 'auto.offset.reset': null } });
    const entries = sim.snapshot().consumers[0]!.configs;
    expect(config(entries, 'max.poll.records')).toMatchObject({ value: 500, source: 'default' });
    expect(config(entries, 'auto.offset.reset')).toMatchObject({ value: 'latest', source: 'default' });
  });

  it('rejects key patterns the generator cannot use, with Kafka’s exception name', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 1 });
    for (const keys of [
      { kind: 'random' as const, prefix: 'k', cardinality: 0 },
      { kind: 'random' as const, prefix: 'k', cardinality: Number.NaN },
      { kind: 'hot' as const, hotKey: 'h', hotShare: 1.5, prefix: 'k', cardinality: 10 },
      { kind: 'fixed' as const, keys: [] },
    ]) {
      const result = sim.apply({ type: 'updateProducer', producerId: 'checkout-service', keys });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.name).toBe('InvalidConfigurationException');
      const added = sim.apply({ type: 'addProducer', producer: { id: 'p-bad', topic: 'orders', ratePerSec: 1, keys } });
      expect(added.ok).toBe(false);
    }
    expect(
      sim.apply({ type: 'updateProducer', producerId: 'checkout-service', keys: { kind: 'hot', hotKey: 'h', hotShare: 0.9, prefix: 'k', cardinality: 10 } }),
    ).toEqual({ ok: true });
  });

  it('says whether a producer error is retried', () => {
    const sim = createSimulation(
      { ...DEFAULT_SCENARIO, topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 3 } }], consumers: [] },
      { seed: 1 },
    );
    sim.advance(5_000);
    sim.apply({ type: 'crashBroker', brokerId: 3 });
    sim.advance(20_000);
    const errors = sim.snapshot().producers[0]!.recentErrors;
    expect(errors.some((e) => e.name === 'NotEnoughReplicasException' && e.retriable)).toBe(true);
    // And one that is not retried: a record without a key on a compacted topic.
    const compacted = createSimulation(
      { ...DEFAULT_SCENARIO, topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } }], consumers: [] },
      { seed: 1 },
    );
    compacted.advance(2_000);
    expect(compacted.apply({ type: 'produce', producerId: 'checkout-service', key: null, value: 'no key' })).toEqual({ ok: true });
    compacted.advance(2_000);
    const refused = compacted.snapshot().producers[0]!.recentErrors.filter((e) => e.name === 'InvalidRecordException');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => !e.retriable)).toBe(true);
  });

  it('reports each consumer’s subscription and the first key of each appended batch', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 1 });
    sim.advance(5_000);
    expect(sim.snapshot().consumers.map((c) => c.topics)).toEqual([['orders'], ['orders']]);
    const appended = sim.drainEvents().filter((e): e is Extract<SimEvent, { type: 'recordsAppended' }> => e.type === 'recordsAppended');
    expect(appended.length).toBeGreaterThan(0);
    for (const e of appended) expect(e.key).toMatch(/^customer-\d+$/);
  });
});
