/**
 * Presentation mode for a 1024×768 classroom projector: `body.presenting` switches the page to
 * large type, thick lines and a high-contrast theme (present.css). The presenter's strip replaces
 * the top bar, the one view the narration is about fills the screen (the lesson step chooses it;
 * the presenter can switch), and the caption below it carries the narration and a prediction's
 * choices. The keys a clicker sends drive it; nothing needs scrolling.
 */
import { useEffect, useState } from 'react';
import { advance, seekTo, simStore, togglePlay } from '../../store';
import { ALL_VIEWS, showView, usePresentedView } from '../../store/focus';
import type { LessonView } from '../../store/focus';
import { useLessonProgress, useLiveTimeMs, usePlayback, usePresentation, useScenarioName } from '../../store/hooks';
import { findLesson, lessonStore, nextStep, previousStep } from '../../store/lesson';
import { shareLink } from '../../store/open-doc';
import { exitPresentation, presentationStore, toggleQr } from '../../store/presentation';
import { lessonStepUrl } from '../../scenario/codec';
import { formatSimTime } from '../format';
import { UserText } from '../text/UserText';
import { FastForwardProgress } from '../panels/TopBar';
import { Predict } from '../lesson/LessonPanel';
import { QrCode } from './QrCode';
import './present.css';

/** The time a presenter's "back" goes to without a lesson: one simulated second earlier. */
const BACK_MS = 1000;

const lessonActive = (): boolean => lessonStore.getState().lessonId != null;

/** Forward: the lesson's next step (revealing a pending prediction first), or one simulated second. */
function presentNext(): void {
  if (lessonActive()) void nextStep();
  else advance(1000);
}

/** Back: the lesson's previous step, or one simulated second back in time (time travel). */
function presentPrevious(): void {
  if (lessonActive()) previousStep();
  else seekTo(Math.max(0, simStore.getState().liveTimeMs - BACK_MS));
}

/** Fields where keys are typed, and controls whose own Space/Enter must keep working. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'range'].includes((target as HTMLInputElement).type);
}
function isControl(target: EventTarget | null): boolean {
  return target instanceof Element && (['BUTTON', 'INPUT', 'SELECT', 'SUMMARY', 'A'].includes(target.tagName) || target.getAttribute('role') === 'button');
}

/**
 * The presenter's keys, while presenting: → PageDown Space "." forward; ← PageUp back; 1–6 the
 * view (cluster, topic log, timeline, event log, charts, inspector); Q the QR code; Esc exits. Returns whether it handled the key (and then calls preventDefault, which makes
 * the page's own shortcuts in keyboard.ts skip the same press).
 */
function presentationKeyHandler(e: KeyboardEvent): boolean {
  if (!presentationStore.getState().on) return false;
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return false;
  // Space and Enter on a focused button activate that button, as everywhere else.
  if ((e.key === ' ' || e.key === 'Enter') && isControl(e.target)) return false;
  let run: (() => void) | null = null;
  if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ' || e.key === '.') run = presentNext;
  else if (e.key === 'ArrowLeft' || e.key === 'PageUp') run = presentPrevious;
  else if (e.key === 'q' || e.key === 'Q') run = toggleQr;
  else if (/^[1-9]$/.test(e.key) && Number(e.key) <= ALL_VIEWS.length) run = () => showView(ALL_VIEWS[Number(e.key) - 1]!.id);
  else if (e.key === 'Escape') run = exitPresentation;
  if (!run) return false;
  e.preventDefault();
  run();
  return true;
}

/** The lesson's current step (narration beside the prediction and its choices), or the scenario's name and the clock. */
export function Caption() {
  const { lessonId, step: stepIndex } = useLessonProgress();
  const lesson = lessonId ? findLesson(lessonId) : undefined;
  const step = lesson?.steps[stepIndex];
  return (
    <section className={`present-caption${step?.predict ? ' present-caption-split' : ''}`} aria-label="Narration">
      {lesson && step ? (
        <>
          <div className="present-caption-story">
            <p className="present-caption-where">
              {lesson.title} · step {stepIndex + 1} of {lesson.steps.length}
            </p>
            <h2 className="present-caption-title">{step.title}</h2>
            <p className="present-caption-text">{step.narration}</p>
          </div>
          {step.predict && <Predict key={`${lesson.id}-${stepIndex}`} predict={step.predict} name={`present-${lesson.id}-${stepIndex}`} />}
        </>
      ) : (
        <ScenarioCaption />
      )}
    </section>
  );
}

