/**
 * Scenario tests of consumers and consumer groups: whole simulations asserting on drained events and
 * snapshots. Each cites the Kafka behaviour it checks (/work/shared/KAFKA-SEMANTICS.md §3 assignors,
 * §4 "What each reader can see", §6 "A consumer below the log start offset", §8 consumer groups).
 */
import { describe, expect, it } from 'vitest';
import { assignPartitions, createSimulation, hashEvents, javaStringHashCode, offsetsPartitionFor } from '../../src/engine';
import type { ConfigValue, ConsumerSpec, OffsetResetTarget, ProducerSpec, ScenarioSpec, SimEvent, Simulation, TopicSpec } from '../../src/engine';
import { JAVA_STRING_HASH_CODE } from '../fixtures/kafka-hash-vectors';
import { advanceCollect, advanceUntilEvent, leaderLog, ofType, partitionOf } from '../helpers/sim';
import { checkGroupOwnership } from '../helpers/invariants';

/** A 3-broker cluster with a small __consumer_offsets (5 partitions) so groups start fast. */
function scenario(o: {
  topics?: TopicSpec[];
  producers?: ProducerSpec[];
  consumers?: ConsumerSpec[];
  brokerConfigs?: Record<string, ConfigValue>;
  brokers?: number;
  controllers?: number;
}): ScenarioSpec {
  return {
    cluster: { brokers: o.brokers ?? 3, controllers: o.controllers, configs: { 'offsets.topic.num.partitions': 5, ...o.brokerConfigs } },
    topics: o.topics ?? [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: o.producers ?? [],
    consumers: o.consumers ?? [],
  };
}

/** A producer at `ratePerSec` with random keys, so every partition gets records. */
function producer(ratePerSec: number, topic = 'orders', configs: Record<string, ConfigValue> = {}): ProducerSpec {
  return { id: `p-${topic}`, topic, ratePerSec, keys: { kind: 'random', prefix: 'k', cardinality: 100 }, configs };
}

function consumer(id: string, groupId: string, o: Partial<ConsumerSpec> & { configs?: Record<string, ConfigValue> } = {}): ConsumerSpec {
  return { id, groupId, topics: o.topics ?? ['orders'], ...o, configs: { 'auto.offset.reset': 'earliest', ...o.configs } };
}

/** Every `recordsConsumed` of a group merged into per-partition sorted, disjoint ranges. */
function consumedRanges(events: readonly SimEvent[], groupId: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const e of ofType(events, 'recordsConsumed')) {
    if (e.groupId !== groupId) continue;
    const k = `${e.topic}-${e.partition}`;
    out.set(k, [...(out.get(k) ?? []), [e.baseOffset, e.endOffset]]);
  }
  for (const [k, list] of out) {
    const merged: [number, number][] = [];
    for (const [a, b] of list.sort((x, y) => x[0] - y[0])) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    out.set(k, merged);
  }
  return out;
}

function groupOf(sim: Simulation, groupId: string) {
  const g = sim.snapshot().groups.find((x) => x.groupId === groupId);
  if (!g) throw new Error(`no group ${groupId}`);
  return g;
}

function hwOf(sim: Simulation, topic: string, partition: number): number {
  const p = partitionOf(sim, topic, partition);
  return p.logs[p.leader]!.highWatermark;
}

/** Java's String.hashCode computed independently of the engine: Σ s[i]·31^(n−1−i) mod 2^32, as a signed int. */
function javaHash(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = (h * 31n + BigInt(s.charCodeAt(i))) % 2n ** 32n;
  return Number(BigInt.asIntN(32, h));
}

// ---------------------------------------------------------------------------------------------

describe('reading does not delete: groups read independently (§8, "Committed offsets are stored in __consumer_offsets")', () => {
  it('two groups each read every record, with their own committed offsets; the log keeps every record', () => {
    const sim = createSimulation(
      scenario({
        producers: [producer(40)],
        consumers: [consumer('fast', 'billing'), consumer('slow', 'audit', { processingRatePerSec: 10 })],
      }),
      { seed: 11 },
    );
    const events = advanceCollect(sim, 20_000, 500);
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    const mid = sim.snapshot();
    const billing = mid.groups.find((g) => g.groupId === 'billing')!;
    const audit = mid.groups.find((g) => g.groupId === 'audit')!;
    // Each group keeps its own committed offset per partition; the slow one is behind.
    for (let p = 0; p < 3; p++) {
      const b = billing.partitions.find((x) => x.partition === p)!;
      const a = audit.partitions.find((x) => x.partition === p)!;
      expect(b.committedOffset).not.toBeNull();
      expect(a.committedOffset).not.toBeNull();
      expect(a.committedOffset!).toBeLessThan(b.committedOffset!);
    }
    expect(audit.totalLag).toBeGreaterThan(billing.totalLag);
    events.push(...advanceCollect(sim, 120_000, 1000));
    for (const groupId of ['billing', 'audit']) {
      const ranges = consumedRanges(events, groupId);
      for (let p = 0; p < 3; p++) {
        const hw = hwOf(sim, 'orders', p);
        expect(hw).toBeGreaterThan(50);
        // One contiguous range [0, HW): every record reached this group.
        expect(ranges.get(`orders-${p}`), `${groupId} orders-${p}`).toEqual([[0, hw]]);
        expect(groupOf(sim, groupId).partitions.find((x) => x.partition === p)!.committedOffset).toBe(hw);
      }
    }
    // Consuming deleted nothing: the log still starts at 0 and every record is readable.
    for (let p = 0; p < 3; p++) {
      expect(leaderLog(sim, 'orders', p).logStartOffset).toBe(0);
      expect(sim.readRecords('orders', p, 0, 1000)).toHaveLength(hwOf(sim, 'orders', p));
    }
    expect(ofType(events, 'segmentDeleted')).toEqual([]);
  });
});

