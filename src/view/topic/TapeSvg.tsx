import { useId } from 'react';
import type { KeyboardEvent, MouseEvent, PointerEvent, Ref } from 'react';
import type { LogRemoval } from '../../engine';
import type { TapeData } from '../../store/tape-data';
import { formatSimTime } from '../format';
import { isolate, svgLabel } from '../text/user-text';
import type { TapeAxis } from './tape-scale';
import { axisTicks, describeRemoval, fitLabel, formatLagMs, groupX, labelPx, offsetRange, screenX, stackLabels, TAPE_PAD_PX } from './tape-scale';
import { TapeBars } from './TapeBars';
import { TapeCells } from './TapeCells';

const ROW_PX = 14;
const BAND_PX = 30;
const AXIS_PX = 14;
/** A consumer group's label under the tape elides a longer id (the whole id is its tooltip). */
const GROUP_LABEL_CHARS = 24;

/** Simulated time as the tape says it: "T+00:01:10" (milliseconds only when there are some). */
export const tapeTime = (ms: number): string => formatSimTime(ms).replace(/\.000$/, '');

/** Deletions that moved the log start (not cleaner passes): the ghost region before the log start. */
export const deletionsOf = (removals: readonly LogRemoval[]): LogRemoval[] => removals.filter((r) => r.reason !== 'compaction');

export interface TapeSvgProps {
  data: TapeData;
  name: string;
  spotPrefix: string;
  axis: TapeAxis;
  widthPx: number;
  showCells: boolean;
  /** Keys of the records in view, when zoomed in far enough to show them. */
  keys: ReadonlyMap<number, string | null>;
  selected: number | null;
  cursor: number;
  /** Whether the keyboard cursor was moved (shown as a line on the bars). */
  cursorShown: boolean;
  svgRef: Ref<SVGSVGElement>;
  onKeyDown(e: KeyboardEvent<SVGSVGElement>): void;
  onClick(e: MouseEvent<SVGSVGElement>): void;
  onPointerDown(e: PointerEvent<SVGSVGElement>): void;
  onPointerMove(e: PointerEvent<SVGSVGElement>): void;
  onPointerUp(e: PointerEvent<SVGSVGElement>): void;
}

/** A marker's label, pointing off the edge when its offset is out of view. */
function markerText(axis: TapeAxis, offset: number, text: string): { xPx: number; text: string } {
  const x = screenX(axis, offset);
  const right = TAPE_PAD_PX + axis.innerPx;
  if (x < TAPE_PAD_PX - 0.5) return { xPx: TAPE_PAD_PX, text: `◀ ${text}` };
  if (x > right + 0.5) return { xPx: right, text: `${text} ▶` };
  return { xPx: x, text };
}

