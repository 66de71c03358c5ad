/**
 * Time travel in the runner: seek equals replay, step back is one event, acting in the past
 * branches, and a loaded doc replays the same history.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, hashEvents } from '../../src/engine';
import type { Command, SimEvent, Snapshot } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import type { RecordedCommand } from '../../src/scenario/doc';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker } from '../../src/worker/protocol';

type Tick = Extract<FromWorker, { type: 'tick' }>;
/** A command's answer; the runner only leaves `recorded` empty after a fault, which these tests do not cause. */
type Result = Extract<FromWorker, { type: 'commandResult' }> & { recorded: RecordedCommand };

/** A paused runner driven by messages only (fast-forward completes within the message). */
function runner(seed = 5) {
  const r = createRunner({ checkpointIntervalMs: 3_000 });
  const first = r.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed, playing: false, speed: 1 }, 0)[0] as Tick;
  const events: SimEvent[] = [...first.events];
  let last: Tick = first;
  let history = first.history!;
  let wall = 0;
  const flush = (): Tick => {
    const t = r.frame((wall += 16)) as Tick | null;
    if (t) {
      last = t;
      if (t.history) history = t.history;
      if (t.rewound) events.length = 0;
      events.push(...t.events);
    }
    return last;
  };
  return {
    advance: (ms: number) => {
      r.handle({ type: 'advance', ms }, wall);
      return flush();
    },
    command: (command: Command) => {
      const res = r.handle({ type: 'command', id: 1, command }, wall)[0] as Result;
      flush();
      return res;
    },
    step: () => {
      r.handle({ type: 'step' }, wall);
      return flush();
    },
    seek: (timeMs: number) => {
      r.handle({ type: 'seek', timeMs }, wall);
      return flush();
    },
    stepBack: () => {
      r.handle({ type: 'stepBack' }, wall);
      return flush();
    },
    events,
    last: () => last,
    /** The timeline as of the last tick that carried it (ticks carry it only when it changed). */
    history: () => history,
  };
}

/** The same commands applied to a plain engine at their recorded positions, run to `toMs`. */
function replayPlain(commands: RecordedCommand[], toMs: number, seed = 5): { snapshot: Snapshot; events: SimEvent[] } {
  const sim = createSimulation(DEFAULT_SCENARIO, { seed });
  for (const c of commands) {
    if (c.atMs > toMs) break;
    sim.runTo(c.afterTask, c.atMs);
    sim.apply(c.command);
  }
  sim.advance(toMs - sim.nowMs);
  return { snapshot: sim.snapshot(), events: sim.drainEvents() };
}

