/**
 * Time travel for the runner: the commands of this branch at their exact positions, checkpoints
 * to restore, and the marks the timeline lanes show. Pure bookkeeping over the engine's headless
 * API; no Kafka rule lives here.
 */
import { estimateStateBytes, RECORD_TRAFFIC_EVENTS } from '../engine';
import type { SimCheckpoint, SimEvent, Simulation } from '../engine';
import type { HistoryMark, RecordedCommand } from '../scenario/doc';
import { laneOf } from '../store/event-lanes';

/** How many cluster events a checkpoint keeps, so the event log survives a seek. */
const RECENT_EVENTS = 300;
/** Most events one drive or seek hands back (the runner forwards at most 2,000 per frame anyway). */
const MAX_RETURNED_EVENTS = 5_000;
/** Most marks kept for the lanes (oldest dropped first). */
const MAX_MARKS = 3_000;
/** Most checkpoints kept; beyond it the closest-spaced are dropped (seeks get slower, memory stays bounded). */
const MAX_CHECKPOINTS = 160;
/**
 * Most memory all checkpoints may hold together (estimated: each one's state copy plus 8 bytes per
 * batch reference it added). A busy cluster's checkpoint holds ~7 MB (9 brokers, 72 partitions,
 * 20,000 records/s), so 256 MB keeps ~36 of them — a seek then replays at most about 1/18 of the
 * run's work — while the default scenario's (~0.35 MB) never reach it. Beyond it checkpoints are
 * thinned like beyond MAX_CHECKPOINTS: seeks get slower, memory stays bounded.
 */
export const HISTORY_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;
/**
 * Heap a record held in full costs (measured on the busy scenario: 1.2 million records, 186 MB, batch
 * objects and replicas' references included). Once the engine slims old records (`slimming.ts`), a
 * checkpoint taken before is the last holder of their full batches: it is charged for them.
 */
const FULL_RECORD_BYTES = 160;
/** A checkpoint's state copy is measured once every this many checkpoints (the walk costs half as much as taking one); the others are charged the last measure. */
const MEASURE_EVERY = 8;
/** Wall time of simulation work after which a checkpoint is due, so no seek replays much more than this. */
const REPLAY_BUDGET_MS = 120;
/** Work per step of `record` aimed at (ms), and the longest step (simulated ms). */
const STEP_WORK_MS = 20;
const MIN_STEP_MS = 100;
const MAX_STEP_MS = 60_000;
/** Simulation work between two checkpoints, at least, in multiples of what taking one costs (so checkpoints cost at most ~10%). */
const CHECKPOINT_SHARE = 10;

interface Checkpoint {
  cp: SimCheckpoint;
  /** Index of the first recorded command not yet applied at this checkpoint. */
  nextCommand: number;
  recent: SimEvent[];
  /** Where it lies for spacing: simulation work (wall ms) since the first checkpoint, or simulated ms without a wall clock. */
  at: number;
  /** Estimated memory it holds: its state copy and the batch references it added (8 bytes each). */
  bytes: number;
  /** The engine's count of slimmed records when it was taken, and of records then held in full. */
  slimmedAt: number;
  fullAt: number;
}

/** The mark an event leaves on the lanes (`EVENT_LANES`), if it is one a person would look for. */
function markFor(event: SimEvent, task: number): HistoryMark | null {
  const spot = laneOf(event);
  return spot && { timeMs: event.timeMs, task, ...spot, event };
}

export interface HistoryOptions {
  now?: () => number;
  /** Simulated ms between checkpoints (with a wall clock, only once the work since the last one outweighs taking one). */
  checkpointIntervalMs?: number;
  /** Most memory all checkpoints may hold together (default {@link HISTORY_MEMORY_BUDGET_BYTES}); tests set a small one. */
  memoryBudgetBytes?: number;
}

/**
 * One branch of a run. `drive` is the only way the runner moves the simulation forward, so
 * recorded commands are re-applied at their positions however time is advanced.
 */
export class History {
  commands: RecordedCommand[] = [];
  marks: HistoryMark[] = [];
  /** The furthest position this branch has reached. */
  endMs = 0;
  endTask = 0;
  /** Bumped whenever something the timeline shows changes (so ticks carry it only then). */
  version = 0;
  private nextCommand = 0;
  private checkpoints: Checkpoint[] = [];
  private recent: SimEvent[] = [];
  private intervalMs: number;
  private readonly now: (() => number) | undefined;
  /** Wall time spent simulating since the last checkpoint. */
  private workSinceCheckpointMs = 0;
  /** Wall time the last checkpoint took. */
  private checkpointCostMs = 0;
  /** Simulated ms per step of `record`, adapted to the work a step costs. */
  private stepMs = 1_000;
  private readonly budgetBytes: number;
  /** The last measured state copy (bytes), and how many checkpoints have been taken. */
  private stateBytes = 0;
  private taken = 0;