/** The tape's SVG: records or segments, gaps, tombstones, deletions, markers and groups. */
export function TapeSvg({
  data,
  name,
  spotPrefix,
  axis,
  widthPx,
  showCells,
  keys,
  selected,
  cursor,
  cursorShown,
  svgRef,
  onKeyDown,
  onClick,
  onPointerDown,
  onPointerMove,
  onPointerUp,
}: TapeSvgProps) {
  const hatchId = useId();
  const clipId = useId();
  const right = TAPE_PAD_PX + axis.innerPx;
  const inView = (o: number) => o >= axis.startOffset && o <= axis.endOffset;
  const markers = [
    { key: 'log-start', offset: data.lso, ...markerText(axis, data.lso, `log start ${data.lso}`) },
    { key: 'hw', offset: data.hw, ...markerText(axis, data.hw, `HW ${data.hw}`) },
    { key: 'leo', offset: data.leo, ...markerText(axis, data.leo, `LEO ${data.leo}`) },
  ];
  const top = stackLabels(
    markers.map((m) => ({ key: m.key, xPx: m.xPx, text: m.text })),
    widthPx,
  );
  const tombstones = data.segments.flatMap((s) => s.tombstones).filter((o) => o >= data.lso && inView(o) && inView(o + 1));
  const bottom = stackLabels(
    [
      ...data.groups.map((g) => ({
        key: `g:${g.groupId}`,
        title: `group ${isolate(g.groupId)}`,
        xPx: Math.min(Math.max(screenX(axis, g.committedOffset), 0), widthPx),
        text: `${inView(g.committedOffset) ? '' : screenX(axis, g.committedOffset) < 0 ? '◀ ' : '▶ '}${svgLabel(g.groupId, GROUP_LABEL_CHARS)} · lag ${g.lag}${g.lag > 0 ? ` (${formatLagMs(g.lagMs)})` : ''}`,
      })),
      ...tombstones.slice(0, 3).map((o) => ({ key: `t:${o}`, xPx: screenX(axis, o + 0.5), text: 'tombstone' })),
    ],
    widthPx,
  );
  const topRows = Math.max(1, ...top.map((l) => l.row + 1));
  const bandY = topRows * ROW_PX + 4;
  const axisY = bandY + BAND_PX;
  const bottomY = axisY + AXIS_PX + 2;
  const heightPx = bottomY + Math.max(0, ...bottom.map((l) => l.row + 1)) * ROW_PX + 4;
  const deletions = deletionsOf(data.removals);
  const newest = deletions[deletions.length - 1];
  const ticks = showCells ? [] : axisTicks(axis);
  return (
    <svg
      ref={svgRef}
      className={`tape-svg${showCells ? ' tape-svg-cells' : ' tape-svg-bars'}`}
      width={widthPx}
      height={heightPx}
      viewBox={`0 0 ${widthPx} ${heightPx}`}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <defs>
        <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="tape-hatch-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="tape-hatch-line" />
        </pattern>
        <clipPath id={clipId}>
          <rect x={TAPE_PAD_PX - 2} y={0} width={axis.innerPx + 4} height={heightPx} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        <g transform={`translate(${axis.shiftPx} 0)`}>
          {deletions.map((d) => {
            if (d.endOffset < axis.startOffset || d.fromOffset > axis.endOffset) return null;
            const x0 = Math.max(screenX(axis, d.fromOffset), TAPE_PAD_PX);
            const x1 = Math.min(screenX(axis, d.endOffset), right);
            const full = describeRemoval(d, tapeTime(d.atMs));
            const range = offsetRange(d.fromOffset, d.endOffset);
            const label = fitLabel([full, `${range} deleted by ${d.reason}`, `${range} deleted`, 'deleted', '✕'], x1 - x0);
            return (
              <g
                key={`del${d.fromOffset}`}
                role="img"
                aria-label={full}
                className="tape-deleted"
                data-spot={d === newest ? `${spotPrefix}:deleted` : undefined}
              >
                <title>{`${full} (${d.records} records): they are gone from this replica`}</title>
                <rect x={groupX(axis, d.fromOffset)} y={bandY} width={Math.max(1, (d.endOffset - d.fromOffset) * axis.offsetPx - 1)} height={BAND_PX} />
                {label && (
                  <text x={(x0 + x1) / 2 - axis.shiftPx} y={bandY + BAND_PX / 2 + 4} textAnchor="middle">
                    {label}
                  </text>
                )}
              </g>
            );
          })}
          {showCells ? (
            <TapeCells
              name={name}
              spotPrefix={spotPrefix}
              axis={axis}
              segments={data.segments}
              lso={data.lso}
              leo={data.leo}
              hw={data.hw}
              y={bandY + 2}
              heightPx={BAND_PX - 4}
              hatchId={hatchId}
              keys={keys}
              selected={selected}
              cursor={cursor}
            />
          ) : (
            <TapeBars spotPrefix={spotPrefix} axis={axis} segments={data.segments} lso={data.lso} leo={data.leo} y={bandY} heightPx={BAND_PX} />
          )}
        </g>
        {!showCells && data.leo > data.hw && (
          <rect
            className="tape-uncommitted"
            x={Math.max(screenX(axis, data.hw), TAPE_PAD_PX)}
            y={bandY + 2}
            width={Math.max(2, Math.min(screenX(axis, data.leo), right) - Math.max(screenX(axis, data.hw), TAPE_PAD_PX))}
            height={BAND_PX - 4}
            fill={`url(#${hatchId})`}
          >
            <title>uncommitted: not yet visible to consumers</title>
          </rect>
        )}
        {!showCells &&
          tombstones.map((o, i) => (
            <path
              key={o}
              className="tape-tombstone-mark"
              data-spot={i === 0 ? `${spotPrefix}:tombstone` : undefined}
              d={`M${screenX(axis, o + 0.5) - 4} ${bandY + BAND_PX - 2}v-10q0 -5 4 -5q4 0 4 5v10z`}
            >
              <title>{`offset ${o}: tombstone (null value)`}</title>
            </path>
          ))}
        {!showCells && data.leo > data.lso && (
          <rect
            className="tape-hit"
            x={TAPE_PAD_PX}
            y={bandY}
            width={axis.innerPx}
            height={BAND_PX}
            role="slider"
            tabIndex={0}
            aria-label={`Offsets of ${name}: arrow keys move, Enter opens the record`}
            aria-valuemin={data.lso}
            aria-valuemax={data.leo - 1}
            aria-valuenow={cursor}
            aria-valuetext={`offset ${cursor}`}
          />
        )}
        {!showCells && cursorShown && inView(cursor) && (
          <line className="tape-cursor" x1={screenX(axis, cursor + 0.5)} x2={screenX(axis, cursor + 0.5)} y1={bandY - 2} y2={axisY + 2} />
        )}
      </g>
      {!showCells && (
        <g className="tape-axis" aria-hidden="true">
          {ticks.map((t) => {
            const x = screenX(axis, t);
            const text = String(t);
            const fits = x - labelPx(text, 5.6) / 2 >= 0 && x + labelPx(text, 5.6) / 2 <= widthPx;
            return (
              <g key={t}>
                <line x1={x} x2={x} y1={axisY} y2={axisY + 3} />
                {fits && (
                  <text x={x} y={axisY + 12} textAnchor="middle">
                    {text}
                  </text>
                )}
              </g>
            );
          })}
        </g>
      )}
      {markers.map((m) => {
        const l = top.find((t) => t.key === m.key)!;
        const shown = inView(m.offset);
        return (
          <g key={m.key} className={`tape-marker tape-marker-${m.key}${shown ? '' : ' tape-marker-off'}`} data-spot={`${spotPrefix}:${m.key}`}>
            {shown && <line x1={l.xPx} x2={l.xPx} y1={(l.row + 1) * ROW_PX - 2} y2={axisY} />}
            <text x={l.leftPx} y={(l.row + 1) * ROW_PX - 3}>
              {l.text}
            </text>
          </g>
        );
      })}
      {bottom.map((l) => (
        <g key={l.key} className={l.key.startsWith('g:') ? 'tape-group' : 'tape-tombstone-callout'}>
          {/* The tooltip belongs to the mark, not inside the label: the label's text stays what it shows. */}
          {l.title !== undefined && <title>{l.title}</title>}
          <line x1={l.xPx} x2={l.xPx} y1={l.key.startsWith('g:') ? bandY : axisY + 12} y2={bottomY + l.row * ROW_PX + 2} />
          <text x={l.leftPx} y={bottomY + (l.row + 1) * ROW_PX - 3}>
            {l.text}
          </text>
        </g>
      ))}
    </svg>
  );
}
