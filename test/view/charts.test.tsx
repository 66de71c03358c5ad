// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import { connect, initialState, loadScenario, sendCommand, setShowInternal, simStore } from '../../src/store';
import { openLink } from '../../src/store/open-doc';
import type { ToWorker } from '../../src/worker/protocol';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { Charts } from '../../src/view/charts/Charts';
import { LineChart, formatTimeTick } from '../../src/view/charts/LineChart';
import type { ChartSeries } from '../../src/view/charts/LineChart';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

/** Path commands (M, C, L, Z …) in an SVG path string. */
const commands = (d: string | null): string[] => (d ?? '').match(/[A-Za-z]/g) ?? [];

const pathOf = (container: HTMLElement, id: string) => container.querySelector(`[data-series="${id}"] path`)?.getAttribute('d') ?? null;

describe('LineChart', () => {
  const rate: ChartSeries = { id: 'rate', label: 'produce', color: 'var(--blue)', points: [0, 1000, 2000, 3000, 4000].map((t, i) => ({ t, v: i * 2 })) };
  const count: ChartSeries = {
    id: 'count',
    label: 'offline',
    color: 'var(--ink)',
    dash: '2 3',
    step: true,
    points: [0, 1000, 2000].map((t, i) => ({ t, v: i })),
  };

  it('draws one curve segment per point, with axes and the latest values in its name', () => {
    const { container } = render(<LineChart title="Rates" series={[rate, count]} width={400} height={140} xDomain={[0, 4000]} yFormat={(v) => `${v}/s`} />);
    // A monotone curve: a move to the first point, then one segment to each later point.
    const d = pathOf(container, 'rate');
    expect(d).not.toMatch(/NaN/);
    expect(commands(d)).toHaveLength(rate.points.length);
    expect(commands(d)[0]).toBe('M');
    // Steps: a horizontal and a vertical segment to each later point.
    expect(commands(pathOf(container, 'count'))).toHaveLength(1 + 2 * (count.points.length - 1));
    expect(container.querySelector('[data-series="count"] path')!.getAttribute('stroke-dasharray')).toBe('2 3');

    const img = screen.getByRole('img', { name: 'Rates: produce 8/s, offline 2/s' });
    const yLabels = [...img.querySelectorAll('.axis-y text')].map((t) => t.textContent);
    expect(yLabels).toContain('0/s');
    expect(yLabels.length).toBeGreaterThanOrEqual(2);
    const xLabels = [...img.querySelectorAll('.axis-x text')].map((t) => t.textContent);
    expect(xLabels).toContain('0:00');
    expect(xLabels).toContain('0:04');
  });

  it('has a legend with text labels and a line sample in each series’ dash pattern', () => {
    const { container } = render(<LineChart title="Rates" series={[rate, count]} width={400} height={140} xDomain={[0, 4000]} />);
    const items = [...container.querySelectorAll('.chart-legend li')];
    expect(items.map((li) => li.textContent)).toEqual(['produce', 'offline']);
    expect(items[1]!.querySelector('line')!.getAttribute('stroke-dasharray')).toBe('2 3');
  });

  it('draws empty and single-point series without NaN', () => {
    const empty: ChartSeries = { id: 'empty', label: 'empty', color: 'red', points: [] };
    const one: ChartSeries = { id: 'one', label: 'one', color: 'blue', points: [{ t: 5000, v: 3 }] };
    const { container } = render(<LineChart title="Sparse" series={[empty, one]} width={300} height={120} xDomain={[5000, 5000]} />);
    expect(container.innerHTML).not.toMatch(/NaN/);
    expect(pathOf(container, 'empty')).toBeNull();
    // A single point is shown as its latest-value dot.
    expect(container.querySelector('[data-series="one"] circle')).not.toBeNull();
    expect(screen.getByRole('img', { name: 'Sparse: one 3' })).toBeTruthy();
  });

  it('labels simulated time briefly', () => {
    expect(formatTimeTick(45_000)).toBe('0:45');
    expect(formatTimeTick(12 * 3_600_000)).toBe('12:00:00');
    expect(formatTimeTick(61_500)).toBe('1:01');
  });
});

