/**
 * Issue 12, item 2: an engine fault is seen in words, the worker restarted and the run kept up to
 * the last good moment; nothing waits for an answer that will never come.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { connect, sendCommand, simStore, togglePlay } from '../../src/store';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import type { Transport } from '../../src/worker/sim-client';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

type Tick = Extract<FromWorker, { type: 'tick' }>;

describe('the runner turns an engine throw into a fault message', () => {
  it('answers a throwing message with a fault instead of nothing, and then runs nothing until a load', () => {
    const runner = createRunner();
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: true, speed: 1 }, 0);
    runner.frame(1000);
    const replies = runner.handle({ type: 'injectFault', where: 'message' }, 1000);
    expect(replies).toEqual([{ type: 'fault', message: expect.stringMatching(/^Error: A fault injected/), atMs: 1000, during: 'play' }]);
    expect(runner.frame(2000)).toBeNull(); // the half-changed simulation is gone
    expect(runner.handle({ type: 'command', id: 1, command: { type: 'crashBroker', brokerId: 1 } }, 2000)).toEqual([]);
    const again = runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: true, speed: 1 }, 2000)[0] as Tick;
    expect(again.type).toBe('tick');
    expect((runner.frame(2500) as Tick).snapshot.timeMs).toBe(500);
  });

  it('reports a throw during a frame with what it was doing, instead of stopping the clock with "Pause" shown', () => {
    let clock = 0;
    const runner = createRunner({ now: () => (clock += 1) });
    runner.handle({ type: 'load', scenario: DEFAULT_SCENARIO, seed: 1, playing: false, speed: 1 }, 0);
    runner.handle({ type: 'advance', ms: 3_600_000 }, 0);
    runner.frame(16);
    runner.handle({ type: 'injectFault', where: 'frame' }, 16);
    const fault = runner.frame(32);
    expect(fault).toMatchObject({ type: 'fault', during: 'fast-forward' });
    expect((fault as Extract<FromWorker, { type: 'fault' }>).atMs).toBeGreaterThan(0);
  });
});

describe('the page recovers from a fault', () => {
  let transport: ReturnType<typeof createInProcessTransport>;
  beforeEach(() => {
    transport = createInProcessTransport();
    connect(createSimClient(transport), DEFAULT_SCENARIO, 3);
  });

  it('shows the error, restarts the simulation and reopens the run, paused, at the last moment it showed', async () => {
    transport.frame(2_000);
    await sendCommand({ type: 'crashBroker', brokerId: 2 });
    transport.frame(5_000);
    const before = simStore.getState();
    expect(before.liveTimeMs).toBe(5_000);
    transport.send({ type: 'injectFault', where: 'frame' });
    transport.frame(6_000);
    const s = simStore.getState();
    expect(s.fault).toMatchObject({ during: 'play', atMs: 5_000, fellBack: false, givenUp: false });
    expect(s.fault!.message).toMatch(/A fault injected/);
    expect(s.fault!.kept!.playheadMs).toBe(5_000);
    expect(s.fault!.kept!.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: 2 }]);
    // The restarted simulation has the run up to the last good moment, paused, with the action in it.
    expect(s.snapshot!.timeMs).toBe(5_000);
    expect(s.playing).toBe(false);
    expect(s.history!.commands).toHaveLength(1);
    expect(s.snapshot!.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    // And it is usable again.
    togglePlay();
    transport.frame(6_000);
    transport.frame(7_000);
    expect(simStore.getState().snapshot!.timeMs).toBe(6_000);
    expect(simStore.getState().fault).not.toBeNull(); // the report stays until dismissed
  });

  it('answers an action the fault interrupted, instead of leaving it waiting for ever', async () => {
    transport.frame(1_000);
    const inner = createRunner();
    let listener: ((m: FromWorker) => void) | null = null;
    // A transport whose worker dies on the next command (the runner catches the engine; this is the worker itself failing).
    const dying: Transport = {
      send: (m: ToWorker) => {
        if (m.type === 'command')
          queueMicrotask(() => listener?.({ type: 'fault', message: 'RangeError: Maximum call stack size exceeded', atMs: -1, during: 'worker' }));
        else for (const r of inner.handle(m, 0)) listener?.(structuredClone(r));
      },
      onMessage: (l) => void (listener = l),
      restart: () => undefined,
      close: () => undefined,
    };
    connect(createSimClient(dying), DEFAULT_SCENARIO, 3);
    const result = await sendCommand({ type: 'crashBroker', brokerId: 1 });
    expect(result).toMatchObject({ ok: false, error: { name: 'UnknownServerException' } });
    expect(simStore.getState().fault).toMatchObject({ during: 'worker', message: 'RangeError: Maximum call stack size exceeded' });
  });

  it('falls back to the default scenario when the kept run fails again, and gives up (saying so) when that fails too', () => {
    // A worker whose loads fail while replaying (before the run opens), as a run that always meets the bug would.
    const inner = createInProcessTransport();
    let failLoads = 0;
    let listener: ((m: FromWorker) => void) | null = null;
    inner.onMessage((m) => listener?.(m));
    const flaky: Transport = {
      send: (m: ToWorker) => {
        if (m.type === 'load' && failLoads > 0) {
          failLoads--;
          listener?.({ type: 'fault', message: 'RangeError: Maximum call stack size exceeded', atMs: 0, during: 'opening' });
        } else inner.send(m);
      },
      onMessage: (l) => void (listener = l),
      restart: inner.restart,
      close: inner.close,
    };
    connect(createSimClient(flaky), DEFAULT_SCENARIO, 3);
    inner.frame(3_000);
    failLoads = 1;
    inner.send({ type: 'injectFault', where: 'message' }); // the first fault: the run (at T+3 s) is kept and reopened, which fails
    expect(simStore.getState().fault).toMatchObject({ fellBack: true, givenUp: false, during: 'opening' });
    expect(simStore.getState().fault!.kept!.playheadMs).toBe(3_000); // the run to report is still the one that failed
    expect(simStore.getState().scenarioName).toBe(DEFAULT_SCENARIO.name);
    expect(simStore.getState().snapshot!.timeMs).toBe(0);
    failLoads = 0;
    inner.frame(4_000);
    inner.send({ type: 'injectFault', where: 'message' }); // a new fault after the default opened: recovered again
    expect(simStore.getState().fault).toMatchObject({ fellBack: false, givenUp: false });
  });

  it('stops restarting, and says to reload, when even the default scenario fails on the way', () => {
    const inner = createInProcessTransport();
    let listener: ((m: FromWorker) => void) | null = null;
    inner.onMessage((m) => listener?.(m));
    let restarts = 0;
    const broken: Transport = {
      send: (m: ToWorker) => {
        if (m.type === 'load' && restarts > 0) listener?.({ type: 'fault', message: 'Error: broken', atMs: 0, during: 'opening' });
        else inner.send(m);
      },
      onMessage: (l) => void (listener = l),
      restart: () => void restarts++,
      close: inner.close,
    };
    connect(createSimClient(broken), DEFAULT_SCENARIO, 3);
    inner.frame(1_000);
    inner.send({ type: 'injectFault', where: 'message' });
    expect(simStore.getState().fault).toMatchObject({ fellBack: true, givenUp: true });
    expect(restarts).toBe(2); // the kept run, then the default: no endless loop
  });
});
