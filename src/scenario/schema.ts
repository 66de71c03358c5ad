/**
 * Validation of everything a scenario doc can carry (a share URL, a saved file, a lesson). The
 * schema checks shapes and size limits chosen so the app stays responsive; Kafka's own rules
 * (topic names, replication factor ≤ brokers, config values) stay the engine's job, which answers
 * them in Kafka's words (`InvalidTopicException`, `InvalidReplicationFactorException`, …).
 */
import { z } from 'zod';
import type { ClusterSpec, Command, ConsumerSpec, KeyPattern, OffsetResetTarget, ProducerSpec, ScenarioSpec, TopicSpec, ValueTemplate } from '../engine';
import type { LessonRef, RecordedCommand, ScenarioDoc } from './doc';
import { SCENARIO_FORMAT_VERSION } from './doc';

/** Size limits of a scenario doc (the engine's own limits are larger; these keep a shared link responsive). */
export const SCENARIO_LIMITS = {
  minBrokers: 1,
  /** Brokers at the start plus every `addBroker` of the history. */
  maxBrokers: 12,
  maxPartitionsPerTopic: 64,
  /** Topics of the scenario plus every topic the history creates. */
  maxTopics: 20,
  /** Counting `__consumer_offsets` (50 partitions by default) once the history has a consumer. */
  maxPartitionsTotal: 300,
  /** Partition replicas, `__consumer_offsets`' included (12 brokers × 300 partitions at RF 3 is 900). */
  maxReplicasTotal: 1_000,
  maxProducerRatePerSec: 25_000,
  /** Sum over producers of the highest rate each ever has. */
  maxTotalProducerRatePerSec: 40_000,
  /** As the engine's CLUSTER_LIMITS.maxProducers. */
  maxProducers: 32,
  /** Distinct consumers over the whole history. */
  maxConsumers: 64,
  /** Recorded commands of a doc, and timeline entries of a scenario (each). */
  maxCommands: 2_000,
  /** Names and ids (249 is Kafka's longest topic name). */
  maxNameChars: 249,
  /** Record keys, values, header values, text templates. */
  maxValueChars: 10_000,
  /**
   * What opening a doc may replay (see `replayWork`): records produced, and replica-hours. Set so the
   * worst doc within them opens in a few minutes on a modest laptop (`npm run bench -- worst-link`).
   */
  /** The worst records case opens in about 4 minutes; memory no longer limits it (old records are slimmed: engine/kafka/slimming.ts). */
  maxReplayRecords: 10_000_000,
  /** The default scenario (159 replicas) replays 31 days in 118,000 replica-hours: it fits. */
  maxReplayReplicaHours: 120_000,
  /** Simulated times (atMs, playheadMs): 31 days, the longest fast-forward. */
  maxTimeMs: 31 * 86_400_000,
  maxSeed: 0xffff_ffff,
  /** Entries of one config map. */
  maxConfigs: 100,
  maxHeaders: 50,
  maxFixedKeys: 1_000,
  /** Generated `bytes` values are built when looked at: keep one under 1 MiB. */
  maxValueBytes: 1_048_576,
  maxProcessingRatePerSec: 1_000_000,
  maxLessonStep: 1_000,
  /** Largest `afterTask` (v1 links migrate to Number.MAX_SAFE_INTEGER: "after every task due then"). */
  maxAfterTask: Number.MAX_SAFE_INTEGER,
} as const;

const L = SCENARIO_LIMITS;

/** 12,345 — numbers in messages read like the UI's. */
const fmt = (n: unknown): string => (typeof n === 'number' ? n.toLocaleString('en-US') : describeValue(n));

