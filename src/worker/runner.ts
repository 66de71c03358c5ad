/**
 * What the worker does, without the worker: holds one simulation and its history, advances it
 * against wall-clock time × speed, travels in time, and batches events and a snapshot at most once
 * per frame. Pure apart from the clocks it is handed, so tests drive it with fake ones.
 */
import { createSimulation, RECORD_TRAFFIC_EVENTS } from '../engine';
import type { SimEvent, SimEventType, Simulation } from '../engine';
import { History } from './history';
import type { FaultContext, FromWorker, HistoryInfo, JumpReport, ToWorker } from './protocol';

/** Simulated time a single frame may cover while playing, so a slow frame cannot snowball (ms). */
const MAX_SIM_MS_PER_FRAME = 60_000;
/** Events kept per frame for the UI; counts beyond this are still in the snapshot. */
const MAX_EVENTS_PER_FRAME = 2_000;
/** Longest fast-forward one command may ask for (31 days). */
const MAX_ADVANCE_MS = 31 * 86_400_000;
/** Simulated time run between looks at the wall clock during a fast-forward. */
const ADVANCE_CHUNK_MS = 5_000;
/** Wall time a frame may spend simulating — a fast-forward before it posts progress, or playing (ms). */
const ADVANCE_BUDGET_MS = 40;

export interface RunnerOptions {
  /**
   * A wall clock for fast-forward budgeting. Without one, a fast-forward completes within the
   * frame that handles it (tests); with one, it is spread over frames so progress can be shown.
   */
  now?: () => number;
  /** Simulated ms between time-travel checkpoints to start with (default 2 s). */
  checkpointIntervalMs?: number;
  /**
   * Record-traffic events (appends, replication, acks, consumption) a tick carries at most: the
   * newest. The page keeps only that many and animates from the snapshot, so the worker sends no
   * more (`TRAFFIC_EVENTS_PER_TICK`); cluster events always go. Default: all of them.
   */
  maxTrafficEventsPerTick?: number;
  /** Records the engine keeps in full (default `DEFAULT_RECORD_BUDGET`); tests set a small one to see payloads dropped. */
  recordBudget?: number;
}

export interface Runner {
  handle(msg: ToWorker, wallMs: number): FromWorker[];
  /** Called once per frame: advances the simulation (playing, or a fast-forward) and returns the frame's tick. */
  frame(wallMs: number): FromWorker | null;
}

