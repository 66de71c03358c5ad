/**
 * Messages on the wire, as the model knows them. Every request and response between two nodes is
 * a scheduled task: it was sent when it was scheduled and arrives when it is due (`clock.ts` keeps
 * both). The snapshot lists what is in flight at its moment, and the page draws each message at
 * `(t − sentMs) / (arriveMs − sentMs)` of its link — raftscope's model of messages, not a guess made
 * from events after the fact. Running per-link counters feed the flow bands.
 *
 * The message's ends are nodes (`broker:1`, `producer:p1`, `consumer:billing-1`): a new kind of node
 * (a schema registry, a Connect worker, a Streams application) is a new `NodeKind` and a line in
 * `WIRE` below; the page anchors it and draws it with the same code.
 */
import type { Sim, Task } from './state';
import type { LinkTraffic, NodeId, NodeKind, WireFlow } from './kafka/messages';
import { recordKey } from './kafka/record-batch';
import type { StoredBatch } from './kafka/record-batch';

export type { LinkTraffic, NodeId, NodeKind, WireFlow };

export function nodeId(kind: NodeKind, id: string | number): NodeId {
  return `${kind}:${id}`;
}

/** Splits a node id at its first colon (ids themselves may contain colons). */
export function parseNodeId(node: NodeId): { kind: NodeKind; id: string } {
  const at = node.indexOf(':');
  return { kind: node.slice(0, at) as NodeKind, id: node.slice(at + 1) };
}

/** The request's API as Kafka names it (`ApiKeys`). */
export type WireApi = 'Produce' | 'Fetch' | 'JoinGroup' | 'SyncGroup' | 'Heartbeat' | 'LeaveGroup' | 'OffsetCommit';

/** One message (or, for a request covering several partitions, its part for one partition) in flight. */
export interface InFlightMessage {
  /** Unique among the messages in flight and stable while this one flies: the task's sequence number, and the part. */
  id: string;
  api: WireApi;
  response: boolean;
  flow: WireFlow;
  from: NodeId;
  to: NodeId;
  /** The partition whose records (or fetch) this part carries; null for a message about no single partition. */
  topic: string | null;
  partition: number | null;
  /** The first record's key (colours a dot by key); null without records or for a null key. */
  key: string | null;
  /** Records carried (0 for a request or response without records). */
  records: number;
  /** The consumer group, for group traffic. */
  groupId: string | null;
  sentMs: number;
  arriveMs: number;
}

/** At most this many messages go into a snapshot: the ones carrying records first, then group traffic, then the rest. */
export const IN_FLIGHT_LIMIT = 300;

/** What a message's parts look like before they get an id and times. */
type Part = Omit<InFlightMessage, 'id' | 'sentMs' | 'arriveMs'>;
type PartSink = (part: Part) => void;

type TaskOf<K extends Task['kind']> = Extract<Task, { kind: K }>;

/**
 * For every kind of task: how it crosses the wire, or `null` for a task that is not a message (a
 * timer, a check, a tick). Typed over every task kind, so a new kind does not compile until it says.
 */
