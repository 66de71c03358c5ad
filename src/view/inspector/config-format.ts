/**
 * Kafka configs for a learner: values in human units ("7 days", "1 GiB"), whether a value is
 * Kafka's default, and one sentence on what changing it does. Pure functions, no React.
 */
import type { ConfigEntry, ConfigScope, ConfigUnit, ConfigValue } from '../../engine';
import { CONFIG_DEFS } from '../../engine';
import { formatBytes, formatDuration } from '../format';

/**
 * Facts about where a config applies, for hints that depend on them. Keys are broker config names
 * (`log.retention.check.interval.ms`) or these: `replicationFactor`, `partitions`, `brokers`, `topic`.
 */
export type ConfigContext = Readonly<Record<string, string | number>>;

/** Kafka's Long.MAX_VALUE stand-in in the engine (kept finite so snapshots stay JSON-safe). */
const NEVER = Number.MAX_SAFE_INTEGER;
/** Java's Integer.MAX_VALUE, e.g. the producer's `retries` default. */
const INT_MAX = 2_147_483_647;

/** Configs a learner should see first, per scope (the rest go under "All N configs"). */
export const IMPORTANT_CONFIGS: Readonly<Record<ConfigScope, readonly string[]>> = {
  topic: ['retention.ms', 'retention.bytes', 'cleanup.policy', 'min.insync.replicas', 'segment.ms', 'segment.bytes', 'unclean.leader.election.enable'],
  broker: [
    'replica.lag.time.max.ms',
    'log.retention.check.interval.ms',
    'broker.session.timeout.ms',
    'auto.leader.rebalance.enable',
    'group.initial.rebalance.delay.ms',
  ],
  producer: ['acks', 'enable.idempotence', 'linger.ms', 'batch.size', 'delivery.timeout.ms', 'retries'],
  consumer: [
    'auto.offset.reset',
    'enable.auto.commit',
    'auto.commit.interval.ms',
    'session.timeout.ms',
    'max.poll.interval.ms',
    'partition.assignment.strategy',
  ],
};

function asNumber(value: ConfigValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * A raw Kafka value in human units.
 * @example humanConfigValue(604800000, 'ms') // "7 days"
 * @example humanConfigValue(1073741824, 'bytes') // "1 GiB"
 * @example humanConfigValue(-1, 'ms') // "forever"; (-1, 'bytes') → "no limit"
 * @example humanConfigValue(Number.MAX_SAFE_INTEGER, 'ms') // "never"
 */
export function humanConfigValue(value: ConfigValue, unit: ConfigUnit): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const n = asNumber(value);
  if (n === null || unit === 'none') return String(value);
  switch (unit) {
    case 'ms':
      if (n >= NEVER) return 'never';
      if (n < 0) return 'forever';
      return n === 0 ? '0 ms' : formatDuration(n);
    case 'seconds':
      if (n < 0) return 'forever';
      return n === 0 ? '0 s' : formatDuration(n * 1000);
    case 'minutes':
      return n === 0 ? '0 min' : formatDuration(n * 60_000);
    case 'bytes':
      if (n < 0) return 'no limit';
      return formatBytes(n);
    case 'ratio':
      return `${Math.round(n * 1000) / 10} %`;
    case 'count':
      if (n >= INT_MAX) return 'no limit';
      return n.toLocaleString('en-US');
  }
}

/** `humanConfigValue` for a config by name (its unit comes from CONFIG_DEFS). */
export function humanConfigEntryValue(name: string, value: ConfigValue): string {
  return humanConfigValue(value, CONFIG_DEFS[name]?.unit ?? 'none');
}

/**
 * Whether an entry is Kafka's default, in words.
 * @example defaultNote(retentionOneDay) // "changed; Kafka's default is 7 days"
 */
export function defaultNote(entry: Pick<ConfigEntry, 'name' | 'value' | 'source' | 'kafkaDefault'>): string {
  const kafkaDefault = humanConfigEntryValue(entry.name, entry.kafkaDefault);
  if (entry.source === 'default') return "Kafka's default";
  if (entry.value === entry.kafkaDefault) return `set explicitly to Kafka's default (${kafkaDefault})`;
  return `changed; Kafka's default is ${kafkaDefault}`;
}

function contextDuration(context: ConfigContext | undefined, name: string): string {
  const v = context?.[name];
  const ms = v === undefined ? asNumber(CONFIG_DEFS[name]?.default ?? '') : asNumber(v);
  return ms === null ? name : humanConfigValue(ms, 'ms');
}

function contextNumber(context: ConfigContext | undefined, key: string): number | null {
  const v = context?.[key];
  return v === undefined ? null : asNumber(v);
}