export function createRunner(options: RunnerOptions = {}): Runner {
  const now = options.now;
  let sim: Simulation | null = null;
  let history: History | null = null;
  let playing = false;
  let speed = 1;
  let lastWallMs = 0;
  let carryMs = 0; // fractional simulated ms not yet run
  /** The last playing frame fell short of its target (the machine cannot keep up with the speed). */
  let lagging = false;
  let dirty = true;
  let pending: SimEvent[] = [];
  const maxTraffic = options.maxTrafficEventsPerTick ?? Number.POSITIVE_INFINITY;
  let pendingTraffic = 0;
  let dropped = 0;
  let rewound = false;
  let sentVersion = -1;
  let fastForward: { fromMs: number; toMs: number } | null = null;
  /** Events of each type reported during the fast-forward in progress, counted before any is left out of a tick. */
  let jumpCounts: Partial<Record<SimEventType, number>> | null = null;
  let jumpDone: JumpReport | null = null;
  /** A loaded run being replayed (as a fast-forward from T+0): where it opens once the replay is done. */
  let opening: { playheadMs: number } | null = null;
  let loadId = 0;
  /** `injectFault` asked for a failure in the next frame. */
  let faultNextFrame = false;

  /**
   * Ends the fast-forward in progress; `report` false when what it did is being replaced (seek, load).
   * A replay of a loaded run stopped early opens where it got to: the link's later actions stay
   * ahead on the timeline and happen when time reaches them.
   */
  const endFastForward = (report: boolean): void => {
    if (fastForward && jumpCounts && sim && report && !opening) {
      jumpDone = { fromMs: fastForward.fromMs, toMs: sim.nowMs, counts: jumpCounts, stopped: sim.nowMs < fastForward.toMs };
    }
    fastForward = null;
    jumpCounts = null;
    opening = null;
  };

  /** What the runner is doing, for a fault report. */
  const context = (): FaultContext => (opening ? 'opening' : fastForward ? 'fast-forward' : 'play');

  /**
   * The engine threw: a bug. The simulation may be half-changed, so it is dropped (nothing more
   * runs or answers until the next load) and the page is told in words; it keeps the run as it last
   * saw it and restarts the worker with it.
   */
  const fail = (e: unknown, during: FaultContext): FromWorker => {
    const atMs = sim?.nowMs ?? 0;
    sim = null;
    history = null;
    playing = false;
    fastForward = null;
    opening = null;
    jumpCounts = null;
    faultNextFrame = false;
    pending = [];
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { type: 'fault', message, atMs, during };
  };

  /** Keeps every cluster event and the newest `maxTraffic` record-traffic events, in order. */
  const trimTraffic = (): void => {
    let keep = maxTraffic;
    const kept: SimEvent[] = [];
    for (let i = pending.length - 1; i >= 0; i--) {
      const e = pending[i]!;
      if (RECORD_TRAFFIC_EVENTS.has(e.type)) {
        if (keep === 0) {
          dropped++;
          continue;
        }
        keep--;
      }
      kept.push(e);
    }
    pending = kept.reverse();
    pendingTraffic = maxTraffic - keep;
  };

  const push = (events: SimEvent[]): void => {
    if (events.length === 0) return;
    dirty = true;
    if (jumpCounts) for (const e of events) jumpCounts[e.type] = (jumpCounts[e.type] ?? 0) + 1;
    if (Number.isFinite(maxTraffic)) {
      for (const e of events) if (RECORD_TRAFFIC_EVENTS.has(e.type)) pendingTraffic++;
    }
    pending = pending.concat(events);
    // Trimmed in batches (amortised): a busy frame appends thousands of traffic events.
    if (pendingTraffic > 2 * maxTraffic) trimTraffic();
    if (pending.length > MAX_EVENTS_PER_FRAME) {
      dropped += pending.length - MAX_EVENTS_PER_FRAME;
      pending = pending.slice(-MAX_EVENTS_PER_FRAME);
    }
  };

  /** The log after a jump: it replaces what the UI had. */
  const replace = (events: SimEvent[]): void => {
    pending = [];
    pendingTraffic = 0;
    dropped = 0;
    rewound = true;
    dirty = true;
    push(events);
  };

  const historyInfo = (h: History): HistoryInfo => ({
    endMs: h.endMs,
    endTask: h.endTask,
    checkpointsMs: h.checkpointTimes,
    marks: h.marks,
    commands: h.commands,
    checkpointBytes: h.checkpointBytes,
    checkpointBudgetBytes: h.memoryBudgetBytes,
  });

  const tick = (): FromWorker | null => {
    if (!sim || !history || !dirty) return null;
    if (pendingTraffic > maxTraffic) trimTraffic();
    const msg: FromWorker = {
      type: 'tick',
      snapshot: sim.snapshot(),
      events: pending,
      playing,
      speed,
      fastForward,
      droppedEvents: dropped,
      rewound,
      historyEndMs: history.endMs,
      opening,
      loadId,
      lagging: lagging && playing,
    };
    if (history.version !== sentVersion) {
      msg.history = historyInfo(history);
      sentVersion = history.version;
    }
    if (jumpDone) msg.jump = jumpDone;
    jumpDone = null;
    pending = [];
    pendingTraffic = 0;
    dropped = 0;
    rewound = false;
    dirty = false;
    return msg;
  };

  /** Runs the fast-forward in chunks until it is done or the frame's budget is spent. */
  const runFastForward = (): void => {
    if (!sim || !history || !fastForward) return;
    const deadline = now ? now() + ADVANCE_BUDGET_MS : Number.POSITIVE_INFINITY;
    while (sim.nowMs < fastForward.toMs) {
      push(history.record(Math.min(fastForward.toMs, sim.nowMs + ADVANCE_CHUNK_MS), deadline));
      if (now && now() > deadline) break;
    }
    if (sim.nowMs >= fastForward.toMs) {
      const open = opening;
      endFastForward(true);
      // The whole recorded run is known now (the timeline shows it); open at the playhead.
      if (open && sim.nowMs > open.playheadMs) replace(history.seek(open.playheadMs));
    }
    dirty = true;
  };

  const inner = {
    handle(msg: ToWorker, wallMs: number): FromWorker[] {
      switch (msg.type) {
        case 'load': {
          faultNextFrame = false;
          loadId = msg.loadId ?? 0;
          try {
            sim = createSimulation(msg.scenario, { seed: msg.seed, recordBudget: options.recordBudget });
          } catch (e) {
            return [{ type: 'loadError', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }];
          }
          const h = new History(sim, { now, checkpointIntervalMs: options.checkpointIntervalMs });
          history = h;
          playing = msg.playing;
          speed = msg.speed;
          lastWallMs = wallMs;
          carryMs = 0;
          pending = [];
          dropped = 0;
          endFastForward(false);
          jumpDone = null;
          sentVersion = -1;
          const commands = msg.commands ?? [];
          // Loaded before anything runs, so actions recorded between two tasks of T+0 replay at their position.
          if (commands.length > 0) h.load(commands);
          push(h.drive(0));
          // Replay the whole recorded history once (so the timeline knows it), then open at the playhead —
          // in slices, like a fast-forward, so a long run shows its progress and can be stopped.
          const playhead = Math.max(0, Math.min(MAX_ADVANCE_MS, Math.floor(msg.playheadMs ?? 0)));
          const lastCommandMs = msg.replay === 'toPlayhead' ? 0 : (h.commands.at(-1)?.atMs ?? 0); // load sorted them by time
          const end = Math.min(MAX_ADVANCE_MS, Math.max(playhead, lastCommandMs));
          if (end > sim.nowMs) {
            fastForward = { fromMs: sim.nowMs, toMs: end };
            jumpCounts = {};
            opening = { playheadMs: playhead };
            if (!now) runFastForward();
          }
          rewound = true;
          dirty = true;
          return [tick()!];
        }
        case 'command': {
          if (!sim || !history) return [];
          endFastForward(true);
          const { result, recorded, discarded, events } = history.apply(msg.command);
          push(events);
          dirty = true;
          return [{ type: 'commandResult', id: msg.id, result, recorded, discarded }];
        }
        case 'play':
          playing = true;
          lastWallMs = wallMs;
          dirty = true;
          return [];
        case 'pause':
          playing = false;
          lagging = false;
          dirty = true;
          return [];
        case 'setSpeed':
          if (Number.isFinite(msg.speed) && msg.speed > 0 && msg.speed <= 1000) speed = msg.speed;
          lagging = false;
          dirty = true;
          return [];
        case 'step':
          if (fastForward || !history) return [];
          push(history.stepOne());
          dirty = true;
          return [];
        case 'advance':
          // While a loaded run replays, a fast-forward waits for it (Stop first opens it where it got to).
          if (sim && !opening && Number.isFinite(msg.ms) && msg.ms > 0) {
            const from = fastForward ? fastForward.fromMs : sim.nowMs;
            const base = fastForward ? fastForward.toMs : sim.nowMs;
            fastForward = { fromMs: from, toMs: base + Math.min(Math.floor(msg.ms), MAX_ADVANCE_MS) };
            jumpCounts ??= {};
            if (!now) runFastForward();
          }
          dirty = true;
          return [];
        case 'cancelAdvance':
          endFastForward(true);
          dirty = true;
          return [];
        case 'seek':
          if (!history || !Number.isFinite(msg.timeMs)) return [];
          endFastForward(false);
          jumpDone = null;
          carryMs = 0;
          replace(history.seek(Math.min(msg.timeMs, MAX_ADVANCE_MS)));
          return [];
        case 'stepBack':
          if (!history) return [];
          endFastForward(false);
          jumpDone = null;
          replace(history.stepBack());
          return [];
        case 'readRecords':
          return [{ type: 'records', id: msg.id, records: sim ? sim.readRecords(msg.topic, msg.partition, msg.fromOffset, msg.maxRecords) : [] }];
        case 'injectFault':
          if (!sim) return [];
          if (msg.where === 'frame') {
            faultNextFrame = true;
            return [];
          }
          throw new Error('A fault injected for a test (injectFault) while handling a message.');
      }
    },
    frame(wallMs: number): FromWorker | null {
      if (faultNextFrame) throw new Error('A fault injected for a test (injectFault) during a frame.');
      if (sim && history && fastForward) {
        runFastForward();
      } else if (sim && history && playing) {
        const elapsed = Math.max(0, wallMs - lastWallMs);
        carryMs += Math.min(elapsed * speed, MAX_SIM_MS_PER_FRAME);
        const whole = Math.floor(carryMs);
        if (whole > 0) {
          const target = sim.nowMs + whole;
          // At most a frame's budget of work, whatever the speed: a cluster heavier than this machine can
          // run at this speed falls behind real time instead of making every frame longer (and commands —
          // Pause, Kill broker — wait for the frame). The backlog is forgotten, not chased.
          push(history.record(target, now ? now() + ADVANCE_BUDGET_MS : Number.POSITIVE_INFINITY));
          const behind = sim.nowMs < target;
          carryMs = behind ? 0 : carryMs - whole;
          lagging = behind;
          dirty = true;
        }
      }
      lastWallMs = wallMs;
      return tick();
    },
  };

  /** What a message makes the runner do, for a fault report. */
  const contextOf = (msg: ToWorker): FaultContext =>
    msg.type === 'load' ? 'load' : msg.type === 'seek' || msg.type === 'stepBack' ? 'time travel' : msg.type === 'command' ? 'command' : context();

  // Every entry point is guarded: an engine bug becomes a `fault` message, never a silent stop.
  return {
    handle(msg, wallMs) {
      try {
        return inner.handle(msg, wallMs);
      } catch (e) {
        return [fail(e, contextOf(msg))];
      }
    },
    frame(wallMs) {
      if (!sim) return null;
      try {
        return inner.frame(wallMs);
      } catch (e) {
        return fail(e, context());
      }
    },
  };
}
