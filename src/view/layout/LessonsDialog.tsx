/**
 * Where a run starts: the lessons (each with the question it answers) and the built-in scenarios,
 * in a dialog. Arrow keys browse without starting anything; Enter or a click starts the one
 * chosen — after asking, when the run on screen has recorded actions (`replaceRun`).
 */
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { closeLessons, useLessonsDialog } from '../../store/focus';
import { replaceRun } from '../../store/guard';
import { LESSONS, startLesson } from '../../store/lesson';
import { Modal } from './Modal';
import { BUILTIN_SCENARIOS, openScenario } from '../../store/open-doc';

const BLANK_SCENARIO_NAME = 'Blank cluster (3 brokers, no topics)';

/** Focuses the first element matching `selector` once React has shown it (tries for about a second). */
export function focusWhenShown(selector: string, tries = 20): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (tries > 0) setTimeout(() => focusWhenShown(selector, tries - 1), 50);
}

function start(run: () => void, what: string): void {
  closeLessons();
  replaceRun(what, run);
}

export function chooseLesson(id: string, title: string): void {
  start(() => {
    startLesson(id);
    focusWhenShown('.lesson-panel .lesson-next');
  }, `Start the lesson “${title}”`);
}

export function LessonsDialog() {
  const state = useLessonsDialog();
  const listRef = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    if (!state) return;
    opener.current = document.activeElement;
    const picks = [...(listRef.current?.querySelectorAll<HTMLElement>('.pick') ?? [])];
    (picks.find((p) => state.focusId !== null && p.dataset.lesson === state.focusId) ?? picks[0])?.focus();
    return () => {
      // Back to the button that opened it, unless what was chosen took the focus elsewhere.
      if (document.activeElement === document.body && opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, [state]);
  if (!state) return null;

  /** ↑ ↓ Home End move between the choices; nothing starts until Enter or a click. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const picks = [...(listRef.current?.querySelectorAll<HTMLElement>('.pick') ?? [])];
    const at = picks.indexOf(document.activeElement as HTMLElement);
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? picks.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    e.stopPropagation();
    picks[Math.max(0, Math.min(picks.length - 1, to))]?.focus();
  };

  return (
    <Modal labelledBy="lessons-title" className="lessons-dialog" onClose={closeLessons} onKeyDown={onKeyDown}>
      <h2 id="lessons-title">Lessons and scenarios</h2>
      <p className="dialog-note">↑ ↓ to browse, Enter to start. Starting one replaces the run on screen (you can undo it).</p>
      <div ref={listRef} className="lessons-columns">
        <section aria-labelledby="lessons-list-title">
          <h3 id="lessons-list-title">Lessons</h3>
          <ol className="pick-list">
            {LESSONS.map((l, i) => (
              <li key={l.id}>
                <button type="button" className="pick" data-lesson={l.id} onClick={() => chooseLesson(l.id, l.title)}>
                  <span className="pick-title">
                    {i + 1}. {l.title}
                  </span>
                  <span className="pick-note">{l.question}</span>
                </button>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="scenarios-list-title">
          <h3 id="scenarios-list-title">Scenarios to explore</h3>
          <ul className="pick-list">
            {[['blank', BLANK_SCENARIO_NAME] as const, ...Object.entries(BUILTIN_SCENARIOS).map(([id, spec]) => [id, spec.name ?? id] as const)].map(
              ([id, name]) => (
                <li key={id}>
                  <button type="button" className="pick" data-scenario={id} onClick={() => start(() => openScenario(id), `Load “${name}”`)}>
                    <span className="pick-title">{name}</span>
                  </button>
                </li>
              ),
            )}
          </ul>
        </section>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={closeLessons}>
          Close
        </button>
      </div>
    </Modal>
  );
}
