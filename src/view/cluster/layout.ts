/**
 * Where everything in the cluster view goes: pure arithmetic, no React, no DOM. Producers stand in
 * a column on the left, brokers in a grid in the middle, consumer groups in a column on the right;
 * links are cubic Bézier curves so that an SVG path and a dot flying along it share one shape.
 */
import { linkHorizontal } from 'd3-shape';
import { nodeId } from '../../engine';
import type { NodeId } from '../../engine';
import { linkKey } from '../../store/cluster-cards';
import type { LinkKind } from '../../store/cluster-cards';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A broker card. `tiles` and `internalTiles` are relative to the card's top-left corner. */
export interface BrokerBox extends Rect {
  id: number;
  row: number;
  col: number;
  /** Height of the card's heading block (name, badges, action button) above the tiles. */
  headHeight: number;
  tiles: Rect[];
  /** Tiny tiles for internal topics (`__consumer_offsets`), below the others. */
  internalTiles: Rect[];
  /** Whether regular tiles are wide enough for a partition name ("orders-0"). */
  labelled: boolean;
}

export interface ProducerBox extends Rect {
  id: string;
}

interface MemberBox extends Rect {
  id: string;
}

/** A consumer group's box; `members` are absolute, one row per consumer. */
export interface GroupBox extends Rect {
  groupId: string;
  headHeight: number;
  members: MemberBox[];
}

export interface ClusterLayout {
  width: number;
  height: number;
  producers: ProducerBox[];
  brokers: BrokerBox[];
  groups: GroupBox[];
}

export interface LayoutInput {
  /** Container width in px. */
  width: number;
  /** Preferred height in px; grown when the content needs more. Default: 340/380/420 px for 1/2/3+ broker rows. */
  height?: number;
  producers: readonly string[];
  /** Per broker: how many replica tiles it shows, and how many of them are internal-topic tiles. */
  brokers: readonly { id: number; tiles: number; internalTiles?: number }[];
  groups: readonly { groupId: string; members: readonly string[] }[];
}

const PAD = 8;
const GAP_X = 14;
const GAP_Y = 16;
/** Room above the first broker row for replication arcs between cards of one row. */
const ARC_ROOM = 22;
const CARD_PAD = 6;
const MIN_CARD_W = 132;
const MAX_CARD_W = 260;
const MAX_CARD_H = 230;
/** Cards at least this wide fit name, badges and action on two lines; narrower ones need three. */
const WIDE_CARD_W = 210;
const HEAD_WIDE = 48;
const HEAD_NARROW = 66;
const PRODUCER_MIN_H = 34;
const PRODUCER_MAX_H = 64;
const PRODUCER_GAP = 8;
const GROUP_HEAD = 28;
const GROUP_PAD = 4;
const GROUP_GAP = 10;
const MEMBER_MIN_H = 20;
const MEMBER_MAX_H = 40;
const LABEL_GAP = 4;
const LABEL_MIN_W = 72;
const LABEL_MAX_W = 150;
const LABEL_MIN_H = 16;
const LABEL_MAX_H = 24;
const SQUARE_MAX = 28;
const SQUARE_MIN = 6;
const INTERNAL_SIZE = 5;
const INTERNAL_GAP = 1;
const INTERNAL_SEPARATION = 4;

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** Gap between squares of side `s`: tighter as they shrink. */
const squareGap = (s: number): number => (s >= 12 ? 3 : s >= 8 ? 2 : 1);

function gridRects(n: number, cols: number, w: number, h: number, gap: number, y0: number): Rect[] {
  const out: Rect[] = [];
  for (let i = 0; i < n; i++) out.push({ x: (i % cols) * (w + gap), y: y0 + Math.floor(i / cols) * (h + gap), width: w, height: h });
  return out;
}

function internalGrid(width: number, count: number): { cols: number; height: number } {
  if (count <= 0) return { cols: 1, height: 0 };
  const cols = Math.max(1, Math.floor((width + INTERNAL_GAP) / (INTERNAL_SIZE + INTERNAL_GAP)));
  return { cols, height: Math.ceil(count / cols) * (INTERNAL_SIZE + INTERNAL_GAP) - INTERNAL_GAP };
}