const WIRE: { [K in Task['kind']]: ((sim: Sim, task: TaskOf<K>, out: PartSink) => void) | null } = {
  timeline: null,
  producerTick: null,
  produceArrive: (_sim, { request }, out) => {
    const from = nodeId('producer', request.producerId);
    const to = nodeId('broker', request.brokerId);
    for (const b of request.batches) {
      out({
        api: 'Produce',
        response: false,
        flow: 'produce',
        from,
        to,
        topic: b.topic,
        partition: b.partition,
        key: b.keys[0] ?? null,
        records: b.count,
        groupId: null,
      });
    }
  },
  produceResponse: (_sim, { request, disconnected }, out) => {
    // A broken connection is not a message: the client learns of it at once.
    if (disconnected) return;
    const only = request.batches.length === 1 ? request.batches[0]! : null;
    out({
      api: 'Produce',
      response: true,
      flow: 'produce',
      from: nodeId('broker', request.brokerId),
      to: nodeId('producer', request.producerId),
      topic: only ? only.topic : null,
      partition: only ? only.partition : null,
      key: null,
      records: 0,
      groupId: null,
    });
  },
  fetchArrive: (sim, { request }, out) => {
    const only = request.partitions.length === 1 ? sim.partitions[request.partitions[0]!.key] : undefined;
    out({
      api: 'Fetch',
      response: false,
      flow: 'replicate',
      from: nodeId('broker', request.followerId),
      to: nodeId('broker', request.leaderId),
      topic: only ? only.topic : null,
      partition: only ? only.index : null,
      key: null,
      records: 0,
      groupId: null,
    });
  },
  fetchResponse: (sim, { response }, out) => {
    const from = nodeId('broker', response.leaderId);
    const to = nodeId('broker', response.followerId);
    let carried = false;
    for (const part of response.partitions) {
      const records = countRecords(part.batches);
      if (records === 0) continue;
      const p = sim.partitions[part.key]!;
      out({
        api: 'Fetch',
        response: true,
        flow: 'replicate',
        from,
        to,
        topic: p.topic,
        partition: p.index,
        key: firstKey(part.batches),
        records,
        groupId: null,
      });
      carried = true;
    }
    if (!carried) out({ api: 'Fetch', response: true, flow: 'replicate', from, to, topic: null, partition: null, key: null, records: 0, groupId: null });
  },
  parkedFetchTimeout: null,
  isrCheck: null,
  retentionCheck: null,
  purgatorySweep: null,
  sessionCheck: null,
  brokerRegistered: null,
  controllerElection: null,
  preferredLeaderCheck: null,
  uncleanLeaderCheck: null,
  logCleanerCheck: null,
  consumerPoll: null,
  consumerHeartbeat: null,
  consumerFetchArrive: (sim, { request }, out) => {
    const only = request.partitions.length === 1 ? sim.partitions[request.partitions[0]!.key] : undefined;
    out({
      api: 'Fetch',
      response: false,
      flow: 'consume',
      from: nodeId('consumer', request.consumerId),
      to: nodeId('broker', request.brokerId),
      topic: only ? only.topic : null,
      partition: only ? only.index : null,
      key: null,
      records: 0,
      groupId: sim.consumers[request.consumerId]?.groupId ?? null,
    });
  },
  consumerFetchResponse: (sim, { request, partitions }, out) => {
    const from = nodeId('broker', request.brokerId);
    const to = nodeId('consumer', request.consumerId);
    const groupId = sim.consumers[request.consumerId]?.groupId ?? null;
    let carried = false;
    for (const part of partitions) {
      const records = countRecords(part.batches);
      if (records === 0) continue;
      const p = sim.partitions[part.key]!;
      out({ api: 'Fetch', response: true, flow: 'consume', from, to, topic: p.topic, partition: p.index, key: firstKey(part.batches), records, groupId });
      carried = true;
    }
    if (!carried) out({ api: 'Fetch', response: true, flow: 'consume', from, to, topic: null, partition: null, key: null, records: 0, groupId });
  },
  groupRequest: (_sim, { groupId, brokerId, request }, out) => {
    out({
      api: GROUP_API[request.kind],
      response: false,
      flow: 'group',
      from: nodeId('consumer', request.consumerId),
      to: nodeId('broker', brokerId),
      topic: null,
      partition: null,
      key: null,
      records: 0,
      groupId,
    });
  },
  groupResponse: (_sim, { groupId, brokerId, consumerId, response }, out) => {
    out({
      api: GROUP_API[response.kind],
      response: true,
      flow: 'group',
      from: nodeId('broker', brokerId),
      to: nodeId('consumer', consumerId),
      topic: null,
      partition: null,
      key: null,
      records: 0,
      groupId,
    });
  },
  groupSessionCheck: null,
  groupJoinDeadline: null,
};

const GROUP_API = { join: 'JoinGroup', sync: 'SyncGroup', heartbeat: 'Heartbeat', leave: 'LeaveGroup', commit: 'OffsetCommit' } as const satisfies Record<
  string,
  WireApi
>;

function countRecords(batches: readonly StoredBatch[]): number {
  let n = 0;
  for (const b of batches) n += b.count;
  return n;
}

function firstKey(batches: readonly StoredBatch[]): string | null {
  for (const b of batches) if (b.count > 0) return recordKey(b, 0);
  return null;
}

function partsOf(sim: Sim, task: Task, out: PartSink): boolean {
  const wire = WIRE[task.kind] as ((sim: Sim, task: Task, out: PartSink) => void) | null;
  if (!wire) return false;
  wire(sim, task, out);
  return true;
}

/**
 * Counts a message's records on its link as it arrives (called for every task that runs). The
 * counters are state, so a checkpoint keeps them and a seek restores them. NOTE mutates sim.
 */
export function countDelivered(sim: Sim, task: Task): void {
  if (WIRE[task.kind] === null) return;
  partsOf(sim, task, (part) => {
    const key = `${part.flow}\u001f${part.from}\u001f${part.to}`;
    const link = (sim.linkTraffic[key] ??= { flow: part.flow, from: part.from, to: part.to, records: 0, messages: 0 });
    link.records += part.records;
    link.messages++;
  });
}

/** Ranks what the page should see first when there are too many: records, then group traffic, then the rest. */
function rank(m: InFlightMessage): number {
  if (m.records > 0) return 0;
  if (m.flow === 'group' && m.api !== 'Heartbeat') return 1;
  return 2;
}

/**
 * The messages in flight now (sent, not yet arrived), the most useful `limit` of them, soonest to
 * arrive first within each rank; and how many there were in all.
 */
export function inFlightMessages(sim: Sim, limit = IN_FLIGHT_LIMIT): { messages: InFlightMessage[]; total: number } {
  const { times, seqs, sentMs, tasks } = sim.queue;
  const all: InFlightMessage[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const arriveMs = times[i]!;
    const sent = sentMs[i]!;
    // Scheduled for the same millisecond it was sent (a broken connection, a local hand-off): nothing flies.
    if (arriveMs <= sent) continue;
    let part = 0;
    const seq = seqs[i]!;
    partsOf(sim, tasks[i]!, (p) => {
      all.push({ id: part === 0 ? `${seq}` : `${seq}.${part}`, ...p, sentMs: sent, arriveMs });
      part++;
    });
  }
  const total = all.length;
  all.sort((a, b) => rank(a) - rank(b) || a.arriveMs - b.arriveMs || a.sentMs - b.sentMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (all.length > limit) all.length = limit;
  return { messages: all, total };
}

/** The link counters, in a stable order. */
export function linkTraffic(sim: Sim): LinkTraffic[] {
  return Object.keys(sim.linkTraffic)
    .sort()
    .map((k) => ({ ...sim.linkTraffic[k]! }));
}
