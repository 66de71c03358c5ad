/** Lesson 8: assignment, rebalancing on join and crash, idle consumers, eager versus cooperative, lag. */
import type { ConsumerSpec } from '../../engine';
import type { Lesson } from './types';

/** Scaled down from Kafka's 45 s so a crashed member is noticed within the lesson. */
const SESSION = { 'session.timeout.ms': 10_000, 'auto.offset.reset': 'earliest' } as const;

const billing = (n: number): ConsumerSpec => ({ id: `billing-${n}`, groupId: 'billing', topics: ['orders'], configs: { ...SESSION } });
const shipping = (n: number): ConsumerSpec => ({
  id: `shipping-${n}`,
  groupId: 'shipping',
  topics: ['orders'],
  configs: { ...SESSION, 'partition.assignment.strategy': 'cooperative-sticky' },
});

export const consumerGroups: Lesson = {
  id: 'consumer-groups',
  title: 'Consumer groups',
  question: 'How do several consumers share a topic, and what happens when one joins or dies?',
  seed: 808,
  scenario: {
    name: 'Lesson: consumer groups',
    cluster: { brokers: 3 },
    topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
    producers: [{ id: 'checkout', topic: 'orders', ratePerSec: 8, keys: { kind: 'random', prefix: 'customer-', cardinality: 40 }, value: { kind: 'order' } }],
    consumers: [billing(1), billing(2), shipping(1), shipping(2)],
  },
  steps: [
    {
      title: 'A group shares the work',
      show: 'inspector',
      claim: 'Members',
      narration:
        'billing-1 and billing-2 are in the group billing. The 4 partitions of orders are split between them: each partition goes to exactly one member, so every record is handled once by the group.',
      viewTopic: 'orders',
      select: { kind: 'group', groupId: 'billing' },
    },
    {
      title: 'A member joins',
      show: 'inspector',
      claim: 'Generation',
      narration:
        'billing-3 joins. The group rebalances: its generation goes up and the partitions are split again. billing uses the range assignor, an eager protocol: every member gives up all its partitions first.',
      actions: [{ type: 'addConsumer', consumer: billing(3) }],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'billing' },
    },
    {
      title: 'More consumers than partitions',
      show: 'cluster',
      claim: 'billing-3',
      narration: 'We are about to add billing-4 and billing-5. That makes 5 consumers for 4 partitions.',
      select: { kind: 'group', groupId: 'billing' },
      predict: {
        question: 'What does the fifth consumer do?',
        choices: ['It shares a partition with another member', 'It sits idle, assigned nothing', 'The group refuses to let it join'],
        answer: 1,
        reveal: 'A partition is never split inside a group, so one member gets nothing. It waits as a spare, ready to take over if another member leaves.',
      },
    },
    {
      title: 'An idle member',
      show: 'inspector',
      claim: 'billing-5',
      hold: true,
      narration: 'Five members, four partitions: one member is idle. Adding consumers beyond the partition count does not make a group faster.',
      actions: [
        { type: 'addConsumer', consumer: billing(4) },
        { type: 'addConsumer', consumer: billing(5) },
      ],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'billing' },
    },
    {
      title: 'A member crashes',
      show: 'inspector',
      claim: 'processed twice',
      hold: true,
      narration:
        'billing-1 crashed: no goodbye, no final commit. The coordinator notices only after session.timeout.ms (10 s here, 45 s by default), then rebalances. Records processed after its last commit are read again: duplicates.',
      actions: [{ type: 'crashConsumer', consumerId: 'billing-1' }],
      advanceMs: 15_000,
      select: { kind: 'group', groupId: 'billing' },
    },
    {
      title: 'Cooperative rebalancing',
      show: 'inspector',
      claim: 'cooperative-sticky',
      narration:
        'The group shipping uses cooperative-sticky. When shipping-3 joins, members keep the partitions that stay theirs and only the moving ones are revoked, so consuming never stops for everyone.',
      actions: [{ type: 'addConsumer', consumer: shipping(3) }],
      advanceMs: 5_000,
      select: { kind: 'group', groupId: 'shipping' },
    },
    {
      title: 'Lag',
      show: 'charts',
      claim: 'shipping',
      narration:
        'shipping-1 slows to 1 record per second. Lag is the high watermark minus the committed offset: how many records the group has not handled yet. Its partitions’ lag now grows.',
      actions: [{ type: 'updateConsumer', consumerId: 'shipping-1', processingRatePerSec: 1 }],
      advanceMs: 10_000,
      select: { kind: 'group', groupId: 'shipping' },
    },
  ],
  tryIt: [
    'Restart billing-1 and watch the group rebalance again.',
    'Remove a member cleanly instead of crashing it: the rebalance starts at once.',
    'Switch a billing member to roundrobin and compare the assignment.',
  ],
};