/** The tiles of one card's tile area (`width` × `height`), largest that fit; null when even the smallest do not. */
export function fitTiles(width: number, height: number, tiles: number, internalTiles = 0): { tiles: Rect[]; internalTiles: Rect[]; labelled: boolean } | null {
  const inner = internalGrid(width, internalTiles);
  const internal = gridRects(internalTiles, inner.cols, INTERNAL_SIZE, INTERNAL_SIZE, INTERNAL_GAP, height - inner.height);
  const room = height - inner.height - (internalTiles > 0 && tiles > 0 ? INTERNAL_SEPARATION : 0);
  if (tiles <= 0) return room >= 0 ? { tiles: [], internalTiles: internal, labelled: false } : null;
  // Labelled tiles first (name + role letter): the widest columns that leave room for every row.
  for (let cols = Math.max(1, Math.ceil((width + LABEL_GAP) / (LABEL_MAX_W + LABEL_GAP))); ; cols++) {
    const w = Math.floor((width - (cols - 1) * LABEL_GAP) / cols);
    if (w < LABEL_MIN_W) break;
    const rows = Math.ceil(tiles / cols);
    const h = Math.min(LABEL_MAX_H, Math.floor((room - (rows - 1) * LABEL_GAP) / rows));
    if (h >= LABEL_MIN_H) return { tiles: gridRects(tiles, cols, w, h, LABEL_GAP, 0), internalTiles: internal, labelled: true };
  }
  // Then squares, shrinking with the number of replicas the broker hosts.
  for (let s = SQUARE_MAX; s >= SQUARE_MIN; s--) {
    const gap = squareGap(s);
    const cols = Math.max(1, Math.floor((width + gap) / (s + gap)));
    const rows = Math.ceil(tiles / cols);
    if (rows * (s + gap) - gap <= room) return { tiles: gridRects(tiles, cols, s, s, gap, 0), internalTiles: internal, labelled: false };
  }
  return null;
}

/** The least tile-area height that fits `tiles` smallest squares and the internal tiles. */
function minTileAreaHeight(width: number, tiles: number, internalTiles: number): number {
  const inner = internalGrid(width, internalTiles).height;
  const gap = squareGap(SQUARE_MIN);
  const cols = Math.max(1, Math.floor((width + gap) / (SQUARE_MIN + gap)));
  const squares = tiles > 0 ? Math.ceil(tiles / cols) * (SQUARE_MIN + gap) - gap : 0;
  return inner + squares + (internalTiles > 0 && tiles > 0 ? INTERNAL_SEPARATION : 0);
}

/** The tile-area height that shows `tiles` at their most comfortable size (labelled when the width allows). */
function idealTileAreaHeight(width: number, tiles: number, internalTiles: number): number {
  const inner = internalGrid(width, internalTiles).height + (internalTiles > 0 && tiles > 0 ? INTERNAL_SEPARATION : 0);
  const cols = Math.max(1, Math.ceil((width + LABEL_GAP) / (LABEL_MAX_W + LABEL_GAP)));
  const labelled = Math.floor((width - (cols - 1) * LABEL_GAP) / cols) >= LABEL_MIN_W;
  const perRow = labelled ? cols : Math.max(1, Math.floor((width + 3) / 23));
  const rowH = labelled ? LABEL_MAX_H + LABEL_GAP : 23;
  return inner + Math.max(20, Math.ceil(tiles / perRow) * rowH);
}

/**
 * Lays out the cluster view for a container `width` px wide. Deterministic: the same input gives
 * the same rectangles. Brokers take as few rows as fit cards at least 132 px wide (3 in one row at
 * 900 px; 9 as 3×3 at 900 px or 5+4 at 1400 px); the height grows only when tiles, producers or
 * group members would not fit.
 * @example layoutCluster({ width: 900, producers: ['p'], brokers: [{ id: 1, tiles: 3 }], groups: [] })
 */
