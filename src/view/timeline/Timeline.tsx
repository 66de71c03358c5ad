/**
 * Time travel: a scrubber over the whole run, step back / step forward one event, the branch
 * notice, and the Jepsen-style lanes. The worker keeps the history (`src/worker/history.ts`);
 * this only sends seeks and draws what the store projects.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { pause, seekTo, simStore, stepBack, stepEvent } from '../../store';
import { useHistory, useHistoryEndMs, useRecordMemory, useSnapshotTimeMs } from '../../store/hooks';
import { selectHistoryEndMs, selectSnapshotTimeMs } from '../../store/selectors';
import { formatSimTime } from '../format';
import { useElementSize } from '../hooks/useElementSize';
import { LANE_LABEL_PX, Lanes } from './Lanes';
import './timeline.css';

/** At most this many seeks per wall second while dragging (each one restores a checkpoint and replays). */
const SEEK_INTERVAL_MS = 100;
const EMPTY: never[] = [];

/** "T+00:01:23": the scrubber's spoken value (milliseconds would only be noise). */
function formatClock(ms: number): string {
  return formatSimTime(ms).replace(/\.\d{3}$/, '');
}

/** Seeks at most every SEEK_INTERVAL_MS, always ending with the latest value (leading and trailing). */
function useThrottledSeek(): { seekSoon(ms: number): void; seekNow(ms: number): void } {
  const lastWallMs = useRef(Number.NEGATIVE_INFINITY);
  const lastSentMs = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingMs = useRef<number | null>(null);
  const send = useCallback((ms: number) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    pendingMs.current = null;
    lastWallMs.current = performance.now();
    if (lastSentMs.current === ms) return;
    lastSentMs.current = ms;
    seekTo(ms);
  }, []);
  const seekSoon = useCallback(
    (ms: number) => {
      const waitMs = SEEK_INTERVAL_MS - (performance.now() - lastWallMs.current);
      if (waitMs <= 0) return send(ms);
      pendingMs.current = ms;
      timer.current ??= setTimeout(() => {
        timer.current = null;
        if (pendingMs.current !== null) send(pendingMs.current);
      }, waitMs);
    },
    [send],
  );
  const seekNow = useCallback(
    (ms: number) => {
      lastSentMs.current = null; // a release always lands, even on the value last sent
      send(ms);
    },
    [send],
  );
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return { seekSoon, seekNow };
}

/** The value the thumb shows while (or just after) a person moves it. */
interface Scrub {
  valueMs: number;
  /** The pointer is still down. */
  active: boolean;
  /** liveTimeMs when the pointer was released: the thumb follows the store again once it moves. */
  liveAtReleaseMs: number;
}

/**
 * The time-travel timeline, placed under the stage: scrubber, step buttons, branch notice and
 * lanes whose marks jump to their moment.
 */
