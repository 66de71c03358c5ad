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
  cluster: { brokers: 3 },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
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
