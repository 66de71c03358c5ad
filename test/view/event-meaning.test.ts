import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine';
import type { Selection } from '../../src/store';
import type { SimEventType } from '../../src/engine';
import { EVENT_LANES, laneOf } from '../../src/store/event-lanes';
import type { EventOf } from '../../src/store/event-lanes';
import {
  countedEvents,
  describeEvent,
  describeJump,
  EVENT_MEANING,
  entityNames,
  entityOf,
  eventCategory,
  eventMentions,
  eventSeverity,
  isNotable,
  jumpSeverity,
} from '../../src/view/event-meaning';
import type { EventCategory } from '../../src/view/event-meaning';
import { LANES } from '../../src/view/timeline/Lanes';

const err = { name: 'NotEnoughReplicasException' as const, message: 'only 1 in-sync replica' };

const table: [SimEvent, Selection | null, EventCategory][] = [
  [{ timeMs: 0, type: 'brokerCrashed', brokerId: 2 }, { kind: 'broker', id: 2 }, 'brokers'],
  [{ timeMs: 0, type: 'brokerFenced', brokerId: 3, reason: 'session timeout' }, { kind: 'broker', id: 3 }, 'brokers'],
  [{ timeMs: 0, type: 'controllerElected', brokerId: 1, epoch: 2, previous: 3 }, { kind: 'broker', id: 1 }, 'brokers'],
  [{ timeMs: 0, type: 'controllerUnavailable', reason: 'no quorum' }, null, 'brokers'],
  [
    { timeMs: 0, type: 'topicCreated', topic: 'orders', partitions: 3, replicationFactor: 3, assignment: [[1, 2, 3]] },
    { kind: 'topic', topic: 'orders' },
    'topics',
  ],
  [
    { timeMs: 0, type: 'configChanged', scope: 'topic', entity: 'orders', name: 'retention.ms', value: 1000, previous: 604800000 },
    { kind: 'topic', topic: 'orders' },
    'topics',
  ],
  [{ timeMs: 0, type: 'configChanged', scope: 'broker', entity: 'cluster', name: 'replica.lag.time.max.ms', value: 1000, previous: 30000 }, null, 'topics'],
  [
    { timeMs: 0, type: 'leaderElected', topic: 'orders', partition: 1, previousLeader: 2, leader: 3, leaderEpoch: 4, reason: 'leader fenced' },
    { kind: 'partition', topic: 'orders', partition: 1 },
    'replication',
  ],
  [
    { timeMs: 0, type: 'isrShrunk', topic: 'orders', partition: 0, isr: [1, 3], removed: [2], reason: 'lagging' },
    { kind: 'partition', topic: 'orders', partition: 0 },
    'replication',
  ],
  [
    { timeMs: 0, type: 'partitionOffline', topic: 'orders', partition: 2, lastLeader: 1, isr: [1] },
    { kind: 'partition', topic: 'orders', partition: 2 },
    'errors',
  ],
  [
    {
      timeMs: 0,
      type: 'segmentDeleted',
      topic: 'orders',
      partition: 0,
      brokerId: 1,
      baseOffset: 0,
      endOffset: 10,
      records: 10,
      sizeBytes: 900,
      reason: 'retention.ms',
      logStartOffset: 10,
    },
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
    {
      timeMs: 0,
      type: 'groupRebalanced',
      groupId: 'billing',
      generation: 2,
      protocol: 'eager',
      leader: 'billing-1',
      assignment: [{ consumerId: 'billing-1', partitions: ['orders-0'] }],
    },
    { kind: 'group', groupId: 'billing' },
    'consumers',
  ],
  [
    { timeMs: 0, type: 'memberJoined', groupId: 'billing', memberId: 'billing-1-abc', consumerId: 'billing-1', groupInstanceId: null, rebalance: true },
    { kind: 'group', groupId: 'billing' },
    'consumers',
  ],
  [{ timeMs: 0, type: 'consumerCrashed', consumerId: 'billing-2', groupId: 'billing' }, { kind: 'consumer', id: 'billing-2' }, 'consumers'],
  [
    { timeMs: 0, type: 'consumerError', consumerId: 'billing-2', groupId: 'billing', error: { name: 'CommitFailedException', message: 'x' } },
    { kind: 'consumer', id: 'billing-2' },
    'errors',
  ],
  [{ timeMs: 0, type: 'commandRejected', command: 'createTopic', error: { name: 'InvalidTopicException', message: 'bad name' } }, null, 'errors'],
  [
    {
      timeMs: 0,
      type: 'logCleaned',
      topic: 'users',
      partition: 0,
      brokerId: 1,
      recordsRemoved: 5,
      tombstonesRemoved: 1,
      bytesBefore: 900,
      bytesAfter: 400,
      cleanedUpTo: 20,
    },
    { kind: 'partition', topic: 'users', partition: 0 },
    'storage',
  ],
];

