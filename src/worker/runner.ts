/**
 * What the worker does, without the worker: holds one simulation, advances it against wall-clock
 * time × speed, and batches events and a snapshot at most once per frame. Pure apart from the
 * wall clock it is handed, so tests drive it with a fake clock.
 */
import { createSimulation } from '../engine';
import type { SimEvent, Simulation } from '../engine';
import type { FromWorker, ToWorker } from './protocol';

/** Simulated time a single frame may cover, so a slow frame cannot snowball (ms). */
const MAX_SIM_MS_PER_FRAME = 60_000;
/** Events kept per frame for the UI; counts beyond this are still in the snapshot. */
const MAX_EVENTS_PER_FRAME = 2_000;

export interface Runner {
  handle(msg: ToWorker, wallMs: number): FromWorker[];
  /** Called once per frame: advances the simulation if playing and returns the frame's tick. */
  frame(wallMs: number): FromWorker | null;
}

export function createRunner(): Runner {
  let sim: Simulation | null = null;
  let playing = false;
  let speed = 1;
  let lastWallMs = 0;
  let carryMs = 0; // fractional simulated ms not yet run
  let dirty = true;
  let pending: SimEvent[] = [];

  const collect = (): void => {
    if (!sim) return;
    const events = sim.drainEvents();
    if (events.length > 0) dirty = true;
    pending = pending.length + events.length > MAX_EVENTS_PER_FRAME ? pending.concat(events).slice(-MAX_EVENTS_PER_FRAME) : pending.concat(events);
  };

  const tick = (): FromWorker | null => {
    if (!sim || !dirty) return null;
    const msg: FromWorker = { type: 'tick', snapshot: sim.snapshot(), events: pending, playing, speed };
    pending = [];
    dirty = false;
    return msg;
  };

  return {
    handle(msg, wallMs) {
      switch (msg.type) {
        case 'load':
          try {
            sim = createSimulation(msg.scenario, { seed: msg.seed });
          } catch (e) {
            return [{ type: 'loadError', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }];
          }
          playing = msg.playing;
          speed = msg.speed;
          lastWallMs = wallMs;
          carryMs = 0;
          pending = [];
          dirty = true;
          collect();
          return [tick()!];
        case 'command': {
          if (!sim) return [];
          const result = sim.apply(msg.command);
          collect();
          dirty = true;
          return [{ type: 'commandResult', id: msg.id, result }];
        }
        case 'play':
          playing = true;
          lastWallMs = wallMs;
          dirty = true;
          return [];
        case 'pause':
          playing = false;
          dirty = true;
          return [];
        case 'setSpeed':
          if (Number.isFinite(msg.speed) && msg.speed > 0 && msg.speed <= 1000) speed = msg.speed;
          dirty = true;
          return [];
        case 'step':
          sim?.step();
          collect();
          dirty = true;
          return [];
        case 'advance':
          if (sim && Number.isFinite(msg.ms) && msg.ms > 0) sim.advance(Math.min(msg.ms, 31 * 86_400_000));
          collect();
          dirty = true;
          return [];
        case 'readRecords':
          return [{ type: 'records', id: msg.id, records: sim ? sim.readRecords(msg.topic, msg.partition, msg.fromOffset, msg.maxRecords) : [] }];
      }
    },
    frame(wallMs) {
      if (sim && playing) {
        const elapsed = Math.max(0, wallMs - lastWallMs);
        carryMs += Math.min(elapsed * speed, MAX_SIM_MS_PER_FRAME);
        const whole = Math.floor(carryMs);
        if (whole > 0) {
          sim.advance(whole);
          carryMs -= whole;
          dirty = true;
          collect();
        }
      }
      lastWallMs = wallMs;
      return tick();
    },
  };
}
