/**
 * The discrete-event queue (src/engine/clock.ts): a binary heap ordered by (atMs, seq), where seq
 * counts insertions, so tasks due at the same millisecond run in the order they were scheduled.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createQueue, peekTime, popTask, pushTask } from '../../src/engine/clock';
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec } from '../../src/engine';
import { ofType } from '../helpers/sim';

function drain<T>(q: ReturnType<typeof createQueue<T>>): { atMs: number; task: T }[] {
  const out: { atMs: number; task: T }[] = [];
  for (let e = popTask(q); e; e = popTask(q)) out.push({ atMs: e.atMs, task: e.task });
  return out;
}

describe('clock: golden orderings', () => {
  it('pops by time, and ties in insertion order', () => {
    const q = createQueue<string>();
    pushTask(q, 10, 'a');
    pushTask(q, 5, 'b');
    pushTask(q, 10, 'c');
    pushTask(q, 5, 'd');
    pushTask(q, 0, 'e');
    pushTask(q, 10, 'f');
    pushTask(q, 5, 'g');
    expect(peekTime(q)).toBe(0);
    expect(drain(q).map((e) => `${e.atMs}${e.task}`)).toEqual(['0e', '5b', '5d', '5g', '10a', '10c', '10f']);
    expect(peekTime(q)).toBeUndefined();
    expect(popTask(q)).toBeUndefined();
  });

  it('a thousand tasks at the same millisecond come out in the order they went in', () => {
    const q = createQueue<number>();
    for (let i = 0; i < 1000; i++) pushTask(q, 42, i);
    expect(drain(q).map((e) => e.task)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('tasks pushed while draining keep insertion order among equal times', () => {
    const q = createQueue<string>();
    pushTask(q, 1, 'x1');
    pushTask(q, 2, 'y1');
    const out: string[] = [];
    for (let e = popTask(q); e; e = popTask(q)) {
      out.push(e.task);
      if (e.task === 'x1') {
        pushTask(q, 2, 'y2');
        pushTask(q, 1, 'x2');
      }
    }
    expect(out).toEqual(['x1', 'x2', 'y1', 'y2']);
  });
});

describe('clock: property', () => {
  it('matches a stable sort by time for any interleaving of pushes and pops', () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 20 }) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = createQueue<number>();
        let model: { atMs: number; id: number }[] = [];
        let id = 0;
        for (const o of ops) {
          if ('push' in o) {
            pushTask(q, o.push, id);
            model.push({ atMs: o.push, id: id++ });
            model = model.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
          } else {
            const got = popTask(q);
            const want = model.shift();
            expect(got ? { atMs: got.atMs, id: got.task } : undefined).toEqual(want);
          }
          expect(peekTime(q)).toBe(model[0]?.atMs);
        }
      }),
    );
  });
});

describe('clock: in the simulation', () => {
  const scenario = (timeline: ScenarioSpec['timeline']): ScenarioSpec => ({
    cluster: { brokers: 3 },
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
    timeline,
  });

  it('timeline commands due at the same millisecond are applied in the order they were listed', () => {
    const sim = createSimulation(
      scenario([
        { atMs: 1000, command: { type: 'slowBroker', brokerId: 3, extraLatencyMs: 30 } },
        { atMs: 500, command: { type: 'slowBroker', brokerId: 1, extraLatencyMs: 10 } },
        { atMs: 1000, command: { type: 'slowBroker', brokerId: 2, extraLatencyMs: 20 } },
        { atMs: 1000, command: { type: 'slowBroker', brokerId: 1, extraLatencyMs: 40 } },
      ]),
      { seed: 1 },
    );
    sim.advance(2000);
    const slowed = ofType(sim.drainEvents(), 'brokerSlowed').map((e) => [e.timeMs, e.brokerId, e.extraLatencyMs]);
    expect(slowed).toEqual([
      [500, 1, 10],
      [1000, 3, 30],
      [1000, 2, 20],
      [1000, 1, 40],
    ]);
  });

  it('advance() moves the clock to exactly now + ms, running every task due up to then', () => {
    const sim = createSimulation(scenario([{ atMs: 250, command: { type: 'crashBroker', brokerId: 2 } }]), { seed: 1 });
    sim.advance(249);
    expect(sim.nowMs).toBe(249);
    expect(ofType(sim.drainEvents(), 'brokerCrashed')).toEqual([]);
    sim.advance(1);
    expect(sim.nowMs).toBe(250);
    expect(ofType(sim.drainEvents(), 'brokerCrashed')).toEqual([{ timeMs: 250, type: 'brokerCrashed', brokerId: 2 }]);
    sim.advance(0);
    expect(sim.nowMs).toBe(250);
    expect(() => sim.advance(-1)).toThrow(RangeError);
  });

  it('step() runs one task at a time and the clock never goes back', () => {
    const sim = createSimulation({ ...scenario([]), producers: [{ id: 'p', topic: 'orders', ratePerSec: 50, keys: { kind: 'none' } }] }, { seed: 3 });
    let last = sim.nowMs;
    for (let i = 0; i < 2000; i++) {
      const tasks = sim.tasksRun;
      expect(sim.step()).toBe(true);
      expect(sim.tasksRun).toBe(tasks + 1);
      expect(sim.nowMs).toBeGreaterThanOrEqual(last);
      last = sim.nowMs;
    }
    expect(sim.nowMs).toBeGreaterThan(0);
    const events = sim.drainEvents();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.timeMs).toBeLessThanOrEqual(sim.nowMs);
  });
});
