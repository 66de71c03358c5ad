/**
 * Lesson progress: a small store of its own, apart from the simulation's projection. It only
 * remembers where the presenter is (lesson, step, whether the prediction is revealed); every change
 * to the cluster goes through the simulation store's actions (`sendCommand`, `advance`, `seekTo`),
 * so a lesson's scripted actions are recorded in the history and carried by share links like any
 * other command.
 */
import { createStore } from 'zustand/vanilla';
import { findLesson } from '../scenario/lessons';
import type { Lesson, LessonStep } from '../scenario/lessons';

/** The built-in lessons (data), for the lesson picker and panel. */
export { LESSONS, findLesson } from '../scenario/lessons';
export type { LessonPredict } from '../scenario/lessons';
import type { LessonRef, RecordedCommand } from '../scenario/doc';
import type { Command } from '../engine';
import { advance, dismissBranchNotice, loadScenario, pause, play, seekTo, select, sendCommand, setLesson, simStore, viewTopic } from './index';
import { showView, spotlight } from './focus';
import { showWholeLog, zoomTapes } from './tape-data';
import { dismissUndo } from './guard';

export interface LessonState {
  /** The lesson being presented, or null. */
  lessonId: string | null;
  /** Index of the step on screen. */
  step: number;
  /** The current step's prediction has been revealed. */
  revealed: boolean;
  /** The learner's pick for the current step's prediction (index into its choices), or null. */
  choice: number | null;
  /**
   * Simulated time at which each step was last entered (index = step), so Back can travel to the
   * moment before that step's actions. Kept for later steps after Back too: Next then knows where
   * they ran before. Unknown (missing) for steps entered before a share link was opened.
   */
  stepStartMs: number[];
  /** Next is sending a step's scripted actions; further presses wait. */
  busy: boolean;
  /**
   * The lesson paused a playing simulation — Back (or its old future would replay at once), a
   * prediction (until its reveal) or a step that holds its moment — and plays it again on Reveal
   * or Next.
   */
  resumeOnNext: boolean;
}

const idle: LessonState = { lessonId: null, step: 0, revealed: false, choice: null, stepStartMs: [], busy: false, resumeOnNext: false };

export const lessonStore = createStore<LessonState>()(() => ({ ...idle }));

/** The lesson on screen, if any. */
function currentLesson(): Lesson | undefined {
  const id = lessonStore.getState().lessonId;
  return id ? findLesson(id) : undefined;
}

/** Points the inspector and the log view where the step says, brings its view forward and spotlights what it talks about. */
function focusStep(step: LessonStep | undefined): void {
  if (!step) return;
  if (step.viewTopic) viewTopic(step.viewTopic);
  if (step.select) select(step.select);
  showView(step.show ?? 'cluster');
  if (step.wholeLog) showWholeLog();
  else zoomTapes({ kind: 'auto' });
  // A claim without a spot is about the step's view as a whole: highlight the part that shows it.
  spotlight(step.spot ?? (step.claim ? (step.show ?? 'cluster') : null), step.claim ?? null);
}

/** Plays again if the lesson paused a playing simulation. */
function resume(): void {
  if (!lessonStore.getState().resumeOnNext) return;
  lessonStore.setState({ resumeOnNext: false });
  play();
}

/** Keeps the simulation store's lesson reference (what share links carry) in step with this store. */
function publish(lessonId: string, step: number): void {
  setLesson({ id: lessonId, step });
}

/**
 * Starts a built-in lesson from its first step: loads its scenario and seed, playing. Returns false
 * (and changes nothing) when no lesson has this id — ids come from URLs, so check the answer.
 */
export function startLesson(id: string, atStep = 0): boolean {
  const lesson = findLesson(id);
  if (!lesson) return false;
  lessonStore.setState({ ...idle, lessonId: lesson.id, stepStartMs: [0] });
  loadScenario(lesson.scenario, lesson.seed, { playing: true, lesson: { id: lesson.id, step: 0 } });
  focusStep(lesson.steps[0]);
  if (atStep > 0) void walkTo(lesson.id, Math.min(Math.floor(atStep), lesson.steps.length - 1));
  return true;
}

/** Resolves once the simulation has reached `timeMs` with no fast-forward running. */
function reached(timeMs: number): Promise<void> {
  const done = (s: ReturnType<typeof simStore.getState>) => s.fastForward === null && s.liveTimeMs >= timeMs;
  if (done(simStore.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = simStore.subscribe((s) => {
      if (!done(s)) return;
      stop();
      resolve();
    });
  });
}

/**
 * Walks a just-started lesson to `step` as a presenter would (revealing each prediction, every
 * step's actions and time in order), for a link to a lesson's step. Stops if the lesson changes.
 */
async function walkTo(id: string, step: number): Promise<void> {
  for (;;) {
    const s = lessonStore.getState();
    if (s.lessonId !== id || s.step >= step) return;
    const next = findLesson(id)?.steps[s.step + 1];
    if (currentLesson()?.steps[s.step]?.predict && !s.revealed) reveal();
    const target = simStore.getState().liveTimeMs + (next?.advanceMs ?? 0);
    await nextStep();
    await reached(target);
  }
}

/** Records the learner's answer to the current step's prediction (until it is revealed). */
export function choose(index: number): void {
  const s = lessonStore.getState();
  const predict = currentLesson()?.steps[s.step]?.predict;
  if (!predict || s.revealed || !Number.isInteger(index) || index < 0 || index >= predict.choices.length) return;
  lessonStore.setState({ choice: index });
}

