/**
 * What an event is about, for the event log: the entity a row selects when clicked, the category
 * the "Kind" filter groups it under, and the names the "Entity" filter matches. Pure: it only reads
 * the fields the engine put in the event (no Kafka rule is re-derived here).
 */
import type { SimEvent, SimEventType } from '../engine';
import type { Selection } from '../store';

/** The groups the event log's "Kind" filter offers. */
export type EventCategory = 'brokers' | 'replication' | 'producers' | 'consumers' | 'topics' | 'storage' | 'errors';

/** Category labels for the filter, in the order the filter lists them. */
export const EVENT_CATEGORY_LABELS: Readonly<Record<EventCategory, string>> = {
  brokers: 'Brokers & controller',
  replication: 'Replication & leaders',
  producers: 'Producers',
  consumers: 'Consumers & groups',
  topics: 'Topics & configs',
  storage: 'Retention & compaction',
  errors: 'Errors & data loss',
};

/** The short tag a row shows, in words (never colour alone). */
export const EVENT_CATEGORY_TAGS: Readonly<Record<EventCategory, string>> = {
  brokers: 'broker',
  replication: 'replication',
  producers: 'producer',
  consumers: 'consumer',
  topics: 'topic',
  storage: 'storage',
  errors: 'error',
};

// A table rather than a switch so the compiler insists every event type has a category.
const CATEGORY: Readonly<Record<SimEventType, EventCategory>> = {
  brokerCrashed: 'brokers',
  brokerRestarted: 'brokers',
  brokerIsolated: 'brokers',
  brokerHealed: 'brokers',
  brokerAdded: 'brokers',
  brokerSlowed: 'brokers',
  brokerFenced: 'brokers',
  brokerUnfenced: 'brokers',
  controllerElected: 'brokers',
  controllerUnavailable: 'brokers',
  topicCreated: 'topics',
  partitionsAdded: 'topics',
  configChanged: 'topics',
  commandRejected: 'errors',
  recordsAppended: 'producers',
  recordsReplicated: 'replication',
  highWatermarkMoved: 'replication',
  isrShrunk: 'replication',
  isrExpanded: 'replication',
  leaderElected: 'replication',
  partitionOffline: 'errors',
  logTruncated: 'storage',
  segmentRolled: 'storage',
  segmentDeleted: 'storage',
  recordsAcknowledged: 'producers',
  producerError: 'errors',
  acknowledgedRecordsLost: 'errors',
  groupStateChanged: 'consumers',
  groupCoordinatorMoved: 'consumers',
  memberJoined: 'consumers',
  memberLeft: 'consumers',
  rebalanceStarted: 'consumers',
  groupRebalanced: 'consumers',
  partitionsRevoked: 'consumers',
  partitionsAssigned: 'consumers',
  offsetsCommitted: 'consumers',
  offsetReset: 'consumers',
  recordsConsumed: 'consumers',
  consumerAdded: 'consumers',
  consumerRemoved: 'consumers',
  consumerCrashed: 'consumers',
  consumerRestarted: 'consumers',
  consumerChanged: 'consumers',
  consumerError: 'errors',
  groupOffsetsReset: 'consumers',
  logCleaned: 'storage',
  producerAdded: 'producers',
  producerRemoved: 'producers',
  producerChanged: 'producers',
};

/**
 * The filter group of an event. Errors and data loss (rejected commands, producer and consumer
 * errors, offline partitions, lost acknowledged records) form their own group.
 * @example eventCategory({ type: 'segmentDeleted', … }) // 'storage'
 */
export function eventCategory(event: SimEvent): EventCategory {
  // An event type the table does not know yet (a newer engine) is filed with the brokers, not dropped.
  return CATEGORY[event.type] ?? 'brokers';
}

/** True for rows that get the error icon and the word "error". */
export const isErrorEvent = (event: SimEvent): boolean => eventCategory(event) === 'errors';

/**
 * The entity an event is mainly about, for the inspector, or null when it names none (a rejected
 * command, a cluster-wide config, the controller being unavailable).
 * @example entityOf({ type: 'brokerCrashed', brokerId: 2, timeMs: 0 }) // { kind: 'broker', id: 2 }
 */
export function entityOf(event: SimEvent): Selection | null {
  const e = event;
  switch (e.type) {
    case 'brokerCrashed':
    case 'brokerRestarted':
    case 'brokerIsolated':
    case 'brokerHealed':
    case 'brokerAdded':
    case 'brokerSlowed':
    case 'brokerFenced':
    case 'brokerUnfenced':
    case 'controllerElected':
      return { kind: 'broker', id: e.brokerId };
    case 'topicCreated':
    case 'partitionsAdded':
      return { kind: 'topic', topic: e.topic };
    case 'configChanged':
      return e.scope === 'topic' ? { kind: 'topic', topic: e.entity } : null;
    case 'recordsAppended':
    case 'recordsReplicated':
    case 'highWatermarkMoved':
    case 'isrShrunk':
    case 'isrExpanded':
    case 'leaderElected':
    case 'partitionOffline':
    case 'logTruncated':
    case 'segmentRolled':
    case 'segmentDeleted':
    case 'acknowledgedRecordsLost':
    case 'logCleaned':
      return { kind: 'partition', topic: e.topic, partition: e.partition };
    case 'recordsAcknowledged':
    case 'producerError':
    case 'producerAdded':
    case 'producerRemoved':
    case 'producerChanged':
      return { kind: 'producer', id: e.producerId };
    case 'groupStateChanged':
    case 'groupCoordinatorMoved':
    case 'memberJoined':
    case 'memberLeft':
    case 'rebalanceStarted':
    case 'groupRebalanced':
    case 'groupOffsetsReset':
      return { kind: 'group', groupId: e.groupId };
    case 'partitionsRevoked':
    case 'partitionsAssigned':
    case 'offsetsCommitted':
    case 'offsetReset':
    case 'recordsConsumed':
    case 'consumerAdded':
    case 'consumerRemoved':
    case 'consumerCrashed':
    case 'consumerRestarted':
    case 'consumerChanged':
    case 'consumerError':
      return { kind: 'consumer', id: e.consumerId };
    default:
      return null;
  }
}

