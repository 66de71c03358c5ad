/** Lesson 6: acks=1 loses acknowledged records; acks=all with min.insync.replicas=2 does not; unclean election. */
import type { Command } from '../../engine';
import type { Lesson } from './types';

/**
 * With this seed payments-0 is placed on brokers [2, 3, 4] (checked by the lesson tests). Broker 1
 * is the only controller and holds no replica, so crashing replicas never takes the controller down.
 */
export const DURABILITY_BROKERS = { first: 2, second: 3, third: 4 } as const;
const { first: B1, second: B2, third: B3 } = DURABILITY_BROKERS;
/** Extra one-way latency that makes followers fall behind the leader. */
const LAG_MS = 3_000;

const slow = (brokerId: number, extraLatencyMs: number): Command => ({ type: 'slowBroker', brokerId, extraLatencyMs });
const partition0 = { kind: 'partition', topic: 'payments', partition: 0 } as const;

export const durability: Lesson = {
  id: 'durability',
  title: 'Durability: acks and min.insync.replicas',
  question: 'When Kafka says a write succeeded, can the record still be lost?',
  seed: 1,
  scenario: {
    name: 'Lesson: durability',
    // No automatic preferred-leader elections: leadership moves only when the lesson kills a leader.
    cluster: { brokers: 4, controllers: 1, configs: { 'auto.leader.rebalance.enable': false } },
    topics: [{ name: 'payments', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
    // request.timeout.ms scaled down from 30 s, so requests stuck on a dead or lonely leader fail and retry within a step.
    producers: [
      {
        id: 'payments-app',
        topic: 'payments',
        ratePerSec: 10,
        keys: { kind: 'none' },
        value: { kind: 'order' },
        configs: { acks: '1', 'request.timeout.ms': 5_000 },
      },
    ],
  },
  steps: [
    {
      title: 'What acks means',
      show: 'cluster',
      claim: 'acks=1',
      narration: `payments-app writes with acks=1: the leader answers "done" as soon as the record is in its own log. payments-0 lives on brokers ${B1}, ${B2} and ${B3}; broker ${B1} leads. Broker 1 runs the controller.`,
      viewTopic: 'payments',
      select: { kind: 'producer', id: 'payments-app' },
    },
    {
      title: 'Followers fall behind',
      show: 'inspector',
      claim: "Leader's log",
      hold: true,
      narration: `We slow the network of brokers ${B2} and ${B3} by 3 s. The leader now runs ahead of its followers. It has acknowledged records that no follower has yet, and the high watermark lags behind.`,
      actions: [slow(B2, LAG_MS), slow(B3, LAG_MS)],
      advanceMs: 4_000,
      select: partition0,
    },
    {
      title: 'The leader dies now',
      show: 'inspector',
      claim: 'high watermark',
      narration: `Broker ${B1} is about to crash while its followers are behind. Think about the records it has acknowledged but not yet replicated.`,
      select: partition0,
      predict: {
        question: 'What happens to the acks=1 records that only the leader had?',
        choices: ['A follower has them anyway', 'They are lost, although the producer was told they succeeded', 'The producer sends them again'],
        answer: 1,
        reveal:
          'They are lost. The producer got its answer already and will not resend. The new leader never had them, and the old one deletes them when it returns.',
      },
    },
    {
      title: 'Acknowledged, then lost',
      show: 'inspector',
      claim: 'acknowledged records lost',
      hold: true,
      narration: `Broker ${B1} crashed. After broker.session.timeout.ms (9 s) broker ${B2} became leader. The records only broker ${B1} had are gone: see "acknowledged lost" in the partition.`,
      actions: [{ type: 'crashBroker', brokerId: B1 }, slow(B2, 0), slow(B3, 0)],
      advanceMs: 12_000,
      select: partition0,
    },
    {
      title: 'The old leader truncates',
      show: 'inspector',
      claim: 'Broker 3 is the leader',
      narration: `Broker ${B1} restarts as a follower. The new leader tells it where its own epoch began, and broker ${B1} cuts its log back to that offset. The lost records are deleted for good.`,
      actions: [{ type: 'restartBroker', brokerId: B1 }],
      advanceMs: 10_000,
      select: partition0,
    },
    {
      title: 'Switch to acks=all',
      show: 'cluster',
      claim: 'acks=all',
      narration:
        'payments-app now uses acks=all, Kafka’s default since 3.0. The leader answers only when every in-sync replica has the record. payments has min.insync.replicas=2, so at least two copies must exist.',
      actions: [{ type: 'updateProducer', producerId: 'payments-app', configs: { acks: 'all' } }],
      advanceMs: 3_000,
      select: { kind: 'producer', id: 'payments-app' },
    },
    {
      title: 'The same failure again',
      show: 'inspector',
      claim: "Leader's log",
      narration: `Same test as before: we slow the followers, brokers ${B1} and ${B3}. Broker ${B2}, the leader, is about to die.`,
      actions: [slow(B1, LAG_MS), slow(B3, LAG_MS)],
      advanceMs: 4_000,
      select: partition0,
      predict: {
        question: 'With acks=all, how many acknowledged records will be lost?',
        choices: ['None', 'About the same as with acks=1', 'All of them'],
        answer: 0,
        reveal:
          'None. A record is acknowledged only once the followers have it, so any new leader from the ISR has it too. The producer waits longer, and that is the price.',
      },
    },
    {
      title: 'Nothing acknowledged is lost',
      show: 'inspector',
      claim: 'Broker 2 is the leader (leader epoch 2)',
      hold: true,
      narration: `Broker ${B2} crashed and broker ${B1} leads again. The "acknowledged lost" count did not grow. Records the producer was still waiting for are simply retried on the new leader.`,
      actions: [{ type: 'crashBroker', brokerId: B2 }, slow(B1, 0), slow(B3, 0)],
      advanceMs: 12_000,
      select: partition0,
    },
    {
      title: 'Too few in-sync replicas',
      show: 'inspector',
      claim: 'brokers 2 and 4',
      narration: `Broker ${B2} is still down, so the ISR is brokers ${B1} and ${B3}. Now broker ${B3} fails too.`,
      select: partition0,
      predict: {
        question: 'Only the leader is left in sync. What happens to acks=all writes?',
        choices: ['The leader accepts them alone', 'They are refused with NotEnoughReplicasException', 'They are written and lost'],
        answer: 1,
        reveal:
          'They are refused: the ISR (1) is below min.insync.replicas (2). Kafka stops writes rather than keep a single copy. The producer keeps retrying, for up to delivery.timeout.ms (2 min).',
      },
    },
    {
      title: 'Writes refused',
      show: 'inspector',
      claim: 'NotEnoughReplicasException',
      hold: true,
      narration: `Broker ${B3} crashed. Once it was fenced, the leader refused every write with NotEnoughReplicasException. Nothing is lost, but nothing new is stored either: durability over availability.`,
      actions: [{ type: 'crashBroker', brokerId: B3 }],
      advanceMs: 20_000,
      select: { kind: 'producer', id: 'payments-app' },
    },
    {
      title: 'The last in-sync replica dies',
      show: 'inspector',
      claim: 'No leader: the partition is OFFLINE.',
      hold: true,
      narration: `Broker ${B1}, the last in-sync replica, crashes, and broker ${B2} comes back. Broker ${B2} has been down since it was leader, so it misses every record acknowledged since. With unclean.leader.election.enable=false, the default, payments-0 stays offline.`,
      actions: [
        { type: 'crashBroker', brokerId: B1 },
        { type: 'restartBroker', brokerId: B2 },
      ],
      advanceMs: 12_000,
      select: partition0,
      predict: {
        question: 'Should Kafka make the out-of-sync broker the leader?',
        choices: ['Yes: being available is all that matters', 'Only if we allow it, accepting that acknowledged records are lost', 'It cannot, ever'],
        answer: 1,
        reveal: `An unclean leader election brings the partition back at once, but every record broker ${B2} missed is lost, even though acks=all acknowledged it. Kafka makes you ask for it.`,
      },
    },
    {
      title: 'Unclean leader election',
      show: 'inspector',
      claim: 'Broker 3 is the leader (leader epoch 4)',
      hold: true,
      narration: `We enable unclean.leader.election.enable and run an unclean election. Broker ${B2} leads, payments-0 is back, and "acknowledged lost" grew: availability, paid for with data.`,
      actions: [
        { type: 'setTopicConfig', topic: 'payments', configs: { 'unclean.leader.election.enable': true } },
        { type: 'electLeaders', electionType: 'unclean', topic: 'payments' },
      ],
      advanceMs: 3_000,
      select: partition0,
    },
  ],
  tryIt: [
    'Restart the lesson and try acks=0: the producer does not even wait for the leader.',
    'Set min.insync.replicas=3 on payments and crash a single follower.',
    'Crash a follower with acks=all and min.insync.replicas=2: writes go on.',
  ],
};
