/**
 * Presentation mode for a classroom projector: `body.presenting` switches the page to large type,
 * thick lines and a high-contrast theme with the chrome hidden (present.css); this component adds
 * the narration caption, a small control strip, the QR code of the share link, and the keys a
 * presenter's clicker sends.
 */
import { useEffect, useState } from 'react';
import { advance, seekTo, simStore } from '../../store';
import { useLessonProgress, useLiveTimeMs, usePresentation, useScenarioName } from '../../store/hooks';
import { findLesson, lessonStore, nextStep, previousStep } from '../../store/lesson';
import { shareLink } from '../../store/open-doc';
import { exitPresentation, presentationStore, toggleQr } from '../../store/presentation';
import { formatSimTime } from '../format';
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
 * The presenter's keys, while presenting: → PageDown Space "." forward; ← PageUp back; Q the QR
 * code; Esc exits. Returns whether it handled the key (and then calls preventDefault, which makes
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
  else if (e.key === 'Escape') run = exitPresentation;
  if (!run) return false;
  e.preventDefault();
  run();
  return true;
}

/** The lesson's current step, or the scenario's name and the clock. */
function Caption() {
  const { lessonId, step: stepIndex, revealed } = useLessonProgress();
  const lesson = lessonId ? findLesson(lessonId) : undefined;
  const step = lesson?.steps[stepIndex];
  return (
    <section className="present-caption" aria-label="Narration">
      {lesson && step ? (
        <>
          <p className="present-caption-where">
            {lesson.title} · step {stepIndex + 1} of {lesson.steps.length}
          </p>
          <h2 className="present-caption-title">{step.title}</h2>
          <p className="present-caption-text">{step.narration}</p>
          {step.predict && (
            <p className="present-caption-predict">
              {revealed ? (
                <>
                  <strong>What happens: </strong>
                  {step.predict.reveal}
                </>
              ) : (
                <>
                  <strong>Predict: </strong>
                  {step.predict.question} <span className="present-caption-hint">(Next reveals the answer)</span>
                </>
              )}
            </p>
          )}
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
      <h2 className="present-caption-title">{name ?? 'Streamscope'}</h2>
      <p className="present-caption-text present-caption-clock">{formatSimTime(liveMs)}</p>
    </>
  );
}

/** The share link of this moment, as it stood when the QR code was opened. */
function SharePanel() {
  const [link] = useState(() => shareLink(window.location.href));
  return (
    <aside className="present-qr" aria-label="Share this moment">
      {link.ok ? (
        <>
          <QrCode text={link.url} size={360} />
          <p>Scan to open this run at {formatSimTime(link.playheadMs)}</p>
        </>
      ) : (
        <p>{link.error}</p>
      )}
    </aside>
  );
}

/**
 * Mount once in the app (e.g. at the end of `App`); renders nothing until `enterPresentation()`.
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

  if (!on) return null;
  return (
    <>
      <Caption />
      <div className="present-controls" role="toolbar" aria-label="Presentation">
        <button type="button" onClick={presentPrevious} aria-keyshortcuts="ArrowLeft PageUp">
          Previous
        </button>
        <button type="button" onClick={presentNext} aria-keyshortcuts="ArrowRight PageDown Space .">
          Next
        </button>
        <button type="button" onClick={toggleQr} aria-keyshortcuts="Q" aria-expanded={qrOpen}>
          {qrOpen ? 'Hide QR code' : 'Show QR code'}
        </button>
        <button type="button" onClick={exitPresentation} aria-keyshortcuts="Escape">
          Exit presentation
        </button>
      </div>
      {qrOpen && <SharePanel />}
    </>
  );
}
