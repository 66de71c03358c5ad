/**
 * What every event means to a person, in one table typed over every event type: its category (the
 * event log's "Kind" filter), its severity (info, warning, error), its sentence in Kafka's words
 * ("broker 2 crashed", "orders-1 leader 2→3, epoch 4"), how a fast-forward's summary counts it
 * ("1,440 segments rolled"), the entity a click on it selects, and the names the "Entity" filter
 * matches. Its
 * lane and severity on the timeline are the table's other half, `EVENT_LANES` (in the store, without
 * English, so the worker can keep marks). A new event type fails to compile until it is in both.
 * Pure: it only reads the fields the engine put in the event (no Kafka rule is re-derived here).
 */
import { partitionName, RECORD_TRAFFIC_EVENTS } from '../engine';
import type { SimEvent, SimEventType } from '../engine';
import type { Selection } from '../store';
import type { JumpReport } from '../store/event-log';
import { laneOf } from '../store/event-lanes';
import type { EventOf, EventSeverity } from '../store/event-lanes';
import { isolate } from './text/user-text';

export type { EventSeverity } from '../store/event-lanes';

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
  // Not "error": a retried NetworkException is in this group with the severity "warning".
  errors: 'problem',
};

/** What one event type means. */
interface EventMeaning<K extends SimEventType> {
  /** Errors and data loss (rejected commands, client errors, offline partitions, lost records) form their own group. */
  category: EventCategory;
  /**
   * How bad it is, shown on every log line by an icon's shape and a word: `error` — something failed
   * or was lost (a crash, an offline partition, a client giving up); `warning` — degraded or refused
   * but recoverable (an ISR shrink, a retried send, a rejected command); `info` — the cluster at work.
   * Never milder than the event's mark on the timeline (`EVENT_LANES`, tested): a command Kafka
   * refused is an error here (its exception is shown) and a warning mark there (nothing broke).
   */
  severity: EventSeverity | ((e: EventOf<K>) => EventSeverity);
  /** How a fast-forward's summary counts events of this type: one, many ("segment rolled", "segments rolled"). */
  counted: readonly [one: string, many: string];
  /** One line for the event log and the timeline (without its time). */
  sentence(e: EventOf<K>): string;
  /** The entity the event is mainly about, or null when it names none. */
  entity(e: EventOf<K>): Selection | null;
  /** Every entity the event names ("broker 2", "orders-1", "orders", "billing", "checkout-service"). */
  names(e: EventOf<K>): string[];
}

type PartitionRef = { topic: string; partition: number };
const tp = (e: PartitionRef) => isolate(partitionName(e.topic, e.partition));
const list = (ids: number[]) => `[${ids.join(',')}]`;
const offsets = (os: { partition: string; offset: number }[]) => os.map((o) => `${isolate(o.partition)}@${o.offset}`).join(', ');
/** Partition names ("orders-1"), each isolated. */
const tps = (names: string[]) => names.map(isolate).join(', ');

const noEntity = (): null => null;
const ofBroker = (e: { brokerId: number }): Selection => ({ kind: 'broker', id: e.brokerId });
const ofTopic = (e: { topic: string }): Selection => ({ kind: 'topic', topic: e.topic });
const ofPartition = (e: PartitionRef): Selection => ({ kind: 'partition', topic: e.topic, partition: e.partition });
const ofProducer = (e: { producerId: string }): Selection => ({ kind: 'producer', id: e.producerId });
const ofGroup = (e: { groupId: string }): Selection => ({ kind: 'group', groupId: e.groupId });
const ofConsumer = (e: { consumerId: string }): Selection => ({ kind: 'consumer', id: e.consumerId });

const noNames = (): string[] => [];
const broker = (id: number): string[] => (id >= 0 ? [`broker ${id}`] : []);
const brokerNames = (e: { brokerId: number }) => broker(e.brokerId);
/** The topic and its partition, e.g. ["orders", "orders-1"]. */
const partitionNames = (e: PartitionRef) => [e.topic, tp(e)];
const onBrokerNames = (e: PartitionRef & { brokerId: number }) => [...partitionNames(e), ...broker(e.brokerId)];
const newPartitions = (topic: string, from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => partitionName(topic, from + i));

