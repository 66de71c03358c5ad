/**
 * Benchmark workloads (issue 2): shared by `npm run bench` and kept as data so the numbers are
 * comparable run to run.
 */
import type { ScenarioSpec } from '../../src/engine';
import { BUSY_SCENARIO } from '../../src/scenario/builtin';

/** 9 brokers, 3 topics × 24 partitions, RF 3, acks=all, 20,000 records/s in total (the app's busy scenario without its groups). */
export const BUSY: ScenarioSpec = { ...BUSY_SCENARIO, name: 'busy', consumers: [] };

/** 1 topic, 2 partitions, RF 3, retention.ms = 1 day, segment.ms = 1 hour, 10 records/s. */
export const DAY_OF_RETENTION: ScenarioSpec = {
  name: 'a day of retention',
  cluster: { brokers: 3 },
  topics: [{ name: 'datagen', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': 86_400_000, 'segment.ms': 3_600_000 } }],
  producers: [{ id: 'datagen', topic: 'datagen', ratePerSec: 10, keys: { kind: 'random', prefix: 'user-', cardinality: 1000 }, value: { kind: 'sensor' } }],
};

/**
 * A long log (issue 11): `segment.ms` 1 minute and 7-day retention, so three simulated days keep
 * ~4,300 segments per replica — the case where a cost that grows with what a log retains shows.
 * 1 topic, 3 partitions, RF 3, acks=all, 20 records/s, one group of two consumers.
 */
export const LONG_LOG: ScenarioSpec = {
  name: 'a long log',
  cluster: { brokers: 3 },
  topics: [
    { name: 'events', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2, 'segment.ms': 60_000, 'retention.ms': 7 * 86_400_000 } },
  ],
  producers: [
    {
      id: 'events',
      topic: 'events',
      ratePerSec: 20,
      keys: { kind: 'random', prefix: 'user-', cardinality: 1000 },
      value: { kind: 'sensor' },
      configs: { acks: 'all' },
    },
  ],
  consumers: [1, 2].map((n) => ({ id: `reader-${n}`, groupId: 'readers', topics: ['events'], configs: { 'auto.offset.reset': 'earliest' } })),
};

/** BUSY with 3 consumer groups of 4 members each, every group reading all three topics (the app's `#scenario=busy`). */
export const BUSY_WITH_GROUPS: ScenarioSpec = { ...BUSY_SCENARIO, name: 'busy + 3 groups' };

/**
 * 200 members joining and leaving one group over 10 simulated minutes: a member joins every
 * 3 s and each leaves (close) or crashes 60 s after it joined.
 */
export function churnWorkload(): ScenarioSpec {
  const timeline: NonNullable<ScenarioSpec['timeline']> = [];
  for (let i = 0; i < 200; i++) {
    const id = `member-${i}`;
    timeline.push({ atMs: i * 3_000, command: { type: 'addConsumer', consumer: { id, groupId: 'churn', topics: ['events'] } } });
    timeline.push({ atMs: i * 3_000 + 60_000, command: i % 4 === 0 ? { type: 'crashConsumer', consumerId: id } : { type: 'removeConsumer', consumerId: id } });
  }
  return {
    name: '200 members churning',
    cluster: { brokers: 3, configs: { 'offsets.topic.num.partitions': 10 } },
    topics: [{ name: 'events', partitions: 24, replicationFactor: 3 }],
    producers: [{ id: 'events', topic: 'events', ratePerSec: 200, keys: { kind: 'random', prefix: 'user-', cardinality: 1000 } }],
    timeline,
  };
}
