import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import { partitionName } from '../../engine';
import type { SimEvent } from '../../engine';
import { onTick, select } from '../../store';
import { useSelectedOffset, useTapeData } from '../../store/hooks';
import type { TapeData } from '../../store/tape-data';
import { formatLagMs, layoutTape, nearestOffset, stackLabels } from './tape-scale';
import type { TapeLayout } from './tape-scale';

type RemovalEvent = Extract<SimEvent, { type: 'segmentDeleted' | 'logCleaned' }>;
const removalListeners = new Map<string, Set<(e: RemovalEvent) => void>>();
let stopRemovalHub: (() => void) | null = null;

/** One tick listener for all tapes, routing retention and compaction events by partition. */
function listenForRemovals(key: string, listener: (e: RemovalEvent) => void): () => void {
  stopRemovalHub ??= onTick((tick) => {
    for (const e of tick.events)
      if (e.type === 'segmentDeleted' || e.type === 'logCleaned') removalListeners.get(partitionName(e.topic, e.partition))?.forEach((l) => l(e));
  });
  const set = removalListeners.get(key) ?? new Set();
  set.add(listener);
  removalListeners.set(key, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) removalListeners.delete(key);
    if (removalListeners.size === 0) {
      stopRemovalHub?.();
      stopRemovalHub = null;
    }
  };
}

interface Ghost {
  id: number;
  kind: 'deleted' | 'cleaned';
  text: string;
  records: number;
  cleanedUpTo: number;
}

/** How long (wall time) the "deleted …" / "compaction removed …" label stays. */
const GHOST_MS = 6000;

/** Retention and compaction on the partition's leader, kept for a few seconds each. */
function useGhosts(topic: string, partition: number, leader: number): Ghost[] {
  const [ghosts, setGhosts] = useState<Ghost[]>([]);
  const leaderRef = useRef(leader);
  useEffect(() => {
    leaderRef.current = leader;
  }, [leader]);
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let nextId = 0;
    const stop = listenForRemovals(partitionName(topic, partition), (e) => {
      // Followers delete the same segments on their own schedule: show only what the leader does.
      if (e.brokerId !== leaderRef.current) return;
      const ghost: Ghost =
        e.type === 'segmentDeleted'
          ? {
              id: nextId++,
              kind: 'deleted',
              records: e.records,
              cleanedUpTo: 0,
              text: `deleted ${e.baseOffset}–${e.endOffset - 1} (${e.records} records) by ${e.reason}`,
            }
          : {
              id: nextId++,
              kind: 'cleaned',
              records: e.recordsRemoved,
              cleanedUpTo: e.cleanedUpTo,
              text: `compaction removed ${e.recordsRemoved} records (${e.tombstonesRemoved} tombstone${e.tombstonesRemoved === 1 ? '' : 's'})`,
            };
      setGhosts((g) => [...g.slice(-2), ghost]);
      const timer = setTimeout(() => {
        timers.delete(timer);
        setGhosts((g) => g.filter((x) => x.id !== ghost.id));
      }, GHOST_MS);
      timers.add(timer);
    });
    return () => {
      stop();
      for (const t of timers) clearTimeout(t);
    };
  }, [topic, partition]);
  return ghosts;
}

const ROW_PX = 14;
const BAND_PX = 30;
/** With cells, the band also holds the offset numbers under the cells. */
const CELL_BAND_PX = 44;
const CELL_PX = 18;

export interface PartitionTapeProps {
  topic: string;
  partition: number;
  widthPx: number;
  reducedMotion: boolean;
}

/**
 * One partition as a log tape: segments, the log start offset, high watermark and log end offset,
 * a marker per consumer group at its committed offset, and retention/compaction as they happen.
 * Props are primitives so a parent re-render costs nothing (React.memo); the tape reads its own data.
 */