describe('a group spreads partitions over its members (§3 Range, §8)', () => {
  it('range: contiguous per-topic ranges in member order (Java String order of member ids), the same as assignPartitions', () => {
    // Added in the order c2, c10, c1: member ids c2-1, c10-2, c1-3, which sort "c1-3" < "c10-2" < "c2-1".
    const topics = ['orders', 'payments'];
    const sim = createSimulation(
      scenario({
        topics: [
          { name: 'orders', partitions: 7, replicationFactor: 3 },
          { name: 'payments', partitions: 3, replicationFactor: 3 },
        ],
        consumers: ['c2', 'c10', 'c1'].map((id) => consumer(id, 'g', { topics, configs: { 'partition.assignment.strategy': 'range' } })),
      }),
      { seed: 3 },
    );
    const events = advanceCollect(sim, 10_000, 100);
    const rebalanced = ofType(events, 'groupRebalanced');
    expect(rebalanced).toHaveLength(1);
    expect(rebalanced[0]).toMatchObject({ groupId: 'g', generation: 1, protocol: 'range' });
    const g = groupOf(sim, 'g');
    expect(g.state).toBe('Stable');
    expect(g.members.map((m) => m.memberId).sort()).toEqual(['c1-3', 'c10-2', 'c2-1']);
    const expected = assignPartitions(
      'range',
      g.members.map((m) => ({ id: m.memberId, topics })),
      { orders: 7, payments: 3 },
    );
    const byConsumer = new Map(rebalanced[0]!.assignment.map((a) => [a.consumerId, a.partitions]));
    for (const m of g.members) {
      const want = expected[m.memberId]!.map((tp) => `${tp.topic}-${tp.partition}`);
      expect(byConsumer.get(m.consumerId)).toEqual(want);
      const assigned = ofType(events, 'partitionsAssigned').filter((e) => e.consumerId === m.consumerId);
      expect(assigned).toHaveLength(1);
      expect(assigned[0]!.partitions).toEqual(want);
      expect(assigned[0]!.generation).toBe(1);
      expect(sim.snapshot().consumers.find((c) => c.id === m.consumerId)!.assignment).toEqual(want);
    }
    // RangeAssignor: 7 partitions over 3 members → 3, 2, 2; the first member in order gets the extra one.
    expect(byConsumer.get('c1')).toEqual(['orders-0', 'orders-1', 'orders-2', 'payments-0']);
    expect(byConsumer.get('c10')).toEqual(['orders-3', 'orders-4', 'payments-1']);
    expect(byConsumer.get('c2')).toEqual(['orders-5', 'orders-6', 'payments-2']);
    expect(g.protocol).toBe('range');
  });

  it('with the default strategy "range,cooperative-sticky" every member votes range (ClassicGroup.selectProtocol)', () => {
    const sim = createSimulation(scenario({ consumers: [consumer('a', 'g'), consumer('b', 'g')] }), { seed: 5 });
    const events = advanceCollect(sim, 10_000, 100);
    expect(ofType(events, 'groupRebalanced').map((e) => e.protocol)).toEqual(['range']);
    expect(sim.snapshot().consumers.every((c) => !c.cooperative)).toBe(true);
  });

  it('more consumers than partitions: the extra members are idle (partitionsAssigned with [] and snapshot idle)', () => {
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
        producers: [producer(20)],
        consumers: ['a', 'b', 'c', 'd'].map((id) => consumer(id, 'g')),
      }),
      { seed: 4 },
    );
    const events = advanceCollect(sim, 10_000, 100);
    const assigned = ofType(events, 'partitionsAssigned');
    expect(assigned).toHaveLength(4);
    const idle = assigned.filter((e) => e.partitions.length === 0).map((e) => e.consumerId);
    expect(idle).toHaveLength(2);
    const snap = sim.snapshot();
    for (const c of snap.consumers) {
      expect(c.status).toBe('stable');
      expect(c.idle).toBe(idle.includes(c.id));
      expect(c.assignment.length).toBe(idle.includes(c.id) ? 0 : 1);
    }
    // Idle members consume nothing but stay in the group (they heartbeat).
    expect(ofType(events, 'recordsConsumed').some((e) => idle.includes(e.consumerId))).toBe(false);
    expect(snap.groups[0]!.members).toHaveLength(4);
  });
});

describe('liveness: a crashed consumer loses its partitions only after session.timeout.ms (§8 Liveness)', () => {
  it('the coordinator removes it session.timeout.ms after it last heard from it; only then do its partitions move', () => {
    const configs = { 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 3000, 'partition.assignment.strategy': 'range' };
    const sim = createSimulation(scenario({ producers: [producer(30)], consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })] }), {
      seed: 21,
    });
    advanceCollect(sim, 12_345, 100);
    const before = sim.snapshot().consumers.find((c) => c.id === 'a')!;
    expect(before.assignment.length).toBeGreaterThan(0);
    sim.apply({ type: 'crashConsumer', consumerId: 'a' });
    const crashMs = sim.nowMs;
    // Requests already on the wire still arrive; after that the coordinator hears nothing more.
    const events = advanceCollect(sim, 50, 10);
    const member = sim.state.groups['g']!.members[before.memberId!]!;
    const lastHeardMs = member.lastHeartbeatMs;
    expect(lastHeardMs).toBeLessThanOrEqual(crashMs + 50);
    expect(crashMs - lastHeardMs).toBeLessThan(3000 + 10); // heartbeats (and commits) every ≤ 3 s
    events.push(...advanceCollect(sim, 20_000, 100));
    const left = ofType(events, 'memberLeft');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ consumerId: 'a', timeMs: lastHeardMs + 10_000 });
    expect(left[0]!.reason).toContain('session timeout');
    // Nothing moved before the session expired; afterwards b owns everything.
    const moved = ofType(events, 'groupRebalanced');
    expect(moved.length).toBeGreaterThanOrEqual(1);
    expect(moved[0]!.timeMs).toBeGreaterThanOrEqual(left[0]!.timeMs);
    expect(ofType(events, 'partitionsAssigned').every((e) => e.timeMs >= left[0]!.timeMs)).toBe(true);
    expect(ofType(events, 'rebalanceStarted')[0]!.timeMs).toBe(left[0]!.timeMs);
    expect(sim.snapshot().consumers.find((c) => c.id === 'b')!.assignment).toEqual(['orders-0', 'orders-1', 'orders-2']);
    // Until then a's partitions were not consumed by anyone.
    const stalled = ofType(events, 'recordsConsumed').filter((e) => before.assignment.includes(`${e.topic}-${e.partition}`));
    expect(stalled.length).toBeGreaterThan(0); // b did consume them, afterwards
    expect(stalled.every((e) => e.timeMs > left[0]!.timeMs)).toBe(true);
  });
});