/** A short, safe description of a value for an error message (never the whole of a huge string). */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 40)}…" (${v.length.toLocaleString('en-US')} characters)` : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? v.toLocaleString('en-US') : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** An `error` option for a `max` check that names the unit: "at most 12 brokers (got 40)". */
const atMost = (max: number, unit: string) => ({ error: (iss: { input?: unknown }) => `at most ${fmt(max)} ${unit} (got ${fmt(iss.input)})` });
const atMostCount = (max: number, unit: string) => ({
  error: (iss: { input?: unknown }) => `at most ${fmt(max)} ${unit} (got ${Array.isArray(iss.input) ? fmt(iss.input.length) : describeValue(iss.input)})`,
});
const atMostChars = (max: number) => ({
  error: (iss: { input?: unknown }) =>
    `at most ${fmt(max)} characters (got ${typeof iss.input === 'string' ? fmt(iss.input.length) : describeValue(iss.input)})`,
});

const name = z.string().max(L.maxNameChars, atMostChars(L.maxNameChars));
const text = z.string().max(L.maxValueChars, atMostChars(L.maxValueChars));
const timeMs = z
  .int()
  .min(0)
  .max(L.maxTimeMs, { error: (iss) => `at most 31 days of simulated time (got ${fmt(iss.input)} ms)` });
const brokerId = z.int().min(0).max(1_000_000);
/** Config names are Kafka's dotted lowercase names; the engine rejects names it does not model. Starting with a letter or digit keeps `__proto__` out. */
const configKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: (iss) => `${describeValue(iss.input)} is not a configuration name` });

const ConfigValueSchema = z.union([z.number(), z.boolean(), text], {
  error: (iss) => `a config value must be a number, true/false or text (got ${describeValue(iss.input)})`,
});
const fewConfigs = { error: `at most ${L.maxConfigs} configs` };
const configs = z.record(configKey, ConfigValueSchema).refine((r) => Object.keys(r).length <= L.maxConfigs, fewConfigs);
const configChanges = z.record(configKey, ConfigValueSchema.nullable()).refine((r) => Object.keys(r).length <= L.maxConfigs, fewConfigs);
const headers = z.array(z.tuple([name, text])).max(L.maxHeaders, atMostCount(L.maxHeaders, 'headers'));

const ratePerSec = z.number().min(0).max(L.maxProducerRatePerSec, atMost(L.maxProducerRatePerSec, 'records/s per producer'));
const cardinality = z.int().min(1).max(10_000_000);

const KeyPatternSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), keys: z.array(text).max(L.maxFixedKeys, atMostCount(L.maxFixedKeys, 'keys')) }),
  z.strictObject({ kind: z.literal('random'), prefix: name, cardinality }),
  z.strictObject({ kind: z.literal('hot'), hotKey: text, hotShare: z.number().min(0).max(1), prefix: name, cardinality }),
]);

const ValueTemplateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('order') }),
  z.strictObject({ kind: z.literal('text'), text }),
  z.strictObject({ kind: z.literal('sensor') }),
  z.strictObject({ kind: z.literal('bytes'), sizeBytes: z.int().min(0).max(L.maxValueBytes, atMost(L.maxValueBytes, 'bytes')) }),
]);

const ProducerSpecSchema = z.strictObject({
  id: name,
  topic: name,
  ratePerSec,
  keys: KeyPatternSchema,
  value: ValueTemplateSchema.optional(),
  headers: headers.optional(),
  configs: configs.optional(),
  paused: z.boolean().optional(),
});

const ConsumerSpecSchema = z.strictObject({
  id: name,
  groupId: name,
  topics: z.array(name).max(L.maxTopics, atMostCount(L.maxTopics, 'topics')),
  groupInstanceId: name.optional(),
  processingRatePerSec: z.number().min(0).max(L.maxProcessingRatePerSec).optional(),
  configs: configs.optional(),
  paused: z.boolean().optional(),
});

const OffsetResetTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('earliest') }),
  z.strictObject({ kind: z.literal('latest') }),
  z.strictObject({ kind: z.literal('offset'), offset: z.int().min(0) }),
  z.strictObject({ kind: z.literal('timestamp'), timestampMs: z.int() }),
]);

const partitions = z.int().max(L.maxPartitionsPerTopic, atMost(L.maxPartitionsPerTopic, 'partitions per topic'));

