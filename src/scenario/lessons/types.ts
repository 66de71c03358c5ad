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
  predict?: LessonPredict;
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
