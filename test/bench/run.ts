/**
 * `npm run bench`: runs each workload headless and prints simulated time ÷ wall time and peak
 * memory. Figures, not assertions: tests never time anything.
 */
import os from 'node:os';
import { createSimulation } from '../../src/engine';
import type { ScenarioSpec } from '../../src/engine';
import { BUSY, BUSY_WITH_GROUPS, DAY_OF_RETENTION, LONG_LOG, churnWorkload } from './workloads';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { formatSeek, seekBench } from './seek';
import { memoryBench } from './memory';
import { formatWorstLink, worstLinkBench } from './worst-link';

interface Result {
  extra?: string;
  /** Wall cost of the first and of the last chunk (for the long runs: simulated hours). */
  firstChunkMs: number;
  lastChunkMs: number;
  chunkMs: number;
  liveHeapMb: number;
  name: string;
  simMs: number;
  wallMs: number;
  ratio: number;
  peakHeapMb: number;
  peakRssMb: number;
  events: number;
  records: number;
  target: string;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

function run(name: string, scenario: ScenarioSpec, simMs: number, chunkMs: number, target: string): Result {
  gc?.();
  const sim = createSimulation(scenario, { seed: 1 });
  let peakHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let events = 0;
  let firstChunkMs = 0;
  let lastChunkMs = 0;
  const start = performance.now();
  for (let t = 0; t < simMs; t += chunkMs) {
    const chunkStart = performance.now();
    sim.advance(Math.min(chunkMs, simMs - t));
    events += sim.drainEvents().length; // a UI drains every frame; the bench drains every chunk
    lastChunkMs = performance.now() - chunkStart;
    if (t === 0) firstChunkMs = lastChunkMs;
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.rss > peakRss) peakRss = m.rss;
  }
  const wallMs = performance.now() - start;
  gc?.();
  const liveMb = mb(process.memoryUsage().heapUsed);
  const snap = sim.snapshot();
  const rebalances = snap.groups.reduce((n, g) => n + g.stats.rebalances, 0);
  const consumed = snap.groups.reduce((n, g) => n + g.stats.processed, 0);
  const extra =
    snap.groups.length > 0
      ? `${rebalances} rebalances (${(rebalances / (wallMs / 1000)).toFixed(1)} per CPU second), ${consumed.toLocaleString('en')} records consumed, live heap at the end ${liveMb} MB`
      : `live heap at the end ${liveMb} MB`;
  return {
    name,
    firstChunkMs,
    lastChunkMs,
    chunkMs,
    liveHeapMb: liveMb,
    simMs,
    wallMs,
    ratio: simMs / wallMs,
    peakHeapMb: mb(peakHeap),
    peakRssMb: mb(peakRss),
    events,
    records: snap.stats.recordsProduced,
    target,
    extra,
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const only = process.argv[2];

/** Prints one workload's figures as soon as it has run (the whole bench takes minutes). */
function report(r: Result): void {
  const hours =
    r.chunkMs >= HOUR_MS
      ? ` · ${(r.simMs / DAY_MS).toFixed(0)} days: ${(r.wallMs / 1000).toFixed(1)} s, +1 day ≈ ${(r.wallMs / (r.simMs / DAY_MS) / 1000).toFixed(2)} s · first hour ${r.firstChunkMs.toFixed(0)} ms, last hour ${r.lastChunkMs.toFixed(0)} ms (${(r.lastChunkMs / r.firstChunkMs).toFixed(2)}×)`
      : '';
  console.log(
    `${r.name.padEnd(20)} sim ${(r.simMs / 1000).toFixed(0)} s in ${(r.wallMs / 1000).toFixed(2)} s wall → ${r.ratio.toFixed(1)}× real time · ` +
      `peak heap ${r.peakHeapMb} MB, peak RSS ${r.peakRssMb} MB · ${r.records.toLocaleString('en')} records · ${r.events.toLocaleString('en')} events${hours} · ${r.extra ?? ''} · target: ${r.target}`,
  );
}

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${mb(os.totalmem())} MB, Node ${process.version}`);
if (!only || only === 'busy') report(run('busy', BUSY, 60_000, 1_000, '≥ 20× faster than real time'));
if (!only || only === 'retention') report(run('a day of retention', DAY_OF_RETENTION, 48 * 3_600_000, 60_000, '< 3 s wall, < 300 MB peak'));
if (!only || only === 'groups') report(run('busy + 3 groups', BUSY_WITH_GROUPS, 60_000, 1_000, '≥ 20× faster than real time'));
if (!only || only === 'week') report(run('a week, default', DEFAULT_SCENARIO, 7 * DAY_MS, HOUR_MS, '+1 day < 1 s, +7 days < 7 s, last hour ≤ 1.5× the first'));
if (!only || only === 'long') report(run('a long log', LONG_LOG, 3 * DAY_MS, HOUR_MS, 'last hour ≤ 1.5× the first'));
if (!only || only === 'churn') report(run('200 members churning', churnWorkload(), 600_000, 1_000, 'reports rebalances per CPU second'));
if (only === 'seek' || !only) {
  console.log(formatSeek(seekBench('seek: default scenario', DEFAULT_SCENARIO, 600_000)));
  console.log(formatSeek(seekBench('seek: busy + 3 groups', BUSY_WITH_GROUPS, Number(process.env.SEEK_BUSY_MS ?? 600_000))));
  // Built the way the app fast-forwards (5-s chunks, checkpoints by work done): "+7 days", then seeks.
  console.log(formatSeek(seekBench('seek: a week, default', DEFAULT_SCENARIO, 7 * DAY_MS, { frameMs: 5_000 })));
}
if (only === 'memory' || !only) {
  // Issue 12, item 7: the worker's heap (runner + history, as the worker holds them) after 15 minutes of the busy scenario at 1×.
  const minutes = Number(process.env.MEMORY_MINUTES ?? 15);
  const r = memoryBench(minutes, (_m, _heap, line) => console.log(line));
  console.log(
    `memory: busy at 1×         ${minutes} simulated min in ${(r.wallMs / 1000).toFixed(0)} s wall · worker heap at the end ${r.heapMb.at(-1)} MB · target: bounded (flat after the budgets fill)`,
  );
}
// The heaviest links the limits allow, opened as the worker opens them (minutes each: run it alone with `-- worst-link`).
if (only === 'worst-link' || !only) for (const r of worstLinkBench()) console.log(formatWorstLink(r));