/** Every variant of the engine's `Command`, as strict objects (unknown keys are rejected). */
export const CommandSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('crashBroker'), brokerId }),
    z.strictObject({ type: z.literal('restartBroker'), brokerId }),
    z.strictObject({ type: z.literal('isolateBroker'), brokerId }),
    z.strictObject({ type: z.literal('healBroker'), brokerId }),
    z.strictObject({ type: z.literal('slowBroker'), brokerId, extraLatencyMs: z.int().min(0).max(600_000) }),
    z.strictObject({ type: z.literal('addBroker'), brokerId: brokerId.optional() }),
    z.strictObject({
      type: z.literal('createTopic'),
      name,
      partitions: partitions.optional(),
      replicationFactor: z.int().optional(),
      configs: configs.optional(),
    }),
    z.strictObject({ type: z.literal('addPartitions'), topic: name, totalCount: partitions }),
    z.strictObject({ type: z.literal('setTopicConfig'), topic: name, configs: configChanges }),
    z.strictObject({ type: z.literal('setBrokerConfig'), configs: configChanges }),
    z.strictObject({ type: z.literal('addProducer'), producer: ProducerSpecSchema }),
    z.strictObject({ type: z.literal('removeProducer'), producerId: name }),
    z.strictObject({
      type: z.literal('updateProducer'),
      producerId: name,
      ratePerSec: ratePerSec.optional(),
      keys: KeyPatternSchema.optional(),
      paused: z.boolean().optional(),
      configs: configChanges.optional(),
    }),
    z.strictObject({
      type: z.literal('produce'),
      producerId: name,
      key: text.nullable(),
      value: text.nullable(),
      headers: headers.optional(),
      partition: z.int().min(0).max(L.maxPartitionsPerTopic).optional(),
      timestampMs: z.int().optional(),
    }),
    z.strictObject({ type: z.literal('addConsumer'), consumer: ConsumerSpecSchema }),
    z.strictObject({ type: z.literal('removeConsumer'), consumerId: name }),
    z.strictObject({ type: z.literal('crashConsumer'), consumerId: name }),
    z.strictObject({ type: z.literal('restartConsumer'), consumerId: name }),
    z.strictObject({
      type: z.literal('updateConsumer'),
      consumerId: name,
      processingRatePerSec: z.number().min(0).max(L.maxProcessingRatePerSec).optional(),
      paused: z.boolean().optional(),
      configs: configChanges.optional(),
    }),
    z.strictObject({ type: z.literal('resetOffsets'), groupId: name, topic: name, to: OffsetResetTargetSchema }),
    z.strictObject({ type: z.literal('electLeaders'), electionType: z.enum(['preferred', 'unclean']), topic: name.optional() }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `unknown command type ${describeValue((iss.input as { type?: unknown } | undefined)?.type)}` : undefined) },
);

const TimelineEntrySchema = z.strictObject({ atMs: timeMs, command: CommandSchema });

const TopicSpecSchema = z.strictObject({
  name,
  partitions,
  replicationFactor: z.int(),
  configs: configs.optional(),
});

const ClusterSpecSchema = z.strictObject({
  brokers: z
    .int()
    .min(L.minBrokers, { error: (iss) => `at least 1 broker (got ${fmt(iss.input)})` })
    .max(L.maxBrokers, atMost(L.maxBrokers, 'brokers')),
  controllers: z.int().min(1).max(L.maxBrokers).optional(),
  configs: configs.optional(),
  networkLatencyMs: z.int().min(0).max(10_000).optional(),
});

type Issue = { path: PropertyKey[]; message: string };

type ScenarioShape = {
  cluster: { brokers: number; configs?: Record<string, unknown> };
  topics: { name: string; partitions: number; replicationFactor: number }[];
  producers?: { id: string; ratePerSec: number }[];
  consumers?: { id: string }[];
};