/** Event types that are about one broker. */
type BrokerEventType = { [K in SimEventType]: EventOf<K> extends { brokerId: number } ? K : never }[SimEventType];
/** A broker's own event: the broker is its entity and its only name. */
const brokerEvent = <K extends BrokerEventType>(
  severity: EventMeaning<K>['severity'],
  counted: EventMeaning<K>['counted'],
  sentence: (e: EventOf<K>) => string,
): EventMeaning<K> => ({
  category: 'brokers',
  severity,
  counted,
  sentence,
  entity: ofBroker,
  names: brokerNames,
});

/** The meaning of every event type. */
export const EVENT_MEANING: { readonly [K in SimEventType]: EventMeaning<K> } = {
  brokerCrashed: brokerEvent('error', ['broker crash', 'broker crashes'], (e) => `broker ${e.brokerId} crashed`),
  brokerRestarted: brokerEvent('info', ['broker restart', 'broker restarts'], (e) => `broker ${e.brokerId} restarted`),
  brokerIsolated: brokerEvent('error', ['broker isolated', 'brokers isolated'], (e) => `broker ${e.brokerId} isolated from the other brokers`),
  brokerHealed: brokerEvent('info', ['broker reconnected', 'brokers reconnected'], (e) => `broker ${e.brokerId} reconnected`),
  brokerAdded: brokerEvent('info', ['broker added', 'brokers added'], (e) => `broker ${e.brokerId} added to the cluster`),
  brokerSlowed: brokerEvent(
    (e) => (e.extraLatencyMs > 0 ? 'warning' : 'info'),
    ['broker speed change', 'broker speed changes'],
    (e) => (e.extraLatencyMs > 0 ? `broker ${e.brokerId} slowed by ${e.extraLatencyMs} ms per message` : `broker ${e.brokerId} back to normal speed`),
  ),
  brokerFenced: brokerEvent('warning', ['broker fenced', 'brokers fenced'], (e) =>
    e.reason === 'session timeout'
      ? `controller fenced broker ${e.brokerId} (no heartbeat within broker.session.timeout.ms)`
      : `controller fenced the old incarnation of broker ${e.brokerId}`,
  ),
  brokerUnfenced: brokerEvent('info', ['broker unfenced', 'brokers unfenced'], (e) => `controller unfenced broker ${e.brokerId}`),
  controllerElected: {
    category: 'brokers',
    severity: 'info',
    counted: ['controller election', 'controller elections'],
    sentence: (e) => `broker ${e.brokerId} is the active controller (epoch ${e.epoch})`,
    entity: ofBroker,
    names: (e) => [...broker(e.brokerId), ...(e.previous === null ? [] : broker(e.previous))],
  },
  controllerUnavailable: {
    category: 'brokers',
    severity: 'error',
    counted: ['time without a controller', 'times without a controller'],
    sentence: (e) => `no active controller: ${isolate(e.reason)}`,
    entity: noEntity,
    names: noNames,
  },
  topicCreated: {
    category: 'topics',
    severity: 'info',
    counted: ['topic created', 'topics created'],
    sentence: (e) => `topic ${isolate(e.topic)} created: ${e.partitions} partition(s), replication factor ${e.replicationFactor}`,
    entity: ofTopic,
    names: (e) => [e.topic, ...newPartitions(e.topic, 0, e.partitions)],
  },
  partitionsAdded: {
    category: 'topics',
    severity: 'info',
    counted: ['topic grown', 'topics grown'],
    sentence: (e) => `topic ${isolate(e.topic)} grew from ${e.from} to ${e.to} partitions`,
    entity: ofTopic,
    names: (e) => [e.topic, ...newPartitions(e.topic, e.from, e.to)],
  },
  configChanged: {
    category: 'topics',
    severity: 'info',
    counted: ['config change', 'config changes'],
    sentence: (e) =>
      `${e.scope === 'topic' ? `topic ${isolate(e.entity)}` : 'brokers'}: ${e.name} ${isolate(String(e.previous))} → ${isolate(String(e.value))}`,
    entity: (e) => (e.scope === 'topic' ? { kind: 'topic', topic: e.entity } : null),
    names: (e) => (e.scope === 'topic' ? [e.entity] : []),
  },
  commandRejected: {
    category: 'errors',
    severity: 'error',
    counted: ['command rejected', 'commands rejected'],
    sentence: (e) => `${isolate(e.command)} rejected: ${e.error.name}: ${isolate(e.error.message)}`,
    entity: noEntity,
    names: noNames,
  },
  recordsAppended: {
    category: 'producers',
    severity: 'info',
    counted: ['append', 'appends'],
    sentence: (e) =>
      `${tp(e)}: leader ${e.brokerId} appended ${e.records} record(s) at offset ${e.baseOffset}${e.records > 1 ? `–${e.endOffset - 1}` : ''} from ${isolate(e.producerId)}`,
    entity: ofPartition,
    names: (e) => [...onBrokerNames(e), e.producerId],
  },
  recordsReplicated: {
    category: 'replication',
    severity: 'info',
    counted: ['replica fetch', 'replica fetches'],
    sentence: (e) => `${tp(e)}: broker ${e.brokerId} replicated offsets ${e.baseOffset}–${e.endOffset - 1} from leader ${e.leaderId}`,
    entity: ofPartition,
    names: (e) => [...onBrokerNames(e), ...broker(e.leaderId)],
  },
  highWatermarkMoved: {
    category: 'replication',
    severity: 'info',
    counted: ['high watermark move', 'high watermark moves'],
    sentence: (e) => `${tp(e)}: high watermark ${e.from} → ${e.to}`,
    entity: ofPartition,
    names: onBrokerNames,
  },
  isrShrunk: {
    category: 'replication',
    severity: 'warning',
    counted: ['ISR shrink', 'ISR shrinks'],
    sentence: (e) => `ISR of ${tp(e)} shrank to ${list(e.isr)}: ${isolate(e.reason)}`,
    entity: ofPartition,
    names: (e) => [...partitionNames(e), ...e.removed.flatMap(broker)],
  },
  isrExpanded: {
    category: 'replication',
    severity: 'info',
    counted: ['ISR expansion', 'ISR expansions'],
    sentence: (e) => `ISR of ${tp(e)} expanded to ${list(e.isr)}`,
    entity: ofPartition,
    names: (e) => [...partitionNames(e), ...e.added.flatMap(broker)],
  },
  leaderElected: {
    category: 'replication',
    severity: (e) => (e.reason === 'unclean' ? 'error' : 'info'),
    counted: ['leader election', 'leader elections'],
    sentence: (e) =>
      e.reason === 'initial'
        ? `${tp(e)}: leader ${e.leader} (epoch ${e.leaderEpoch})`
        : `${tp(e)} leader ${e.previousLeader < 0 ? 'none' : e.previousLeader}→${e.leader}, epoch ${e.leaderEpoch}${e.reason === 'unclean' ? ' (UNCLEAN election: out-of-sync replica)' : e.reason === 'preferred' ? ' (preferred leader)' : ''}`,
    entity: ofPartition,
    names: (e) => [...partitionNames(e), ...broker(e.leader), ...broker(e.previousLeader)],
  },
  partitionOffline: {
    category: 'errors',
    severity: 'error',
    counted: ['partition offline', 'partitions offline'],
    sentence: (e) => `${tp(e)} is OFFLINE: no in-sync replica is alive (last ISR ${list(e.isr)})`,
    entity: ofPartition,
    names: (e) => [...partitionNames(e), ...broker(e.lastLeader)],
  },
  logTruncated: {
    category: 'storage',
    severity: 'warning',
    counted: ['log truncation', 'log truncations'],
    sentence: (e) => `${tp(e)}: broker ${e.brokerId} truncated its log from ${e.fromEndOffset} to ${e.toEndOffset} (${isolate(e.reason)})`,
    entity: ofPartition,
    names: onBrokerNames,
  },
  segmentRolled: {
    category: 'storage',
    severity: 'info',
    counted: ['segment rolled', 'segments rolled'],
    sentence: (e) => `${tp(e)}: broker ${e.brokerId} rolled a new segment at offset ${e.baseOffset} (${isolate(e.reason)})`,
    entity: ofPartition,
    names: onBrokerNames,
  },
  segmentDeleted: {
    category: 'storage',
    severity: 'info',
    counted: ['segment deleted', 'segments deleted'],
    sentence: (e) =>
      `${tp(e)}: broker ${e.brokerId} deleted segment ${e.baseOffset}–${e.endOffset - 1} (${e.records} records) by ${isolate(e.reason)}; log start offset now ${e.logStartOffset}`,
    entity: ofPartition,
    names: onBrokerNames,
  },
  recordsAcknowledged: {
    category: 'producers',
    severity: 'info',
    counted: ['acknowledgement', 'acknowledgements'],
    sentence: (e) => `producer ${isolate(e.producerId)}: ${e.records} record(s) acknowledged at ${tp(e)} offset ${e.baseOffset} (acks=${e.acks})`,
    entity: ofProducer,
    names: (e) => [...partitionNames(e), e.producerId],
  },
  producerError: {
    category: 'errors',
    severity: (e) => (e.retriable ? 'warning' : 'error'),
    counted: ['producer error', 'producer errors'],
    sentence: (e) =>
      `producer ${isolate(e.producerId)}: ${e.error.name} on ${tp(e)} (${e.records} record(s)${e.retriable ? ', will retry' : ', failed'}): ${isolate(e.error.message)}`,
    entity: ofProducer,
    names: (e) => [...partitionNames(e), e.producerId],
  },
  acknowledgedRecordsLost: {
    category: 'errors',
    severity: 'error',
    counted: ['loss of acknowledged records', 'losses of acknowledged records'],
    sentence: (e) => `${tp(e)}: ${e.records} acknowledged record(s) LOST (new leader ${e.leader} does not have them); ${e.totalLost} lost in total`,
    entity: ofPartition,
    names: (e) => [...partitionNames(e), ...broker(e.leader)],
  },
  groupStateChanged: {
    category: 'consumers',
    severity: 'info',
    counted: ['group state change', 'group state changes'],
    sentence: (e) => `group ${isolate(e.groupId)}: ${e.from} → ${e.to}`,
    entity: ofGroup,
    names: (e) => [e.groupId],
  },
  groupCoordinatorMoved: {
    category: 'consumers',
    severity: 'info',
    counted: ['group coordinator move', 'group coordinator moves'],
    sentence: (e) => `group ${isolate(e.groupId)}: coordinator moved from broker ${e.from} to broker ${e.to}`,
    entity: ofGroup,
    names: (e) => [e.groupId, ...broker(e.from), ...broker(e.to)],
  },
  memberJoined: {
    category: 'consumers',
    severity: 'info',
    counted: ['member joined', 'members joined'],
    sentence: (e) =>
      `group ${isolate(e.groupId)}: ${isolate(e.consumerId)} joined${e.groupInstanceId ? ` as static member ${isolate(e.groupInstanceId)}` : ''}${e.rebalance ? '' : ' (no rebalance: same static member)'}`,
    entity: ofGroup,
    names: (e) => [e.groupId, e.consumerId, ...(e.groupInstanceId ? [e.groupInstanceId] : [])],
  },
  memberLeft: {
    category: 'consumers',
    severity: 'info',
    counted: ['member removed', 'members removed'],
    sentence: (e) => `group ${isolate(e.groupId)}: ${isolate(e.consumerId)} removed — ${isolate(e.reason)}`,
    entity: ofGroup,
    names: (e) => [e.groupId, e.consumerId],
  },
  rebalanceStarted: {
    category: 'consumers',
    severity: 'info',
    counted: ['rebalance started', 'rebalances started'],
    sentence: (e) => `group ${isolate(e.groupId)} is rebalancing: ${isolate(e.reason)}`,
    entity: ofGroup,
    names: (e) => [e.groupId],
  },
  // Partitions in group events are already "topic-n" names: the Entity filter matches their topic by part of the name.
  groupRebalanced: {
    category: 'consumers',
    severity: 'info',
    counted: ['rebalance', 'rebalances'],
    sentence: (e) =>
      `group ${isolate(e.groupId)} rebalanced, generation ${e.generation} (${e.protocol}): ${e.assignment.map((a) => `${isolate(a.consumerId)} → [${tps(a.partitions)}]`).join('; ')}`,
    entity: ofGroup,
    names: (e) => [e.groupId, ...e.assignment.flatMap((a) => [a.consumerId, ...a.partitions])],
  },
  partitionsRevoked: {
    category: 'consumers',
    severity: 'info',
    counted: ['revocation', 'revocations'],
    sentence: (e) => `${isolate(e.consumerId)} (${isolate(e.groupId)}) gave up ${tps(e.partitions)} (${e.protocol} rebalance)`,
    entity: ofConsumer,
    names: (e) => [e.groupId, e.consumerId, ...e.partitions],
  },
  partitionsAssigned: {
    category: 'consumers',
    severity: 'info',
    counted: ['assignment', 'assignments'],
    sentence: (e) =>
      e.partitions.length === 0
        ? `${isolate(e.consumerId)} (${isolate(e.groupId)}) has no partitions: idle`
        : `${isolate(e.consumerId)} (${isolate(e.groupId)}) was assigned ${tps(e.partitions)}`,
    entity: ofConsumer,
    names: (e) => [e.groupId, e.consumerId, ...e.partitions],
  },
  offsetsCommitted: {
    category: 'consumers',
    severity: 'info',
    counted: ['offset commit', 'offset commits'],
    sentence: (e) => `${isolate(e.consumerId)} committed ${offsets(e.offsets)} for group ${isolate(e.groupId)}`,
    entity: ofConsumer,
    names: (e) => [e.groupId, e.consumerId, ...e.offsets.map((o) => o.partition)],
  },
  offsetReset: {
    category: 'consumers',
    severity: 'warning',
    counted: ['offset reset', 'offset resets'],
    sentence: (e) =>
      `${isolate(e.consumerId)} (${isolate(e.groupId)}) reset ${tp(e)} to offset ${e.to} by auto.offset.reset=${e.policy} (${isolate(e.reason)}${e.skippedByRetention > 0 ? `; ${e.skippedByRetention} record(s) were deleted by retention before it read them` : ''})`,
    entity: ofConsumer,
    names: (e) => [...partitionNames(e), e.groupId, e.consumerId],
  },
  recordsConsumed: {
    category: 'consumers',
    severity: 'info',
    counted: ['fetch processed', 'fetches processed'],
    sentence: (e) =>
      `${isolate(e.consumerId)} (${isolate(e.groupId)}) processed ${e.records} record(s) of ${tp(e)} at offsets ${e.baseOffset}–${e.endOffset - 1}${e.duplicates > 0 ? `, ${e.duplicates} of them again` : ''}`,
    entity: ofConsumer,
    names: (e) => [...partitionNames(e), e.groupId, e.consumerId],
  },
  consumerAdded: {
    category: 'consumers',
    severity: 'info',
    counted: ['consumer started', 'consumers started'],
    sentence: (e) => `consumer ${isolate(e.consumerId)} started in group ${isolate(e.groupId)}`,
    entity: ofConsumer,
    names: (e) => [e.consumerId, e.groupId],
  },
  consumerRemoved: {
    category: 'consumers',
    severity: 'info',
    counted: ['consumer closed', 'consumers closed'],
    sentence: (e) => `consumer ${isolate(e.consumerId)} closed`,
    entity: ofConsumer,
    names: (e) => [e.consumerId, e.groupId],
  },
  consumerCrashed: {
    category: 'consumers',
    severity: 'error',
    counted: ['consumer crash', 'consumer crashes'],
    sentence: (e) => `consumer ${isolate(e.consumerId)} crashed`,
    entity: ofConsumer,
    names: (e) => [e.consumerId, e.groupId],
  },
  consumerRestarted: {
    category: 'consumers',
    severity: 'info',
    counted: ['consumer restart', 'consumer restarts'],
    sentence: (e) => `consumer ${isolate(e.consumerId)} restarted`,
    entity: ofConsumer,
    names: (e) => [e.consumerId, e.groupId],
  },
  consumerChanged: {
    category: 'consumers',
    severity: 'info',
    counted: ['consumer change', 'consumer changes'],
    sentence: (e) => `consumer ${isolate(e.consumerId)}: ${isolate(e.change)}`,
    entity: ofConsumer,
    names: (e) => [e.consumerId],
  },
  consumerError: {
    category: 'errors',
    severity: 'error',
    counted: ['consumer error', 'consumer errors'],
    sentence: (e) => `consumer ${isolate(e.consumerId)} (${isolate(e.groupId)}): ${e.error.name}: ${isolate(e.error.message)}`,
    entity: ofConsumer,
    names: (e) => [e.consumerId, e.groupId],
  },
  groupOffsetsReset: {
    category: 'consumers',
    severity: 'info',
    counted: ['group offsets reset', 'group offsets resets'],
    sentence: (e) => `group ${isolate(e.groupId)}: offsets of ${isolate(e.topic)} reset to ${e.to} (${offsets(e.offsets)})`,
    entity: ofGroup,
    names: (e) => [e.groupId, e.topic, ...e.offsets.map((o) => o.partition)],
  },
  logCleaned: {
    category: 'storage',
    severity: 'info',
    counted: ['compaction', 'compactions'],
    sentence: (e) =>
      `${tp(e)}: broker ${e.brokerId} compacted the log up to offset ${e.cleanedUpTo}, removing ${e.recordsRemoved} record(s)${e.tombstonesRemoved > 0 ? ` including ${e.tombstonesRemoved} tombstone(s)` : ''}`,
    entity: ofPartition,
    names: onBrokerNames,
  },
  producerAdded: {
    category: 'producers',
    severity: 'info',
    counted: ['producer started', 'producers started'],
    sentence: (e) => `producer ${isolate(e.producerId)} started writing to ${isolate(e.topic)}`,
    entity: ofProducer,
    names: (e) => [e.producerId, e.topic],
  },
  producerRemoved: {
    category: 'producers',
    severity: 'info',
    counted: ['producer closed', 'producers closed'],
    sentence: (e) => `producer ${isolate(e.producerId)} closed`,
    entity: ofProducer,
    names: (e) => [e.producerId],
  },
  producerChanged: {
    category: 'producers',
    severity: 'info',
    counted: ['producer change', 'producer changes'],
    sentence: (e) => `producer ${isolate(e.producerId)}: ${isolate(e.change)}`,
    entity: ofProducer,
    names: (e) => [e.producerId],
  },
};

