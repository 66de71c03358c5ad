/**
 * Where a message on the wire is drawn: pure functions of the snapshot's in-flight messages, the
 * layout's anchors and the display time (raftscope's `(t − sent) / (recv − sent)`). Nothing here
 * knows what kind of node or request it is placing: a new kind of node needs an anchor, not code.
 */
import type { InFlightMessage, LinkTraffic, NodeId } from '../../engine';
import { parseNodeId, partitionName } from '../../engine';
import { linkKey } from '../../store/cluster-cards';
import { arcCurve, horizontalCurve, tileKey } from './layout';
import type { Curve, FlowAnchors, Point } from './layout';

/**
 * How far along its link a message is at `atMs`, in [0, 1), or null when it is not on the wire then
 * (not yet sent, or arrived). `minFlightMs` draws a message over at least that much simulated time:
 * the slow motion that makes a 2 ms hop visible while the clock runs (0 shows the model exactly).
 */
export function flightProgress(m: Pick<InFlightMessage, 'sentMs' | 'arriveMs'>, atMs: number, minFlightMs = 0): number | null {
  if (atMs < m.sentMs) return null;
  const flightMs = Math.max(m.arriveMs - m.sentMs, minFlightMs);
  if (flightMs <= 0) return null;
  const t = (atMs - m.sentMs) / flightMs;
  return t < 1 ? t : null;
}

/** When a message leaves the screen: its arrival, or later in slow motion. */
export function flightEndMs(m: Pick<InFlightMessage, 'sentMs' | 'arriveMs'>, minFlightMs: number): number {
  return m.sentMs + Math.max(m.arriveMs - m.sentMs, minFlightMs);
}

/** One end of a message: the tile of its partition on a broker when there is one, else the node. */
export function endpoint(anchors: FlowAnchors, node: NodeId, topic: string | null, partition: number | null): Point | undefined {
  if (topic !== null && partition !== null && node.startsWith('broker:')) {
    const tile = anchors.tiles.get(tileKey(Number(parseNodeId(node).id), partitionName(topic, partition)));
    if (tile) return tile;
  }
  return anchors.nodes.get(node);
}

/** The curve a message follows: an arc hopping over the cards between two brokers, else a left-to-right link. */
export function messageCurve(anchors: FlowAnchors, m: InFlightMessage): Curve | null {
  const a = endpoint(anchors, m.from, m.topic, m.partition);
  const b = endpoint(anchors, m.to, m.topic, m.partition);
  if (!a || !b) return null;
  if (m.from.startsWith('broker:') && m.to.startsWith('broker:')) return arcCurve(a, b, 30 + Math.abs(b.x - a.x) * 0.15);
  return horizontalCurve(a, b);
}

/**
 * The messages to draw at `atMs`: those the latest snapshot has in flight, plus, in slow motion,
 * those from earlier snapshots of the same run still inside their drawn flight. NOTE mutates held.
 */
export function holdInFlight(held: Map<string, InFlightMessage>, inFlight: readonly InFlightMessage[], atMs: number, minFlightMs: number): void {
  for (const [id, m] of held) if (flightEndMs(m, minFlightMs) <= atMs) held.delete(id);
  for (const m of inFlight) held.set(m.id, m);
}

/** The band a link's traffic widens (`layout.linkKey`), or null for traffic drawn without a band. */
export function bandKey(link: Pick<LinkTraffic, 'flow' | 'from' | 'to'>): string | null {
  const from = parseNodeId(link.from);
  const to = parseNodeId(link.to);
  switch (link.flow) {
    case 'produce':
      return linkKey('produce', from.id, to.id);
    case 'replicate': {
      // One band per pair of brokers, whichever way the records go.
      const [a, b] = [Number(from.id), Number(to.id)].sort((x, y) => x - y);
      return linkKey('replicate', a!, b!);
    }
    case 'consume':
      return linkKey('consume', from.id, to.id);
    case 'group':
      return null;
  }
}

/** Records delivered per band between two readings of the link counters. */
export function bandDeltas(before: readonly LinkTraffic[], after: readonly LinkTraffic[]): Map<string, number> {
  const previous = new Map<string, number>();
  for (const l of before) previous.set(`${l.flow}\u001f${l.from}\u001f${l.to}`, l.records);
  const out = new Map<string, number>();
  for (const l of after) {
    const key = bandKey(l);
    if (key === null) continue;
    const delta = l.records - (previous.get(`${l.flow}\u001f${l.from}\u001f${l.to}`) ?? 0);
    if (delta > 0) out.set(key, (out.get(key) ?? 0) + delta);
  }
  return out;
}