const broker = (id: number): string[] => (id >= 0 ? [`broker ${id}`] : []);
const tp = (topic: string, partition: number): string => `${topic}-${partition}`;

/** "orders-1" → ["orders-1", "orders"]: a partition name as the engine wrote it, and its topic. */
function partitionNames(names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const dash = name.lastIndexOf('-');
    return dash > 0 ? [name, name.slice(0, dash)] : [name];
  });
}

/**
 * Every entity an event names ("broker 2", "orders-1", "orders", "billing", "billing-1",
 * "checkout-service"): what the "Entity" filter matches against.
 */
export function entityNames(event: SimEvent): string[] {
  const e = event;
  switch (e.type) {
    case 'brokerCrashed':
    case 'brokerRestarted':
    case 'brokerIsolated':
    case 'brokerHealed':
    case 'brokerAdded':
    case 'brokerSlowed':
    case 'brokerFenced':
    case 'brokerUnfenced':
      return broker(e.brokerId);
    case 'controllerElected':
      return [...broker(e.brokerId), ...(e.previous === null ? [] : broker(e.previous))];
    case 'controllerUnavailable':
    case 'commandRejected':
      return [];
    case 'topicCreated':
      return [e.topic, ...Array.from({ length: e.partitions }, (_, i) => tp(e.topic, i))];
    case 'partitionsAdded':
      return [e.topic, ...Array.from({ length: Math.max(0, e.to - e.from) }, (_, i) => tp(e.topic, e.from + i))];
    case 'configChanged':
      return e.scope === 'topic' ? [e.entity] : [];
    case 'recordsAppended':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.brokerId), e.producerId];
    case 'recordsReplicated':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.brokerId), ...broker(e.leaderId)];
    case 'highWatermarkMoved':
    case 'logTruncated':
    case 'segmentRolled':
    case 'segmentDeleted':
    case 'logCleaned':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.brokerId)];
    case 'isrShrunk':
      return [e.topic, tp(e.topic, e.partition), ...e.removed.flatMap(broker)];
    case 'isrExpanded':
      return [e.topic, tp(e.topic, e.partition), ...e.added.flatMap(broker)];
    case 'leaderElected':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.leader), ...broker(e.previousLeader)];
    case 'partitionOffline':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.lastLeader)];
    case 'acknowledgedRecordsLost':
      return [e.topic, tp(e.topic, e.partition), ...broker(e.leader)];
    case 'recordsAcknowledged':
    case 'producerError':
      return [e.topic, tp(e.topic, e.partition), e.producerId];
    case 'producerAdded':
      return [e.producerId, e.topic];
    case 'producerRemoved':
    case 'producerChanged':
      return [e.producerId];
    case 'groupStateChanged':
    case 'rebalanceStarted':
      return [e.groupId];
    case 'groupCoordinatorMoved':
      return [e.groupId, ...broker(e.from), ...broker(e.to)];
    case 'memberJoined':
      return [e.groupId, e.consumerId, ...(e.groupInstanceId ? [e.groupInstanceId] : [])];
    case 'memberLeft':
      return [e.groupId, e.consumerId];
    case 'groupRebalanced':
      return [e.groupId, ...e.assignment.flatMap((a) => [a.consumerId, ...partitionNames(a.partitions)])];
    case 'partitionsRevoked':
    case 'partitionsAssigned':
      return [e.groupId, e.consumerId, ...partitionNames(e.partitions)];
    case 'offsetsCommitted':
      return [e.groupId, e.consumerId, ...partitionNames(e.offsets.map((o) => o.partition))];
    case 'offsetReset':
    case 'recordsConsumed':
      return [e.topic, tp(e.topic, e.partition), e.groupId, e.consumerId];
    case 'consumerAdded':
    case 'consumerRemoved':
    case 'consumerCrashed':
    case 'consumerRestarted':
    case 'consumerError':
      return [e.consumerId, e.groupId];
    case 'consumerChanged':
      return [e.consumerId];
    case 'groupOffsetsReset':
      return [e.groupId, e.topic, ...partitionNames(e.offsets.map((o) => o.partition))];
    default:
      return [];
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** `query` occurs in `name` without cutting a number in two ("broker 2" is not in "broker 21"). */
function occursIn(name: string, query: string): boolean {
  const startsWithDigit = isDigit(query[0]);
  const endsWithDigit = isDigit(query[query.length - 1]);
  for (let at = name.indexOf(query); at >= 0; at = name.indexOf(query, at + 1)) {
    const before = name[at - 1];
    const after = name[at + query.length];
    if ((!startsWithDigit || !isDigit(before)) && (!endsWithDigit || !isDigit(after))) return true;
  }
  return false;
}

/**
 * Whether an event mentions what the user typed in the "Entity" filter: case-insensitive, part of
 * a name is enough ("bill" finds "billing"), commas separate alternatives ("orders-1, broker 2").
 * An empty filter matches everything.
 */
export function eventMentions(event: SimEvent, text: string): boolean {
  const queries = text
    .toLowerCase()
    .split(',')
    .map((q) => q.trim().replace(/\s+/g, ' '))
    .filter((q) => q.length > 0);
  if (queries.length === 0) return true;
  const names = entityNames(event).map((n) => n.toLowerCase());
  return queries.some((q) => names.some((n) => occursIn(n, q)));
}