describe('duplicates: processed but not committed means processed again (§8 Auto-commit)', () => {
  it('a consumer that crashes between auto-commits: its successor re-processes from the committed offset, and the group counts the duplicates', () => {
    const configs = { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000, 'auto.commit.interval.ms': 5000, 'partition.assignment.strategy': 'range' };
    const sim = createSimulation(scenario({ producers: [producer(50)], consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })] }), {
      seed: 8,
    });
    const events = advanceCollect(sim, 8000, 100);
    // Crash a just before its next auto-commit: about 4.5 s of processed records are not committed.
    const commit = advanceUntilEvent(sim, (e) => e.type === 'offsetsCommitted' && e.consumerId === 'a', 6000, 1, events);
    expect(commit).toBeDefined();
    events.push(...advanceCollect(sim, 4500, 100));
    const aPartitions = sim.snapshot().consumers.find((c) => c.id === 'a')!.assignment;
    sim.apply({ type: 'crashConsumer', consumerId: 'a' });
    events.push(...advanceCollect(sim, 30, 10)); // anything already on the wire lands
    const committedAtCrash = new Map(groupOf(sim, 'g').partitions.map((p) => [`${p.topic}-${p.partition}`, p.committedOffset ?? 0]));
    let expectedDuplicates = 0;
    for (const k of aPartitions) {
      const reached = Math.max(
        ...ofType(events, 'recordsConsumed')
          .filter((e) => e.consumerId === 'a' && `${e.topic}-${e.partition}` === k)
          .map((e) => e.endOffset),
      );
      expect(reached).toBeGreaterThan(committedAtCrash.get(k)!);
      expectedDuplicates += reached - committedAtCrash.get(k)!;
    }
    events.push(...advanceCollect(sim, 20_000, 100));
    const g = groupOf(sim, 'g');
    expect(g.stats.duplicates).toBe(expectedDuplicates);
    const dupEvents = ofType(events, 'recordsConsumed').filter((e) => e.duplicates > 0);
    expect(dupEvents.every((e) => e.consumerId === 'b' && aPartitions.includes(`${e.topic}-${e.partition}`))).toBe(true);
    expect(dupEvents.reduce((n, e) => n + e.duplicates, 0)).toBe(expectedDuplicates);
    expect(sim.snapshot().consumers.find((c) => c.id === 'b')!.stats.duplicates).toBe(expectedDuplicates);
    // b resumed each of a's partitions exactly at the committed offset.
    for (const k of aPartitions) {
      const first = ofType(events, 'recordsConsumed').find((e) => e.consumerId === 'b' && `${e.topic}-${e.partition}` === k)!;
      expect(first.baseOffset).toBe(committedAtCrash.get(k));
    }
  });

  it('a clean eager rebalance (a member joins) commits before revoking: no commit fails and nothing is processed twice', () => {
    // ConsumerCoordinator.onJoinPrepare commits synchronously; the coordinator accepts the commit in
    // PreparingRebalance (ClassicGroup.validateOffsetCommit refuses only in CompletingRebalance).
    const configs = { 'partition.assignment.strategy': 'range' };
    const sim = createSimulation(scenario({ producers: [producer(50)], consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })] }), {
      seed: 9,
    });
    advanceCollect(sim, 10_000, 100);
    sim.apply({ type: 'addConsumer', consumer: consumer('c', 'g', { configs }) });
    const events = advanceCollect(sim, 15_000, 100);
    expect(
      ofType(events, 'partitionsRevoked')
        .map((e) => e.consumerId)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(ofType(events, 'consumerError')).toEqual([]);
    // The commits made while the group was PreparingRebalance were accepted.
    const started = ofType(events, 'rebalanceStarted')[0]!;
    const done = ofType(events, 'groupRebalanced')[0]!;
    expect(ofType(events, 'offsetsCommitted').some((e) => e.timeMs > started.timeMs && e.timeMs < done.timeMs)).toBe(true);
    expect(groupOf(sim, 'g').stats.duplicates).toBe(0);
    const consumed = ofType(events, 'recordsConsumed');
    expect(consumed.length).toBeGreaterThan(0);
    expect(consumed.every((e) => e.duplicates === 0)).toBe(true);
  });
});

describe('lag (§8 Lag: LAG = HW − committed offset, as kafka-consumer-groups.sh shows it)', () => {
  it('a slow consumer builds lag: lag = HW − committed, and lagMs (age of the oldest uncommitted record) grows', () => {
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [producer(50)],
        consumers: [consumer('slow', 'g', { processingRatePerSec: 5, configs: { 'auto.commit.interval.ms': 1000, 'max.poll.records': 10 } })],
      }),
      { seed: 13 },
    );
    const samples: { lag: number; lagMs: number; hw: number; committed: number }[] = [];
    for (let i = 0; i < 4; i++) {
      advanceCollect(sim, 10_000, 1000);
      const view = groupOf(sim, 'g');
      const p = view.partitions[0]!;
      expect(p.committedOffset).not.toBeNull();
      expect(p.highWatermark).toBe(hwOf(sim, 'orders', 0));
      expect(p.lag).toBe(p.highWatermark - p.committedOffset!);
      expect(view.totalLag).toBe(p.lag);
      // lagMs: how long ago the record at the committed offset was written.
      const oldest = sim.readRecords('orders', 0, p.committedOffset!, 1)[0]!;
      expect(p.lagMs).toBe(sim.nowMs - oldest.timestampMs);
      expect(p.owner).toBe('slow');
      expect(p.position!).toBeGreaterThanOrEqual(p.committedOffset!);
      samples.push({ lag: p.lag!, lagMs: p.lagMs!, hw: p.highWatermark, committed: p.committedOffset! });
    }
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]!.lag).toBeGreaterThan(samples[i - 1]!.lag);
      expect(samples[i]!.lagMs).toBeGreaterThan(samples[i - 1]!.lagMs);
      expect(samples[i]!.committed).toBeGreaterThan(samples[i - 1]!.committed); // it does make progress, at ~5 records/s
    }
    // The lag grows at about the difference of the rates (50 − 5 per second).
    expect(samples[3]!.lag - samples[0]!.lag).toBeGreaterThan(30 * 40);
    // Once the producer stops and the consumer speeds up, the lag drains to 0.
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    sim.apply({ type: 'updateConsumer', consumerId: 'slow', processingRatePerSec: 0 });
    advanceCollect(sim, 120_000, 5000);
    expect(groupOf(sim, 'g').partitions[0]).toMatchObject({ lag: 0, lagMs: 0 });
  });
});

describe('a consumer below the log start offset (§6): OFFSET_OUT_OF_RANGE, then auto.offset.reset', () => {
  /** Retention deletes a segment every second or so; the consumer crawls at 2 records/s and falls behind it. */
  function run(policy: 'earliest' | 'latest' | 'none') {
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'retention.ms': 5000, 'segment.ms': 1000 } }],
        brokerConfigs: { 'log.retention.check.interval.ms': 1000, 'log.initial.task.delay.ms': 0 },
        producers: [producer(20)],
        // Start from the beginning (a first reset with earliest), then the policy under test applies when out of range.
        consumers: [consumer('slow', 'g', { processingRatePerSec: 2, configs: { 'max.poll.records': 5, 'auto.offset.reset': 'earliest' } })],
      }),
      { seed: 17 },
    );
    const events = advanceCollect(sim, 4000, 100); // group.initial.rebalance.delay.ms is 3 s
    expect(ofType(events, 'offsetReset')).toMatchObject([{ reason: 'no committed offset', policy: 'earliest', to: 0 }]);
    sim.apply({ type: 'updateConsumer', consumerId: 'slow', configs: { 'auto.offset.reset': policy } });
    events.push(...advanceCollect(sim, 90_000, 500));
    return { sim, events };
  }

  for (const policy of ['earliest', 'latest'] as const) {
    it(`auto.offset.reset=${policy}: the consumer jumps to the ${policy === 'earliest' ? 'log start offset' : 'high watermark'} and the group counts the records retention took`, () => {
      const { sim, events } = run(policy);
      const resets = ofType(events, 'offsetReset').filter((e) => e.reason === 'out of range');
      expect(resets.length).toBeGreaterThan(0);
      expect(ofType(events, 'segmentDeleted').length).toBeGreaterThan(0);
      let skipped = 0;
      for (const r of resets) {
        expect(r).toMatchObject({ consumerId: 'slow', groupId: 'g', policy, topic: 'orders', partition: 0 });
        // The fetch position fell below the log start offset at the time of the reset.
        const deleted = ofType(events, 'segmentDeleted').filter((e) => e.timeMs <= r.timeMs && e.brokerId === partitionOf(sim, 'orders', 0).leader);
        const logStart = Math.max(...deleted.map((e) => e.logStartOffset));
        expect(r.from!).toBeLessThan(logStart);
        expect(r.skippedByRetention).toBe(logStart - r.from!);
        if (policy === 'earliest') expect(r.to).toBe(logStart);
        else expect(r.to).toBeGreaterThan(logStart);
        skipped += r.skippedByRetention;
        // Consumption resumes exactly where the reset put the position.
        const next = ofType(events, 'recordsConsumed').find((e) => e.timeMs >= r.timeMs);
        expect(next?.baseOffset).toBe(r.to);
      }
      const stats = groupOf(sim, 'g').stats;
      expect(stats.skippedByRetention).toBe(skipped);
      if (policy === 'latest') expect(stats.skippedByReset).toBe(resets.reduce((n, r) => n + (r.to - (r.from! + r.skippedByRetention)), 0));
      else expect(stats.skippedByReset).toBe(0);
      expect(ofType(events, 'consumerError')).toEqual([]);
    });
  }

  it('auto.offset.reset=none: OffsetOutOfRangeException, and the consumer stops reading the partition', () => {
    const { events } = run('none');
    const errors = ofType(events, 'consumerError');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error.name).toBe('OffsetOutOfRangeException');
    expect(ofType(events, 'offsetReset').filter((e) => e.reason === 'out of range')).toEqual([]);
    expect(ofType(events, 'recordsConsumed').some((e) => e.timeMs > errors[0]!.timeMs + 1000)).toBe(false);
  });

  it('auto.offset.reset=none with no committed offset: NoOffsetForPartitionException for each partition, nothing consumed', () => {
    const sim = createSimulation(scenario({ producers: [producer(20)], consumers: [consumer('strict', 'g', { configs: { 'auto.offset.reset': 'none' } })] }), {
      seed: 18,
    });
    const events = advanceCollect(sim, 15_000, 500);
    const errors = ofType(events, 'consumerError');
    expect(errors.map((e) => e.error.name)).toEqual(['NoOffsetForPartitionException', 'NoOffsetForPartitionException', 'NoOffsetForPartitionException']);
    expect(errors.map((e) => e.error.message).sort()).toEqual([0, 1, 2].map((p) => `Undefined offset with no reset policy for partitions: [orders-${p}]`));
    expect(ofType(events, 'recordsConsumed')).toEqual([]);
    expect(ofType(events, 'offsetReset')).toEqual([]);
    // A committed offset (set by an admin while the group is empty) is what such a consumer needs.
    sim.apply({ type: 'removeConsumer', consumerId: 'strict' });
    advanceCollect(sim, 1000, 100);
    expect(sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to: { kind: 'earliest' } })).toEqual({ ok: true });
    sim.apply({ type: 'addConsumer', consumer: consumer('strict', 'g', { configs: { 'auto.offset.reset': 'none' } }) });
    const after = advanceCollect(sim, 10_000, 500);
    expect(ofType(after, 'consumerError')).toEqual([]);
    expect(ofType(after, 'recordsConsumed').length).toBeGreaterThan(0);
  });
});

