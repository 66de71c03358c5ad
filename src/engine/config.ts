/**
 * Kafka's configuration names and defaults (Apache Kafka 4.x), the ones the simulator models.
 * A scenario may override any of them — Kafka's defaults (7-day retention, 1 GiB segments) are far
 * too large to watch — and the snapshot reports, for every value, whether it is Kafka's default.
 */
import { KafkaException } from './errors';

export type ConfigValue = number | boolean | string;
export type ConfigScope = 'topic' | 'broker' | 'producer' | 'consumer';
export type ConfigUnit = 'ms' | 'bytes' | 'count' | 'ratio' | 'seconds' | 'minutes' | 'none';

export interface ConfigDef {
  name: string;
  /** Where the config applies; a client config both clients take (`CommonClientConfigs`) lists both. */
  scope: ConfigScope | readonly ConfigScope[];
  type: 'long' | 'int' | 'double' | 'boolean' | 'string';
  default: ConfigValue;
  unit: ConfigUnit;
  /** Smallest legal value (numbers), as Kafka's ConfigDef validators require. */
  min?: number;
  /** Legal values (strings). */
  oneOf?: readonly string[];
  /** One sentence for a learner. */
  doc: string;
}

const MAX_LONG = Number.MAX_SAFE_INTEGER; // Long.MAX_VALUE stands in as "never" (kept finite so snapshots stay JSON-safe)

