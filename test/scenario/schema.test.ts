import { describe, expect, it } from 'vitest';
import type { Command, ScenarioSpec } from '../../src/engine';
import { createSimulation } from '../../src/engine';
import { BUILTIN_SCENARIOS, BUSY_SCENARIO, DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import type { ScenarioDoc } from '../../src/scenario/doc';
import { AFTER_EVERY_TASK, migrateDoc } from '../../src/scenario/migrations';
import { CommandSchema, parseScenarioDoc, SCENARIO_LIMITS } from '../../src/scenario/schema';
import { EVERY_COMMAND } from '../fixtures/commands';

const doc = (over: Partial<ScenarioDoc> = {}): ScenarioDoc => ({ v: 2, seed: DEFAULT_SEED, scenario: DEFAULT_SCENARIO, commands: [], playheadMs: 0, ...over });
const withScenario = (scenario: Partial<ScenarioSpec>) => doc({ scenario: { ...DEFAULT_SCENARIO, ...scenario } });
const withCommands = (...commands: Command[]) => doc({ commands: commands.map((command, i) => ({ atMs: i * 100, afterTask: i, command })) });
const errorOf = (input: unknown): string => {
  const r = parseScenarioDoc(input);
  if (r.ok) throw new Error('expected the doc to be refused');
  return r.error;
};

describe('ScenarioDoc schema', () => {
  it('accepts every built-in scenario and returns it unchanged', () => {
    for (const scenario of Object.values(BUILTIN_SCENARIOS)) {
      const r = parseScenarioDoc(doc({ scenario }));
      expect(r).toEqual({ ok: true, doc: doc({ scenario }) });
    }
  });

  it('accepts every command variant and keeps each field', () => {
    for (const command of EVERY_COMMAND) expect(CommandSchema.parse(command)).toEqual(command);
    const variants = new Set(EVERY_COMMAND.map((c) => c.type));
    // One per variant of the union (the type-level check in schema.ts keeps the two in step).
    expect(variants.size).toBe(CommandSchema.options.length);
  });

  it('rejects unknown keys in commands and in the doc', () => {
    expect(errorOf(withCommands({ type: 'crashBroker', brokerId: 1, force: true } as unknown as Command))).toBe('commands[0].command: unknown field "force"');
    expect(errorOf({ ...doc(), extra: 1 })).toBe('unknown field "extra"');
    expect(errorOf(withCommands({ type: 'nuke' } as unknown as Command))).toBe('commands[0].command.type: unknown command type "nuke"');
  });

  it('names the path and the limit in plain words', () => {
    expect(errorOf(withScenario({ cluster: { brokers: 40 } }))).toBe('scenario.cluster.brokers: at most 12 brokers (got 40)');
    expect(errorOf(withScenario({ cluster: { brokers: 0 } }))).toBe('scenario.cluster.brokers: at least 1 broker (got 0)');
    expect(errorOf(withScenario({ topics: [{ name: 'big', partitions: 65, replicationFactor: 1 }] }))).toBe(
      'scenario.topics[0].partitions: at most 64 partitions per topic (got 65)',
    );
    expect(errorOf(withScenario({ producers: [{ id: 'p', topic: 'orders', ratePerSec: 30_000, keys: { kind: 'none' } }] }))).toBe(
      'scenario.producers[0].ratePerSec: at most 25,000 records/s per producer (got 30,000)',
    );
    expect(errorOf(doc({ seed: 2 ** 32 }))).toBe('seed: the seed must be a whole number from 0 to 4,294,967,295 (got 4,294,967,296)');
    expect(errorOf(doc({ playheadMs: 32 * 86_400_000 }))).toMatch(/^playheadMs: at most 31 days of simulated time/);
    expect(errorOf(withScenario({ topics: [{ name: 'x'.repeat(250), partitions: 1, replicationFactor: 1 }] }))).toBe(
      'scenario.topics[0].name: at most 249 characters (got 250)',
    );
    expect(errorOf(withCommands({ type: 'produce', producerId: 'p', key: 'k', value: 'v'.repeat(10_001) }))).toBe(
      'commands[0].command.value: at most 10,000 characters (got 10,001)',
    );
    expect(errorOf(withScenario({ cluster: { brokers: 3, configs: { 'retention.ms': [1] as unknown as number } } }))).toBe(
      'scenario.cluster.configs["retention.ms"]: a config value must be a number, true/false or text (got a list of 1)',
    );
    expect(errorOf(doc({ seed: 'abc' as unknown as number }))).toBe('seed: should be a number (got "abc")');
    expect(errorOf({ v: 2 })).toMatch(/^seed: missing \(it should be a number\) \(and \d+ more problems\)$/);
    expect(errorOf(null)).toBe('should be an object (got null)');
  });

  it('enforces the limits across the whole scenario', () => {
    const topics = Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 64, replicationFactor: 1 }));
    expect(errorOf(withScenario({ topics }))).toBe("scenario: at most 300 partitions in total (got 370, 50 of them __consumer_offsets')");
    const producers = [0, 1].map((i) => ({ id: `p${i}`, topic: 'orders', ratePerSec: 20_001, keys: { kind: 'none' as const } }));
    expect(errorOf(withScenario({ producers }))).toBe('scenario: at most 40,000 records/s from all producers together (got 40,002)');
    expect(errorOf(withScenario({ topics: Array.from({ length: 21 }, (_, i) => ({ name: `t${i}`, partitions: 1, replicationFactor: 1 })) }))).toBe(
      'scenario.topics: at most 20 topics (got 21)',
    );
    const consumers = Array.from({ length: 65 }, (_, i) => ({ id: `c${i}`, groupId: 'g', topics: ['orders'] }));
    expect(errorOf(withScenario({ consumers }))).toBe('scenario.consumers: at most 64 consumers (got 65)');
    // Exactly at the limits is fine.
    expect(
      parseScenarioDoc(
        withScenario({
          cluster: { brokers: 12 },
          topics: Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 50, replicationFactor: 1 })), // + 50 of __consumer_offsets
          producers: [0, 1].map((i) => ({ id: `p${i}`, topic: 't0', ratePerSec: 20_000, keys: { kind: 'none' as const } })),
        }),
      ).ok,
    ).toBe(true);
  });

  it('counts __consumer_offsets and every replica (issue 12: the limits left out internal topics)', () => {
    // The link: 12 brokers, 300 partitions, 724 partitions of __consumer_offsets at RF 12.
    const heavy = {
      cluster: { brokers: 12, configs: { 'offsets.topic.num.partitions': 724, 'offsets.topic.replication.factor': 12 } },
      topics: Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 60, replicationFactor: 3 })),
      consumers: [{ id: 'c', groupId: 'g', topics: ['t0'] }],
    };
    expect(errorOf(withScenario(heavy))).toBe("scenario: at most 300 partitions in total (got 1,024, 724 of them __consumer_offsets') (and 1 more problem)");
    // Without a consumer there is no __consumer_offsets (Kafka creates it with the first group).
    expect(parseScenarioDoc(withScenario({ ...heavy, topics: heavy.topics.slice(0, 4), consumers: [], producers: [] })).ok).toBe(true);
    // Replicas: 250 partitions at RF 4 on 12 brokers are 1,000, and __consumer_offsets' 50 × 3 more.
    const wide = withScenario({
      cluster: { brokers: 12 },
      topics: Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 50, replicationFactor: 4 })),
    });
    expect(errorOf(wide)).toBe("scenario: at most 1,000 partition replicas in total, __consumer_offsets' included (got 1,150)");
  });

  it('refuses, in words, a doc that would take more than a few minutes to open (issue 12: links that never finished opening)', () => {
    // The default scenario at the longest playhead fits…
    expect(parseScenarioDoc(doc({ playheadMs: SCENARIO_LIMITS.maxTimeMs })).ok).toBe(true);
    // …the busy one (20,000 records/s) does not: 31 days would be 53 billion records.
    expect(errorOf(doc({ scenario: BUSY_SCENARIO, playheadMs: 7 * 86_400_000 }))).toBe(
      'playheadMs: opening this run means replaying 7 d of simulated time, producing 12,096,000,000 records (at most 10,000,000): more than a page can replay in a few minutes. Share an earlier moment, or a smaller cluster',
    );
    expect(parseScenarioDoc(doc({ scenario: BUSY_SCENARIO, playheadMs: 500_000 })).ok).toBe(true); // 10 million records
    expect(parseScenarioDoc(doc({ scenario: BUSY_SCENARIO, playheadMs: 501_000 })).ok).toBe(false);
    // A late action counts as much as a late playhead: the replay runs to it.
    const late = doc({ scenario: BUSY_SCENARIO, commands: [{ atMs: 86_400_000, afterTask: 0, command: { type: 'crashBroker', brokerId: 1 } }] });
    expect(errorOf(late)).toMatch(/^playheadMs: opening this run means replaying 24 h of simulated time, producing 1,728,000,000 records/);
    // Replication alone: 12 brokers, 300 partitions at RF 3 (no producers) for 31 days.
    const quiet = withScenario({
      cluster: { brokers: 12 },
      topics: Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 50, replicationFactor: 3 })),
      producers: [],
    });
    expect(errorOf({ ...quiet, playheadMs: SCENARIO_LIMITS.maxTimeMs })).toBe(
      'playheadMs: opening this run means replaying 31 d of simulated time, 669,600 replica-hours of replication (at most 120,000): more than a page can replay in a few minutes. Share an earlier moment, or a smaller cluster',
    );
  });

  it('counts what the recorded history adds (brokers, topics, partitions, rates)', () => {
    const addBrokers = Array.from({ length: 10 }, (): Command => ({ type: 'addBroker' }));
    expect(errorOf(withCommands(...addBrokers))).toBe('commands: at most 12 brokers (got 13 with the brokers the history adds)');
    expect(parseScenarioDoc(withCommands(...addBrokers.slice(0, 9))).ok).toBe(true);
    const creates = Array.from({ length: 5 }, (_, i): Command => ({ type: 'createTopic', name: `t${i}`, partitions: 64 }));
    expect(errorOf(withCommands(...creates))).toBe("commands: at most 300 partitions in total (got 373, 50 of them __consumer_offsets')");
    // A default partition count raised by a broker config counts too.
    const manyDefault: Command[] = [
      { type: 'setBrokerConfig', configs: { 'num.partitions': 64 } },
      ...Array.from({ length: 5 }, (_, i): Command => ({ type: 'createTopic', name: `t${i}` })),
    ];
    expect(errorOf(withCommands(...manyDefault))).toBe("commands: at most 300 partitions in total (got 373, 50 of them __consumer_offsets')");
    expect(
      errorOf(
        withCommands(
          { type: 'addProducer', producer: { id: 'fast', topic: 'orders', ratePerSec: 25_000, keys: { kind: 'none' } } },
          { type: 'addProducer', producer: { id: 'fast2', topic: 'orders', ratePerSec: 20_000, keys: { kind: 'none' } } },
        ),
      ),
    ).toBe('commands: at most 40,000 records/s from all producers together (got 45,002)');
    expect(errorOf(withCommands({ type: 'updateProducer', producerId: 'checkout-service', ratePerSec: 25_001 }))).toBe(
      'commands[0].command.ratePerSec: at most 25,000 records/s per producer (got 25,001)',
    );
    const commands = Array.from({ length: SCENARIO_LIMITS.maxCommands + 1 }, (_, i) => ({
      atMs: i,
      afterTask: i,
      command: { type: 'crashBroker' as const, brokerId: 1 },
    }));
    expect(errorOf(doc({ commands }))).toBe('commands: at most 2,000 recorded commands (got 2,001)');
  });

  it("leaves Kafka's own rules to the engine (a hostile topic name is data, not a schema error)", () => {
    const hostile = withScenario({ topics: [{ name: '<img src=x onerror=alert(1)>', partitions: 1, replicationFactor: 5 }] });
    const r = parseScenarioDoc(hostile);
    expect(r.ok).toBe(true);
    // …and the engine refuses it in Kafka's words.
    expect(() => createSimulation(hostile.scenario, { seed: 1 })).toThrow(
      expect.objectContaining({ kafkaName: 'InvalidTopicException', message: expect.stringContaining('Topic name is invalid') }),
    );
  });

  it('keeps prototype tricks out of config maps', () => {
    const r = parseScenarioDoc(
      JSON.parse(JSON.stringify(withScenario({ cluster: { brokers: 3 } })).replace('"brokers":3', '"brokers":3,"configs":{"__proto__":{"polluted":1}}')),
    );
    // zod skips the __proto__ key; nothing reaches Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.doc.scenario.cluster.configs ?? {})).toEqual([]);
    expect(errorOf(withScenario({ cluster: { brokers: 3, configs: { constructor: 1, __x: 1 } } }))).toBe(
      'scenario.cluster.configs.__x: "__x" is not a configuration name',
    );
  });
});

