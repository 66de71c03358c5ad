/**
 * The store: a projection of what the engine reported (latest snapshot, recent events) plus pure UI
 * state (selection, playback). Actions only send commands to the worker; none changes simulation
 * state locally (STYLE.md §5).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Command, CommandResult, KafkaErrorInfo, ScenarioSpec, SimEvent, Snapshot } from '../engine';
import type { SimClient } from '../worker/sim-client';

/** How many events the event log keeps. */
export const EVENT_LOG_LIMIT = 500;

export type Selection = { kind: 'broker'; id: number } | { kind: 'partition'; topic: string; partition: number } | { kind: 'producer'; id: string };

export interface SimState {
  snapshot: Snapshot | null;
  /** Newest last. */
  events: SimEvent[];
  playing: boolean;
  speed: number;
  loadError: string | null;
  /** The last command the engine rejected, with Kafka's exception name. */
  lastError: (KafkaErrorInfo & { command: string }) | null;
  selection: Selection | null;
}

export const initialState: SimState = { snapshot: null, events: [], playing: true, speed: 1, loadError: null, lastError: null, selection: null };

export const simStore = createStore<SimState>()(() => ({ ...initialState }));

/** React hook over the store; pass a module-level selector. */
export function useSimStore<T>(selector: (s: SimState) => T): T {
  return useStore(simStore, selector);
}

let client: SimClient | null = null;
let loaded: { scenario: ScenarioSpec; seed: number } | null = null;

/** Wires a client (worker or in-process) to the store and loads a scenario. */
export function connect(c: SimClient, scenario: ScenarioSpec, seed: number): void {
  client = c;
  loaded = { scenario, seed };
  simStore.setState({ ...initialState });
  c.onTick((tick) => {
    simStore.setState((s) => ({
      snapshot: tick.snapshot,
      playing: tick.playing,
      speed: tick.speed,
      events: tick.events.length === 0 ? s.events : s.events.concat(tick.events).slice(-EVENT_LOG_LIMIT),
    }));
  });
  c.onLoadError((message) => simStore.setState({ loadError: message }));
  c.load(scenario, seed, { playing: true, speed: 1 });
}

// Actions: each sends one message; the store changes only when the engine answers.
export const play = (): void => client?.play();
export const pause = (): void => client?.pause();
export const togglePlay = (): void => (simStore.getState().playing ? pause() : play());
export const setSpeed = (speed: number): void => client?.setSpeed(speed);
export const stepEvent = (): void => client?.step();
export const advance = (ms: number): void => client?.advance(ms);
export const select = (selection: Selection | null): void => simStore.setState({ selection });
export const dismissError = (): void => simStore.setState({ lastError: null });

/** Restarts the loaded scenario from time 0 with the same seed. */
export function reset(): void {
  if (!client || !loaded) return;
  simStore.setState({ ...initialState, speed: simStore.getState().speed });
  client.load(loaded.scenario, loaded.seed, { playing: true, speed: simStore.getState().speed });
}

/** Sends a command to the engine; a rejection is kept for the UI to show in Kafka's words. */
export async function sendCommand(command: Command): Promise<CommandResult> {
  if (!client) return { ok: false, error: { name: 'InvalidRequestException', message: 'The simulation is not running.' } };
  const result = await client.command(command);
  simStore.setState({ lastError: result.ok ? null : { name: result.error.name as KafkaErrorInfo['name'], message: result.error.message, command: command.type } });
  return result;
}
