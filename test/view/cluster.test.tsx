// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InFlightMessage } from '../../src/engine';
import { BUSY_SCENARIO, DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { initialState, pause, setColorBy, setReducedMotion, setShowInternal, simStore, stepEvent } from '../../src/store';
import { NO_KEY_COLOR, RECORD_PALETTE } from '../../src/view/cluster/colors';
import { ClusterView } from '../../src/view/cluster/ClusterView';
import { startLiveSim } from '../helpers/view';

/**
 * A 2D context that remembers the marks of the last frame drawn (jsdom has none): record dots
 * (filled with a record colour) and control messages (requests, acks, group traffic: white).
 */
function fakeContext() {
  const marks: { x: number; y: number; color: string }[] = [];
  let x = 0;
  let y = 0;
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform() {},
    clearRect() {
      marks.length = 0;
    },
    beginPath() {},
    arc(ax: number, ay: number) {
      x = ax;
      y = ay;
    },
    rect(rx: number, ry: number, w: number, h: number) {
      x = rx + w / 2;
      y = ry + h / 2;
    },
    fill() {
      marks.push({ x, y, color: ctx.fillStyle });
    },
    stroke() {},
  };
  const dots = {
    get length() {
      return records().length;
    },
    map: <T,>(f: (d: { x: number; y: number; color: string }) => T) => records().map(f),
    [Symbol.iterator]: () => records()[Symbol.iterator](),
  };
  const records = () => marks.filter((m) => m.color !== CONTROL_FILL);
  return { ctx, dots, marks };
}

const CONTROL_FILL = '#fff';

/**
 * The default scenario drawn on a fake canvas, run for two seconds, paused, then stepped one task at
 * a time until a message the test wants is on the wire; returns it.
 */
async function pausedWithInFlight(wanted: (m: InFlightMessage) => boolean) {
  const { ctx, dots } = fakeContext();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  const sim = startLiveSim();
  render(<ClusterView />);
  await sim.runFor(2000);
  act(() => pause());
  await sim.frame(16);
  const find = () => simStore.getState().snapshot!.inFlight.find(wanted);
  for (let i = 0; i < 400 && !find(); i++) {
    act(() => stepEvent());
    await sim.frame(16);
  }
  const message = find();
  expect(message).toBeDefined();
  return { sim, dots, message: message! };
}

/** Where a positioned element sits in the cluster's coordinates (its style, plus its card's for a tile). */
function boxOf(el: HTMLElement): { x: number; y: number; width: number; height: number } {
  const own = { x: parseFloat(el.style.left), y: parseFloat(el.style.top), width: parseFloat(el.style.width), height: parseFloat(el.style.height) };
  const card = el.closest<HTMLElement>('.cs-broker');
  if (card && card !== el) return { ...own, x: own.x + parseFloat(card.style.left), y: own.y + parseFloat(card.style.top) };
  return own;
}

/** Waits for the page's next `n` animation frames: the canvas redraws once per frame. */
const animationFrames = (n: number) =>
  act(
    () =>
      new Promise<void>((resolve) => {
        let left = n;
        const next = () => (--left <= 0 ? resolve() : requestAnimationFrame(next));
        requestAnimationFrame(next);
      }),
  );

beforeEach(() => {
  // jsdom has no canvas: getContext would return null after printing "not implemented" each time.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  // Preferences survive connect(): put them back for the next test.
  simStore.setState({ colorBy: initialState.colorBy, reducedMotion: false, showInternal: false, selection: null });
});

const card = (id: number) => screen.getByRole('article', { name: `Broker ${id}` });

/** The broker whose tile says it leads `partition`. */
function leaderOf(partition: string): number {
  const tile = screen.getByRole('button', { name: new RegExp(`^${partition} L, leader on broker \\d+$`) });
  return Number(/broker (\d+)$/.exec(tile.getAttribute('aria-label')!)![1]);
}

