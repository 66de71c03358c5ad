/**
 * Chart history: a bounded series of samples taken from successive snapshots. Pure functions, so
 * the store stays a projection and tests can feed snapshots directly.
 */
import { isInternalTopic } from '../engine';
import type { Snapshot } from '../engine';

/** How many partitions are in each kind of trouble (by the engine's flags on each partition). */
export interface PartitionTrouble {
  underReplicated: number;
  offline: number;
  underMinIsr: number;
}

/**
 * Partitions in trouble, the learner's topics apart from Kafka's internal ones (`__consumer_offsets`,
 * 50 partitions, hidden unless asked for): "3 under-replicated (+50 internal)", not "53" when 3 are
 * visible. Counts the engine's per-partition flags, which is what its totals (`stats`) add up.
 */
export function countPartitionTrouble(s: Snapshot | null): { user: PartitionTrouble; internal: PartitionTrouble } {
  const user: PartitionTrouble = { underReplicated: 0, offline: 0, underMinIsr: 0 };
  const internal: PartitionTrouble = { underReplicated: 0, offline: 0, underMinIsr: 0 };
  for (const p of s?.partitions ?? []) {
    const c = isInternalTopic(p.topic) ? internal : user;
    if (p.underReplicated) c.underReplicated++;
    if (p.offline) c.offline++;
    if (p.underMinIsr) c.underMinIsr++;
  }
  return { user, internal };
}

/** One sample of what the charts plot. Rates are per simulated second over the sample's interval. */
export interface SeriesPoint {
  timeMs: number;
  /** Records appended by leaders per second (producers' sends that reached the log). */
  produceRate: number;
  /** Records handed to applications by all consumer groups per second. */
  consumeRate: number;
  /** Partitions of the learner's topics in trouble (internal topics are counted apart, in `internal`). */
  underReplicated: number;
  offline: number;
  underMinIsr: number;
  /** Partitions of Kafka's internal topics in trouble. */
  internal: PartitionTrouble;
  /** Acknowledged-but-lost records so far (cumulative). */
  acknowledgedLost: number;
  /** Per consumer group: total lag in records, and the oldest unconsumed record's age in ms. */
  lag: Record<string, { records: number; ms: number }>;
  /** Cumulative counters the next sample's rates are computed from. */
  totals: { produced: number; consumed: number };
}

/** How many samples the charts keep. */
export const SERIES_LIMIT = 240;

/** Simulated ms between samples at a given speed: about four samples per wall second, at least one per simulated second. */
export function sampleIntervalMs(speed: number): number {
  return Math.max(1_000, Math.round(speed * 250));
}

function totalsOf(s: Snapshot): SeriesPoint['totals'] {
  let consumed = 0;
  for (const g of s.groups) consumed += g.stats.processed;
  return { produced: s.stats.recordsProduced, consumed };
}

/** The sample a snapshot contributes, given the previous one (rates need a previous sample). */
function samplePoint(s: Snapshot, previous: SeriesPoint | undefined): SeriesPoint {
  const totals = totalsOf(s);
  const dtSec = previous ? (s.timeMs - previous.timeMs) / 1000 : 0;
  const rate = (now: number, before: number) => (dtSec > 0 ? Math.max(0, now - before) / dtSec : 0);
  const lag: SeriesPoint['lag'] = {};
  for (const g of s.groups) {
    let ms = 0;
    for (const p of g.partitions) ms = Math.max(ms, p.lagMs ?? 0);
    lag[g.groupId] = { records: g.totalLag, ms };
  }
  const trouble = countPartitionTrouble(s);
  return {
    timeMs: s.timeMs,
    produceRate: previous ? rate(totals.produced, previous.totals.produced) : 0,
    consumeRate: previous ? rate(totals.consumed, previous.totals.consumed) : 0,
    ...trouble.user,
    internal: trouble.internal,
    acknowledgedLost: s.stats.acknowledgedLost,
    lag,
    totals,
  };
}

/**
 * Adds a sample when enough simulated time has passed since the last one; returns the same array
 * when nothing was added (so subscribers do not re-render). A snapshot earlier than the last
 * sample (a reset or a seek) starts a new series.
 */
export function appendSample(series: readonly SeriesPoint[], s: Snapshot, speed: number): readonly SeriesPoint[] {
  const last = series.at(-1);
  if (last && s.timeMs < last.timeMs) return [samplePoint(s, undefined)];
  if (last && s.timeMs - last.timeMs < sampleIntervalMs(speed)) return series;
  const next = series.length >= SERIES_LIMIT ? series.slice(series.length - SERIES_LIMIT + 1) : series.slice();
  next.push(samplePoint(s, last));
  return next;
}
