/**
 * Keyboard shortcuts: one table, used both by the key handler and by the "?" help dialog, so the
 * list a person reads is the list that works.
 */
import { enterPresentation } from '../store/presentation';
import { openLessons } from '../store/focus';
import { lessonStore, nextStep, previousStep } from '../store/lesson';
import { advance, select, setColorBy, setHelpOpen, setSpeed, simStore, SPEEDS, stepBack, stepEvent, togglePlay } from '../store';

export interface Shortcut {
  /** Keys as shown to a person. */
  keys: string[];
  /** `aria-keyshortcuts` syntax. */
  aria: string;
  does: string;
  matches(e: KeyboardEvent): boolean;
  run(): void;
}

/** The next speed up or down the SPEEDS ladder from the current one. */
export function nextSpeed(current: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= current);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (SPEEDS[at] === current ? at : direction > 0 ? at - 1 : at) + direction))]!;
  return next;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Space'], aria: 'Space', does: 'Play or pause', matches: (e) => e.key === ' ', run: togglePlay },
  { keys: ['→'], aria: 'ArrowRight', does: 'Step: run the next event', matches: (e) => e.key === 'ArrowRight' && !e.shiftKey, run: stepEvent },
  {
    keys: ['Shift', '→'],
    aria: 'Shift+ArrowRight',
    does: 'Step 1 simulated second',
    matches: (e) => e.key === 'ArrowRight' && e.shiftKey,
    run: () => advance(1000),
  },
  { keys: ['←'], aria: 'ArrowLeft', does: 'Step back one event (time travel)', matches: (e) => e.key === 'ArrowLeft' && !e.shiftKey, run: stepBack },
  { keys: ['+'], aria: '+', does: 'Faster', matches: (e) => e.key === '+' || e.key === '=', run: () => setSpeed(nextSpeed(simStore.getState().speed, 1)) },
  { keys: ['−'], aria: '-', does: 'Slower', matches: (e) => e.key === '-' || e.key === '_', run: () => setSpeed(nextSpeed(simStore.getState().speed, -1)) },
  {
    keys: ['C'],
    aria: 'C',
    does: 'Colour records by key or by partition',
    matches: (e) => e.key === 'c' || e.key === 'C',
    run: () => setColorBy(simStore.getState().colorBy === 'key' ? 'partition' : 'key'),
  },
  {
    keys: ['Esc'],
    aria: 'Escape',
    does: 'Close this list, or clear the selection',
    matches: (e) => e.key === 'Escape',
    run: () => (simStore.getState().helpOpen ? setHelpOpen(false) : select(null)),
  },
  {
    keys: ['N'],
    aria: 'N',
    does: 'Lesson: next step (reveals a pending answer first)',
    matches: (e) => e.key === 'n' || e.key === 'N',
    run: () => void nextStep(),
  },
  { keys: ['B'], aria: 'B', does: 'Lesson: back one step', matches: (e) => e.key === 'b' || e.key === 'B', run: previousStep },
  {
    keys: ['L'],
    aria: 'L',
    does: 'Lessons and scenarios (browse with ↑ ↓, Enter starts)',
    matches: (e) => e.key === 'l' || e.key === 'L',
    run: () => openLessons(lessonStore.getState().lessonId),
  },
  { keys: ['P'], aria: 'P', does: 'Presentation mode (Esc leaves it)', matches: (e) => e.key === 'p' || e.key === 'P', run: enterPresentation },
  { keys: ['?'], aria: '?', does: 'Show these shortcuts', matches: (e) => e.key === '?', run: () => setHelpOpen(!simStore.getState().helpOpen) },
];

/** Typing in a field (or operating a focused control) must not trigger shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'range'].includes(type);
  }
  return ['SELECT', 'TEXTAREA'].includes(target.tagName);
}

/** Runs the shortcut a key press names; returns whether one ran. */
export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return false;
  // Space and Enter on a focused button or a role=button element activate it, as usual.
  if (
    (e.key === ' ' || e.key === 'Enter') &&
    e.target instanceof HTMLElement &&
    (e.target.tagName === 'BUTTON' || e.target.getAttribute('role') === 'button' || e.target.tagName === 'INPUT')
  )
    return false;
  const shortcut = SHORTCUTS.find((s) => s.matches(e));
  if (!shortcut) return false;
  e.preventDefault();
  shortcut.run();
  return true;
}
