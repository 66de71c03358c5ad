// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCommand, simStore } from '../../src/store';
import { eventMentions } from '../../src/view/event-meaning';
import { EventLog } from '../../src/view/panels/EventLog';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

const log = () => screen.getByRole('log');
const rowTexts = () =>
  within(log())
    .queryAllByRole('listitem')
    .map((li) => li.textContent ?? '');

async function crashBroker2() {
  const sim = startLiveSim();
  render(<EventLog />);
  await sim.runFor(3_000, 500);
  await act(async () => {
    await sendCommand({ type: 'crashBroker', brokerId: 2 });
  });
  await sim.frame(16);
  return sim;
}

describe('EventLog', () => {
  it('shows a crash, newest first, with its time and category in words', async () => {
    const sim = await crashBroker2();
    await sim.runFor(2_000, 500);
    const row = screen.getByRole('button', { name: 'broker 2 crashed' }).closest('li')!;
    expect(row.textContent).toMatch(/^t=\d+\.\d{3} s/);
    expect(within(row).getByText('broker')).toBeTruthy();
    // Newest first: every row is no older than the one below it.
    const times = rowTexts().map((t) => Number(/^t=([\d.]+) s/.exec(t)![1]));
    expect(times.length).toBeGreaterThan(3);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
    const total = simStore.getState().events.length;
    expect(screen.getByText(`showing ${total} of ${total} events`)).toBeTruthy();
    expect(log().getAttribute('aria-live')).toBe('polite');
  });

  it('filters by kind', async () => {
    const user = userEvent.setup();
    await crashBroker2();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'producers');
    expect(screen.queryByRole('button', { name: 'broker 2 crashed' })).toBeNull();
    expect(rowTexts().length).toBeGreaterThan(0);
    for (const text of rowTexts()) expect(text).toMatch(/producer$/);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'brokers');
    expect(screen.getByRole('button', { name: 'broker 2 crashed' })).toBeTruthy();
    expect(rowTexts().some((t) => t.includes('consumer billing-1'))).toBe(false);
  });

  it('filters by the entity typed, and shows only rows that mention it', async () => {
    const user = userEvent.setup();
    await crashBroker2();
    const before = rowTexts().length;
    await user.type(screen.getByRole('textbox', { name: 'Entity' }), 'broker 2');
    const shown = rowTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(before);
    expect(screen.getByRole('button', { name: 'broker 2 crashed' })).toBeTruthy();
    expect(shown.some((t) => /billing-1|topic orders created/.test(t))).toBe(false);
    const expected = simStore.getState().events.filter((l) => eventMentions(l.event, 'broker 2')).length;
    expect(shown).toHaveLength(expected);
    expect(screen.getByText(new RegExp(`^showing ${expected} of \\d+ events`))).toBeTruthy();
  });

  it('selects the entity a row names when clicked', async () => {
    const user = userEvent.setup();
    await crashBroker2();
    await user.click(screen.getByRole('button', { name: 'broker 2 crashed' }));
    expect(simStore.getState().selection).toEqual({ kind: 'broker', id: 2 });

    // A partition event also switches the log view to its topic.
    act(() => simStore.setState({ viewedTopic: null }));
    await user.click(screen.getAllByRole('button', { name: /^orders-\d: leader \d/ })[0]!);
    expect(simStore.getState().selection).toMatchObject({ kind: 'partition', topic: 'orders' });
    expect(simStore.getState().viewedTopic).toBe('orders');
  });

  it('merges record traffic in on request, and stops announcing it', async () => {
    const user = userEvent.setup();
    const sim = await crashBroker2();
    expect(rowTexts().some((t) => t.includes('appended'))).toBe(false);
    await user.click(screen.getByRole('checkbox', { name: 'Show record traffic' }));
    await sim.frame(500);
    expect(rowTexts().some((t) => / appended \d+ record/.test(t))).toBe(true);
    expect(screen.getByRole('button', { name: 'broker 2 crashed' })).toBeTruthy();
    expect(log().getAttribute('aria-live')).toBe('off');
    expect(within(log()).getAllByRole('listitem').length).toBeLessThanOrEqual(200);
    // Merged by time, newest first.
    const times = rowTexts().map((t) => Number(/^t=([\d.]+) s/.exec(t)![1]));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
  });

  it('renders at most 200 rows and says how many there are', async () => {
    const user = userEvent.setup();
    const sim = await crashBroker2();
    await user.click(screen.getByRole('checkbox', { name: 'Show record traffic' }));
    await sim.runFor(20_000, 1000);
    const { events, traffic } = simStore.getState();
    expect(events.length + traffic.length).toBeGreaterThan(200);
    expect(within(log()).getAllByRole('listitem')).toHaveLength(200);
    expect(screen.getByText(new RegExp(`^showing 200 of ${events.length + traffic.length} events`))).toBeTruthy();
  });

  it('renders a rejected command’s message as text, marked as an error in words', async () => {
    const sim = startLiveSim();
    render(<EventLog />);
    await sim.frame(16);
    await act(async () => {
      await sendCommand({ type: 'createTopic', name: '<img src=x onerror=alert(1)>', partitions: 1 });
    });
    await sim.frame(16);
    const row = within(log())
      .getAllByRole('listitem')
      .find((li) => li.textContent?.includes('createTopic rejected'));
    expect(row).toBeDefined();
    expect(row!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(row!.textContent).toContain('error');
    expect(log().querySelector('img')).toBeNull();
    // It names no entity, so it is text rather than a button.
    expect(within(row!).queryByRole('button')).toBeNull();
  });
});
