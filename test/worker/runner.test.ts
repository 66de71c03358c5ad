import { describe, expect, it } from 'vitest';
import { createSimulation, RECORD_TRAFFIC_EVENTS } from '../../src/engine';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker } from '../../src/worker/protocol';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

type Tick = Extract<FromWorker, { type: 'tick' }>;

function loaded(playing = true, speed = 1) {
  const runner = createRunner();
  const replies = runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing, speed }, 0);
  return { runner, first: replies[0] as Tick };
}

describe('the worker runner (the worker without the worker)', () => {
  it('answers a load with a snapshot at time 0 and the creation events', () => {
    const { first } = loaded();
    expect(first.type).toBe('tick');
    expect(first.snapshot.timeMs).toBe(0);
    expect(first.snapshot.brokers).toHaveLength(3);
    expect(first.events.map((e) => e.type)).toContain('topicCreated');
  });

  it('advances simulated time by wall time × speed while playing, and not while paused', () => {
    const { runner } = loaded(true, 10);
    const t1 = runner.frame(100) as Tick;
    expect(t1.snapshot.timeMs).toBe(1000);
    runner.handle({ type: 'pause' }, 100);
    const t2 = runner.frame(600) as Tick;
    expect(t2.snapshot.timeMs).toBe(1000);
    expect(t2.playing).toBe(false);
    runner.handle({ type: 'play' }, 600);
    runner.handle({ type: 'setSpeed', speed: 0.5 }, 600);
    const t3 = runner.frame(1600) as Tick;
    expect(t3.snapshot.timeMs).toBe(1500);
    expect(t3.speed).toBe(0.5);
  });

  it('carries fractional milliseconds at slow speeds instead of dropping them', () => {
    const { runner } = loaded(true, 0.1);
    let last: Tick | null = null;
    for (let wall = 16; wall <= 1600; wall += 16) last = (runner.frame(wall) as Tick | null) ?? last;
    expect(last!.snapshot.timeMs).toBe(160);
  });

  it('posts nothing when nothing changed (at most one tick per frame)', () => {
    const { runner } = loaded(false);
    expect(runner.frame(16)).toBeNull();
    expect(runner.frame(32)).toBeNull();
  });

  it('answers commands with Kafka errors and keeps running', () => {
    const { runner } = loaded();
    const [ok] = runner.handle({ type: 'command', id: 7, command: { type: 'crashBroker', brokerId: 2 } }, 0);
    expect(ok).toMatchObject({ type: 'commandResult', id: 7, result: { ok: true }, recorded: { atMs: 0, command: { type: 'crashBroker' } }, discarded: null });
    const [bad] = runner.handle({ type: 'command', id: 8, command: { type: 'createTopic', name: 'orders', partitions: 1, replicationFactor: 1 } }, 0);
    expect(bad).toMatchObject({ type: 'commandResult', id: 8, result: { ok: false, error: { name: 'TopicExistsException' } } });
    const tick = runner.frame(10) as Tick;
    expect(tick.snapshot.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    expect(tick.events.map((e) => e.type)).toEqual(expect.arrayContaining(['brokerCrashed', 'commandRejected']));
  });

  it('steps one event, fast-forwards, and reads materialised records', () => {
    const { runner } = loaded(false);
    // Each step runs exactly one task: the same time and events as the engine, loaded the same way
    // (every task due at time 0 run) and then stepped once per step.
    const engine = createSimulation(DEFAULT_SCENARIO, { seed: 1 });
    engine.advance(0);
    engine.drainEvents();
    let stepped!: Tick;
    const seen = { times: [] as number[], events: 0 };
    for (let i = 0; i < 40; i++) {
      runner.handle({ type: 'step' }, 0);
      stepped = runner.frame(0) as Tick;
      engine.step();
      expect(stepped.snapshot.timeMs, `step ${i}`).toBe(engine.nowMs);
      expect(stepped.events, `step ${i}`).toEqual(engine.drainEvents());
      seen.times.push(stepped.snapshot.timeMs);
      seen.events += stepped.events.length;
    }
    expect(seen.events).toBeGreaterThan(0); // the steps ran tasks that did something
    expect(new Set(seen.times).size).toBeGreaterThan(1); // and moved the clock
    runner.handle({ type: 'advance', ms: 60_000 }, 0);
    const after = runner.frame(0) as Tick;
    expect(after.snapshot.timeMs).toBe(stepped.snapshot.timeMs + 60_000);
    const hw = after.snapshot.partitions.reduce((n, p) => n + p.highWatermark, 0);
    expect(hw).toBeGreaterThan(50);
    const [reply] = runner.handle({ type: 'readRecords', id: 3, topic: 'orders', partition: 0, fromOffset: 0, maxRecords: 5 }, 0);
    expect(reply).toMatchObject({ type: 'records', id: 3 });
    const records = (reply as Extract<FromWorker, { type: 'records' }>).records;
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]!.key).toMatch(/^customer-\d+$/);
    expect(records[0]!.keyHash!.partition).toBe(0);
  });

  it('clamps the simulated time one frame may cover', () => {
    const { runner } = loaded(true, 1000);
    const tick = runner.frame(10_000) as Tick;
    expect(tick.snapshot.timeMs).toBe(60_000);
  });

  // Issue 12, item 6: at high speed a frame used to simulate its whole 60-s cap, however long that took.
  it('plays at most a frame’s budget of work, falling behind real time instead of blocking', () => {
    let clock = 0;
    const runner = createRunner({ now: () => (clock += 2) }); // every look at the clock costs 2 ms
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: true, speed: 1000 }, 0);
    const start = clock;
    const first = runner.frame(10_000) as Tick; // 10 s of wall time at 1000×: the 60-s cap
    expect(first.snapshot.timeMs).toBeLessThan(60_000);
    expect(clock - start).toBeLessThan(120); // about the 40-ms budget, in looks at the clock
    // The backlog is forgotten: the next frame starts from its own 16 ms × 1000, not the 60 s owed.
    const second = runner.frame(10_016) as Tick;
    expect(second.snapshot.timeMs - first.snapshot.timeMs).toBeLessThanOrEqual(16_000);
    // …and the page is told, so the clock can say it runs slower than chosen.
    expect(first.lagging).toBe(true);
    runner.handle({ type: 'setSpeed', speed: 1 }, 10_016);
    const third = runner.frame(10_032) as Tick;
    expect(third.lagging).toBe(false);
  });

  it('reports a scenario the engine rejects instead of crashing', () => {
    const runner = createRunner();
    const [reply] = runner.handle(
      { type: 'load', scenario: { cluster: { brokers: 2 }, topics: [{ name: 'x', partitions: 1, replicationFactor: 3 }] }, seed: 1, playing: true, speed: 1 },
      0,
    );
    expect(reply).toMatchObject({ type: 'loadError' });
    expect((reply as { message: string }).message).toContain('InvalidReplicationFactorException');
  });
});

