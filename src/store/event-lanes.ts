/**
 * Where an event shows on the time-travel lanes, and how bad it is: the lane-and-severity part of
 * an event's meaning. No English here, so the worker can import it to keep its marks (the view
 * words a mark with the event log's sentence, `src/view/event-meaning.ts`). Typed over every event
 * type: a new event type fails to compile until it is placed (or explicitly left off the lanes).
 */
import type { SimEvent, SimEventType } from '../engine';
import type { HistoryMark } from '../scenario/doc';

/** An event of one type, e.g. `EventOf<'brokerCrashed'>`. */
export type EventOf<K extends SimEventType> = Extract<SimEvent, { type: K }>;

/** The lanes under the scrubber that events go on (the person's own actions have a lane of their own). */
export type EventLane = HistoryMark['lane'];
export type EventSeverity = HistoryMark['severity'];

/** Where one event goes on the lanes. */
export interface LaneSpot {
  lane: EventLane;
  severity: EventSeverity;
}

/** A lane for every event of a type, none (`null`: record traffic, routine chatter), or a choice by the event's fields. */
type LaneRule<K extends SimEventType> = LaneSpot | null | ((e: EventOf<K>) => LaneSpot | null);

const spot = (lane: EventLane, severity: EventSeverity = 'info'): LaneSpot => ({ lane, severity });
const BROKERS = spot('brokers');
const PRODUCERS = spot('producers');
const GROUPS = spot('groups');
const FAULT = spot('faults', 'error');

/** The lane and severity of every event type: the marks a person would look for on the timeline. */
export const EVENT_LANES: { readonly [K in SimEventType]: LaneRule<K> } = {
  brokerCrashed: FAULT,
  brokerRestarted: BROKERS,
  brokerIsolated: FAULT,
  brokerHealed: BROKERS,
  brokerAdded: BROKERS,
  brokerSlowed: (e) => (e.extraLatencyMs > 0 ? spot('faults', 'warning') : BROKERS),
  brokerFenced: spot('brokers', 'warning'),
  brokerUnfenced: null,
  controllerElected: BROKERS,
  controllerUnavailable: null,
  topicCreated: null,
  partitionsAdded: null,
  configChanged: null,
  commandRejected: spot('faults', 'warning'),
  recordsAppended: null,
  recordsReplicated: null,
  highWatermarkMoved: null,
  isrShrunk: spot('brokers', 'warning'),
  isrExpanded: null,
  leaderElected: (e) => (e.reason === 'initial' ? null : spot('brokers', e.reason === 'unclean' ? 'error' : 'info')),
  partitionOffline: FAULT,
  logTruncated: null,
  segmentRolled: null,
  segmentDeleted: null, // many per run; the tape shows them
  recordsAcknowledged: null,
  producerError: (e) => (e.retriable ? null : spot('producers', 'error')),
  acknowledgedRecordsLost: FAULT,
  groupStateChanged: null,
  groupCoordinatorMoved: null,
  memberJoined: null,
  memberLeft: null,
  rebalanceStarted: null,
  groupRebalanced: GROUPS,
  partitionsRevoked: null,
  partitionsAssigned: null,
  offsetsCommitted: null,
  offsetReset: null,
  recordsConsumed: null,
  consumerAdded: GROUPS,
  consumerRemoved: GROUPS,
  consumerCrashed: FAULT,
  consumerRestarted: GROUPS,
  consumerChanged: null,
  consumerError: null,
  groupOffsetsReset: null,
  logCleaned: null,
  producerAdded: PRODUCERS,
  producerRemoved: PRODUCERS,
  producerChanged: PRODUCERS,
};

/**
 * The lane and severity of one event, or null when it leaves no mark.
 * @example laneOf({ type: 'brokerCrashed', brokerId: 2, timeMs: 0 }) // { lane: 'faults', severity: 'error' }
 */
export function laneOf(event: SimEvent): LaneSpot | null {
  // The table is keyed by type, so the rule fits the event; TypeScript cannot correlate the two.
  const rule = EVENT_LANES[event.type] as LaneRule<SimEventType>;
  return typeof rule === 'function' ? rule(event) : rule;
}
