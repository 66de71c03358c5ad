import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Command, ConfigValue, ScenarioSpec } from '../../src/engine';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import { decodeDoc, encodeDoc, fromBase64Url, MAX_ENCODED_CHARS, lessonStepUrl, parseLocationHash, shareUrl, toBase64Url } from '../../src/scenario/codec';
import type { RecordedCommand, ScenarioDoc } from '../../src/scenario/doc';
import { AFTER_EVERY_TASK } from '../../src/scenario/migrations';
import { parseScenarioDoc, SCENARIO_LIMITS } from '../../src/scenario/schema';
import { STORED_V1_AS_V2, STORED_V1_LINK } from '../fixtures/v1-link';

/** How format v1 links were written: `s1.` + base64url(deflate(JSON of the v1 doc)). */
function encodeV1(doc: { v: 1; seed: number; scenario: unknown; actions: { t: number; cmd: unknown }[]; at?: number }): string {
  return `s1.${toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }))}`;
}

// Arbitraries of valid docs: within every limit (ids come from small sets, so history-wide totals stay bounded).
const L = SCENARIO_LIMITS;
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const configValue: fc.Arbitrary<ConfigValue> = fc.oneof(fc.integer(), fc.boolean(), anyText);
const configs = fc.dictionary(fc.constantFrom('retention.ms', 'segment.ms', 'acks', 'cleanup.policy', 'x-y.z'), configValue, { maxKeys: 4 });
const producerId = fc.constantFrom('p0', 'p1', 'p2');
const rate = fc.integer({ min: 0, max: 40_000 }).map((n) => n / 4); // ≤ 10,000 each, 3 ids: ≤ 30,000 in total
const keys = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('fixed' as const), keys: fc.array(anyText, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('random' as const), prefix: anyText, cardinality: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({
    kind: fc.constant('hot' as const),
    hotKey: anyText,
    hotShare: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    prefix: anyText,
    cardinality: fc.integer({ min: 1, max: 1000 }),
  }),
);
const producer = fc.record(
  {
    id: producerId,
    topic: anyText,
    ratePerSec: rate,
    keys,
    value: fc.oneof(
      fc.constant({ kind: 'order' as const }),
      fc.record({ kind: fc.constant('text' as const), text: anyText }),
      fc.record({ kind: fc.constant('bytes' as const), sizeBytes: fc.integer({ min: 0, max: 4096 }) }),
    ),
    headers: fc.array(fc.tuple(anyText, anyText), { maxLength: 2 }),
    configs,
    paused: fc.boolean(),
  },
  { requiredKeys: ['id', 'topic', 'ratePerSec', 'keys'] },
);
const consumer = fc.record(
  {
    id: fc.constantFrom('c0', 'c1', 'c2', 'c3'),
    groupId: anyText,
    topics: fc.array(anyText, { maxLength: 3 }),
    groupInstanceId: anyText,
    processingRatePerSec: fc.nat(1000),
    configs,
    paused: fc.boolean(),
  },
  { requiredKeys: ['id', 'groupId', 'topics'] },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ type: fc.constant('crashBroker' as const), brokerId: fc.integer({ min: 0, max: 20 }) }),
  fc.record(
    { type: fc.constant('createTopic' as const), name: fc.constantFrom('a', 'b', 'c'), partitions: fc.integer({ min: 1, max: 8 }), configs },
    { requiredKeys: ['type', 'name'] },
  ),
  fc.record({
    type: fc.constant('setTopicConfig' as const),
    topic: anyText,
    configs: fc.dictionary(fc.constantFrom('retention.ms', 'segment.ms'), fc.option(configValue, { nil: null })),
  }),
  fc.record({ type: fc.constant('updateProducer' as const), producerId, ratePerSec: rate, paused: fc.boolean() }, { requiredKeys: ['type', 'producerId'] }),
  fc.record(
    {
      type: fc.constant('produce' as const),
      producerId,
      key: fc.option(anyText, { nil: null }),
      value: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: null }),
      headers: fc.array(fc.tuple(anyText, anyText), { maxLength: 2 }),
      partition: fc.nat(63),
    },
    { requiredKeys: ['type', 'producerId', 'key', 'value'] },
  ),
  fc.record({ type: fc.constant('addConsumer' as const), consumer }),
  fc.record({
    type: fc.constant('resetOffsets' as const),
    groupId: anyText,
    topic: anyText,
    to: fc.oneof(fc.constant({ kind: 'earliest' as const }), fc.record({ kind: fc.constant('offset' as const), offset: fc.nat() })),
  }),
);
/**
 * Up to 300 simulated seconds: with every producer at its highest rate (30,000 records/s) a replay
 * stays within `maxReplayRecords` (10 million), as a valid doc must (schema.test.ts checks the budget itself).
 */
