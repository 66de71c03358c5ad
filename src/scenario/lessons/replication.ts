/** Lesson 5: leaders, followers, the ISR and the high watermark; killing a leader. */
import type { Lesson } from './types';

/** With this seed, orders-0 is placed on brokers [2, 1, 3]: broker 2 leads (checked by the lesson tests). */
export const REPLICATION_LEADER = 2;
/** The first other in-sync replica in orders-0's assignment order. */
export const REPLICATION_NEXT_LEADER = 1;

export const replication: Lesson = {
  id: 'replication',
  title: 'Replication and the ISR',
  question: 'How does Kafka keep a partition available when a broker dies?',
  seed: 518,
  scenario: {
    name: 'Lesson: replication and the ISR',
    // Preferred-leader checks scaled down from 300 s so leadership returns within the lesson.
    cluster: { brokers: 3, configs: { 'leader.imbalance.check.interval.seconds': 30 } },
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
    producers: [
      {
        id: 'checkout',
        topic: 'orders',
        ratePerSec: 4,
        keys: { kind: 'random', prefix: 'customer-', cardinality: 12 },
        value: { kind: 'order' },
        configs: { acks: 'all' },
      },
    ],
    consumers: [{ id: 'billing-1', groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } }],
  },
  steps: [
    {
      title: 'Leaders and followers',
      show: 'inspector',
      claim: 'brokers 2, 1 and 3',
      narration:
        'orders has replication factor 3: each partition is copied to 3 brokers. One replica is the leader and takes all writes; the other two are followers that keep fetching from it. orders-0 lives on brokers 2, 1 and 3, in that order.',
      viewTopic: 'orders',
      select: { kind: 'partition', topic: 'orders', partition: 0 },
    },
    {
      title: 'The ISR and the high watermark',
      show: 'inspector',
      claim: 'In-sync (ISR)',
      narration:
        'Followers that keep up form the in-sync replicas, the ISR. The high watermark is the offset every ISR member has. Consumers only read below it, so they never see a record that could still vanish.',
      select: { kind: 'partition', topic: 'orders', partition: 0 },
    },
    {
      title: 'Kill the leader',
      show: 'cluster',
      claim: 'crashed',
      narration: `Broker ${REPLICATION_LEADER}, the leader of orders-0, has just crashed. The controller notices when its heartbeats stop for broker.session.timeout.ms: 9 s, Kafka’s default. Until then, writes to orders-0 fail and are retried.`,
      actions: [{ type: 'crashBroker', brokerId: REPLICATION_LEADER }],
      select: { kind: 'partition', topic: 'orders', partition: 0 },
      predict: {
        question: 'Which broker will lead orders-0 next?',
        choices: [`Broker ${REPLICATION_NEXT_LEADER}`, 'Broker 3', `None until broker ${REPLICATION_LEADER} comes back`],
        answer: 0,
        reveal: `Broker ${REPLICATION_NEXT_LEADER}: the controller picks the first live ISR member in assignment order [2, 1, 3]. The new leader has every record below the high watermark, so nothing committed is lost.`,
      },
    },
    {
      title: 'The election',
      show: 'inspector',
      claim: 'Broker 1 is the leader (leader epoch 1)',
      hold: true,
      narration: `The controller fenced broker ${REPLICATION_LEADER}, removed it from the ISR and made broker ${REPLICATION_NEXT_LEADER} leader with a higher leader epoch. The ISR has 2 members, which meets min.insync.replicas=2, so acks=all writes go on.`,
      advanceMs: 10_000,
      select: { kind: 'partition', topic: 'orders', partition: 0 },
    },
    {
      title: 'The broker returns',
      show: 'inspector',
      claim: '3 of 3 replicas',
      narration: `Broker ${REPLICATION_LEADER} restarts as a follower, fetches what it missed and rejoins the ISR. Later the controller moves leadership back to it, the preferred replica (checked every 30 s here, 5 min by default).`,
      actions: [{ type: 'restartBroker', brokerId: REPLICATION_LEADER }],
      advanceMs: 10_000,
      select: { kind: 'partition', topic: 'orders', partition: 0 },
    },
    {
      title: 'Back to normal',
      show: 'cluster',
      claim: 'orders-0',
      narration:
        'Replication let orders survive a broker failure without losing a committed record. The cost: every record is stored three times, and acks=all waits for the followers.',
      advanceMs: 30_000,
      select: { kind: 'topic', topic: 'orders' },
    },
  ],
  tryIt: [
    'Slow a follower by 40 s and watch it drop out of the ISR after replica.lag.time.max.ms.',
    'Crash two brokers and see acks=all writes fail with NotEnoughReplicasException.',
    'Isolate the leader instead of crashing it: clients still reach it, the controller does not.',
  ],
};