describe('time travel', () => {
  it('seek equals replay: going back to t shows exactly the state a fresh run reaches at t', () => {
    const r = runner();
    r.advance(5_000);
    const crash = r.command({ type: 'crashBroker', brokerId: 2 }).recorded;
    r.advance(15_000);
    const restart = r.command({ type: 'restartBroker', brokerId: 2 }).recorded;
    r.advance(20_000);
    expect(r.last().historyEndMs).toBe(40_000);
    for (const t of [0, 4_999, 5_000, 12_345, 20_000, 33_333, 40_000]) {
      const seen = r.seek(t);
      expect(seen.snapshot.timeMs).toBe(t);
      expect(seen.snapshot).toEqual(replayPlain([crash, restart], t).snapshot);
    }
  });

  it('plays the recorded future again after a seek back (the old future is kept until you act)', () => {
    const r = runner();
    r.advance(3_000);
    r.command({ type: 'crashBroker', brokerId: 3 });
    r.advance(7_000);
    const before = r.last().snapshot;
    r.seek(1_000);
    expect(r.last().snapshot.brokers.find((b) => b.id === 3)!.state).toBe('running');
    const again = r.advance(9_000);
    expect(again.snapshot).toEqual(before);
  });

  it('steps back one event at a time, to exactly the state before that event', () => {
    const r = runner();
    r.advance(4_000);
    const states: Snapshot[] = [];
    for (let i = 0; i < 6; i++) states.push(r.step().snapshot);
    for (let i = 4; i >= 0; i--) expect(r.stepBack().snapshot).toEqual(states[i]);
  });

  it('acting in the past discards the old future and says from when', () => {
    const r = runner();
    r.advance(2_000);
    r.command({ type: 'crashBroker', brokerId: 1 });
    r.advance(8_000);
    r.command({ type: 'restartBroker', brokerId: 1 });
    r.advance(10_000);
    r.seek(6_000);
    const res = r.command({ type: 'crashBroker', brokerId: 3 });
    expect(res.discarded).toEqual({ fromMs: 6_000, commands: 1 });
    const h = r.history();
    expect(h.commands.map((c) => c.command.type)).toEqual(['crashBroker', 'crashBroker']);
    expect(h.endMs).toBe(6_000);
    expect(h.marks.every((m) => m.timeMs <= 6_000)).toBe(true);
    // A command at the live edge discards nothing.
    r.advance(1_000);
    expect(r.command({ type: 'restartBroker', brokerId: 3 }).discarded).toBeNull();
  });

  it('records a command given between two events of the same millisecond at that exact position', () => {
    const r = runner(11);
    r.advance(2_000);
    const t0 = r.last().snapshot.timeMs;
    // Step until a step lands on the same millisecond as the one before (several tasks share a ms).
    let prev = r.step().snapshot.timeMs;
    let shared = false;
    for (let guard = 0; guard < 500 && !shared; guard++) {
      const now = r.step().snapshot.timeMs;
      shared = now === prev && now > t0;
      prev = now;
    }
    expect(shared).toBe(true);
    const rec = r.command({ type: 'crashBroker', brokerId: 2 }).recorded;
    expect(rec.atMs).toBe(prev); // at that millisecond, after the tasks already run in it
    r.advance(3_000);
    const end = r.last().snapshot;
    const plain = replayPlain([rec], end.timeMs, 11);
    expect(plain.snapshot).toEqual(end);
  });

  it('loads a doc (commands + playhead) and replays the same history, event for event', () => {
    const r = runner(21);
    r.advance(4_000);
    r.command({ type: 'crashBroker', brokerId: 1 });
    r.advance(6_000);
    r.command({ type: 'updateProducer', producerId: 'checkout-service', ratePerSec: 10 });
    r.advance(5_000);
    const original = hashEvents(r.events);
    const commands = r.history().commands;

    const fresh = createRunner({ checkpointIntervalMs: 3_000 });
    const loaded = fresh.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 21, playing: false, speed: 1, commands, playheadMs: 15_000 }, 0)[0] as Tick;
    expect(loaded.rewound).toBe(true);
    expect(loaded.snapshot.timeMs).toBe(15_000);
    expect(loaded.snapshot).toEqual(r.last().snapshot);
    expect(loaded.history!.commands).toEqual(commands);
    expect(hashEvents(replayPlain(commands, 15_000, 21).events)).toBe(original);
  });

  it('opens a doc at a playhead before its last command, with the rest of the history ahead', () => {
    const commands: RecordedCommand[] = [
      { atMs: 2_000, afterTask: Number.MAX_SAFE_INTEGER, command: { type: 'crashBroker', brokerId: 2 } },
      { atMs: 9_000, afterTask: Number.MAX_SAFE_INTEGER, command: { type: 'restartBroker', brokerId: 2 } },
    ];
    const r = createRunner();
    const t = r.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1, commands, playheadMs: 5_000 }, 0)[0] as Tick;
    expect(t.snapshot.timeMs).toBe(5_000);
    expect(t.snapshot.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    expect(t.history!.endMs).toBe(9_000);
    // The worker keeps the event with its lane and severity (the view words it).
    expect(t.history!.marks).toContainEqual(
      expect.objectContaining({ lane: 'faults', severity: 'error', event: expect.objectContaining({ type: 'brokerCrashed', brokerId: 2 }) }),
    );
    expect(t.history!.marks).toContainEqual(
      expect.objectContaining({ lane: 'brokers', severity: 'info', event: expect.objectContaining({ type: 'brokerRestarted', brokerId: 2 }) }),
    );
  });

  // Issue 12, item 5: a shared link must not lose its actions.
  it('a link shared at T+0 keeps its T+0 actions, and the first new action discards nothing', () => {
    const commands: RecordedCommand[] = [{ atMs: 0, afterTask: 0, command: { type: 'crashBroker', brokerId: 2 } }];
    const r = createRunner();
    const t = r.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1, commands, playheadMs: 0 }, 0)[0] as Tick;
    expect(t.snapshot.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    expect(t.history!.commands).toEqual(commands);
    const res = r.handle({ type: 'command', id: 1, command: { type: 'crashBroker', brokerId: 3 } }, 16)[0] as Result;
    expect(res.result).toEqual({ ok: true });
    expect(res.discarded).toBeNull();
  });

  it('replays to the latest action even when the link lists them out of order', () => {
    const commands: RecordedCommand[] = [
      { atMs: 9_000, afterTask: Number.MAX_SAFE_INTEGER, command: { type: 'restartBroker', brokerId: 2 } },
      { atMs: 2_000, afterTask: Number.MAX_SAFE_INTEGER, command: { type: 'crashBroker', brokerId: 2 } },
    ];
    const r = createRunner();
    const t = r.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1, commands, playheadMs: 0 }, 0)[0] as Tick;
    expect(t.history!.endMs).toBeGreaterThanOrEqual(9_000);
    expect(t.history!.commands.map((c) => c.command.type)).toEqual(['crashBroker', 'restartBroker']);
  });

  it('an action recorded between two tasks of T+0 (after a step back) replays at that position', () => {
    const r = createRunner();
    r.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1 }, 0);
    r.handle({ type: 'stepBack' }, 0);
    r.handle({ type: 'stepBack' }, 0);
    const res = r.handle({ type: 'command', id: 1, command: { type: 'crashBroker', brokerId: 2 } }, 0)[0] as Result;
    expect(res.recorded.atMs).toBe(0);
    const fresh = createRunner();
    const t = fresh.handle(
      { type: 'load', scenario: DEFAULT_SCENARIO, seed: 3, playing: false, speed: 1, commands: [res.recorded], playheadMs: 0 },
      0,
    )[0] as Tick;
    expect(t.snapshot.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    expect(t.history!.commands).toEqual([res.recorded]); // applied where it was recorded, not moved after every T+0 task
  });
});
