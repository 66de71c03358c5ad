/**
 * A lesson is data: a small scenario, a seed, and the steps a presenter walks through with
 * "Next". Each step narrates in Kafka's words and may run scripted commands, jump simulated time,
 * point the inspector somewhere, or pause for a "predict, then reveal" question.
 */
import type { Command, ScenarioSpec } from '../../engine';

/**
 * What the inspector shows (a lesson step can choose it). The store's `Selection` is this type
 * (defined here so `src/scenario` does not import the store).
 */
export type LessonSelection =
  | { kind: 'broker'; id: number }
  | { kind: 'topic'; topic: string }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'record'; topic: string; partition: number; offset: number }
  | { kind: 'producer'; id: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'consumer'; id: string };

/**
 * The views a lesson step can bring forward: the cluster, one of the dock's views under it, or the
 * inspector. Presentation mode shows the step's view full screen.
 */
export type LessonView = 'cluster' | 'topic' | 'timeline' | 'events' | 'charts' | 'inspector';

/** A "predict, then reveal" pause: the learner picks an answer before the lesson says what happens. */
export interface LessonPredict {
  question: string;
  choices: string[];
  /** Index into `choices` of the right answer. */
  answer: number;
  /** What really happens, and why (shown after Reveal). */
  reveal: string;
}

export interface LessonStep {
  title: string;
  /** 2–4 short sentences in plain words and Kafka's vocabulary (at most 400 characters). */
  narration: string;
  /** Sent in order, with `sendCommand`, when the presenter presses Next into this step. */
  actions?: Command[];
  /**
   * Set when this step's actions are meant to be refused: every action is rejected with this
   * Kafka exception name (e.g. `InvalidPartitionsException`), and the narration explains why.
   */
  expectError?: string;
  /** Then run this much simulated time at once (e.g. to let an election happen), in ms. */
  advanceMs?: number;
  /** Focus the inspector here. */
  select?: LessonSelection;
  /** Show this topic's partition logs. */
  viewTopic?: string;
  /**
   * A question for the learner. The simulation pauses once the step's actions have run and stays
   * paused until the answer is revealed, so the screen cannot give the answer away.
   */
  predict?: LessonPredict;
  /** The view the narration talks about (default: the cluster). */
  show?: LessonView;
  /** The `data-spot` of the element the narration talks about: scrolled into view and highlighted. */
  spot?: string;
  /** Zoom the topic's tapes out to each whole log (segments, gaps and deletions), instead of its newest offsets. */
  wholeLog?: boolean;
  /**
   * Words the spotlighted element shows while the step is on screen (the browser tests walk every
   * lesson and check each claim at the moment its step is displayed).
   */
  claim?: string;
  /**
   * Pause once the step's actions and `advanceMs` have run, so the screen keeps showing what the
   * narration describes; Next plays on.
   */
  hold?: boolean;
}

export interface Lesson {
  /** Kebab-case id, used in URLs: `#lesson=retention`. */
  id: string;
  title: string;
  /** The one question the lesson answers. */
  question: string;
  scenario: ScenarioSpec;
  seed: number;
  /** The first step is shown on start and has no actions; later steps are entered with Next. */
  steps: LessonStep[];
  /** Things to try once the lesson is over. */
  tryIt: string[];
}