  constructor(
    private readonly sim: Simulation,
    options: HistoryOptions = {},
  ) {
    this.now = options.now;
    this.intervalMs = options.checkpointIntervalMs ?? 2_000;
    this.budgetBytes = options.memoryBudgetBytes ?? HISTORY_MEMORY_BUDGET_BYTES;
    this.takeCheckpoint();
  }

  /** Commands of this branch still ahead of the simulation. */
  get pendingCommands(): number {
    return this.commands.length - this.nextCommand;
  }

  get checkpointTimes(): number[] {
    return this.checkpoints.map((c) => c.cp.nowMs);
  }

  /** Estimated memory all checkpoints hold together (kept within the memory budget). */
  get checkpointBytes(): number {
    return this.checkpoints.reduce((n, c) => n + c.bytes, 0) + FULL_RECORD_BYTES * this.pinnedRecords();
  }

  /** Of {@link checkpointBytes}: old records' full batches that only checkpoints still hold, the engine having slimmed them. */
  get pinnedBytes(): number {
    return FULL_RECORD_BYTES * this.pinnedRecords();
  }

  /**
   * Records whose full batches only checkpoints still hold, the one at `skip` left out: the engine
   * slims records oldest first, so a checkpoint taken when `slimmedAt` had been slimmed, holding
   * `fullAt` in full, holds the ones slimmed since among the next `fullAt` — an interval of that
   * order, and checkpoints in time order have ordered intervals; their union is what they pin.
   */
  private pinnedRecords(skip = -1): number {
    const now = this.sim.state.memory.recordsSlimmed;
    let pinned = 0;
    let end = 0;
    this.checkpoints.forEach((c, i) => {
      if (i === skip) return;
      const to = Math.min(c.slimmedAt + c.fullAt, now);
      const from = Math.max(c.slimmedAt, end);
      if (to > from) pinned += to - from;
      end = Math.max(end, to);
    });
    return pinned;
  }

  /** Most memory all checkpoints may hold together. */
  get memoryBudgetBytes(): number {
    return this.budgetBytes;
  }

  /** How many checkpoints the budget lets this run keep, judged by their average size so far. */
  private get capacity(): number {
    const average = this.checkpointBytes / Math.max(1, this.checkpoints.length);
    return Math.max(2, Math.min(MAX_CHECKPOINTS, Math.floor(this.budgetBytes / Math.max(1, average))));
  }

  /** Installs recorded commands (a loaded doc) before anything has run. */
  load(commands: RecordedCommand[]): void {
    // By time only, and stable: a migrated v1 link or a lesson script says "after every task due
    // at atMs" (afterTask = MAX_SAFE_INTEGER) and must keep its order among real positions.
    this.commands = [...commands].sort((a, b) => a.atMs - b.atMs);
    this.nextCommand = 0;
    this.version++;
  }

  /**
   * Runs simulated time to `targetMs`, applying recorded commands at their positions. Returns the
   * events that happened (drained from the engine). NOTE mutates the simulation.
   */
  drive(targetMs: number): SimEvent[] {
    const started = this.now?.() ?? 0;
    const out: SimEvent[] = [];
    for (;;) {
      const next = this.commands[this.nextCommand];
      if (!next || next.atMs > targetMs) break;
      this.applyRecorded(next);
      this.collect(out);
    }
    // advance(0) still runs the tasks due now (the same as a fresh run to this time would).
    if (targetMs >= this.sim.nowMs) this.sim.advance(targetMs - this.sim.nowMs);
    this.collect(out);
    if (this.now) this.workSinceCheckpointMs += this.now() - started;
    return out;
  }

  /**
   * Runs to `targetMs` like `drive`, taking checkpoints as they come due. With a wall clock it moves
   * in steps of about STEP_WORK_MS of work (the step adapts to how heavy the cluster is), so a
   * checkpoint is never more than a step late: a busy cluster covers a second of simulated time in
   * hundreds of milliseconds, and a seek would otherwise replay all of it. How time is chunked never
   * changes the history. Stops early (before `targetMs`) once the wall clock passes `deadline`.
   */
  record(targetMs: number, deadline = Number.POSITIVE_INFINITY): SimEvent[] {
    if (!this.now) {
      const out = this.drive(targetMs);
      this.maybeCheckpoint();
      return out;
    }
    let out: SimEvent[] = [];
    do {
      const started = this.now();
      const events = this.drive(Math.min(targetMs, this.sim.nowMs + this.stepMs));
      out = out.length === 0 ? events : out.concat(events);
      this.maybeCheckpoint();
      const workMs = this.now() - started;
      this.stepMs = Math.max(MIN_STEP_MS, Math.min(MAX_STEP_MS, Math.round(this.stepMs * (workMs > 0 ? Math.min(4, STEP_WORK_MS / workMs) : 4))));
    } while (this.sim.nowMs < targetMs && this.now() < deadline);
    return out;
  }

