/**
 * The store: a projection of what the engine reported (latest snapshot, recent events, chart
 * history) plus pure UI state (selection, playback, colour mode). Actions only send commands to
 * the worker; none changes simulation state locally (STYLE.md §5).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { RECORD_TRAFFIC_EVENTS } from '../engine';
import type { Command, CommandResult, KafkaErrorInfo, RecordView, ScenarioSpec, SimEvent, Snapshot } from '../engine';
import type { FromWorker, HistoryInfo } from '../worker/protocol';
import { TRAFFIC_EVENTS_PER_TICK } from '../worker/protocol';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../scenario/builtin';
import { SCENARIO_FORMAT_VERSION } from '../scenario/doc';
import type { LessonRef, ScenarioDoc } from '../scenario/doc';
import type { LessonSelection } from '../scenario/lessons/types';
import type { Fault, SimClient } from '../worker/sim-client';
import { appendJump } from './event-log';
import type { JumpReport } from './event-log';
import { appendSample } from './series';
import type { SeriesPoint } from './series';

export type { SeriesPoint } from './series';
/** The playback speeds the worker accepts (the speed menu and the + / − shortcuts step through them). */
export { SPEEDS } from '../worker/protocol';
export type { HistoryMark, RecordedCommand } from '../scenario/doc';

/** How many events the event log keeps (cluster events; record traffic is kept separately). */
export const EVENT_LOG_LIMIT = 500;
/** How many record-traffic events the event log keeps. */
const TRAFFIC_LOG_LIMIT = TRAFFIC_EVENTS_PER_TICK;

/** What the inspector shows (defined with the lessons, which can point at it; the store may import scenario types). */
export type Selection = LessonSelection;

/** An event with a sequence number unique within the run (a stable React key). */
export interface LoggedEvent {
  seq: number;
  event: SimEvent;
}

export interface SimState {
  snapshot: Snapshot | null;
  /** Cluster events (everything but record traffic), newest last. */
  events: LoggedEvent[];
  /** Record traffic (appends, replication, high watermark, acks, consumption, commits), newest last. */
  traffic: LoggedEvent[];
  /** Chart history. */
  series: readonly SeriesPoint[];
  /** Fast-forwards of this run, oldest first, each with its events counted by type (the event log sums them up). */
  jumps: readonly JumpReport[];
  playing: boolean;
  speed: number;
  /** A fast-forward in progress. */
  fastForward: { fromMs: number; toMs: number } | null;
  /** The wall time (performance.now()) the latest tick arrived: the animation interpolates from it. */
  tickWallMs: number;
  /** Simulated time of the latest tick, even when `snapshot` is held back for rendering (see `connect`). */
  liveTimeMs: number;
  loadError: string | null;
  /** The last command the engine rejected, with Kafka's exception name. */
  lastError: (KafkaErrorInfo & { command: string }) | null;
  selection: Selection | null;
  /** The topic the log view shows (null: the first non-internal topic). */
  viewedTopic: string | null;
  /** How record dots are coloured. */
  colorBy: 'key' | 'partition';
  /** prefers-reduced-motion, or the user's choice: no flying dots, instant updates. */
  reducedMotion: boolean;
  /** Show Kafka's internal topics (__consumer_offsets) in lists. */
  showInternal: boolean;
  helpOpen: boolean;
  /** The loaded scenario's name, for the top bar. */
  scenarioName: string | null;
  /** The time-travel timeline: how far this branch goes, checkpoints, marks, recorded commands. */
  history: HistoryInfo | null;
  /** How far this branch goes; published with the snapshot (so it moves ten times a second while streaming). */
  historyEndMs: number;
  /** Set after acting in the past: from when the old future was discarded, and how many later actions went with it. */
  branchNotice: { fromMs: number; commands: number } | null;
  /** The lesson this run belongs to (kept in share links). */
  lesson: LessonRef | null;
  /** A loaded run being replayed before it opens (`fastForward` has the progress): the moment it opens at. */
  opening: { playheadMs: number } | null;
  /** The simulation failed (an engine bug) and was restarted: what happened and what was kept. */
  fault: FaultReport | null;
  /** Playing slower than the chosen speed: the cluster is more than this machine can simulate that fast. */
  lagging: boolean;
}

/** What the page says after an engine fault. */
export interface FaultReport {
  /** The error, as the engine threw it (`RangeError: …`). */
  message: string;
  /** What the simulation was doing. */
  during: Fault['during'];
  /** Simulated time the simulation had reached when it failed (the last tick's when unknown). */
  atMs: number;
  /** The run as kept: reloaded paused at its playhead, the last moment the page saw — and what to report. */
  kept: ScenarioDoc | null;
  /** The kept run failed again while it was being reopened: the default scenario was loaded instead. */
  fellBack: boolean;
  /** Nothing could be restarted (even the default scenario failed): the page says to reload. */
  givenUp: boolean;
}