/** The table's row for an event (keyed by its type, so the row fits; TypeScript cannot correlate the two). */
const meaningOf = (event: SimEvent) => EVENT_MEANING[event.type] as EventMeaning<SimEventType>;

/**
 * One line describing an event (without its time), in Kafka's words.
 * @example describeEvent({ type: 'brokerCrashed', brokerId: 2, timeMs: 0 }) // "broker 2 crashed"
 */
export const describeEvent = (event: SimEvent): string => meaningOf(event).sentence(event);

/**
 * The filter group of an event.
 * @example eventCategory({ type: 'segmentDeleted', … }) // 'storage'
 */
export const eventCategory = (event: SimEvent): EventCategory => meaningOf(event).category;

/**
 * The entity an event is mainly about, for the inspector, or null when it names none (a rejected
 * command, a cluster-wide config, the controller being unavailable).
 * @example entityOf({ type: 'brokerCrashed', brokerId: 2, timeMs: 0 }) // { kind: 'broker', id: 2 }
 */
export const entityOf = (event: SimEvent): Selection | null => meaningOf(event).entity(event);

/**
 * How bad an event is: `info`, `warning` or `error`.
 * @example eventSeverity({ type: 'producerError', retriable: true, … }) // 'warning'
 */
export function eventSeverity(event: SimEvent): EventSeverity {
  const rule = meaningOf(event).severity;
  return typeof rule === 'function' ? rule(event) : rule;
}