  /** Runs exactly one task (applying a command due at this position first). */
  stepOne(): SimEvent[] {
    const out: SimEvent[] = [];
    const next = this.commands[this.nextCommand];
    if (next && next.afterTask <= this.sim.tasksRun) {
      this.applyRecorded(next);
    } else {
      this.sim.step();
    }
    this.collect(out);
    return out;
  }

  /**
   * Applies a person's command now. Acting in the past discards the old future (commands, marks
   * and checkpoints after this position); returns what was discarded so the UI can say so.
   */
  apply(command: RecordedCommand['command']): {
    result: ReturnType<Simulation['apply']>;
    recorded: RecordedCommand;
    discarded: { fromMs: number; commands: number } | null;
    events: SimEvent[];
  } {
    const position = { afterTask: this.sim.tasksRun, atMs: this.sim.nowMs };
    let discarded: { fromMs: number; commands: number } | null = null;
    if (this.endTask > position.afterTask || this.endMs > position.atMs || this.nextCommand < this.commands.length) {
      const dropped = this.commands.length - this.nextCommand;
      discarded = { fromMs: position.atMs, commands: dropped };
      this.commands.length = this.nextCommand;
      this.marks = this.marks.filter((m) => m.task <= position.afterTask && m.timeMs <= position.atMs);
      this.checkpoints = this.checkpoints.filter((c) => c.cp.tasksRun <= position.afterTask);
      this.endMs = position.atMs;
      this.endTask = position.afterTask;
    }
    const recorded: RecordedCommand = { ...position, command };
    const result = this.sim.apply(command);
    this.commands.push(recorded);
    this.nextCommand = this.commands.length;
    const events: SimEvent[] = [];
    this.collect(events, true);
    this.version++;
    return { result, recorded, discarded, events };
  }

  /**
   * Goes to simulated time `timeMs` of this branch: restores the nearest checkpoint at or before
   * it and replays. Returns the event log as it stood (recent events before the checkpoint plus
   * the replay).
   */
  seek(timeMs: number): SimEvent[] {
    const target = Math.max(0, Math.floor(timeMs));
    const cp = this.restoreBefore((c) => c.cp.nowMs <= target);
    return cp.recent.concat(this.drive(target));
  }

  /** Goes back one task (one event step). Returns the event log as it stood. */
  stepBack(): SimEvent[] {
    const target = Math.max(0, this.sim.tasksRun - 1);
    const cp = this.restoreBefore((c) => c.cp.tasksRun <= target);
    const out = [...cp.recent];
    for (;;) {
      const next = this.commands[this.nextCommand];
      if (!next || next.afterTask > target) break;
      this.applyRecorded(next);
      this.collect(out);
    }
    this.sim.runTo(target);
    this.collect(out);
    return out;
  }

  /**
   * Runs to a recorded command's position and applies it; a command recorded as "after every task
   * due at atMs" gets its exact position now, so stepping and re-sharing stay exact.
   */
  private applyRecorded(next: RecordedCommand): void {
    this.sim.runTo(next.afterTask, next.atMs);
    if (next.afterTask !== this.sim.tasksRun) {
      this.commands[this.nextCommand] = { ...next, afterTask: this.sim.tasksRun };
      this.version++;
    }
    this.sim.apply(next.command);
    this.nextCommand++;
  }

  /** Call after the simulation moved: takes a checkpoint when one is due. */
  private maybeCheckpoint(): void {
    const last = this.checkpoints.at(-1);
    if (last && this.sim.tasksRun <= last.cp.tasksRun) return;
    // Due after REPLAY_BUDGET_MS of work (a busy cluster), so a seek never replays much more than that —
    // or, once a long run has more work than the checkpoints it may keep (MAX_CHECKPOINTS, fewer when
    // they are large: the memory budget) have such gaps, after its even share, so no checkpoint is
    // taken only to be thinned away; and every intervalMs of simulated time, but only
    // once the work since the last one is worth CHECKPOINT_SHARE times what taking it cost: a quiet
    // cluster fast-forwarding a week would otherwise spend most of its time copying itself.
    const work = this.workSinceCheckpointMs;
    const byWork = last !== undefined && this.now !== undefined && work >= Math.max(REPLAY_BUDGET_MS, last.at / this.capacity);
    const due = !last || byWork || (this.sim.nowMs - last.cp.nowMs >= this.intervalMs && work >= CHECKPOINT_SHARE * this.checkpointCostMs);
    if (due) this.takeCheckpoint();
  }