describe('eager vs cooperative rebalancing (§3 CooperativeSticky, ConsumerCoordinator.onJoinPrepare)', () => {
  /** Two members share 6 partitions; a third joins at 10 s. */
  function run(strategy: 'range' | 'cooperative-sticky') {
    const configs = { 'partition.assignment.strategy': strategy, 'heartbeat.interval.ms': 1000 };
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
        producers: [producer(60)],
        consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })],
      }),
      { seed: 31 },
    );
    advanceCollect(sim, 10_000, 100);
    const before = new Map(sim.snapshot().consumers.map((c) => [c.id, c.assignment]));
    sim.apply({ type: 'addConsumer', consumer: consumer('c', 'g', { configs }) });
    const violations: string[] = [];
    const events = advanceCollect(sim, 20_000, 1, () => violations.push(...checkGroupOwnership(sim.state)));
    return { sim, events, before, violations };
  }

  it('range (eager): every member revokes everything it owns before rejoining; one rebalance', () => {
    const { sim, events, before, violations } = run('range');
    const revoked = ofType(events, 'partitionsRevoked');
    expect(revoked.map((e) => [e.consumerId, e.protocol, e.partitions]).sort()).toEqual([
      ['a', 'eager', before.get('a')],
      ['b', 'eager', before.get('b')],
    ]);
    expect(ofType(events, 'groupRebalanced')).toHaveLength(1);
    expect(ofType(events, 'groupRebalanced')[0]!.protocol).toBe('range');
    // After the rebalance every member is handed its whole new assignment again.
    const assigned = ofType(events, 'partitionsAssigned');
    expect(assigned.map((e) => e.consumerId).sort()).toEqual(['a', 'b', 'c']);
    expect(assigned.flatMap((e) => e.partitions).sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5']);
    expect(sim.snapshot().consumers.every((c) => c.assignment.length === 2)).toBe(true);
    // Stop-the-world: between revoking and being assigned again, nobody consumes anything.
    const from = Math.min(...revoked.map((e) => e.timeMs));
    const to = Math.min(...assigned.map((e) => e.timeMs));
    expect(to).toBeGreaterThan(from);
    expect(ofType(events, 'recordsConsumed').filter((e) => e.timeMs > from && e.timeMs < to)).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('cooperative-sticky: only the partitions that move are revoked, and a follow-up rebalance hands them to the new member', () => {
    const { sim, events, before, violations } = run('cooperative-sticky');
    const revoked = ofType(events, 'partitionsRevoked');
    expect(revoked.every((e) => e.protocol === 'cooperative')).toBe(true);
    const moved = revoked.flatMap((e) => e.partitions).sort();
    expect(moved).toHaveLength(2); // 6 partitions over 3 members: each old member gives up one
    const rebalances = ofType(events, 'groupRebalanced');
    expect(rebalances.map((e) => e.protocol)).toEqual(['cooperative-sticky', 'cooperative-sticky']);
    expect(rebalances[1]!.generation).toBe(rebalances[0]!.generation + 1);
    // First rebalance: the new member gets nothing yet (the partitions are still being revoked).
    expect(rebalances[0]!.assignment.find((a) => a.consumerId === 'c')!.partitions).toEqual([]);
    // Follow-up: it gets exactly the revoked ones; the others never stopped being owned.
    expect([...rebalances[1]!.assignment.find((a) => a.consumerId === 'c')!.partitions].sort()).toEqual(moved);
    for (const id of ['a', 'b']) {
      const kept = before.get(id)!.filter((k) => !moved.includes(k));
      expect(kept).toHaveLength(2);
      expect(sim.snapshot().consumers.find((c) => c.id === id)!.assignment).toEqual(kept);
      expect(ofType(events, 'partitionsAssigned').filter((e) => e.consumerId === id)).toEqual([]);
    }
    // The follow-up rebalance comes from the members that revoked something rejoining at once.
    const started = ofType(events, 'rebalanceStarted');
    expect(started).toHaveLength(2);
    expect(started[1]!.timeMs).toBeGreaterThanOrEqual(revoked[0]!.timeMs);
    // No stop-the-world: a and b keep consuming the partitions they keep while the follow-up rebalance runs.
    const during = ofType(events, 'recordsConsumed').filter((e) => e.timeMs > started[1]!.timeMs && e.timeMs < rebalances[1]!.timeMs);
    expect(new Set(during.map((e) => e.consumerId))).toEqual(new Set(['a', 'b']));
    expect(during.every((e) => !moved.includes(`${e.topic}-${e.partition}`))).toBe(true);
    expect(violations).toEqual([]);
  });
});

describe('static membership, KIP-345 (group.instance.id)', () => {
  function run(staticMembers: boolean) {
    const configs = { 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1000 };
    const spec = (id: string) => consumer(id, 'g', { configs, ...(staticMembers ? { groupInstanceId: `instance-${id}` } : {}) });
    const sim = createSimulation(scenario({ producers: [producer(30)], consumers: [spec('x'), spec('y')] }), { seed: 41 });
    advanceCollect(sim, 8000, 100);
    const before = sim.snapshot();
    sim.apply({ type: 'crashConsumer', consumerId: 'x' });
    const events = advanceCollect(sim, 3000, 100);
    sim.apply({ type: 'restartConsumer', consumerId: 'x' });
    events.push(...advanceCollect(sim, 30_000, 100));
    return { sim, events, before };
  }

  it('a static member that restarts within session.timeout.ms rejoins without a rebalance and gets its partitions back', () => {
    const { sim, events, before } = run(true);
    const oldX = before.consumers.find((c) => c.id === 'x')!;
    const joined = ofType(events, 'memberJoined');
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ consumerId: 'x', groupInstanceId: 'instance-x', rebalance: false });
    expect(joined[0]!.memberId).not.toBe(oldX.memberId); // a new member id replaces the old one (ClassicGroup.replaceStaticMember)
    expect(ofType(events, 'rebalanceStarted')).toEqual([]);
    expect(ofType(events, 'groupRebalanced')).toEqual([]);
    expect(ofType(events, 'memberLeft')).toEqual([]);
    expect(ofType(events, 'partitionsRevoked')).toEqual([]);
    const after = sim.snapshot();
    expect(after.groups[0]!.generation).toBe(before.groups[0]!.generation);
    expect(after.groups[0]!.state).toBe('Stable');
    expect(ofType(events, 'partitionsAssigned')).toMatchObject([{ consumerId: 'x', partitions: oldX.assignment, generation: before.groups[0]!.generation }]);
    expect(after.consumers.find((c) => c.id === 'x')!.assignment).toEqual(oldX.assignment);
    expect(after.consumers.find((c) => c.id === 'y')!.assignment).toEqual(before.consumers.find((c) => c.id === 'y')!.assignment);
    // It resumes from the group's committed offsets.
    for (const k of oldX.assignment) {
      const first = ofType(events, 'recordsConsumed').find((e) => e.consumerId === 'x' && `${e.topic}-${e.partition}` === k);
      expect(first).toBeDefined();
      expect(ofType(events, 'offsetReset').filter((e) => e.consumerId === 'x')).toEqual([]);
    }
  });

  it('a dynamic member that restarts joins as a new member: a rebalance, which waits for the old member’s session to expire', () => {
    const { sim, events, before } = run(false);
    const oldX = before.consumers.find((c) => c.id === 'x')!;
    const joined = ofType(events, 'memberJoined');
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ consumerId: 'x', groupInstanceId: null, rebalance: true });
    expect(joined[0]!.memberId).not.toBe(oldX.memberId);
    const started = ofType(events, 'rebalanceStarted');
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started[0]!.reason).toContain('joined');
    // The old registration goes when its session expires; only then can the new generation form.
    const left = ofType(events, 'memberLeft');
    expect(left).toMatchObject([{ memberId: oldX.memberId, consumerId: 'x' }]);
    const rebalanced = ofType(events, 'groupRebalanced');
    expect(rebalanced.length).toBeGreaterThanOrEqual(1);
    expect(rebalanced[0]!.timeMs).toBeGreaterThanOrEqual(left[0]!.timeMs);
    expect(rebalanced[0]!.generation).toBe(before.groups[0]!.generation + 1);
    expect(
      sim
        .snapshot()
        .groups[0]!.members.map((m) => m.memberId)
        .sort(),
    ).toEqual([joined[0]!.memberId, before.consumers.find((c) => c.id === 'y')!.memberId].sort());
  });
});

