import { SPEEDS } from '../../worker/protocol';
import { advance, reset, setSpeed, stepEvent, togglePlay, useSimStore } from '../../store';
import type { SimState } from '../../store';
import { formatSimTime } from '../describe-event';

const selectPlayback = (s: SimState) => s.playing;
const selectSpeed = (s: SimState) => s.speed;
const selectTimeMs = (s: SimState) => s.snapshot?.timeMs ?? 0;
const selectStartMs = (s: SimState) => s.snapshot?.startEpochMs ?? 0;

/** Playback controls and the simulated clock. */
export function TopBar() {
  const playing = useSimStore(selectPlayback);
  const speed = useSimStore(selectSpeed);
  const timeMs = useSimStore(selectTimeMs);
  const startMs = useSimStore(selectStartMs);
  const wall = new Date(startMs + timeMs).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  return (
    <header className="topbar" aria-label="Playback">
      <h1 className="brand">Streamscope</h1>
      <button type="button" onClick={togglePlay} aria-keyshortcuts="Space">
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={stepEvent} aria-keyshortcuts="ArrowRight" title="Run the next scheduled event">
        Step
      </button>
      <button type="button" onClick={() => advance(1000)}>
        Step 1 s
      </button>
      <label className="speed">
        Speed
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => advance(60_000)}>
        Fast-forward 1 min
      </button>
      <button type="button" onClick={() => advance(3_600_000)}>
        Fast-forward 1 hour
      </button>
      <button type="button" onClick={() => advance(86_400_000)}>
        Fast-forward 1 day
      </button>
      <button type="button" onClick={reset}>
        Reset
      </button>
      <output className="clock" aria-label="Simulated time">
        <span className="clock-sim">{formatSimTime(timeMs)}</span>
        <span className="clock-wall">{wall}</span>
      </output>
    </header>
  );
}