/** What a history can grow to (a conservative bound: a command the engine rejects still counts, since topics are never deleted and ids are never reused). */
interface HistoryLoad {
  brokers: number;
  topics: number;
  /** Partitions of the topics, and of `__consumer_offsets` once a consumer exists (created with the first group). */
  partitions: number;
  internalPartitions: number;
  /** Partition replicas, `__consumer_offsets`' included: what replication costs, every second. */
  replicas: number;
  producers: number;
  /** Sum over producers of the highest rate each ever has (records/s). */
  rate: number;
  consumers: number;
}

const positiveInt = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback);

function historyLoad(scenario: ScenarioShape, commands: Command[]): HistoryLoad {
  const cfg = scenario.cluster.configs ?? {};
  // Broker configs only grow the bound: the largest value any point of the history sets.
  let defaultPartitions = positiveInt(cfg['num.partitions'], 1);
  let defaultRf = positiveInt(cfg['default.replication.factor'], 1);
  let offsetsPartitions = positiveInt(cfg['offsets.topic.num.partitions'], 50);
  let offsetsRf = positiveInt(cfg['offsets.topic.replication.factor'], 3);
  let brokers = scenario.cluster.brokers;
  const topics = new Map<string, { partitions: number; rf: number }>();
  const grow = (topic: string, count: number, rf?: number) => {
    const t = topics.get(topic);
    topics.set(topic, { partitions: Math.max(t?.partitions ?? 0, Math.max(0, count)), rf: t?.rf ?? Math.max(1, rf ?? defaultRf) });
  };
  for (const t of scenario.topics) grow(t.name, t.partitions, t.replicationFactor);
  const rates = new Map<string, number>();
  const rate = (id: string, r: number) => rates.set(id, Math.max(rates.get(id) ?? 0, r));
  for (const p of scenario.producers ?? []) rate(p.id, p.ratePerSec);
  const consumers = new Set((scenario.consumers ?? []).map((c) => c.id));
  for (const c of commands) {
    switch (c.type) {
      case 'addBroker':
        brokers++;
        break;
      case 'setBrokerConfig':
        defaultPartitions = Math.max(defaultPartitions, positiveInt(c.configs['num.partitions'], 1));
        defaultRf = Math.max(defaultRf, positiveInt(c.configs['default.replication.factor'], 1));
        offsetsPartitions = Math.max(offsetsPartitions, positiveInt(c.configs['offsets.topic.num.partitions'], 1));
        offsetsRf = Math.max(offsetsRf, positiveInt(c.configs['offsets.topic.replication.factor'], 1));
        break;
      case 'createTopic':
        grow(c.name, c.partitions ?? defaultPartitions, c.replicationFactor);
        break;
      case 'addPartitions':
        if (topics.has(c.topic)) grow(c.topic, c.totalCount);
        break;
      case 'addProducer':
        rate(c.producer.id, c.producer.ratePerSec);
        break;
      case 'updateProducer':
        if (c.ratePerSec !== undefined && rates.has(c.producerId)) rate(c.producerId, c.ratePerSec);
        break;
      case 'addConsumer':
        consumers.add(c.consumer.id);
        break;
      default:
        break;
    }
  }
  const internalPartitions = consumers.size > 0 ? offsetsPartitions : 0;
  let partitions = internalPartitions;
  let replicas = internalPartitions * Math.min(offsetsRf, brokers);
  for (const t of topics.values()) {
    partitions += t.partitions;
    replicas += t.partitions * Math.min(t.rf, brokers);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  return { brokers, topics: topics.size, partitions, internalPartitions, replicas, producers: rates.size, rate: total(rates), consumers: consumers.size };
}

function historyProblems(scenario: ScenarioShape, commands: Command[], where: PropertyKey[]): Issue[] {
  const issues: Issue[] = [];
  const load = historyLoad(scenario, commands);
  // Counts the scenario alone exceeds are reported by the array limits above; these are what the history adds.
  if (load.brokers > L.maxBrokers && load.brokers > scenario.cluster.brokers)
    issues.push({ path: where, message: `at most ${L.maxBrokers} brokers (got ${load.brokers} with the brokers the history adds)` });
  if (load.topics > L.maxTopics && load.topics > scenario.topics.length)
    issues.push({ path: where, message: `at most ${L.maxTopics} topics (got ${load.topics} with the topics the history creates)` });
  if (load.partitions > L.maxPartitionsTotal) {
    const internal = load.internalPartitions > 0 ? `, ${fmt(load.internalPartitions)} of them __consumer_offsets'` : '';
    issues.push({ path: where, message: `at most ${fmt(L.maxPartitionsTotal)} partitions in total (got ${fmt(load.partitions)}${internal})` });
  }
  if (load.replicas > L.maxReplicasTotal)
    issues.push({
      path: where,
      message: `at most ${fmt(L.maxReplicasTotal)} partition replicas in total, __consumer_offsets' included (got ${fmt(load.replicas)})`,
    });
  if (load.producers > L.maxProducers && load.producers > (scenario.producers?.length ?? 0))
    issues.push({ path: where, message: `at most ${L.maxProducers} producers (got ${load.producers} with the producers the history adds)` });
  if (load.rate > L.maxTotalProducerRatePerSec)
    issues.push({ path: where, message: `at most ${fmt(L.maxTotalProducerRatePerSec)} records/s from all producers together (got ${fmt(load.rate)})` });
  if (load.consumers > L.maxConsumers && load.consumers > (scenario.consumers?.length ?? 0))
    issues.push({ path: where, message: `at most ${L.maxConsumers} consumers (got ${load.consumers} with the consumers the history adds)` });
  return issues;
}

/**
 * What replaying a doc costs, in the units its budget counts: records produced (every producer at
 * its highest rate throughout) and replica-hours (each replica is fetched for, checked, and moved
 * along, every second of the run), over the simulated time the replay covers — to the playhead or
 * the last action, whichever is later.
 */
export function replayWork(doc: {
  scenario: ScenarioShape & { timeline?: { atMs: number; command: Command }[] };
  commands: { atMs: number; command: Command }[];
  playheadMs: number;
}): {
  simMs: number;
  records: number;
  replicaHours: number;
} {
  const all = [...(doc.scenario.timeline ?? []), ...doc.commands];
  const simMs = Math.max(doc.playheadMs, ...all.map((c) => c.atMs));
  const load = historyLoad(
    doc.scenario,
    all.map((c) => c.command),
  );
  return { simMs, records: Math.round((load.rate * simMs) / 1000), replicaHours: (load.replicas * simMs) / 3_600_000 };
}

/** Why a doc would take too long to open, in words — or null. */
function replayProblem(doc: Parameters<typeof replayWork>[0]): string | null {
  const w = replayWork(doc);
  const over = w.records > L.maxReplayRecords ? 'records' : w.replicaHours > L.maxReplayReplicaHours ? 'replicas' : null;
  if (!over) return null;
  const what =
    over === 'records'
      ? `producing ${fmt(w.records)} records (at most ${fmt(L.maxReplayRecords)})`
      : `${fmt(Math.round(w.replicaHours))} replica-hours of replication (at most ${fmt(L.maxReplayReplicaHours)})`;
  return `opening this run means replaying ${formatDuration(w.simMs)} of simulated time, ${what}: more than a page can replay in a few minutes. Share an earlier moment, or a smaller cluster`;
}

/** `3 d 4 h`, `12 min`, `40 s`: the simulated time a replay covers. */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

const ScenarioSpecSchema = z
  .strictObject({
    name: name.optional(),
    cluster: ClusterSpecSchema,
    topics: z.array(TopicSpecSchema).max(L.maxTopics, atMostCount(L.maxTopics, 'topics')),
    producers: z.array(ProducerSpecSchema).max(L.maxProducers, atMostCount(L.maxProducers, 'producers')).optional(),
    consumers: z.array(ConsumerSpecSchema).max(L.maxConsumers, atMostCount(L.maxConsumers, 'consumers')).optional(),
    timeline: z.array(TimelineEntrySchema).max(L.maxCommands, atMostCount(L.maxCommands, 'timeline entries')).optional(),
    startEpochMs: z.int().min(0).max(8_640_000_000_000_000).optional(),
  })
  .superRefine((s, ctx) => {
    for (const issue of historyProblems(
      s,
      (s.timeline ?? []).map((e) => e.command),
      [],
    ))
      ctx.addIssue({ code: 'custom', ...issue });
  });

const RecordedCommandSchema = z.strictObject({
  atMs: timeMs,
  afterTask: z.int().min(0).max(L.maxAfterTask),
  command: CommandSchema,
});

const LessonRefSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: (iss) => `${describeValue(iss.input)} is not a lesson id (lowercase letters, digits and dashes)` }),
  step: z.int().min(0).max(L.maxLessonStep),
});

