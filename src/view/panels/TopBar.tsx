import { useLayoutEffect, useRef, useState } from 'react';
import { openLessons } from '../../store/focus';
import { replaceRun } from '../../store/guard';
import { lessonStore, startLesson } from '../../store/lesson';
import { QrCode } from '../present/QrCode';
import { ScenarioMenu } from '../scenario/ScenarioMenu';
import { advance, cancelFastForward, reset, setHelpOpen, setSpeed, SPEEDS, stepEvent, togglePlay } from '../../store';
import { useLiveTimeMs, useOpening, usePlayback, useScenarioName, useStartEpochMs } from '../../store/hooks';
import { enterPresentation } from '../../store/presentation';
import { formatDuration, formatSimTime, formatWallDate } from '../format';
import { isolate } from '../text/user-text';
import { UserText } from '../text/UserText';

/** How far "Fast-forward" jumps. */
const FAST_FORWARD_OPTIONS = [
  { ms: 10_000, label: '+10 s' },
  { ms: 60_000, label: '+1 min' },
  { ms: 600_000, label: '+10 min' },
  { ms: 3_600_000, label: '+1 hour' },
  { ms: 86_400_000, label: '+1 day' },
  { ms: 7 * 86_400_000, label: '+7 days' },
] as const;

/** The simulated clock: its own component, the only part of the bar that changes every frame. */
function Clock() {
  const timeMs = useLiveTimeMs();
  const startMs = useStartEpochMs();
  const { speed, playing, lagging } = usePlayback();
  return (
    <div className="clock" role="timer" aria-label="Simulated time">
      <span className="clock-sim">{formatSimTime(timeMs)}</span>
      <span className="clock-wall">
        {formatWallDate(startMs + timeMs)}
        {speed !== 1 && ` · ${speed}×`}
        {!playing && ' · paused'}
      </span>
      {/* A line of its own: widening the line above would push the clock onto a row of its own. */}
      {lagging && (
        <span
          className="clock-wall"
          title={`This cluster is more than this machine can simulate at ${speed}×: time runs as fast as it can, and the page keeps answering.`}
        >
          <span className="visually-hidden">, </span>slower than chosen
        </span>
      )}
    </div>
  );
}

/**
 * A fast-forward's progress and its Stop — or a loaded run's replay (a link, a file), which is one:
 * it runs the recorded run from T+0 before opening at its moment; stopped early, the run opens where
 * the replay got to, its later actions still ahead on the timeline.
 */
export function FastForwardProgress({ from, to }: { from: number; to: number }) {
  const now = useLiveTimeMs();
  const opening = useOpening();
  const pct = to > from ? Math.round(((now - from) / (to - from)) * 100) : 100;
  return (
    <div className="ff-progress">
      <progress max={100} value={pct} aria-label={opening ? 'Opening progress' : 'Fast-forward progress'}>
        {pct}%
      </progress>
      <span>{opening ? `replaying the run to ${formatSimTime(to)} before it opens (${pct}%)` : `fast-forwarding to ${formatSimTime(to)} (${pct}%)`}</span>
      <button type="button" onClick={cancelFastForward} title={opening ? 'Open the run where the replay has got to; its later actions stay ahead' : undefined}>
        {opening ? 'Stop and open here' : 'Stop fast-forward'}
      </button>
    </div>
  );
}

/** The QR code of a share link, under the link in the Share dialog. */
function ShareQr({ url }: { url: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="share-qr">
      <button type="button" onClick={() => setShown((v) => !v)} aria-expanded={shown}>
        {shown ? 'Hide QR code' : 'Show QR code'}
      </button>
      {shown && <QrCode text={url} size={220} />}
    </div>
  );
}

/** Reset restarts a running lesson from its first step; otherwise the scenario from T+0 (asking first if that loses actions). */
function resetRun(): void {
  const lessonId = lessonStore.getState().lessonId;
  replaceRun(lessonId ? 'Restart the lesson' : 'Reset to T+0', () => (lessonId ? startLesson(lessonId) : reset()));
}

/** Keeps `--topbar-h` equal to the bar's height, so the sticky side column starts below it. */
function useTopbarHeight() {
  const ref = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const set = () => document.documentElement.style.setProperty('--topbar-h', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return ref;
}

/** Playback controls, scenarios, lessons and the simulated clock. */
export function TopBar() {
  const barRef = useTopbarHeight();
  const { playing, speed, fastForward } = usePlayback();
  const scenarioName = useScenarioName();
  const [jumpMs, setJumpMs] = useState<number>(86_400_000);
  return (
    <header className="topbar" ref={barRef}>
      <h1 className="brand">Streamscope</h1>
      <button
        type="button"
        className="lessons-button"
        onClick={() => openLessons(lessonStore.getState().lessonId)}
        aria-keyshortcuts="L"
        aria-haspopup="dialog"
      >
        Lessons
      </button>
      <div className="controls" role="toolbar" aria-label="Playback">
        <button type="button" className="primary" onClick={togglePlay} aria-keyshortcuts="Space">
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={stepEvent} aria-keyshortcuts="ArrowRight" title="Run the next scheduled event (→)">
          Step
        </button>
        <button type="button" onClick={() => advance(1000)} aria-keyshortcuts="Shift+ArrowRight" title="Run one simulated second (Shift+→)">
          Step 1 s
        </button>
        <label className="inline">
          <span className="visually-hidden">Speed</span>
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-keyshortcuts="+ -">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span className="visually-hidden">Fast-forward by</span>
          <select value={jumpMs} onChange={(e) => setJumpMs(Number(e.target.value))}>
            {FAST_FORWARD_OPTIONS.map((o) => (
              <option key={o.ms} value={o.ms}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => advance(jumpMs)} title={`Run ${formatDuration(jumpMs)} of simulated time as fast as possible`}>
          Fast-forward
        </button>
        <button type="button" onClick={resetRun} title="Start the scenario (or the lesson) again from T+0 with the same seed">
          Reset
        </button>
        <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?" aria-label="? Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
        <button
          type="button"
          className="present-button"
          onClick={enterPresentation}
          aria-keyshortcuts="P"
          title="Full screen, large type and high contrast, for a projector (P)"
        >
          Present
        </button>
      </div>
      <ScenarioMenu renderShareExtras={(url) => <ShareQr url={url} />} />
      {fastForward && <FastForwardProgress from={fastForward.fromMs} to={fastForward.toMs} />}
      <div className="clock-block">
        <Clock />
        {scenarioName && (
          <p className="scenario-name" title={isolate(scenarioName)}>
            <UserText text={scenarioName} />
          </p>
        )}
      </div>
    </header>
  );
}