/** Shows the answer to the current step's prediction, and lets the simulation play on to show it happen. */
export function reveal(): void {
  const s = lessonStore.getState();
  if (!currentLesson()?.steps[s.step]?.predict || s.revealed) return;
  lessonStore.setState({ revealed: true });
  resume();
}

/**
 * The presenter's "Next": reveals the current prediction first if it is still hidden; on the last
 * step, finishes the lesson; otherwise enters the next step — remembers the simulated time, sends
 * the step's actions in order, then runs its `advanceMs` and focuses the inspector.
 */
export async function nextStep(): Promise<void> {
  const s = lessonStore.getState();
  const lesson = currentLesson();
  if (!lesson || s.busy) return;
  if (lesson.steps[s.step]?.predict && !s.revealed) {
    reveal();
    return;
  }
  if (s.step >= lesson.steps.length - 1) {
    exitLesson();
    return;
  }
  const index = s.step + 1;
  const step = lesson.steps[index]!;
  const sim = simStore.getState();
  const actions = step.actions ?? [];
  // After Back and Play, the history may already have replayed this step's actions: do not send them twice.
  const previousStartMs = s.stepStartMs[index];
  const replayed = previousStartMs !== undefined && actions.length > 0 && ranSince(sim.history?.commands ?? [], actions, previousStartMs, sim.liveTimeMs);
  const stepStartMs = [...s.stepStartMs];
  stepStartMs[index] = replayed ? previousStartMs : sim.liveTimeMs;
  lessonStore.setState({ step: index, revealed: false, choice: null, stepStartMs, busy: true, resumeOnNext: false });
  publish(lesson.id, index);
  focusStep(step);
  // A question waits for the learner, and a held moment stays on screen: pause before anything runs.
  const wait = step.predict !== undefined || step.hold === true;
  if (wait && (sim.playing || s.resumeOnNext)) {
    pause();
    lessonStore.setState({ resumeOnNext: true });
  }
  const branchBefore = sim.branchNotice;
  try {
    if (!replayed) for (const action of actions) await sendCommand(action);
  } finally {
    lessonStore.setState({ busy: false });
  }
  // After Back, the step's actions replace the lesson's own old future on purpose: no notice for that.
  if (branchBefore === null && simStore.getState().branchNotice !== null) {
    dismissBranchNotice();
    dismissUndo();
  }
  if (step.advanceMs && !replayed) advance(step.advanceMs);
  if (!wait && s.resumeOnNext) play();
}

/** Whether `actions` were recorded, in order, from `sinceMs` on and at or before `nowMs`. */
function ranSince(commands: readonly RecordedCommand[], actions: readonly Command[], sinceMs: number, nowMs: number): boolean {
  const wanted = actions.map((a) => JSON.stringify(a));
  for (let i = 0; i + wanted.length <= commands.length; i++) {
    const first = commands[i]!;
    if (first.atMs < sinceMs || first.atMs > nowMs) continue;
    if (wanted.every((w, k) => JSON.stringify(commands[i + k]!.command) === w && commands[i + k]!.atMs <= nowMs)) return true;
  }
  return false;
}

/**
 * The presenter's "Back": travels in time to just before the current step's actions (when the step
 * was entered in this session), paused, and shows the previous step again, prediction hidden.
 * Paused, because playing on would replay the step's recorded actions a moment later; Next sends
 * them again (a new branch of history) and plays.
 */
export function previousStep(): void {
  const s = lessonStore.getState();
  const lesson = currentLesson();
  if (!lesson || s.busy || s.step === 0) return;
  const enteredAtMs = s.stepStartMs[s.step];
  let resumeOnNext = s.resumeOnNext;
  if (enteredAtMs !== undefined) {
    resumeOnNext ||= simStore.getState().playing;
    pause();
    // A command recorded at exactly this time would be replayed by a seek to it: go 1 ms earlier.
    seekTo(Math.max(0, enteredAtMs - 1));
  }
  const index = s.step - 1;
  lessonStore.setState({ step: index, revealed: false, choice: null, resumeOnNext });
  publish(lesson.id, index);
  focusStep(lesson.steps[index]);
}

/** Leaves the lesson; the simulation keeps running so the learner can try things. */
export function exitLesson(): void {
  resume();
  lessonStore.setState({ ...idle });
  if (simStore.getState().lesson !== null) setLesson(null);
}

/**
 * Follows the simulation store's lesson reference when something other than this store changes it:
 * a share link that carries `{ id, step }` resumes that lesson at that step; loading anything
 * without a lesson ends the lesson.
 */
function adopt(ref: LessonRef | null): void {
  const s = lessonStore.getState();
  if (ref === null) {
    if (s.lessonId !== null) lessonStore.setState({ ...idle });
    return;
  }
  if (ref.id === s.lessonId && ref.step === s.step) return;
  const lesson = findLesson(ref.id);
  if (!lesson) {
    lessonStore.setState({ ...idle });
    return;
  }
  const step = Math.max(0, Math.min(lesson.steps.length - 1, Math.floor(ref.step)));
  lessonStore.setState({ ...idle, lessonId: lesson.id, step });
}

simStore.subscribe((state, previous) => {
  if (state.lesson !== previous.lesson) adopt(state.lesson);
});
