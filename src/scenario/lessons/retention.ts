/** Lesson 7: segments, time and size retention, the log start offset, a slow consumer overtaken. */
import type { Lesson } from './types';

const RETENTION_MS = 60_000;

export const retention: Lesson = {
  id: 'retention',
  title: 'Retention',
  question: 'How long does Kafka keep records, and what happens to a consumer that is too slow?',
  seed: 707,
  scenario: {
    name: 'Lesson: retention',
    // Scaled for watching: Kafka checks retention every 5 min and keeps records 7 days in 7-day segments.
    cluster: { brokers: 3, configs: { 'log.retention.check.interval.ms': 15_000, 'log.initial.task.delay.ms': 15_000 } },
    topics: [{ name: 'sensor-readings', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': RETENTION_MS, 'segment.ms': 15_000 } }],
    producers: [
      { id: 'sensors', topic: 'sensor-readings', ratePerSec: 6, keys: { kind: 'random', prefix: 'sensor-', cardinality: 16 }, value: { kind: 'sensor' } },
    ],
    consumers: [
      { id: 'dashboard-1', groupId: 'dashboard', topics: ['sensor-readings'], configs: { 'auto.offset.reset': 'earliest' } },
      // Handles 1 record/s while 6/s arrive: retention will overtake it. Small polls, so one poll's
      // work stays well inside max.poll.interval.ms (500 records at 1/s would take longer than 5 min).
      {
        id: 'archiver-1',
        groupId: 'archiver',
        topics: ['sensor-readings'],
        processingRatePerSec: 1,
        configs: { 'auto.offset.reset': 'earliest', 'max.poll.records': 50 },
      },
    ],
  },
  steps: [
    {
      title: 'Segments',
      show: 'topic',
      spot: 'tape:sensor-readings-0',
      wholeLog: true,
      claim: 'log start',
      narration:
        'Each partition is stored as a row of files called segments. Only the newest, the active segment, is written to. A new one is rolled every segment.ms: 15 s in this lesson, 7 days by default.',
      viewTopic: 'sensor-readings',
      select: { kind: 'partition', topic: 'sensor-readings', partition: 0 },
    },
    {
      title: 'Time retention',
      show: 'inspector',
      claim: 'retention.ms',
      narration:
        'retention.ms is 60 s here (7 days by default). A segment is deleted, whole, once its newest record is older than that. Brokers look every log.retention.check.interval.ms: 15 s here, 5 min by default.',
      select: { kind: 'topic', topic: 'sensor-readings' },
    },
    {
      title: 'The log start offset moves',
      show: 'topic',
      spot: 'tape:sensor-readings-0',
      wholeLog: true,
      claim: 'deleted by retention.ms',
      hold: true,
      narration:
        'Next jumped 90 s ahead. The oldest segments are gone, so the log start offset, the first offset you can still read, moved up. Offsets are never reused: the next record still gets the next number.',
      advanceMs: 90_000,
      select: { kind: 'partition', topic: 'sensor-readings', partition: 0 },
    },
    {
      title: 'A slow consumer',
      show: 'inspector',
      claim: 'LAG',
      narration: 'The group archiver handles 1 record per second while 6 per second arrive. Its lag grows. Retention does not wait for consumers.',
      select: { kind: 'group', groupId: 'archiver' },
      predict: {
        question: 'What happens when retention deletes records archiver has not read yet?',
        choices: [
          'Retention waits until archiver has read them',
          'archiver’s position falls out of range and it jumps ahead, skipping them',
          'archiver crashes and stops',
        ],
        answer: 1,
        reveal:
          'Its next fetch fails with OFFSET_OUT_OF_RANGE. The consumer resets by auto.offset.reset; earliest jumps to the new log start offset. The deleted records are never seen.',
      },
    },
    {
      title: 'Overtaken by retention',
      show: 'inspector',
      claim: 'deleted by retention before the group read them',
      hold: true,
      narration:
        'Next jumped 2 minutes ahead. archiver fell below the log start offset and reset to the earliest offset it could still read. The records in between were skipped: see "Skipped by retention" in the group.',
      advanceMs: 120_000,
      select: { kind: 'group', groupId: 'archiver' },
    },
    {
      title: 'auto.offset.reset',
      show: 'inspector',
      claim: 'auto.offset.reset',
      narration:
        'auto.offset.reset decides where a consumer goes when its offset is gone. earliest jumps to the log start offset; latest, the default, jumps to the end and skips even more. none stops the consumer with an error, so a person can decide.',
      select: { kind: 'consumer', id: 'archiver-1' },
    },
    {
      title: 'Size retention',
      show: 'topic',
      spot: 'tape:sensor-readings-0',
      wholeLog: true,
      claim: 'deleted by retention.bytes',
      hold: true,
      narration:
        'retention.bytes caps each partition’s size instead. We set it to 8 KiB: at the next check, the oldest whole segments go until the partition fits. -1, the default, means no size limit.',
      actions: [{ type: 'setTopicConfig', topic: 'sensor-readings', configs: { 'retention.bytes': 8_192 } }],
      advanceMs: 20_000,
      select: { kind: 'partition', topic: 'sensor-readings', partition: 0 },
    },
  ],
  tryIt: [
    'Set archiver-1’s auto.offset.reset to none and see what happens next time it falls behind.',
    'Set retention.ms to -1 and watch segments pile up.',
    'Raise archiver-1’s processing rate to 10 records/s and see it catch up.',
  ],
};
