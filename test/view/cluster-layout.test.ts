import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colorForKey, colorForPartition, NO_KEY_COLOR, RECORD_PALETTE } from '../../src/view/cluster/colors';
import { brokerLinkCurve, fitTiles, flowAnchors, horizontalCurve, layoutCluster, linkShapes, pointOnCurve, tileKey } from '../../src/view/cluster/layout';
import type { ClusterLayout, LayoutInput, Rect } from '../../src/view/cluster/layout';

const inside = (r: Rect, outer: Rect): boolean =>
  r.x >= outer.x - 1e-9 && r.y >= outer.y - 1e-9 && r.x + r.width <= outer.x + outer.width + 1e-9 && r.y + r.height <= outer.y + outer.height + 1e-9;
const overlap = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function input(brokers: number, tiles: number, width: number, extra: Partial<LayoutInput> = {}): LayoutInput {
  return {
    width,
    producers: ['checkout-service'],
    brokers: Array.from({ length: brokers }, (_, i) => ({ id: i + 1, tiles })),
    groups: [{ groupId: 'billing', members: ['billing-1', 'billing-2'] }],
    ...extra,
  };
}

/** Every invariant a layout must keep, whatever the input. */
function checkLayout(l: ClusterLayout, width: number): void {
  const container = { x: 0, y: 0, width: l.width, height: l.height };
  expect(l.width).toBe(width);
  for (const r of [...l.producers, ...l.brokers, ...l.groups, ...l.groups.flatMap((g) => g.members)])
    expect(inside(r, container), JSON.stringify(r)).toBe(true);
  for (const b of l.brokers) {
    const card = { x: 0, y: 0, width: b.width, height: b.height };
    const tiles = [...b.tiles, ...b.internalTiles];
    const outside = tiles.filter((t) => !inside(t, card) || t.y < b.headHeight);
    expect(outside, `tiles outside a ${b.width}×${b.height} card`).toEqual([]);
    // Plain loops (not one expect per pair): the property runs this for thousands of tiles.
    let overlapping = 0;
    for (let i = 0; i < tiles.length; i++) for (let j = i + 1; j < tiles.length; j++) if (overlap(tiles[i]!, tiles[j]!)) overlapping++;
    expect(overlapping).toBe(0);
  }
  const nodes: Rect[] = [...l.producers, ...l.brokers, ...l.groups];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) expect(overlap(nodes[i]!, nodes[j]!), `${JSON.stringify(nodes[i])} vs ${JSON.stringify(nodes[j])}`).toBe(false);
  for (const g of l.groups) for (const m of g.members) expect(inside(m, g)).toBe(true);
}

