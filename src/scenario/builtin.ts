/**
 * Built-in scenarios. The default is what opens with no URL: a small cluster that is alive within
 * a second and shows replication, keys → partitions and acks=all at a watchable pace.
 */
import type { ScenarioSpec } from '../engine';

/**
 * 3 brokers, `orders` with 3 partitions, RF 3 and min.insync.replicas=2, a keyed acks=all producer
 * and one consumer group of 2 consumers.
 */
export const DEFAULT_SCENARIO: ScenarioSpec = {
  name: 'Default: orders on a three-broker cluster',
  // Scaled down so segments and retention can be watched (Kafka's defaults: segment.ms 7 days, retention check every 5 min).
  cluster: { brokers: 3, configs: { 'log.retention.check.interval.ms': 30_000 } },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2, 'segment.ms': 60_000 } }],
  producers: [
    {
      id: 'checkout-service',
      topic: 'orders',
      ratePerSec: 2,
      keys: { kind: 'random', prefix: 'customer-', cardinality: 12 },
      value: { kind: 'order' },
      headers: [['source', 'checkout']],
      configs: { acks: 'all' },
    },
  ],
  consumers: [
    { id: 'billing-1', groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } },
    { id: 'billing-2', groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } },
  ],
};

export const DEFAULT_SEED = 20261125;

/**
 * The benchmark's "busy" cluster: 9 brokers, 3 topics × 24 partitions, RF 3, acks=all, 20,000
 * records/s in total, and 3 consumer groups of 4 members reading everything (`npm run bench:ui`).
 */
export const BUSY_SCENARIO: ScenarioSpec = {
  name: 'Busy: 9 brokers, 72 partitions, 20,000 records/s, 3 groups',
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
  consumers: ['billing', 'analytics', 'audit'].flatMap((groupId) =>
    [1, 2, 3, 4].map((n) => ({ id: `${groupId}-${n}`, groupId, topics: ['orders', 'payments', 'clicks'], configs: { 'auto.offset.reset': 'earliest' } })),
  ),
};

/** "Start from → Blank cluster": three brokers, nothing else. */
export const BLANK_SCENARIO: ScenarioSpec = { name: 'Blank cluster', cluster: { brokers: 3 }, topics: [] };

/** Built-in scenarios by the id a URL names them with (`#scenario=busy`). */
export const BUILTIN_SCENARIOS: Readonly<Record<string, ScenarioSpec>> = {
  default: DEFAULT_SCENARIO,
  busy: BUSY_SCENARIO,
};