export const initialState: SimState = {
  snapshot: null,
  events: [],
  traffic: [],
  series: [],
  jumps: [],
  playing: true,
  speed: 1,
  fastForward: null,
  tickWallMs: 0,
  liveTimeMs: 0,
  loadError: null,
  lastError: null,
  selection: null,
  viewedTopic: null,
  colorBy: 'partition',
  reducedMotion: false,
  showInternal: false,
  helpOpen: false,
  scenarioName: null,
  history: null,
  historyEndMs: 0,
  branchNotice: null,
  lesson: null,
  opening: null,
  fault: null,
  lagging: false,
};

/** UI preferences that survive a reset. */
const PREFERENCES = ['speed', 'colorBy', 'reducedMotion', 'showInternal'] as const;

export const simStore = createStore<SimState>()(() => ({ ...initialState }));

/**
 * React hook over the store with a selector. Views use the named hooks in `hooks.ts` instead (one
 * per piece of state), which are built on this.
 */
export function useSimStore<T>(selector: (s: SimState) => T): T {
  return useStore(simStore, selector);
}

/** One worker tick as `onTick` hands it over: the snapshot and every event since the last tick. */
export type Tick = Extract<FromWorker, { type: 'tick' }>;
type TickListener = (tick: Tick, wallMs: number) => void;

let client: SimClient | null = null;
/** Least wall time between two published snapshots (0: every tick). */
let renderIntervalMs = 0;
let lastPublishWallMs = Number.NEGATIVE_INFINITY;
let heldTick: Tick | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let loaded: { scenario: ScenarioSpec; seed: number } | null = null;
let nextSeq = 0;
/** Numbers each load, so a tick of an earlier load (still on its way from the worker) is not shown under the new one's name. */
let loadId = 0;
/**
 * While a run reopened after a fault is replaying: a second fault then means the kept run itself
 * fails ('kept' → load the default scenario), and a third that nothing runs ('default' → give up).
 */
let recovering: 'kept' | 'default' | null = null;
const tickListeners = new Set<TickListener>();

/** The wall clock the store stamps ticks with (the animation interpolates between ticks). */
const wallNow = (): number => (typeof performance !== 'undefined' ? performance.now() : 0);

/**
 * Every tick as it arrives, with all its events (the event log keeps only the newest). The record
 * animation listens here; returns an unsubscribe function.
 */
export function onTick(listener: TickListener): () => void {
  tickListeners.add(listener);
  return () => tickListeners.delete(listener);
}

function appendLogged(list: LoggedEvent[], add: LoggedEvent[], limit: number): LoggedEvent[] {
  if (add.length === 0) return list;
  const joined = list.concat(add);
  return joined.length > limit ? joined.slice(joined.length - limit) : joined;
}

/** Publishes a held-back snapshot (the last tick before a pause must not stay hidden). */
function flushHeld(): void {
  flushTimer = null;
  if (!heldTick) return;
  const tick = heldTick;
  heldTick = null;
  lastPublishWallMs = wallNow();
  simStore.setState({ snapshot: tick.snapshot, historyEndMs: tick.historyEndMs });
}

function receive(tick: Tick): void {
  if (tick.loadId !== loadId) return; // the load before the latest one
  if (recovering && tick.opening === null) recovering = null; // reopened: the next fault is a new one
  const wallMs = wallNow();
  const cluster: LoggedEvent[] = [];
  const traffic: LoggedEvent[] = [];
  for (const event of tick.events) (RECORD_TRAFFIC_EVENTS.has(event.type) ? traffic : cluster).push({ seq: nextSeq++, event });
  const before = simStore.getState();
  // The DOM follows the cluster at most every renderIntervalMs while records stream (the record
  // animation runs every frame on its own); anything a person did or should notice shows at once.
  const publish =
    renderIntervalMs === 0 ||
    tick.rewound ||
    wallMs - lastPublishWallMs >= renderIntervalMs ||
    cluster.length > 0 ||
    !tick.playing ||
    tick.playing !== before.playing ||
    tick.speed !== before.speed ||
    (tick.fastForward === null) !== (before.fastForward === null);
  if (publish) {
    lastPublishWallMs = wallMs;
    heldTick = null;
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
  } else {
    heldTick = tick;
    flushTimer ??= setTimeout(flushHeld, Math.max(0, renderIntervalMs - (wallMs - lastPublishWallMs)));
  }
  simStore.setState((s) => ({
    ...(publish ? { snapshot: tick.snapshot, historyEndMs: tick.historyEndMs } : {}),
    // The timeline (marks, commands) comes only when it changed; its end comes with every tick.
    ...(tick.history ? { history: tick.history } : {}),
    playing: tick.playing,
    speed: tick.speed,
    fastForward: tick.fastForward,
    opening: tick.opening,
    lagging: tick.lagging,
    tickWallMs: wallMs,
    liveTimeMs: tick.snapshot.timeMs,
    // After a jump (seek, step back, load) the log is the one the worker rebuilt, not an extension.
    events: appendLogged(tick.rewound ? [] : s.events, cluster, EVENT_LOG_LIMIT),
    traffic: appendLogged(tick.rewound ? [] : s.traffic, traffic.length > TRAFFIC_LOG_LIMIT ? traffic.slice(-TRAFFIC_LOG_LIMIT) : traffic, TRAFFIC_LOG_LIMIT),
    // A jump (a load, a seek) starts the charts over: a sample of the previous scenario must not stay in them.
    series: appendSample(tick.rewound ? [] : s.series, tick.snapshot, tick.speed),
    jumps: appendJump(tick.rewound ? [] : s.jumps, tick.jump),
  }));
  for (const l of tickListeners) l(tick, wallMs);
}