/**
 * Whether an event is one a person looks for in a long log: a warning or an error, or an event the
 * timeline marks (leader elections, crashes, restarts, rebalances, clients coming and going) — not
 * the cluster's routine (segment rolls, ISR expansions, commits).
 */
export const isNotable = (event: SimEvent): boolean => eventSeverity(event) !== 'info' || laneOf(event) !== null;

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * How many events of a type, in words.
 * @example countedEvents('segmentRolled', 1440) // "1,440 segments rolled"
 */
export function countedEvents(type: SimEventType, n: number): string {
  const [one, many] = EVENT_MEANING[type].counted;
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A duration in its two largest units: "1 day", "3 hours 12 min", "57 min 36 s". */
function spokenDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const units: [number, string, string][] = [
    [86_400_000, 'day', 'days'],
    [3_600_000, 'hour', 'hours'],
    [60_000, 'min', 'min'],
    [1000, 's', 's'],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, one, many] of units) {
    const n = Math.floor(rest / size);
    if (n === 0 && parts.length === 0) continue;
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
    rest -= n * size;
    if (parts.length === 2 || (parts.length === 1 && n === 0)) break;
  }
  return parts.join(' ');
}

/** Events of the "Errors & data loss" kind a jump ran (rejected commands, client errors, offline partitions, lost records). */
function jumpErrors(jump: JumpReport): number {
  let n = 0;
  for (const [type, k] of Object.entries(jump.counts) as [SimEventType, number][]) if (EVENT_MEANING[type].category === 'errors') n += k;
  return n;
}

