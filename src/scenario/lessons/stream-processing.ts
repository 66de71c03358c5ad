/** Lesson 1: events, producers, consumers and topics; a stream next to a batch job. */
import type { Command, TimelineEntry } from '../../engine';
import type { Lesson } from './types';

/** The batch job wakes up once a minute for 5 s (simulated), for the first 15 minutes. */
const BATCH_RUN_EVERY_MS = 60_000;
const BATCH_RUN_FOR_MS = 5_000;
const BATCH_RUNS = 15;

const batchToggle = (atMs: number, paused: boolean): TimelineEntry => ({
  atMs,
  command: { type: 'updateConsumer', consumerId: 'batch-job', paused } satisfies Command,
});

const batchTimeline: TimelineEntry[] = Array.from({ length: BATCH_RUNS }, (_, i) => {
  const startMs = (i + 1) * BATCH_RUN_EVERY_MS;
  return [batchToggle(startMs, false), batchToggle(startMs + BATCH_RUN_FOR_MS, true)];
}).flat();

export const streamProcessing: Lesson = {
  id: 'stream-processing',
  title: 'What is stream processing?',
  question: 'What are events, producers, consumers and topics, and how is a stream different from a batch job?',
  seed: 101,
  scenario: {
    name: 'Lesson: what is stream processing?',
    cluster: { brokers: 3 },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 2, keys: { kind: 'random', prefix: 'customer-', cardinality: 12 }, value: { kind: 'order' } }],
    consumers: [
      { id: 'dashboard', groupId: 'live-dashboard', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } },
      // A batch job stands in as a consumer that is paused except for a few seconds each minute.
      { id: 'batch-job', groupId: 'minute-report', topics: ['orders'], paused: true, configs: { 'auto.offset.reset': 'earliest' } },
    ],
    timeline: batchTimeline,
  },
  steps: [
    {
      title: 'Events on a bulletin board',
      show: 'cluster',
      claim: 'checkout',
      narration:
        'An event is a fact that happened: "customer-7 ordered a coffee". The producer checkout pins each event to the topic orders, like a note on a bulletin board. Anyone allowed can read the board.',
      select: { kind: 'producer', id: 'checkout' },
      viewTopic: 'orders',
    },
    {
      title: 'The board lives on brokers',
      show: 'topic',
      claim: 'orders-2',
      narration:
        'Three brokers store the topic. orders is split into 3 partitions, and each partition is an ordered list of records. Every record gets the next number in its partition: its offset.',
      select: { kind: 'topic', topic: 'orders' },
    },
    {
      title: 'Consumers read the board',
      show: 'inspector',
      claim: 'LAG',
      narration:
        'The consumer group live-dashboard reads each record moments after it arrives. It remembers how far it got by committing offsets. Its lag, the records it has not read yet, stays near zero.',
      select: { kind: 'group', groupId: 'live-dashboard' },
    },
    {
      title: 'A batch job next to the stream',
      show: 'charts',
      claim: 'minute-report',
      narration:
        'The group minute-report is a batch job: it sleeps, then wakes once a minute (simulated time) and reads everything that piled up. Watch its lag grow while it sleeps.',
      select: { kind: 'group', groupId: 'minute-report' },
      predict: {
        question: 'Just before the batch job wakes up, how old is the oldest order it has not handled?',
        choices: ['A few milliseconds', 'Up to about a minute', 'About a day'],
        answer: 1,
        reveal:
          'A batch job only sees events when it runs, so results are up to a whole interval late. The live dashboard handles each order within milliseconds.',
      },
    },
    {
      title: 'One minute later',
      show: 'inspector',
      claim: 'Processed',
      hold: true,
      narration:
        'Next jumped one minute ahead. The batch job woke and read the pile in one go: see Processed jump. Its lag falls to zero once it commits, then grows again while it sleeps. The stream never waited: that is stream processing.',
      advanceMs: 60_000,
      select: { kind: 'group', groupId: 'minute-report' },
    },
    {
      title: 'Both read the same records',
      show: 'topic',
      claim: 'minute-report',
      narration:
        'Reading did not delete anything: both groups read the very same records, each at its own pace. Producers and consumers never talk to each other; the topic sits between them.',
      select: { kind: 'topic', topic: 'orders' },
    },
  ],
  tryIt: [
    'Pause the batch job yourself (select batch-job) and watch its lag climb.',
    'Raise checkout to 20 records/s and see the live dashboard keep up.',
    'Add a second consumer to live-dashboard and see the partitions shared between them.',
  ],
};