const timeMs = fc.integer({ min: 0, max: 300_000 });
const recorded: fc.Arbitrary<RecordedCommand> = fc.record({ atMs: timeMs, afterTask: fc.oneof(fc.nat(), fc.constant(AFTER_EVERY_TASK)), command });
const scenario: fc.Arbitrary<ScenarioSpec> = fc.record(
  {
    name: anyText,
    cluster: fc.record(
      { brokers: fc.integer({ min: 1, max: 12 }), controllers: fc.integer({ min: 1, max: 3 }), configs, networkLatencyMs: fc.nat(100) },
      { requiredKeys: ['brokers'] },
    ),
    topics: fc.array(
      fc.record(
        // ≤ 224 partitions, 24 more from createTopic and 50 of __consumer_offsets: within 300 (and 1,000 replicas at RF ≤ 3).
        { name: anyText, partitions: fc.integer({ min: 1, max: 56 }), replicationFactor: fc.integer({ min: 1, max: 3 }), configs },
        { requiredKeys: ['name', 'partitions', 'replicationFactor'] },
      ),
      { maxLength: 4 },
    ),
    producers: fc.uniqueArray(producer, { selector: (p) => p.id, maxLength: 3 }),
    consumers: fc.array(consumer, { maxLength: 4 }),
    timeline: fc.array(fc.record({ atMs: timeMs, command }), { maxLength: 3 }),
    startEpochMs: fc.nat(),
  },
  { requiredKeys: ['cluster', 'topics'] },
);
const validDoc: fc.Arbitrary<ScenarioDoc> = fc.record(
  {
    v: fc.constant(2 as const),
    seed: fc.integer({ min: 0, max: L.maxSeed }),
    scenario,
    commands: fc.array(recorded, { maxLength: 12 }),
    playheadMs: timeMs,
    lesson: fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,40}$/), step: fc.nat(L.maxLessonStep) }),
  },
  { requiredKeys: ['v', 'seed', 'scenario', 'commands', 'playheadMs'] },
);