describe('events in Kafka words', () => {
  it.each<[SimEvent, string]>([
    [{ timeMs: 12_400, type: 'brokerCrashed', brokerId: 2 }, 'broker 2 crashed'],
    [
      { timeMs: 0, type: 'leaderElected', topic: 'orders', partition: 1, previousLeader: 2, leader: 3, leaderEpoch: 4, reason: 'leader fenced' },
      'orders-1 leader 2→3, epoch 4',
    ],
    [
      { timeMs: 0, type: 'isrShrunk', topic: 'orders', partition: 0, isr: [1, 3], removed: [2], reason: 'broker 2 was fenced by the controller' },
      'ISR of orders-0 shrank to [1,3]: broker 2 was fenced by the controller',
    ],
    [
      {
        timeMs: 0,
        type: 'producerError',
        topic: 'orders',
        partition: 0,
        producerId: 'p1',
        error: { name: 'NotEnoughReplicasException', message: 'too few' },
        records: 3,
        retriable: true,
      },
      'producer p1: NotEnoughReplicasException on orders-0 (3 record(s), will retry): too few',
    ],
    [{ timeMs: 0, type: 'partitionOffline', topic: 't', partition: 0, lastLeader: 1, isr: [1] }, 't-0 is OFFLINE: no in-sync replica is alive (last ISR [1])'],
  ])('%j', (event, text) => {
    expect(describeEvent(event)).toBe(text);
  });
});

