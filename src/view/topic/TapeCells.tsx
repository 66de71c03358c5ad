import { memo } from 'react';
import type { TapeSegment, TapeAxis } from './tape-scale';
import { fitLabel, groupX, labelEvery, labelPx, offsetRange, screenX, TAPE_PAD_PX, tapeRuns } from './tape-scale';
import { visibleText } from '../text/user-text';

interface CellProps {
  offset: number;
  /** Position inside the shifted group: unchanged while the window slides. */
  xPx: number;
  widthPx: number;
  y: number;
  heightPx: number;
  committed: boolean;
  tombstone: boolean;
  selected: boolean;
  tabbable: boolean;
  name: string;
  hatchId: string;
  /** The offset number under the cell, when this cell carries one and it is wholly in view. */
  number: boolean;
  /** The record's key, when known and it fits in the cell (else ''). */
  keyText: string;
  spot: string | undefined;
}

/** One record. Only primitive props: React skips every cell that did not change. */
const Cell = memo(function Cell({
  offset,
  xPx,
  widthPx,
  y,
  heightPx,
  committed,
  tombstone,
  selected,
  tabbable,
  name,
  hatchId,
  number,
  keyText,
  spot,
}: CellProps) {
  const x = xPx + 1;
  const w = Math.max(1, widthPx - 2);
  const className = `tape-cell ${committed ? 'tape-cell-committed' : 'tape-cell-uncommitted'}${tombstone ? ' tape-cell-tombstone' : ''}${selected ? ' tape-cell-selected' : ''}`;
  const common = {
    'data-offset': offset,
    'data-spot': spot,
    role: 'button',
    tabIndex: tabbable ? 0 : -1,
    'aria-label': `Offset ${offset} of ${name}${tombstone ? ': tombstone (null value)' : ''}`,
    'aria-pressed': selected,
    className,
    fill: committed || tombstone ? undefined : `url(#${hatchId})`,
  };
  return (
    <>
      {tombstone ? (
        // A tombstone is shaped like one (arched top) and marked with a cross: not colour alone.
        <path {...common} d={`M${x} ${y + heightPx}V${y + 7}Q${x} ${y} ${x + w / 2} ${y}Q${x + w} ${y} ${x + w} ${y + 7}V${y + heightPx}Z`} />
      ) : (
        <rect {...common} x={x} y={y} width={w} height={heightPx} />
      )}
      {tombstone && w >= 9 && (
        <text className="tape-tombstone-glyph" x={x + w / 2} y={y + (keyText ? 13 : heightPx / 2 + 5)} textAnchor="middle" aria-hidden="true">
          ✝
        </text>
      )}
      {keyText && (
        <text className="tape-cell-key" x={x + w / 2} y={y + heightPx - 4} textAnchor="middle" aria-hidden="true">
          {keyText}
        </text>
      )}
      {number && (
        <text className="tape-cell-label" x={xPx + 2} y={y + heightPx + 11} aria-hidden="true">
          {offset}
        </text>
      )}
    </>
  );
});

interface GapProps {
  fromOffset: number;
  endOffset: number;
  xPx: number;
  widthPx: number;
  /** Where the label goes inside the shifted group, and the room it has (the visible part of the gap). */
  labelXPx: number;
  labelRoomPx: number;
  y: number;
  heightPx: number;
  spot: string | undefined;
}

/** Offsets compaction removed: an empty, dashed stretch of the axis that says what is missing. */
export const Gap = memo(function Gap({ fromOffset, endOffset, xPx, widthPx, labelXPx, labelRoomPx, y, heightPx, spot }: GapProps) {
  const range = offsetRange(fromOffset, endOffset);
  const full = `offsets ${range} removed by compaction`;
  const label = fitLabel([full, `${range} removed`, range, '✂'], labelRoomPx);
  return (
    <g role="img" aria-label={full} className="tape-gap" data-spot={spot}>
      <title>{`${full}: offsets never change, so a compacted log has gaps (a consumer skips them)`}</title>
      <rect x={xPx + 1} y={y + heightPx / 2 - 4} width={Math.max(1, widthPx - 2)} height={8} />
      {label && (
        <text x={labelXPx} y={y + heightPx / 2 + 4} textAnchor="middle" className="tape-gap-label">
          {label}
        </text>
      )}
    </g>
  );
});

