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

/** The partition a message is about, when it names exactly one. */
type About = { topic: string; partition: number } | null;

/** A part without records: a request, an acknowledgement, group traffic, an empty fetch. */
function bare(api: WireApi, response: boolean, flow: WireFlow, from: NodeId, to: NodeId, about: About = null, groupId: string | null = null): Part {
  return { api, response, flow, from, to, topic: about?.topic ?? null, partition: about?.partition ?? null, key: null, records: 0, groupId };
}

/** The partition of a fetch that names only one. */
function onlyPartition(sim: Sim, partitions: readonly { key: string }[]): About {
  const p = partitions.length === 1 ? sim.partitions[partitions[0]!.key] : undefined;
  return p ? { topic: p.topic, partition: p.index } : null;
}

/** A fetch response's parts: one per partition it carries records of, or one bare part when it carries none. */
function fetchedParts(
  sim: Sim,
  flow: WireFlow,
  from: NodeId,
  to: NodeId,
  groupId: string | null,
  partitions: readonly { key: string; batches: readonly StoredBatch[] }[],
  out: PartSink,
): void {
  let carried = false;
  for (const part of partitions) {
    const records = countRecords(part.batches);
    if (records === 0) continue;
    const p = sim.partitions[part.key]!;
    out({ api: 'Fetch', response: true, flow, from, to, topic: p.topic, partition: p.index, key: firstKey(part.batches), records, groupId });
    carried = true;
  }
  if (!carried) out(bare('Fetch', true, flow, from, to, null, groupId));
}

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
    const only = request.batches.length === 1 ? { topic: request.batches[0]!.topic, partition: request.batches[0]!.partition } : null;
    out(bare('Produce', true, 'produce', nodeId('broker', request.brokerId), nodeId('producer', request.producerId), only));
  },
  fetchArrive: (sim, { request }, out) =>
    out(bare('Fetch', false, 'replicate', nodeId('broker', request.followerId), nodeId('broker', request.leaderId), onlyPartition(sim, request.partitions))),
  fetchResponse: (sim, { response }, out) =>
    fetchedParts(sim, 'replicate', nodeId('broker', response.leaderId), nodeId('broker', response.followerId), null, response.partitions, out),
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
    const groupId = sim.consumers[request.consumerId]?.groupId ?? null;
    out(
      bare(
        'Fetch',
        false,
        'consume',
        nodeId('consumer', request.consumerId),
        nodeId('broker', request.brokerId),
        onlyPartition(sim, request.partitions),
        groupId,
      ),
    );
  },
  consumerFetchResponse: (sim, { request, partitions }, out) => {
    const groupId = sim.consumers[request.consumerId]?.groupId ?? null;
    fetchedParts(sim, 'consume', nodeId('broker', request.brokerId), nodeId('consumer', request.consumerId), groupId, partitions, out);
  },
  groupRequest: (_sim, { groupId, brokerId, request }, out) =>
    out(bare(GROUP_API[request.kind], false, 'group', nodeId('consumer', request.consumerId), nodeId('broker', brokerId), null, groupId)),
  groupResponse: (_sim, { groupId, brokerId, consumerId, response }, out) =>
    out(bare(GROUP_API[response.kind], true, 'group', nodeId('broker', brokerId), nodeId('consumer', consumerId), null, groupId)),
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

/** Node ids made once: counting runs for every message, and a cached string is hashed once. */
const BROKER_NODES: NodeId[] = [];
const CLIENT_NODES = { producer: new Map<string, NodeId>(), consumer: new Map<string, NodeId>() };
function brokerNode(id: number): NodeId {
  return (BROKER_NODES[id] ??= nodeId('broker', id));
}
function clientNode(kind: 'producer' | 'consumer', id: string): NodeId {
  const cache = CLIENT_NODES[kind];
  let n = cache.get(id);
  if (n === undefined) cache.set(id, (n = nodeId(kind, id)));
  return n;
}

function bump(sim: Sim, flow: WireFlow, from: NodeId, to: NodeId, records: number): void {
  const byFrom = (sim.linkTraffic[flow] ??= {});
  const byTo = (byFrom[from] ??= {});
  const link = (byTo[to] ??= { records: 0, messages: 0 });
  link.records += records;
  link.messages++;
}

/**
 * Counts a message's records on its link as it arrives (called for every task that runs, so it
 * builds no parts: the same links as `WIRE`, counted directly). The counters are state, so a
 * checkpoint keeps them and a seek restores them. NOTE mutates sim.
 */
export function countDelivered(sim: Sim, task: Task): void {
  switch (task.kind) {
    case 'produceArrive': {
      let records = 0;
      for (const b of task.request.batches) records += b.count;
      return bump(sim, 'produce', clientNode('producer', task.request.producerId), brokerNode(task.request.brokerId), records);
    }
    case 'produceResponse':
      if (!task.disconnected) bump(sim, 'produce', brokerNode(task.request.brokerId), clientNode('producer', task.request.producerId), 0);
      return;
    case 'fetchArrive':
      return bump(sim, 'replicate', brokerNode(task.request.followerId), brokerNode(task.request.leaderId), 0);
    case 'fetchResponse': {
      let records = 0;
      for (const p of task.response.partitions) records += countRecords(p.batches);
      return bump(sim, 'replicate', brokerNode(task.response.leaderId), brokerNode(task.response.followerId), records);
    }
    case 'consumerFetchArrive':
      return bump(sim, 'consume', clientNode('consumer', task.request.consumerId), brokerNode(task.request.brokerId), 0);
    case 'consumerFetchResponse': {
      let records = 0;
      for (const p of task.partitions) records += countRecords(p.batches);
      return bump(sim, 'consume', brokerNode(task.request.brokerId), clientNode('consumer', task.request.consumerId), records);
    }
    case 'groupRequest':
      return bump(sim, 'group', clientNode('consumer', task.request.consumerId), brokerNode(task.brokerId), 0);
    case 'groupResponse':
      return bump(sim, 'group', brokerNode(task.brokerId), clientNode('consumer', task.consumerId), 0);
    default:
      return;
  }
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

/** The link counters, flow by flow, each sorted by sender then receiver. */
export function linkTraffic(sim: Sim): LinkTraffic[] {
  const out: LinkTraffic[] = [];
  for (const flow of ['produce', 'replicate', 'consume', 'group'] as const) {
    const byFrom = sim.linkTraffic[flow];
    if (!byFrom) continue;
    for (const from of Object.keys(byFrom).sort() as NodeId[]) {
      const byTo = byFrom[from]!;
      for (const to of Object.keys(byTo).sort() as NodeId[]) out.push({ flow, from, to, records: byTo[to]!.records, messages: byTo[to]!.messages });
    }
  }
  return out;
}
