// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioSpec } from '../../src/engine';
import { select, sendCommand, setReducedMotion, simStore } from '../../src/store';
import { showWholeLog, zoomTapes } from '../../src/store/tape-data';
import { TopicView } from '../../src/view/topic/TopicView';
import { ONE_BUSY_PARTITION, startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
  select(null);
  setReducedMotion(false);
  zoomTapes({ kind: 'auto' });
});

const tape = (p: number, topic = 'orders') => screen.getByRole('group', { name: `Partition ${topic}-${p}` });
/** The "log start N · high watermark N · log end N · N segments · leader broker N" line. */
const facts = (p: number, topic = 'orders') => {
  const text = tape(p, topic).querySelector('.tape-facts')!.textContent!;
  const m = /log start (\d+) · high watermark (\d+) · log end (\d+) · (\d+) segments? · leader broker (\d+)/.exec(text);
  expect(m, text).not.toBeNull();
  return { lso: Number(m![1]), hw: Number(m![2]), leo: Number(m![3]), segments: Number(m![4]), leader: Number(m![5]) };
};
/** The "records 12–40 · following the log end" line of a tape. */
const windowText = (p: number, topic = 'orders') => tape(p, topic).querySelector('.tape-window')!.textContent!;
const zoomState = () => document.querySelector('.tape-zoom-state')!.textContent!;

