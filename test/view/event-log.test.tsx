// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, initialState, sendCommand, simStore } from '../../src/store';
import type { LoggedEvent } from '../../src/store';
import type { SimEvent } from '../../src/engine';
import { describeJump, eventMentions } from '../../src/view/event-meaning';
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
    expect(screen.getByText(new RegExp(`^showing ${total} of ${total} events`))).toBeTruthy();
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
    // Identical lines fold, so 200 lines may show more than 200 events.
    const shown = /^showing (\d+) of (\d+) events/.exec(screen.getByText(/^showing \d+ of \d+ events/).textContent ?? '');
    expect(Number(shown![1])).toBeGreaterThanOrEqual(200);
    expect(Number(shown![2])).toBe(events.length + traffic.length);
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

  it('shows every line’s severity by an icon’s shape and a word', async () => {
    await crashBroker2();
    const rows = within(log()).getAllByRole('listitem');
    for (const row of rows) {
      const severity = row.querySelector('.event-severity')!;
      expect(severity.textContent).toMatch(/^(i|▲|✖) (info|warning|error)$/);
      expect(severity.querySelector('[aria-hidden="true"]')!.textContent).toMatch(/^(i|▲|✖)$/);
    }
    const crash = screen.getByRole('button', { name: 'broker 2 crashed' }).closest('li')!;
    expect(crash.querySelector('.event-severity')!.textContent).toBe('✖ error');
  });
});

const retry = (timeMs: number, partition = 1): SimEvent => ({
  timeMs,
  type: 'producerError',
  topic: 'orders',
  partition,
  producerId: 'checkout',
  error: { name: 'NetworkException', message: 'The server disconnected before a response was received.' },
  records: 1,
  retriable: true,
});

/** The store as if the engine had reported `events` (no simulation needed). */
function showEvents(events: SimEvent[]) {
  const logged: LoggedEvent[] = events.map((event, seq) => ({ seq, event }));
  simStore.setState({ ...initialState, events: logged });
  render(<EventLog />);
}

describe('EventLog: what matters is not drowned', () => {
  it('folds identical lines in a row into one, with a count and its time span', () => {
    const election: SimEvent = {
      timeMs: 1_300,
      type: 'leaderElected',
      topic: 'orders',
      partition: 1,
      previousLeader: 2,
      leader: 3,
      leaderEpoch: 4,
      reason: 'leader fenced',
    };
    showEvents([retry(1_000), retry(1_000), retry(1_000), election, retry(1_400), retry(1_900), retry(1_900, 2)]);
    const rows = within(log()).getAllByRole('listitem');
    expect(rows).toHaveLength(4); // orders-2's retry, two orders-1 retries folded, the election, three orders-1 retries folded
    expect(rows[0]!.textContent).toContain('on orders-2');
    expect(within(rows[1]!).getByText('repeated 2 times')).toBeTruthy();
    expect(rows[1]!.textContent).toContain('×2');
    expect(rows[1]!.textContent).toContain('over 0.500 s, since t=1.400 s');
    expect(rows[1]!.textContent).toMatch(/^t=1\.900 s/);
    expect(within(rows[2]!).getByRole('button', { name: 'orders-1 leader 2→3, epoch 4' })).toBeTruthy();
    expect(within(rows[3]!).getByText('repeated 3 times')).toBeTruthy();
    expect(rows[3]!.textContent).toContain('in the same ms');
    expect(rows[3]!.querySelector('.event-severity')!.textContent).toBe('▲ warning');
    expect(screen.getByText('showing 7 of 7 events, repeats folded into 4 lines')).toBeTruthy();
  });

  it('narrows to elections and failures, or to warnings and errors, by importance', async () => {
    const user = userEvent.setup();
    const sim = await crashBroker2();
    await sim.runFor(30_000, 1_000); // ISRs shrink and leaders move
    const importance = screen.getByRole('combobox', { name: 'Importance' });
    const initialElection = /orders-\d: leader \d \(epoch 0\)/; // the cluster's routine: not notable
    expect(rowTexts().some((t) => initialElection.test(t))).toBe(true);

    await user.selectOptions(importance, 'notable');
    const notable = rowTexts();
    expect(notable.length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'broker 2 crashed' })).toBeTruthy();
    expect(notable.some((t) => / leader \d→\d, epoch \d/.test(t))).toBe(true);
    expect(notable.some((t) => initialElection.test(t))).toBe(false);

    await user.selectOptions(importance, 'problems');
    const problems = within(log()).getAllByRole('listitem');
    expect(problems.length).toBeGreaterThan(0);
    for (const row of problems) expect(row.querySelector('.event-severity')!.textContent).toMatch(/warning|error/);
    expect(screen.getByRole('button', { name: 'broker 2 crashed' })).toBeTruthy();
  });

  it('sums up a fast-forward in one entry, counting every event the engine ran for it', async () => {
    const sim = startLiveSim();
    render(<EventLog />);
    await sim.frame(16);
    act(() => advance(600_000)); // "+10 min" (a day takes the engine too long for a unit test)
    await sim.frame(16);
    const { jumps } = simStore.getState();
    expect(jumps).toHaveLength(1);
    const { counts } = jumps[0]!;
    expect(counts.segmentRolled).toBeGreaterThan(10);
    const rows = within(log()).getAllByRole('listitem');
    const summary = rows.find((li) => li.textContent?.includes('Fast-forwarded 10 min: '))!;
    expect(summary).toBeDefined();
    const text = summary.textContent ?? '';
    expect(text).toContain(`${counts.segmentRolled!.toLocaleString('en-US')} segments rolled`);
    expect(text).toContain(describeJump(jumps[0]!));
    expect(text).toMatch(/, 0 errors/);
    expect(text).toContain('fast-forward');
    // Newest first: the summary sits above the jump's own (last kept) events.
    expect(rows.indexOf(summary)).toBe(0);
    expect(rows[1]!.textContent).not.toContain('Fast-forwarded');
  });
});