const tp = { topic: 'orders', partition: 1 };
/** One event of every type; typed over SimEventType, so a new event type fails to compile here too. */
const SAMPLES: { [K in SimEventType]: Omit<EventOf<K>, 'type' | 'timeMs'> } = {
  brokerCrashed: { brokerId: 2 },
  brokerRestarted: { brokerId: 2 },
  brokerIsolated: { brokerId: 2 },
  brokerHealed: { brokerId: 2 },
  brokerAdded: { brokerId: 4 },
  brokerSlowed: { brokerId: 2, extraLatencyMs: 45_000 },
  brokerFenced: { brokerId: 2, reason: 'session timeout' },
  brokerUnfenced: { brokerId: 2 },
  controllerElected: { brokerId: 1, epoch: 2, previous: null },
  controllerUnavailable: { reason: 'no quorum' },
  topicCreated: { topic: 'orders', partitions: 3, replicationFactor: 3, assignment: [[1, 2, 3]] },
  partitionsAdded: { topic: 'orders', from: 3, to: 4, assignment: [[1, 2, 3]] },
  configChanged: { scope: 'topic', entity: 'orders', name: 'retention.ms', value: 1000, previous: 604_800_000 },
  commandRejected: { command: 'createTopic', error: err },
  recordsAppended: { ...tp, brokerId: 1, baseOffset: 0, endOffset: 2, records: 2, producerId: 'p1', leaderEpoch: 0, key: null },
  recordsReplicated: { ...tp, brokerId: 2, leaderId: 1, baseOffset: 0, endOffset: 2 },
  highWatermarkMoved: { ...tp, brokerId: 1, from: 0, to: 2 },
  isrShrunk: { ...tp, isr: [1], removed: [2], reason: 'lagging' },
  isrExpanded: { ...tp, isr: [1, 2], added: [2] },
  leaderElected: { ...tp, previousLeader: 1, leader: 2, leaderEpoch: 1, reason: 'leader fenced' },
  partitionOffline: { ...tp, lastLeader: 1, isr: [1] },
  logTruncated: { ...tp, brokerId: 2, fromEndOffset: 5, toEndOffset: 3, reason: 'diverging epoch' },
  segmentRolled: { ...tp, brokerId: 1, baseOffset: 10, reason: 'segment.bytes' },
  segmentDeleted: { ...tp, brokerId: 1, baseOffset: 0, endOffset: 10, records: 10, sizeBytes: 900, reason: 'retention.ms', logStartOffset: 10 },
  recordsAcknowledged: { ...tp, producerId: 'p1', baseOffset: 0, records: 2, acks: 'all' },
  producerError: { ...tp, producerId: 'p1', error: err, records: 1, retriable: false },
  acknowledgedRecordsLost: { ...tp, records: 2, totalLost: 2, leader: 2, leaderEpoch: 3 },
  groupStateChanged: { groupId: 'billing', from: 'Stable', to: 'PreparingRebalance', generation: 1 },
  groupCoordinatorMoved: { groupId: 'billing', from: 1, to: 2 },
  memberJoined: { groupId: 'billing', memberId: 'm1', consumerId: 'c1', groupInstanceId: null, rebalance: true },
  memberLeft: { groupId: 'billing', memberId: 'm1', consumerId: 'c1', reason: 'left' },
  rebalanceStarted: { groupId: 'billing', reason: 'c2 joined', generation: 2 },
  groupRebalanced: { groupId: 'billing', generation: 2, protocol: 'range', leader: 'c1', assignment: [{ consumerId: 'c1', partitions: ['orders-0'] }] },
  partitionsRevoked: { groupId: 'billing', consumerId: 'c1', partitions: ['orders-0'], protocol: 'eager' },
  partitionsAssigned: { groupId: 'billing', consumerId: 'c1', partitions: ['orders-0'], generation: 2 },
  offsetsCommitted: { groupId: 'billing', consumerId: 'c1', offsets: [{ partition: 'orders-0', offset: 4 }] },
  offsetReset: { ...tp, groupId: 'billing', consumerId: 'c1', from: null, to: 0, policy: 'earliest', reason: 'no committed offset', skippedByRetention: 0 },
  recordsConsumed: { ...tp, groupId: 'billing', consumerId: 'c1', baseOffset: 0, endOffset: 2, records: 2, duplicates: 0 },
  consumerAdded: { consumerId: 'c1', groupId: 'billing' },
  consumerRemoved: { consumerId: 'c1', groupId: 'billing' },
  consumerCrashed: { consumerId: 'c1', groupId: 'billing' },
  consumerRestarted: { consumerId: 'c1', groupId: 'billing' },
  consumerChanged: { consumerId: 'c1', change: 'paused' },
  consumerError: { consumerId: 'c1', groupId: 'billing', error: { name: 'CommitFailedException', message: 'x' } },
  groupOffsetsReset: { groupId: 'billing', topic: 'orders', to: 'earliest', offsets: [{ partition: 'orders-0', offset: 0 }] },
  logCleaned: { ...tp, brokerId: 1, recordsRemoved: 5, tombstonesRemoved: 1, bytesBefore: 900, bytesAfter: 400, cleanedUpTo: 20 },
  producerAdded: { producerId: 'p1', topic: 'orders' },
  producerRemoved: { producerId: 'p1' },
  producerChanged: { producerId: 'p1', change: 'paused' },
};
const samples = Object.entries(SAMPLES).map(([type, fields]) => ({ timeMs: 0, type, ...fields }) as SimEvent);

describe('the meaning table covers every event type', () => {
  it('has a row and a lane rule for every type, and nothing else', () => {
    const types = Object.keys(SAMPLES).sort();
    expect(Object.keys(EVENT_MEANING).sort()).toEqual(types);
    expect(Object.keys(EVENT_LANES).sort()).toEqual(types);
  });

  it.each(samples.map((e) => [e.type, e] as const))('%s has a sentence, a category, names and a lane (or none) the timeline draws', (_, e) => {
    expect(describeEvent(e).trim()).not.toBe('');
    expect(describeEvent(e)).not.toContain('undefined');
    expect(eventCategory(e)).toMatch(/^[a-z]+$/);
    expect(entityNames(e).every((n) => n.trim() !== '')).toBe(true);
    const spot = laneOf(e);
    expect(EVENT_LANES[e.type]).not.toBeUndefined();
    if (spot) {
      expect(LANES.map((l) => l.id)).toContain(spot.lane);
      expect(['info', 'warning', 'error']).toContain(spot.severity);
    }
  });
});