function preferences(): Partial<SimState> {
  const s = simStore.getState();
  return Object.fromEntries(PREFERENCES.map((k) => [k, s[k]]));
}

/**
 * Wires a client (worker or in-process) to the store and loads a scenario. `renderIntervalMs`
 * (the app uses 100) lets a busy cluster re-render the DOM ten times a second instead of every
 * frame; tests use 0, every tick.
 */
export function connect(
  c: SimClient,
  scenario: ScenarioSpec,
  seed: number,
  options: { renderIntervalMs?: number; doc?: ScenarioDoc; playing?: boolean } = {},
): void {
  client = c;
  renderIntervalMs = options.renderIntervalMs ?? 0;
  c.onTick(receive);
  c.onLoadError((message) => simStore.setState({ loadError: message }));
  c.onFault(recover);
  if (options.doc) loadDoc(options.doc, { playing: options.playing ?? false });
  else loadScenario(scenario, seed, { playing: options.playing ?? true });
}

/** Starts a scenario from T+0 with no recorded commands (a built-in, a blank cluster, a lesson's start). */
export function loadScenario(scenario: ScenarioSpec, seed: number, opts: { playing?: boolean; lesson?: LessonRef | null } = {}): void {
  loadDoc(
    { v: SCENARIO_FORMAT_VERSION, seed, scenario, commands: [], playheadMs: 0, ...(opts.lesson ? { lesson: opts.lesson } : {}) },
    { playing: opts.playing ?? true },
  );
}

/**
 * Loads a whole doc (a share URL, a saved file): the worker replays its commands at their
 * positions and opens at its playhead, so the same history appears event for event.
 */
export function loadDoc(doc: ScenarioDoc, opts: { playing?: boolean; replay?: 'all' | 'toPlayhead' } = {}): void {
  if (!client) return;
  loaded = { scenario: doc.scenario, seed: doc.seed };
  nextSeq = 0;
  loadId++;
  lastPublishWallMs = Number.NEGATIVE_INFINITY;
  heldTick = null;
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  simStore.setState({
    ...initialState,
    ...preferences(),
    // A fault's report stays while its run is being reopened; any other load starts without one.
    fault: recovering ? simStore.getState().fault : null,
    scenarioName: doc.scenario.name ?? null,
    lesson: doc.lesson ?? null,
  });
  client.load(doc.scenario, doc.seed, {
    playing: opts.playing ?? true,
    speed: simStore.getState().speed,
    commands: doc.commands,
    playheadMs: doc.playheadMs,
    loadId,
    ...(opts.replay ? { replay: opts.replay } : {}),
  });
}

/**
 * After an engine fault: a fresh worker, and the run reopened, paused, at the last moment the page
 * saw (replayed only that far: the fault lies after it). Should the kept run fail again on the way,
 * the default scenario is loaded instead; should that fail too, the page stops restarting and says
 * to reload. The report stays on screen (and offers the run as a link or a file) until dismissed.
 */