describe('max.poll.interval.ms (§8 Liveness: a consumer that stops polling leaves the group)', () => {
  function run(staticMember: boolean) {
    // 500 records at 1 record/s: one poll() batch takes far longer than max.poll.interval.ms.
    const slowConfigs = { 'max.poll.interval.ms': 10_000, 'max.poll.records': 500, 'session.timeout.ms': 8000, 'heartbeat.interval.ms': 1000 };
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
        producers: [producer(50)],
        consumers: [
          consumer('fast', 'g', { configs: { 'heartbeat.interval.ms': 1000 } }),
          consumer('slow', 'g', { processingRatePerSec: 1, configs: slowConfigs, ...(staticMember ? { groupInstanceId: 'slow-1' } : {}) }),
        ],
      }),
      { seed: 43 },
    );
    const events = advanceCollect(sim, 30_000, 100);
    return { sim, events };
  }

  it('a dynamic member sends LeaveGroup when the poll timeout expires; a rebalance gives its partitions to the others', () => {
    const { sim, events } = run(false);
    const slowPoll = ofType(events, 'recordsConsumed').find((e) => e.consumerId === 'slow')!;
    const error = ofType(events, 'consumerError').find((e) => e.consumerId === 'slow')!;
    expect(error.error.message).toContain('max.poll.interval.ms (10000 ms)');
    // Noticed by the heartbeat thread (every heartbeat.interval.ms) once the poll interval has passed.
    expect(error.timeMs).toBeGreaterThan(slowPoll.timeMs + 10_000);
    expect(error.timeMs).toBeLessThanOrEqual(slowPoll.timeMs + 10_000 + 1000);
    const left = ofType(events, 'memberLeft').find((e) => e.consumerId === 'slow')!;
    expect(left.reason).toContain('left the group');
    expect(left.timeMs - error.timeMs).toBeLessThan(100);
    const rebalanced = ofType(events, 'groupRebalanced').filter((e) => e.timeMs > left.timeMs);
    expect(rebalanced[0]!.assignment).toEqual([{ consumerId: 'fast', partitions: ['orders-0', 'orders-1'] }]);
    expect(sim.snapshot().consumers.find((c) => c.id === 'slow')!.memberId).toBeNull();
  });

  it('when the slow consumer finally polls again, its partitions are lost (not committed) and it rejoins as a new member', () => {
    const { sim, events: first } = run(false);
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    const events = first.concat(advanceCollect(sim, 600_000, 10_000));
    const left = ofType(events, 'memberLeft').find((e) => e.consumerId === 'slow')!;
    const lost = ofType(events, 'partitionsRevoked').find((e) => e.consumerId === 'slow' && e.timeMs > left.timeMs)!;
    expect(lost).toBeDefined();
    const rejoined = ofType(events, 'memberJoined').find((e) => e.consumerId === 'slow' && e.timeMs >= lost.timeMs)!;
    expect(rejoined).toMatchObject({ rebalance: true });
    // Nothing the slow consumer did after it left could be committed.
    expect(ofType(events, 'offsetsCommitted').filter((e) => e.consumerId === 'slow' && e.timeMs > left.timeMs && e.timeMs < rejoined.timeMs)).toEqual([]);
    expect(checkGroupOwnership(sim.state)).toEqual([]);
  });

  it('a static member does not send LeaveGroup: it stops heartbeating and its partitions move after session.timeout.ms', () => {
    const { events } = run(true);
    const error = ofType(events, 'consumerError').find((e) => e.consumerId === 'slow')!;
    expect(error.error.message).toContain('stops heartbeating');
    const left = ofType(events, 'memberLeft').find((e) => e.consumerId === 'slow')!;
    expect(left.reason).toContain('session timeout');
    expect(left.timeMs).toBeGreaterThan(error.timeMs + 8000 - 1000 - 10);
    expect(left.timeMs).toBeLessThanOrEqual(error.timeMs + 8000);
    const rebalanced = ofType(events, 'groupRebalanced').filter((e) => e.timeMs > error.timeMs);
    expect(rebalanced[0]!.timeMs).toBeGreaterThanOrEqual(left.timeMs);
    expect(rebalanced[0]!.assignment).toEqual([{ consumerId: 'fast', partitions: ['orders-0', 'orders-1'] }]);
  });
});