const ScenarioDocSchema = z
  .strictObject({
    v: z.literal(SCENARIO_FORMAT_VERSION),
    seed: z
      .int()
      .min(0)
      .max(L.maxSeed, { error: (iss) => `the seed must be a whole number from 0 to ${fmt(L.maxSeed)} (got ${fmt(iss.input)})` }),
    scenario: ScenarioSpecSchema,
    commands: z.array(RecordedCommandSchema).max(L.maxCommands, atMostCount(L.maxCommands, 'recorded commands')),
    playheadMs: timeMs,
    lesson: LessonRefSchema.optional(),
  })
  .superRefine((d, ctx) => {
    // Only what the recorded commands add: the scenario's own limits were checked above.
    if (
      historyProblems(
        d.scenario,
        (d.scenario.timeline ?? []).map((e) => e.command),
        [],
      ).length > 0
    )
      return;
    const all = [...(d.scenario.timeline ?? []).map((e) => e.command), ...d.commands.map((c) => c.command)];
    const issues = historyProblems(d.scenario, all, ['commands']);
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
    const slow = issues.length === 0 ? replayProblem(d) : null;
    if (slow) ctx.addIssue({ code: 'custom', path: ['playheadMs'], message: slow });
  });

// Compile-time guard: the schemas and the engine's types must describe the same data, both ways.
// (Assignability alone cannot see a missing optional field, so object types compare their keys too.)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameShape<A, B> = Same<A, B> extends true ? Same<keyof A, keyof B> : false;
/** Each variant's keys compared one by one, so an optional field missing from one command variant is caught. */
type VariantKeysSame<A extends { type: string }, B extends { type: string }> = false extends {
  [T in B['type']]: Same<keyof Extract<A, { type: T }>, keyof Extract<B, { type: T }>>;
}[B['type']]
  ? false
  : true;
