// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pause, sendCommand, simStore } from '../../src/store';
import { Timeline } from '../../src/view/timeline/Timeline';
import { binMarks, LANES } from '../../src/view/timeline/Lanes';
import type { LaneMark } from '../../src/view/timeline/Lanes';
import { startLiveSim } from '../helpers/view';
import type { LiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

/** 20 s of the default scenario, broker 2 crashed, 5 s more, paused. */
async function crashedRun() {
  const sim = startLiveSim();
  render(<Timeline />);
  await sim.runFor(20_000);
  await sendCommand({ type: 'crashBroker', brokerId: 2 });
  await sim.runFor(5_000);
  pause();
  await sim.frame();
  const crash = simStore.getState().history!.marks.find((m) => m.event.type === 'brokerCrashed' && m.event.brokerId === 2);
  expect(crash).toBeDefined();
  return { sim, crash: crash! };
}

const faultsLane = () => screen.getByRole('group', { name: 'Faults' });

/** Runs frames until a throttled seek has landed: the clock shows `timeMs` (fails after a second). */
async function landed(sim: LiveSim, timeMs: number): Promise<void> {
  await vi.waitFor(async () => {
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(timeMs);
  });
}

describe('the time-travel timeline', () => {
  it('shows the crash on the Faults lane; clicking the mark jumps to that moment', async () => {
    const user = userEvent.setup();
    const { sim, crash } = await crashedRun();
    expect(simStore.getState().liveTimeMs).toBeGreaterThan(crash.timeMs + 4000);
    const mark = within(faultsLane()).getByRole('button', { name: /^broker 2 crashed/ });
    expect(mark.getAttribute('aria-label')).toContain('T+00:00:2'); // the label carries the time
    // The mark is not on another lane.
    expect(within(screen.getByRole('group', { name: 'Brokers' })).queryByRole('button', { name: /^broker 2 crashed/ })).toBeNull();
    await user.click(mark);
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(crash.timeMs);
    // Now in the past: the hint says what Play and acting will do.
    expect(screen.getByText(/You are in the past: pressing Play replays the recorded future/)).toBeTruthy();
  });

  it('says what time travel holds against its memory budget, and what happens at it', async () => {
    await crashedRun();
    const line = screen.getByText(/^Time travel: \d+ checkpoints, about \d+ MB of its 256 MB memory budget\.$/);
    expect(line).toBeTruthy();
    const history = simStore.getState().history!;
    // Near the budget (a long busy run), it says what the simulator gives up: seeks replay more.
    simStore.setState({ history: { ...history, checkpointBytes: 250 * 1_048_576 } });
    expect(
      await screen.findByText(/about 250 MB of its 256 MB memory budget — at the budget, checkpoints are thinned: seeks into this run replay more/),
    ).toBeTruthy();
  });

  it('says once the simulator dropped old payloads to stay within its record budget, and how many', async () => {
    await crashedRun();
    expect(screen.queryByText(/^Records: /)).toBeNull(); // the default scenario stays far below it
    const snapshot = simStore.getState().snapshot!;
    simStore.setState({
      snapshot: { ...snapshot, memory: { budgetRecords: 1_000_000, fullRecords: 600_000, recordsSlimmed: 1_234_567, keptPerPartition: 6_944 } },
    });
    expect(
      await screen.findByText(
        'Records: to stay within 1,000,000 records held in full, the simulator dropped the keys, values and headers of 1,234,567 old ones (each partition keeps its newest 6,944); their offsets and sizes are kept, and consumers still read them.',
      ),
    ).toBeTruthy();
  });

  it('jumps from the keyboard: Enter on a focused mark', async () => {
    const user = userEvent.setup();
    const { sim, crash } = await crashedRun();
    const mark = within(faultsLane()).getByRole('button', { name: /^broker 2 crashed/ });
    mark.focus();
    await user.keyboard('{Enter}');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(crash.timeMs);
  });

  it('steps back event by event, and forward again to the same history', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<Timeline />);
    await sim.runFor(3000);
    pause();
    await sim.frame();
    const before = simStore.getState().snapshot!.eventCount;
    const t0 = simStore.getState().liveTimeMs;
    // Many tasks (a timer that finds nothing to do) record no event: step back until one did.
    let steps = 0;
    let last = before;
    while (last === before && steps < 400) {
      await user.click(screen.getByRole('button', { name: /Step back/ }));
      await sim.frame();
      steps++;
      const now = simStore.getState().snapshot!.eventCount;
      expect(now).toBeLessThanOrEqual(last);
      last = now;
    }
    expect(last).toBeLessThan(before);
    expect(simStore.getState().liveTimeMs).toBeLessThan(t0);
    // Stepping forward as many times replays the same tasks: back where we were, event for event.
    for (let i = 0; i < steps; i++) await user.click(screen.getByRole('button', { name: /Step forward/ }));
    await sim.frame();
    expect(simStore.getState().snapshot!.eventCount).toBe(before);
  });

  it('seeks when the playhead range changes, and says where it is', async () => {
    const { sim } = await crashedRun();
    const range = screen.getByRole('slider', { name: 'Playhead' });
    const endMs = simStore.getState().liveTimeMs;
    expect(Number(range.getAttribute('max'))).toBeGreaterThanOrEqual(endMs);
    fireEvent.change(range, { target: { value: '5000' } });
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(5000);
    expect(simStore.getState().playing).toBe(false);
    expect(range.getAttribute('aria-valuetext')).toMatch(/^T\+00:00:05 of T\+00:00:2\d$/);
    expect(screen.getByText('T+00:00:05.000')).toBeTruthy();
  });

  it('pauses a playing run when the person starts dragging', async () => {
    const sim = startLiveSim();
    render(<Timeline />);
    await sim.runFor(3000);
    expect(simStore.getState().playing).toBe(true);
    const range = screen.getByRole('slider', { name: 'Playhead' });
    fireEvent.pointerDown(range);
    fireEvent.change(range, { target: { value: '1000' } });
    fireEvent.pointerUp(window);
    await sim.frame();
    expect(simStore.getState().playing).toBe(false);
    expect(simStore.getState().liveTimeMs).toBe(1000);
  });

  it('moves the playhead with the arrow keys on the range (not the page shortcut)', async () => {
    const { sim } = await crashedRun();
    const range = screen.getByRole('slider', { name: 'Playhead' });
    const t0 = simStore.getState().liveTimeMs;
    range.focus();
    fireEvent.keyDown(range, { key: 'ArrowLeft' });
    await landed(sim, t0 - 1000); // the throttled seek lands
  });

  it('knows where the branch ends even between timeline updates (a short seek back is in the past)', async () => {
    const { sim } = await crashedRun();
    const endMs = simStore.getState().liveTimeMs;
    const range = screen.getByRole('slider', { name: 'Playhead' });
    range.focus();
    fireEvent.keyDown(range, { key: 'ArrowLeft' });
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(endMs - 1000);
    expect(range.getAttribute('max')).toBe(String(endMs));
    expect(screen.getByText(/You are in the past/)).toBeTruthy();
    // Pressing Play replays the recorded future and leaves the past behind.
    fireEvent.keyDown(range, { key: 'End' });
    await landed(sim, endMs);
    expect(screen.queryByText(/You are in the past/)).toBeNull();
  });

  it('acting in the past replaces the recorded future on the lanes (the undo bar, tested with the app, offers it back)', async () => {
    const { sim } = await crashedRun();
    fireEvent.change(screen.getByRole('slider', { name: 'Playhead' }), { target: { value: '10000' } });
    await sim.frame();
    await sendCommand({ type: 'crashBroker', brokerId: 1 });
    await sim.frame();
    // The discarded crash of broker 2 is gone from the lanes; the new one is there.
    expect(within(faultsLane()).queryByRole('button', { name: /^broker 2 crashed/ })).toBeNull();
    expect(within(faultsLane()).getByRole('button', { name: /^broker 1 crashed/ })).toBeTruthy();
    expect(within(screen.getByRole('group', { name: 'Your actions' })).getByRole('button', { name: /You: crash broker 1/ })).toBeTruthy();
  });

  it('draws marks by severity with different shapes, not colour alone', async () => {
    await crashedRun();
    const mark = within(faultsLane()).getByRole('button', { name: /^broker 2 crashed/ });
    expect(mark.querySelector('.tl-mark-error rect')).not.toBeNull(); // error: a square with ✕
    const infos = document.querySelectorAll('.tl-mark-info');
    expect(infos.length).toBeGreaterThan(0);
    for (const el of infos) expect(el.tagName.toLowerCase()).toBe('circle');
  });
});

