import { describe, expect, it } from 'vitest';
import type { InFlightMessage } from '../../src/engine';
import { bandDeltas, bandKey, endpoint, flightProgress, holdInFlight, messageCurve } from '../../src/view/cluster/flight';
import { selectionFor } from '../../src/view/cluster/FlowLayer';
import { linkKey } from '../../src/store/cluster-cards';
import { pointOnCurve, tileKey } from '../../src/view/cluster/layout';
import type { FlowAnchors } from '../../src/view/cluster/layout';

const message = (over: Partial<InFlightMessage> = {}): InFlightMessage => ({
  id: '1',
  api: 'Produce',
  response: false,
  flow: 'produce',
  from: 'producer:p1',
  to: 'broker:2',
  topic: 'orders',
  partition: 0,
  key: 'k',
  records: 3,
  groupId: null,
  sentMs: 1000,
  arriveMs: 1002,
  ...over,
});

function anchors(): FlowAnchors {
  const a: FlowAnchors = { producers: new Map(), consumers: new Map(), brokers: new Map(), tiles: new Map(), nodes: new Map() };
  a.nodes.set('producer:p1', { x: 0, y: 100 });
  a.nodes.set('broker:2', { x: 400, y: 100 });
  a.nodes.set('broker:3', { x: 700, y: 100 });
  a.nodes.set('consumer:c1', { x: 900, y: 50 });
  a.tiles.set(tileKey(2, 'orders-0'), { x: 380, y: 120 });
  a.tiles.set(tileKey(3, 'orders-0'), { x: 690, y: 120 });
  return a;
}

describe('where a message is drawn', () => {
  it('is (t − sent) / (arrive − sent) of its link, and nowhere before it is sent or once it arrived', () => {
    const m = message();
    expect(flightProgress(m, 999)).toBeNull();
    expect(flightProgress(m, 1000)).toBe(0);
    expect(flightProgress(m, 1001)).toBe(0.5);
    expect(flightProgress(m, 1002)).toBeNull();
  });

  it('in slow motion a fast hop is drawn over the minimum flight instead', () => {
    const m = message();
    expect(flightProgress(m, 1050, 250)).toBeCloseTo(0.2);
    expect(flightProgress(m, 1250, 250)).toBeNull();
    // A slow message keeps its own times.
    expect(flightProgress(message({ arriveMs: 2000 }), 1500, 250)).toBe(0.5);
  });

  it('goes from the producer to the leader tile of its partition, and between two brokers hops over the cards', () => {
    const a = anchors();
    expect(endpoint(a, 'broker:2', 'orders', 0)).toEqual({ x: 380, y: 120 });
    expect(endpoint(a, 'broker:2', null, null)).toEqual({ x: 400, y: 100 });
    expect(endpoint(a, 'broker:2', 'orders', 7)).toEqual({ x: 400, y: 100 });
    const produce = messageCurve(a, message())!;
    expect(pointOnCurve(produce, 0, { x: 0, y: 0 })).toEqual({ x: 0, y: 100 });
    expect(pointOnCurve(produce, 1, { x: 0, y: 0 })).toEqual({ x: 380, y: 120 });
    const replicate = messageCurve(a, message({ flow: 'replicate', api: 'Fetch', response: true, from: 'broker:2', to: 'broker:3' }))!;
    expect(pointOnCurve(replicate, 0.5, { x: 0, y: 0 }).y).toBeLessThan(120);
    // A node the page has no anchor for is not drawn.
    expect(messageCurve(a, message({ to: 'broker:9' }))).toBeNull();
  });

  it('holds earlier messages only while their drawn flight lasts', () => {
    const held = new Map<string, InFlightMessage>();
    holdInFlight(held, [message({ id: 'a' })], 1000, 250);
    holdInFlight(held, [message({ id: 'b', sentMs: 1100, arriveMs: 1102 })], 1100, 250);
    expect([...held.keys()]).toEqual(['a', 'b']);
    holdInFlight(held, [], 1260, 250);
    expect([...held.keys()]).toEqual(['b']);
  });

  it('adds records to one band per pair of brokers, and none for group traffic', () => {
    expect(bandKey({ flow: 'replicate', from: 'broker:3', to: 'broker:1' })).toBe(linkKey('replicate', 1, 3));
    expect(bandKey({ flow: 'replicate', from: 'broker:1', to: 'broker:3' })).toBe(linkKey('replicate', 1, 3));
    expect(bandKey({ flow: 'consume', from: 'broker:1', to: 'consumer:c:1' })).toBe(linkKey('consume', '1', 'c:1'));
    expect(bandKey({ flow: 'group', from: 'consumer:c1', to: 'broker:1' })).toBeNull();
    const before = [{ flow: 'replicate' as const, from: 'broker:1' as const, to: 'broker:3' as const, records: 10, messages: 2 }];
    const after = [
      { flow: 'replicate' as const, from: 'broker:1' as const, to: 'broker:3' as const, records: 15, messages: 3 },
      { flow: 'replicate' as const, from: 'broker:3' as const, to: 'broker:1' as const, records: 4, messages: 1 },
    ];
    expect(bandDeltas(before, after)).toEqual(new Map([[linkKey('replicate', 1, 3), 9]]));
  });

  it('clicking a message selects what it carries', () => {
    expect(selectionFor(message())).toEqual({ kind: 'partition', topic: 'orders', partition: 0 });
    expect(selectionFor(message({ flow: 'group', api: 'Heartbeat', topic: null, partition: null, groupId: 'billing', from: 'consumer:c1' }))).toEqual({
      kind: 'group',
      groupId: 'billing',
    });
    expect(selectionFor(message({ flow: 'replicate', api: 'Fetch', topic: null, partition: null, from: 'broker:3', to: 'broker:1' }))).toEqual({
      kind: 'broker',
      id: 3,
    });
  });
});
