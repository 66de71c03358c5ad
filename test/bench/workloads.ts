/**
 * Benchmark workloads (issue 2): shared by `npm run bench` and kept as data so the numbers are
 * comparable run to run.
 */
import type { ScenarioSpec } from '../../src/engine';

/** 9 brokers, 3 topics × 24 partitions, RF 3, acks=all, 20,000 records/s in total. */
export const BUSY: ScenarioSpec = {
  name: 'busy',
  cluster: { brokers: 9 },
  topics: ['orders', 'payments', 'clicks'].map((name) => ({ name, partitions: 24, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } })),
  producers: ['orders', 'payments', 'clicks'].map((topic, i) => ({
    id: `producer-${topic}`,
    topic,
    ratePerSec: i === 0 ? 6668 : 6666,
    keys: { kind: 'random' as const, prefix: `${topic}-key-`, cardinality: 5000 },
    value: { kind: 'order' as const },
    configs: { acks: 'all' },
  })),
};

/** 1 topic, 2 partitions, RF 3, retention.ms = 1 day, segment.ms = 1 hour, 10 records/s. */
export const DAY_OF_RETENTION: ScenarioSpec = {
  name: 'a day of retention',
  cluster: { brokers: 3 },
  topics: [{ name: 'datagen', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': 86_400_000, 'segment.ms': 3_600_000 } }],
  producers: [{ id: 'datagen', topic: 'datagen', ratePerSec: 10, keys: { kind: 'random', prefix: 'user-', cardinality: 1000 }, value: { kind: 'sensor' } }],
};