export function layoutCluster(input: LayoutInput): ClusterLayout {
  const width = Math.max(320, Math.floor(input.width));
  const np = input.producers.length;
  const ng = input.groups.length;
  const producerW = np > 0 ? clamp(Math.round(width * 0.15), 96, 180) : 0;
  const groupW = ng > 0 ? clamp(Math.round(width * 0.17), 110, 210) : 0;
  const linkGap = clamp(Math.round(width * 0.05), 24, 64);
  const left = PAD + (producerW > 0 ? producerW + linkGap : 0);
  const right = width - PAD - (groupW > 0 ? groupW + linkGap : 0);
  const areaW = Math.max(60, right - left);

  const n = input.brokers.length;
  const maxCols = Math.max(1, Math.floor((areaW + GAP_X) / (MIN_CARD_W + GAP_X)));
  const rows = n > 0 ? Math.ceil(n / maxCols) : 0;
  const cols = rows > 0 ? Math.ceil(n / rows) : 0;
  const cardW = cols > 0 ? Math.min(MAX_CARD_W, Math.floor((areaW - (cols - 1) * GAP_X) / cols)) : 0;
  const headH = cardW >= WIDE_CARD_W ? HEAD_WIDE : HEAD_NARROW;
  const tileAreaW = cardW - 2 * CARD_PAD;
  let minCardH = headH + 20 + CARD_PAD;
  let idealCardH = minCardH;
  for (const b of input.brokers) {
    minCardH = Math.max(minCardH, headH + minTileAreaHeight(tileAreaW, b.tiles, b.internalTiles ?? 0) + CARD_PAD);
    idealCardH = Math.max(idealCardH, headH + idealTileAreaHeight(tileAreaW, b.tiles, b.internalTiles ?? 0) + CARD_PAD);
  }

  const memberRows = input.groups.reduce((sum, g) => sum + Math.max(1, g.members.length), 0);
  const needs = [
    input.height ?? [250, 250, 360, 420][Math.min(rows, 3)]!,
    rows > 0 ? 2 * PAD + ARC_ROOM + rows * minCardH + (rows - 1) * GAP_Y : 0,
    np > 0 ? 2 * PAD + np * PRODUCER_MIN_H + (np - 1) * PRODUCER_GAP : 0,
    ng > 0 ? 2 * PAD + ng * (GROUP_HEAD + GROUP_PAD) + memberRows * MEMBER_MIN_H + (ng - 1) * GROUP_GAP : 0,
  ];
  const height = Math.ceil(Math.max(...needs));

  // Brokers: a grid centred in the middle area; an incomplete last row is centred too.
  // Cards as tall as their tiles want (no taller than the room, no shorter than the smallest tiles need).
  const roomH = Math.floor((height - 2 * PAD - ARC_ROOM - (rows - 1) * GAP_Y) / rows);
  const cardH = rows > 0 ? Math.max(minCardH, Math.min(MAX_CARD_H, roomH, idealCardH)) : 0;
  const gridH = rows * cardH + Math.max(0, rows - 1) * GAP_Y;
  const gridTop = PAD + ARC_ROOM + Math.floor((height - 2 * PAD - ARC_ROOM - gridH) / 2);
  const brokers: BrokerBox[] = input.brokers.map((b, i) => {
    const row = Math.floor(i / cols);
    const col = i % cols;
    const inRow = Math.min(cols, n - row * cols);
    const rowW = inRow * cardW + (inRow - 1) * GAP_X;
    const x = left + Math.floor((areaW - rowW) / 2) + col * (cardW + GAP_X);
    const y = gridTop + row * (cardH + GAP_Y);
    const fit = fitTiles(tileAreaW, cardH - headH - CARD_PAD, b.tiles, b.internalTiles ?? 0) ?? { tiles: [], internalTiles: [], labelled: false };
    const shift = (r: Rect): Rect => ({ ...r, x: r.x + CARD_PAD, y: r.y + headH });
    return {
      id: b.id,
      row,
      col,
      x,
      y,
      width: cardW,
      height: cardH,
      headHeight: headH,
      tiles: fit.tiles.map(shift),
      internalTiles: fit.internalTiles.map(shift),
      labelled: fit.labelled,
    };
  });

  // Producers: a centred stack on the left.
  const producerH = np > 0 ? clamp(Math.floor((height - 2 * PAD - (np - 1) * PRODUCER_GAP) / np), PRODUCER_MIN_H, PRODUCER_MAX_H) : 0;
  const producersTop = Math.floor((height - (np * producerH + Math.max(0, np - 1) * PRODUCER_GAP)) / 2);
  const producers: ProducerBox[] = input.producers.map((id, i) => ({
    id,
    x: PAD,
    y: producersTop + i * (producerH + PRODUCER_GAP),
    width: producerW,
    height: producerH,
  }));

  // Groups: a centred stack of boxes on the right, one row per member.
  const memberRoom = height - 2 * PAD - ng * (GROUP_HEAD + GROUP_PAD) - Math.max(0, ng - 1) * GROUP_GAP;
  const memberH = memberRows > 0 ? clamp(Math.floor(memberRoom / memberRows), MEMBER_MIN_H, MEMBER_MAX_H) : 0;
  const groupsH = ng * (GROUP_HEAD + GROUP_PAD) + memberRows * memberH + Math.max(0, ng - 1) * GROUP_GAP;
  let y = Math.floor((height - groupsH) / 2);
  const gx = width - PAD - groupW;
  const groups: GroupBox[] = input.groups.map((g) => {
    const h = GROUP_HEAD + Math.max(1, g.members.length) * memberH + GROUP_PAD;
    const box: GroupBox = {
      groupId: g.groupId,
      x: gx,
      y,
      width: groupW,
      height: h,
      headHeight: GROUP_HEAD,
      members: g.members.map((id, i) => ({ id, x: gx + 4, y: y + GROUP_HEAD + i * memberH, width: groupW - 8, height: memberH - 2 })),
    };
    y += h + GROUP_GAP;
    return box;
  });

  return { width, height, producers, brokers, groups };
}

