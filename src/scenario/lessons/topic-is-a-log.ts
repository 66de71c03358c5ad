/** Lesson 2: a topic is a log; reading does not delete; groups read independently. */
import type { Lesson } from './types';

export const topicIsALog: Lesson = {
  id: 'topic-is-a-log',
  title: 'A topic is a log',
  question: 'If a consumer has read a record, is it gone?',
  seed: 202,
  scenario: {
    name: 'Lesson: a topic is a log',
    cluster: { brokers: 3 },
    topics: [{ name: 'clicks', partitions: 2, replicationFactor: 3 }],
    producers: [
      {
        id: 'website',
        topic: 'clicks',
        ratePerSec: 3,
        keys: { kind: 'random', prefix: 'visitor-', cardinality: 20 },
        value: { kind: 'text', text: '{"page":"/pricing"}' },
      },
    ],
    consumers: [{ id: 'analytics-1', groupId: 'analytics', topics: ['clicks'], configs: { 'auto.offset.reset': 'earliest' } }],
  },
  steps: [
    {
      title: 'Append only',
      show: 'topic',
      claim: 'clicks-0',
      narration:
        'A topic is a log: records are only ever added at the end. Each new record in a partition gets the next offset: 0, 1, 2, and so on. Nothing is changed in place.',
      viewTopic: 'clicks',
      select: { kind: 'topic', topic: 'clicks' },
    },
    {
      title: 'Reading does not delete',
      show: 'inspector',
      claim: 'CURRENT-OFFSET',
      narration:
        'The group analytics reads clicks and commits how far it got: its committed offset. The records it has read are still in the log. Only retention or compaction ever remove records.',
      select: { kind: 'group', groupId: 'analytics' },
    },
    {
      title: 'A second group arrives',
      show: 'cluster',
      claim: 'analytics',
      narration:
        'A new team wants the same clicks. They start a consumer in a new group, audit, with auto.offset.reset=earliest, which means: with no committed offset, start at the oldest record.',
      predict: {
        question: 'analytics has already read every click. Where does the new group audit start reading?',
        choices: ['Nowhere: the clicks were used up', 'At offset 0: every record is still there', 'Only at clicks that arrive from now on'],
        answer: 1,
        reveal:
          'Each group keeps its own offsets. audit starts at offset 0 of each partition and reads everything analytics already read, without disturbing analytics.',
      },
    },
    {
      title: 'Two groups, two positions',
      show: 'inspector',
      claim: 'kafka-consumer-groups.sh --describe --group audit',
      hold: true,
      narration:
        'audit-1 has started. It works through the old clicks from offset 0 while analytics carries on at the end of the log. Neither group affects the other.',
      actions: [{ type: 'addConsumer', consumer: { id: 'audit-1', groupId: 'audit', topics: ['clicks'], configs: { 'auto.offset.reset': 'earliest' } } }],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'audit' },
    },
    {
      title: 'Starting at the end instead',
      show: 'inspector',
      claim: 'alerts-1 (leader)',
      narration:
        'A third group, alerts, uses auto.offset.reset=latest, the default. With no committed offset it starts at the end of the log and only sees clicks that arrive after it joined.',
      actions: [{ type: 'addConsumer', consumer: { id: 'alerts-1', groupId: 'alerts', topics: ['clicks'], configs: { 'auto.offset.reset': 'latest' } } }],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'alerts' },
    },
    {
      title: 'A log, not a queue',
      show: 'topic',
      claim: 'clicks-1',
      narration:
        'In a queue a message is gone once someone takes it. In Kafka the log stays, so many groups can read it, late readers can catch up, and a group can even go back and read again.',
      select: { kind: 'topic', topic: 'clicks' },
    },
  ],
  tryIt: [
    'Remove audit-1, then reset the audit group to the earliest offset and add it back: it reads everything again.',
    'Add a consumer to analytics and see the two partitions split between them.',
    'Pause analytics-1 and watch its lag grow while audit keeps going.',
  ],
};