describe('the group coordinator (§8: leader of __consumer_offsets partition abs(groupId.hashCode()) % offsets.topic.num.partitions)', () => {
  it('javaStringHashCode is Java’s String.hashCode (UTF-16 code units, 32-bit overflow)', () => {
    for (const [s, h] of JAVA_STRING_HASH_CODE) {
      expect(javaStringHashCode(s), JSON.stringify(s)).toBe(h);
      expect(javaHash(s), JSON.stringify(s)).toBe(h);
    }
    for (const s of ['my-group', 'billing', 'audit', 'orders-consumers', 'zzzzzzzz', 'consumer-group-1', 'x'.repeat(100)])
      expect(javaStringHashCode(s)).toBe(javaHash(s));
    expect(javaStringHashCode('my-group')).toBeLessThan(0); // overflowed: the partition uses its absolute value
  });

  it('offsetsPartitionFor is Utils.abs(hashCode) % n, where Utils.abs(Integer.MIN_VALUE) is 0', () => {
    for (const s of ['', 'a', 'ab', 'hello', 'my-group', 'billing', 'audit', 'zzzzzzzz', 'consumer-group-1', '😀']) {
      for (const n of [1, 5, 7, 50]) expect(offsetsPartitionFor(s, n), `${s} % ${n}`).toBe(Math.abs(javaHash(s)) % n);
    }
    expect(offsetsPartitionFor('a', 50)).toBe(47);
    expect(offsetsPartitionFor('hello', 50)).toBe(22);
    expect(offsetsPartitionFor('my-group', 50)).toBe(1906497762 % 50);
    // Math.abs(Integer.MIN_VALUE) overflows in Java; Kafka's Utils.abs maps it to 0.
    for (const s of ['polygenelubricants', 'GydZG_', 'DESIGNING WORKHOUSES']) for (const n of [1, 5, 7, 50]) expect(offsetsPartitionFor(s, n)).toBe(0);
  });

  it('each group is coordinated by the leader of its __consumer_offsets partition', () => {
    const groups = ['billing', 'audit', 'polygenelubricants', 'my-group'];
    const sim = createSimulation(scenario({ consumers: groups.map((g, i) => consumer(`c${i}`, g)) }), { seed: 51 });
    advanceCollect(sim, 6000, 500);
    const snap = sim.snapshot();
    for (const groupId of groups) {
      const g = snap.groups.find((x) => x.groupId === groupId)!;
      const p = offsetsPartitionFor(groupId, 5);
      expect(sim.state.groups[groupId]!.offsetsPartition).toBe(p);
      expect(g.coordinator).toBe(partitionOf(sim, '__consumer_offsets', p).leader);
      expect(g.state).toBe('Stable');
    }
    expect(snap.topics.find((t) => t.name === '__consumer_offsets')).toMatchObject({ partitions: 5, replicationFactor: 3 });
  });

  it('when the coordinator’s broker dies, the group moves to the new leader of its offsets partition and keeps consuming', () => {
    const sim = createSimulation(
      scenario({
        producers: [producer(30)],
        consumers: [
          consumer('a', 'billing', { configs: { 'auto.commit.interval.ms': 1000 } }),
          consumer('b', 'billing', { configs: { 'auto.commit.interval.ms': 1000 } }),
        ],
      }),
      { seed: 52 },
    );
    advanceCollect(sim, 10_000, 100);
    const before = groupOf(sim, 'billing');
    const coordinator = before.coordinator;
    sim.apply({ type: 'crashBroker', brokerId: coordinator });
    const crashMs = sim.nowMs;
    const events = advanceCollect(sim, 30_000, 100);
    const moved = ofType(events, 'groupCoordinatorMoved');
    expect(moved).toHaveLength(1);
    const newLeader = partitionOf(sim, '__consumer_offsets', offsetsPartitionFor('billing', 5)).leader;
    expect(moved[0]).toMatchObject({ groupId: 'billing', from: coordinator, to: newLeader });
    expect(newLeader).not.toBe(coordinator);
    // The new coordinator gives the members fresh sessions: nobody is expelled, no rebalance is needed.
    expect(ofType(events, 'memberLeft')).toEqual([]);
    expect(ofType(events, 'groupRebalanced')).toEqual([]);
    const after = groupOf(sim, 'billing');
    expect(after).toMatchObject({ state: 'Stable', generation: before.generation, coordinator: newLeader });
    // Records and commits keep flowing after the move, through the new coordinator.
    expect(ofType(events, 'recordsConsumed').some((e) => e.timeMs > moved[0]!.timeMs)).toBe(true);
    expect(ofType(events, 'offsetsCommitted').some((e) => e.timeMs > moved[0]!.timeMs)).toBe(true);
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    advanceCollect(sim, 20_000, 1000);
    expect(groupOf(sim, 'billing').totalLag).toBe(0);
    expect(moved[0]!.timeMs).toBeGreaterThan(crashMs);
  });

  for (const phase of ['PreparingRebalance', 'CompletingRebalance'] as const) {
    it(`a coordinator that dies during ${phase}: the members rejoin at the new coordinator and the group stabilises`, () => {
      // Pending JoinGroup / SyncGroup requests fail with the connection; the new coordinator loads the
      // group (only completed generations are in the log) and the rebalance starts over there.
      const configs = { 'heartbeat.interval.ms': 1000 };
      const sim = createSimulation(scenario({ producers: [producer(30)], consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })] }), {
        seed: 53,
      });
      advanceCollect(sim, 10_000, 100);
      const coordinator = groupOf(sim, 'g').coordinator;
      sim.apply({ type: 'addConsumer', consumer: consumer('c', 'g', { configs }) });
      const events: SimEvent[] = [];
      const reached = advanceUntilEvent(sim, (e) => e.type === 'groupStateChanged' && e.groupId === 'g' && e.to === phase, 10_000, 1, events);
      expect(reached).toBeDefined();
      expect(sim.state.groups['g']!.state).toBe(phase);
      sim.apply({ type: 'crashBroker', brokerId: coordinator });
      events.push(...advanceCollect(sim, 60_000, 100));
      const g = groupOf(sim, 'g');
      expect(g.state).toBe('Stable');
      expect(g.coordinator).not.toBe(coordinator);
      expect(g.members.map((m) => m.consumerId).sort()).toEqual(['a', 'b', 'c']);
      expect(sim.snapshot().consumers.every((c) => c.status === 'stable' && c.assignment.length === 1)).toBe(true);
      expect(ofType(events, 'groupCoordinatorMoved')).toHaveLength(1);
      const last = ofType(events, 'groupRebalanced').pop()!;
      expect(
        new Set(
          ofType(events, 'recordsConsumed')
            .filter((e) => e.timeMs > last.timeMs)
            .map((e) => e.consumerId),
        ),
      ).toEqual(new Set(['a', 'b', 'c']));
    });
  }
});

