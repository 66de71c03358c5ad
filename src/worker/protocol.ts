/**
 * Every message between the main thread and the simulation worker. Plain, structured-clone-safe data.
 */
import type { Command, CommandResult, RecordView, ScenarioSpec, SimEvent, Snapshot } from '../engine';

export type ToWorker =
  | { type: 'load'; scenario: ScenarioSpec; seed: number; playing: boolean; speed: number }
  | { type: 'command'; id: number; command: Command }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'setSpeed'; speed: number }
  /** Run one scheduled engine task (the "step one event" button). */
  | { type: 'step' }
  /** Run simulated time forward (fast-forward, "step 1 s"); long runs are spread over frames. */
  | { type: 'advance'; ms: number }
  /** Stop a fast-forward where it is. */
  | { type: 'cancelAdvance' }
  | { type: 'readRecords'; id: number; topic: string; partition: number; fromOffset: number; maxRecords: number };

export type FromWorker =
  | {
      type: 'tick';
      snapshot: Snapshot;
      events: SimEvent[];
      playing: boolean;
      speed: number;
      /** A fast-forward in progress: simulated ms it started from and where it is going. */
      fastForward: { fromMs: number; toMs: number } | null;
      /** Events the runner left out of `events` because a frame had too many (the snapshot still counts them). */
      droppedEvents: number;
    }
  | { type: 'commandResult'; id: number; result: CommandResult }
  | { type: 'records'; id: number; records: RecordView[] }
  | { type: 'loadError'; message: string };

/** Speeds offered by the UI (simulated ms per wall ms). */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 50, 100, 1000] as const;
