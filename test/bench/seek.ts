/**
 * Seek benchmark (issue 5): how long time travel takes to show a moment of a recorded run. Builds
 * the run the way the worker does (History with checkpoints), then seeks to spread-out moments and
 * reports median and worst seek time. Figures, not assertions.
 */
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec } from '../../src/engine';
import { History } from '../../src/worker/history';

export interface SeekResult {
  name: string;
  runSimMs: number;
  buildWallMs: number;
  checkpoints: number;
  seeks: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  heapMb: number;
}

export interface SeekOptions {
  /** Simulated ms per drive (1 s: a playing frame; 5 s: the app's fast-forward chunk). */
  frameMs?: number;
  seeks?: number;
}

/** Runs `scenario` for `runSimMs` in frames with checkpoints, then times seeks to moments spread across the run. */
export function seekBench(name: string, scenario: ScenarioSpec, runSimMs: number, options: SeekOptions = {}): SeekResult {
  const { frameMs = 1_000, seeks = 20 } = options;
  const sim = createSimulation(scenario, { seed: 1 });
  const history = new History(sim, { now: () => performance.now() }); // checkpoints by work done, as in the app
  const t0 = performance.now();
  for (let t = 0; t < runSimMs; t += frameMs) {
    history.record(Math.min(runSimMs, t + frameMs));
  }
  const buildWallMs = performance.now() - t0;
  const times: number[] = [];
  // Deterministic spread of targets (no Math.random in benchmarks either: comparable runs).
  for (let i = 0; i < seeks; i++) {
    const target = Math.floor((((i * 7919) % seeks) + 0.5) * (runSimMs / seeks));
    const s = performance.now();
    history.seek(target);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    runSimMs,
    buildWallMs,
    checkpoints: history.checkpointTimes.length,
    seeks,
    medianMs: times[Math.floor(times.length / 2)]!,
    p90Ms: times[Math.floor(times.length * 0.9)]!,
    maxMs: times.at(-1)!,
    heapMb: liveHeapMb(),
  };
}

/** Heap in use after a full collection (run with --expose-gc), so garbage does not count. */
function liveHeapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
}

export function formatSeek(r: SeekResult): string {
  const run = r.runSimMs >= 86_400_000 ? `${(r.runSimMs / 86_400_000).toFixed(0)} days` : `${(r.runSimMs / 60_000).toFixed(1)} min`;
  return `${r.name.padEnd(26)} run ${run} (built in ${(r.buildWallMs / 1000).toFixed(1)} s, ${r.checkpoints} checkpoints, live heap with them ${r.heapMb} MB) · ${r.seeks} seeks: median ${r.medianMs.toFixed(0)} ms, p90 ${r.p90Ms.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms · target: < 200 ms per seek`;
}