const _commandMatches: Same<z.infer<typeof CommandSchema>, Command> = true;
const _commandKeysMatch: VariantKeysSame<z.infer<typeof CommandSchema>, Command> = true;
const _keysMatch: Same<z.infer<typeof KeyPatternSchema>, KeyPattern> = true;
const _valuesMatch: Same<z.infer<typeof ValueTemplateSchema>, ValueTemplate> = true;
const _resetMatches: Same<z.infer<typeof OffsetResetTargetSchema>, OffsetResetTarget> = true;
const _producerMatches: SameShape<z.infer<typeof ProducerSpecSchema>, ProducerSpec> = true;
const _consumerMatches: SameShape<z.infer<typeof ConsumerSpecSchema>, ConsumerSpec> = true;
const _topicMatches: SameShape<z.infer<typeof TopicSpecSchema>, TopicSpec> = true;
const _clusterMatches: SameShape<z.infer<typeof ClusterSpecSchema>, ClusterSpec> = true;
const _scenarioMatches: SameShape<z.infer<typeof ScenarioSpecSchema>, ScenarioSpec> = true;
const _recordedMatches: SameShape<z.infer<typeof RecordedCommandSchema>, RecordedCommand> = true;
const _lessonMatches: SameShape<z.infer<typeof LessonRefSchema>, LessonRef> = true;
const _docMatches: SameShape<z.infer<typeof ScenarioDocSchema>, ScenarioDoc> = true;
void [
  _commandMatches,
  _commandKeysMatch,
  _keysMatch,
  _valuesMatch,
  _resetMatches,
  _producerMatches,
  _consumerMatches,
  _topicMatches,
  _clusterMatches,
  _scenarioMatches,
  _recordedMatches,
  _lessonMatches,
  _docMatches,
];