describe('migrateDoc', () => {
  it('turns a v1 doc into v2: actions become commands after every task due at their time', () => {
    const v1 = { v: 1, seed: 7, scenario: DEFAULT_SCENARIO, actions: [{ t: 1500, cmd: { type: 'crashBroker', brokerId: 2 } }], at: 4000 };
    const r = migrateDoc(v1);
    expect(r).toEqual({
      ok: true,
      doc: {
        v: 2,
        seed: 7,
        scenario: DEFAULT_SCENARIO,
        commands: [{ atMs: 1500, afterTask: AFTER_EVERY_TASK, command: { type: 'crashBroker', brokerId: 2 } }],
        playheadMs: 4000,
      },
    });
    expect(r.ok && parseScenarioDoc(r.doc).ok).toBe(true);
  });

  it('passes the current version through and refuses newer or unknown ones', () => {
    expect(migrateDoc(doc())).toEqual({ ok: true, doc: doc() });
    expect(migrateDoc({ ...doc(), v: 7 })).toEqual({ ok: false, error: 'This link was made by a newer Streamscope (format v7); this version reads up to v2.' });
    expect(migrateDoc({ ...doc(), v: 0 })).toMatchObject({ ok: false });
    expect(migrateDoc({ seed: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('no format version') });
    expect(migrateDoc('hello')).toMatchObject({ ok: false });
    expect(migrateDoc({ v: 1, seed: 1, scenario: BUSY_SCENARIO, actions: 'x' })).toEqual({ ok: false, error: 'actions: should be a list (format v1)' });
  });
});