function ScenarioCaption() {
  const name = useScenarioName();
  const liveMs = useLiveTimeMs();
  return (
    <>
      <h2 className="present-caption-title">{name === null ? 'Streamscope' : <UserText text={name} fit="elide" />}</h2>
      <p className="present-caption-text present-caption-clock">{formatSimTime(liveMs)}</p>
    </>
  );
}

/** How many recorded actions a lesson's own steps sent up to `step` (its share link adds nothing else then). */
function lessonActionsUpTo(lessonId: string, step: number): number {
  return (findLesson(lessonId)?.steps ?? []).slice(1, step + 1).reduce((n, s) => n + (s.actions?.length ?? 0), 0);
}

/**
 * What the QR code opens. In a lesson whose run holds only the lesson's own actions, the short
 * link to the lesson at this step (a small code that scans from the back of the room); otherwise
 * the whole share link of this moment.
 */
function qrTarget(): { url: string; says: string } | { error: string } {
  const { lessonId, step } = lessonStore.getState();
  const commands = simStore.getState().history?.commands.length ?? 0;
  if (lessonId && commands === lessonActionsUpTo(lessonId, step)) {
    const title = findLesson(lessonId)?.title ?? lessonId;
    return { url: lessonStepUrl(lessonId, step, window.location.href), says: `Scan to open “${title}” at step ${step + 1}` };
  }
  const link = shareLink(window.location.href);
  return link.ok ? { url: link.url, says: `Scan to open this run at ${formatSimTime(link.playheadMs)}` } : { error: link.error };
}

/** The QR code of this moment, as it stood when it was opened. */
function SharePanel() {
  const [target] = useState(qrTarget);
  return (
    <aside className="present-qr" aria-label="Share this moment">
      {'url' in target ? (
        <>
          <QrCode text={target.url} size={400} />
          <p>{target.says}</p>
        </>
      ) : (
        <p>{target.error}</p>
      )}
    </aside>
  );
}

/** The presenter's strip (instead of the top bar): play, back and forward, the view on screen, the QR code, exit, the clock. */
export function PresenterBar() {
  const { playing, fastForward } = usePlayback();
  const { qrOpen } = usePresentation();
  const view = usePresentedView();
  const liveMs = useLiveTimeMs();
  return (
    <header className="presenter-bar" aria-label="Presenter">
      <h1 className="brand">Streamscope</h1>
      <div className="present-controls" role="toolbar" aria-label="Presentation">
        <button type="button" className="primary" onClick={togglePlay}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={presentPrevious} aria-keyshortcuts="ArrowLeft PageUp">
          Previous
        </button>
        <button type="button" onClick={presentNext} aria-keyshortcuts="ArrowRight PageDown Space .">
          Next
        </button>
        <label className="present-view">
          View
          <select value={view} onChange={(e) => showView(e.target.value as LessonView)} aria-keyshortcuts="1 2 3 4 5 6">
            {ALL_VIEWS.map((v, i) => (
              <option key={v.id} value={v.id}>
                {i + 1} {v.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={toggleQr} aria-keyshortcuts="Q" aria-expanded={qrOpen}>
          {qrOpen ? 'Hide QR' : 'QR code'}
        </button>
        <button type="button" onClick={exitPresentation} aria-keyshortcuts="Escape">
          Exit
        </button>
      </div>
      {fastForward && <FastForwardProgress from={fastForward.fromMs} to={fastForward.toMs} />}
      <p className="present-clock" role="timer" aria-label="Simulated time">
        {formatSimTime(liveMs)}
      </p>
    </header>
  );
}

/**
 * Mount once in the app; renders nothing until `enterPresentation()`. Owns the body class, the
 * clicker's keys and the QR code.
 */
export function PresentationMode() {
  const { on, qrOpen } = usePresentation();

  useEffect(() => {
    if (!on) return;
    document.body.classList.add('presenting');
    // Capture phase: runs before the page's shortcut listener, whose handler skips prevented keys.
    const onKey = (e: KeyboardEvent) => void presentationKeyHandler(e);
    // Leaving full screen (the browser's own Esc) ends the presentation too.
    const onFullscreen = () => {
      if (!document.fullscreenElement) exitPresentation();
    };
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      document.body.classList.remove('presenting');
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, [on]);

  return on && qrOpen ? <SharePanel /> : null;
}