function minIsrHint(value: ConfigValue, context: ConfigContext | undefined): string {
  const minIsr = asNumber(value) ?? 1;
  const rf = contextNumber(context, 'replicationFactor');
  const base = `With acks=all, a write needs ${minIsr} in-sync replica${minIsr === 1 ? '' : 's'}; with fewer, producers get NotEnoughReplicasException.`;
  if (rf === null) return base;
  if (minIsr > rf) return `${base} Replication factor is ${rf}, so acks=all writes can never succeed.`;
  const mayFail = rf - minIsr;
  if (mayFail === 0) return `${base} Replication factor is ${rf}: no broker may fail without acks=all writes stopping.`;
  return `${base} Replication factor is ${rf}: ${mayFail} broker${mayFail === 1 ? '' : 's'} may fail and writes continue.`;
}

function acksHint(value: ConfigValue): string {
  switch (String(value)) {
    case '0':
      return 'acks=0: the producer does not wait for the broker; records can be lost without any error.';
    case '1':
      return 'acks=1: only the leader must have the record; if it fails before followers copy it, an acknowledged record is lost.';
    default:
      return 'acks=all: every in-sync replica must have the record (at least min.insync.replicas); safest, a little slower.';
  }
}

/**
 * One sentence on what this config does here and what changing it will do; for configs without a
 * specific hint, the config's `doc` from CONFIG_DEFS.
 */
export function configHint(entry: Pick<ConfigEntry, 'name' | 'value'>, context?: ConfigContext): string {
  const { name, value } = entry;
  switch (name) {
    case 'retention.ms':
      if (asNumber(value) === -1) return 'Records are kept forever by time (retention.bytes may still delete old segments).';
      return `Segments whose newest record is older than this are deleted at the next retention check (every log.retention.check.interval.ms = ${contextDuration(context, 'log.retention.check.interval.ms')} here). The active segment is never deleted.`;
    case 'retention.bytes':
      if (asNumber(value) === -1) return 'No size limit: only retention.ms deletes old segments.';
      return 'When one partition grows past this size, its oldest closed segments are deleted at the next retention check.';
    case 'segment.ms':
      return 'The active segment is closed, and a new one started on the next append, once it spans this long. Only closed segments can be deleted or compacted, so this bounds how late retention acts.';
    case 'segment.bytes':
      return 'The active segment is closed when it would grow past this size. Smaller segments let retention and compaction act in finer steps.';
    case 'min.insync.replicas':
      return minIsrHint(value, context);
    case 'cleanup.policy':
      if (String(value) === 'delete')
        return 'delete: whole old segments are removed by retention.ms / retention.bytes. Switching to compact keeps the latest record per key instead.';
      if (String(value) === 'compact')
        return 'compact: the log cleaner keeps only the newest record per key (and removes tombstones after delete.retention.ms); retention does not delete by age.';
      return 'compact and delete: the newest record per key is kept, and segments past retention are still deleted.';
    case 'unclean.leader.election.enable':
      return value === true
        ? 'On: when no in-sync replica is alive, an out-of-sync one becomes leader — the partition is available again, but acknowledged records it lacks are lost.'
        : 'Off: when no in-sync replica is alive the partition stays offline until one returns — no acknowledged record is lost. Turning it on trades data for availability.';
    case 'acks':
      return acksHint(value);
    case 'enable.idempotence':
      return value === true
        ? 'On: the broker drops duplicate batches from retries and keeps their order (needs acks=all).'
        : 'Off: a retried batch can be written twice, and with several requests in flight records can be reordered.';
    case 'replica.lag.time.max.ms':
      return 'A follower that has not caught up with the leader for this long is removed from the ISR; a shorter value drops slow followers sooner.';
    case 'log.retention.check.interval.ms':
      return 'How often each broker deletes segments past retention: records outlive retention.ms by up to this long.';
    case 'linger.ms':
      return 'The producer waits up to this long to fill a batch: higher means fewer, bigger requests and a little more latency.';
    case 'enable.auto.commit':
      return value === true
        ? 'On: positions are committed every auto.commit.interval.ms; after a crash, records processed since the last commit are processed again.'
        : 'Off: nothing is committed automatically; a restarted consumer resumes from the last committed offset (or auto.offset.reset).';
    case 'auto.offset.reset':
      return 'Used when the group has no committed offset or it was deleted by retention: earliest reads from the start of the log, latest only new records, none fails.';
    case 'session.timeout.ms':
      return 'A consumer that stops heartbeating is removed from the group after this long, and its partitions are reassigned.';
    default:
      return CONFIG_DEFS[name]?.doc ?? '';
  }
}