describe('binMarks', () => {
  it('keeps thousands of marks to a few nodes per pixel column, counting them', () => {
    const marks: LaneMark[] = Array.from({ length: 5000 }, (_, i) => ({
      lane: i % 2 ? 'faults' : 'brokers',
      timeMs: i * 10,
      label: `m${i}`,
      severity: i % 7 === 0 ? 'error' : 'info',
    }));
    const x = (ms: number) => 100 + (ms / 50_000) * 700; // 700 px of axis
    const bins = binMarks(marks, x, 9);
    expect(bins.length).toBeLessThanOrEqual(2 * Math.ceil(700 / 9) + 2);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(5000);
    // Lanes in order, then left to right; the worst severity wins the shape.
    expect(bins[0]!.lane).toBe(LANES[0]!.id);
    expect(bins.some((b) => b.severity === 'error')).toBe(true);
    for (const b of bins) expect(b.firstMs).toBeLessThanOrEqual(b.lastMs);
  });

  it('keeps a lone mark exact', () => {
    const bins = binMarks([{ lane: 'faults', timeMs: 1234, label: 'broker 2 crashed', severity: 'error' }], (ms) => ms / 10, 9);
    expect(bins).toEqual([{ lane: 'faults', x: 123.4, firstMs: 1234, lastMs: 1234, count: 1, severity: 'error', labels: ['broker 2 crashed'] }]);
  });
});