export interface TapeCellsProps {
  name: string;
  spotPrefix: string;
  axis: TapeAxis;
  segments: readonly TapeSegment[];
  lso: number;
  leo: number;
  hw: number;
  y: number;
  heightPx: number;
  hatchId: string;
  keys: ReadonlyMap<number, string | null>;
  selected: number | null;
  cursor: number;
}

/** Zoomed in: each record in view as a cell, compaction gaps as labelled empty stretches. */
export function TapeCells({ name, spotPrefix, axis, segments, lso, leo, hw, y, heightPx, hatchId, keys, selected, cursor }: TapeCellsProps) {
  const runs = tapeRuns(segments, lso, leo, axis.startOffset, axis.endOffset);
  const every = labelEvery(axis.offsetPx);
  const rightPx = TAPE_PAD_PX + axis.innerPx;
  const records = runs.filter((r) => r.kind === 'record').map((r) => r.offset);
  // Roving tabindex: exactly one cell is in the tab order (the cursor's, else the newest in view).
  const tabbable = records.includes(cursor) ? cursor : records[records.length - 1];
  // The spotlight hooks go on the first gap and the first tombstone in view.
  const firstGap = runs.findIndex((r) => r.kind === 'gap');
  const firstTombstone = runs.findIndex((r) => r.kind === 'record' && r.tombstone);
  // A tombstone and the records either side of a gap always carry their offset (when it fits): that is where offsets jump.
  const beside = (i: number) => {
    const r = runs[i]!;
    return (r.kind === 'record' && r.tombstone) || runs[i - 1]?.kind === 'gap' || runs[i + 1]?.kind === 'gap';
  };
  return (
    <>
      {runs.map((r, i) => {
        if (r.kind === 'gap') {
          const x0 = Math.max(screenX(axis, r.fromOffset), TAPE_PAD_PX);
          const x1 = Math.min(screenX(axis, r.endOffset), rightPx);
          const spot = i === firstGap ? `${spotPrefix}:gap` : undefined;
          return (
            <Gap
              key={`gap${r.fromOffset}`}
              fromOffset={r.fromOffset}
              endOffset={r.endOffset}
              xPx={groupX(axis, r.fromOffset)}
              widthPx={(r.endOffset - r.fromOffset) * axis.offsetPx}
              labelXPx={(x0 + x1) / 2 - axis.shiftPx}
              labelRoomPx={x1 - x0}
              y={y}
              heightPx={heightPx}
              spot={spot}
            />
          );
        }
        const o = r.offset;
        const numberX = screenX(axis, o) + 2;
        const spot = i === firstTombstone ? `${spotPrefix}:tombstone` : undefined;
        return (
          <Cell
            key={o}
            offset={o}
            xPx={groupX(axis, o)}
            widthPx={axis.offsetPx}
            y={y}
            heightPx={heightPx}
            committed={o < hw}
            tombstone={r.tombstone}
            selected={o === selected}
            tabbable={o === tabbable}
            name={name}
            hatchId={hatchId}
            keyText={
              screenX(axis, o) >= TAPE_PAD_PX - 0.5 && screenX(axis, o + 1) <= rightPx + 0.5
                ? fitLabel([visibleText(keys.get(o) ?? '')], axis.offsetPx - 2, 5.4)
                : ''
            }
            number={
              (o % every === 0 || (beside(i) && axis.offsetPx >= labelPx(String(o), 5.6) + 4)) &&
              numberX >= 0 &&
              numberX + labelPx(String(o), 5.6) <= rightPx + TAPE_PAD_PX
            }
            spot={spot}
          />
        );
      })}
    </>
  );
}
