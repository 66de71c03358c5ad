/**
 * Property tests of consumer groups: Kafka's guarantees for consumers under random membership
 * changes and faults (KAFKA-SEMANTICS.md §3, §4 "What each reader can see", §6, §8).
 *
 * Each generated case (test/helpers/arbitraries.ts `consumerCaseArb`) is a small cluster — 3 brokers,
 * 1–2 topics of 1–4 partitions (RF 3), `offsets.topic.num.partitions` 1–5, 1–2 producers — with 1–5
 * consumers in 1–2 groups (range, roundrobin, sticky, cooperative-sticky or the default
 * "range,cooperative-sticky"; static or dynamic; auto-commit or commit-after-each-batch; short
 * session timeouts), running 20–60 simulated seconds with random consumer crashes and restarts,
 * removals and re-adds, late joins, processing-rate changes, broker crashes and restarts (some
 * timed to hit a group's coordinator in the middle of a rebalance), slow brokers and, in "chaos"
 * cases, retention changes (small retention.ms and segment.ms) and auto.offset.reset latest/none.
 * Then every fault is healed (brokers restarted at full speed, crashed consumers restarted,
 * producers paused, consumers processing instantly) and the run continues for 60 quiet seconds.
 *
 * A checked run advances one task at a time (`step`) and checks after every task. One run checks
 * every invariant at once and is memoised by case: fast-check's global seed is pinned in
 * test/setup.ts, so each property below is handed the same 500 cases and only the first pays for
 * the simulations. Each property still asserts on 500 generated cases; a failing property shrinks
 * on its own (new cases run fresh).
 *
 * Definitions used below:
 * - A consumer is a *member* of its group when it is running and the coordinator still knows its
 *   member id. A zombie the coordinator already removed (session expired, or it left the group after
 *   max.poll.interval.ms) is not a member, as in Kafka, even while it still finishes the records it
 *   holds; it gives them up as lost before it rejoins.
 * - The *exposed high watermark* of a partition is the highest value a leader has moved its HW to so
 *   far (highWatermarkMoved; a follower's HW never passes its leader's). Consumers read below the HW
 *   of the leader they fetch from, so every record they see, and every offset a group commits, must
 *   stay at or below it. (A newly elected leader may briefly carry a lower, stale HW — KIP-207 — so
 *   the comparison is with the highest value exposed, not the current one.)
 * - An *assignment span* of one consumer and one partition runs from the partitionsAssigned that
 *   gives it the partition (or a reset of its position) until the partition is revoked or lost, the
 *   position is reset (offsetReset), or the consumer crashes, restarts or is removed. Within a span,
 *   the recordsConsumed ranges are strictly increasing: each starts at or after the end of the
 *   previous one (and, in lossless cases, exactly at it: no gap). Across spans a consumer may go back
 *   (it resumes from the committed offset): those are the duplicates Kafka's at-least-once delivery
 *   allows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { consumerCaseArb } from '../helpers/arbitraries';
import type { ConsumerCase } from '../helpers/arbitraries';
import { runConsumerCase } from '../helpers/case-runs';
import type { ConsumerReport } from '../helpers/case-runs';

const NUM_RUNS = 500;
/** Retention changes, auto.offset.reset latest/none: records may legitimately be skipped. */
const chaosCases = consumerCaseArb(false);
/** auto.offset.reset=earliest and retention never changes: nothing below the HW may be skipped. */
const losslessCases = consumerCaseArb(true);
const reports = new Map<string, ConsumerReport>();

function reportOf(c: ConsumerCase): ConsumerReport {
  const key = JSON.stringify(c);
  let r = reports.get(key);
  if (!r) {
    r = runConsumerCase(c, { check: true });
    reports.set(key, r);
  }
  return r;
}

describe('consumer groups under random faults', () => {
  it('a partition is in at most one member’s assignment at a time, after every task (mid-rebalance too, eager and cooperative)', () => {
    fc.assert(
      fc.property(chaosCases, (c) => {
        expect(reportOf(c).ownership).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a committed offset never exceeds the high watermark, and no consumer sees a record at or above it', () => {
    // Checked on every offsetsCommitted / groupOffsetsReset and every recordsConsumed, against the
    // highest HW the partition has exposed so far.
    fc.assert(
      fc.property(chaosCases, (c) => {
        expect(reportOf(c).bounds).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('lag is never negative: every second, each partition’s lag = max(0, HW − committed) ≥ 0, lagMs ≥ 0, totalLag is their sum', () => {
    fc.assert(
      fc.property(chaosCases, (c) => {
        expect(reportOf(c).lag).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a consumer sees each partition’s records in increasing offset order within an assignment span, and only partitions it owns', () => {
    fc.assert(
      fc.property(chaosCases, (c) => {
        expect(reportOf(c).order).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('no loss with earliest and no retention change: after healing every group is Stable, every record below the HW reached each group, and its committed offset is the HW', () => {
    // Also: the order invariant without gaps, ownership, bounds and lag, on these cases too.
    fc.assert(
      fc.property(losslessCases, (c) => {
        const r = reportOf(c);
        expect(r.delivery).toEqual([]);
        expect(r.order).toEqual([]);
        expect(r.ownership).toEqual([]);
        expect(r.bounds).toEqual([]);
        expect(r.lag).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('determinism: the same case and seed give the same event-log hash, stepped task by task or advanced in chunks', () => {
    fc.assert(
      fc.property(chaosCases, (c) => {
        expect(runConsumerCase(c, { check: false }).hash).toBe(reportOf(c).hash);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the generated cases exercise what the properties are about', () => {
    // Not a Kafka property: a guard that the generators keep producing rebalances of both kinds,
    // duplicates, coordinator moves (also mid-rebalance), out-of-range resets, poll timeouts and static rejoins.
    const total = {
      cases: 0,
      consuming: 0,
      rebalances: 0,
      duplicates: 0,
      cooperative: 0,
      eager: 0,
      coordinatorMoves: 0,
      midRebalanceCrashes: 0,
      outOfRange: 0,
      pollTimeouts: 0,
      staticRejoins: 0,
    };
    for (const c of [...fc.sample(chaosCases, { numRuns: NUM_RUNS }), ...fc.sample(losslessCases, { numRuns: NUM_RUNS })]) {
      const s = reportOf(c).stats;
      total.cases++;
      if (s.consumed > 0) total.consuming++;
      if (s.rebalances >= 2) total.rebalances++;
      if (s.duplicates > 0) total.duplicates++;
      if (s.cooperativeRevocations > 0) total.cooperative++;
      if (s.eagerRevocations > 0) total.eager++;
      if (s.coordinatorMoves > 0) total.coordinatorMoves++;
      if (s.outOfRangeResets > 0) total.outOfRange++;
      if (s.pollTimeouts > 0) total.pollTimeouts++;
      if (s.staticRejoins > 0) total.staticRejoins++;
      if (s.coordinatorCrashesMidRebalance > 0) total.midRebalanceCrashes++;
    }
    expect(total.consuming).toBeGreaterThan(total.cases * 0.8);
    expect(total.rebalances).toBeGreaterThan(total.cases * 0.3);
    for (const k of ['duplicates', 'cooperative', 'eager', 'coordinatorMoves', 'midRebalanceCrashes', 'outOfRange', 'pollTimeouts', 'staticRejoins'] as const)
      expect(total[k], k).toBeGreaterThan(10);
  });
});