/** decodeDoc's contract on any input: no throw; a refusal in words, or a doc the schema accepts. */
function expectSafe(text: string): void {
  const r = decodeDoc(text);
  if (r.ok) expect(parseScenarioDoc(r.doc).ok).toBe(true);
  else expect(r.error).toMatch(/^[A-Z"].{10,}/);
}

describe('share codec', () => {
  it('base64url matches Node for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });

  it('the arbitrary makes docs the schema accepts', () => {
    fc.assert(
      fc.property(validDoc, (doc) => {
        expect(parseScenarioDoc(doc)).toEqual({ ok: true, doc });
      }),
    );
  });

  it('round-trips every valid doc exactly', () => {
    fc.assert(
      fc.property(validDoc, (doc) => {
        const text = encodeDoc(doc);
        expect(text).toMatch(/^s2\.[A-Za-z0-9_-]+$/);
        expect(decodeDoc(text)).toEqual({ ok: true, doc });
      }),
    );
  });

  it('never throws on 10,000 random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom(...'s12.AbZz09-_'.split('')) }),
          fc.string().map((s) => `s2.${s}`),
        ),
        (text) => {
          expectSafe(text);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('never throws on 10,000 damaged links (flipped, inserted, deleted characters, truncations)', () => {
    const pool = fc.sample(validDoc, { numRuns: 40, seed: 7 }).map(encodeDoc);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
      fc.record({ kind: fc.constant('flip64' as const), at: fc.nat(), char: fc.constantFrom(...'ABCxyz019-_'.split('')) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    const apply = (text: string, m: { kind: string; at: number; char?: string; count?: number }): string => {
      const at = m.at % (text.length + 1);
      switch (m.kind) {
        case 'flip':
        case 'flip64':
          return text.slice(0, at) + m.char! + text.slice(at + 1);
        case 'insert':
          return text.slice(0, at) + m.char! + text.slice(at);
        case 'delete':
          return text.slice(0, at) + text.slice(at + m.count!);
        default:
          return text.slice(0, at);
      }
    };
    fc.assert(
      fc.property(fc.constantFrom(...pool), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        expectSafe(mutations.reduce(apply, text));
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuses well-packed data of the wrong shape in words (any JSON)', () => {
    const pack = (v: unknown) => `s2.${toBase64Url(deflateSync(strToU8(JSON.stringify(v))))}`;
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = decodeDoc(pack(json));
        expect(r.ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    expect(decodeDoc(pack({ v: 2, seed: 1, scenario: { ...DEFAULT_SCENARIO, cluster: { brokers: 40 } }, commands: [], playheadMs: 0 }))).toEqual({
      ok: false,
      error: 'The scenario in the link is not valid: scenario.cluster.brokers: at most 12 brokers (got 40).',
    });
    expect(decodeDoc('s2.' + toBase64Url(strToU8('not deflate')))).toMatchObject({ ok: false, error: expect.stringContaining('damaged') });
    expect(decodeDoc(`s2.${toBase64Url(deflateSync(strToU8('{"v":2,')))}`)).toEqual({ ok: false, error: 'The link is damaged: its data is not valid JSON.' });
  });

  it('stops a zip bomb and over-long input before doing the work', () => {
    const bomb = `s2.${toBase64Url(deflateSync(new Uint8Array(40_000_000), { level: 9 }))}`;
    expect(bomb.length).toBeLessThan(MAX_ENCODED_CHARS);
    expect(decodeDoc(bomb)).toEqual({ ok: false, error: 'The link unpacks to more than 2 MB, more than any scenario needs.' });
    expect(decodeDoc(`s2.${'A'.repeat(MAX_ENCODED_CHARS)}`)).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
  });

  it('returns a hostile topic name as plain data (the engine, not the codec, rejects it)', () => {
    const name = '<img src=x onerror=alert(1)>';
    const doc: ScenarioDoc = {
      v: 2,
      seed: 1,
      scenario: { ...DEFAULT_SCENARIO, topics: [{ name, partitions: 1, replicationFactor: 1 }] },
      commands: [],
      playheadMs: 0,
    };
    const r = decodeDoc(encodeDoc(doc));
    expect(r.ok && r.doc.scenario.topics[0]!.name).toBe(name);
  });

  it('opens the stored v1 link as the same v2 doc, forever', () => {
    expect(decodeDoc(STORED_V1_LINK)).toEqual({ ok: true, doc: STORED_V1_AS_V2 });
    expect(parseLocationHash(`#share=${STORED_V1_LINK}`)).toEqual({ kind: 'share', doc: STORED_V1_AS_V2 });
    // A v1 doc written today goes the same way.
    const fresh = encodeV1({ v: 1, seed: 3, scenario: DEFAULT_SCENARIO, actions: [{ t: 10, cmd: { type: 'addBroker' } }] });
    expect(decodeDoc(fresh)).toEqual({
      ok: true,
      doc: { v: 2, seed: 3, scenario: DEFAULT_SCENARIO, commands: [{ atMs: 10, afterTask: AFTER_EVERY_TASK, command: { type: 'addBroker' } }], playheadMs: 0 },
    });
  });

  it('refuses links from a newer Streamscope with a clear message', () => {
    const message = 'This link was made by a newer Streamscope (format v7); this version reads up to v2.';
    expect(decodeDoc('s7.AAAA')).toEqual({ ok: false, error: message });
    // A newer doc inside today's envelope is refused the same way.
    expect(decodeDoc(`s2.${toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 7, whatever: true }))))}`)).toEqual({ ok: false, error: message });
  });

  it('keeps share links short: prints the figures', () => {
    const base = 'https://streamscope.example.org/streamscope/';
    const commands: RecordedCommand[] = [
      { atMs: 4_200, afterTask: 611, command: { type: 'crashBroker', brokerId: 2 } },
      { atMs: 9_000, afterTask: 1_304, command: { type: 'produce', producerId: 'checkout-service', key: 'customer-7', value: '{"order_id":1,"total":12.5}' } },
      { atMs: 15_500, afterTask: 2_277, command: { type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 60_000 } } },
      { atMs: 21_000, afterTask: 3_120, command: { type: 'restartBroker', brokerId: 2 } },
      { atMs: 30_000, afterTask: 4_410, command: { type: 'addConsumer', consumer: { id: 'billing-3', groupId: 'billing', topics: ['orders'] } } },
    ];
    const withCommands: ScenarioDoc = { v: 2, seed: DEFAULT_SEED, scenario: DEFAULT_SCENARIO, commands, playheadMs: 45_000 };
    const url = shareUrl(withCommands, `${base}#lesson=old`);
    expect(url.startsWith(`${base}#share=s2.`)).toBe(true);
    console.log(`URL length: ${url.length} chars (default scenario with ${commands.length} commands)`);
    expect(url.length).toBeLessThan(2_000);
    for (const [id, spec] of Object.entries(BUILTIN_SCENARIOS)) {
      const bare = shareUrl({ v: 2, seed: DEFAULT_SEED, scenario: spec, commands: [], playheadMs: 0 }, base);
      console.log(`URL length: ${bare.length} chars (built-in scenario "${id}")`);
      expect(bare.length).toBeLessThan(2_000);
    }
  });
});

describe('parseLocationHash', () => {
  it('reads share, lesson and scenario fragments and ignores others', () => {
    const doc: ScenarioDoc = { v: 2, seed: 5, scenario: DEFAULT_SCENARIO, commands: [], playheadMs: 10 };
    expect(parseLocationHash(`#share=${encodeDoc(doc)}`)).toEqual({ kind: 'share', doc });
    expect(parseLocationHash(`#share=${encodeURIComponent(encodeDoc(doc)).replace(/\./g, '%2E')}`)).toEqual({ kind: 'share', doc });
    expect(parseLocationHash('#lesson=retention')).toEqual({ kind: 'lesson', id: 'retention', step: 0 });
    // A lesson at a step (1-based in the link, as people count steps): the short link a QR code carries.
    expect(parseLocationHash('#lesson=retention&step=3')).toEqual({ kind: 'lesson', id: 'retention', step: 2 });
    expect(lessonStepUrl('retention', 2, 'https://x.test/app/#share=abc')).toBe('https://x.test/app/#lesson=retention&step=3');
    expect(parseLocationHash('#lesson=retention&step=0')).toMatchObject({ kind: 'error' });
    expect(parseLocationHash('#lesson=retention&step=9999')).toMatchObject({ kind: 'error' });
    expect(parseLocationHash('#scenario=busy')).toEqual({ kind: 'scenario', id: 'busy' });
    expect(parseLocationHash('')).toEqual({ kind: 'none' });
    expect(parseLocationHash('#')).toEqual({ kind: 'none' });
    expect(parseLocationHash('#inspector')).toEqual({ kind: 'none' });
  });

  it('explains bad fragments in words', () => {
    expect(parseLocationHash('#scenario=<script>')).toEqual({
      kind: 'error',
      message: '"<script>" is not a scenario name (names use lowercase letters, digits and dashes).',
    });
    expect(parseLocationHash(`#lesson=${'a'.repeat(41)}`)).toMatchObject({ kind: 'error' });
    expect(parseLocationHash('#share=%E0%A4%A')).toEqual({ kind: 'error', message: 'The link is damaged: it contains a broken %-escape.' });
    expect(parseLocationHash('#share=hello')).toMatchObject({ kind: 'error', message: expect.stringContaining('does not hold a Streamscope scenario') });
  });
});
