import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent, PointerEvent, RefObject } from 'react';
import { partitionName } from '../../engine';
import { select } from '../../store';
import { useSelectedOffset, useTapeData } from '../../store/hooks';
import type { TapeData } from '../../store/tape-data';
import type { TapeAxis } from './tape-scale';
import { describeRemoval, nearestRecord, offsetAtX, showsCells, TAPE_PAD_PX, tapeAxis, tapeWindow, ZOOM_STEP } from './tape-scale';
import { deletionsOf, tapeTime, TapeSvg } from './TapeSvg';
import { useRecordKeys } from './useRecordKeys';

export interface PartitionTapeProps {
  topic: string;
  partition: number;
  widthPx: number;
  /** Offsets across the tape: the topic's zoom, the same for each of its partitions. */
  span: number;
  /** Changes when every tape of the topic should follow its log end again ("Show whole log"). */
  panReset: number;
  /** Multiplies the topic's span (below 1 zooms in). */
  onZoom(factor: number): void;
}

/** The first offset worth showing: the oldest deletion the log remembers, else the log start. */
const historyStart = (d: TapeData): number => Math.min(d.lso, ...deletionsOf(d.removals).map((r) => r.fromOffset));

/**
 * One partition as a log tape: one offset axis that zooms and pans, with records (or segments),
 * compaction gaps, tombstones, what retention deleted (with its reason and time), the log start
 * offset, high watermark, log end offset and each consumer group's committed offset. Follows the
 * log end until the user pans away. Props are primitives (React.memo); the tape reads its own data.
 */
export const PartitionTape = memo(function PartitionTape(props: PartitionTapeProps) {
  const name = partitionName(props.topic, props.partition);
  const [ref, { inView, heightPx }] = useInView<HTMLDivElement>();
  // A busy topic has dozens of tapes, most scrolled out of the dock: those keep their place and their
  // line of facts, but skip drawing the tape itself (hundreds of cells, ten times a second) until they
  // are scrolled to.
  return (
    <div ref={ref} className="tape-slot" data-spot={`tape:${name}`} style={inView ? undefined : { minHeight: heightPx }}>
      <ShownTape {...props} drawn={inView} />
    </div>
  );
});

/**
 * Whether an element is on screen (inside its scrolling boxes and the window, give or take 200 px),
 * and its height when it left; always in view where there is no IntersectionObserver (jsdom).
 */
