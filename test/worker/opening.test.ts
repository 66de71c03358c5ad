/**
 * Issue 12, items 4 and 10: a loaded run replays in slices — with progress, a Stop that opens it
 * where the replay got to, and nothing of the previous scenario shown under its name meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { connect, loadDoc, simStore } from '../../src/store';
import type { SimState } from '../../src/store';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import type { RecordedCommand, ScenarioDoc } from '../../src/scenario/doc';

type Tick = Extract<FromWorker, { type: 'tick' }>;
/** Ten simulated minutes: long enough to take several slices, short enough for a quick test. */
const TEN_MIN = 600_000;
const crash: RecordedCommand = { atMs: 2 * TEN_MIN, afterTask: Number.MAX_SAFE_INTEGER, command: { type: 'crashBroker', brokerId: 2 } };

/** A runner with a wall clock (as in the worker), where every look at the clock costs 2 ms. */
function timedRunner() {
  let clock = 0;
  return createRunner({ now: () => (clock += 2) });
}

describe('opening a long run', () => {
  it('replays in slices, each ending in a tick with its progress, then opens at the playhead', () => {
    const runner = timedRunner();
    const load: ToWorker = { type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1, commands: [crash], playheadMs: TEN_MIN, loadId: 7 };
    const first = runner.handle(load, 0)[0] as Tick;
    // Answered at once, at T+0 — the load no longer blocks the worker until the whole run is replayed.
    expect(first).toMatchObject({ loadId: 7, opening: { playheadMs: TEN_MIN }, fastForward: { fromMs: 0, toMs: 2 * TEN_MIN } });
    expect(first.snapshot.timeMs).toBe(0);
    const seen: number[] = [];
    let last = first;
    for (let i = 1; i < 10_000 && last.opening; i++) {
      last = runner.frame(16 * i) as Tick;
      if (last.opening) seen.push(last.snapshot.timeMs);
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(last).toMatchObject({ opening: null, fastForward: null, loadId: 7, rewound: true, historyEndMs: 2 * TEN_MIN });
    expect(last.snapshot.timeMs).toBe(TEN_MIN); // opened at the playhead, the crash ahead on the timeline
    expect(last.jump).toBeUndefined(); // a replay is not a fast-forward the event log sums up
    expect(last.history!.commands).toHaveLength(1);
  });

  it('opens the same moment, event for event, as a load that replays at once', () => {
    const runner = timedRunner();
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1, commands: [crash], playheadMs: 3 * TEN_MIN }, 0);
    let last: Tick | null = null;
    for (let i = 1; i < 10_000; i++) {
      last = (runner.frame(16 * i) as Tick | null) ?? last;
      if (last && !last.opening) break;
    }
    const atOnce = createRunner().handle(
      { type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1, commands: [crash], playheadMs: 3 * TEN_MIN },
      0,
    )[0] as Tick;
    expect(last!.snapshot).toEqual(atOnce.snapshot);
  });

  it('stopped, opens where the replay got to, with the link’s later actions still ahead', () => {
    const runner = timedRunner();
    const first = runner.handle(
      { type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1, commands: [crash], playheadMs: 3 * TEN_MIN },
      0,
    )[0] as Tick;
    const partway = runner.frame(16) as Tick;
    expect(partway.opening).not.toBeNull();
    runner.handle({ type: 'cancelAdvance' }, 16);
    const stopped = runner.frame(32) as Tick;
    expect(stopped).toMatchObject({ opening: null, fastForward: null });
    expect(stopped.snapshot.timeMs).toBe(partway.snapshot.timeMs);
    expect(stopped.snapshot.timeMs).toBeLessThan(2 * TEN_MIN);
    expect(stopped.history ?? first.history).toMatchObject({ commands: [crash] }); // nothing of the link is lost: the crash happens when time gets there
    runner.handle({ type: 'seek', timeMs: 2 * TEN_MIN + 1_000 }, 32);
    const later = runner.frame(48) as Tick;
    expect(later.snapshot.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
  });

  it('replays only up to the playhead when asked (a run kept after a fault), leaving later actions ahead', () => {
    const tick = createRunner().handle(
      { type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1, commands: [crash], playheadMs: TEN_MIN, replay: 'toPlayhead' },
      0,
    )[0] as Tick;
    expect(tick.snapshot.timeMs).toBe(TEN_MIN);
    expect(tick.historyEndMs).toBe(TEN_MIN);
    expect(tick.history!.commands).toEqual([crash]);
  });
});

describe('a link opened at start-up', () => {
  it('never shows the default scenario’s tick under the link’s name (the worker answers loads in order, later)', () => {
    const inner = createInProcessTransport();
    const queue: ToWorker[] = [];
    const client = createSimClient({ send: (m) => queue.push(m), onMessage: inner.onMessage, restart: inner.restart, close: inner.close });
    const link: ScenarioDoc = {
      v: 2,
      seed: 9,
      scenario: { name: 'A shared link', cluster: { brokers: 1 }, topics: [{ name: 'payments', partitions: 1, replicationFactor: 1 }] },
      commands: [],
      playheadMs: 0,
    };
    const shown: Pick<SimState, 'scenarioName' | 'snapshot'>[] = [];
    const unsubscribe = simStore.subscribe((s) => shown.push({ scenarioName: s.scenarioName, snapshot: s.snapshot }));
    connect(client, DEFAULT_SCENARIO, DEFAULT_SEED); // as main.tsx does, then it reads the hash
    loadDoc(link, { playing: false });
    for (const m of queue.splice(0)) inner.send(m);
    unsubscribe();
    const underLink = shown.filter((s) => s.scenarioName === 'A shared link' && s.snapshot);
    expect(underLink.length).toBeGreaterThan(0);
    for (const s of underLink) expect(s.snapshot!.topics.map((t) => t.name)).toEqual(['payments']);
  });
});