describe('what a tick carries', () => {
  it('every cluster event, and only the newest record traffic the page keeps, counting the rest as dropped', () => {
    const scenario = { ...DEFAULT_SCENARIO, producers: DEFAULT_SCENARIO.producers!.map((p) => ({ ...p, ratePerSec: 500 })) };
    const engine = createSimulation(scenario, { seed: 5 });
    engine.advance(20_000);
    engine.apply({ type: 'crashBroker', brokerId: 2 });
    engine.advance(20_000);
    const all = engine.drainEvents();
    const traffic = all.filter((e) => RECORD_TRAFFIC_EVENTS.has(e.type));
    expect(traffic.length).toBeGreaterThan(1_000);

    const runner = createRunner({ maxTrafficEventsPerTick: 300 });
    const load = runner.handle({ type: 'load', scenario, seed: 5, playing: false, speed: 1 }, 0)[0] as Tick;
    runner.handle({ type: 'advance', ms: 20_000 }, 0);
    runner.handle({ type: 'command', id: 1, command: { type: 'crashBroker', brokerId: 2 } }, 0);
    runner.handle({ type: 'advance', ms: 20_000 }, 0);
    const tick = runner.frame(16) as Tick;
    const seen = [...load.events, ...tick.events];
    // Cluster events all arrive, in order: the crash is never pushed out by traffic.
    expect(seen.filter((e) => !RECORD_TRAFFIC_EVENTS.has(e.type))).toEqual(all.filter((e) => !RECORD_TRAFFIC_EVENTS.has(e.type)));
    expect(seen.some((e) => e.type === 'brokerCrashed')).toBe(true);
    // Traffic: the newest 300 of the tick, in order, and the others counted.
    const tickTraffic = tick.events.filter((e) => RECORD_TRAFFIC_EVENTS.has(e.type));
    expect(tickTraffic).toHaveLength(300);
    expect(tickTraffic).toEqual(traffic.slice(-300));
    expect(tick.droppedEvents).toBe(all.length - seen.length);
  });
});

