/**
 * Jepsen-style lanes under the scrubber: one row per kind of actor (brokers, producers, consumer
 * groups, faults, the person's own actions), each event a small mark that jumps there. React
 * renders the SVG; d3-scale only maps time to x.
 */
import { useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { scaleLinear } from 'd3-scale';
import type { Command } from '../../engine';
import type { HistoryMark, RecordedCommand } from '../../store';
import type { EventLane, EventSeverity } from '../../store/event-lanes';
import { describeEvent } from '../event-meaning';
import { isolate, spoken } from '../text/user-text';
import { formatSimTime } from '../format';

export type LaneId = EventLane | 'actions';
type MarkSeverity = EventSeverity | 'action';

/** The rows, top to bottom, with the names a person reads. */
export const LANES: readonly { id: LaneId; name: string }[] = [
  { id: 'brokers', name: 'Brokers' },
  { id: 'producers', name: 'Producers' },
  { id: 'groups', name: 'Consumer groups' },
  { id: 'faults', name: 'Faults' },
  { id: 'actions', name: 'Your actions' },
];

/** One mark before aggregation: a history mark or a recorded command. */
export interface LaneMark {
  lane: LaneId;
  timeMs: number;
  label: string;
  severity: MarkSeverity;
}

/** Marks of one lane that share a column of the mark's width, drawn as one mark with a count. */
export interface MarkBin {
  lane: LaneId;
  /** x of the earliest mark in the bin (clicking seeks to its time). */
  x: number;
  firstMs: number;
  lastMs: number;
  count: number;
  /** The worst severity in the bin decides the shape. */
  severity: MarkSeverity;
  /** The first few labels, for the tooltip. */
  labels: string[];
}

const SEVERITY_RANK: Record<MarkSeverity, number> = { action: 0, info: 1, warning: 2, error: 3 };

/** A person's command in a few words, e.g. "crash broker 2", "add consumer c3 to billing". */
function describeCommand(c: Command): string {
  switch (c.type) {
    case 'crashBroker':
    case 'restartBroker':
    case 'isolateBroker':
    case 'healBroker':
      return `${{ crashBroker: 'crash', restartBroker: 'restart', isolateBroker: 'isolate', healBroker: 'heal' }[c.type]} broker ${c.brokerId}`;
    case 'slowBroker':
      return `slow broker ${c.brokerId} by ${c.extraLatencyMs} ms`;
    case 'addBroker':
      return c.brokerId === undefined ? 'add a broker' : `add broker ${c.brokerId}`;
    case 'createTopic':
      return `create topic ${isolate(c.name)}`;
    case 'addPartitions':
      return `${isolate(c.topic)}: ${c.totalCount} partitions`;
    case 'setTopicConfig':
      return `${isolate(c.topic)}: set ${Object.keys(c.configs).join(', ')}`;
    case 'setBrokerConfig':
      return `brokers: set ${Object.keys(c.configs).join(', ')}`;
    case 'addProducer':
      return `add producer ${isolate(c.producer.id)}`;
    case 'removeProducer':
      return `close producer ${isolate(c.producerId)}`;
    case 'updateProducer':
      return `change producer ${isolate(c.producerId)}`;
    case 'produce':
      return `produce a record with ${isolate(c.producerId)}`;
    case 'addConsumer':
      return `add consumer ${isolate(c.consumer.id)} to ${isolate(c.consumer.groupId)}`;
    case 'removeConsumer':
    case 'crashConsumer':
    case 'restartConsumer':
      return `${{ removeConsumer: 'close', crashConsumer: 'crash', restartConsumer: 'restart' }[c.type]} consumer ${isolate(c.consumerId)}`;
    case 'updateConsumer':
      return `change consumer ${isolate(c.consumerId)}`;
    case 'resetOffsets':
      return `reset offsets of ${isolate(c.groupId)} on ${isolate(c.topic)}`;
    case 'electLeaders':
      return `${c.electionType} leader election`;
  }
}

/** Every mark the lanes show: the history's marks (in the event log's words) plus the recorded commands. */
function laneMarks(marks: readonly HistoryMark[], commands: readonly RecordedCommand[]): LaneMark[] {
  return [
    ...marks.map((m): LaneMark => ({ lane: m.lane, timeMs: m.timeMs, label: describeEvent(m.event), severity: m.severity })),
    ...commands.map((c): LaneMark => ({ lane: 'actions', timeMs: c.atMs, label: `You: ${describeCommand(c.command)}`, severity: 'action' })),
  ];
}

/**
 * Aggregates marks per lane into columns `binPx` wide, so thousands of marks stay a few hundred
 * SVG nodes. Bins come out in lane order, then left to right.
 */
export function binMarks(marks: readonly LaneMark[], xOf: (timeMs: number) => number, binPx: number): MarkBin[] {
  const bins = new Map<string, MarkBin>();
  for (const m of [...marks].sort((a, b) => a.timeMs - b.timeMs)) {
    const x = xOf(m.timeMs);
    const key = `${m.lane}:${Math.floor(x / binPx)}`;
    const bin = bins.get(key);
    if (!bin) {
      bins.set(key, { lane: m.lane, x, firstMs: m.timeMs, lastMs: m.timeMs, count: 1, severity: m.severity, labels: [m.label] });
      continue;
    }
    bin.count++;
    bin.lastMs = m.timeMs;
    if (SEVERITY_RANK[m.severity] > SEVERITY_RANK[bin.severity]) bin.severity = m.severity;
    if (bin.labels.length < 6) bin.labels.push(m.label);
  }
  const laneOrder = new Map(LANES.map((l, i) => [l.id, i]));
  return [...bins.values()].sort((a, b) => laneOrder.get(a.lane)! - laneOrder.get(b.lane)! || a.x - b.x);
}

/** The count drawn beside an aggregated mark. */
function binCountText(bin: MarkBin): string {
  return bin.count > 99 ? '99+' : String(bin.count);
}

/**
 * The accessible name of a bin: its label and time; an aggregated mark also says the count it
 * shows, so its name contains its visible text (WCAG 2.5.3 label in name).
 * @example binLabel(bin) // "broker 2 crashed and 2 more, 3 events from T+00:00:20.000 to T+00:00:21.000"
 */
function binLabel(bin: MarkBin): string {
  if (bin.count === 1) return `${bin.labels[0] ?? ''} at ${formatSimTime(bin.firstMs)}`;
  return `${bin.labels[0] ?? ''} and ${bin.count - 1} more, ${binCountText(bin)} events from ${formatSimTime(bin.firstMs)} to ${formatSimTime(bin.lastMs)}`;
}

/** A bin's tooltip: its name, and for an aggregated mark the first few events it holds. */
function binTooltip(bin: MarkBin): string {
  if (bin.count === 1) return binLabel(bin);
  return `${binLabel(bin)}:\n${bin.labels.join('\n')}${bin.count > bin.labels.length ? '\n…' : ''}`;
}

/** Left column for the lane names; the scrubber above is inset by the same amount. */
export const LANE_LABEL_PX = 132;
/** Inset at both ends of the time axis: the centre of a range thumb never reaches the edge. */
const AXIS_INSET_PX = 9;
const ROW_PX = 22;
const MARK_PX = 9;
const AXIS_PX = 18;

function MarkShape({ severity, x, y }: { severity: MarkSeverity; x: number; y: number }) {
  const r = MARK_PX / 2;
  switch (severity) {
    case 'info':
      return <circle className="tl-mark-info" cx={x} cy={y} r={r} />;
    case 'warning':
      return <path className="tl-mark-warning" d={`M${x},${y - r - 1}L${x + r + 1},${y + r}L${x - r - 1},${y + r}Z`} />;
    case 'error':
      return (
        <g className="tl-mark-error">
          <rect x={x - r} y={y - r} width={MARK_PX} height={MARK_PX} />
          <path d={`M${x - r + 2},${y - r + 2}L${x + r - 2},${y + r - 2}M${x + r - 2},${y - r + 2}L${x - r + 2},${y + r - 2}`} />
        </g>
      );
    case 'action':
      return <path className="tl-mark-action" d={`M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}Z`} />;
  }
}

export interface LanesProps {
  marks: readonly HistoryMark[];
  commands: readonly RecordedCommand[];
  checkpointsMs: readonly number[];
  /** The time axis runs from 0 to here (the scrubber's max). */
  domainMaxMs: number;
  /** The furthest this branch has gone (beyond the playhead: the recorded future). */
  endMs: number;
  playheadMs: number;
  widthPx: number;
  onSeek(timeMs: number): void;
}

/** The lanes as one SVG; marks use a roving tab stop (Tab enters, arrows move, Enter/Space jump). */
export function Lanes({ marks, commands, checkpointsMs, domainMaxMs, endMs, playheadMs, widthPx, onSeek }: LanesProps) {
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([0, Math.max(1, domainMaxMs)])
        .range([LANE_LABEL_PX + AXIS_INSET_PX, Math.max(LANE_LABEL_PX + AXIS_INSET_PX + 10, widthPx - AXIS_INSET_PX)]),
    [domainMaxMs, widthPx],
  );
  // Marks change a few times a second at most; the axis (and so the bins) every frame while live.
  const all = useMemo(() => laneMarks(marks, commands).sort((a, b) => a.timeMs - b.timeMs), [marks, commands]);
  const bins = useMemo(() => binMarks(all, x, MARK_PX), [all, x]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const keyOf = (b: MarkBin) => `${b.lane}:${b.firstMs}`;
  const activeIndex = Math.max(
    0,
    bins.findIndex((b) => keyOf(b) === focusKey),
  );
  const lanesPx = LANES.length * ROW_PX;
  const heightPx = lanesPx + AXIS_PX;
  const rowOf = (lane: LaneId) => LANES.findIndex((l) => l.id === lane);
  // Whole simulated seconds only, so no two labels read the same.
  const ticks = x.ticks(Math.max(2, Math.floor(widthPx / 130))).filter((t) => t % 1000 === 0);

  const onKeyDown = (e: KeyboardEvent<SVGGElement>, i: number) => {
    const bin = bins[i];
    if (!bin) return;
    let next = i;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSeek(bin.firstMs);
      return;
    }
    if (e.key === 'ArrowRight') next = Math.min(bins.length - 1, i + 1);
    else if (e.key === 'ArrowLeft') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = bins.length - 1;
    else return;
    e.preventDefault(); // also keeps the page's → / ← shortcuts from stepping the simulation
    const target = bins[next];
    if (!target) return;
    setFocusKey(keyOf(target));
    const svg = e.currentTarget.ownerSVGElement;
    // The element exists already (same bins); focus it after React moved the tab stop.
    queueMicrotask(() => svg?.querySelector<SVGGElement>(`[data-index="${next}"]`)?.focus());
  };

  const renderBin = (bin: MarkBin, i: number) => {
    const y = rowOf(bin.lane) * ROW_PX + ROW_PX / 2;
    return (
      <g
        key={keyOf(bin)}
        data-index={i}
        className="tl-mark"
        role="button"
        tabIndex={i === activeIndex ? 0 : -1}
        aria-label={spoken(binLabel(bin))}
        onClick={() => {
          setFocusKey(keyOf(bin));
          onSeek(bin.firstMs);
        }}
        onFocus={() => setFocusKey(keyOf(bin))}
        onKeyDown={(e) => onKeyDown(e, i)}
      >
        <title>{binTooltip(bin)}</title>
        <rect className="tl-hit" x={bin.x - MARK_PX / 2 - 1} y={y - ROW_PX / 2} width={MARK_PX + 2} height={ROW_PX} />
        <MarkShape severity={bin.severity} x={bin.x} y={y} />
        {bin.count > 1 && (
          <text className="tl-count" x={bin.x + MARK_PX / 2 + 1} y={y - 3}>
            {binCountText(bin)}
          </text>
        )}
      </g>
    );
  };

  const endX = x(Math.min(endMs, domainMaxMs));
  const headX = x(Math.min(playheadMs, domainMaxMs));
  return (
    <svg className="tl-lanes" width={widthPx} height={heightPx} role="group" aria-label="Lanes: brokers, producers, consumer groups, faults and your actions">
      {LANES.map((lane, row) => (
        <g key={lane.id} className="tl-lane">
          <rect className={row % 2 === 0 ? 'tl-row-even' : 'tl-row-odd'} x={0} y={row * ROW_PX} width={widthPx} height={ROW_PX} />
          <text className="tl-lane-name" aria-hidden="true" x={6} y={row * ROW_PX + ROW_PX / 2} dominantBaseline="central">
            {lane.name}
          </text>
        </g>
      ))}
      {endX > headX + 1 && <rect className="tl-future" x={headX} y={0} width={endX - headX} height={lanesPx} aria-hidden="true" />}
      <g className="tl-checkpoints" aria-hidden="true">
        {checkpointsMs.map((t) => (
          <line key={t} x1={x(t)} x2={x(t)} y1={lanesPx} y2={lanesPx + 4} />
        ))}
      </g>
      <g className="tl-axis" aria-hidden="true">
        <line x1={x.range()[0]} x2={x.range()[1]} y1={lanesPx + 0.5} y2={lanesPx + 0.5} />
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={lanesPx + AXIS_PX - 3} textAnchor="middle">
            {formatSimTime(t).replace(/\.\d{3}$/, '')}
          </text>
        ))}
      </g>
      {LANES.map((lane) => (
        <g key={lane.id} role="group" aria-label={lane.name}>
          {bins.map((bin, i) => (bin.lane === lane.id ? renderBin(bin, i) : null))}
        </g>
      ))}
      {endX > headX + 1 && <line className="tl-end" x1={endX} x2={endX} y1={0} y2={lanesPx} aria-hidden="true" />}
      <line className="tl-playhead" x1={headX} x2={headX} y1={0} y2={lanesPx + 4} aria-hidden="true" />
    </svg>
  );
}