const defs: ConfigDef[] = [
  // Topic configs — LogConfig / TopicConfig / ServerLogConfigs
  {
    name: 'retention.ms',
    scope: 'topic',
    type: 'long',
    default: 604_800_000,
    unit: 'ms',
    min: -1,
    doc: 'How long a segment is kept after its newest record; -1 keeps forever.',
  },
  {
    name: 'retention.bytes',
    scope: 'topic',
    type: 'long',
    default: -1,
    unit: 'bytes',
    min: -1,
    doc: 'Largest size of one partition before its oldest segments are deleted; -1 means no limit.',
  },
  {
    name: 'segment.bytes',
    scope: 'topic',
    type: 'int',
    default: 1_073_741_824,
    unit: 'bytes',
    min: 1024,
    doc: 'A new segment is rolled when the active one would grow past this size.',
  },
  {
    name: 'segment.ms',
    scope: 'topic',
    type: 'long',
    default: 604_800_000,
    unit: 'ms',
    min: 1,
    doc: 'A new segment is rolled, on the next append, once the active one spans this much time.',
  },
  {
    name: 'segment.jitter.ms',
    scope: 'topic',
    type: 'long',
    default: 0,
    unit: 'ms',
    min: 0,
    doc: 'Random jitter subtracted from segment.ms so partitions do not all roll at once.',
  },
  {
    name: 'min.insync.replicas',
    scope: 'topic',
    type: 'int',
    default: 1,
    unit: 'count',
    min: 1,
    doc: 'With acks=all, a write needs at least this many in-sync replicas.',
  },
  {
    name: 'cleanup.policy',
    scope: 'topic',
    type: 'string',
    default: 'delete',
    unit: 'none',
    oneOf: ['delete', 'compact', 'compact,delete', 'delete,compact'],
    doc: 'delete: old segments are removed by retention; compact: the latest value per key is kept.',
  },
  {
    name: 'message.timestamp.type',
    scope: 'topic',
    type: 'string',
    default: 'CreateTime',
    unit: 'none',
    oneOf: ['CreateTime', 'LogAppendTime'],
    doc: "CreateTime keeps the producer's timestamp; LogAppendTime stamps the broker's clock at append.",
  },
  {
    name: 'unclean.leader.election.enable',
    scope: 'topic',
    type: 'boolean',
    default: false,
    unit: 'none',
    doc: 'Let an out-of-sync replica become leader when no in-sync one is alive: available again, but acknowledged data can be lost.',
  },
  { name: 'max.message.bytes', scope: 'topic', type: 'int', default: 1_048_588, unit: 'bytes', min: 0, doc: 'Largest record batch the broker accepts.' },
  {
    name: 'min.cleanable.dirty.ratio',
    scope: 'topic',
    type: 'double',
    default: 0.5,
    unit: 'ratio',
    min: 0,
    doc: 'Compaction starts when this share of the log is not yet compacted.',
  },
  { name: 'min.compaction.lag.ms', scope: 'topic', type: 'long', default: 0, unit: 'ms', min: 0, doc: 'A record stays uncompacted for at least this long.' },
  {
    name: 'max.compaction.lag.ms',
    scope: 'topic',
    type: 'long',
    default: MAX_LONG,
    unit: 'ms',
    min: 1,
    doc: 'A record becomes eligible for compaction after at most this long.',
  },
  {
    name: 'delete.retention.ms',
    scope: 'topic',
    type: 'long',
    default: 86_400_000,
    unit: 'ms',
    min: 0,
    doc: 'How long a tombstone survives after compaction first keeps it.',
  },

  // Broker configs — ReplicationConfigs / ServerLogConfigs / KRaftConfigs / QuorumConfig
  {
    name: 'replica.lag.time.max.ms',
    scope: 'broker',
    type: 'long',
    default: 30_000,
    unit: 'ms',
    min: 0,
    doc: 'A follower that has not caught up for this long is removed from the ISR.',
  },
  {
    name: 'replica.fetch.wait.max.ms',
    scope: 'broker',
    type: 'int',
    default: 500,
    unit: 'ms',
    min: 0,
    doc: 'How long a follower fetch waits at the leader when there is no new data.',
  },
  {
    name: 'replica.fetch.max.bytes',
    scope: 'broker',
    type: 'int',
    default: 1_048_576,
    unit: 'bytes',
    min: 0,
    doc: 'Bytes a follower fetch asks for per partition.',
  },
  {
    name: 'replica.fetch.response.max.bytes',
    scope: 'broker',
    type: 'int',
    default: 10_485_760,
    unit: 'bytes',
    min: 0,
    doc: 'Bytes a whole follower fetch response may carry.',
  },
  {
    name: 'log.retention.check.interval.ms',
    scope: 'broker',
    type: 'long',
    default: 300_000,
    unit: 'ms',
    min: 1,
    doc: 'How often each broker looks for segments that retention may delete.',
  },
  {
    name: 'log.initial.task.delay.ms',
    scope: 'broker',
    type: 'long',
    default: 30_000,
    unit: 'ms',
    min: 0,
    doc: 'Delay after start-up before the first retention check.',
  },
  {
    name: 'broker.session.timeout.ms',
    scope: 'broker',
    type: 'int',
    default: 9_000,
    unit: 'ms',
    min: 1,
    doc: 'The controller fences a broker whose heartbeats stop for this long.',
  },
  {
    name: 'broker.heartbeat.interval.ms',
    scope: 'broker',
    type: 'int',
    default: 2_000,
    unit: 'ms',
    min: 1,
    doc: 'How often a broker heartbeats to the controller.',
  },
  {
    name: 'controller.quorum.fetch.timeout.ms',
    scope: 'broker',
    type: 'int',
    default: 2_000,
    unit: 'ms',
    min: 0,
    doc: 'Controller voters start an election when the active controller is silent this long.',
  },
  {
    name: 'controller.quorum.election.timeout.ms',
    scope: 'broker',
    type: 'int',
    default: 1_000,
    unit: 'ms',
    min: 0,
    doc: 'Base of the randomised controller election timeout.',
  },
  {
    name: 'auto.leader.rebalance.enable',
    scope: 'broker',
    type: 'boolean',
    default: true,
    unit: 'none',
    doc: "Periodically move leadership back to each partition's preferred replica.",
  },
  {
    name: 'leader.imbalance.check.interval.seconds',
    scope: 'broker',
    type: 'long',
    default: 300,
    unit: 'seconds',
    min: 1,
    doc: 'How often the controller runs preferred-leader elections.',
  },
  {
    name: 'unclean.leader.election.interval.ms',
    scope: 'broker',
    type: 'long',
    default: 300_000,
    unit: 'ms',
    min: 1,
    doc: 'How often the controller retries unclean elections for offline partitions (KRaft).',
  },
  { name: 'num.partitions', scope: 'broker', type: 'int', default: 1, unit: 'count', min: 1, doc: 'Partitions of a topic created without a count.' },
  {
    name: 'offsets.topic.num.partitions',
    scope: 'broker',
    type: 'int',
    default: 50,
    unit: 'count',
    min: 1,
    doc: "Partitions of __consumer_offsets; a group's coordinator leads one of them.",
  },
  {
    // GroupCoordinatorConfig.OFFSETS_RETENTION_MINUTES_CONFIG (KIP-211: counted from when the group became empty).
    name: 'offsets.retention.minutes',
    scope: 'broker',
    type: 'int',
    default: 10_080,
    unit: 'minutes',
    min: 1,
    doc: "How long a group's committed offsets are kept once it has no members (7 days by default).",
  },
  {
    name: 'offsets.topic.replication.factor',
    scope: 'broker',
    type: 'int',
    default: 3,
    unit: 'count',
    min: 1,
    doc: 'Replication factor of __consumer_offsets (created when the first group appears).',
  },
  {
    name: 'group.initial.rebalance.delay.ms',
    scope: 'broker',
    type: 'int',
    default: 3_000,
    unit: 'ms',
    min: 0,
    doc: 'A new group waits this long for more members before its first rebalance.',
  },
  {
    name: 'log.cleaner.backoff.ms',
    scope: 'broker',
    type: 'long',
    default: 15_000,
    unit: 'ms',
    min: 0,
    doc: 'How often the log cleaner looks for a log to compact.',
  },
  {
    name: 'default.replication.factor',
    scope: 'broker',
    type: 'int',
    default: 1,
    unit: 'count',
    min: 1,
    doc: 'Replication factor of a topic created without one.',
  },

  // Producer configs — ProducerConfig (4.x defaults; linger.ms became 5 in Kafka 4.0, KIP-1030)
  {
    name: 'acks',
    scope: 'producer',
    type: 'string',
    default: 'all',
    unit: 'none',
    oneOf: ['0', '1', 'all', '-1'],
    doc: '0: do not wait; 1: the leader has it; all: every in-sync replica has it.',
  },
  {
    name: 'linger.ms',
    scope: 'producer',
    type: 'long',
    default: 5,
    unit: 'ms',
    min: 0,
    doc: 'How long to wait for more records before sending a batch that is not full.',
  },
  { name: 'batch.size', scope: 'producer', type: 'int', default: 16_384, unit: 'bytes', min: 0, doc: 'A batch is sent as soon as it holds this many bytes.' },
  {
    name: 'enable.idempotence',
    scope: 'producer',
    type: 'boolean',
    default: true,
    unit: 'none',
    doc: 'Sequence numbers let the broker drop duplicates and keep order across retries.',
  },
  {
    name: 'retries',
    scope: 'producer',
    type: 'int',
    default: 2_147_483_647,
    unit: 'count',
    min: 0,
    doc: 'How often a failed batch is retried (delivery.timeout.ms usually ends it first).',
  },
  {
    name: 'delivery.timeout.ms',
    scope: 'producer',
    type: 'int',
    default: 120_000,
    unit: 'ms',
    min: 0,
    doc: 'A record that is not acknowledged within this long fails with TimeoutException.',
  },
  {
    name: 'request.timeout.ms',
    scope: 'producer',
    type: 'int',
    default: 30_000,
    unit: 'ms',
    min: 0,
    doc: 'How long the producer waits for one produce response.',
  },
  {
    name: 'retry.backoff.ms',
    scope: 'producer',
    type: 'long',
    default: 100,
    unit: 'ms',
    min: 0,
    doc: 'Wait before the first retry; it doubles up to retry.backoff.max.ms (KIP-580).',
  },
  { name: 'retry.backoff.max.ms', scope: 'producer', type: 'long', default: 1_000, unit: 'ms', min: 0, doc: 'Longest wait between retries.' },
  {
    name: 'max.in.flight.requests.per.connection',
    scope: 'producer',
    type: 'int',
    default: 5,
    unit: 'count',
    min: 1,
    doc: 'Unacknowledged requests allowed per broker connection.',
  },
  {
    // CommonClientConfigs.METADATA_MAX_AGE_CONFIG: a producer and a consumer config alike.
    name: 'metadata.max.age.ms',
    scope: ['producer', 'consumer'],
    type: 'long',
    default: 300_000,
    unit: 'ms',
    min: 0,
    doc: 'A client refreshes its view of partition leaders at least this often (the simulated consumer follows a new leader at once, so it does not use it).',
  },
  {
    name: 'buffer.memory',
    scope: 'producer',
    type: 'long',
    default: 33_554_432,
    unit: 'bytes',
    min: 0,
    doc: 'Memory for batches waiting to be sent or acknowledged; when it is full, send() blocks up to max.block.ms, then fails.',
  },
  {
    name: 'max.block.ms',
    scope: 'producer',
    type: 'long',
    default: 60_000,
    unit: 'ms',
    min: 0,
    doc: 'How long send() may block waiting for buffer memory before it fails with BufferExhaustedException.',
  },
  // Consumer configs — ConsumerConfig (defaults since Kafka 3.0: session.timeout.ms 45 s)
  {
    name: 'session.timeout.ms',
    scope: 'consumer',
    type: 'int',
    default: 45_000,
    unit: 'ms',
    min: 1,
    doc: 'The coordinator removes a member it has not heard from for this long.',
  },
  {
    name: 'heartbeat.interval.ms',
    scope: 'consumer',
    type: 'int',
    default: 3_000,
    unit: 'ms',
    min: 1,
    doc: 'How often the consumer heartbeats to the group coordinator.',
  },
  {
    name: 'max.poll.interval.ms',
    scope: 'consumer',
    type: 'int',
    default: 300_000,
    unit: 'ms',
    min: 1,
    doc: 'A consumer that does not call poll() for this long leaves the group.',
  },
  { name: 'max.poll.records', scope: 'consumer', type: 'int', default: 500, unit: 'count', min: 1, doc: 'Most records one poll() returns.' },
  {
    name: 'enable.auto.commit',
    scope: 'consumer',
    type: 'boolean',
    default: true,
    unit: 'none',
    doc: 'Commit the consumed position automatically, every auto.commit.interval.ms, from poll().',
  },
  { name: 'auto.commit.interval.ms', scope: 'consumer', type: 'int', default: 5_000, unit: 'ms', min: 0, doc: 'How often auto-commit commits.' },
  {
    name: 'auto.offset.reset',
    scope: 'consumer',
    type: 'string',
    default: 'latest',
    unit: 'none',
    oneOf: ['latest', 'earliest', 'none'],
    doc: 'Where to start without a committed offset, or when it is out of range.',
  },
  {
    name: 'partition.assignment.strategy',
    scope: 'consumer',
    type: 'string',
    default: 'range,cooperative-sticky',
    unit: 'none',
    doc: 'Assignors this consumer supports, in preference order: range, roundrobin, sticky, cooperative-sticky.',
  },
  { name: 'max.partition.fetch.bytes', scope: 'consumer', type: 'int', default: 1_048_576, unit: 'bytes', min: 0, doc: 'Bytes a fetch returns per partition.' },
  { name: 'fetch.max.wait.ms', scope: 'consumer', type: 'int', default: 500, unit: 'ms', min: 0, doc: 'How long a fetch waits at the broker for new data.' },
  {
    name: 'partitioner.ignore.keys',
    scope: 'producer',
    type: 'boolean',
    default: false,
    unit: 'none',
    doc: 'Ignore keys and use the sticky partitioner for every record.',
  },
];