describe('the topic log', () => {
  it("says on a partition's tape which offsets lost their payloads to the record budget", async () => {
    const sim = startLiveSim(ONE_BUSY_PARTITION, 9, { recordBudget: 100 });
    render(<TopicView />);
    await sim.runFor(15_000, 1000);
    const text = tape(0).querySelector('.tape-facts')!.textContent!;
    const m = /offsets 0–(\d+): payloads dropped to save memory \(offsets and sizes kept\)/.exec(text);
    expect(m, text).not.toBeNull();
    // At least the newest 500 committed records keep their payloads.
    expect(facts(0).hw - (Number(m![1]) + 1)).toBeGreaterThanOrEqual(500);
  });

  it('a tape scrolled out of view keeps its place and its facts but is not drawn until it is back', async () => {
    const observers: { el: Element; callback: (entries: { isIntersecting: boolean }[]) => void }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private callback: (entries: { isIntersecting: boolean }[]) => void) {}
        observe(el: Element) {
          observers.push({ el, callback: this.callback });
        }
        disconnect() {}
      },
    );
    try {
      const sim = startLiveSim();
      render(<TopicView />);
      await sim.runFor(2000);
      const slot = observers.find((o) => o.el.getAttribute('data-spot') === 'tape:orders-1')!;
      act(() => slot.callback([{ isIntersecting: false }]));
      expect(facts(1).leo).toBeGreaterThan(0); // its line of facts stays
      expect(tape(1).querySelector('svg')).toBeNull(); // the tape itself is not drawn
      expect(tape(0)).toBeTruthy(); // the others go on
      act(() => slot.callback([{ isIntersecting: true }]));
      await sim.frame();
      expect(tape(1).querySelector('svg')).not.toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('shows each partition of orders as a tape with its markers as text and spotlight hooks', async () => {
    const sim = startLiveSim();
    render(<TopicView />);
    await sim.runFor(5000);
    const region = screen.getByRole('region', { name: 'Topic log' });
    expect((within(region).getByRole('combobox', { name: 'Topic' }) as HTMLSelectElement).value).toBe('orders');
    // The scenario scaled segment.ms down from Kafka's 7 days: the learner is told.
    expect(within(region).getByText(/segment\.ms 1 min \(scaled down; Kafka's default 7 days\)/)).toBeTruthy();
    const snapshot = simStore.getState().snapshot!;
    for (const p of [0, 1, 2]) {
      const view = snapshot.partitions.find((q) => q.topic === 'orders' && q.partition === p)!;
      expect(facts(p)).toEqual({ lso: view.logStartOffset, hw: view.highWatermark, leo: view.logEndOffset, segments: 1, leader: view.leader });
      expect(within(tape(p)).getByText(`LEO ${view.logEndOffset}`)).toBeTruthy();
      expect(within(tape(p)).getByText(`HW ${view.highWatermark}`)).toBeTruthy();
      expect(tape(p).closest('[data-spot]')?.getAttribute('data-spot')).toBe(`tape:orders-${p}`); // on the slot that keeps its place while scrolled away
      for (const marker of ['log-start', 'hw', 'leo']) expect(tape(p).querySelector(`[data-spot="tape:orders-${p}:${marker}"]`)).not.toBeNull();
      // A short log: every record is a cell, numbered by its offset.
      if (view.logEndOffset > 0) expect(within(tape(p)).getByRole('button', { name: `Offset ${view.logEndOffset - 1} of orders-${p}` })).toBeTruthy();
    }
    expect(screen.queryByRole('group', { name: 'Partition orders-3' })).toBeNull();
  });

  it('rolls segments, marks the billing group with its lag, and moves between records by keyboard', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    expect(Math.max(...[0, 1, 2].map((p) => facts(p).segments))).toBeGreaterThanOrEqual(2);
    const group = simStore.getState().snapshot!.groups.find((g) => g.groupId === 'billing')!;
    const committed = group.partitions.find((q) => q.partition === 0 && q.committedOffset !== null)!;
    expect(within(tape(0)).getByText(new RegExp(`billing · lag ${committed.lag}\\b`))).toBeTruthy();

    // Clicking an offset cell selects that record.
    const { leo } = facts(0);
    await user.click(within(tape(0)).getByRole('button', { name: `Offset ${leo - 2} of orders-0` }));
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: leo - 2 });
    // The keyboard: arrows move between cells, Enter opens.
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(within(tape(0)).getByRole('button', { name: `Offset ${leo - 1} of orders-0` }));
    await user.keyboard('{Enter}');
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: leo - 1 });
    // Home goes to the log start: the tape pans there and stops following the end.
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(within(tape(0)).getByRole('button', { name: 'Offset 0 of orders-0' }));
    expect(windowText(0)).not.toMatch(/following/);
    await user.click(within(tape(0)).getByRole('button', { name: 'Follow the end' }));
    expect(windowText(0)).toMatch(/following the log end/);
  });

  it('zooms all tapes of a topic alike: cells zoomed in, segment bars with an axis zoomed out', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    const across = () => Number(/^(\d+) offsets across/.exec(zoomState())![1]);
    const before = across();
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(across()).toBeLessThan(before);
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(across()).toBeGreaterThan(before);
    await user.click(screen.getByRole('button', { name: 'Show whole log' }));
    expect(zoomState()).toMatch(/segments as bars/);
    for (const p of [0, 1, 2]) {
      // One style per topic: every partition shows bars, none shows cells.
      expect(within(tape(p)).getByRole('slider', { name: `Offsets of orders-${p}: arrow keys move, Enter opens the record` })).toBeTruthy();
      expect(within(tape(p)).queryAllByRole('button', { name: /^Offset \d+ of/ })).toHaveLength(0);
      expect(within(tape(p)).getAllByText(/^seg \d+/).length).toBeGreaterThan(0);
      expect(windowText(p)).toMatch(/^segments 0–/);
    }
    await user.click(screen.getByRole('button', { name: 'Default zoom' }));
    expect(zoomState()).toMatch(/one cell per record/);
    for (const p of [0, 1, 2]) expect(within(tape(p)).queryByRole('slider')).toBeNull();
  });

  it('zooms with Ctrl+wheel or + and −, and pans with Shift+wheel or a drag', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    const across = () => Number(/^(\d+) offsets across/.exec(zoomState())![1]);
    const svg = tape(0).querySelector('svg')!;
    const before = across();
    fireEvent.wheel(svg, { ctrlKey: true, deltaY: -100 });
    expect(across()).toBeLessThan(before);
    fireEvent.wheel(svg, { ctrlKey: true, deltaY: 100 });
    expect(across()).toBe(before);
    // The keyboard: + and − on a focused tape.
    await user.click(within(tape(0)).getByRole('button', { name: `Offset ${facts(0).leo - 1} of orders-0` }));
    await user.keyboard('+');
    expect(across()).toBeLessThan(before);
    await user.keyboard('-');
    expect(across()).toBe(before);
    // Shift+wheel pans back along the log; the tape stops following the end.
    fireEvent.wheel(svg, { shiftKey: true, deltaY: -300 });
    expect(windowText(0)).not.toMatch(/following/);
    await user.click(within(tape(0)).getByRole('button', { name: 'Follow the end' }));
    // A drag to the right shows earlier offsets too (jsdom has no layout: client px = SVG px).
    fireEvent.pointerDown(svg, { button: 0, buttons: 1, clientX: 400, pointerId: 1 });
    fireEvent.pointerMove(svg, { buttons: 1, clientX: 600, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 600, pointerId: 1 });
    expect(windowText(0)).not.toMatch(/following/);
  });

  it('can be zoomed out from outside the view, as a lesson step would', async () => {
    const sim = startLiveSim();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    expect(zoomState()).toMatch(/one cell per record/);
    act(() => showWholeLog());
    expect(zoomState()).toMatch(/segments as bars/);
    for (const p of [0, 1, 2]) expect(windowText(p)).toMatch(/^segments 0–\d+ · following the log end$/);
  });

  it('follows the log end until panned away, then offers to follow it again', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    const leo = facts(0).leo;
    expect(windowText(0)).toMatch(/following the log end/);
    expect(within(tape(0)).queryByRole('button', { name: 'Follow the end' })).toBeNull();
    await user.click(within(tape(0)).getByRole('button', { name: /Earlier/ }));
    const panned = windowText(0);
    expect(panned).not.toMatch(/following/);
    await sim.runFor(20_000, 1000);
    expect(facts(0).leo).toBeGreaterThan(leo);
    // Panned away: new records do not move the window.
    expect(windowText(0)).toBe(panned);
    await user.click(within(tape(0)).getByRole('button', { name: 'Follow the end' }));
    expect(windowText(0)).toMatch(/following the log end/);
    expect(within(tape(0)).getByRole('button', { name: `Offset ${facts(0).leo - 1} of orders-0` })).toBeTruthy();
  });

  it('keeps what retention deleted on the tape, with the reason and the simulated time', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    await act(async () => {
      await sendCommand({ type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 1000 } });
    });
    await sim.frame(16);
    expect(screen.getByText(/retention\.ms 1 s \(scaled down; Kafka's default 7 days\)/)).toBeTruthy();
    await sim.runFor(120_000, 2000);
    const p = [0, 1, 2].find((q) => facts(q).lso > 0)!;
    expect(p).toBeDefined();
    // The history line under the tape says it in words, and does not fade.
    const line = within(tape(p)).getByText(/✕ offsets \d+–\d+ deleted by retention\.ms at T\+\d\d:\d\d:\d\d/);
    await sim.runFor(10_000, 2000);
    expect(line.isConnected).toBe(true);
    // The whole log shows the deleted region before the log start, labelled.
    await user.click(screen.getByRole('button', { name: 'Show whole log' }));
    const ghost = within(tape(p)).getByRole('img', { name: /^offsets 0–\d+ deleted by retention\.ms at T\+\d\d:\d\d:\d\d/ });
    expect(ghost).toBeTruthy();
    const newest = tape(p).querySelector(`[data-spot="tape:orders-${p}:deleted"]`)!;
    expect(newest.getAttribute('aria-label')).toMatch(/deleted by retention\.ms at T\+/);
    expect(within(tape(p)).getByText(`log start ${facts(p).lso}`)).toBeTruthy();
  });

  it('offers a keyboard cursor on zoomed-out bars, and a click picks the nearest offset', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await act(async () => {
      await sendCommand({ type: 'updateProducer', producerId: 'checkout-service', ratePerSec: 200 });
    });
    await sim.runFor(5000, 500);
    await user.click(screen.getByRole('button', { name: 'Show whole log' }));
    const slider = within(tape(0)).getByRole('slider', { name: /Offsets of orders-0/ });
    const leo = facts(0).leo;
    slider.focus();
    await user.keyboard('{End}{ArrowLeft}{ArrowLeft}{Enter}');
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: leo - 3 });
    expect(slider.getAttribute('aria-valuenow')).toBe(String(leo - 3));
    // Clicking the tape picks the nearest offset (jsdom has no layout: client x = SVG x here).
    fireEvent.click(slider, { clientX: 7 });
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: facts(0).lso });
  });

  it('switches topics with the select and says plainly when a partition is offline', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await act(async () => {
      await sendCommand({ type: 'createTopic', name: 'solo', partitions: 1, replicationFactor: 1 });
    });
    await sim.runFor(2000);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Topic' }), 'solo');
    expect(screen.queryByRole('group', { name: 'Partition orders-0' })).toBeNull();
    const solo = screen.getByRole('group', { name: 'Partition solo-0' });
    const leader = simStore.getState().snapshot!.partitions.find((p) => p.topic === 'solo')!.leader;
    await act(async () => {
      await sendCommand({ type: 'crashBroker', brokerId: leader });
    });
    await sim.runFor(15_000); // the controller notices after broker.session.timeout.ms (9 s)
    expect(within(solo).getByText('OFFLINE — no leader (no in-sync replica is alive)')).toBeTruthy();
    expect(within(solo).queryAllByRole('button')).toHaveLength(0);
  });
});