/** A fast-forward's severity: `error` when it ran into errors or data loss, else `info`. */
export const jumpSeverity = (jump: JumpReport): EventSeverity => (jumpErrors(jump) > 0 ? 'error' : 'info');

/** Kinds a jump's summary lists by name; the rest are counted together. */
const JUMP_KINDS_LISTED = 8;

/**
 * One entry for a fast-forward, from the events the engine reported for it, by kind (most frequent
 * first; record traffic left out, as in the log), then the errors and data loss it saw:
 * "Fast-forwarded 1 day: 1,440 segments rolled, 1,438 segments deleted, 2 leader elections, 0 errors".
 */
export function describeJump(jump: JumpReport): string {
  const kinds = (Object.entries(jump.counts) as [SimEventType, number][]).filter(([type, n]) => n > 0 && !RECORD_TRAFFIC_EVENTS.has(type));
  kinds.sort((a, b) => b[1] - a[1]);
  const errors = jumpErrors(jump);
  const parts = kinds.slice(0, JUMP_KINDS_LISTED).map(([type, n]) => countedEvents(type, n));
  const others = kinds.slice(JUMP_KINDS_LISTED).reduce((n, [, k]) => n + k, 0);
  if (others > 0) parts.push(`${count(others)} other event${others === 1 ? '' : 's'}`);
  if (kinds.length === 0) parts.push('no cluster events');
  parts.push(`${count(errors)} error${errors === 1 ? '' : 's'}`);
  const took = spokenDuration(jump.toMs - jump.fromMs);
  return `${jump.stopped ? `Fast-forward stopped after ${took}` : `Fast-forwarded ${took}`}: ${parts.join(', ')}`;
}

/** Every entity an event names: what the "Entity" filter matches against. */
export const entityNames = (event: SimEvent): string[] => meaningOf(event).names(event);

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
 * a name is enough ("bill" finds "billing", "orders" finds "orders-1"), commas separate
 * alternatives ("orders-1, broker 2"). An empty filter matches everything.
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