describe('the cluster view', () => {
  it('shows three broker cards, each with its replica tiles and a Kill button', async () => {
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    expect(screen.getByRole('region', { name: 'Cluster' })).toBeTruthy();
    for (const id of [1, 2, 3]) {
      const c = within(card(id));
      expect(c.getByRole('button', { name: `Broker ${id}` })).toBeTruthy();
      expect(c.getByRole('button', { name: `Kill broker ${id}` })).toBeTruthy();
      // orders: 3 partitions × RF 3 on 3 brokers: every broker hosts one replica of each.
      const tiles = c.getAllByRole('button', { name: /^orders-\d (L, leader|F, follower) on broker \d/ });
      expect(tiles).toHaveLength(3);
      // The tile text says the partition and the role, not only the colour.
      for (const t of tiles) expect(t.textContent).toMatch(/^orders-\d [LF!]$/);
    }
    const leaders = screen.getAllByRole('button', { name: /^orders-\d L, leader on broker \d$/ });
    expect(leaders.map((t) => t.textContent!.slice(0, 8)).sort()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(screen.getAllByRole('button', { name: /^orders-\d F, follower on broker \d$/ })).toHaveLength(6);
    expect(screen.getAllByText('controller')).toHaveLength(1);
    // No fault buttons other than Kill: the inspector owns Isolate, Heal and Slow.
    expect(screen.queryByRole('button', { name: /Isolate|Heal|Slow/ })).toBeNull();
  });

  it('kills a broker: the card says crashed and offers Restart', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    await user.click(screen.getByRole('button', { name: 'Kill broker 2' }));
    await sim.frame(16);
    expect(within(card(2)).getByText('crashed')).toBeTruthy();
    expect(within(card(2)).queryByRole('button', { name: 'Kill broker 2' })).toBeNull();
    expect(card(2).className).toContain('cs-card-crashed');
    expect(within(card(2)).getAllByRole('button', { name: /^orders-\d replica on broker 2, broker down$/ })).toHaveLength(3);
    await user.click(within(card(2)).getByRole('button', { name: 'Restart broker 2' }));
    await sim.frame(16);
    expect(within(card(2)).queryByText('crashed')).toBeNull();
    expect(within(card(2)).getByRole('button', { name: 'Kill broker 2' })).toBeTruthy();
  });

  it('moves a partition’s leader tile to another broker after its leader is killed', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.runFor(2000);
    const before = leaderOf('orders-0');
    await user.click(screen.getByRole('button', { name: `Kill broker ${before}` }));
    await sim.runFor(15_000);
    const after = leaderOf('orders-0');
    expect(after).not.toBe(before);
    expect(within(card(after)).getByRole('button', { name: `orders-0 L, leader on broker ${after}` })).toBeTruthy();
    expect(within(card(before)).getByRole('button', { name: `orders-0 replica on broker ${before}, broker down` })).toBeTruthy();
  });

  it('selects a partition, a broker, a producer, a group and a consumer', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    const tile = within(card(1)).getByRole('button', { name: /^orders-1 / });
    await user.click(tile);
    expect(simStore.getState().selection).toEqual({ kind: 'partition', topic: 'orders', partition: 1 });
    // Every replica of the selected partition is highlighted, in a way a screen reader hears.
    expect(screen.getAllByRole('button', { name: /^orders-1 /, pressed: true })).toHaveLength(3);
    expect(screen.getAllByRole('button', { name: /^orders-0 /, pressed: false })).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Broker 3' }));
    expect(simStore.getState().selection).toEqual({ kind: 'broker', id: 3 });
    expect(screen.getByRole('button', { name: 'Broker 3', pressed: true })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Producer checkout-service' }));
    expect(simStore.getState().selection).toEqual({ kind: 'producer', id: 'checkout-service' });
    await user.click(screen.getByRole('button', { name: 'Group billing' }));
    expect(simStore.getState().selection).toEqual({ kind: 'group', groupId: 'billing' });
    await user.click(screen.getByRole('button', { name: 'Consumer billing-2' }));
    expect(simStore.getState().selection).toEqual({ kind: 'consumer', id: 'billing-2' });
  });

  it('makes a card’s tiles one Tab stop, walked with the arrow keys and chosen with Enter', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    const tiles = within(card(2)).getAllByRole('button', { name: /^orders-\d / });
    expect(tiles.map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    tiles[0]!.focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(tiles[1]);
    await user.keyboard('{Enter}');
    expect(simStore.getState().selection).toEqual({ kind: 'partition', topic: 'orders', partition: 1 });
    expect(
      within(card(2))
        .getAllByRole('button', { name: /^orders-\d / })
        .map((t) => t.tabIndex),
    ).toEqual([-1, 0, -1]);
  });

  it('shows producers with topic, rate and acks, and each group’s consumers with their assignment', async () => {
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.runFor(8000);
    expect(screen.getByText(/orders · 2 rec\/s · acks=all/)).toBeTruthy();
    const group = within(screen.getByRole('group', { name: 'Group billing' }));
    expect(group.getByRole('button', { name: 'Consumer billing-1' })).toBeTruthy();
    expect(group.getByRole('button', { name: 'Consumer billing-2' })).toBeTruthy();
    // Range assignor over 3 partitions and 2 consumers: "orders-0, orders-1" and "orders-2".
    const assigned = [...document.querySelectorAll('.cs-assignment')].map((e) => e.textContent).sort();
    expect(assigned).toEqual(['orders-0, orders-1', 'orders-2']);
    const consumers = simStore.getState().snapshot!.consumers;
    for (const c of consumers) expect(assigned).toContain(c.assignment.join(', '));
  });

  it('toggles how records are coloured', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    const toggle = within(screen.getByRole('group', { name: 'Colour records by' }));
    expect(toggle.getByRole('radio', { name: 'Partition' })).toHaveProperty('checked', true);
    expect(screen.getByText('partition 0')).toBeTruthy();
    await user.click(toggle.getByRole('radio', { name: 'Key' }));
    expect(simStore.getState().colorBy).toBe('key');
    expect(toggle.getByRole('radio', { name: 'Key' })).toHaveProperty('checked', true);
    expect(screen.getByText('no key')).toBeTruthy();
    await user.click(toggle.getByRole('radio', { name: 'Partition' }));
    expect(simStore.getState().colorBy).toBe('partition');
  });

  it('hides internal topics unless asked, then shows them as tiny tiles', async () => {
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.runFor(3000);
    expect(simStore.getState().snapshot!.partitions.some((p) => p.topic === '__consumer_offsets')).toBe(true);
    expect(screen.queryAllByRole('button', { name: /^__consumer_offsets-/ })).toHaveLength(0);
    act(() => setShowInternal(true));
    const internal = screen.getAllByRole('button', { name: /^__consumer_offsets-\d+ (L, leader|F, follower|follower on)/ });
    expect(internal.length).toBeGreaterThan(0);
    for (const t of internal) {
      expect(t.className).toContain('cs-tile-internal');
      expect(t.textContent).toBe('');
    }
    expect(screen.getAllByRole('button', { name: /^orders-\d/ })).toHaveLength(9);
  });

  it('offers "Show internal topics" beside the colour legend, in step with the store (and the "?" dialog)', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.runFor(3000);
    const box = screen.getByRole('checkbox', { name: /internal topics/ });
    expect(box).toHaveProperty('checked', false);
    await user.click(box);
    expect(simStore.getState().showInternal).toBe(true);
    expect(screen.getAllByRole('button', { name: /^__consumer_offsets-\d+ .*(leader|follower)/ }).length).toBeGreaterThan(0);
    act(() => setShowInternal(false)); // the dialog's switch (same store field)
    expect(box).toHaveProperty('checked', false);
    expect(screen.queryAllByRole('button', { name: /^__consumer_offsets-/ })).toHaveLength(0);
  });

  it('marks an isolated broker and its cut links', async () => {
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.frame(16);
    const { sendCommand } = await import('../../src/store');
    await act(async () => {
      await sendCommand({ type: 'isolateBroker', brokerId: 3 });
    });
    await sim.frame(16);
    expect(within(card(3)).getByText('isolated')).toBeTruthy();
    // Broker 3 is cut from brokers 1 and 2: two dashed links, each marked; its client links are dashed too.
    expect(document.querySelectorAll('.cs-link-replicate.cs-link-cut')).toHaveLength(2);
    expect(screen.getAllByText('✂ cut')).toHaveLength(2);
    const leads = simStore.getState().snapshot!.partitions.some((p) => p.topic === 'orders' && p.leader === 3);
    expect(leads).toBe(true);
    expect(document.querySelectorAll('.cs-link-produce.cs-link-cut')).toHaveLength(1);
    expect(document.querySelectorAll('.cs-link-replicate.cs-link-ok')).toHaveLength(1);
  });

  it('draws each message in flight where the model has it: stepping one task moves the dot by the formula', async () => {
    // A produce request carrying records, on its way to the leader.
    const { sim, dots, message: m } = await pausedWithInFlight((x) => x.api === 'Produce' && !x.response && x.records > 0);
    expect(m.from).toBe('producer:checkout-service');
    const snap = simStore.getState().snapshot!;
    const leader = snap.partitions.find((p) => p.topic === m.topic && p.partition === m.partition)!.leader;
    expect(m.to).toBe(`broker:${leader}`);
    expect(m.arriveMs - m.sentMs).toBe(snap.networkLatencyMs);
    // Paused after a step, the page draws the model exactly: (t − sent) / (arrive − sent) along the link.
    const producer = boxOf(document.querySelector<HTMLElement>('.cs-producer')!);
    const tile = boxOf(screen.getByRole('button', { name: `${m.topic}-${m.partition} L, leader on broker ${leader}` }));
    const expected = (timeMs: number) => {
      const t = (timeMs - m.sentMs) / (m.arriveMs - m.sentMs);
      const [x0, y0, x3, y3] = [producer.x + producer.width, producer.y + producer.height / 2, tile.x + tile.width / 2, tile.y + tile.height / 2];
      const mx = (x0 + x3) / 2;
      const u = 1 - t;
      return {
        x: u * u * u * x0 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * x3,
        y: (u * u * u + 3 * u * u * t) * y0 + (3 * u * t * t + t * t * t) * y3,
      };
    };
    await animationFrames(2);
    const near = (p: { x: number; y: number }) => [...dots].some((d) => Math.abs(d.x - p.x) < 0.01 && Math.abs(d.y - p.y) < 0.01);
    expect(near(expected(snap.timeMs))).toBe(true);
    // Paused, it stays put.
    const frozen = dots.map((d) => `${d.x},${d.y}`).join(' ');
    await animationFrames(3);
    expect(dots.map((d) => `${d.x},${d.y}`).join(' ')).toBe(frozen);
    // One more task: the dot is where the formula puts it at the new time, or gone once it arrived.
    act(() => stepEvent());
    await sim.frame(16);
    await animationFrames(2);
    const now = simStore.getState().snapshot!.timeMs;
    if (now < m.arriveMs) expect(near(expected(now))).toBe(true);
    else expect(simStore.getState().snapshot!.inFlight.some((x) => x.id === m.id)).toBe(false);
    // Every record dot drawn is a message the snapshot has in flight now.
    const carrying = simStore.getState().snapshot!.inFlight.filter((x) => x.records > 0 && (x.topic === null || !x.topic.startsWith('__')));
    expect(dots.length).toBe(carrying.length);
  });

  it('flies record dots along the links while playing, frozen where they are when paused', async () => {
    const { ctx, dots } = fakeContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const sim = startLiveSim();
    render(<ClusterView />);
    await sim.runFor(2000);
    for (let i = 0; i < 300 && dots.length === 0; i++) {
      await sim.frame(16);
      await animationFrames(1);
    }
    expect(dots.length).toBeGreaterThan(0);
    for (const d of dots) {
      expect(d.x).toBeGreaterThanOrEqual(0);
      expect(d.x).toBeLessThanOrEqual(900);
      expect(RECORD_PALETTE).toContain(d.color);
    }
    // Dots are in flight: pause, and they stay where they are (their clock is simulated time).
    act(() => pause());
    await sim.frame(16);
    expect(simStore.getState().playing).toBe(false);
    await animationFrames(2);
    const frozen = dots.map((d) => `${d.x},${d.y}`).join(' ');
    await animationFrames(3);
    expect(dots.map((d) => `${d.x},${d.y}`).join(' ')).toBe(frozen);
  });

  it('clicking a record dot selects the partition it carries', async () => {
    const { dots, message: m } = await pausedWithInFlight((x) => x.records > 0 && x.topic === 'orders');
    await animationFrames(2);
    const dot = [...dots][0]!;
    const canvas = document.querySelector('canvas')!;
    vi.spyOn(canvas, 'getBoundingClientRect').mockReturnValue({
      left: 0,
      top: 0,
      right: 900,
      bottom: 600,
      width: 900,
      height: 600,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    act(() => {
      canvas.parentElement!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: dot.x + 2, clientY: dot.y - 1 }));
    });
    expect(simStore.getState().selection).toEqual({ kind: 'partition', topic: 'orders', partition: m.partition });
  });

  it('colours dots by key when asked: records without a key are grey', async () => {
    const { ctx, dots } = fakeContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const unkeyed = { ...DEFAULT_SCENARIO, producers: DEFAULT_SCENARIO.producers!.map((p) => ({ ...p, keys: { kind: 'none' as const } })) };
    const sim = startLiveSim(unkeyed);
    act(() => setColorBy('key'));
    render(<ClusterView />);
    await sim.runFor(2000);
    const seen = new Set<string>();
    for (let i = 0; i < 300 && !seen.has(NO_KEY_COLOR); i++) {
      await sim.frame(16);
      await animationFrames(1);
      for (const d of dots) seen.add(d.color);
    }
    expect(seen.has(NO_KEY_COLOR)).toBe(true);
    // By partition, the same records take the palette's colours.
    act(() => setColorBy('partition'));
    // Let the grey dots already in flight land first.
    await sim.runFor(400, 16);
    await animationFrames(2);
    seen.clear();
    for (let i = 0; i < 300 && seen.size === 0; i++) {
      await sim.frame(16);
      await animationFrames(1);
      for (const d of dots) seen.add(d.color);
    }
    expect(seen.size).toBeGreaterThan(0);
    for (const c of seen) expect(RECORD_PALETTE).toContain(c);
  });

  it('draws flow bands and no flying records with reduced motion', async () => {
    const { ctx, marks } = fakeContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const sim = startLiveSim();
    act(() => setReducedMotion(true));
    render(<ClusterView />);
    expect(document.querySelector('canvas')!.getAttribute('aria-hidden')).toBe('true');
    await sim.runFor(10_000);
    await animationFrames(2);
    // Records were on the wire all along, but nothing flies.
    expect(simStore.getState().snapshot!.links.some((l) => l.flow === 'produce' && l.records > 0)).toBe(true);
    expect(marks).toHaveLength(0);
    const bands = document.querySelectorAll('.cs-band');
    expect(bands.length).toBeGreaterThan(0);
    expect(document.querySelectorAll('.cs-band-produce').length).toBeGreaterThan(0);
    expect(screen.getByText(/^[\d.,]+ rec\/s$/)).toBeTruthy();
  });

  it('renders the busy cluster: 9 cards, 216 small tiles, bands with rates on producer links', async () => {
    const sim = startLiveSim(BUSY_SCENARIO, 1);
    render(<ClusterView />);
    await sim.frame(16);
    expect(screen.getAllByRole('article', { name: /^Broker \d$/ })).toHaveLength(9);
    const tiles = screen.getAllByRole('button', { name: /^(orders|payments|clicks)-\d+ (L, leader|F, follower|follower on)/ });
    expect(tiles).toHaveLength(216);
    // Small squares: no partition name, the role only as a letter; the name is in aria-label and title.
    expect(tiles[0]!.textContent).toMatch(/^[LF!]$/);
    expect(tiles[0]!.getAttribute('title')).toBe(tiles[0]!.getAttribute('aria-label'));
    expect(screen.getAllByRole('button', { name: /^Consumer (billing|analytics|audit)-\d$/ })).toHaveLength(12);
    for (let i = 0; i < 40 && screen.queryAllByText(/rec\/s$/).filter((e) => e.tagName === 'text').length === 0; i++) await sim.frame(16);
    const labels = screen.getAllByText(/rec\/s$/).filter((e) => e.tagName === 'text');
    expect(labels.length).toBe(3);
  });
});