  private restoreBefore(ok: (c: Checkpoint) => boolean): Checkpoint {
    let chosen = this.checkpoints[0]!;
    for (const c of this.checkpoints) if (ok(c)) chosen = c;
    this.sim.restore(chosen.cp);
    this.sim.drainEvents();
    this.nextCommand = chosen.nextCommand;
    this.recent = [...chosen.recent];
    return chosen;
  }

  private takeCheckpoint(): void {
    const work = this.workSinceCheckpointMs;
    this.workSinceCheckpointMs = 0;
    const started = this.now?.() ?? 0;
    const cp = this.sim.checkpoint();
    if (this.now) this.checkpointCostMs = this.now() - started;
    const index = this.checkpoints.findIndex((c) => c.cp.tasksRun > cp.tasksRun);
    const before = this.checkpoints[index < 0 ? this.checkpoints.length - 1 : index - 1];
    const at = this.now ? (before ? before.at + work : 0) : cp.nowMs;
    // The state copy is measured now and then (a walk costs half a checkpoint; a cluster's state grows
    // slowly), the others are charged the last measure; the first few all are, as a cluster grows fastest as it starts.
    if (this.taken < MEASURE_EVERY || this.taken % MEASURE_EVERY === 0) this.stateBytes = estimateStateBytes(cp);
    this.taken++;
    const bytes = this.stateBytes + 8 * cp.sharedBatches;
    const { recordsSlimmed: slimmedAt, fullRecords: fullAt } = cp.state.memory;
    const entry = { cp, nextCommand: this.nextCommand, recent: [...this.recent], at, bytes, slimmedAt, fullAt };
    if (index < 0) this.checkpoints.push(entry);
    else this.checkpoints.splice(index, 0, entry);
    // Over budget (count or memory): drop the checkpoint whose neighbours lie closest together (never
    // the first or the newest), so they stay evenly spread and no seek replays much more than any
    // other; memory stays bounded. Over the memory budget while checkpoints pin slimmed records, first
    // the one whose going frees the most of them.
    let weight = this.checkpointBytes;
    while (this.checkpoints.length > 2 && (this.checkpoints.length > MAX_CHECKPOINTS || weight > this.budgetBytes)) {
      const gap = (j: number) => this.checkpoints[j + 1]!.at - this.checkpoints[j - 1]!.at;
      let drop = 1;
      let freed = 0;
      const pinned = weight > this.budgetBytes ? this.pinnedRecords() : 0;
      for (let i = 1; pinned > 0 && i < this.checkpoints.length - 1; i++) {
        const f = pinned - this.pinnedRecords(i);
        if (f > freed) [drop, freed] = [i, f];
      }
      if (freed === 0) for (let i = 2; i < this.checkpoints.length - 1; i++) if (gap(i) < gap(drop)) drop = i;
      this.checkpoints.splice(drop, 1);
      weight = this.checkpointBytes;
    }
    // Not a timeline change by itself: the faint checkpoint ticks update with the next mark or command
    // (posting the whole timeline after every checkpoint would cost a busy cluster its frame rate).
  }

  /** Drains the engine's events into `out`, keeping the recent cluster events and new marks. */
  private collect(out: SimEvent[], isNew = false): void {
    const events = this.sim.drainEvents();
    if (events.length === 0) {
      this.extendEnd();
      return;
    }
    // New history (beyond the branch's end) leaves marks; replaying known history does not.
    const fresh = isNew || this.sim.tasksRun > this.endTask;
    const endMsBefore = this.endMs;
    // A long replay can produce millions of events; the UI shows the newest few thousand.
    if (out.length + events.length > MAX_RETURNED_EVENTS * 2) out.splice(0, Math.max(0, out.length + events.length - MAX_RETURNED_EVENTS));
    for (const e of events) {
      out.push(e);
      if (RECORD_TRAFFIC_EVENTS.has(e.type)) continue;
      this.recent.push(e);
      if (fresh && (isNew || e.timeMs >= endMsBefore)) {
        const mark = markFor(e, this.sim.tasksRun);
        if (mark) {
          this.marks.push(mark);
          this.version++;
        }
      }
    }
    if (this.recent.length > RECENT_EVENTS * 2) this.recent = this.recent.slice(-RECENT_EVENTS);
    if (this.marks.length > MAX_MARKS) this.marks = this.marks.slice(-MAX_MARKS);
    this.extendEnd();
  }

  private extendEnd(): void {
    if (this.sim.tasksRun > this.endTask || this.sim.nowMs > this.endMs) {
      this.endTask = Math.max(this.endTask, this.sim.tasksRun);
      this.endMs = Math.max(this.endMs, this.sim.nowMs);
    }
  }
}