/** A cubic Bézier curve: start, two control points, end. */
export interface Curve {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  x3: number;
  y3: number;
}

/** The middle of a rectangle's left or right side: where links attach to cards. */
function sideAnchor(r: Rect, side: 'left' | 'right'): Point {
  return { x: side === 'left' ? r.x : r.x + r.width, y: r.y + r.height / 2 };
}

/** The centre of a rectangle (tiles relative to a card are shifted by the card's origin). */
function centerOf(r: Rect, origin: Point = { x: 0, y: 0 }): Point {
  return { x: origin.x + r.x + r.width / 2, y: origin.y + r.y + r.height / 2 };
}

/** A left-to-right link, the same curve d3-shape's `linkHorizontal` draws (controls at the middle x). */
export function horizontalCurve(from: Point, to: Point): Curve {
  const mx = (from.x + to.x) / 2;
  return { x0: from.x, y0: from.y, x1: mx, y1: from.y, x2: mx, y2: to.y, x3: to.x, y3: to.y };
}

/** A curve that bows upwards by about ¾ of `liftPx` (dots hopping from tile to tile). */
export function arcCurve(from: Point, to: Point, liftPx: number): Curve {
  return { x0: from.x, y0: from.y, x1: from.x, y1: from.y - liftPx, x2: to.x, y2: to.y - liftPx, x3: to.x, y3: to.y };
}

/**
 * A link between two broker cards: an arc over the top edges when they share a row (kept inside
 * the container), else a vertical S-curve from the upper card's bottom to the lower card's top.
 */
export function brokerLinkCurve(a: Rect, b: Rect): Curve {
  const ax = a.x + a.width / 2;
  const bx = b.x + b.width / 2;
  if (Math.abs(a.y - b.y) < 1) {
    const lift = Math.min(14 + Math.abs(bx - ax) * 0.1, (Math.min(a.y, b.y) - 2) / 0.75);
    return arcCurve({ x: ax, y: a.y }, { x: bx, y: b.y }, Math.max(0, lift));
  }
  const down = a.y < b.y;
  const y0 = down ? a.y + a.height : a.y;
  const y3 = down ? b.y : b.y + b.height;
  const my = (y0 + y3) / 2;
  return { x0: ax, y0, x1: ax, y1: my, x2: bx, y2: my, x3: bx, y3 };
}

/** The point at `t` ∈ [0, 1] along `c`, written into `out` (no allocation: called per dot per frame). */
export function pointOnCurve(c: Curve, t: number, out: Point): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const d = 3 * u * t * t;
  const e = t * t * t;
  out.x = a * c.x0 + b * c.x1 + d * c.x2 + e * c.x3;
  out.y = a * c.y0 + b * c.y1 + d * c.y2 + e * c.y3;
  return out;
}

const horizontalLink = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();

/** SVG path data for a curve (d3-shape for horizontal links, so both agree with `horizontalCurve`). */
function curvePath(c: Curve): string {
  const horizontal = c.y1 === c.y0 && c.y2 === c.y3 && c.x1 === c.x2 && Math.abs(c.x1 - (c.x0 + c.x3) / 2) < 1e-9;
  if (horizontal) return horizontalLink({ source: [c.x0, c.y0], target: [c.x3, c.y3] }) ?? '';
  return `M${c.x0},${c.y0}C${c.x1},${c.y1},${c.x2},${c.y2},${c.x3},${c.y3}`;
}

