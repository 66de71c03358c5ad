import { memo } from 'react';
import type { TapeAxis, TapeBlock, TapeSegment } from './tape-scale';
import { blockLabel, groupX, screenX, TAPE_PAD_PX, tapeBlocks, thinnedMarks } from './tape-scale';
import { Gap } from './TapeCells';

interface BarProps {
  block: TapeBlock;
  xPx: number;
  widthPx: number;
  label: string;
  labelXPx: number;
  y: number;
  heightPx: number;
}

const describeBlock = (b: TapeBlock): string =>
  `${b.segments > 1 ? `${b.segments} segments` : 'segment'} from offset ${b.baseOffset}: ${b.records} record${b.records === 1 ? '' : 's'}` +
  `${b.thinned ? ` in ${b.endOffset - b.startOffset} offsets (compacted)` : ''}${b.active ? ' (active: new records are appended here)' : ''}`;

const Bar = memo(function Bar({ block, xPx, widthPx, label, labelXPx, y, heightPx }: BarProps) {
  return (
    <g className={`tape-segment${block.active ? ' tape-segment-active' : ''}${block.thinned ? ' tape-segment-thinned' : ''}`}>
      <title>{describeBlock(block)}</title>
      <rect x={xPx} y={y} width={Math.max(1, widthPx - 1)} height={heightPx} rx={3} />
      {label && (
        <text x={labelXPx} y={y + 11} className="tape-segment-label">
          {label}
        </text>
      )}
    </g>
  );
});

export interface TapeBarsProps {
  spotPrefix: string;
  axis: TapeAxis;
  segments: readonly TapeSegment[];
  lso: number;
  leo: number;
  y: number;
  heightPx: number;
}

/**
 * Zoomed out: segments as bars; in a compacted segment, the records still there as ticks and the
 * gaps between them as labelled empty stretches.
 */
export function TapeBars({ spotPrefix, axis, segments, lso, leo, y, heightPx }: TapeBarsProps) {
  const rightPx = TAPE_PAD_PX + axis.innerPx;
  const blocks = tapeBlocks(segments, lso, leo, axis);
  const marks = thinnedMarks(segments, lso, leo, axis.startOffset, axis.endOffset);
  const firstGap = marks.findIndex((m) => m.kind === 'gap');
  return (
    <>
      {blocks.map((b) => {
        const end = b.active ? Math.max(b.endOffset, axis.endOffset) : b.endOffset;
        const x0 = Math.max(screenX(axis, b.startOffset), TAPE_PAD_PX);
        const x1 = Math.min(screenX(axis, end), rightPx);
        return (
          <Bar
            key={b.startOffset}
            block={b}
            xPx={groupX(axis, b.startOffset)}
            widthPx={(end - b.startOffset) * axis.offsetPx}
            label={blockLabel(b, x1 - x0 - 4)}
            labelXPx={x0 + 3 - axis.shiftPx}
            y={y}
            heightPx={heightPx}
          />
        );
      })}
      {marks.map((m, i) => {
        if (m.kind === 'record')
          return (
            <rect
              key={m.offset}
              className="tape-kept"
              x={groupX(axis, m.offset) + axis.offsetPx / 2 - 1}
              y={y + 14}
              width={Math.max(2, axis.offsetPx - 1)}
              height={heightPx - 16}
            />
          );
        const x0 = Math.max(screenX(axis, m.fromOffset), TAPE_PAD_PX);
        const x1 = Math.min(screenX(axis, m.endOffset), rightPx);
        const spot = i === firstGap ? `${spotPrefix}:gap` : undefined;
        return (
          <Gap
            key={`gap${m.fromOffset}`}
            fromOffset={m.fromOffset}
            endOffset={m.endOffset}
            xPx={groupX(axis, m.fromOffset)}
            widthPx={(m.endOffset - m.fromOffset) * axis.offsetPx}
            labelXPx={(x0 + x1) / 2 - axis.shiftPx}
            labelRoomPx={x1 - x0}
            y={y + 8}
            heightPx={heightPx - 8}
            spot={spot}
          />
        );
      })}
    </>
  );
}
