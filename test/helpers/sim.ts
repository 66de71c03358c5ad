/**
 * Running a simulation in a test and reading it back: events of one type, advancing while
 * collecting events, a partition's state and its leader's log.
 */
import type { SimEvent, SimEventType, Simulation } from '../../src/engine';
import type { Log } from '../../src/engine/kafka/log';
import type { Sim } from '../../src/engine/state';

/** Events of one type, typed. */
export function ofType<T extends SimEventType>(events: readonly SimEvent[], type: T): Extract<SimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

/**
 * Advances `ms` in steps of `stepMs`, calling `onStep` after each, and returns every event drained.
 * NOTE drains the simulation's events.
 */
export function advanceCollect(sim: Simulation, ms: number, stepMs = ms, onStep?: (events: SimEvent[]) => void): SimEvent[] {
  const out: SimEvent[] = [];
  const end = sim.nowMs + ms;
  while (sim.nowMs < end) {
    sim.advance(Math.min(stepMs, end - sim.nowMs));
    const batch = sim.drainEvents();
    for (const e of batch) out.push(e);
    onStep?.(batch);
  }
  return out;
}

/** Advances until `predicate` holds on a drained event (checked every `stepMs`), up to `maxMs`. */
export function advanceUntilEvent(sim: Simulation, predicate: (e: SimEvent) => boolean, maxMs: number, stepMs = 10, sink?: SimEvent[]): SimEvent | undefined {
  const end = sim.nowMs + maxMs;
  while (sim.nowMs < end) {
    sim.advance(Math.min(stepMs, end - sim.nowMs));
    const batch = sim.drainEvents();
    if (sink) sink.push(...batch);
    const hit = batch.find(predicate);
    if (hit) return hit;
  }
  return undefined;
}

/** The partition's state, or throws. */
export function partitionOf(sim: Simulation | Sim, topic: string, index: number) {
  const s = 'state' in sim ? sim.state : sim;
  const p = s.partitions[`${topic}-${index}`];
  if (!p) throw new Error(`no partition ${topic}-${index}`);
  return p;
}

/** The current leader's log of a partition. */
export function leaderLog(sim: Simulation | Sim, topic: string, index: number): Log {
  const p = partitionOf(sim, topic, index);
  if (p.leader < 0) throw new Error(`${topic}-${index} is offline`);
  return p.logs[p.leader]!.log;
}
