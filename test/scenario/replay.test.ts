import { describe, expect, it } from 'vitest';
import type { Command, SimEvent, Snapshot } from '../../src/engine';
import { createSimulation, hashEvents } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { decodeDoc, encodeDoc } from '../../src/scenario/codec';
import type { RecordedCommand, ScenarioDoc } from '../../src/scenario/doc';
import { AFTER_EVERY_TASK } from '../../src/scenario/migrations';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

const SEED = 31337;
type Tick = Extract<FromWorker, { type: 'tick' }>;

/** A runner driven by hand, keeping every event it reports and the latest snapshot. */
function drive() {
  const runner = createRunner();
  const events: SimEvent[] = [];
  let snapshot: Snapshot | null = null;
  let wall = 0;
  const take = (msgs: (FromWorker | null)[]) => {
    for (const m of msgs) {
      if (m?.type !== 'tick') continue;
      expect(m.droppedEvents).toBe(0); // the comparison needs every event
      if (m.rewound) events.length = 0; // a jump replaces the log
      events.push(...m.events);
      snapshot = m.snapshot;
    }
  };
  const send = (msg: ToWorker) => {
    const out = runner.handle(msg, wall);
    take(out);
    take([runner.frame((wall += 16))]);
    return out;
  };
  let nextId = 1;
  return {
    events,
    snapshot: () => snapshot!,
    send,
    /** Sends a command and returns where the history recorded it. */
    command(command: Command): RecordedCommand {
      const reply = send({ type: 'command', id: nextId++, command }).find(
        (m): m is Extract<FromWorker, { type: 'commandResult' }> => m.type === 'commandResult',
      );
      return reply!.recorded!;
    },
    advance: (ms: number) => send({ type: 'advance', ms }),
    step: () => send({ type: 'step' }),
  };
}