/** The compaction lesson's topic, scaled the same way: one partition, four keys, segments every 10 s. */
const COMPACTED: ScenarioSpec = {
  cluster: { brokers: 3 },
  topics: [
    { name: 'latest', partitions: 1, replicationFactor: 3, configs: { 'cleanup.policy': 'compact', 'segment.ms': 10_000, 'delete.retention.ms': 60_000 } },
  ],
  producers: [
    { id: 'app', topic: 'latest', ratePerSec: 4, keys: { kind: 'fixed', keys: ['alice', 'bob', 'alice', 'carol'] }, value: { kind: 'order' } },
    { id: 'tool', topic: 'latest', ratePerSec: 0, keys: { kind: 'none' } },
  ],
};

describe('a compacted topic', () => {
  it('shows the offsets compaction removed as gaps, and a tombstone until delete.retention.ms passes', async () => {
    const sim = startLiveSim(COMPACTED, 909);
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(5000, 1000);
    await act(async () => {
      await sendCommand({ type: 'produce', producerId: 'tool', key: 'dave', value: null });
    });
    await sim.runFor(1000, 500);
    // Written: the newest cells, the tombstone drawn (and named) as one.
    const cell = within(tape(0, 'latest')).getByRole('button', { name: /^Offset \d+ of latest-0: tombstone \(null value\)$/ });
    expect(cell.getAttribute('data-spot')).toBe('tape:latest-0:tombstone');
    expect(within(tape(0, 'latest')).getByText('tombstone')).toBeTruthy();
    // Zoomed in, a cell has room for its record's key (read from the leader).
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    await sim.frame(16);
    expect(within(tape(0, 'latest')).getAllByText('alice').length).toBeGreaterThan(0);
    expect(within(tape(0, 'latest')).getByText('dave')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Default zoom' }));
    await sim.runFor(30_000, 1000);
    expect(within(tape(0, 'latest')).getByText(/◇ compaction removed \d+ records from offsets \d+–\d+ at T\+/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show whole log' }));
    const gaps = within(tape(0, 'latest')).getAllByRole('img', { name: /^offsets \d+(–\d+)? removed by compaction$/ });
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps[0]!.getAttribute('data-spot')).toBe('tape:latest-0:gap');
    // The tombstone is still in the log (delete.retention.ms is 60 s): marked and labelled on the bars too.
    expect(tape(0, 'latest').querySelector('[data-spot="tape:latest-0:tombstone"]')).not.toBeNull();
    expect(within(tape(0, 'latest')).getByText('tombstone')).toBeTruthy();
    // Zoomed in on the cleaned part: the gap is a labelled stretch between cells.
    await user.click(screen.getByRole('button', { name: 'Default zoom' }));
    const first = within(tape(0, 'latest')).getByRole('button', { name: /Earlier/ });
    while (!(first as HTMLButtonElement).disabled) await user.click(first);
    expect(within(tape(0, 'latest')).getAllByRole('img', { name: /removed by compaction$/ }).length).toBeGreaterThan(0);
    // After delete.retention.ms and another cleaning, the tombstone is gone.
    await sim.runFor(90_000, 2000);
    expect(within(tape(0, 'latest')).queryByText('tombstone')).toBeNull();
    expect(within(tape(0, 'latest')).queryByRole('button', { name: /tombstone/ })).toBeNull();
  });
});
