/**
 * What a share URL or a saved file carries: a scenario, its seed, every command a person gave
 * (at its exact position in the history) and where the playhead stood. Replaying a doc gives the
 * same history, event for event (the engine is deterministic).
 */
import type { Command, ScenarioSpec, SimEvent } from '../engine';

/** The format written today; older versions are migrated on load (`migrations.ts`). */
export const SCENARIO_FORMAT_VERSION = 2;

/**
 * A command at its position in the history: after `afterTask` scheduler tasks, with the clock at
 * `atMs`. (A time alone is not enough: after a Step, a person can act between two tasks of the
 * same millisecond.)
 */
export interface RecordedCommand {
  atMs: number;
  afterTask: number;
  command: Command;
}

/** A lesson and the step it stood at. */
export interface LessonRef {
  id: string;
  step: number;
}

export interface ScenarioDoc {
  v: typeof SCENARIO_FORMAT_VERSION;
  seed: number;
  scenario: ScenarioSpec;
  /** In history order. */
  commands: RecordedCommand[];
  /** Simulated ms the viewer should open at. */
  playheadMs: number;
  lesson?: LessonRef;
}

/**
 * One mark on the time-travel lanes (Jepsen-style): the event, when, on which lane. The view words
 * it (the event log's sentence); the worker keeps no English.
 */
export interface HistoryMark {
  timeMs: number;
  /** Scheduler tasks run when it happened: seeking here shows the moment just after it. */
  task: number;
  lane: 'brokers' | 'producers' | 'groups' | 'faults';
  severity: 'info' | 'warning' | 'error';
  event: SimEvent;
}