describe('severity (every log line shows it by an icon and a word)', () => {
  const RANK = { info: 0, warning: 1, error: 2 } as const;
  // Variants whose severity depends on their fields.
  const variants: SimEvent[] = [
    ...samples,
    { ...(SAMPLES.leaderElected as object), timeMs: 0, type: 'leaderElected', reason: 'unclean' } as SimEvent,
    { ...(SAMPLES.producerError as object), timeMs: 0, type: 'producerError', retriable: true } as SimEvent,
    { ...(SAMPLES.brokerSlowed as object), timeMs: 0, type: 'brokerSlowed', extraLatencyMs: 0 } as SimEvent,
  ];

  it.each(variants.map((e) => [e.type, e] as const))('%s is never milder in the log than its mark on the timeline', (_, e) => {
    const severity = eventSeverity(e);
    expect(['info', 'warning', 'error']).toContain(severity);
    const spot = laneOf(e);
    if (spot) expect(RANK[severity]).toBeGreaterThanOrEqual(RANK[spot.severity]);
  });

  it('tells a retried send from a failed one, and an unclean election from a clean one', () => {
    const by = (type: SimEventType, fields: object) => eventSeverity({ ...(SAMPLES[type] as object), ...fields, timeMs: 0, type } as SimEvent);
    expect(by('producerError', { retriable: true })).toBe('warning');
    expect(by('producerError', { retriable: false })).toBe('error');
    expect(by('leaderElected', { reason: 'unclean' })).toBe('error');
    expect(by('leaderElected', { reason: 'leader fenced' })).toBe('info');
    expect(by('brokerCrashed', {})).toBe('error');
    expect(by('isrShrunk', {})).toBe('warning');
    expect(by('segmentRolled', {})).toBe('info');
  });

  it('calls elections, faults and clients coming and going notable, and routine work not', () => {
    const notable = (type: SimEventType) => isNotable({ ...(SAMPLES[type] as object), timeMs: 0, type } as SimEvent);
    for (const type of ['leaderElected', 'brokerCrashed', 'partitionOffline', 'isrShrunk', 'groupRebalanced', 'consumerAdded'] as const)
      expect(notable(type)).toBe(true);
    for (const type of ['segmentRolled', 'segmentDeleted', 'isrExpanded', 'offsetsCommitted', 'highWatermarkMoved'] as const) expect(notable(type)).toBe(false);
  });
});

describe('a fast-forward in one line', () => {
  it('counts what the engine ran, by kind, most frequent first, then the errors', () => {
    const jump = {
      fromMs: 0,
      toMs: 86_400_000,
      stopped: false,
      counts: { segmentDeleted: 1_438, segmentRolled: 1_440, leaderElected: 2, recordsAppended: 90_000 },
    };
    expect(describeJump(jump)).toBe('Fast-forwarded 1 day: 1,440 segments rolled, 1,438 segments deleted, 2 leader elections, 0 errors');
    expect(jumpSeverity(jump)).toBe('info');
  });

  it('says when it was stopped, counts errors and data loss, and names one of a kind in the singular', () => {
    const jump = { fromMs: 5_000, toMs: 5_000 + 3_723_000, stopped: true, counts: { producerError: 3, partitionOffline: 1, brokerCrashed: 1 } };
    expect(describeJump(jump)).toBe('Fast-forward stopped after 1 hour 2 min: 3 producer errors, 1 partition offline, 1 broker crash, 4 errors');
    expect(jumpSeverity(jump)).toBe('error');
    expect(countedEvents('segmentRolled', 1)).toBe('1 segment rolled');
    expect(describeJump({ fromMs: 0, toMs: 60_000, stopped: false, counts: {} })).toBe('Fast-forwarded 1 min: no cluster events, 0 errors');
  });
});

describe('entityOf and eventCategory', () => {
  it.each(table)('%o → %o, %s', (event, entity, category) => {
    expect(entityOf(event)).toEqual(entity);
    expect(eventCategory(event)).toBe(category);
  });
});

describe('eventMentions (the Entity filter)', () => {
  const leader: SimEvent = {
    timeMs: 0,
    type: 'leaderElected',
    topic: 'orders',
    partition: 1,
    previousLeader: 2,
    leader: 3,
    leaderEpoch: 4,
    reason: 'leader fenced',
  };
  const crash21: SimEvent = { timeMs: 0, type: 'brokerCrashed', brokerId: 21 };
  const consumed: SimEvent = {
    timeMs: 0,
    type: 'recordsConsumed',
    topic: 'orders',
    partition: 10,
    groupId: 'billing',
    consumerId: 'billing-1',
    baseOffset: 0,
    endOffset: 2,
    records: 2,
    duplicates: 0,
  };

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
