import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine';
import type { Selection } from '../../src/store';
import { entityNames, entityOf, eventCategory, eventMentions } from '../../src/view/event-entity';
import type { EventCategory } from '../../src/view/event-entity';

const err = { name: 'NotEnoughReplicasException' as const, message: 'only 1 in-sync replica' };

const table: [SimEvent, Selection | null, EventCategory][] = [
  [{ timeMs: 0, type: 'brokerCrashed', brokerId: 2 }, { kind: 'broker', id: 2 }, 'brokers'],
  [{ timeMs: 0, type: 'brokerFenced', brokerId: 3, reason: 'session timeout' }, { kind: 'broker', id: 3 }, 'brokers'],
  [{ timeMs: 0, type: 'controllerElected', brokerId: 1, epoch: 2, previous: 3 }, { kind: 'broker', id: 1 }, 'brokers'],
  [{ timeMs: 0, type: 'controllerUnavailable', reason: 'no quorum' }, null, 'brokers'],
  [{ timeMs: 0, type: 'topicCreated', topic: 'orders', partitions: 3, replicationFactor: 3, assignment: [[1, 2, 3]] }, { kind: 'topic', topic: 'orders' }, 'topics'],
  [{ timeMs: 0, type: 'configChanged', scope: 'topic', entity: 'orders', name: 'retention.ms', value: 1000, previous: 604800000 }, { kind: 'topic', topic: 'orders' }, 'topics'],
  [{ timeMs: 0, type: 'configChanged', scope: 'broker', entity: 'cluster', name: 'replica.lag.time.max.ms', value: 1000, previous: 30000 }, null, 'topics'],
  [
    { timeMs: 0, type: 'leaderElected', topic: 'orders', partition: 1, previousLeader: 2, leader: 3, leaderEpoch: 4, reason: 'leader fenced' },
    { kind: 'partition', topic: 'orders', partition: 1 },
    'replication',
  ],
  [{ timeMs: 0, type: 'isrShrunk', topic: 'orders', partition: 0, isr: [1, 3], removed: [2], reason: 'lagging' }, { kind: 'partition', topic: 'orders', partition: 0 }, 'replication'],
  [{ timeMs: 0, type: 'partitionOffline', topic: 'orders', partition: 2, lastLeader: 1, isr: [1] }, { kind: 'partition', topic: 'orders', partition: 2 }, 'errors'],
  [
    { timeMs: 0, type: 'segmentDeleted', topic: 'orders', partition: 0, brokerId: 1, baseOffset: 0, endOffset: 10, records: 10, sizeBytes: 900, reason: 'retention.ms', logStartOffset: 10 },
    { kind: 'partition', topic: 'orders', partition: 0 },
    'storage',
  ],
  [
    { timeMs: 0, type: 'logTruncated', topic: 'orders', partition: 0, brokerId: 2, fromEndOffset: 12, toEndOffset: 10, reason: 'diverging epoch' },
    { kind: 'partition', topic: 'orders', partition: 0 },
    'storage',
  ],
  [
    { timeMs: 0, type: 'acknowledgedRecordsLost', topic: 'orders', partition: 0, records: 2, totalLost: 2, leader: 3, leaderEpoch: 5 },
    { kind: 'partition', topic: 'orders', partition: 0 },
    'errors',
  ],
  [
    { timeMs: 0, type: 'recordsAcknowledged', topic: 'orders', partition: 1, producerId: 'checkout-service', baseOffset: 4, records: 1, acks: 'all' },
    { kind: 'producer', id: 'checkout-service' },
    'producers',
  ],
  [
    { timeMs: 0, type: 'producerError', topic: 'orders', partition: 1, producerId: 'checkout-service', error: err, records: 1, retriable: true },
    { kind: 'producer', id: 'checkout-service' },
    'errors',
  ],
  [{ timeMs: 0, type: 'producerAdded', producerId: 'checkout-service', topic: 'orders' }, { kind: 'producer', id: 'checkout-service' }, 'producers'],
  [
    { timeMs: 0, type: 'groupRebalanced', groupId: 'billing', generation: 2, protocol: 'eager', leader: 'billing-1', assignment: [{ consumerId: 'billing-1', partitions: ['orders-0'] }] },
    { kind: 'group', groupId: 'billing' },
    'consumers',
  ],
  [
    { timeMs: 0, type: 'memberJoined', groupId: 'billing', memberId: 'billing-1-abc', consumerId: 'billing-1', groupInstanceId: null, rebalance: true },
    { kind: 'group', groupId: 'billing' },
    'consumers',
  ],
  [{ timeMs: 0, type: 'consumerCrashed', consumerId: 'billing-2', groupId: 'billing' }, { kind: 'consumer', id: 'billing-2' }, 'consumers'],
  [{ timeMs: 0, type: 'consumerError', consumerId: 'billing-2', groupId: 'billing', error: { name: 'CommitFailedException', message: 'x' } }, { kind: 'consumer', id: 'billing-2' }, 'errors'],
  [{ timeMs: 0, type: 'commandRejected', command: 'createTopic', error: { name: 'InvalidTopicException', message: 'bad name' } }, null, 'errors'],
  [
    { timeMs: 0, type: 'logCleaned', topic: 'users', partition: 0, brokerId: 1, recordsRemoved: 5, tombstonesRemoved: 1, bytesBefore: 900, bytesAfter: 400, cleanedUpTo: 20 },
    { kind: 'partition', topic: 'users', partition: 0 },
    'storage',
  ],
];