describe('a share link replays the same history', () => {
  it('event for event, and opens at the same moment (commands after a Step included)', () => {
    const original = drive();
    original.send({ type: 'load', scenario: DEFAULT_SCENARIO, seed: SEED, playing: false, speed: 1 });
    const recorded: RecordedCommand[] = [];
    original.advance(3_000);
    recorded.push(original.command({ type: 'crashBroker', brokerId: 2 }));
    original.advance(2_500);
    recorded.push(original.command({ type: 'produce', producerId: 'checkout-service', key: 'customer-7', value: '{"total":12.5}' }));
    original.advance(1_200);
    // Step a few tasks: the next command sits between tasks, not on a millisecond boundary of `advance`.
    for (let i = 0; i < 3; i++) original.step();
    recorded.push(original.command({ type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 60_000 } }));
    original.advance(4_000);
    recorded.push(original.command({ type: 'restartBroker', brokerId: 2 }));
    recorded.push(
      original.command({
        type: 'addConsumer',
        consumer: { id: 'billing-3', groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } },
      }),
    );
    original.advance(6_000);
    const playheadMs = original.snapshot().timeMs;
    expect(playheadMs).toBeGreaterThan(16_000);
    // The step really put a command between two tasks of the history.
    expect(recorded[2]!.afterTask).toBeGreaterThan(recorded[1]!.afterTask);

    const doc: ScenarioDoc = { v: 2, seed: SEED, scenario: DEFAULT_SCENARIO, commands: recorded, playheadMs };
    const decoded = decodeDoc(encodeDoc(doc));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.doc).toEqual(doc);

    const replay = drive();
    replay.send({
      type: 'load',
      scenario: decoded.doc.scenario,
      seed: decoded.doc.seed,
      playing: false,
      speed: 1,
      commands: decoded.doc.commands,
      playheadMs: decoded.doc.playheadMs,
    });

    expect(original.events.length).toBeGreaterThan(100);
    expect(replay.events.length).toBe(original.events.length);
    expect(hashEvents(replay.events)).toBe(hashEvents(original.events));
    expect(replay.snapshot()).toEqual(original.snapshot());
    // The crash, the config change and the new consumer are all in the replayed history.
    expect(replay.events.some((e) => e.type === 'brokerCrashed')).toBe(true);
    expect(replay.events.some((e) => e.type === 'consumerAdded')).toBe(true);
  });

  it('opens at an earlier playhead with the later commands still in the timeline', () => {
    const original = drive();
    original.send({ type: 'load', scenario: DEFAULT_SCENARIO, seed: SEED, playing: false, speed: 1 });
    original.advance(2_000);
    const a = original.command({ type: 'crashBroker', brokerId: 3 });
    original.advance(3_000);
    const atPlayhead = original.snapshot();
    original.advance(3_000);
    const b = original.command({ type: 'restartBroker', brokerId: 3 });
    original.advance(1_000);

    const doc = decodeDoc(encodeDoc({ v: 2, seed: SEED, scenario: DEFAULT_SCENARIO, commands: [a, b], playheadMs: atPlayhead.timeMs }));
    if (!doc.ok) throw new Error(doc.error);
    const replay = drive();
    const [tick] = replay.send({
      type: 'load',
      scenario: doc.doc.scenario,
      seed: doc.doc.seed,
      playing: false,
      speed: 1,
      commands: doc.doc.commands,
      playheadMs: doc.doc.playheadMs,
    }) as Tick[];
    expect(replay.snapshot()).toEqual(atPlayhead);
    expect(tick!.history!.commands).toEqual([a, b]);
  });

  it('a migrated v1 link applies each action after everything due at its time', () => {
    // v1 meant: run to t (every task due by t), then act. Check against the engine driven that way.
    const actions: { t: number; cmd: Command }[] = [
      { t: 2_000, cmd: { type: 'crashBroker', brokerId: 1 } },
      { t: 6_000, cmd: { type: 'restartBroker', brokerId: 1 } },
    ];
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: SEED });
    const expected: SimEvent[] = [];
    for (const a of actions) {
      sim.advance(a.t - sim.nowMs);
      sim.apply(a.cmd);
      expected.push(...sim.drainEvents());
    }
    sim.advance(10_000 - sim.nowMs);
    expected.push(...sim.drainEvents());

    const replay = drive();
    replay.send({
      type: 'load',
      scenario: DEFAULT_SCENARIO,
      seed: SEED,
      playing: false,
      speed: 1,
      commands: actions.map((a) => ({ atMs: a.t, afterTask: AFTER_EVERY_TASK, command: a.cmd })),
      playheadMs: 10_000,
    });
    expect(hashEvents(replay.events)).toBe(hashEvents(expected));
    expect(replay.snapshot()).toEqual(sim.snapshot());
  });

  // KNOWN BUG outside src/scenario: History.load sorts by afterTask first, so a command recorded
  // after a migrated v1 (or lesson) command — afterTask = MAX_SAFE_INTEGER — is replayed before it.
  it('re-sharing a migrated v1 run after acting in it replays the same history', () => {
    const first = drive();
    first.send({
      type: 'load',
      scenario: DEFAULT_SCENARIO,
      seed: SEED,
      playing: false,
      speed: 1,
      commands: [{ atMs: 2_000, afterTask: AFTER_EVERY_TASK, command: { type: 'crashBroker', brokerId: 2 } }],
      playheadMs: 5_000,
    });
    const later = first.command({ type: 'restartBroker', brokerId: 2 });
    first.advance(1_000);
    const doc: ScenarioDoc = {
      v: 2,
      seed: SEED,
      scenario: DEFAULT_SCENARIO,
      commands: [{ atMs: 2_000, afterTask: AFTER_EVERY_TASK, command: { type: 'crashBroker', brokerId: 2 } }, later],
      playheadMs: 6_000,
    };
    const again = drive();
    again.send({ type: 'load', scenario: doc.scenario, seed: doc.seed, playing: false, speed: 1, commands: doc.commands, playheadMs: doc.playheadMs });
    expect(again.snapshot()).toEqual(first.snapshot());
  });
});
