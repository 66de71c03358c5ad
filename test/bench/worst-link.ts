/**
 * Worst-link benchmark (issue 12): how long the app takes to open the heaviest share links the
 * limits allow (`SCENARIO_LIMITS`: partitions and replicas counting __consumer_offsets, and the
 * replay budget of records and replica-hours). Each is opened the way the worker opens it — the
 * runner with a wall clock, in frames — and must be a valid doc. Figures, not assertions.
 */
import type { ScenarioSpec } from '../../src/engine';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import type { ScenarioDoc } from '../../src/scenario/doc';
import { parseScenarioDoc, replayWork, SCENARIO_LIMITS } from '../../src/scenario/schema';
import { createRunner } from '../../src/worker/runner';
import type { FromWorker } from '../../src/worker/protocol';

const L = SCENARIO_LIMITS;

/** 12 brokers, 250 partitions at RF 3 and __consumer_offsets' 50 × 3: 300 partitions, 900 replicas. */
function widest(ratePerSec: number, groups: number): ScenarioSpec {
  const topics = Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 50, replicationFactor: 3 }));
  const perProducer = Math.min(L.maxProducerRatePerSec, ratePerSec / 2);
  return {
    name: 'worst link',
    cluster: { brokers: L.maxBrokers },
    topics,
    producers: [0, 1].map((i) => ({
      id: `p${i}`,
      topic: `t${i}`,
      ratePerSec: perProducer,
      keys: { kind: 'random' as const, prefix: 'k-', cardinality: 1000 },
    })),
    consumers: Array.from({ length: groups }, (_, i) => ({ id: `c${i}`, groupId: `g${i}`, topics: [`t${i % 2}`] })),
  };
}

/** The longest playhead a scenario may have within the replay budget (to the second). */
function longestPlayhead(scenario: ScenarioSpec): number {
  let lo = 0;
  let hi = L.maxTimeMs / 1000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (parseScenarioDoc(doc(scenario, mid * 1000)).ok) lo = mid;
    else hi = mid - 1;
  }
  return lo * 1000;
}

const doc = (scenario: ScenarioSpec, playheadMs: number): ScenarioDoc => ({ v: 2, seed: DEFAULT_SEED, scenario, commands: [], playheadMs });

export interface WorstLinkResult {
  name: string;
  simMs: number;
  records: number;
  replicaHours: number;
  wallMs: number;
  frames: number;
  slowestFrameMs: number;
  peakHeapMb: number;
  /** Heap still in use once the run is open, after a full GC (`node --expose-gc`), or null without one. */
  liveHeapMb: number | null;
}

/** Opens `d` as the worker would: a load, then frames until the run is open at its playhead. */
function open(name: string, d: ScenarioDoc): WorstLinkResult {
  const parsed = parseScenarioDoc(d);
  if (!parsed.ok) throw new Error(`${name}: not a valid link: ${parsed.error}`);
  const work = replayWork(d);
  const runner = createRunner({ now: () => performance.now() });
  let peak = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let tick = runner.handle(
    { type: 'load', scenario: d.scenario, seed: d.seed, playing: false, speed: 1, commands: d.commands, playheadMs: d.playheadMs },
    0,
  )[0] as FromWorker;
  let frames = 0;
  let slowest = 0;
  while (tick.type === 'tick' && tick.opening) {
    const f0 = performance.now();
    tick = runner.frame(performance.now()) ?? tick;
    slowest = Math.max(slowest, performance.now() - f0);
    frames++;
    if (frames % 200 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  if (tick.type !== 'tick') throw new Error(`${name}: ${JSON.stringify(tick)}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeapMb = gc ? Math.round(process.memoryUsage().heapUsed / 1048576) : null;
  return {
    name,
    simMs: work.simMs,
    records: tick.snapshot.stats.recordsProduced,
    replicaHours: work.replicaHours,
    wallMs: performance.now() - t0,
    frames,
    slowestFrameMs: slowest,
    peakHeapMb: Math.round(peak / 1048576),
    liveHeapMb,
  };
}

/** The heaviest links the limits allow: most records, most replica-hours, and the default scenario at 31 days. */
export function worstLinkBench(which?: string): WorstLinkResult[] {
  const cases: [string, () => ScenarioDoc][] = [
    [
      'records: 40,000 rec/s, 300 partitions (900 replicas), 3 groups',
      () => doc(widest(L.maxTotalProducerRatePerSec, 3), longestPlayhead(widest(L.maxTotalProducerRatePerSec, 3))),
    ],
    ['replica-hours: 300 partitions (900 replicas), 2 rec/s, 1 group', () => doc(widest(2, 1), longestPlayhead(widest(2, 1)))],
    ['default scenario, 31 days', () => doc(DEFAULT_SCENARIO, L.maxTimeMs)],
  ];
  return cases.filter(([name]) => !which || name.startsWith(which)).map(([name, make]) => open(name, make()));
}

export function formatWorstLink(r: WorstLinkResult): string {
  const simH = (r.simMs / 3_600_000).toFixed(1);
  return (
    `worst link · ${r.name}: ${simH} h simulated, ${r.records.toLocaleString('en')} records, ${Math.round(r.replicaHours).toLocaleString('en')} replica-hours → ` +
    `opened in ${(r.wallMs / 1000).toFixed(1)} s wall over ${r.frames.toLocaleString('en')} frames (slowest ${r.slowestFrameMs.toFixed(0)} ms: Stop answers within it) · heap: peak ${r.peakHeapMb} MB (garbage included), live once open ${r.liveHeapMb ?? '?'} MB`
  );
}