// Plain words for the issues no schema gave its own message.
const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  tuple: 'a list',
  null: 'null',
};

function plainWords(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `missing (it should be ${EXPECTED[iss.expected] ?? iss.expected})`;
      return `should be ${EXPECTED[iss.expected] ?? iss.expected} (got ${describeValue(iss.input)})`;
    case 'too_big':
      if (iss.origin === 'string') return `at most ${fmt(Number(iss.maximum))} characters (got ${typeof iss.input === 'string' ? fmt(iss.input.length) : '?'})`;
      if (iss.origin === 'array' || iss.origin === 'set') return `at most ${fmt(Number(iss.maximum))} entries`;
      if (iss.origin === 'record' || iss.origin === 'map' || iss.origin === 'object') return `at most ${fmt(Number(iss.maximum))} entries`;
      return `at most ${fmt(Number(iss.maximum))} (got ${fmt(iss.input)})`;
    case 'too_small':
      if (iss.origin === 'string' || iss.origin === 'array') return `at least ${fmt(Number(iss.minimum))} entries`;
      return `at least ${fmt(Number(iss.minimum))} (got ${fmt(iss.input)})`;
    case 'unrecognized_keys':
      return `unknown field${iss.keys.length === 1 ? '' : 's'} ${iss.keys.map((k) => describeValue(k)).join(', ')}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `should be ${describeValue(iss.values[0])} (got ${describeValue(iss.input)})`
        : `should be one of ${iss.values.map(describeValue).join(', ')} (got ${describeValue(iss.input)})`;
    case 'invalid_union':
      if (iss.discriminator) return `unknown ${iss.discriminator} ${describeValue((iss.input as Record<string, unknown> | undefined)?.[iss.discriminator])}`;
      return `not a value this field accepts (got ${describeValue(iss.input)})`;
    case 'invalid_format':
      return `not in the expected format (got ${describeValue(iss.input)})`;
    case 'invalid_key':
      return iss.issues[0]?.message ?? 'a key of this object is not allowed';
    default:
      return undefined;
  }
}

/** `scenario.topics[0].configs["retention.ms"]` */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

/** The first problem in plain words, naming where it is: "scenario.cluster.brokers: at most 12 brokers (got 40)". */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'the data is not a Streamscope scenario';
  const where = formatPath(first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length === 2 ? '' : 's'})` : '';
  return `${where === '' ? '' : `${where}: `}${first.message}${more}`;
}

/** Runs a schema with plain-word messages; never throws. */
function parseWith<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; error: string } {
  try {
    const r = schema.safeParse(input, { error: plainWords, reportInput: true });
    return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssues(r.error.issues) };
  } catch (e) {
    // A pathological input (e.g. nesting deep enough to overflow the stack) is still just a bad input.
    return { ok: false, error: `the data could not be checked (${e instanceof Error ? e.message : 'unknown problem'})` };
  }
}

/**
 * Validates a current-format doc (run `migrateDoc` first for older ones). The error is plain
 * words naming where the problem is, e.g. "scenario.cluster.brokers: at most 12 brokers (got 40)".
 */
export function parseScenarioDoc(input: unknown): { ok: true; doc: ScenarioDoc } | { ok: false; error: string } {
  const r = parseWith(ScenarioDocSchema, input);
  return r.ok ? { ok: true, doc: r.value } : r;
}