describe('cluster layout', () => {
  it('puts producers left, brokers in the middle and groups right', () => {
    const l = layoutCluster(input(3, 3, 900));
    const [p] = l.producers;
    const [g] = l.groups;
    for (const b of l.brokers) {
      expect(b.x).toBeGreaterThan(p!.x + p!.width);
      expect(b.x + b.width).toBeLessThan(g!.x);
    }
    expect(l.height).toBeGreaterThanOrEqual(250);
    expect(l.height).toBeLessThanOrEqual(420);
  });

  it('lays 3 brokers out in one row at 900 px, with labelled tiles', () => {
    const l = layoutCluster(input(3, 3, 900));
    expect(new Set(l.brokers.map((b) => b.row))).toEqual(new Set([0]));
    for (const b of l.brokers) {
      expect(b.labelled).toBe(true);
      expect(b.tiles).toHaveLength(3);
      // Room for "orders-0" and a role letter.
      expect(b.tiles[0]!.width).toBeGreaterThanOrEqual(72);
    }
  });

  it('lays 9 brokers out as 3×3 at 900 px and 5+4 at 1400 px; 24 tiles become small unlabelled squares', () => {
    const narrow = layoutCluster(input(9, 24, 900));
    expect([0, 1, 2].map((r) => narrow.brokers.filter((b) => b.row === r).length)).toEqual([3, 3, 3]);
    const wide = layoutCluster(input(9, 24, 1400));
    expect([0, 1].map((r) => wide.brokers.filter((b) => b.row === r).length)).toEqual([5, 4]);
    for (const l of [narrow, wide]) {
      expect(l.height).toBeLessThanOrEqual(420);
      for (const b of l.brokers) {
        expect(b.labelled).toBe(false);
        expect(b.tiles[0]!.width).toBe(b.tiles[0]!.height);
        expect(b.tiles[0]!.width).toBeLessThan(30);
      }
    }
  });

  it('shrinks tiles as a broker hosts more replicas', () => {
    const sizes = [3, 12, 24, 60, 200].map((n) => {
      const t = fitTiles(140, 120, n)!.tiles[0]!;
      return t.width * t.height;
    });
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
    expect(sizes[sizes.length - 1]!).toBeLessThan(sizes[0]!);
    expect(fitTiles(140, 20, 1000)).toBeNull();
  });

  it('grows the height rather than overflow when tiles or members do not fit', () => {
    const l = layoutCluster(
      input(12, 150, 700, { groups: Array.from({ length: 4 }, (_, g) => ({ groupId: `g${g}`, members: Array.from({ length: 8 }, (_, m) => `g${g}-${m}`) })) }),
    );
    expect(l.height).toBeGreaterThan(420);
    checkLayout(l, 700);
  });

  it('keeps every node inside the container and never overlaps two cards (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 700, max: 1400 }),
        fc.array(fc.record({ tiles: fc.integer({ min: 0, max: 80 }), internal: fc.integer({ min: 0, max: 60 }) }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }),
        (brokers, width, counts, producers, groups) => {
          const l = layoutCluster({
            width,
            producers: Array.from({ length: producers }, (_, i) => `p${i}`),
            brokers: counts.slice(0, brokers).map((c, i) => ({ id: i + 1, tiles: c.tiles, internalTiles: c.internal })),
            groups: groups.map((m, g) => ({ groupId: `g${g}`, members: Array.from({ length: m }, (_, i) => `g${g}-c${i}`) })),
          });
          checkLayout(l, width);
          for (const [i, b] of l.brokers.entries()) {
            expect(b.tiles).toHaveLength(counts[i]!.tiles);
            expect(b.internalTiles).toHaveLength(counts[i]!.internal);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is deterministic', () => {
    expect(layoutCluster(input(5, 9, 1000))).toEqual(layoutCluster(input(5, 9, 1000)));
  });
});

describe('links and anchors', () => {
  it('puts tile anchors at the tile centres and drops links whose ends are off screen', () => {
    const l = layoutCluster(input(3, 3, 900));
    const b = l.brokers[0]!;
    const anchors = flowAnchors(l, new Map([[1, ['orders-0', 'orders-1', 'orders-2']]]));
    const at = anchors.tiles.get(tileKey(1, 'orders-1'))!;
    expect(at.x).toBeCloseTo(b.x + b.tiles[1]!.x + b.tiles[1]!.width / 2);
    expect(at.y).toBeCloseTo(b.y + b.tiles[1]!.y + b.tiles[1]!.height / 2);
    const shapes = linkShapes(l, [
      { kind: 'produce', from: 'checkout-service', to: '1', state: 'ok' },
      { kind: 'replicate', from: '1', to: '3', state: 'cut' },
      { kind: 'consume', from: '2', to: 'billing-2', state: 'ok' },
      { kind: 'consume', from: '2', to: 'nobody', state: 'ok' },
    ]);
    expect(shapes.map((s) => s.kind)).toEqual(['produce', 'replicate', 'consume']);
    expect(shapes[0]!.path.startsWith(`M${l.producers[0]!.x + l.producers[0]!.width},`)).toBe(true);
  });

  it('curves start and end at their anchors; a same-row arc stays inside the container', () => {
    const c = horizontalCurve({ x: 10, y: 20 }, { x: 110, y: 80 });
    expect(pointOnCurve(c, 0, { x: 0, y: 0 })).toEqual({ x: 10, y: 20 });
    expect(pointOnCurve(c, 1, { x: 0, y: 0 })).toEqual({ x: 110, y: 80 });
    const l = layoutCluster(input(3, 3, 900));
    const arc = brokerLinkCurve(l.brokers[0]!, l.brokers[2]!);
    for (let t = 0; t <= 1; t += 0.1) {
      const at = pointOnCurve(arc, t, { x: 0, y: 0 });
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.x).toBeLessThanOrEqual(l.width);
      expect(at.y).toBeGreaterThanOrEqual(0);
      expect(at.y).toBeLessThanOrEqual(l.height);
    }
    expect(pointOnCurve(arc, 0.5, { x: 0, y: 0 }).y).toBeLessThan(l.brokers[0]!.y);
  });
});

describe('record colours', () => {
  it('gives one key always the same palette colour, and a null key the grey', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(colorForKey(key)).toBe(colorForKey(`${key}`));
        expect(RECORD_PALETTE).toContain(colorForKey(key));
      }),
    );
    expect(colorForKey(null)).toBe(NO_KEY_COLOR);
    expect(RECORD_PALETTE).not.toContain(NO_KEY_COLOR);
  });

  it('spreads keys over the palette and partitions over distinct colours', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => colorForKey(`customer-${i}`)));
    expect(used.size).toBe(RECORD_PALETTE.length);
    expect(new Set([0, 1, 2, 3, 4, 5, 6].map(colorForPartition)).size).toBe(7);
    expect(colorForPartition(7)).toBe(colorForPartition(0));
  });
});