describe('resetOffsets (kafka-consumer-groups.sh --reset-offsets): only while the group is Empty', () => {
  function setup() {
    const sim = createSimulation(scenario({ producers: [producer(20)], consumers: [consumer('a', 'g')] }), { seed: 61 });
    advanceCollect(sim, 12_000, 500);
    return sim;
  }

  it('is refused with GroupNotEmptyException while the group has members', () => {
    const sim = setup();
    const result = sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to: { kind: 'earliest' } });
    expect(result).toMatchObject({ ok: false, error: { name: 'GroupNotEmptyException' } });
    expect(ofType(sim.drainEvents(), 'commandRejected')).toMatchObject([{ command: 'resetOffsets', error: { name: 'GroupNotEmptyException' } }]);
    // A crashed member still counts until its session expires.
    sim.apply({ type: 'crashConsumer', consumerId: 'a' });
    advanceCollect(sim, 1000, 100);
    expect(sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to: { kind: 'latest' } })).toMatchObject({
      ok: false,
      error: { name: 'GroupNotEmptyException' },
    });
    advanceCollect(sim, 50_000, 1000);
    expect(groupOf(sim, 'g').state).toBe('Empty');
    expect(sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to: { kind: 'latest' } })).toEqual({ ok: true });
  });

  it('moves every partition’s committed offset to earliest / latest / an offset (clamped) / a timestamp, and consumers resume there', () => {
    const sim = setup();
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    sim.apply({ type: 'removeConsumer', consumerId: 'a' });
    advanceCollect(sim, 1000, 100);
    expect(groupOf(sim, 'g').state).toBe('Empty');
    const hws = [0, 1, 2].map((p) => hwOf(sim, 'orders', p));
    const reset = (to: OffsetResetTarget) => {
      expect(sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to })).toEqual({ ok: true });
      const e = ofType(sim.drainEvents(), 'groupOffsetsReset');
      expect(e).toHaveLength(1);
      const committed = groupOf(sim, 'g').partitions.map((p) => p.committedOffset);
      expect(e[0]!.offsets.map((o) => o.offset)).toEqual(committed);
      return committed;
    };
    expect(reset({ kind: 'earliest' })).toEqual([0, 0, 0]);
    expect(reset({ kind: 'latest' })).toEqual(hws);
    expect(reset({ kind: 'offset', offset: 5 })).toEqual([5, 5, 5].map((o, i) => Math.min(o, hws[i]!)));
    expect(reset({ kind: 'offset', offset: 1_000_000 })).toEqual(hws);
    expect(reset({ kind: 'offset', offset: -3 })).toEqual([0, 0, 0]);
    for (const bad of [Number.NaN, 2.5]) {
      expect(sim.apply({ type: 'resetOffsets', groupId: 'g', topic: 'orders', to: { kind: 'offset', offset: bad } })).toMatchObject({
        ok: false,
        error: { name: 'InvalidRequestException' },
      });
    }
    sim.drainEvents();
    expect(groupOf(sim, 'g').partitions.map((p) => p.committedOffset)).toEqual([0, 0, 0]);
    // By timestamp: the first record written at or after it (ListOffsets by timestamp).
    const at = 6000;
    const byTime = reset({ kind: 'timestamp', timestampMs: at });
    for (let p = 0; p < 3; p++) {
      const records = sim.readRecords('orders', p, 0, 1000);
      expect(byTime[p]).toBe(records.find((r) => r.timestampMs >= at)?.offset ?? hws[p]);
      expect(byTime[p]!).toBeGreaterThan(0);
    }
    // A consumer that joins now resumes from those offsets, with no auto.offset.reset.
    sim.apply({ type: 'addConsumer', consumer: consumer('b', 'g') });
    const events = advanceCollect(sim, 10_000, 100);
    expect(ofType(events, 'offsetReset')).toEqual([]);
    for (let p = 0; p < 3; p++) {
      const first = ofType(events, 'recordsConsumed').find((e) => e.partition === p);
      if (byTime[p]! < hws[p]!) expect(first?.baseOffset).toBe(byTime[p]);
    }
    expect(groupOf(sim, 'g').totalLag).toBe(0);
  });
});

describe('what consumers can see (§4: read_uncommitted reads up to the high watermark, exclusive)', () => {
  it('acks=1 records above the high watermark stay invisible until the followers have them', () => {
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [producer(40, 'orders', { acks: '1' })],
        consumers: [consumer('reader', 'g', { configs: { 'auto.commit.interval.ms': 500 } })],
      }),
      { seed: 71 },
    );
    advanceCollect(sim, 5000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const leader = p.leader;
    const followers = p.replicas.filter((id) => id !== leader);
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 2500 });
    let hw = hwOf(sim, 'orders', 0);
    let maxGap = 0;
    let sawInvisible = false;
    const violations: string[] = [];
    const check = (batch: SimEvent[]) => {
      for (const e of batch) {
        if (e.type === 'highWatermarkMoved' && e.topic === 'orders' && e.brokerId === leader) hw = Math.max(hw, e.to);
        if (e.type === 'recordsConsumed' && e.endOffset > hw) violations.push(`t=${e.timeMs} consumed [${e.baseOffset}, ${e.endOffset}) with HW ${hw}`);
        if (e.type === 'offsetsCommitted') for (const o of e.offsets) if (o.offset > hw) violations.push(`t=${e.timeMs} committed ${o.offset} with HW ${hw}`);
      }
      const log = leaderLog(sim, 'orders', 0);
      maxGap = Math.max(maxGap, log.leo - hw);
      const position = sim.state.consumers['reader']!.positions['orders-0'];
      if (position !== undefined && position > hw) violations.push(`t=${sim.nowMs} position ${position} above HW ${hw}`);
      if (log.leo > hw) {
        const above = sim.readRecords('orders', 0, hw, 1)[0];
        if (above) {
          expect(above.committed).toBe(false);
          sawInvisible = true;
        }
      }
    };
    advanceCollect(sim, 15_000, 10, check);
    expect(maxGap).toBeGreaterThan(40); // a second or more of records written but not yet replicated
    expect(sawInvisible).toBe(true);
    expect(partitionOf(sim, 'orders', 0).isr).toHaveLength(3);
    // Heal: the followers catch up, the HW reaches the LEO, and the consumer reads everything.
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 0 });
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    advanceCollect(sim, 15_000, 10, check);
    expect(violations).toEqual([]);
    const leo = leaderLog(sim, 'orders', 0).leo;
    expect(hwOf(sim, 'orders', 0)).toBe(leo);
    expect(groupOf(sim, 'g').partitions[0]!.committedOffset).toBe(leo);
  });
});

