/** Lesson 9: log compaction keeps the latest value per key; tombstones delete a key. */
import type { Lesson } from './types';

export const COMPACTED_TOPIC = 'customer-latest-order';
/** The key that is deleted with a tombstone. */
export const TOMBSTONED_KEY = 'dave';

export const compaction: Lesson = {
  id: 'compaction',
  title: 'Log compaction',
  question: 'How can a topic keep the latest value of every key forever without growing forever?',
  seed: 909,
  scenario: {
    name: 'Lesson: log compaction',
    cluster: { brokers: 3 },
    topics: [
      {
        name: COMPACTED_TOPIC,
        partitions: 1,
        replicationFactor: 3,
        // Scaled for watching: segment.ms 7 days and delete.retention.ms 1 day by default.
        configs: { 'cleanup.policy': 'compact', 'segment.ms': 10_000, 'delete.retention.ms': 60_000 },
      },
    ],
    producers: [
      {
        id: 'orders-app',
        topic: COMPACTED_TOPIC,
        ratePerSec: 4,
        keys: { kind: 'fixed', keys: ['alice', 'bob', 'alice', 'carol', TOMBSTONED_KEY, 'alice', 'bob'] },
        value: { kind: 'order' },
      },
      { id: 'privacy-tool', topic: COMPACTED_TOPIC, ratePerSec: 0, keys: { kind: 'none' } },
    ],
  },
  steps: [
    {
      title: 'The latest value per key',
      show: 'topic',
      claim: 'cleanup.policy compact',
      narration:
        'customer-latest-order has cleanup.policy=compact. Each record is the latest order of one customer, keyed by name. Older records of the same key are out of date, and the log cleaner may remove them.',
      viewTopic: COMPACTED_TOPIC,
      select: { kind: 'topic', topic: COMPACTED_TOPIC },
    },
    {
      title: 'The cleaner runs',
      show: 'topic',
      spot: 'tape:customer-latest-order-0',
      wholeLog: true,
      claim: 'compaction removed',
      hold: true,
      narration:
        'Next jumped 30 s ahead. The cleaner never touches the active segment, so segments roll every 10 s here (7 days by default). In the closed segments, only the newest record of each key is left.',
      advanceMs: 30_000,
      select: { kind: 'partition', topic: COMPACTED_TOPIC, partition: 0 },
    },
    {
      title: 'Offsets do not change',
      show: 'topic',
      spot: 'tape:customer-latest-order-0',
      wholeLog: true,
      claim: 'compaction removed',
      narration: 'Look at the offsets in the cleaned part of the log. Many records are gone from it.',
      select: { kind: 'partition', topic: COMPACTED_TOPIC, partition: 0 },
      predict: {
        question: 'After cleaning, what happened to the offsets of the records that remain?',
        choices: ['They were renumbered from 0', 'They kept their offsets, leaving gaps', 'They moved to the end of the log'],
        answer: 1,
        reveal: 'Records keep their offsets. A consumer reading the compacted log simply skips the gaps, and its committed offsets stay valid.',
      },
    },
    {
      title: 'A tombstone',
      show: 'topic',
      spot: 'tape:customer-latest-order-0',
      wholeLog: true,
      claim: 'tombstone',
      hold: true,
      narration: `dave closed his account. orders-app stops writing dave, and privacy-tool sends a tombstone: key dave with a null value. At the next cleaning, dave’s older records disappear.`,
      actions: [
        { type: 'updateProducer', producerId: 'orders-app', keys: { kind: 'fixed', keys: ['alice', 'bob', 'alice', 'carol'] } },
        { type: 'produce', producerId: 'privacy-tool', key: TOMBSTONED_KEY, value: null },
      ],
      advanceMs: 30_000,
      select: { kind: 'partition', topic: COMPACTED_TOPIC, partition: 0 },
    },
    {
      title: 'How long does a tombstone stay?',
      show: 'topic',
      spot: 'tape:customer-latest-order-0',
      wholeLog: true,
      claim: 'tombstone',
      narration: 'The tombstone itself is still in the log. Consumers that read later learn from it that dave was deleted.',
      predict: {
        question: 'When does the tombstone itself go?',
        choices: ['Never', 'After delete.retention.ms, counted from the first cleaning that kept it', 'Right after the next cleaning'],
        answer: 1,
        reveal:
          'A cleaning pass that keeps a tombstone stamps it with a delete horizon of now + delete.retention.ms (60 s here, 1 day by default). A later pass after that drops it.',
      },
    },
    {
      title: 'The tombstone is gone',
      show: 'topic',
      spot: 'tape:customer-latest-order-0',
      wholeLog: true,
      claim: 'compaction removed',
      hold: true,
      narration:
        'Next jumped 90 s ahead, past delete.retention.ms. The tombstone is gone and dave left no trace. A consumer lagging by more than delete.retention.ms could miss the deletion.',
      advanceMs: 90_000,
      select: { kind: 'partition', topic: COMPACTED_TOPIC, partition: 0 },
    },
  ],
  tryIt: [
    'Produce a record without a key to customer-latest-order: the broker rejects it.',
    'Set cleanup.policy to compact,delete and a short retention.ms.',
    'Add a consumer with auto.offset.reset=earliest: it reads only the latest order of each customer.',
  ],
};