/** Every config the simulator knows, by name. */
export const CONFIG_DEFS: Readonly<Record<string, ConfigDef>> = Object.fromEntries(defs.map((d) => [d.name, d]));

/** Whether `def` is a config of `scope`. */
export function inScope(def: ConfigDef, scope: ConfigScope): boolean {
  return typeof def.scope === 'string' ? def.scope === scope : def.scope.includes(scope);
}

/** Names of the configs of one scope, in a stable order. */
export function configNames(scope: ConfigScope): string[] {
  return defs.filter((d) => inScope(d, scope)).map((d) => d.name);
}

/** Kafka's default for `name`. */
export function kafkaDefault(name: string): ConfigValue {
  const def = CONFIG_DEFS[name];
  if (!def) throw new KafkaException('InvalidConfigurationException', `Unknown configuration '${name}'.`);
  return def.default;
}

/**
 * Parses and validates one value the way Kafka's ConfigDef would, returning the typed value.
 * Throws `InvalidConfigurationException` with Kafka's wording ("Invalid value X for configuration Y: …").
 */
export function parseConfigValue(name: string, raw: ConfigValue, scope: ConfigScope): ConfigValue {
  const def = requireConfigName(name, scope);
  const bad = (why: string) => new KafkaException('InvalidConfigurationException', `Invalid value ${String(raw)} for configuration ${name}: ${why}`);
  switch (def.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw bad('Expected value to be either true or false');
    }
    case 'string': {
      const s = String(raw).replace(/\s+/g, '');
      if (def.oneOf && !def.oneOf.includes(s)) throw bad(`String must be one of: ${def.oneOf.join(', ')}`);
      if (name === 'acks') return s === '-1' ? 'all' : s;
      return s;
    }
    default: {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw bad('Not a number.');
      if (def.type !== 'double' && !Number.isInteger(n)) throw bad('Not an integer.');
      if (def.min !== undefined && n < def.min) throw bad(`Value must be at least ${def.min}`);
      if (def.type === 'int' && n > 2_147_483_647) throw bad('Value must be at most 2147483647');
      return n;
    }
  }
}

