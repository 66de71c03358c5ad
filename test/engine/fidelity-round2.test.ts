/**
 * Issue 13: Kafka fidelity, round 2 — each case built from the reproduction, against the
 * Kafka class that sets the rule.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec, SimEvent } from '../../src/engine';

const ofType = <T extends SimEvent['type']>(events: SimEvent[], type: T) => events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);

describe('1. a produce request is answered once (DelayedProduce completes once)', () => {
  it('acks=all on a replication-factor-1 topic: 100 records, 100 acknowledged, one response per request', () => {
    const scenario: ScenarioSpec = {
      name: 'rf1',
      cluster: { brokers: 3 },
      topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 't', ratePerSec: 10, keys: { kind: 'none' }, configs: { acks: 'all' } }],
    };
    const sim = createSimulation(scenario, { seed: 1 });
    sim.advance(10_000);
    const events = sim.drainEvents();
    const acked = ofType(events, 'recordsAcknowledged');
    const produced = sim.state.stats.recordsProduced;
    expect(produced).toBe(100);
    expect(acked.reduce((n, e) => n + e.records, 0)).toBe(produced);
    expect(sim.state.stats.recordsAcknowledged).toBe(produced);
    expect(sim.snapshot().producers[0]!.stats.acknowledged).toBe(produced);
    // Every offset acknowledged exactly once.
    const offsets = acked.flatMap((e) => Array.from({ length: e.records }, (_, i) => e.baseOffset + i));
    expect(new Set(offsets).size).toBe(offsets.length);
  });
});

describe('5. a command the engine does not know is refused, not accepted and ignored', () => {
  const scenario: ScenarioSpec = { name: 'blank', cluster: { brokers: 1 }, topics: [] };

  it('answers InvalidRequestException and says so in the event log; the simulation goes on', () => {
    const sim = createSimulation(scenario, { seed: 1 });
    const result = sim.apply({ type: 'noSuchCommand' } as never);
    expect(result).toEqual({
      ok: false,
      error: { name: 'InvalidRequestException', message: "The simulator has no action 'noSuchCommand': nothing was done." },
    });
    expect(ofType(sim.drainEvents(), 'commandRejected')).toEqual([expect.objectContaining({ command: 'noSuchCommand' })]);
    sim.advance(1_000);
    expect(sim.apply({ type: 'addBroker' } as never)).toMatchObject({ ok: true });
  });

  it('refuses an action without a type, or that is not an object, instead of throwing', () => {
    const sim = createSimulation(scenario, { seed: 1 });
    for (const bad of [null, 42, 'crashBroker', {}, { type: 7 }]) {
      expect(sim.apply(bad as never)).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    }
  });
});

describe('6. configs Kafka accepts are accepted (CommonClientConfigs, GroupCoordinatorConfig)', () => {
  it("a consumer's metadata.max.age.ms and the broker's offsets.retention.minutes, with Kafka's defaults", () => {
    const scenario: ScenarioSpec = {
      name: 'configs',
      cluster: { brokers: 1, configs: { 'offsets.retention.minutes': 60, 'offsets.topic.replication.factor': 1 } },
      topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
      consumers: [{ id: 'c', groupId: 'g', topics: ['t'], configs: { 'metadata.max.age.ms': 60_000 } }],
    };
    const sim = createSimulation(scenario, { seed: 1 });
    const snap = sim.snapshot();
    expect(snap.brokerConfigs.find((c) => c.name === 'offsets.retention.minutes')).toMatchObject({ value: 60, kafkaDefault: 10_080 });
    expect(snap.consumers[0]!.configs.find((c) => c.name === 'metadata.max.age.ms')).toMatchObject({ value: 60_000, kafkaDefault: 300_000 });
    expect(snap.producers).toEqual([]);
  });

  it('a config Kafka does not know still gets InvalidConfigurationException', () => {
    const sim = createSimulation({ name: 'x', cluster: { brokers: 1 }, topics: [] }, { seed: 1 });
    expect(sim.apply({ type: 'setBrokerConfig', configs: { 'offsets.retention.hours': 1 } } as never)).toMatchObject({
      ok: false,
      error: { name: 'InvalidConfigurationException' },
    });
  });
});
