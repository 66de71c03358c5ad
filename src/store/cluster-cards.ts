/**
 * What the cluster view's cards and links show, projected from the snapshot. The snapshot is a new
 * object every tick; each card is picked as a JSON signature that only changes when the card would
 * look different, so `React.memo` skips it (pick the lists with `useShallow`; `hooks.ts` does).
 */
import { isInternalTopic, partitionName } from '../engine';
import type { BrokerView } from '../engine';
import type { SimState } from './index';

/**
 * A replica's look: L leader, F follower in sync, O follower out of sync, D replica on a broker that
 * is down (the partition is served elsewhere), X partition offline (no leader anywhere).
 */
export type TileCode = 'L' | 'F' | 'O' | 'D' | 'X';

/** One replica tile: [topic, partition, code]. */
export type TileModel = [topic: string, partition: number, code: TileCode];

/** What a broker card shows, straight from the snapshot's BrokerView and replicaStates. */
export interface BrokerCardModel extends Pick<BrokerView, 'id' | 'state' | 'isolated' | 'fenced' | 'isController' | 'isVoter' | 'extraLatencyMs'> {
  tiles: TileModel[];
  internalTiles: TileModel[];
}

/** What a producer card shows. */
export interface ProducerModel {
  id: string;
  topic: string;
  ratePerSec: number;
  acks: string;
  paused: boolean;
}

/** What a consumer group box shows: the group and every consumer created in it (crashed ones too). */
export interface GroupModel {
  groupId: string;
  state: string;
  consumers: { id: string; state: 'running' | 'crashed'; idle: boolean; paused: boolean; assignment: string[] }[];
}

/** What a link carries: producer → leader broker, leader ↔ follower broker, leader broker → consumer. */
export type LinkKind = 'produce' | 'replicate' | 'consume';

/** A link's identity; the animation counts records per key. Ids are joined with a control character no name contains. */
export function linkKey(kind: LinkKind, from: string | number, to: string | number): string {
  return `${kind}\u001f${from}\u001f${to}`;
}

const NONE: string[] = [];

/** One JSON signature per broker (snapshot order), with its replica tiles. */
export function selectBrokerSigs(s: SimState): string[] {
  const snap = s.snapshot;
  if (!snap) return NONE;
  const byBroker = new Map<number, BrokerCardModel>();
  const models = snap.brokers.map((b) => {
    const m: BrokerCardModel = {
      id: b.id,
      state: b.state,
      isolated: b.isolated,
      fenced: b.fenced,
      isController: b.isController,
      isVoter: b.isVoter,
      extraLatencyMs: b.extraLatencyMs,
      tiles: [],
      internalTiles: [],
    };
    byBroker.set(b.id, m);
    return m;
  });
  for (const p of snap.partitions) {
    const internal = isInternalTopic(p.topic);
    if (internal && !s.showInternal) continue;
    for (const r of p.replicaStates) {
      const m = byBroker.get(r.brokerId);
      if (!m) continue;
      const code: TileCode = p.offline ? 'X' : r.role === 'offline' ? 'D' : r.role === 'leader' ? 'L' : r.inIsr ? 'F' : 'O';
      (internal ? m.internalTiles : m.tiles).push([p.topic, p.partition, code]);
    }
  }
  return models.map((m) => JSON.stringify(m));
}

/** One JSON signature per producer. */
export function selectProducerSigs(s: SimState): string[] {
  const producers = s.snapshot?.producers;
  if (!producers) return NONE;
  return producers.map((p) => {
    const acks = p.configs.find((c) => c.name === 'acks')?.value;
    const m: ProducerModel = { id: p.id, topic: p.topic, ratePerSec: p.ratePerSec, acks: String(acks ?? 'all'), paused: p.paused };
    return JSON.stringify(m);
  });
}

/** One JSON signature per consumer group, with its consumers. */
export function selectGroupSigs(s: SimState): string[] {
  const snap = s.snapshot;
  if (!snap) return NONE;
  const groups = new Map<string, GroupModel>();
  for (const g of snap.groups) groups.set(g.groupId, { groupId: g.groupId, state: g.state, consumers: [] });
  for (const c of snap.consumers) {
    let g = groups.get(c.groupId);
    if (!g) groups.set(c.groupId, (g = { groupId: c.groupId, state: 'Empty', consumers: [] }));
    g.consumers.push({ id: c.id, state: c.state, idle: c.idle, paused: c.paused, assignment: c.assignment });
  }
  return [...groups.values()].map((g) => JSON.stringify(g));
}

/**
 * The links the snapshot implies now (`linkKey` strings, sorted): each producer → the leaders of
 * its topic's partitions, each leader ↔ its followers, each partition's leader → the consumer it is
 * assigned to. It only changes when a leader, replica set or assignment does.
 */
export function selectLinkKeys(s: SimState): string[] {
  const snap = s.snapshot;
  if (!snap) return NONE;
  const keys = new Set<string>();
  const leaders = new Map<string, number>();
  for (const p of snap.partitions) {
    if (!s.showInternal && isInternalTopic(p.topic)) continue;
    leaders.set(partitionName(p.topic, p.partition), p.leader);
    if (p.leader < 0) continue;
    for (const r of p.replicas) if (r !== p.leader) keys.add(linkKey('replicate', Math.min(r, p.leader), Math.max(r, p.leader)));
    for (const pr of snap.producers) if (pr.topic === p.topic) keys.add(linkKey('produce', pr.id, p.leader));
  }
  for (const c of snap.consumers) {
    if (c.state !== 'running') continue;
    // A consumer's assignment holds partition names as Kafka writes them ("orders-1").
    for (const name of c.assignment) {
      const leader = leaders.get(name);
      if (leader !== undefined && leader >= 0) keys.add(linkKey('consume', leader, c.id));
    }
  }
  return [...keys].sort();
}
