/**
 * The main thread's handle on the simulation: one interface over two transports — a real Web
 * Worker in the app, and an in-process runner for tests (boardgame.io's Local transport idea).
 */
import type { Command, RecordView, ScenarioSpec } from '../engine';
import type { RecordedCommand } from '../scenario/doc';
import type { FromWorker, ToWorker } from './protocol';
import { createRunner } from './runner';

export interface Transport {
  send(msg: ToWorker): void;
  onMessage(listener: (msg: FromWorker) => void): void;
  close(): void;
}

/** The app's transport: the engine runs in a module Web Worker. */
export function createWorkerTransport(): Transport {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'streamscope-sim' });
  return {
    send: (msg) => worker.postMessage(msg),
    onMessage: (listener) => worker.addEventListener('message', (e: MessageEvent<FromWorker>) => listener(e.data)),
    close: () => worker.terminate(),
  };
}

/**
 * A transport that runs the engine on the calling thread; `frame(wallMs)` plays the part of the
 * worker's frame loop. Messages are cloned as postMessage would.
 */
export function createInProcessTransport(): Transport & { frame(wallMs: number): void } {
  const runner = createRunner();
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
  load(scenario: ScenarioSpec, seed: number, opts?: { playing?: boolean; speed?: number; commands?: RecordedCommand[]; playheadMs?: number }): void;
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
  close(): void;
}

export function createSimClient(transport: Transport): SimClient {
  let nextId = 1;
  const waiting = new Map<number, (msg: FromWorker) => void>();
  const tickListeners: ((msg: Extract<FromWorker, { type: 'tick' }>) => void)[] = [];
  const errorListeners: ((message: string) => void)[] = [];
  transport.onMessage((msg) => {
    if (msg.type === 'tick') for (const l of tickListeners) l(msg);
    else if (msg.type === 'loadError') for (const l of errorListeners) l(msg.message);
    else {
      const resolve = waiting.get(msg.id);
      waiting.delete(msg.id);
      resolve?.(msg);
    }
  });
  const request = <T extends FromWorker>(build: (id: number) => ToWorker): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (msg: FromWorker) => void);
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
      }),
    command: (command) => request<Extract<FromWorker, { type: 'commandResult' }>>((id) => ({ type: 'command', id, command })),
    play: () => transport.send({ type: 'play' }),
    pause: () => transport.send({ type: 'pause' }),
    setSpeed: (speed) => transport.send({ type: 'setSpeed', speed }),
    step: () => transport.send({ type: 'step' }),
    advance: (ms) => transport.send({ type: 'advance', ms }),
    cancelAdvance: () => transport.send({ type: 'cancelAdvance' }),
    seek: (timeMs) => transport.send({ type: 'seek', timeMs }),
    stepBack: () => transport.send({ type: 'stepBack' }),
    readRecords: async (topic, partition, fromOffset, maxRecords) =>
      (await request<Extract<FromWorker, { type: 'records' }>>((id) => ({ type: 'readRecords', id, topic, partition, fromOffset, maxRecords }))).records,
    onTick: (l) => tickListeners.push(l),
    onLoadError: (l) => errorListeners.push(l),
    close: () => transport.close(),
  };
}