/**
 * A link between two nodes. `from`/`to` are a producer id and a broker id (produce), two broker
 * ids with the smaller first (replicate: one link per pair), or a broker id and a consumer id (consume).
 * `state`: 'cut' when an isolated broker's network is cut, 'down' when a broker at one end is crashed.
 */
export interface LinkSpec {
  kind: LinkKind;
  from: string;
  to: string;
  state: 'ok' | 'cut' | 'down';
}

/** A link with its curve, SVG path and middle point (where a "cut" marker goes). */
export interface LinkShape extends LinkSpec {
  key: string;
  curve: Curve;
  path: string;
  mid: Point;
}

/** The identity of one replica tile: broker and "topic-partition". */
export function tileKey(brokerId: number, partitionName: string): string {
  return `${brokerId}\u001f${partitionName}`;
}

/** Where dots start and end: producers' right sides, consumers' left sides, cards and tile centres. */
export interface FlowAnchors {
  producers: Map<string, Point>;
  consumers: Map<string, Point>;
  brokers: Map<number, Rect>;
  /** By `tileKey`. */
  tiles: Map<string, Point>;
  /** Every node a message can start or end at, by the engine's `NodeId` (`broker:1`, `producer:p1`, …). */
  nodes: Map<NodeId, Point>;
}

/**
 * Anchor points for the animation. `tileNames` lists, per broker, the "topic-partition" of each
 * tile in the same order the layout placed them (regular tiles, then internal ones).
 */
export function flowAnchors(layout: ClusterLayout, tileNames: ReadonlyMap<number, readonly string[]>): FlowAnchors {
  const anchors: FlowAnchors = { producers: new Map(), consumers: new Map(), brokers: new Map(), tiles: new Map(), nodes: new Map() };
  for (const p of layout.producers) anchors.producers.set(p.id, sideAnchor(p, 'right'));
  for (const g of layout.groups) for (const m of g.members) anchors.consumers.set(m.id, sideAnchor(m, 'left'));
  for (const [id, at] of anchors.producers) anchors.nodes.set(nodeId('producer', id), at);
  for (const [id, at] of anchors.consumers) anchors.nodes.set(nodeId('consumer', id), at);
  for (const b of layout.brokers) {
    anchors.brokers.set(b.id, b);
    anchors.nodes.set(nodeId('broker', b.id), centerOf(b));
    const rects = b.tiles.concat(b.internalTiles);
    (tileNames.get(b.id) ?? []).forEach((name, i) => {
      const r = rects[i];
      if (r) anchors.tiles.set(tileKey(b.id, name), centerOf(r, b));
    });
  }
  return anchors;
}

/** Curves for links whose two ends are on screen (others are left out). */
export function linkShapes(layout: ClusterLayout, specs: readonly LinkSpec[]): LinkShape[] {
  const producers = new Map(layout.producers.map((p) => [p.id, p]));
  const brokers = new Map(layout.brokers.map((b) => [String(b.id), b]));
  const members = new Map<string, MemberBox>();
  for (const g of layout.groups) for (const m of g.members) members.set(m.id, m);
  const out: LinkShape[] = [];
  for (const spec of specs) {
    let curve: Curve | null = null;
    if (spec.kind === 'produce') {
      const p = producers.get(spec.from);
      const b = brokers.get(spec.to);
      if (p && b) curve = horizontalCurve(sideAnchor(p, 'right'), sideAnchor(b, 'left'));
    } else if (spec.kind === 'replicate') {
      const a = brokers.get(spec.from);
      const b = brokers.get(spec.to);
      if (a && b) curve = brokerLinkCurve(a, b);
    } else {
      const b = brokers.get(spec.from);
      const m = members.get(spec.to);
      if (b && m) curve = horizontalCurve(sideAnchor(b, 'right'), sideAnchor(m, 'left'));
    }
    if (curve) out.push({ ...spec, key: linkKey(spec.kind, spec.from, spec.to), curve, path: curvePath(curve), mid: pointOnCurve(curve, 0.5, { x: 0, y: 0 }) });
  }
  return out;
}
