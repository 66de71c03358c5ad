/**
 * Every message between the main thread and the simulation worker. Plain, structured-clone-safe data.
 */
import type { Command, CommandResult, RecordView, ScenarioSpec, SimEvent, SimEventType, Snapshot } from '../engine';
import type { HistoryMark, RecordedCommand } from '../scenario/doc';

/** What the time-travel timeline shows: how far this branch goes, its checkpoints, marks and commands. */
export interface HistoryInfo {
  endMs: number;
  endTask: number;
  checkpointsMs: number[];
  marks: HistoryMark[];
  commands: RecordedCommand[];
  /** Estimated memory the checkpoints hold, and the budget they are thinned to stay within. */
  checkpointBytes: number;
  checkpointBudgetBytes: number;
}

export type ToWorker =
  /**
   * Starts a scenario; with `commands`, replays them at their positions and opens at `playheadMs`.
   * The replay runs in slices (ticks show its progress; `cancelAdvance` stops it where it is).
   * `replay: 'toPlayhead'` replays only up to the playhead, leaving later commands ahead (a run
   * kept after a fault: its end may be where the fault was). Ticks carry `loadId` back, so a page
   * can tell the ticks of this load from those of the one before.
   */
  | {
      type: 'load';
      scenario: ScenarioSpec;
      seed: number;
      playing: boolean;
      speed: number;
      commands?: RecordedCommand[];
      playheadMs?: number;
      replay?: 'all' | 'toPlayhead';
      loadId?: number;
    }
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
  /** Time travel: go to a simulated time of this run (restore a checkpoint, replay). */
  | { type: 'seek'; timeMs: number }
  /** Time travel: go back one event. */
  | { type: 'stepBack' }
  | { type: 'readRecords'; id: number; topic: string; partition: number; fromOffset: number; maxRecords: number }
  /**
   * A test seam: makes the runner fail as an engine bug would — at once (`'message'`, as a throwing
   * command does) or in the next frame (`'frame'`, as a throw while playing does) — so the recovery
   * path can be exercised in a real browser. It only breaks the page's own simulation.
   */
  | { type: 'injectFault'; where: 'message' | 'frame' };

/**
 * A fast-forward that ended (reached its target, or stopped by "Stop" or a command): the simulated
 * time it covered and how many events of each type the engine reported in it — all of them, also
 * those a tick left out (`droppedEvents`), so the page can sum up a jump it could not list.
 */
export interface JumpReport {
  fromMs: number;
  toMs: number;
  counts: Partial<Record<SimEventType, number>>;
  /** Stopped before its target. */
  stopped: boolean;
}

/** Record-traffic events a tick carries at most (the newest); the event log keeps as many. */
export const TRAFFIC_EVENTS_PER_TICK = 300;

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
      /** The run jumped (a seek, a step back, a load): `events` replaces the event log instead of extending it. */
      rewound: boolean;
      /** How far this branch of history goes (later than the snapshot after a seek back). */
      historyEndMs: number;
      /** Present when the timeline changed since the last tick. */
      history?: HistoryInfo;
      /** Present when a fast-forward ended since the last tick. */
      jump?: JumpReport;
      /** While a loaded run is being replayed (then `fastForward` is its progress): the moment it opens at. */
      opening: { playheadMs: number } | null;
      /** The `loadId` of the load this tick belongs to (0 when the load had none). */
      loadId: number;
      /** Playing, the last frame could not simulate all the time its speed asked for: the clock runs slower than chosen. */
      lagging: boolean;
    }
  | {
      type: 'commandResult';
      id: number;
      result: CommandResult;
      /**
       * Where the command now sits in the history (it is recorded even when Kafka rejected it: replays
       * reject it too); null when the simulation failed before it could be applied.
       */
      recorded: RecordedCommand | null;
      /** Acting in the past discarded the old future from this time on. */
      discarded: { fromMs: number; commands: number } | null;
    }
  | { type: 'records'; id: number; records: RecordView[] }
  | { type: 'loadError'; message: string }
  /**
   * The engine threw (a bug): the runner has dropped its simulation and answers nothing until the
   * next load. `atMs` is the simulated time it had reached; `during` what it was doing.
   */
  | { type: 'fault'; message: string; atMs: number; during: FaultContext };

/** What the simulation was doing when it failed. */
export type FaultContext = 'load' | 'command' | 'play' | 'fast-forward' | 'opening' | 'time travel' | 'worker';

/** Speeds offered by the UI (simulated ms per wall ms). */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 50, 100, 1000] as const;