/** Throws Kafka's `InvalidConfigurationException` unless `name` is a config of `scope`. */
export function requireConfigName(name: string, scope: ConfigScope): ConfigDef {
  const def = CONFIG_DEFS[name];
  if (!def || !inScope(def, scope)) {
    throw new KafkaException(
      'InvalidConfigurationException',
      `Unknown ${scope} configuration '${name}'. The simulator models: ${configNames(scope).join(', ')}.`,
    );
  }
  return def;
}

/** Validates a whole override map for one scope. NOTE returns a new object. */
export function parseConfigs(raw: Record<string, ConfigValue> | undefined, scope: ConfigScope): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const name of Object.keys(raw ?? {}).sort()) out[name] = parseConfigValue(name, raw![name]!, scope);
  return out;
}

/** One effective value and where it came from, as the snapshot reports it. */
export interface ConfigEntry {
  name: string;
  value: ConfigValue;
  source: 'default' | 'broker' | 'topic' | 'producer' | 'consumer';
  kafkaDefault: ConfigValue;
}

/** Resolves `name` through the override layers (most specific first), falling back to Kafka's default. */
export function resolveConfig(name: string, ...layers: (readonly [ConfigEntry['source'], Record<string, ConfigValue> | undefined])[]): ConfigEntry {
  const def = CONFIG_DEFS[name]!;
  for (const [source, map] of layers) {
    const v = map?.[name];
    if (v !== undefined) return { name, value: v, source, kafkaDefault: def.default };
  }
  return { name, value: def.default, source: 'default', kafkaDefault: def.default };
}