export const PartitionTape = memo(function PartitionTape({ topic, partition, widthPx, reducedMotion }: PartitionTapeProps) {
  const data = useTapeData(topic, partition);
  const selected = useSelectedOffset(topic, partition);
  const ghosts = useGhosts(topic, partition, data?.leader ?? -1);
  const name = partitionName(topic, partition);
  if (!data) return null;
  const facts = data.offline
    ? 'no leader: the log cannot be read or written'
    : `log start ${data.lso} · high watermark ${data.hw} · log end ${data.leo} · ${data.segments.length} segment${data.segments.length === 1 ? '' : 's'} · leader broker ${data.leader}`;
  return (
    <div role="group" aria-label={`Partition ${name}`} className="tape">
      <p className="tape-facts">
        <strong>{name}</strong> {facts}
        {!data.offline && data.leo > data.hw && (
          <span className="tape-uncommitted-note"> · {data.leo - data.hw} above the high watermark: not yet visible to consumers</span>
        )}
      </p>
      {data.offline ? (
        <p className="tape-offline">OFFLINE — no leader (no in-sync replica is alive)</p>
      ) : (
        <TapeSvg
          data={data}
          name={name}
          topic={topic}
          partition={partition}
          widthPx={widthPx}
          selected={selected}
          ghosts={ghosts}
          reducedMotion={reducedMotion}
        />
      )}
      {ghosts.length > 0 && (
        <ul className="tape-ghost-labels">
          {ghosts.map((g) => (
            <li key={g.id} className={`tape-ghost-label tape-ghost-label-${g.kind}${reducedMotion ? ' no-motion' : ''}`}>
              {g.kind === 'deleted' ? '✕ ' : '◇ '}
              {g.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

interface TapeSvgProps {
  data: TapeData;
  name: string;
  topic: string;
  partition: number;
  widthPx: number;
  selected: number | null;
  ghosts: Ghost[];
  reducedMotion: boolean;
}

function TapeSvg({ data, name, topic, partition, widthPx, selected, ghosts, reducedMotion }: TapeSvgProps) {
  const hatchId = useId();
  const [cursor, setCursor] = useState<number | null>(null);
  const layout: TapeLayout = useMemo(
    () =>
      layoutTape({
        logStartOffset: data.lso,
        logEndOffset: data.leo,
        segments: data.segments,
        markerOffsets: [data.hw, ...data.groups.map((g) => g.committedOffset)],
        widthPx,
      }),
    [data, widthPx],
  );
  const { x } = layout;
  const open = (offset: number) => select({ kind: 'record', topic, partition, offset });
  const hasRecords = data.leo > data.lso;
  const current = Math.min(Math.max(cursor ?? selected ?? data.leo - 1, data.lso), data.leo - 1);
  const top = stackLabels(
    [
      { key: 'lso', xPx: x(data.lso), text: `log start ${data.lso}` },
      { key: 'hw', xPx: x(data.hw), text: `HW ${data.hw}` },
      { key: 'leo', xPx: x(data.leo), text: `LEO ${data.leo}` },
      ...(!layout.showCells && cursor !== null && hasRecords ? [{ key: 'cursor', xPx: x(current + 0.5), text: `▼ ${current}` }] : []),
    ],
    widthPx,
  );
  const groups = stackLabels(
    data.groups.map((g) => ({
      key: g.groupId,
      xPx: x(g.committedOffset),
      text: `${g.groupId} · lag ${g.lag}${g.lag > 0 ? ` (${formatLagMs(g.lagMs)})` : ''}`,
    })),
    widthPx,
  );
  const topRows = Math.max(1, ...top.map((l) => l.row + 1));
  const bandPx = layout.showCells ? CELL_BAND_PX : BAND_PX;
  const bandY = topRows * ROW_PX + 4;
  const groupY = bandY + bandPx + 4;
  const heightPx = groupY + Math.max(0, ...groups.map((l) => l.row + 1)) * ROW_PX + 4;
  const tickFor = (key: string) => top.find((l) => l.key === key)!;

  const onTapeKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : e.key === 'PageDown' ? -10 : e.key === 'PageUp' ? 10 : 0;
    if (step !== 0 || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setCursor(e.key === 'Home' ? data.lso : e.key === 'End' ? data.leo - 1 : Math.min(Math.max(current + step, data.lso), data.leo - 1));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(current);
    }
  };
  const onTapeClick = (e: MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
    const scale = box && box.width > 0 ? widthPx / box.width : 1;
    const offset = nearestOffset(x, (e.clientX - (box?.left ?? 0)) * scale, data.lso, data.leo);
    setCursor(offset);
    open(offset);
  };

  return (
    <>
      <svg className="tape-svg" width={widthPx} height={heightPx} viewBox={`0 0 ${widthPx} ${heightPx}`}>
        <defs>
          <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="tape-hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="tape-hatch-line" />
          </pattern>
        </defs>
        {layout.blocks.map((b) => (
          <g key={b.startOffset} className={`tape-segment${b.active ? ' tape-segment-active' : ''}`}>
            <title>{`${b.segments > 1 ? `${b.segments} segments` : 'segment'} from offset ${b.baseOffset}: ${b.records} records${b.active ? ' (active: new records are appended here)' : ''}`}</title>
            <rect x={b.x0Px} y={bandY} width={Math.max(1, b.x1Px - b.x0Px - 1)} height={bandPx} rx={3} />
            {b.x1Px - b.x0Px > 44 && (
              <text x={b.x0Px + 3} y={bandY + bandPx - 4} className="tape-segment-label">
                {`seg ${b.baseOffset}${b.segments > 1 ? ` +${b.segments - 1}` : ''}${b.active ? ' · active' : ''}`}
              </text>
            )}
          </g>
        ))}
        {!layout.showCells && data.leo > data.hw && (
          <rect
            className="tape-uncommitted"
            x={x(data.hw)}
            y={bandY + 2}
            width={Math.max(2, x(data.leo) - x(data.hw))}
            height={BAND_PX - 4}
            fill={`url(#${hatchId})`}
          >
            <title>uncommitted: not yet visible to consumers</title>
          </rect>
        )}
        {layout.showCells && (
          <OffsetCells
            name={name}
            from={data.lso}
            to={data.leo}
            hw={data.hw}
            x={x}
            y={bandY + 3}
            heightPx={CELL_PX}
            hatchId={hatchId}
            selected={selected}
            cursor={current}
            onCursor={setCursor}
            onOpen={open}
          />
        )}
        {!layout.showCells && hasRecords && (
          <rect
            className="tape-hit"
            x={x(data.lso)}
            y={bandY}
            width={Math.max(1, x(data.leo) - x(data.lso))}
            height={BAND_PX}
            role="slider"
            tabIndex={0}
            aria-label={`Offsets of ${name}: arrow keys move, Enter opens the record`}
            aria-valuemin={data.lso}
            aria-valuemax={data.leo - 1}
            aria-valuenow={current}
            aria-valuetext={`offset ${current}`}
            onKeyDown={onTapeKey}
            onClick={onTapeClick}
          />
        )}
        {!layout.showCells && cursor !== null && hasRecords && (
          <line className="tape-cursor" x1={x(current + 0.5)} x2={x(current + 0.5)} y1={bandY - 2} y2={bandY + BAND_PX + 2} />
        )}
        {ghosts.map((g) =>
          g.kind === 'deleted' ? (
            <rect
              key={g.id}
              className={`tape-ghost tape-ghost-deleted${reducedMotion ? ' no-motion' : ''}`}
              x={x(data.lso)}
              y={bandY}
              width={Math.min(widthPx / 3, Math.max(16, g.records * layout.offsetWidthPx))}
              height={bandPx}
            />
          ) : (
            <rect
              key={g.id}
              className={`tape-ghost tape-ghost-cleaned${reducedMotion ? ' no-motion' : ''}`}
              x={x(data.lso)}
              y={bandY}
              width={Math.max(4, x(Math.max(data.lso, g.cleanedUpTo)) - x(data.lso))}
              height={bandPx}
            />
          ),
        )}
        {(['lso', 'hw', 'leo'] as const).map((key) => {
          const l = tickFor(key);
          return (
            <g key={key} className={`tape-marker tape-marker-${key}`}>
              <line x1={l.xPx} x2={l.xPx} y1={(l.row + 1) * ROW_PX - 2} y2={bandY + bandPx} />
              <text x={l.leftPx} y={(l.row + 1) * ROW_PX - 3}>
                {l.text}
              </text>
            </g>
          );
        })}
        {!layout.showCells && cursor !== null && hasRecords && (
          <text className="tape-cursor-label" x={tickFor('cursor').leftPx} y={(tickFor('cursor').row + 1) * ROW_PX - 3}>
            {tickFor('cursor').text}
          </text>
        )}
        {groups.map((l) => (
          <g key={l.key} className="tape-group">
            <line x1={l.xPx} x2={l.xPx} y1={bandY} y2={groupY + l.row * ROW_PX + 2} />
            <text x={l.leftPx} y={groupY + (l.row + 1) * ROW_PX - 3}>
              {l.text}
            </text>
          </g>
        ))}
      </svg>
      {layout.recent && (
        <div className="tape-recent">
          <span className="tape-recent-title">
            Recent records {layout.recent.fromOffset}–{layout.recent.toOffset - 1}:
          </span>
          <svg width={widthPx} height={CELL_PX + 16} className="tape-svg">
            <OffsetCells
              name={name}
              from={layout.recent.fromOffset}
              to={layout.recent.toOffset}
              hw={data.hw}
              x={layout.recent.x}
              y={2}
              heightPx={CELL_PX}
              hatchId={hatchId}
              selected={selected}
              cursor={current}
              onCursor={setCursor}
              onOpen={open}
            />
          </svg>
        </div>
      )}
    </>
  );
}

interface OffsetCellsProps {
  name: string;
  /** First offset drawn and one past the last. */
  from: number;
  to: number;
  hw: number;
  x: (offset: number) => number;
  y: number;
  heightPx: number;
  hatchId: string;
  selected: number | null;
  cursor: number;
  onCursor(offset: number): void;
  onOpen(offset: number): void;
}

/** One focusable cell per offset (roving tabindex: Tab reaches one cell, arrows move between them). */
function OffsetCells({ name, from, to, hw, x, y, heightPx, hatchId, selected, cursor, onCursor, onOpen }: OffsetCellsProps) {
  const cellPx = x(from + 1) - x(from);
  // Exactly one cell is in the tab order, even when the cursor is outside this strip.
  const tabbable = cursor >= from && cursor < to ? cursor : to - 1;
  // Number every 1st, 2nd, 5th, 10th… offset so that numbers are ≥ 48 px apart and stay put as the log grows.
  const labelEvery = [1, 2, 5, 10, 20, 50, 100].find((n) => n * cellPx >= 48) ?? 200;
  const onKey = (e: KeyboardEvent<SVGRectElement>, offset: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(offset);
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const next = e.key === 'Home' ? from : e.key === 'End' ? to - 1 : Math.min(to - 1, Math.max(from, offset + (e.key === 'ArrowLeft' ? -1 : 1)));
      onCursor(next);
      e.currentTarget.ownerSVGElement?.querySelector<SVGElement>(`[data-offset="${next}"]`)?.focus();
    }
  };
  // Keyed by slot, not offset: as the recent strip slides, React updates attributes instead of remounting nodes.
  const cells = [];
  for (let o = from; o < to; o++) {
    const committed = o < hw;
    cells.push(
      <rect
        key={o - from}
        data-offset={o}
        role="button"
        tabIndex={o === tabbable ? 0 : -1}
        aria-label={`Offset ${o} of ${name}`}
        className={`tape-cell ${committed ? 'tape-cell-committed' : 'tape-cell-uncommitted'}${o === selected ? ' tape-cell-selected' : ''}`}
        fill={committed ? undefined : `url(#${hatchId})`}
        x={x(o) + 1}
        y={y}
        width={Math.max(1, cellPx - 2)}
        height={heightPx}
        onClick={() => {
          onCursor(o);
          onOpen(o);
        }}
        onKeyDown={(e) => onKey(e, o)}
      />,
    );
    if (o % labelEvery === 0)
      cells.push(
        <text key={`t${o - from}`} className="tape-cell-label" x={x(o) + 2} y={y + heightPx + 10} aria-hidden="true">
          {o}
        </text>,
      );
  }
  return <g className="tape-cells">{cells}</g>;
}
