import { describe, expect, it } from 'vitest';
import type { ConfigEntry } from '../../src/engine';
import { configHint, defaultNote, humanConfigEntryValue, humanConfigValue } from '../../src/view/inspector/config-format';

const entry = (name: string, value: ConfigEntry['value'], source: ConfigEntry['source'], kafkaDefault: ConfigEntry['value']): ConfigEntry => ({
  name,
  value,
  source,
  kafkaDefault,
});

describe('humanConfigValue', () => {
  it('turns milliseconds into the unit a person says', () => {
    expect(humanConfigValue(604_800_000, 'ms')).toBe('7 days');
    expect(humanConfigValue('604800000', 'ms')).toBe('7 days');
    expect(humanConfigValue(86_400_000, 'ms')).toBe('1 day');
    expect(humanConfigValue(60_000, 'ms')).toBe('1 min');
    expect(humanConfigValue(30_000, 'ms')).toBe('30 s');
    expect(humanConfigValue(500, 'ms')).toBe('500 ms');
    expect(humanConfigValue(0, 'ms')).toBe('0 ms');
    expect(humanConfigValue(300, 'seconds')).toBe('5 min');
  });

  it('turns bytes into binary units', () => {
    expect(humanConfigValue(1_073_741_824, 'bytes')).toBe('1 GiB');
    expect(humanConfigValue(16_384, 'bytes')).toBe('16 KiB');
    expect(humanConfigValue(1_048_588, 'bytes')).toBe('1.0 MiB');
    expect(humanConfigValue(512, 'bytes')).toBe('512 B');
  });

  it('says what -1 and Long.MAX_VALUE mean', () => {
    expect(humanConfigValue(-1, 'ms')).toBe('forever');
    expect(humanConfigValue(-1, 'bytes')).toBe('no limit');
    expect(humanConfigValue(Number.MAX_SAFE_INTEGER, 'ms')).toBe('never');
    expect(humanConfigValue(2_147_483_647, 'count')).toBe('no limit');
  });

  it('leaves counts, strings and booleans readable', () => {
    expect(humanConfigValue(2, 'count')).toBe('2');
    expect(humanConfigValue(0.5, 'ratio')).toBe('50 %');
    expect(humanConfigValue('compact', 'none')).toBe('compact');
    expect(humanConfigValue(true, 'none')).toBe('true');
    expect(humanConfigValue('abc', 'ms')).toBe('abc');
  });

  it('finds the unit from the config name', () => {
    expect(humanConfigEntryValue('retention.ms', 604_800_000)).toBe('7 days');
    expect(humanConfigEntryValue('segment.bytes', 1_073_741_824)).toBe('1 GiB');
    expect(humanConfigEntryValue('max.compaction.lag.ms', Number.MAX_SAFE_INTEGER)).toBe('never');
    expect(humanConfigEntryValue('no.such.config', 5)).toBe('5');
  });
});

describe('defaultNote', () => {
  it('says whether a value is Kafka’s default, and what the default is', () => {
    expect(defaultNote(entry('retention.ms', 604_800_000, 'default', 604_800_000))).toBe("Kafka's default");
    expect(defaultNote(entry('retention.ms', 86_400_000, 'topic', 604_800_000))).toBe("changed; Kafka's default is 7 days");
    expect(defaultNote(entry('min.insync.replicas', 2, 'topic', 1))).toBe("changed; Kafka's default is 1");
    expect(defaultNote(entry('retention.ms', 604_800_000, 'topic', 604_800_000))).toBe("set explicitly to Kafka's default (7 days)");
  });
});

describe('configHint', () => {
  it('names the retention check interval in force', () => {
    expect(configHint({ name: 'retention.ms', value: 60_000 }, { 'log.retention.check.interval.ms': 30_000 })).toContain(
      'deleted at the next retention check (every log.retention.check.interval.ms = 30 s here)',
    );
    expect(configHint({ name: 'retention.ms', value: 60_000 })).toContain('log.retention.check.interval.ms = 5 min here');
    expect(configHint({ name: 'retention.ms', value: -1 })).toContain('kept forever');
  });

  it('relates min.insync.replicas to the replication factor', () => {
    expect(configHint({ name: 'min.insync.replicas', value: 2 }, { replicationFactor: 3 })).toContain('1 broker may fail and writes continue');
    expect(configHint({ name: 'min.insync.replicas', value: 3 }, { replicationFactor: 3 })).toContain('no broker may fail');
    expect(configHint({ name: 'min.insync.replicas', value: 4 }, { replicationFactor: 3 })).toContain('can never succeed');
    expect(configHint({ name: 'min.insync.replicas', value: 2 })).toContain('NotEnoughReplicasException');
  });

  it('explains value-dependent configs by their current value', () => {
    expect(configHint({ name: 'cleanup.policy', value: 'compact' })).toContain('newest record per key');
    expect(configHint({ name: 'unclean.leader.election.enable', value: true })).toContain('acknowledged records it lacks are lost');
    expect(configHint({ name: 'unclean.leader.election.enable', value: false })).toContain('stays offline');
    expect(configHint({ name: 'acks', value: '0' })).toContain('does not wait');
    expect(configHint({ name: 'acks', value: 'all' })).toContain('every in-sync replica');
  });

  it('falls back to the config’s documentation', () => {
    expect(configHint({ name: 'delete.retention.ms', value: 86_400_000 })).toBe('How long a tombstone survives after compaction first keeps it.');
    expect(configHint({ name: 'no.such.config', value: 1 })).toBe('');
  });
});