describe('Charts', () => {
  it('shows the live produce rate, partitions in trouble and no lost records', async () => {
    const sim = startLiveSim();
    render(<Charts />);
    await sim.runFor(10_000, 500);
    const charts = screen.getByRole('region', { name: 'Charts' });
    const rates = within(charts).getByRole('article', { name: 'Produce and consume rate' });
    const produce = /produce (\d+(?:\.\d+)?)\/s/.exec(rates.textContent ?? '');
    expect(produce).not.toBeNull();
    expect(Number(produce![1])).toBeGreaterThan(0);
    expect(within(rates).getByRole('img').getAttribute('aria-label')).toMatch(/^Produce and consume rate \(records per second\): produce [\d.]+\/s, consume/);
    expect(within(charts).getByRole('article', { name: 'Partitions in trouble' }).textContent).toContain('under-replicated 0 · under min ISR 0 · offline 0');
    expect(within(charts).getByText('0 so far — no acknowledged record has been lost')).toBeTruthy();
    expect(charts.innerHTML).not.toMatch(/NaN/);
  });

  it('switches consumer lag between records and seconds', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<Charts />);
    await sim.runFor(5_000, 500);
    const lag = screen.getByRole('article', { name: 'Consumer lag' });
    const unit = within(lag).getByRole('group', { name: 'Lag in' });
    expect(within(unit).getByRole('radio', { name: 'records' })).toHaveProperty('checked', true);
    expect(lag.querySelector('.chart-latest')!.textContent).toMatch(/^billing \d+ records$/);
    expect(within(lag).getByRole('img').getAttribute('aria-label')).toMatch(/^Consumer lag in records: billing \d+$/);

    await user.click(within(unit).getByRole('radio', { name: 'seconds' }));
    expect(lag.querySelector('.chart-latest')!.textContent).toMatch(/^billing \d+(\.\d)? s$/);
    expect(within(lag).getByRole('img').getAttribute('aria-label')).toMatch(/^Consumer lag in seconds: billing \d+(\.\d)? s$/);
  });

  it('re-renders only when a sample is added, not on every frame', async () => {
    const sim = startLiveSim();
    let commits = 0;
    render(
      <Profiler id="charts" onRender={() => commits++}>
        <Charts />
      </Profiler>,
    );
    await sim.runFor(3_000, 500);
    const before = simStore.getState().series;
    const committed = commits;
    for (let i = 0; i < 5; i++) await sim.frame(16);
    // 16 ms frames add no sample (samples are at least 1 simulated second apart): no re-render.
    expect(simStore.getState().series).toBe(before);
    expect(commits).toBe(committed);
    await sim.frame(1000);
    expect(simStore.getState().series).not.toBe(before);
    expect(commits).toBeGreaterThan(committed);
  });

  it('belongs to the scenario shown: a lesson opened while the default was loading has no "billing" lag', async () => {
    // Like the real worker: messages are answered later, in order. The app connects with the default
    // (which has the group "billing"), then reads `#lesson=…` before the default's first tick arrives.
    const inner = createInProcessTransport();
    const queue: ToWorker[] = [];
    let wall = 0;
    const flush = () => act(async () => void queue.splice(0).forEach((m) => inner.send(m)));
    const frame = (ms: number) =>
      act(async () => {
        wall += ms;
        inner.frame(wall);
      });
    simStore.setState({ ...initialState });
    connect(
      createSimClient({ send: (m) => queue.push(m), onMessage: inner.onMessage, restart: inner.restart, close: inner.close }),
      DEFAULT_SCENARIO,
      DEFAULT_SEED,
    );
    render(<Charts />);
    expect(openLink('#lesson=keys-and-partitions')).toBeNull();
    await flush(); // the default's first tick, then the lesson's
    for (let i = 0; i < 6; i++) await frame(500);
    const lag = screen.getByRole('article', { name: 'Consumer lag' });
    expect(lag.querySelector('.chart-latest')!.textContent).toBe('no consumer groups');
    expect(simStore.getState().series.some((p) => 'billing' in p.lag)).toBe(false);
    expect(simStore.getState().series[0]!.timeMs).toBe(0);
  });

  it('starts over when another scenario is loaded, even at a later time', async () => {
    const sim = startLiveSim();
    render(<Charts />);
    await sim.runFor(3_000, 500);
    expect(screen.getByRole('article', { name: 'Consumer lag' }).textContent).toContain('billing');
    act(() => loadScenario({ ...DEFAULT_SCENARIO, name: 'no groups', consumers: [] }, 1));
    await sim.runFor(2_000, 500);
    expect(screen.getByRole('article', { name: 'Consumer lag' }).querySelector('.chart-latest')!.textContent).toBe('no consumer groups');
    expect(simStore.getState().series.every((p) => Object.keys(p.lag).length === 0)).toBe(true);
  });

  it('counts the learner’s partitions in trouble, with internal ones apart (plotted only when shown)', async () => {
    const sim = startLiveSim();
    render(<Charts />);
    await sim.runFor(3_000, 500);
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 2 })));
    await sim.runFor(30_000, 1_000);
    const card = screen.getByRole('article', { name: 'Partitions in trouble' });
    const point = simStore.getState().series.at(-1)!;
    expect(point.underReplicated).toBe(3);
    expect(point.internal.underReplicated).toBeGreaterThan(0);
    const n = point.internal.underReplicated;
    expect(card.querySelector('.chart-latest')!.textContent).toMatch(new RegExp(`^under-replicated 3 \\(\\+${n} internal\\) · `));
    expect(within(card).getByRole('img').getAttribute('aria-label')).toContain('under-replicated 3');
    act(() => setShowInternal(true));
    expect(card.querySelector('.chart-latest')!.textContent).toMatch(new RegExp(`^under-replicated ${3 + n} \\(${n} internal\\) · `));
  });
});
