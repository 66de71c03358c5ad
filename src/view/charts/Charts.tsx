import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { SeriesPoint } from '../../store';
import type { PartitionTrouble } from '../../store/series';
import { useSeries, useShowInternal } from '../../store/hooks';
import { useElementSize } from '../hooks/useElementSize';
import { isolate, svgLabel } from '../text/user-text';
import { IsolatedSentence } from '../text/UserText';
import { LineChart } from './LineChart';
import type { ChartSeries } from './LineChart';
import './charts.css';

// `series` only changes when a sample is added (a few times per wall second), so the charts do
// not re-render on every animation frame.

type LagUnit = 'records' | 'seconds';

/** Colours and dash patterns handed out in turn, so lines differ by more than colour. */
const PALETTE = ['var(--blue)', 'var(--orange)', 'var(--green)', 'var(--purple)', 'var(--vermillion)', 'var(--sky)'];
const DASHES = [undefined, '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];

const CHART_HEIGHT_PX = 130;
const GAP_PX = 12;

/** "2.0/s", "340/s", "20.1k/s". */
function formatRate(v: number): string {
  if (v >= 10_000) return `${(v / 1000).toFixed(1)}k/s`;
  if (v >= 100) return `${Math.round(v)}/s`;
  return `${v.toFixed(1)}/s`;
}
const formatCount = (v: number): string => String(Math.round(v));
const formatSeconds = (v: number): string => (v >= 100 ? `${Math.round(v)} s` : `${v.toFixed(1)} s`);

const pointsOf = (series: readonly SeriesPoint[], pick: (p: SeriesPoint) => number) => series.map((p) => ({ t: p.timeMs, v: pick(p) }));

/** Every consumer group seen in the history, in order of first appearance. */
function groupIdsOf(series: readonly SeriesPoint[]): string[] {
  const ids = new Set<string>();
  for (const p of series) for (const id of Object.keys(p.lag)) ids.add(id);
  return [...ids];
}

/** A consumer group's name in the legend and the latest values is elided past this (the whole name is the legend's tooltip). */
const GROUP_LABEL_CHARS = 32;

/** The latest value of each series as "label value", joined with middle dots. */
function latestText(series: readonly ChartSeries[], format: (v: number) => string): string {
  const parts = series.flatMap((s) => {
    const last = s.points.at(-1);
    return last ? [`${s.shortLabel ?? s.label} ${format(last.v)}`] : [];
  });
  return parts.length > 0 ? parts.join(' · ') : 'no data yet';
}

const TROUBLE_KINDS: Record<string, keyof PartitionTrouble> = { 'under-replicated': 'underReplicated', 'under-min-isr': 'underMinIsr', offline: 'offline' };

/**
 * "under-replicated 3 (+50 internal) · under min ISR 0 · offline 0": the learner's topics, with
 * internal partitions said apart — added in brackets while hidden, "of them" while shown (and plotted).
 */
function troubleLatest(trouble: readonly ChartSeries[], internal: PartitionTrouble | undefined, shown: boolean): string {
  const parts = trouble.flatMap((s) => {
    const last = s.points.at(-1);
    if (!last) return [];
    const kind = TROUBLE_KINDS[s.id];
    const n = kind && internal ? internal[kind] : 0;
    return [`${s.label} ${formatCount(last.v)}${n === 0 ? '' : shown ? ` (${n} internal)` : ` (+${n} internal)`}`];
  });
  return parts.length > 0 ? parts.join(' · ') : 'no data yet';
}

/** How many charts per row: 4 across on a wide screen, 2×2 in a column, 1 on a phone. */
function columnsFor(widthPx: number): number {
  if (widthPx >= 1000) return 4;
  if (widthPx >= 440) return 2;
  return 1;
}

function ChartCard({ title, latest, children, controls }: { title: string; latest: string; children: ReactNode; controls?: ReactNode }) {
  const headingId = useId();
  return (
    <article className="chart-card" aria-labelledby={headingId}>
      <div className="chart-head">
        <h3 id={headingId}>{title}</h3>
        {controls}
      </div>
      <p className="chart-latest">
        <IsolatedSentence text={latest} />
      </p>
      {children}
    </article>
  );
}

/**
 * The four live charts, from the store's sampled `series`: produce/consume rate, consumer lag per
 * group (in records or seconds), partitions in trouble, and acknowledged-but-lost records.
 */
export function Charts() {
  const series = useSeries();
  const showInternal = useShowInternal();
  const [lagUnit, setLagUnit] = useState<LagUnit>('records');
  const [ref, size] = useElementSize<HTMLElement>({ width: 600, height: 160 });
  const lagName = useId();

  const columns = columnsFor(size.width);
  // Each card has 8 px padding and a 1 px border on both sides.
  const chartWidth = Math.max(160, Math.floor((size.width - GAP_PX * (columns - 1)) / columns) - 18);

  const xDomain = useMemo<[number, number]>(() => {
    const first = series[0];
    const last = series.at(-1);
    return first && last ? [first.timeMs, last.timeMs] : [0, 1000];
  }, [series]);

  const rates = useMemo<ChartSeries[]>(
    () => [
      { id: 'produce', label: 'produce', color: 'var(--blue)', points: pointsOf(series, (p) => p.produceRate) },
      { id: 'consume', label: 'consume', color: 'var(--orange)', dash: '6 3', points: pointsOf(series, (p) => p.consumeRate) },
    ],
    [series],
  );

  const lag = useMemo<ChartSeries[]>(
    () =>
      groupIdsOf(series).map((groupId, i) => ({
        id: groupId,
        label: isolate(groupId),
        shortLabel: svgLabel(groupId, GROUP_LABEL_CHARS),
        color: PALETTE[i % PALETTE.length]!,
        dash: DASHES[i % DASHES.length],
        // A group that did not exist yet (or was deleted) has no point at that time, rather than a false zero.
        points: series.flatMap((p) => {
          const l = p.lag[groupId];
          return l ? [{ t: p.timeMs, v: lagUnit === 'records' ? l.records : l.ms / 1000 }] : [];
        }),
      })),
    [series, lagUnit],
  );

  // Internal topics (__consumer_offsets) are plotted only while they are shown; the text always says them apart.
  const trouble = useMemo<ChartSeries[]>(() => {
    const count = (kind: keyof PartitionTrouble) => (p: SeriesPoint) => p[kind] + (showInternal ? p.internal[kind] : 0);
    return [
      { id: 'under-replicated', label: 'under-replicated', color: 'var(--orange)', step: true, points: pointsOf(series, count('underReplicated')) },
      { id: 'under-min-isr', label: 'under min ISR', color: 'var(--vermillion)', dash: '6 3', step: true, points: pointsOf(series, count('underMinIsr')) },
      { id: 'offline', label: 'offline', color: 'var(--ink)', dash: '2 3', step: true, points: pointsOf(series, count('offline')) },
    ];
  }, [series, showInternal]);
  const troubleText = troubleLatest(trouble, series.at(-1)?.internal, showInternal);

  const lost = useMemo<ChartSeries[]>(
    () => [{ id: 'lost', label: 'lost', color: 'var(--vermillion)', step: true, points: pointsOf(series, (p) => p.acknowledgedLost) }],
    [series],
  );
  const lostNow = series.at(-1)?.acknowledgedLost ?? 0;

  const lagFormat = lagUnit === 'records' ? (v: number) => `${formatCount(v)} records` : formatSeconds;
  const common = { width: chartWidth, height: CHART_HEIGHT_PX, xDomain };

  const lagControls = (
    <fieldset className="chart-toggle">
      <legend>Lag in</legend>
      {(['records', 'seconds'] as const).map((unit) => (
        <label key={unit}>
          <input type="radio" name={lagName} value={unit} checked={lagUnit === unit} onChange={() => setLagUnit(unit)} /> {unit}
        </label>
      ))}
    </fieldset>
  );

  return (
    <section aria-label="Charts" className="charts" ref={ref} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP_PX }}>
      <ChartCard title="Produce and consume rate" latest={latestText(rates, formatRate)}>
        <LineChart title="Produce and consume rate (records per second)" series={rates} yFormat={formatRate} {...common} />
      </ChartCard>
      <ChartCard title="Consumer lag" latest={lag.length > 0 ? latestText(lag, lagFormat) : 'no consumer groups'} controls={lagControls}>
        <LineChart
          title={`Consumer lag in ${lagUnit}`}
          series={lag}
          yFormat={lagUnit === 'records' ? formatCount : formatSeconds}
          yIntegers={lagUnit === 'records'}
          {...common}
        />
      </ChartCard>
      <ChartCard title="Partitions in trouble" latest={troubleText}>
        <LineChart title="Partitions in trouble" series={trouble} yFormat={formatCount} yIntegers {...common} />
      </ChartCard>
      <ChartCard
        title="Acknowledged but lost"
        latest={lostNow === 0 ? '0 so far — no acknowledged record has been lost' : `${lostNow} acknowledged record${lostNow === 1 ? '' : 's'} lost`}
      >
        <LineChart title="Acknowledged records lost" series={lost} yFormat={formatCount} yIntegers {...common} />
      </ChartCard>
    </section>
  );
}
