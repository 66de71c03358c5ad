/**
 * Component-test helpers: a live simulation over the in-process transport, driven frame by frame
 * with a fake wall clock (excalidraw's test helpers idea).
 */
import { act } from '@testing-library/react';
import type { ScenarioSpec } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { connect, initialState, simStore } from '../../src/store';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import type { RunnerOptions } from '../../src/worker/runner';

export interface LiveSim {
  /** Advances the fake wall clock by `ms` and lets the runner post a tick (inside act). */
  frame(ms?: number): Promise<void>;
  /** Runs frames until simulated time passes `simMs` (at speed 1, wall ms = sim ms). */
  runFor(simMs: number, stepMs?: number): Promise<void>;
}

/** Connects the store to a fresh in-process simulation of `scenario` (default: the app's default). */
/** One partition written at 1,000 records/s: with a small record budget, its old records soon lose their payloads. */
export const ONE_BUSY_PARTITION: ScenarioSpec = {
  name: 'one busy partition',
  cluster: { brokers: 1 },
  topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
  producers: [{ id: 'p', topic: 'orders', ratePerSec: 1_000, keys: { kind: 'random', prefix: 'k-', cardinality: 50 } }],
};

export function startLiveSim(scenario: ScenarioSpec = DEFAULT_SCENARIO, seed = 9, options: RunnerOptions = {}): LiveSim {
  const transport = createInProcessTransport(options);
  let wall = 0;
  simStore.setState({ ...initialState }); // preferences (speed, colours, motion) too: each test starts fresh
  connect(createSimClient(transport), scenario, seed);
  const frame = async (ms = 16) => {
    await act(async () => {
      wall += ms;
      transport.frame(wall);
    });
  };
  return {
    frame,
    async runFor(simMs, stepMs = 500) {
      for (let t = 0; t < simMs; t += stepMs) await frame(stepMs);
    },
  };
}