describe('several groups read the same topic independently', () => {
  it('three groups (1, 2 and 3 members, different assignors) each get every record; a failure in one group does not disturb the others', () => {
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
        producers: [producer(40)],
        consumers: [
          consumer('solo', 'reports'),
          consumer('r1', 'billing', { configs: { 'partition.assignment.strategy': 'range', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 } }),
          consumer('r2', 'billing', { configs: { 'partition.assignment.strategy': 'range', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 } }),
          ...['s1', 's2', 's3'].map((id) => consumer(id, 'search', { configs: { 'partition.assignment.strategy': 'cooperative-sticky' } })),
        ],
      }),
      { seed: 81 },
    );
    const events = advanceCollect(sim, 10_000, 100);
    sim.apply({ type: 'crashConsumer', consumerId: 'r1' });
    const crashMs = sim.nowMs;
    events.push(...advanceCollect(sim, 20_000, 100));
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    events.push(...advanceCollect(sim, 20_000, 500));
    // Only billing rebalanced after the crash.
    expect(
      new Set(
        ofType(events, 'rebalanceStarted')
          .filter((e) => e.timeMs > crashMs)
          .map((e) => e.groupId),
      ),
    ).toEqual(new Set(['billing']));
    expect(
      ofType(events, 'groupRebalanced')
        .filter((e) => e.groupId !== 'billing')
        .every((e) => e.timeMs < crashMs),
    ).toBe(true);
    const snap = sim.snapshot();
    expect(snap.groups.map((g) => [g.groupId, g.protocol, g.members.length]).sort()).toEqual([
      ['billing', 'range', 1],
      ['reports', 'range', 1],
      ['search', 'cooperative-sticky', 3],
    ]);
    for (const groupId of ['reports', 'billing', 'search']) {
      const ranges = consumedRanges(events, groupId);
      for (let p = 0; p < 4; p++) expect(ranges.get(`orders-${p}`), `${groupId} orders-${p}`).toEqual([[0, hwOf(sim, 'orders', p)]]);
      expect(groupOf(sim, groupId).totalLag).toBe(0);
    }
    // Only the group that lost a member processed anything twice.
    expect(snap.groups.find((g) => g.groupId === 'reports')!.stats.duplicates).toBe(0);
    expect(snap.groups.find((g) => g.groupId === 'search')!.stats.duplicates).toBe(0);
  });
});

describe('membership bookkeeping', () => {
  it('a consumer removed and added again under the same id is a new process: it joins as a new member, and the old one’s answers never reach it', () => {
    const sim = createSimulation(scenario({ producers: [producer(20)], consumers: [consumer('a', 'g'), consumer('b', 'g')] }), { seed: 91 });
    advanceCollect(sim, 8000, 100);
    const oldMember = sim.snapshot().consumers.find((c) => c.id === 'a')!.memberId;
    const oldIncarnation = sim.state.consumers['a']!.incarnation;
    sim.apply({ type: 'removeConsumer', consumerId: 'a' });
    sim.apply({ type: 'addConsumer', consumer: consumer('a', 'g') });
    expect(sim.state.consumers['a']!.incarnation).toBeGreaterThan(oldIncarnation);
    const events = advanceCollect(sim, 15_000, 100);
    expect(ofType(events, 'memberLeft')).toMatchObject([{ memberId: oldMember, consumerId: 'a' }]);
    const joined = ofType(events, 'memberJoined');
    expect(joined).toHaveLength(1);
    expect(joined[0]!.memberId).not.toBe(oldMember);
    const g = groupOf(sim, 'g');
    expect(g.state).toBe('Stable');
    expect(g.members.map((m) => m.memberId).sort()).toEqual([joined[0]!.memberId, sim.state.consumers['b']!.memberId].sort());
    expect(sim.snapshot().consumers.find((c) => c.id === 'a')).toMatchObject({ status: 'stable', memberId: joined[0]!.memberId });
  });

  it('each member gets one SyncGroup answer per generation: one partitionsAssigned per member per rebalance', () => {
    const configs = { 'partition.assignment.strategy': 'cooperative-sticky' };
    const sim = createSimulation(
      scenario({
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
        consumers: [consumer('a', 'g', { configs }), consumer('b', 'g', { configs })],
      }),
      { seed: 92 },
    );
    const events = advanceCollect(sim, 8000, 100);
    sim.apply({ type: 'addConsumer', consumer: consumer('c', 'g', { configs }) });
    events.push(...advanceCollect(sim, 15_000, 100));
    const seen = new Set<string>();
    for (const e of ofType(events, 'partitionsAssigned')) {
      const k = `${e.consumerId}@${e.generation}`;
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
    }
    // c is told it has nothing in the first rebalance, then gets its partitions in the follow-up.
    expect(
      ofType(events, 'partitionsAssigned')
        .filter((e) => e.consumerId === 'c')
        .map((e) => e.partitions.length),
    ).toEqual([0, 1]);
  });

  it('with auto-commit off, a commit that finds no coordinator is retried (commitSync) until it lands', () => {
    const configs = { 'enable.auto.commit': false };
    // A short replica.lag.time.max.ms: the ISR drops the dead broker quickly, so the HW keeps moving.
    const sim = createSimulation(
      scenario({ brokerConfigs: { 'replica.lag.time.max.ms': 1000 }, producers: [producer(20)], consumers: [consumer('manual', 'g', { configs })] }),
      { seed: 93 },
    );
    advanceCollect(sim, 8000, 100);
    const coordinator = groupOf(sim, 'g').coordinator;
    sim.apply({ type: 'crashBroker', brokerId: coordinator });
    // Records keep arriving on the partitions whose leaders are alive; their commits find no coordinator.
    const during = advanceCollect(sim, 6000, 100);
    expect(ofType(during, 'groupCoordinatorMoved')).toEqual([]);
    sim.apply({ type: 'updateProducer', producerId: 'p-orders', paused: true });
    const alive = [0, 1, 2].filter((p) => partitionOf(sim, 'orders', p).leader !== coordinator);
    expect(ofType(during, 'recordsConsumed').some((e) => alive.includes(e.partition))).toBe(true);
    advanceCollect(sim, 40_000, 500);
    const g = groupOf(sim, 'g');
    expect(g.coordinator).not.toBe(coordinator);
    for (const p of g.partitions) expect(p.lag, `orders-${p.partition}`).toBe(0);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same event log, however the run is chunked', () => {
    const make = () =>
      createSimulation(
        scenario({
          producers: [producer(30)],
          consumers: [
            consumer('a', 'g', { groupInstanceId: 'ia' }),
            consumer('b', 'g', { configs: { 'partition.assignment.strategy': 'cooperative-sticky' } }),
            consumer('c', 'h', { processingRatePerSec: 20 }),
          ],
        }),
        { seed: 99 },
      );
    const runs = [1, 7, 1000].map((chunk) => {
      const sim = make();
      const events: SimEvent[] = [];
      const script: [number, () => void][] = [
        [10_000, () => sim.apply({ type: 'crashConsumer', consumerId: 'a' })],
        [14_000, () => sim.apply({ type: 'restartConsumer', consumerId: 'a' })],
        [20_000, () => sim.apply({ type: 'crashBroker', brokerId: 1 })],
        [35_000, () => sim.apply({ type: 'restartBroker', brokerId: 1 })],
        [50_000, () => {}],
      ];
      for (const [at, act] of script) {
        events.push(...advanceCollect(sim, at - sim.nowMs, chunk));
        act();
      }
      events.push(...sim.drainEvents());
      return { hash: hashEvents(events), events: events.length, consumed: ofType(events, 'recordsConsumed').length };
    });
    expect(runs[0]!.consumed).toBeGreaterThan(100); // a run with something to agree on
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });
});
