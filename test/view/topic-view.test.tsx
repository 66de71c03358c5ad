// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { select, sendCommand, setReducedMotion, simStore } from '../../src/store';
import { TopicView } from '../../src/view/topic/TopicView';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
  select(null);
  setReducedMotion(false);
});

const tape = (p: number) => screen.getByRole('group', { name: `Partition orders-${p}` });
/** The "log start N · high watermark N · log end N · N segments · leader broker N" line. */
const facts = (p: number) => {
  const text = tape(p).querySelector('.tape-facts')!.textContent!;
  const m = /log start (\d+) · high watermark (\d+) · log end (\d+) · (\d+) segments? · leader broker (\d+)/.exec(text);
  expect(m, text).not.toBeNull();
  return { lso: Number(m![1]), hw: Number(m![2]), leo: Number(m![3]), segments: Number(m![4]), leader: Number(m![5]) };
};

describe('the topic log', () => {
  it('shows each partition of orders as a tape with its markers as text', async () => {
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
      expect(within(tape(p)).getByText(/seg 0 · active/)).toBeTruthy();
    }
    expect(screen.queryByRole('group', { name: 'Partition orders-3' })).toBeNull();
  });

  it('rolls segments, marks the billing group with its lag, and opens a record from a cell', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    expect(Math.max(...[0, 1, 2].map((p) => facts(p).segments))).toBeGreaterThanOrEqual(2);
    const group = simStore.getState().snapshot!.groups.find((g) => g.groupId === 'billing')!;
    const committed = group.partitions.find((q) => q.partition === 0 && q.committedOffset !== null)!;
    expect(within(tape(0)).getByText(new RegExp(`^billing · lag ${committed.lag}\\b`))).toBeTruthy();

    // Clicking an offset cell selects that record.
    const cell = within(tape(0)).getByRole('button', { name: 'Offset 3 of orders-0' });
    await user.click(cell);
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: 3 });
    // The keyboard: arrows move between cells, Enter opens.
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(within(tape(0)).getByRole('button', { name: 'Offset 4 of orders-0' }));
    await user.keyboard('{Enter}');
    expect(simStore.getState().selection).toEqual({ kind: 'record', topic: 'orders', partition: 0, offset: 4 });
  });

  it('animates retention deleting segments and moves the log start offset', async () => {
    const sim = startLiveSim();
    render(<TopicView />);
    await sim.runFor(70_000, 1000);
    await act(async () => {
      await sendCommand({ type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 1000 } });
    });
    await sim.frame(16);
    expect(screen.getByText(/retention\.ms 1 s \(scaled down; Kafka's default 7 days\)/)).toBeTruthy();
    // The label lasts a few seconds of wall time: look after every step, not only at the end.
    const labels = new Set<string>();
    for (let t = 0; t < 180_000; t += 1000) {
      await sim.frame(1000);
      for (const el of document.querySelectorAll('.tape-ghost-label')) labels.add(el.textContent!);
    }
    expect([...labels].some((l) => /deleted 0–\d+ \(\d+ records\) by retention\.ms/.test(l))).toBe(true);
    expect(Math.max(...[0, 1, 2].map((p) => facts(p).lso))).toBeGreaterThan(0);
  });

  it('offers a keyboard cursor on a long tape', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<TopicView />);
    // A burst of records makes the log too long for one cell per offset.
    await act(async () => {
      await sendCommand({ type: 'updateProducer', producerId: 'checkout-service', ratePerSec: 200 });
    });
    await sim.runFor(5000, 500);
    const slider = within(tape(0)).getByRole('slider', { name: /Offsets of orders-0/ });
    const leo = facts(0).leo;
    expect(within(tape(0)).getByRole('button', { name: `Offset ${leo - 1} of orders-0` })).toBeTruthy();
    slider.focus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}{Enter}');
    expect(simStore.getState().selection).toMatchObject({ kind: 'record', topic: 'orders', partition: 0 });
    const chosen = (simStore.getState().selection as { offset: number }).offset;
    expect(chosen).toBeLessThan(leo - 1);
    expect(slider.getAttribute('aria-valuenow')).toBe(String(chosen));
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

  it('shows compaction removing records, without motion when reduced motion is on', async () => {
    const sim = startLiveSim();
    setReducedMotion(true);
    render(<TopicView />);
    await act(async () => {
      await sendCommand({ type: 'setTopicConfig', topic: 'orders', configs: { 'cleanup.policy': 'compact' } });
    });
    const labels = new Set<string>();
    for (let t = 0; t < 240_000 && labels.size === 0; t += 1000) {
      await sim.frame(1000);
      for (const el of document.querySelectorAll('.tape-ghost-label')) {
        labels.add(el.textContent!);
        expect(el.classList.contains('no-motion')).toBe(true);
      }
    }
    expect(document.querySelector('.tape-ghost:not(.no-motion)')).toBeNull();
    expect(
      [...labels].some((l) => /compaction removed \d+ records \(\d+ tombstones?\)/.test(l)),
      [...labels].join('; '),
    ).toBe(true);
  });
});
