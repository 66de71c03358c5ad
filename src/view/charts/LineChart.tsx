import { memo, useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import { curveMonotoneX, curveStepAfter, line } from 'd3-shape';
import { IsolatedSentence } from '../text/UserText';
import { spoken } from '../text/user-text';
import './charts.css';

/** One sample of a chart series: simulated time and value. */
export interface ChartPoint {
  /** Simulated milliseconds since the scenario started. */
  t: number;
  v: number;
}

/** One line of a chart. Series differ by dash pattern as well as colour (never colour alone). */
export interface ChartSeries {
  id: string;
  /** In the chart's accessible name, and in the legend unless `shortLabel` is given (user text goes in with `isolate`). */
  label: string;
  /** The legend's label where `label` may be long (a 249-character group id), with `label` as its tooltip. */
  shortLabel?: string;
  points: readonly ChartPoint[];
  /** SVG `stroke-dasharray`, e.g. "6 3"; solid when absent. */
  dash?: string;
  /** Any CSS colour, including `var(--blue)`. */
  color: string;
  /** Draw as steps (a count that jumps) rather than a smooth curve (a rate). */
  step?: boolean;
}

export interface LineChartProps {
  /** What the chart shows; the start of its accessible name. */
  title: string;
  series: readonly ChartSeries[];
  /** SVG width and height in px. */
  width: number;
  height: number;
  /** Formats values on the y axis and in the accessible name (default: up to one decimal). */
  yFormat?: (v: number) => string;
  /** Simulated time range the x axis covers, in ms. */
  xDomain: [number, number];
  /** Only whole-number ticks on the y axis (for counts). */
  yIntegers?: boolean;
}

const MARGIN = { top: 6, right: 10, bottom: 18, left: 42 };

const defaultFormat = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/**
 * A short simulated-time label for the x axis: "0:45" under an hour, "12:00:00" beyond.
 * @example formatTimeTick(45_000) // "0:45"
 */
export function formatTimeTick(ms: number): string {
  const totalSec = Math.floor(ms / 1000);
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** x ticks on whole seconds, minutes or hours (d3's 1-2-5 steps in that unit), so labels never repeat. */
function timeTicks(domain: [number, number], count: number): number[] {
  const spanMs = domain[1] - domain[0];
  const unitMs = spanMs <= 120_000 ? 1000 : spanMs <= 7_200_000 ? 60_000 : 3_600_000;
  return scaleLinear()
    .domain([domain[0] / unitMs, domain[1] / unitMs])
    .ticks(count)
    .filter(Number.isInteger)
    .map((u) => u * unitMs);
}

/** The latest value of each series in words, for the accessible name. */
function summarise(series: readonly ChartSeries[], format: (v: number) => string): string {
  const parts = series.flatMap((s) => {
    const last = s.points.at(-1);
    return last && Number.isFinite(last.v) ? [`${s.label} ${format(last.v)}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'no data yet';
}

const isDrawable = (p: ChartPoint): boolean => Number.isFinite(p.t) && Number.isFinite(p.v);

/**
 * A small line chart over simulated time. React renders the SVG; d3-scale and d3-shape only
 * compute positions and path strings (STYLE.md §6). Empty and single-point series draw without
 * NaN: an empty series draws nothing, and the latest point of each series is marked with a dot.
 */
export const LineChart = memo(function LineChart({ title, series, width, height, yFormat = defaultFormat, xDomain, yIntegers = false }: LineChartProps) {
  const innerW = Math.max(1, width - MARGIN.left - MARGIN.right);
  const innerH = Math.max(1, height - MARGIN.top - MARGIN.bottom);

  const { x, y, xTicks, yTicks } = useMemo(() => {
    // A zero-width domain (one sample) would divide by zero: widen it to one second.
    const domain: [number, number] = xDomain[1] > xDomain[0] ? xDomain : [xDomain[0], xDomain[0] + 1000];
    const xs = scaleLinear().domain(domain).range([0, innerW]);
    let maxV = 0;
    for (const s of series) for (const p of s.points) if (isDrawable(p)) maxV = Math.max(maxV, p.v);
    // At least 1 so an all-zero chart still has an axis (0 at the bottom).
    const ys = scaleLinear()
      .domain([0, Math.max(maxV, 1)])
      .range([innerH, 0])
      .nice(4);
    const yt = ys.ticks(innerH < 90 ? 3 : 4).filter((v) => !yIntegers || Number.isInteger(v));
    return { x: xs, y: ys, xTicks: timeTicks(domain, Math.max(2, Math.floor(innerW / 80))), yTicks: yt };
  }, [series, xDomain, innerW, innerH, yIntegers]);

  const paths = useMemo(
    () =>
      series.map((s) => {
        const pts = s.points.filter(isDrawable);
        const gen = line<ChartPoint>()
          .x((p) => x(p.t))
          .y((p) => y(p.v))
          .curve(s.step ? curveStepAfter : curveMonotoneX);
        const last = pts.at(-1);
        return { s, d: pts.length > 1 ? gen(pts) : null, last: last ? { cx: x(last.t), cy: y(last.v) } : null };
      }),
    [series, x, y],
  );

  const label = spoken(`${title}: ${summarise(series, yFormat)}`);
  return (
    <div className="line-chart">
      <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="line-chart-svg">
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <g className="axis axis-y">
            {yTicks.map((v) => (
              <g key={v} transform={`translate(0,${y(v)})`} className="tick">
                <line x1={0} x2={innerW} className="grid" />
                <text x={-4} dy="0.32em" textAnchor="end">
                  {yFormat(v)}
                </text>
              </g>
            ))}
          </g>
          <g className="axis axis-x" transform={`translate(0,${innerH})`}>
            <line x1={0} x2={innerW} className="baseline" />
            {xTicks.map((t) => (
              <g key={t} transform={`translate(${x(t)},0)`} className="tick">
                <line y1={0} y2={4} />
                <text y={14} textAnchor="middle">
                  {formatTimeTick(t)}
                </text>
              </g>
            ))}
          </g>
          {paths.map(({ s, d, last }) => (
            <g key={s.id} className="series" data-series={s.id}>
              {d && <path d={d} fill="none" strokeDasharray={s.dash} style={{ stroke: s.color }} className="series-line" />}
              {last && <circle cx={last.cx} cy={last.cy} r={2.5} style={{ fill: s.color }} />}
            </g>
          ))}
        </g>
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.id} title={s.shortLabel === undefined ? undefined : s.label}>
            <svg width={26} height={8} aria-hidden="true" focusable="false">
              <line x1={1} x2={25} y1={4} y2={4} strokeDasharray={s.dash} style={{ stroke: s.color }} className="legend-sample" />
            </svg>
            <IsolatedSentence text={s.shortLabel ?? s.label} />
          </li>
        ))}
      </ul>
    </div>
  );
});