export function Timeline() {
  // The snapshot's time, not every tick's: redrawing the lanes every frame would cost a busy cluster its frame rate.
  const liveMs = useSnapshotTimeMs();
  const history = useHistory();
  const endMs = useHistoryEndMs();
  const [ref, size] = useElementSize<HTMLDivElement>({ width: 800, height: 140 });
  const { seekSoon, seekNow } = useThrottledSeek();
  const [scrub, setScrub] = useState<Scrub | null>(null);
  const scrubRef = useRef<Scrub | null>(null);

  const maxMs = history ? endMs : liveMs;
  const showScrub = scrub !== null && (scrub.active || scrub.liveAtReleaseMs === liveMs);
  const valueMs = showScrub ? scrub.valueMs : liveMs;
  const inPast = history !== null && liveMs < maxMs;

  const update = (next: Scrub | null) => {
    scrubRef.current = next;
    setScrub(next);
  };
  const clamp = (ms: number) => Math.max(0, Math.min(selectHistoryEndMs(simStore.getState()), Math.round(ms)));
  const pauseIfPlaying = () => {
    if (simStore.getState().playing) pause();
  };

  const release = useCallback(() => {
    const s = scrubRef.current;
    if (!s?.active) return;
    const next = { ...s, active: false, liveAtReleaseMs: selectSnapshotTimeMs(simStore.getState()) };
    scrubRef.current = next;
    setScrub(next);
    seekNow(s.valueMs);
  }, [seekNow]);

  // The pointer may leave the thumb before it is released: listen on the window while dragging.
  useEffect(() => {
    if (!scrub?.active) return;
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
    return () => {
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
    };
  }, [scrub?.active, release]);

  const onPointerDown = () => {
    pauseIfPlaying(); // a moving playhead would fight the person's hand
    update({ valueMs: liveMs, active: true, liveAtReleaseMs: liveMs });
  };
  const onChange = (raw: string) => {
    const ms = clamp(Number(raw));
    pauseIfPlaying();
    const active = scrubRef.current?.active ?? false;
    update({ valueMs: ms, active, liveAtReleaseMs: selectSnapshotTimeMs(simStore.getState()) });
    if (active) seekSoon(ms);
    else seekNow(ms); // assistive technology or a script set the value: one change, one seek
  };
  // The range's own arrow keys would move it 1 ms and also trigger the page's → shortcut: own them.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const stepMs = e.shiftKey ? 10_000 : 1000;
    const pageMs = Math.max(1000, Math.round(maxMs / 10));
    const delta: Record<string, number> = { ArrowRight: stepMs, ArrowUp: stepMs, ArrowLeft: -stepMs, ArrowDown: -stepMs, PageUp: pageMs, PageDown: -pageMs };
    let target: number | null = null;
    if (e.key in delta) target = liveMs + delta[e.key]!;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = maxMs;
    if (target === null) return;
    e.preventDefault();
    pauseIfPlaying();
    const ms = clamp(target);
    update({ valueMs: ms, active: false, liveAtReleaseMs: liveMs });
    seekSoon(ms);
  };
  const jumpTo = (ms: number) => {
    pauseIfPlaying(); // a jump is to look at that moment
    seekNow(clamp(ms));
  };

  return (
    <section aria-label="Timeline" className="timeline">
      <div className="tl-head">
        <h2>Timeline</h2>
        <div className="tl-buttons">
          <button type="button" onClick={stepBack} title="Go back one event (time travel)">
            ◀ Step back
          </button>
          <button type="button" onClick={stepEvent} title="Run the next event">
            Step forward ▶
          </button>
        </div>
        <p className="tl-times">
          <span>
            <span className="tl-times-name">Playhead </span>
            <span className="tl-now">{formatSimTime(valueMs)}</span>
          </span>
          <span>
            <span className="tl-times-name">End of this branch </span>
            <span className="tl-end-time">{formatSimTime(maxMs)}</span>
          </span>
        </p>
      </div>
      {inPast && <p className="tl-hint">You are in the past: pressing Play replays the recorded future; acting here starts a new branch.</p>}
      <div ref={ref} className="tl-body">
        <div className="tl-scrub" style={{ marginLeft: LANE_LABEL_PX, width: Math.max(20, size.width - LANE_LABEL_PX) }}>
          <input
            type="range"
            aria-label="Playhead"
            min={0}
            max={maxMs}
            step={1}
            value={valueMs}
            aria-valuetext={`${formatClock(valueMs)} of ${formatClock(maxMs)}`}
            onPointerDown={onPointerDown}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <Lanes
          marks={history?.marks ?? EMPTY}
          commands={history?.commands ?? EMPTY}
          checkpointsMs={history?.checkpointsMs ?? EMPTY}
          domainMaxMs={maxMs}
          endMs={maxMs}
          playheadMs={valueMs}
          widthPx={size.width}
          onSeek={jumpTo}
        />
      </div>
      {history && <CheckpointMemory count={history.checkpointsMs.length} bytes={history.checkpointBytes} budget={history.checkpointBudgetBytes} />}
      <RecordMemoryLine />
    </section>
  );
}

/**
 * What time travel holds, and what it gives up at its memory budget: older checkpoints thinned, so a
 * seek into a long busy run replays more (and takes longer) — never a crash, never an inexact moment.
 */
function CheckpointMemory({ count, bytes, budget }: { count: number; bytes: number; budget: number }) {
  const mb = (n: number) => `${Math.max(1, Math.round(n / 1_048_576))} MB`;
  const near = bytes >= budget * 0.75;
  return (
    <p className="tl-memory">
      Time travel: {count} checkpoints, about {mb(bytes)} of its {mb(budget)} memory budget
      {near ? ' — at the budget, checkpoints are thinned: seeks into this run replay more and take longer, and stay exact.' : '.'}
    </p>
  );
}

/**
 * What the engine dropped to stay within its record budget (`kafka/slimming.ts`): shown once it
 * dropped anything, so a learner who opens an old record knows why its payload is gone.
 */
function RecordMemoryLine() {
  const { budgetRecords, recordsSlimmed, keptPerPartition } = useRecordMemory();
  if (recordsSlimmed === 0) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <p className="tl-memory">
      Records: to stay within {n(budgetRecords)} records held in full, the simulator dropped the keys, values and headers of {n(recordsSlimmed)} old ones
      {keptPerPartition !== null && ` (each partition keeps its newest ${n(keptPerPartition)})`}; their offsets and sizes are kept, and consumers still read
      them.
    </p>
  );
}