function useInView<T extends HTMLElement>(): [RefObject<T | null>, { inView: boolean; heightPx: number }] {
  const ref = useRef<T | null>(null);
  const [state, setState] = useState({ inView: true, heightPx: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) => {
        const inView = entries.some((e) => e.isIntersecting);
        setState((s) => (s.inView === inView ? s : { inView, heightPx: inView ? 0 : el.offsetHeight }));
      },
      { rootMargin: '200px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return [ref, state];
}

function ShownTape({ topic, partition, widthPx, span, panReset, onZoom, drawn }: PartitionTapeProps & { drawn: boolean }) {
  const data = useTapeData(topic, partition);
  const name = partitionName(topic, partition);
  if (!data) return null;
  const facts = data.offline
    ? 'no leader: the log cannot be read or written'
    : `log start ${data.lso} · high watermark ${data.hw} · log end ${data.leo} · ${data.segmentCount} segment${data.segmentCount === 1 ? '' : 's'} · leader broker ${data.leader}`;
  return (
    <div role="group" aria-label={`Partition ${name}`} className="tape">
      <p className="tape-facts">
        <strong>{name}</strong> {facts}
        {!data.offline && data.leo > data.hw && (
          <span className="tape-uncommitted-note"> · {data.leo - data.hw} above the high watermark: not yet visible to consumers</span>
        )}
        {!data.offline && data.payloadsFrom > data.lso && (
          <span className="tape-dropped-note">
            {' '}
            · offsets {data.lso}–{data.payloadsFrom - 1}: payloads dropped to save memory (offsets and sizes kept)
          </span>
        )}
      </p>
      {data.offline ? (
        <p className="tape-offline">OFFLINE — no leader (no in-sync replica is alive)</p>
      ) : !drawn ? null : (
        <LiveTape data={data} name={name} topic={topic} partition={partition} widthPx={widthPx} span={span} panReset={panReset} onZoom={onZoom} />
      )}
    </div>
  );
}

interface LiveTapeProps extends PartitionTapeProps {
  data: TapeData;
  name: string;
}

/** Cells at least this wide show their record's key (when the key itself fits). */
const KEY_MIN_PX = 40;

interface Drag {
  clientX: number;
  center: number;
  moved: boolean;
}

function LiveTape({ data, name, topic, partition, widthPx, span, panReset, onZoom }: LiveTapeProps) {
  const selected = useSelectedOffset(topic, partition);
  const innerPx = Math.max(1, widthPx - 2 * TAPE_PAD_PX);
  const [pan, setPan] = useState<{ reset: number; center: number | null }>({ reset: panReset, center: null });
  if (pan.reset !== panReset) setPan({ reset: panReset, center: null });
  const center = pan.reset === panReset ? pan.center : null;
  const window = tapeWindow({ span, centerOffset: center, logStartOffset: data.lso, logEndOffset: data.leo, historyStartOffset: historyStart(data) });
  const axis = tapeAxis(window, innerPx);
  const cells = showsCells(span, innerPx);
  const lastRemoval = data.removals[data.removals.length - 1];
  const keys = useRecordKeys(
    topic,
    partition,
    cells && axis.offsetPx >= KEY_MIN_PX,
    Math.max(axis.startOffset, data.lso),
    Math.min(axis.endOffset, data.leo),
    `${data.leader}:${data.lso}:${data.removals.length}:${lastRemoval?.atMs ?? 0}`,
  );
  const [cursorState, setCursor] = useState<number | null>(null);
  const hasRecords = data.leo > data.lso;
  const cursor = Math.min(Math.max(cursorState ?? selected ?? data.leo - 1, data.lso), Math.max(data.lso, data.leo - 1));
  const svgRef = useRef<SVGSVGElement>(null);
  const focusNext = useRef<number | null>(null);
  const drag = useRef<Drag | null>(null);
  const live = useRef({ axis, onZoom });
  useLayoutEffect(() => {
    live.current = { axis, onZoom };
  });

  /** Pans so that `offset` is the centre; back to following when that shows the log end. */
  const panTo = (offset: number) => {
    const next = tapeWindow({ span, centerOffset: offset, logStartOffset: data.lso, logEndOffset: data.leo, historyStartOffset: historyStart(data) });
    setPan({ reset: panReset, center: next.atEnd ? null : offset });
  };
  /** Pans by half a window; a window that would show only a compaction gap skips to the next records. */
  const panBy = (offsets: number) => {
    const to = window.startOffset + span / 2 + offsets;
    const dir = offsets > 0 ? 1 : -1;
    const edge = dir > 0 ? to - span / 2 : to + span / 2;
    const record = nearestRecord(data.segments, data.lso, data.leo, edge, dir);
    const empty = record !== null && (dir > 0 ? record > to + span / 2 : record < to - span / 2);
    panTo(empty ? record + (dir * span) / 4 : to);
  };
  const open = (offset: number) => select({ kind: 'record', topic, partition, offset });
  const moveCursor = (offset: number | null) => {
    if (offset === null) return;
    setCursor(offset);
    if (offset < axis.startOffset || offset + 1 > axis.endOffset) panTo(offset + 0.5);
    focusNext.current = offset;
  };

  useEffect(() => {
    // After a keyboard move, the cell of the new offset takes the focus (it may have just mounted).
    const offset = focusNext.current;
    focusNext.current = null;
    if (offset !== null) svgRef.current?.querySelector<SVGElement>(`[data-offset="${offset}"]`)?.focus();
  });

  useEffect(() => {
    // Native, not React's onWheel: only a non-passive listener may keep the page from scrolling.
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      const { axis: a, onZoom: zoom } = live.current;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        zoom(e.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        const px = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
        setPan((p) => ({ reset: p.reset, center: (p.center ?? a.startOffset + (a.endOffset - a.startOffset) / 2) + px / a.offsetPx }));
      }
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, []);

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : e.key === 'PageDown' ? -10 : e.key === 'PageUp' ? 10 : 0;
    const near = (o: number, dir: 1 | -1) => nearestRecord(data.segments, data.lso, data.leo, o, dir);
    if (step !== 0) moveCursor(near(cursor + step, step > 0 ? 1 : -1) ?? near(cursor + step, step > 0 ? -1 : 1));
    else if (e.key === 'Home') moveCursor(near(data.lso, 1));
    else if (e.key === 'End') moveCursor(near(data.leo - 1, -1));
    else if (e.key === 'Enter' || e.key === ' ') open(cursor);
    else if (e.key === '+' || e.key === '=') onZoom(1 / ZOOM_STEP);
    else if (e.key === '-') onZoom(ZOOM_STEP);
    else return;
    e.preventDefault();
  };
  const offsetAtPointer = (clientX: number, a: TapeAxis): number => {
    const box = svgRef.current?.getBoundingClientRect();
    const scale = box && box.width > 0 ? widthPx / box.width : 1;
    return offsetAtX(a, (clientX - (box?.left ?? 0)) * scale);
  };
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    if (drag.current?.moved) return;
    const cell = (e.target as Element).closest('[data-offset]');
    const hit = (e.target as Element).closest('.tape-hit');
    const offset = cell ? Number(cell.getAttribute('data-offset')) : hit && hasRecords ? Math.floor(offsetAtPointer(e.clientX, axis)) : null;
    if (offset === null) return;
    const record = nearestRecord(data.segments, data.lso, data.leo, offset, 1) ?? nearestRecord(data.segments, data.lso, data.leo, offset, -1);
    if (record === null) return;
    setCursor(record);
    open(record);
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    drag.current = e.button === 0 ? { clientX: e.clientX, center: axis.startOffset + span / 2, moved: false } : null;
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || (e.buttons & 1) === 0) return;
    const box = svgRef.current?.getBoundingClientRect();
    const scale = box && box.width > 0 ? widthPx / box.width : 1;
    const dx = (e.clientX - d.clientX) * scale;
    if (!d.moved && Math.abs(dx) < 5) return;
    if (!d.moved) svgRef.current?.setPointerCapture?.(e.pointerId);
    d.moved = true;
    panTo(d.center - dx / axis.offsetPx);
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    if (svgRef.current?.hasPointerCapture?.(e.pointerId)) svgRef.current.releasePointerCapture(e.pointerId);
  };

  const removals = data.removals;
  const deletions = deletionsOf(removals);
  const newest = deletions[deletions.length - 1];
  const cleaned = [...removals].reverse().find((r) => r.reason === 'compaction');
  const newestInView = newest !== undefined && newest.endOffset > axis.startOffset;
  return (
    <>
      <div className="tape-controls" role="toolbar" aria-label={`Move along ${name}`}>
        <button
          type="button"
          onClick={() => panBy(-span / 2)}
          disabled={window.startOffset <= Math.min(data.lso, historyStart(data))}
          title="Earlier offsets (or drag the tape)"
        >
          ◀ Earlier
        </button>
        <button type="button" onClick={() => panBy(span / 2)} disabled={window.atEnd} title="Later offsets (or drag the tape)">
          Later ▶
        </button>
        {!window.atEnd && (
          <button type="button" className="tape-follow" onClick={() => setPan({ reset: panReset, center: null })}>
            Follow the end
          </button>
        )}
        <span className="tape-window" aria-live="off">
          {cells ? 'records' : 'segments'} {Math.max(0, Math.ceil(axis.startOffset))}–{Math.floor(axis.endOffset)}
          {window.atEnd ? ' · following the log end' : ''}
        </span>
      </div>
      <TapeSvg
        data={data}
        name={name}
        spotPrefix={`tape:${name}`}
        axis={axis}
        widthPx={widthPx}
        showCells={cells}
        keys={keys}
        selected={selected}
        cursor={cursor}
        cursorShown={cursorState !== null}
        svgRef={svgRef}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      />
      {(newest || cleaned) && (
        <ul className="tape-history" aria-label={`What left ${name}`}>
          {newest && (
            <li className="tape-history-deleted" data-spot={newestInView ? undefined : `tape:${name}:deleted`}>
              ✕ {describeRemoval(newest, tapeTime(newest.atMs))}
              {deletions.length > 1
                ? ` (${deletions.length - 1} earlier deletion${deletions.length === 2 ? '' : 's'} remembered, back to offset ${deletions[0]!.fromOffset})`
                : ''}
            </li>
          )}
          {cleaned && <li className="tape-history-cleaned">◇ {describeRemoval(cleaned, tapeTime(cleaned.atMs))}</li>}
        </ul>
      )}
    </>
  );
}
