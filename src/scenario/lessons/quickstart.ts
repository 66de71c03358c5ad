/** Lesson 10: the cloud quickstart: a cluster, a topic with 2 partitions and 1-day retention, JSON orders. */
import type { Lesson } from './types';

export const QUICKSTART_RETENTION_MS = 86_400_000;

export const quickstart: Lesson = {
  id: 'quickstart',
  title: 'The cloud quickstart',
  question: 'What did the cloud quickstart actually set up?',
  seed: 1010,
  scenario: {
    name: 'Lesson: the cloud quickstart',
    cluster: { brokers: 3 },
    // Segments roll every 60 s so they can be seen; Kafka's default is 7 days.
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': QUICKSTART_RETENTION_MS, 'segment.ms': 60_000 } }],
    // Stands in for the quickstart's sample-data source connector.
    producers: [
      {
        id: 'sample-orders-connector',
        topic: 'orders',
        ratePerSec: 2,
        keys: { kind: 'random', prefix: 'customer-', cardinality: 50 },
        value: { kind: 'order' },
      },
    ],
  },
  steps: [
    {
      title: 'A cluster',
      show: 'inspector',
      claim: 'Broker 1',
      narration:
        'The quickstart first creates a cluster: here 3 brokers. The cloud service runs them for you, but they are ordinary Kafka brokers that store topics and serve producers and consumers.',
      select: { kind: 'broker', id: 1 },
    },
    {
      title: 'A topic: 2 partitions, 1-day retention',
      show: 'inspector',
      claim: 'retention.ms',
      narration:
        'Then a topic, orders, with 2 partitions and retention.ms=86400000: records are kept for 1 day, then deleted a segment at a time. The service replicates each partition to 3 brokers.',
      viewTopic: 'orders',
      select: { kind: 'topic', topic: 'orders' },
    },
    {
      title: 'Orders flow in',
      show: 'inspector',
      claim: 'order_id',
      narration:
        'A sample-data connector writes made-up orders as JSON: order_id, customer, item, quantity, total. Here a producer, sample-orders-connector, stands in for it: a connector is a producer someone else wrote.',
      advanceMs: 3_000,
      select: { kind: 'record', topic: 'orders', partition: 0, offset: 0 },
    },
    {
      title: 'Read them back',
      show: 'inspector',
      claim: 'quickstart-app',
      narration:
        'Finally you read the topic. We start a consumer in the group quickstart-app with auto.offset.reset=earliest, so it begins with the very first order and then follows new ones as they arrive.',
      actions: [
        {
          type: 'addConsumer',
          consumer: { id: 'quickstart-app-1', groupId: 'quickstart-app', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } },
        },
      ],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'quickstart-app' },
    },
    {
      title: 'What to explore next',
      show: 'cluster',
      claim: 'quickstart-app',
      narration:
        'Everything the quickstart made is ordinary Kafka: brokers, a partitioned and replicated topic, a producer and a consumer group. The other lessons take each part apart.',
      select: { kind: 'topic', topic: 'orders' },
    },
  ],
  tryIt: [
    'Open the lesson "Keys and partitions" to see which customer goes to which partition.',
    'Add a second consumer to quickstart-app and see the 2 partitions split.',
    'Set retention.ms to 60000 and fast-forward 5 minutes.',
  ],
};
