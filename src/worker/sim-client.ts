/**
 * The main thread's handle on the simulation: one interface over two transports — a real Web
 * Worker in the app, and an in-process runner for tests (boardgame.io's Local transport idea).
 */
import type { Command, RecordView, ScenarioSpec } from '../engine';
import type { RecordedCommand } from '../scenario/doc';
import type { FromWorker, ToWorker } from './protocol';
import { createRunner } from './runner';
import type { RunnerOptions } from './runner';

export interface Transport {
  send(msg: ToWorker): void;
  onMessage(listener: (msg: FromWorker) => void): void;
  /** Throws the simulation away and starts a fresh one (after a fault); listeners stay. */
  restart(): void;
  close(): void;
}

/** The app's transport: the engine runs in a module Web Worker. */
export function createWorkerTransport(): Transport {
  const listeners: ((msg: FromWorker) => void)[] = [];
  const deliver = (msg: FromWorker) => {
    for (const l of listeners) l(msg);
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'streamscope-sim' });
    w.addEventListener('message', (e: MessageEvent<FromWorker>) => deliver(e.data));
    // An error the worker did not catch (the runner catches the engine's), or a message it could not
    // read: the simulation cannot be trusted any more, so it is reported like an engine fault.
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      deliver({ type: 'fault', message: e.message || 'The simulation worker stopped with an error.', atMs: -1, during: 'worker' });
    });
    w.addEventListener('messageerror', () =>
      deliver({ type: 'fault', message: 'A message from the simulation worker could not be read.', atMs: -1, during: 'worker' }),
    );
    return w;
  };
  let worker = start();
  return {
    send: (msg) => worker.postMessage(msg),
    onMessage: (listener) => listeners.push(listener),
    restart: () => {
      worker.terminate();
      worker = start();
    },
    close: () => worker.terminate(),
  };
}

/**
 * A transport that runs the engine on the calling thread; `frame(wallMs)` plays the part of the
 * worker's frame loop. Messages are cloned as postMessage would.
 */
export function createInProcessTransport(options: RunnerOptions = {}): Transport & { frame(wallMs: number): void } {
  let runner = createRunner(options);
  const listeners: ((msg: FromWorker) => void)[] = [];
  let wall = 0;
  const deliver = (msg: FromWorker) => {
    const copy = structuredClone(msg);
    for (const l of listeners) l(copy);
  };
  return {
    send: (msg) => {
      for (const reply of runner.handle(structuredClone(msg), wall)) deliver(reply);
    },
    onMessage: (listener) => listeners.push(listener),
    restart: () => {
      runner = createRunner(options);
    },
    close: () => (listeners.length = 0),
    frame: (wallMs) => {
      wall = wallMs;
      const tick = runner.frame(wallMs);
      if (tick) deliver(tick);
    },
  };
}

/** Request/response helpers on top of a transport. */
export interface SimClient {
  load(
    scenario: ScenarioSpec,
    seed: number,
    opts?: { playing?: boolean; speed?: number; commands?: RecordedCommand[]; playheadMs?: number; replay?: 'all' | 'toPlayhead'; loadId?: number },
  ): void;
  command(command: Command): Promise<Extract<FromWorker, { type: 'commandResult' }>>;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  step(): void;
  advance(ms: number): void;
  cancelAdvance(): void;
  seek(timeMs: number): void;
  stepBack(): void;
  readRecords(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<RecordView[]>;
  onTick(listener: (msg: Extract<FromWorker, { type: 'tick' }>) => void): void;
  onLoadError(listener: (message: string) => void): void;
  /** The simulation failed (an engine bug, or the worker died): requests waiting for an answer were answered with a failure. */
  onFault(listener: (fault: Fault) => void): void;
  /** Starts a fresh simulation worker (after a fault); load a run into it next. */
  restart(): void;
  /** A test seam: makes the simulation fail as an engine bug would (`injectFault`). */
  injectFault(where: 'message' | 'frame'): void;
  close(): void;
}

export type Fault = Extract<FromWorker, { type: 'fault' }>;

/** How a request still waiting is answered when the simulation fails. */
const FAILED: Record<'command' | 'records', (id: number, fault: Fault) => FromWorker> = {
  command: (id, fault) => ({
    type: 'commandResult',
    id,
    // Kafka's "The server experienced an unexpected error when processing the request."
    result: { ok: false, error: { name: 'UnknownServerException', message: `The simulator failed before answering (${fault.message}).` } },
    recorded: null,
    discarded: null,
  }),
  records: (id) => ({ type: 'records', id, records: [] }),
};

export function createSimClient(transport: Transport): SimClient {
  let nextId = 1;
  const waiting = new Map<number, { kind: 'command' | 'records'; resolve: (msg: FromWorker) => void }>();
  const tickListeners: ((msg: Extract<FromWorker, { type: 'tick' }>) => void)[] = [];
  const errorListeners: ((message: string) => void)[] = [];
  const faultListeners: ((fault: Fault) => void)[] = [];
  transport.onMessage((msg) => {
    if (msg.type === 'tick') for (const l of tickListeners) l(msg);
    else if (msg.type === 'loadError') for (const l of errorListeners) l(msg.message);
    else if (msg.type === 'fault') {
      // Nothing waiting will be answered now: answer it with the failure, so no action hangs.
      const left = [...waiting];
      waiting.clear();
      for (const [id, w] of left) w.resolve(FAILED[w.kind](id, msg));
      for (const l of faultListeners) l(msg);
    } else {
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      w?.resolve(msg);
    }
  });
  const request = <T extends FromWorker>(kind: 'command' | 'records', build: (id: number) => ToWorker): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, { kind, resolve: resolve as (msg: FromWorker) => void });
      transport.send(build(id));
    });
  return {
    load: (scenario, seed, opts) =>
      transport.send({
        type: 'load',
        scenario,
        seed,
        playing: opts?.playing ?? true,
        speed: opts?.speed ?? 1,
        ...(opts?.commands ? { commands: opts.commands } : {}),
        ...(opts?.playheadMs !== undefined ? { playheadMs: opts.playheadMs } : {}),
        ...(opts?.replay ? { replay: opts.replay } : {}),
        ...(opts?.loadId !== undefined ? { loadId: opts.loadId } : {}),
      }),
    command: (command) => request<Extract<FromWorker, { type: 'commandResult' }>>('command', (id) => ({ type: 'command', id, command })),
    play: () => transport.send({ type: 'play' }),
    pause: () => transport.send({ type: 'pause' }),
    setSpeed: (speed) => transport.send({ type: 'setSpeed', speed }),
    step: () => transport.send({ type: 'step' }),
    advance: (ms) => transport.send({ type: 'advance', ms }),
    cancelAdvance: () => transport.send({ type: 'cancelAdvance' }),
    seek: (timeMs) => transport.send({ type: 'seek', timeMs }),
    stepBack: () => transport.send({ type: 'stepBack' }),
    readRecords: async (topic, partition, fromOffset, maxRecords) =>
      (await request<Extract<FromWorker, { type: 'records' }>>('records', (id) => ({ type: 'readRecords', id, topic, partition, fromOffset, maxRecords })))
        .records,
    onTick: (l) => tickListeners.push(l),
    onLoadError: (l) => errorListeners.push(l),
    onFault: (l) => faultListeners.push(l),
    restart: () => transport.restart(),
    injectFault: (where) => transport.send({ type: 'injectFault', where }),
    close: () => transport.close(),
  };
}