function recover(f: Fault): void {
  if (!client) return;
  const s = simStore.getState();
  const atMs = f.atMs >= 0 ? f.atMs : s.liveTimeMs;
  const base = { message: f.message, during: f.during, atMs };
  if (recovering === 'default') {
    simStore.setState({ fault: { ...base, kept: s.fault?.kept ?? null, fellBack: true, givenUp: true }, playing: false, fastForward: null, opening: null });
    return;
  }
  client.restart();
  if (recovering === 'kept') {
    // The kept run fails before it reopens: start the default scenario, keeping the first report's run for the link.
    recovering = 'default';
    simStore.setState({ fault: { ...base, kept: s.fault?.kept ?? null, fellBack: true, givenUp: false } });
    loadScenario(DEFAULT_SCENARIO, DEFAULT_SEED, { playing: false });
    return;
  }
  const doc = currentDoc();
  const kept = doc && { ...doc, playheadMs: Math.min(doc.playheadMs, atMs) };
  recovering = 'kept';
  simStore.setState({ fault: { ...base, kept, fellBack: false, givenUp: false } });
  if (kept) loadDoc(kept, { playing: false, replay: 'toPlayhead' });
}

export const dismissFault = (): void => simStore.setState({ fault: null });
/** A test seam (see `injectFault` in the protocol): makes the simulation fail as an engine bug would. */
export const injectFault = (where: 'message' | 'frame'): void => client?.injectFault(where);

/** What is on screen as a doc: the scenario, its seed, every recorded command and the playhead. */
export function currentDoc(): ScenarioDoc | null {
  if (!loaded) return null;
  const s = simStore.getState();
  return {
    v: SCENARIO_FORMAT_VERSION,
    seed: loaded.seed,
    scenario: loaded.scenario,
    commands: s.history?.commands ?? [],
    playheadMs: s.liveTimeMs,
    ...(s.lesson ? { lesson: s.lesson } : {}),
  };
}

// Actions: each sends one message; the simulation part of the store changes only when the engine answers.
export const play = (): void => client?.play();
export const pause = (): void => client?.pause();
export const togglePlay = (): void => (simStore.getState().playing ? pause() : play());
export const setSpeed = (speed: number): void => client?.setSpeed(speed);
export const stepEvent = (): void => client?.step();
/** Runs simulated time forward by `ms` (spread over frames in the worker; progress shows in `fastForward`). */
export const advance = (ms: number): void => client?.advance(ms);
export const cancelFastForward = (): void => client?.cancelAdvance();
/** Time travel: go to a simulated time of this run. */
export const seekTo = (timeMs: number): void => client?.seek(timeMs);
/** Time travel: go back one event. */
export const stepBack = (): void => client?.stepBack();
export const dismissBranchNotice = (): void => simStore.setState({ branchNotice: null });
/** The lesson this run belongs to (and its step), kept in share links. */
export const setLesson = (lesson: LessonRef | null): void => simStore.setState({ lesson });

// Pure UI state.
export const select = (selection: Selection | null): void => simStore.setState({ selection });
export const viewTopic = (topic: string): void => simStore.setState({ viewedTopic: topic });
export const dismissError = (): void => simStore.setState({ lastError: null });
export const setColorBy = (colorBy: SimState['colorBy']): void => simStore.setState({ colorBy });
export const setReducedMotion = (reducedMotion: boolean): void => simStore.setState({ reducedMotion });
export const setShowInternal = (showInternal: boolean): void => simStore.setState({ showInternal });
export const setHelpOpen = (helpOpen: boolean): void => simStore.setState({ helpOpen });

/** Restarts the loaded scenario from time 0 with the same seed (recorded commands are dropped). */
export function reset(): void {
  if (!loaded) return;
  loadScenario(loaded.scenario, loaded.seed, { playing: true, lesson: simStore.getState().lesson });
}

type BranchListener = (before: ScenarioDoc, discarded: { fromMs: number; commands: number }) => void;
const branchListeners = new Set<BranchListener>();
/** Called when a command discarded the recorded future, with the run as it was before (for Undo). */
export function onBranch(listener: BranchListener): () => void {
  branchListeners.add(listener);
  return () => branchListeners.delete(listener);
}

/** Sends a command to the engine; a rejection is kept for the UI to show in Kafka's words. */
export async function sendCommand(command: Command): Promise<CommandResult> {
  if (!client) return { ok: false, error: { name: 'InvalidRequestException', message: 'The simulation is not running.' } };
  // Acting in the past discards the recorded future: keep the run as it was, for Undo.
  const before = simStore.getState().liveTimeMs < simStore.getState().historyEndMs ? currentDoc() : null;
  const answer = await client.command(command);
  const result = answer.result;
  simStore.setState({
    lastError: result.ok ? null : { name: result.error.name as KafkaErrorInfo['name'], message: result.error.message, command: command.type },
    ...(answer.discarded ? { branchNotice: answer.discarded } : {}),
  });
  if (answer.discarded && before) for (const l of branchListeners) l(before, answer.discarded);
  return result;
}

/** Reads records from a partition's leader (the record inspector). */
export async function readRecords(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<RecordView[]> {
  return client ? client.readRecords(topic, partition, fromOffset, maxRecords) : [];
}
