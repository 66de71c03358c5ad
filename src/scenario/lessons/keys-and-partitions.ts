/** Lesson 4: keys → partitions (murmur2), ordering per partition, hot keys, sticky partitioning, adding partitions. */
import { partitionForKey } from '../../engine';
import type { Lesson } from './types';

/** The keys checkout cycles through, in order. */
export const LESSON_KEYS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] as const;
const PARTITIONS = 3;
const BOB_PARTITION = partitionForKey('bob', PARTITIONS);

export const keysAndPartitions: Lesson = {
  id: 'keys-and-partitions',
  title: 'Keys and partitions',
  question: 'Which partition does a record go to, and what does that mean for ordering?',
  seed: 404,
  scenario: {
    name: 'Lesson: keys and partitions',
    cluster: { brokers: 3 },
    topics: [{ name: 'orders', partitions: PARTITIONS, replicationFactor: 3 }],
    producers: [
      // metadata.max.age.ms scaled down from 5 minutes, so the producer notices new partitions quickly.
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 3,
        keys: { kind: 'fixed', keys: [...LESSON_KEYS] },
        value: { kind: 'order' },
        configs: { 'metadata.max.age.ms': 5_000 },
      },
      // batch.size scaled down from 16 KiB so the sticky partition switches every few seconds.
      {
        id: 'clickstream',
        topic: 'orders',
        ratePerSec: 8,
        paused: true,
        keys: { kind: 'none' },
        value: { kind: 'order' },
        configs: { 'batch.size': 1_024, 'metadata.max.age.ms': 5_000 },
      },
    ],
  },
  steps: [
    {
      title: 'The key picks the partition',
      show: 'inspector',
      claim: 'Records with the same key go to the same partition',
      narration:
        'checkout sends orders keyed by customer: alice, bob, carol and so on. The producer hashes the key with murmur2 and takes it modulo the number of partitions: toPositive(murmur2(key)) % 3.',
      viewTopic: 'orders',
      select: { kind: 'producer', id: 'checkout' },
    },
    {
      title: 'Look at one record',
      show: 'inspector',
      claim: 'murmur2(UTF-8 bytes of "alice")',
      narration:
        'This is alice’s first order. The record inspector shows the murmur2 hash of the bytes of "alice" and the partition it gives. The same key always gives the same hash, so the same partition.',
      advanceMs: 2_000,
      select: { kind: 'record', topic: 'orders', partition: partitionForKey('alice', PARTITIONS), offset: 0 },
    },
    {
      title: 'Where will bob go?',
      show: 'inspector',
      claim: "Leader's log",
      narration: 'bob has sent a few orders already. All of them are in one partition.',
      select: { kind: 'partition', topic: 'orders', partition: BOB_PARTITION },
      predict: {
        question: 'Where will bob’s next order go?',
        choices: ['Partition 0', 'Partition 1', 'Partition 2', 'Any partition, whichever is least busy'],
        answer: BOB_PARTITION,
        reveal: `Partition ${BOB_PARTITION}, every time: murmur2("bob") % 3 = ${BOB_PARTITION}. The partition depends only on the key and the partition count, never on load.`,
      },
    },
    {
      title: 'Order holds per partition',
      show: 'topic',
      claim: 'orders-2',
      narration:
        'Within a partition, consumers read records in the order they were written, so each customer’s orders stay in order. Across partitions there is no order at all: alice’s and carol’s orders can be read in any interleaving.',
      select: { kind: 'topic', topic: 'orders' },
    },
    {
      title: 'A hot key',
      show: 'topic',
      claim: 'orders-0',
      narration: `Now 80% of orders are alice’s. They all land in partition ${partitionForKey('alice', PARTITIONS)}, which grows much faster than the others. One partition is read by one consumer of a group, so a hot key cannot be spread out.`,
      actions: [
        { type: 'updateProducer', producerId: 'checkout', keys: { kind: 'hot', hotKey: 'alice', hotShare: 0.8, prefix: 'customer-', cardinality: 20 } },
      ],
      advanceMs: 5_000,
      select: { kind: 'partition', topic: 'orders', partition: partitionForKey('alice', PARTITIONS) },
    },
    {
      title: 'No key: sticky partitioning',
      show: 'inspector',
      claim: 'Acknowledged per partition',
      narration:
        'clickstream sends records without a key. The producer sticks to one partition until about batch.size bytes have gone there (1 KiB here, 16 KiB by default), then picks another at random (KIP-794). Batches fill up, and the load still evens out.',
      actions: [{ type: 'updateProducer', producerId: 'clickstream', paused: false }],
      advanceMs: 5_000,
      select: { kind: 'producer', id: 'clickstream' },
    },
    {
      title: 'Adding a partition',
      show: 'cluster',
      claim: 'orders-2',
      narration: 'Business is booming, so we will grow orders from 3 to 4 partitions. The producer still computes murmur2(key) % the number of partitions.',
      predict: {
        question: 'What happens to the keys when orders goes from 3 to 4 partitions?',
        choices: ['Every key keeps its partition', 'Some keys now go to a different partition', 'Kafka moves the old records to match'],
        answer: 1,
        reveal:
          'The formula is now murmur2(key) % 4, so most keys land elsewhere. Records already written stay where they are: a key’s old and new records now sit in different partitions.',
      },
    },
    {
      title: 'Keys moved',
      show: 'topic',
      claim: 'orders-3',
      hold: true,
      narration: `orders now has 4 partitions. Once the producer refreshed its metadata (metadata.max.age.ms: 5 s here, 5 min by default), alice’s new orders went to partition ${partitionForKey('alice', PARTITIONS + 1)} instead of ${partitionForKey('alice', PARTITIONS)}. Her old orders stayed behind, so her order is no longer guaranteed.`,
      actions: [{ type: 'addPartitions', topic: 'orders', totalCount: 4 }],
      advanceMs: 8_000,
      select: { kind: 'topic', topic: 'orders' },
    },
    {
      title: 'No way back',
      show: 'cluster',
      spot: 'error',
      claim: 'InvalidPartitionsException',
      narration: 'We try to shrink orders back to 3 partitions. Kafka refuses with InvalidPartitionsException: partitions can only be added, never removed.',
      actions: [{ type: 'addPartitions', topic: 'orders', totalCount: 3 }],
      expectError: 'InvalidPartitionsException',
    },
  ],
  tryIt: [
    'Produce a record by hand with your own name as the key and find it with the record inspector.',
    'Set partitioner.ignore.keys=true on checkout and watch keyed records go sticky too.',
    'Create a topic with 6 partitions and see where alice lands there.',
  ],
};