describe('entityOf and eventCategory', () => {
  it.each(table)('%o → %o, %s', (event, entity, category) => {
    expect(entityOf(event)).toEqual(entity);
    expect(eventCategory(event)).toBe(category);
  });
});

describe('eventMentions (the Entity filter)', () => {
  const leader: SimEvent = { timeMs: 0, type: 'leaderElected', topic: 'orders', partition: 1, previousLeader: 2, leader: 3, leaderEpoch: 4, reason: 'leader fenced' };
  const crash21: SimEvent = { timeMs: 0, type: 'brokerCrashed', brokerId: 21 };
  const consumed: SimEvent = { timeMs: 0, type: 'recordsConsumed', topic: 'orders', partition: 10, groupId: 'billing', consumerId: 'billing-1', baseOffset: 0, endOffset: 2, records: 2, duplicates: 0 };

  it('names brokers, partitions, topics, groups, consumers and producers the event mentions', () => {
    expect(entityNames(leader)).toEqual(expect.arrayContaining(['orders', 'orders-1', 'broker 2', 'broker 3']));
    expect(entityNames(consumed)).toEqual(expect.arrayContaining(['orders', 'orders-10', 'billing', 'billing-1']));
  });

  it('matches case-insensitively and by part of a name', () => {
    expect(eventMentions(leader, 'Broker 2')).toBe(true);
    expect(eventMentions(leader, '  broker   3 ')).toBe(true);
    expect(eventMentions(leader, 'ORDERS')).toBe(true);
    expect(eventMentions(consumed, 'bill')).toBe(true);
    expect(eventMentions(leader, 'billing')).toBe(false);
  });

  it('does not cut a number in two', () => {
    expect(eventMentions(crash21, 'broker 2')).toBe(false);
    expect(eventMentions(crash21, 'broker 21')).toBe(true);
    expect(eventMentions(consumed, 'orders-1')).toBe(false);
    expect(eventMentions(consumed, 'orders-10')).toBe(true);
  });

  it('treats commas as alternatives and an empty filter as everything', () => {
    expect(eventMentions(crash21, 'orders-1, broker 21')).toBe(true);
    expect(eventMentions(crash21, 'orders-1, billing')).toBe(false);
    expect(eventMentions(crash21, '')).toBe(true);
    expect(eventMentions(crash21, ' , ')).toBe(true);
  });

  it('finds the partitions and topics inside a rebalance assignment', () => {
    const rebalanced: SimEvent = {
      timeMs: 0,
      type: 'groupRebalanced',
      groupId: 'billing',
      generation: 2,
      protocol: 'eager',
      leader: 'billing-1',
      assignment: [{ consumerId: 'billing-1', partitions: ['my-topic-0', 'my-topic-2'] }],
    };
    expect(eventMentions(rebalanced, 'my-topic-2')).toBe(true);
    expect(eventMentions(rebalanced, 'my-topic')).toBe(true);
    expect(eventMentions(rebalanced, 'my-topic-1')).toBe(false);
  });
});
