import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { appendSample, countPartitionTrouble, SERIES_LIMIT, sampleIntervalMs } from '../../src/store/series';
import type { SeriesPoint } from '../../src/store/series';

describe('chart series', () => {
  it('samples at most once per interval, with rates per simulated second', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 2 });
    let series: readonly SeriesPoint[] = [];
    for (let t = 0; t < 30; t++) {
      sim.advance(500);
      series = appendSample(series, sim.snapshot(), 1);
    }
    expect(series.length).toBe(15); // every 1000 ms at speed 1
    const steady = series.slice(-5);
    // The default producer sends 2 records/s; every point after warm-up reports about that.
    for (const p of steady) expect(p.produceRate).toBeGreaterThan(0.5);
    const mean = steady.reduce((n, p) => n + p.produceRate, 0) / steady.length;
    expect(mean).toBeGreaterThan(1);
    expect(mean).toBeLessThan(3.5);
    expect(series.at(-1)!.lag['billing']).toBeDefined();
  });

  it('returns the same array when no sample is due (no re-render), and starts over when time goes back', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 2 });
    sim.advance(2000);
    const a = appendSample([], sim.snapshot(), 1);
    expect(appendSample(a, sim.snapshot(), 1)).toBe(a);
    const fresh = createSimulation(DEFAULT_SCENARIO, { seed: 2 });
    const restarted = appendSample(a, fresh.snapshot(), 1);
    expect(restarted).toHaveLength(1);
    expect(restarted[0]!.timeMs).toBe(0);
  });

  it('keeps a bounded window and samples less often at high speed', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 2 });
    let series: readonly SeriesPoint[] = [];
    for (let i = 0; i < SERIES_LIMIT + 50; i++) {
      sim.advance(1000);
      series = appendSample(series, sim.snapshot(), 1);
    }
    expect(series).toHaveLength(SERIES_LIMIT);
    expect(sampleIntervalMs(1000)).toBe(250_000);
    expect(sampleIntervalMs(0.1)).toBe(1000);
  });

  it('counts partitions in trouble of user topics and internal topics apart, adding up to the engine’s totals', () => {
    const sim = createSimulation(DEFAULT_SCENARIO, { seed: 2 });
    sim.advance(3_000);
    sim.apply({ type: 'crashBroker', brokerId: 2 });
    sim.advance(30_000);
    const snap = sim.snapshot();
    const { user, internal } = countPartitionTrouble(snap);
    expect(user.underReplicated).toBe(3);
    expect(internal.underReplicated).toBeGreaterThan(0);
    expect(user.underReplicated + internal.underReplicated).toBe(snap.stats.underReplicatedPartitions);
    expect(user.offline + internal.offline).toBe(snap.stats.offlinePartitions);
    expect(user.underMinIsr + internal.underMinIsr).toBe(snap.stats.underMinIsrPartitions);
    const point = appendSample([], snap, 1)[0]!;
    expect(point).toMatchObject({ underReplicated: 3, internal: { underReplicated: internal.underReplicated } });
  });
});
