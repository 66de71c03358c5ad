/**
 * Memory benchmark (issue 12, item 7): the worker's heap while the busy scenario plays at 1×.
 * Drives the runner as the worker does — one frame per 16 ms of wall time, each covering 16 ms of
 * simulated time, with the real clock for the history's checkpoint spacing and the frame budget —
 * only without waiting between frames, so 15 simulated minutes take a few minutes. Prints the live
 * heap (after a full collection: run with --expose-gc) every simulated minute. Figures, not assertions.
 */
import { createRunner } from '../../src/worker/runner';
import { BUSY_SCENARIO } from '../../src/scenario/builtin';

const FRAME_MS = 16;

export interface MemoryResult {
  minutes: number;
  /** Live heap (MB) after each simulated minute. */
  heapMb: number[];
  wallMs: number;
  records: number;
}

function liveHeapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
}

/** Plays BUSY_SCENARIO at 1× for `minutes` simulated minutes, calling `onMinute` with the live heap after each. */
export function memoryBench(minutes: number, onMinute: (minute: number, heapMb: number, line: string) => void = () => {}): MemoryResult {
  const started = performance.now();
  const runner = createRunner({ now: () => performance.now(), maxTrafficEventsPerTick: 300 });
  let wall = 0;
  runner.handle({ type: 'load', scenario: BUSY_SCENARIO, seed: 1, playing: true, speed: 1 }, wall);
  const heapMb: number[] = [];
  let records = 0;
  for (let minute = 1; minute <= minutes; minute++) {
    for (let f = 0; f < 60_000 / FRAME_MS; f++) {
      const tick = runner.frame((wall += FRAME_MS));
      if (tick?.type === 'tick') records = tick.snapshot.stats.recordsProduced;
    }
    const heap = liveHeapMb();
    heapMb.push(heap);
    const line = `  memory: busy at 1×, ${minute} simulated min: live heap ${heap} MB · ${records.toLocaleString('en')} records · ${((performance.now() - started) / 1000).toFixed(0)} s wall`;
    onMinute(minute, heap, line);
  }
  return { minutes, heapMb, wallMs: performance.now() - started, records };
}