describe('fast-forward', () => {
  it('spreads a long fast-forward over frames, reporting progress, and ends exactly at the target', () => {
    let clock = 0;
    // Every look at the wall clock costs 2 ms, so a frame's 40 ms budget allows a few steps.
    const runner = createRunner({ now: () => (clock += 2) });
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1 }, 0);
    runner.handle({ type: 'advance', ms: 60_000 }, 0);
    const first = runner.frame(16) as Tick;
    expect(first.fastForward).toEqual({ fromMs: 0, toMs: 60_000 });
    expect(first.snapshot.timeMs).toBeGreaterThan(0);
    expect(first.snapshot.timeMs).toBeLessThan(60_000);
    let last = first;
    for (let i = 0; i < 100 && last.fastForward; i++) last = runner.frame(16 * (i + 2)) as Tick;
    expect(last.fastForward).toBeNull();
    expect(last.snapshot.timeMs).toBe(60_000);
  });

  it('gives the same history as one uninterrupted advance (the engine is chunk-invariant)', () => {
    let clock = 0;
    const spread = createRunner({ now: () => (clock += 2) });
    spread.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 4, playing: false, speed: 1 }, 0);
    spread.handle({ type: 'advance', ms: 40_000 }, 0);
    const spreadEvents: string[] = [];
    for (let i = 1; i < 100; i++) {
      const t = spread.frame(i * 16) as Tick | null;
      if (t) spreadEvents.push(...t.events.map((e) => JSON.stringify(e)));
      if (t && !t.fastForward) break;
    }
    const once = createRunner();
    once.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 4, playing: false, speed: 1 }, 0);
    once.handle({ type: 'advance', ms: 40_000 }, 0);
    const onceTick = once.frame(16) as Tick;
    expect(onceTick.fastForward).toBeNull();
    expect(spreadEvents).toEqual(onceTick.events.map((e) => JSON.stringify(e)));
  });

  it('can be cancelled where it is, and a second fast-forward extends the first', () => {
    let clock = 0;
    const runner = createRunner({ now: () => (clock += 2) });
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1 }, 0);
    runner.handle({ type: 'advance', ms: 3_600_000 }, 0);
    runner.frame(16);
    runner.handle({ type: 'advance', ms: 3_600_000 }, 16);
    const extended = runner.frame(32) as Tick;
    expect(extended.fastForward).toEqual({ fromMs: 0, toMs: 7_200_000 });
    runner.handle({ type: 'cancelAdvance' }, 32);
    const stopped = runner.frame(48) as Tick;
    expect(stopped.fastForward).toBeNull();
    expect(stopped.snapshot.timeMs).toBeLessThan(7_200_000);
    expect((runner.frame(64) as Tick | null)?.snapshot.timeMs ?? stopped.snapshot.timeMs).toBe(stopped.snapshot.timeMs);
  });

  it('reports each ended fast-forward with every event it ran, by type (also those no tick carried)', () => {
    const engine = createSimulation(DEFAULT_SCENARIO, { seed: 3 });
    engine.advance(600_000);
    const expected: Record<string, number> = {};
    for (const e of engine.drainEvents()) expected[e.type] = (expected[e.type] ?? 0) + 1;
    const runner = createRunner({ maxTrafficEventsPerTick: 300 });
    const load = runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1 }, 0)[0] as Tick;
    for (const e of load.events) expected[e.type]! -= 1; // the load's own events come before the jump
    for (const k of Object.keys(expected)) if (expected[k] === 0) delete expected[k];
    runner.handle({ type: 'advance', ms: 600_000 }, 0);
    const tick = runner.frame(16) as Tick;
    expect(tick.droppedEvents).toBeGreaterThan(0); // the tick lists only the newest traffic…
    expect(tick.jump).toEqual({ fromMs: 0, toMs: 600_000, counts: expected, stopped: false }); // …the report counts all
    runner.handle({ type: 'pause' }, 16);
    expect((runner.frame(32) as Tick).jump).toBeUndefined(); // reported once
  });

  it('reports a stopped fast-forward as far as it got, and none for a jump a seek replaced', () => {
    let clock = 0;
    const runner = createRunner({ now: () => (clock += 2) });
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1 }, 0);
    runner.handle({ type: 'advance', ms: 3_600_000 }, 0);
    runner.frame(16);
    runner.handle({ type: 'cancelAdvance' }, 16);
    const stopped = runner.frame(32) as Tick;
    expect(stopped.jump).toMatchObject({ fromMs: 0, toMs: stopped.snapshot.timeMs, stopped: true });
    runner.handle({ type: 'advance', ms: 3_600_000 }, 32);
    runner.frame(48);
    runner.handle({ type: 'seek', timeMs: 1_000 }, 48);
    expect((runner.frame(64) as Tick).jump).toBeUndefined();
  });
});
