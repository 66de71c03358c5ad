/**
 * Full simulations of the situations a learner meets, asserting on drained events and snapshots.
 * Each scenario cites the Kafka behaviour it checks (see /work/shared/KAFKA-SEMANTICS.md).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, hashEvents, partitionForKey, runUntil } from '../../src/engine';
import type { ProducerSpec, ScenarioSpec, SimEvent, Simulation, TopicSpec } from '../../src/engine';
import { batchAt } from '../../src/engine/kafka/log';
import { advanceCollect, advanceUntilEvent, leaderLog, ofType, partitionOf } from '../helpers/sim';
import { checkAcknowledgedPresent, checkLogsDense } from '../helpers/invariants';

/**
 * A scenario. Controllers run on the first `controllers` brokers (KRaft combined mode, default
 * min(3, brokers)); losing a majority of them stops fencing and elections, so scenarios that crash
 * several brokers use a single voter they leave alone.
 */
function cluster(o: {
  brokers?: number;
  controllers?: number;
  configs?: ScenarioSpec['cluster']['configs'];
  topics: TopicSpec[];
  producers?: ProducerSpec[];
  timeline?: ScenarioSpec['timeline'];
}): ScenarioSpec {
  return {
    cluster: { brokers: o.brokers ?? 3, controllers: o.controllers, configs: o.configs },
    topics: o.topics,
    producers: o.producers ?? [],
    timeline: o.timeline ?? [],
  };
}

function leaderOf(sim: Simulation, topic = 'orders', partition = 0): number {
  return partitionOf(sim, topic, partition).leader;
}

/** The start offset of `epoch` in a broker's epoch cache. */
function epochStart(sim: Simulation, brokerId: number, epoch: number, topic = 'orders'): number | undefined {
  return partitionOf(sim, topic, 0).logs[brokerId]!.log.epochs.find((e) => e.epoch === epoch)?.startOffset;
}

// ---------------------------------------------------------------------------------------------

describe('1–2. acks and the leader dying before its followers fetch (KAFKA-SEMANTICS §4, worked example)', () => {
  /**
   * RF 3, one partition. Followers are slowed (3 s each way) so they lag the leader; then the
   * leader crashes. With acks=1 the records it acknowledged but had not yet replicated are lost.
   */
  function run(acks: '1' | 'all') {
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: acks === 'all' ? { 'min.insync.replicas': 2 } : {} }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks } }],
      }),
      { seed: 7 },
    );
    const events: SimEvent[] = advanceCollect(sim, 5000, 100);
    const before = sim.snapshot().partitions[0]!;
    const oldLeader = before.leader;
    const followers = before.replicas.filter((id) => id !== oldLeader);
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 3000 });
    events.push(...advanceCollect(sim, 4000, 100));
    const atCrash = sim.snapshot().partitions[0]!;
    sim.apply({ type: 'crashBroker', brokerId: oldLeader });
    const crashMs = sim.nowMs;
    // The followers only had to lag before the crash; from now on they are fast again.
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 0 });
    events.push(...advanceCollect(sim, 15_000, 100));
    const afterElection = sim.snapshot();
    sim.apply({ type: 'restartBroker', brokerId: oldLeader });
    events.push(...advanceCollect(sim, 12_000, 100));
    return { sim, events, oldLeader, followers, before, atCrash, crashMs, afterElection };
  }

  it('1. acks=1: acknowledged records that only the old leader had are lost, and the old leader truncates them when it returns', () => {
    const { sim, events, oldLeader, followers, atCrash, crashMs, afterElection } = run('1');
    // Before the crash the leader is well ahead of its followers; the HW stays with them.
    const leaderLeo = atCrash.replicaStates.find((r) => r.brokerId === oldLeader)!.logEndOffset;
    const followerLeo = Math.max(...atCrash.replicaStates.filter((r) => r.brokerId !== oldLeader).map((r) => r.logEndOffset));
    expect(leaderLeo).toBeGreaterThan(followerLeo + 20);
    expect(atCrash.highWatermark).toBeLessThanOrEqual(followerLeo);

    const elected = ofType(events, 'leaderElected').filter((e) => e.timeMs > crashMs);
    expect(elected).toHaveLength(1);
    const newLeader = elected[0]!.leader;
    expect(followers).toContain(newLeader);
    expect(elected[0]!.leaderEpoch).toBe(1);

    const lost = ofType(events, 'acknowledgedRecordsLost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ topic: 'orders', partition: 0, leader: newLeader, leaderEpoch: 1, timeMs: elected[0]!.timeMs });
    const newLeaderStart = epochStart(sim, newLeader, 1)!;
    // Every record the old leader acknowledged beyond the new leader's epoch start is gone.
    const ackedBeyond = ofType(events, 'recordsAcknowledged')
      .filter((e) => e.timeMs <= crashMs && e.baseOffset >= newLeaderStart)
      .reduce((n, e) => n + e.records, 0);
    expect(ackedBeyond).toBeGreaterThan(0);
    expect(lost[0]!.records).toBe(ackedBeyond);
    expect(afterElection.stats.acknowledgedLost).toBe(ackedBeyond);
    expect(sim.snapshot().stats.acknowledgedLost).toBeGreaterThan(0);
    expect(sim.snapshot().partitions[0]!.acknowledgedLost).toBe(ackedBeyond);

    // The old leader comes back as a follower: the leader's answer for epoch 0 is where epoch 1
    // began, so it truncates to min(that, its LEO) — the records are gone for good.
    const truncated = ofType(events, 'logTruncated');
    expect(truncated).toHaveLength(1);
    expect(truncated[0]).toMatchObject({ brokerId: oldLeader, fromEndOffset: leaderLeo, toEndOffset: newLeaderStart, reason: 'diverging epoch' });
    // The offsets now hold the new leader's records, on every replica.
    const recs = sim.readRecords('orders', 0, newLeaderStart, 5, oldLeader);
    expect(recs).toHaveLength(5);
    expect(recs.every((r) => r.leaderEpoch >= 1)).toBe(true);
    expect(checkLogsDense(sim.state)).toEqual([]);
  });

  it('1b. acks=1 and an isolated leader: the producer can still reach it, and what it acknowledges after being deposed is lost', () => {
    const sim = createSimulation(
      cluster({
        brokers: 4,
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks: '1' } }],
      }),
      { seed: 3 },
    );
    advanceCollect(sim, 3000, 100);
    const old = leaderOf(sim);
    expect(sim.state.controller.activeId).not.toBe(old);
    sim.apply({ type: 'isolateBroker', brokerId: old });
    const events = advanceCollect(sim, 15_000, 100);
    const elected = ofType(events, 'leaderElected');
    expect(elected).toHaveLength(1);
    expect(elected[0]!.previousLeader).toBe(old);
    // The deposed leader keeps acknowledging acks=1 writes: each of those is lost at once.
    const ackedByZombie = ofType(events, 'recordsAcknowledged').filter((e) => e.timeMs > elected[0]!.timeMs);
    expect(ackedByZombie.length).toBeGreaterThan(0);
    expect(ofType(events, 'acknowledgedRecordsLost').length).toBeGreaterThan(0);
    expect(sim.snapshot().stats.acknowledgedLost).toBeGreaterThan(0);
    sim.apply({ type: 'healBroker', brokerId: old });
    const after = advanceCollect(sim, 10_000, 100);
    expect(ofType(after, 'logTruncated').some((e) => e.brokerId === old && e.reason === 'diverging epoch')).toBe(true);
  });

  it('2. acks=all with min.insync.replicas=2: the same failure loses nothing acknowledged', () => {
    const { sim, events, oldLeader, crashMs } = run('all');
    const acks = ofType(events, 'recordsAcknowledged');
    expect(acks.some((e) => e.timeMs < crashMs)).toBe(true);
    expect(acks.some((e) => e.timeMs > crashMs)).toBe(true); // retried to the new leader
    expect(sim.snapshot().stats.acknowledgedLost).toBe(0);
    expect(ofType(events, 'acknowledgedRecordsLost')).toEqual([]);
    // Every batch flagged acknowledged, on any replica, is in the new leader's log as the same batch
    // (same id and contents; flags are copy-on-write, so the objects may differ).
    const p = partitionOf(sim, 'orders', 0);
    expect(p.leader).not.toBe(oldLeader);
    const ackedBatches = Object.values(p.logs).flatMap((r) => r.log.segments.flatMap((s) => s.batches.filter((b) => b.acked)));
    expect(ackedBatches.length).toBeGreaterThan(0);
    for (const b of ackedBatches) expect(batchAt(leaderLog(sim, 'orders', 0), b.baseOffset)).toEqual(b);
    expect(checkAcknowledgedPresent(sim.state, events, new Set(['app']))).toEqual([]);
    // The old leader's unacknowledged tail was truncated away when it came back.
    const truncated = ofType(events, 'logTruncated');
    expect(truncated.length).toBeGreaterThan(0);
    expect(truncated.every((e) => e.brokerId === oldLeader)).toBe(true);
  });
});

describe('2b. idempotent retries and acks=all (ReplicaManager: DelayedProduce waits for lastOffset + 1)', () => {
  it('a retried batch the leader already has is acknowledged only once the high watermark covers it', () => {
    // Followers lag by 3 s a round trip while request.timeout.ms is 1 s: requests time out, the
    // idempotent producer retries, and the leader recognises the retries as duplicates. Their answer
    // must still wait for the high watermark, or a leader crash would lose acknowledged records.
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { 'request.timeout.ms': 1000 } }],
      }),
      { seed: 7 },
    );
    advanceCollect(sim, 2000, 100);
    const leader = leaderOf(sim);
    const followers = partitionOf(sim, 'orders', 0).replicas.filter((id) => id !== leader);
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 1500 });
    let hw = partitionOf(sim, 'orders', 0).logs[leader]!.highWatermark;
    const events = advanceCollect(sim, 12_000, 50);
    expect(ofType(events, 'producerError').some((e) => e.error.name === 'TimeoutException')).toBe(true);
    for (const e of events) {
      if (e.type === 'highWatermarkMoved' && e.brokerId === leader) hw = e.to;
      if (e.type === 'recordsAcknowledged') expect(e.baseOffset + e.records).toBeLessThanOrEqual(hw);
    }
    sim.apply({ type: 'crashBroker', brokerId: leader });
    for (const f of followers) sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 0 });
    const after = advanceCollect(sim, 15_000, 100);
    expect(ofType(after, 'leaderElected')).toHaveLength(1);
    expect(sim.snapshot().stats.acknowledgedLost).toBe(0);
    expect(checkAcknowledgedPresent(sim.state, [...events, ...after], new Set(['app']))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('3. the ISR shrinks below min.insync.replicas (Partition.appendRecordsToLeader)', () => {
  it('acks=all produces fail with NotEnoughReplicasException, and resume once the ISR recovers', () => {
    const sim = createSimulation(
      cluster({
        brokers: 4,
        controllers: 1,
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 10, keys: { kind: 'none' }, configs: { 'request.timeout.ms': 5000 } }],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 3000, 100);
    const leader = leaderOf(sim);
    const followers = partitionOf(sim, 'orders', 0).replicas.filter((id) => id !== leader);
    expect(followers).not.toContain(sim.state.controller.activeId);
    for (const f of followers) sim.apply({ type: 'crashBroker', brokerId: f });
    const down = advanceCollect(sim, 25_000, 100);
    // The batches appended just before the crash wait in purgatory for a HW that cannot move, and
    // time out after request.timeout.ms (Partition.checkEnoughReplicasReachOffset; KAFKA-15583).
    expect(ofType(down, 'producerError').some((e) => e.error.name === 'TimeoutException' && e.retriable)).toBe(true);
    const shrunk = ofType(down, 'isrShrunk');
    expect(shrunk.at(-1)!.isr).toEqual([leader]);
    const isrAlone = shrunk.at(-1)!.timeMs;
    const snap = sim.snapshot();
    expect(snap.partitions[0]!.underMinIsr).toBe(true);
    expect(snap.stats.underMinIsrPartitions).toBe(1);
    const errors = ofType(down, 'producerError').filter((e) => e.error.name === 'NotEnoughReplicasException');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.retriable)).toBe(true);
    expect(errors[0]!.error.message).toContain(`Set(${leader})`);
    expect(errors[0]!.error.message).toContain('min.isr requirement of 2');
    // Nothing is appended while the ISR is too small (checked before the append), and the HW stays put.
    expect(ofType(down, 'recordsAppended').filter((e) => e.timeMs > isrAlone + 10)).toEqual([]);
    expect(ofType(down, 'highWatermarkMoved').filter((e) => e.timeMs > isrAlone)).toEqual([]);

    sim.apply({ type: 'restartBroker', brokerId: followers[0]! });
    const up = advanceCollect(sim, 10_000, 100);
    const expanded = ofType(up, 'isrExpanded');
    expect(expanded.length).toBeGreaterThan(0);
    expect(expanded[0]!.added).toEqual([followers[0]]);
    const resumed = ofType(up, 'recordsAcknowledged').filter((e) => e.timeMs > expanded[0]!.timeMs);
    expect(resumed.length).toBeGreaterThan(0);
    expect(sim.snapshot().partitions[0]!.underMinIsr).toBe(false);
    // The retried records were not lost either: delivery.timeout.ms (120 s) had not passed.
    expect(sim.snapshot().producers[0]!.stats.failed).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('4. ISR shrink by lag (Replica.isCaughtUp, Partition.maybeShrinkIsr / maybeExpandIsr)', () => {
  it('a follower slowed beyond replica.lag.time.max.ms leaves the ISR, and rejoins when its latency is removed', () => {
    const lagMaxMs = 6000;
    const sim = createSimulation(
      cluster({
        configs: { 'replica.lag.time.max.ms': lagMaxMs },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks: '1' } }],
      }),
      { seed: 5 },
    );
    advanceCollect(sim, 2000, 100);
    const leader = leaderOf(sim);
    const slow = partitionOf(sim, 'orders', 0).replicas.find((id) => id !== leader)!;
    sim.apply({ type: 'slowBroker', brokerId: slow, extraLatencyMs: 5000 });
    const slowedAt = sim.nowMs;
    const events = advanceCollect(sim, 20_000, 100);
    const shrunk = ofType(events, 'isrShrunk');
    expect(shrunk).toHaveLength(1);
    expect(shrunk[0]!.removed).toEqual([slow]);
    expect(shrunk[0]!.reason).toContain('replica.lag.time.max.ms');
    expect(shrunk[0]!.reason).toContain(String(lagMaxMs));
    // Not before it had been behind for replica.lag.time.max.ms, and found by the next ISR check (every lag.max/2).
    expect(shrunk[0]!.timeMs - slowedAt).toBeGreaterThan(lagMaxMs);
    expect(shrunk[0]!.timeMs - slowedAt).toBeLessThanOrEqual(lagMaxMs + 10_000 + lagMaxMs / 2);
    expect(sim.snapshot().partitions[0]!.isr).not.toContain(slow);

    sim.apply({ type: 'slowBroker', brokerId: slow, extraLatencyMs: 0 });
    const healed = advanceCollect(sim, 15_000, 100);
    const expanded = ofType(healed, 'isrExpanded');
    expect(expanded).toHaveLength(1);
    expect(expanded[0]!.added).toEqual([slow]);
    expect(sim.snapshot().partitions[0]!.isr).toContain(slow);
    const p = sim.snapshot().partitions[0]!;
    expect(p.replicaStates.find((r) => r.brokerId === slow)!.lagRecords).toBeLessThanOrEqual(1);
  });
});

describe('4b. idle fetch sessions (DelayedFetch expires after replica.fetch.wait.max.ms)', () => {
  it('a partition added while its follower’s fetch is parked at the leader is replicated within a fetch wait', () => {
    // Two brokers, every partition idle: each broker's fetch to the other is parked at the leader.
    // The new partition joins the follower's next fetch, which comes when the parked one expires.
    const sim = createSimulation(
      cluster({
        brokers: 2,
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 2 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } }],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 3000, 100);
    expect(sim.apply({ type: 'addPartitions', topic: 'orders', totalCount: 3 })).toEqual({ ok: true });
    sim.apply({ type: 'produce', producerId: 'app', key: null, value: 'hello', partition: 2 });
    const events = advanceCollect(sim, 2000, 50);
    const replicated = ofType(events, 'recordsReplicated').filter((e) => e.partition === 2);
    expect(replicated).toHaveLength(1);
    expect(replicated[0]!.timeMs - 3000).toBeLessThanOrEqual(500 + 20);
    expect(ofType(events, 'recordsAcknowledged')).toEqual([expect.objectContaining({ partition: 2, baseOffset: 0, acks: 'all' })]);
  });
});

describe('4c. restarts while the metadata quorum or the network is disturbed', () => {
  it('a broker restarted while no controller is active registers once one is elected; its old incarnation is fenced first', () => {
    // Three brokers, all controller voters: crashing two loses the quorum, so nothing can be fenced.
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 10, keys: { kind: 'none' } }],
      }),
      { seed: 7 },
    );
    advanceCollect(sim, 2000, 100);
    const leader = leaderOf(sim);
    const other = partitionOf(sim, 'orders', 0).replicas.find((id) => id !== leader)!;
    const epoch = partitionOf(sim, 'orders', 0).leaderEpoch;
    sim.apply({ type: 'crashBroker', brokerId: leader });
    sim.apply({ type: 'crashBroker', brokerId: other });
    const down = advanceCollect(sim, 5000, 100);
    expect(ofType(down, 'controllerUnavailable').length).toBeGreaterThan(0);
    expect(ofType(down, 'brokerFenced')).toEqual([]);
    sim.apply({ type: 'restartBroker', brokerId: leader }); // registers in 2 s — no controller yet
    advanceCollect(sim, 2500, 100);
    sim.apply({ type: 'restartBroker', brokerId: other }); // a majority of voters again
    const events = advanceCollect(sim, 15_000, 100);
    const elected = ofType(events, 'controllerElected')[0]!;
    // BrokerLifecycleManager retries registration; the controller replaces each old incarnation.
    for (const id of [leader, other]) {
      const fenced = ofType(events, 'brokerFenced').find((e) => e.brokerId === id);
      expect(fenced).toMatchObject({ reason: 'restarted' });
      expect(fenced!.timeMs).toBeGreaterThanOrEqual(elected.timeMs);
      expect(ofType(events, 'brokerUnfenced').some((e) => e.brokerId === id)).toBe(true);
    }
    expect(partitionOf(sim, 'orders', 0).leaderEpoch).toBeGreaterThan(epoch);
    expect(sim.snapshot().partitions[0]!.isr).toHaveLength(3);
  });

  it('a follower whose fetch reached a leader that has restarted since fetches again (the fetcher reconnects)', () => {
    // F lags (slow link) and drops out of the ISR, so the leader L is its only member. L restarts while
    // F's fetch is still on the wire: L comes back as leader (epoch + 2) before that fetch arrives,
    // and the fetch finds a new L process. F must fetch again, catch up and rejoin the ISR.
    const sim = createSimulation(
      cluster({
        controllers: 1,
        configs: { 'replica.lag.time.max.ms': 4000 },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 2 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 10, keys: { kind: 'none' }, configs: { acks: '1' } }],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 2000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const l = p.leader;
    const f = p.replicas.find((id) => id !== l)!;
    expect(p.replicas).not.toContain(sim.state.controller.activeId);
    sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 6000 });
    expect(advanceUntilEvent(sim, (e) => e.type === 'isrShrunk', 20_000)).toMatchObject({ isr: [l] });
    // Wait until F's fetch request (not a response) is on the wire and will land after L is back.
    const requestArrivesAt = () => {
      const q = sim.state.queue;
      const i = q.tasks.findIndex((t) => t.kind === 'fetchArrive' && t.request.followerId === f && t.request.leaderId === l);
      return i < 0 ? -1 : q.times[i]!;
    };
    while (requestArrivesAt() < sim.nowMs + 4000) sim.advance(10);
    sim.apply({ type: 'crashBroker', brokerId: l });
    sim.apply({ type: 'restartBroker', brokerId: l });
    sim.apply({ type: 'slowBroker', brokerId: f, extraLatencyMs: 0 });
    const events = advanceCollect(sim, 20_000, 100);
    expect(ofType(events, 'leaderElected').at(-1)).toMatchObject({ leader: l, reason: 'recovered' });
    expect(ofType(events, 'isrExpanded')).toEqual([expect.objectContaining({ added: [f] })]);
    expect(p.logs[f]!.log.leo).toBeGreaterThanOrEqual(p.logs[l]!.highWatermark);
  });
});

// ---------------------------------------------------------------------------------------------

describe('5. leader election (KRaft: ReplicationControlManager, PartitionChangeBuilder)', () => {
  const base = (configs: Record<string, string | number | boolean> = {}, brokerConfigs: Record<string, number | boolean> = {}, brokers = 4) =>
    cluster({
      brokers,
      configs: brokerConfigs,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs }],
      producers: [{ id: 'app', topic: 'orders', ratePerSec: 10, keys: { kind: 'none' }, configs: { acks: '1' } }],
    });

  it('crashing the leader: fenced after broker.session.timeout.ms, then the first live ISR replica in assignment order leads at epoch + 1', () => {
    const sim = createSimulation(base(), { seed: 3 });
    advanceCollect(sim, 3000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const leader = p.leader;
    expect(sim.state.controller.activeId).not.toBe(leader); // so the session timer is not restarted by a controller change
    const replicas = [...p.replicas];
    const epoch = p.leaderEpoch;
    sim.apply({ type: 'crashBroker', brokerId: leader });
    const crashMs = sim.nowMs;
    const events = advanceCollect(sim, 12_000, 50);
    const fenced = ofType(events, 'brokerFenced');
    expect(fenced).toEqual([{ timeMs: fenced[0]!.timeMs, type: 'brokerFenced', brokerId: leader, reason: 'session timeout' }]);
    // The session expires broker.session.timeout.ms (9 s) after the last heartbeat (every 2 s) before the crash.
    expect(fenced[0]!.timeMs - crashMs).toBeLessThanOrEqual(9000);
    expect(fenced[0]!.timeMs - crashMs).toBeGreaterThan(9000 - 2000);
    const elected = ofType(events, 'leaderElected');
    expect(elected).toHaveLength(1);
    const expected = replicas.find((id) => id !== leader)!; // every other replica is alive and in the ISR
    expect(elected[0]).toMatchObject({ timeMs: fenced[0]!.timeMs, previousLeader: leader, leader: expected, leaderEpoch: epoch + 1, reason: 'leader fenced' });
    expect(ofType(events, 'isrShrunk')[0]).toMatchObject({ removed: [leader], timeMs: fenced[0]!.timeMs });
    expect(sim.snapshot().partitions[0]!.leader).toBe(expected);
  });

  it('the next leader is the first live ISR member in assignment order, skipping dead and out-of-sync replicas', () => {
    const sim = createSimulation(base({}, { 'replica.lag.time.max.ms': 4000 }, 5), { seed: 21 });
    advanceCollect(sim, 2000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const [first, second, third] = p.replicas as [number, number, number];
    expect(p.leader).toBe(first);
    // The second replica falls out of the ISR, so when the leader dies the third takes over.
    sim.apply({ type: 'slowBroker', brokerId: second, extraLatencyMs: 5000 });
    const lagged = advanceUntilEvent(sim, (e) => e.type === 'isrShrunk', 20_000);
    expect(lagged).toMatchObject({ removed: [second] });
    sim.apply({ type: 'crashBroker', brokerId: first });
    const elected = advanceUntilEvent(sim, (e) => e.type === 'leaderElected', 15_000);
    expect(elected).toMatchObject({ leader: third, reason: 'leader fenced' });
  });

  it('no live ISR member: the partition goes offline, and comes back when the last ISR member returns', () => {
    const sim = createSimulation({ ...base(), cluster: { brokers: 4, controllers: 1 } }, { seed: 1 });
    advanceCollect(sim, 2000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const replicas = [...p.replicas];
    expect(replicas).not.toContain(sim.state.controller.activeId);
    const last = replicas.at(-1)!;
    for (const id of replicas.filter((r) => r !== last)) {
      sim.apply({ type: 'crashBroker', brokerId: id });
      advanceCollect(sim, 12_000, 100);
    }
    sim.apply({ type: 'crashBroker', brokerId: last });
    const events = advanceCollect(sim, 15_000, 100);
    const offline = ofType(events, 'partitionOffline');
    expect(offline).toHaveLength(1);
    // KRaft keeps the last member in the ISR so that it can lead again.
    expect(offline[0]).toMatchObject({ lastLeader: last, isr: [last] });
    const snap = sim.snapshot();
    expect(snap.partitions[0]).toMatchObject({ offline: true, leader: -1, isr: [last] });
    expect(snap.stats.offlinePartitions).toBe(1);
    // Restarting an out-of-sync replica does not help without unclean election.
    sim.apply({ type: 'restartBroker', brokerId: replicas[0]! });
    expect(ofType(advanceCollect(sim, 10_000, 100), 'leaderElected')).toEqual([]);
    sim.apply({ type: 'restartBroker', brokerId: last });
    const back = ofType(advanceCollect(sim, 10_000, 100), 'leaderElected');
    expect(back[0]).toMatchObject({ leader: last, reason: 'recovered' });
  });

  it('unclean.leader.election.enable: an out-of-sync replica leads and acknowledged records are lost', () => {
    const run = (unclean: boolean) => {
      const sim = createSimulation(
        cluster({
          configs: { 'replica.lag.time.max.ms': 4000 },
          topics: [{ name: 'orders', partitions: 1, replicationFactor: 2, configs: unclean ? { 'unclean.leader.election.enable': true } : {} }],
          producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks: '1' } }],
        }),
        { seed: 9 },
      );
      advanceCollect(sim, 2000, 100);
      const p = partitionOf(sim, 'orders', 0);
      const leader = p.leader;
      const follower = p.replicas.find((id) => id !== leader)!;
      sim.apply({ type: 'slowBroker', brokerId: follower, extraLatencyMs: 20_000 });
      expect(advanceUntilEvent(sim, (e) => e.type === 'isrShrunk', 20_000)).toMatchObject({ isr: [leader] });
      sim.apply({ type: 'slowBroker', brokerId: follower, extraLatencyMs: 0 });
      sim.apply({ type: 'crashBroker', brokerId: leader });
      const events = advanceCollect(sim, 15_000, 100);
      return { sim, events, leader, follower };
    };
    const clean = run(false);
    expect(ofType(clean.events, 'partitionOffline')).toHaveLength(1);
    expect(clean.sim.snapshot().stats.acknowledgedLost).toBe(0);

    const { sim, events, leader, follower } = run(true);
    const elected = ofType(events, 'leaderElected');
    expect(elected).toHaveLength(1);
    expect(elected[0]).toMatchObject({ previousLeader: leader, leader: follower, reason: 'unclean' });
    const snap = sim.snapshot();
    expect(snap.partitions[0]).toMatchObject({ leader: follower, isr: [follower], recovering: true });
    expect(snap.stats.uncleanElections).toBe(1);
    expect(snap.stats.acknowledgedLost).toBeGreaterThan(0);
    expect(ofType(events, 'acknowledgedRecordsLost')[0]).toMatchObject({ leader: follower });
    expect(snap.topics[0]!.warnings.join(' ')).toContain('unclean.leader.election.enable=true');
  });

  it('after an unclean election a returning replica truncates to the end of the last epoch both logs share, then catches up', () => {
    // RF 2: A leads epoch 0 and runs ahead of a lagging B; A crashes, B leads epoch 1 and writes past
    // A's end; B crashes and A comes back as an unclean leader (epoch 3) with its own epoch-0 tail.
    // When B returns, the leader's end of epoch 0 is A's old LEO, but B's epoch 0 ended earlier, where
    // B's epoch 1 began: Kafka truncates to min(follower end, leader end) of the epoch they share
    // (AbstractFetcherThread.getOffsetTruncationState), so none of B's epoch-1 records survive.
    const sim = createSimulation(
      cluster({
        controllers: 1,
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 2, configs: { 'unclean.leader.election.enable': true } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks: '1' } }],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 2000, 100);
    const p = partitionOf(sim, 'orders', 0);
    const a = p.leader;
    const b = p.replicas.find((id) => id !== a)!;
    expect(p.replicas).not.toContain(sim.state.controller.activeId);
    sim.apply({ type: 'slowBroker', brokerId: b, extraLatencyMs: 2000 });
    advanceCollect(sim, 5000, 100);
    sim.apply({ type: 'crashBroker', brokerId: a });
    sim.apply({ type: 'slowBroker', brokerId: b, extraLatencyMs: 0 });
    advanceCollect(sim, 15_000, 100);
    const aEnd = p.logs[a]!.log.leo;
    const bEpoch1Start = epochStart(sim, b, 1)!;
    expect(bEpoch1Start).toBeLessThan(aEnd);
    expect(p.logs[b]!.log.leo).toBeGreaterThan(aEnd);
    sim.apply({ type: 'crashBroker', brokerId: b });
    advanceCollect(sim, 12_000, 100);
    sim.apply({ type: 'restartBroker', brokerId: a });
    expect(ofType(advanceCollect(sim, 6000, 100), 'leaderElected')[0]).toMatchObject({ leader: a, reason: 'unclean' });
    sim.apply({ type: 'restartBroker', brokerId: b });
    const events = advanceCollect(sim, 15_000, 100);
    expect(ofType(events, 'logTruncated')).toEqual([expect.objectContaining({ brokerId: b, toEndOffset: bEpoch1Start, reason: 'diverging epoch' })]);
    expect(ofType(events, 'isrExpanded')[0]).toMatchObject({ added: [b] });
    // B now holds A's records where its own epoch-1 records were.
    expect(p.logs[b]!.log.leo).toBe(p.logs[a]!.log.leo);
    for (let off = bEpoch1Start; off < aEnd; off++) expect(batchAt(p.logs[b]!.log, off)).toBe(batchAt(p.logs[a]!.log, off));
  });

  it('preferred-leader election moves leadership back after a restart (leader.imbalance.check.interval.seconds)', () => {
    const sim = createSimulation(base({}, { 'leader.imbalance.check.interval.seconds': 10 }), { seed: 3 });
    advanceCollect(sim, 2000, 100);
    const preferred = partitionOf(sim, 'orders', 0).replicas[0]!;
    expect(leaderOf(sim)).toBe(preferred);
    sim.apply({ type: 'crashBroker', brokerId: preferred });
    advanceCollect(sim, 12_000, 100);
    expect(leaderOf(sim)).not.toBe(preferred);
    sim.apply({ type: 'restartBroker', brokerId: preferred });
    const events = advanceCollect(sim, 25_000, 100);
    const rejoined = ofType(events, 'isrExpanded').find((e) => e.added.includes(preferred))!;
    const moved = ofType(events, 'leaderElected').find((e) => e.reason === 'preferred')!;
    expect(moved).toMatchObject({ leader: preferred });
    expect(moved.timeMs).toBeGreaterThan(rejoined.timeMs);
    expect(moved.timeMs % 10_000).toBe(0); // on the controller's periodic check
    expect(moved.timeMs - rejoined.timeMs).toBeLessThanOrEqual(10_000);
  });

  it('with auto.leader.rebalance.enable=false leadership stays, until kafka-leader-election.sh --election-type preferred', () => {
    const sim = createSimulation(base({}, { 'leader.imbalance.check.interval.seconds': 10, 'auto.leader.rebalance.enable': false }), { seed: 3 });
    advanceCollect(sim, 2000, 100);
    const preferred = leaderOf(sim);
    sim.apply({ type: 'crashBroker', brokerId: preferred });
    advanceCollect(sim, 12_000, 100);
    sim.apply({ type: 'restartBroker', brokerId: preferred });
    const events = advanceCollect(sim, 30_000, 100);
    expect(ofType(events, 'leaderElected')).toEqual([]);
    expect(sim.apply({ type: 'electLeaders', electionType: 'preferred', topic: 'orders' })).toEqual({ ok: true });
    expect(ofType(sim.drainEvents(), 'leaderElected')[0]).toMatchObject({ leader: preferred, reason: 'preferred' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('6. retention in a full run (LogManager.cleanupLogs, UnifiedLog.deleteOldSegments)', () => {
  it('segments past retention.ms go oldest first at each check, the log start offset moves, and deleted offsets cannot be read', () => {
    const checkMs = 2000;
    const sim = createSimulation(
      cluster({
        configs: { 'log.retention.check.interval.ms': checkMs, 'log.initial.task.delay.ms': 0 },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'retention.ms': 5000, 'segment.ms': 1000 } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' } }],
      }),
      { seed: 4 },
    );
    const events = advanceCollect(sim, 30_000, 100);
    const deleted = ofType(events, 'segmentDeleted');
    expect(deleted.length).toBeGreaterThan(10);
    for (const d of deleted) {
      expect(d.reason).toBe('retention.ms');
      expect(d.timeMs % checkMs).toBe(0);
    }
    const leader = leaderOf(sim);
    for (const id of partitionOf(sim, 'orders', 0).replicas) {
      const mine = deleted.filter((d) => d.brokerId === id);
      expect(mine.length).toBeGreaterThan(0);
      // Oldest first, contiguous, and the log start offset follows.
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.baseOffset).toBe(mine[i - 1]!.endOffset);
        expect(mine[i]!.logStartOffset).toBeGreaterThanOrEqual(mine[i - 1]!.logStartOffset);
      }
      expect(mine[0]!.baseOffset).toBe(0);
    }
    const snap = sim.snapshot().partitions[0]!;
    expect(snap.logStartOffset).toBeGreaterThan(0);
    const start = snap.logStartOffset;
    const leaderDeleted = deleted.filter((d) => d.brokerId === leader);
    expect(leaderDeleted.at(-1)!.logStartOffset).toBe(start);
    // Every segment still there holds a record younger than retention.ms at the last check.
    const lastCheck = Math.floor(sim.nowMs / checkMs) * checkMs;
    const leaderSegments = snap.replicaStates.find((r) => r.brokerId === leader)!.segments;
    for (const s of leaderSegments) if (s.records > 0) expect(lastCheck - s.largestTimestampMs).toBeLessThanOrEqual(5000);
    // Deleted offsets are gone: reading from 0 starts at the log start offset.
    const recs = sim.readRecords('orders', 0, 0, 3);
    expect(recs[0]!.offset).toBe(start);
    expect(sim.readRecords('orders', 0, start - 1, 1)[0]!.offset).toBe(start);
    expect(sim.snapshot().stats.segmentsDeleted).toBe(deleted.length);
  });

  it('when every segment has expired, the active one is rolled first and the log is left with one empty segment at the LEO', () => {
    const sim = createSimulation(
      cluster({
        configs: { 'log.retention.check.interval.ms': 1000, 'log.initial.task.delay.ms': 0 },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'retention.ms': 3000 } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' } }],
      }),
      { seed: 4 },
    );
    advanceCollect(sim, 2000, 100);
    sim.apply({ type: 'updateProducer', producerId: 'app', paused: true });
    const events = advanceCollect(sim, 10_000, 100);
    const rolled = ofType(events, 'segmentRolled').filter((e) => e.reason === 'retention');
    expect(rolled.length).toBe(3); // once per replica
    const snap = sim.snapshot().partitions[0]!;
    for (const r of snap.replicaStates) {
      expect(r.segments).toHaveLength(1);
      expect(r.segments[0]).toMatchObject({ baseOffset: r.logEndOffset, records: 0, active: true });
      expect(r.logStartOffset).toBe(r.logEndOffset);
    }
    expect(sim.readRecords('orders', 0, 0, 10)).toEqual([]);
  });

  it('retention.bytes keeps each partition under the limit, whole segments only', () => {
    const sim = createSimulation(
      cluster({
        configs: { 'log.retention.check.interval.ms': 1000, 'log.initial.task.delay.ms': 0 },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'retention.bytes': 4096, 'segment.bytes': 1024 } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 50, keys: { kind: 'none' } }],
      }),
      { seed: 4 },
    );
    const events = advanceCollect(sim, 20_000, 100);
    const deleted = ofType(events, 'segmentDeleted');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.every((d) => d.reason === 'retention.bytes')).toBe(true);
    // Right after a check the leader holds at most retention.bytes plus what arrived since.
    const snap = sim.snapshot().partitions[0]!;
    const leader = snap.replicaStates.find((r) => r.role === 'leader')!;
    expect(leader.sizeBytes).toBeLessThan(4096 + 1024 + 2 * 1024);
  });
});

// ---------------------------------------------------------------------------------------------

describe('7. Kafka errors are command results; the simulation keeps running', () => {
  const sim = () =>
    createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 2 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 10, keys: { kind: 'none' } }],
      }),
      { seed: 1 },
    );

  it.each([
    [
      'InvalidReplicationFactorException',
      { type: 'createTopic', name: 'big', partitions: 1, replicationFactor: 4 },
      'cannot be reached because only 3 broker(s)',
    ],
    ['InvalidReplicationFactorException', { type: 'createTopic', name: 'zero', partitions: 1, replicationFactor: 0 }, ''],
    ['InvalidTopicException', { type: 'createTopic', name: 'bad name', partitions: 1, replicationFactor: 1 }, 'a space'],
    ['InvalidTopicException', { type: 'createTopic', name: '<img src=x onerror=alert(1)>', partitions: 1, replicationFactor: 1 }, ''],
    ['InvalidTopicException', { type: 'createTopic', name: '', partitions: 1, replicationFactor: 1 }, ''],
    ['InvalidTopicException', { type: 'createTopic', name: '..', partitions: 1, replicationFactor: 1 }, ''],
    ['InvalidTopicException', { type: 'createTopic', name: 'x'.repeat(250), partitions: 1, replicationFactor: 1 }, ''],
    ['TopicExistsException', { type: 'createTopic', name: 'orders', partitions: 1, replicationFactor: 1 }, "Topic 'orders' already exists"],
    ['InvalidPartitionsException', { type: 'addPartitions', topic: 'orders', totalCount: 1 }, 'would not be an increase'],
    ['InvalidPartitionsException', { type: 'addPartitions', topic: 'orders', totalCount: 2 }, 'Topic already has 2 partition(s)'],
    ['InvalidPartitionsException', { type: 'createTopic', name: 'none', partitions: 0, replicationFactor: 1 }, ''],
    [
      'InvalidConfigurationException',
      { type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 'soon' } },
      'Invalid value soon for configuration retention.ms',
    ],
    ['InvalidConfigurationException', { type: 'setTopicConfig', topic: 'orders', configs: { 'min.insync.replicas': 0 } }, 'Value must be at least 1'],
    [
      'InvalidConfigurationException',
      { type: 'setTopicConfig', topic: 'orders', configs: { 'retention.hours': 1 } },
      "Unknown topic configuration 'retention.hours'",
    ],
    [
      'InvalidConfigurationException',
      { type: 'createTopic', name: 'fresh', partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'shred' } },
      'String must be one of',
    ],
    ['InvalidConfigurationException', { type: 'setBrokerConfig', configs: { 'replica.lag.time.max.ms': -5 } }, ''],
    ['UnknownTopicOrPartitionException', { type: 'addPartitions', topic: 'nope', totalCount: 3 }, ''],
  ] as const)('%s: %j', (name, command, fragment) => {
    const s = sim();
    s.advance(1000);
    s.drainEvents();
    const before = s.snapshot();
    const result = s.apply(command as never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe(name);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.message).toContain(fragment);
    const events = s.drainEvents();
    expect(events).toEqual([{ timeMs: 1000, type: 'commandRejected', command: command.type, error: result.error }]);
    // Nothing changed, and the simulation goes on producing.
    const after = s.snapshot();
    expect(after.topics).toEqual(before.topics);
    expect(after.brokerConfigs).toEqual(before.brokerConfigs);
    expect(ofType(advanceCollect(s, 2000, 500), 'recordsAcknowledged').length).toBeGreaterThan(0);
  });

  it('RF larger than the live brokers: a crashed and fenced broker does not count', () => {
    const s = sim();
    s.apply({ type: 'crashBroker', brokerId: 3 });
    advanceCollect(s, 12_000, 1000);
    const r = s.apply({ type: 'createTopic', name: 'three', partitions: 1, replicationFactor: 3 });
    expect(r).toMatchObject({ ok: false, error: { name: 'InvalidReplicationFactorException' } });
    expect(s.apply({ type: 'createTopic', name: 'two', partitions: 1, replicationFactor: 2 })).toEqual({ ok: true });
  });

  it('the offending name is kept verbatim in the message (the view escapes it, the engine does not interpret it)', () => {
    const s = sim();
    const r = s.apply({ type: 'createTopic', name: '<img src=x onerror=alert(1)>', partitions: 1, replicationFactor: 1 });
    expect(r.ok).toBe(false);
    expect(s.snapshot().topics.map((t) => t.name)).toEqual(['orders']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('8a. the sender drains every partition of a ready leader (RecordAccumulator.ready / drainBatchesForOneNode)', () => {
  it('one lingered batch readies its leader, and the request carries the first batch of its other partitions too', () => {
    // One broker leads both partitions. Partition 0's batch is 100 ms old (linger.ms) when partition
    // 1's is 40 ms old: both go in the one produce request, so both are appended at the same instant.
    const sim = createSimulation(
      cluster({
        brokers: 1,
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 1 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' }, configs: { 'linger.ms': 100 } }],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 2000, 100);
    sim.apply({ type: 'produce', producerId: 'app', key: null, value: 'first', partition: 0 });
    advanceCollect(sim, 60, 10);
    sim.apply({ type: 'produce', producerId: 'app', key: null, value: 'second', partition: 1 });
    const appended = ofType(advanceCollect(sim, 1000, 50), 'recordsAppended');
    expect(appended.map((e) => e.partition).sort()).toEqual([0, 1]);
    expect(appended[0]!.timeMs).toBe(appended[1]!.timeMs);
    expect(appended[0]!.timeMs - 2000).toBeLessThan(100 + 40); // when partition 0 lingered linger.ms, not partition 1
  });
});

describe('8. the partitioner in the simulation (KafkaProducer.partition, BuiltInPartitioner)', () => {
  it('keyed records land in partitionForKey(key, n)', () => {
    const keys = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', '', 'ключ', '🙂'];
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 5, replicationFactor: 2 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 50, keys: { kind: 'fixed', keys } }],
      }),
      { seed: 2 },
    );
    advanceCollect(sim, 5000, 500);
    let seen = 0;
    for (let p = 0; p < 5; p++) {
      for (const r of sim.readRecords('orders', p, 0, 1000)) {
        expect(r.key).not.toBeNull();
        expect(partitionForKey(r.key!, 5)).toBe(p);
        expect(r.keyHash).toMatchObject({ partition: p, numPartitions: 5 });
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(200);
  });

  it('records without keys stick to one partition until about batch.size bytes, then switch (KIP-794)', () => {
    const batchSize = 1024;
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 6, replicationFactor: 1 }],
        producers: [
          {
            id: 'app',
            topic: 'orders',
            ratePerSec: 100,
            keys: { kind: 'none' },
            value: { kind: 'order' },
            configs: { 'batch.size': batchSize, 'linger.ms': 0 },
          },
        ],
      }),
      { seed: 6 },
    );
    advanceCollect(sim, 20_000, 1000);
    // Put the records back in production order by their order_id.
    const all: { order: number; partition: number; size: number }[] = [];
    for (let p = 0; p < 6; p++)
      for (const r of sim.readRecords('orders', p, 0, 1000)) all.push({ order: JSON.parse(r.value!).order_id as number, partition: p, size: r.sizeBytes });
    all.sort((a, b) => a.order - b.order);
    expect(all.length).toBeGreaterThan(1500);
    expect(all.map((r) => r.order)).toEqual(all.map((_, i) => i + 1));
    const runs: { partition: number; bytes: number }[] = [];
    for (const r of all) {
      const last = runs.at(-1);
      if (last && last.partition === r.partition) last.bytes += r.size;
      else runs.push({ partition: r.partition, bytes: r.size });
    }
    // Every stay but the current one lasted at least batch.size bytes (a stay may repeat the same
    // partition when the random pick lands on it again, so it can be longer).
    expect(runs.length).toBeGreaterThan(10); // it does switch, and to every partition in turn
    expect(new Set(runs.map((r) => r.partition)).size).toBe(6);
    for (const run of runs.slice(0, -1)) expect(run.bytes).toBeGreaterThanOrEqual(batchSize - 8);
    const total = all.reduce((n, r) => n + r.size, 0);
    expect(runs.length).toBeGreaterThan(total / (2 * batchSize + 200) / 2);
    expect(new Set(all.map((r) => r.partition)).size).toBe(6);
  });

  it('an explicit partition is honoured, whatever the key hashes to', () => {
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 1 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } }],
      }),
      { seed: 2 },
    );
    const key = 'alice';
    const target = (partitionForKey(key, 4) + 1) % 4;
    expect(sim.apply({ type: 'produce', producerId: 'app', key, value: 'v', partition: target })).toEqual({ ok: true });
    expect(sim.apply({ type: 'produce', producerId: 'app', key, value: 'w' })).toEqual({ ok: true });
    advanceCollect(sim, 1000, 100);
    expect(sim.readRecords('orders', target, 0, 10).map((r) => r.value)).toEqual(['v']);
    expect(sim.readRecords('orders', partitionForKey(key, 4), 0, 10).map((r) => r.value)).toEqual(['w']);
    const bad = sim.apply({ type: 'produce', producerId: 'app', key, value: 'x', partition: 4 });
    expect(bad).toMatchObject({ ok: false, error: { name: 'UnknownTopicOrPartitionException' } });
  });

  it("adding partitions moves keys only after the producer's metadata refresh (metadata.max.age.ms)", () => {
    const keys = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    const refreshMs = 5000;
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 1 }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 40, keys: { kind: 'fixed', keys }, configs: { 'metadata.max.age.ms': refreshMs } }],
        timeline: [{ atMs: 1000, command: { type: 'addPartitions', topic: 'orders', totalCount: 4 } }],
      }),
      { seed: 2 },
    );
    const events = advanceCollect(sim, 9000, 100);
    expect(ofType(events, 'partitionsAdded')[0]).toMatchObject({ from: 2, to: 4, timeMs: 1000 });
    let before = 0;
    let after = 0;
    for (let p = 0; p < 4; p++) {
      for (const r of sim.readRecords('orders', p, 0, 1000)) {
        if (r.timestampMs < refreshMs) {
          expect(p).toBe(partitionForKey(r.key!, 2)); // the producer still thinks there are 2 partitions
          before++;
        } else {
          expect(p).toBe(partitionForKey(r.key!, 4));
          after++;
        }
      }
    }
    expect(before).toBeGreaterThan(100);
    expect(after).toBeGreaterThan(100);
    expect(keys.some((k) => partitionForKey(k, 2) !== partitionForKey(k, 4))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('9. records: timestamps, headers, compaction (LogValidator)', () => {
  it('message.timestamp.type=LogAppendTime overwrites timestamps with the broker clock; CreateTime keeps the producer’s', () => {
    const sim = createSimulation(
      cluster({
        topics: [
          { name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'message.timestamp.type': 'LogAppendTime' } },
          { name: 'created', partitions: 1, replicationFactor: 3 },
        ],
        producers: [
          { id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
          { id: 'other', topic: 'created', ratePerSec: 0, keys: { kind: 'none' } },
        ],
      }),
      { seed: 1 },
    );
    advanceCollect(sim, 5000, 1000);
    sim.apply({ type: 'produce', producerId: 'app', key: 'k', value: 'v', timestampMs: 1234 });
    sim.apply({ type: 'produce', producerId: 'other', key: 'k', value: 'v', timestampMs: 1234 });
    const events = advanceCollect(sim, 1000, 100);
    const appended = ofType(events, 'recordsAppended').find((e) => e.topic === 'orders')!;
    for (const id of partitionOf(sim, 'orders', 0).replicas) {
      const [r] = sim.readRecords('orders', 0, 0, 1, id);
      expect(r).toMatchObject({ timestampType: 'LogAppendTime', timestampMs: appended.timeMs });
      expect(r!.timestampEpochMs).toBe(sim.snapshot().startEpochMs + appended.timeMs);
    }
    expect(sim.readRecords('created', 0, 0, 1)[0]).toMatchObject({ timestampType: 'CreateTime', timestampMs: 1234 });
  });

  it('headers survive, in order and with duplicate keys, on every replica', () => {
    const headers: [string, string][] = [
      ['trace-id', 'abc'],
      ['trace-id', 'def'],
      ['empty', ''],
      ['ünïcödé', '🙂'],
    ];
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
        producers: [
          { id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
          { id: 'gen', topic: 'orders', ratePerSec: 5, keys: { kind: 'none' }, headers: [['source', 'gen']] },
        ],
      }),
      { seed: 1 },
    );
    sim.apply({ type: 'produce', producerId: 'app', key: 'k', value: 'v', headers });
    sim.apply({ type: 'produce', producerId: 'app', key: 'k2', value: 'plain' });
    advanceCollect(sim, 2000, 100);
    for (const id of partitionOf(sim, 'orders', 0).replicas) {
      const recs = sim.readRecords('orders', 0, 0, 100, id);
      expect(recs.find((r) => r.value === 'v')!.headers).toEqual(headers);
      expect(recs.find((r) => r.value === 'plain')!.headers).toEqual([]);
      const generated = recs.filter((r) => r.producerId === 'gen');
      expect(generated.length).toBeGreaterThan(3);
      for (const r of generated) expect(r.headers).toEqual([['source', 'gen']]);
    }
  });

  it('a compacted topic rejects a record without a key: InvalidRecordException, not retried', () => {
    const sim = createSimulation(
      cluster({
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } }],
        producers: [{ id: 'app', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } }],
      }),
      { seed: 1 },
    );
    sim.apply({ type: 'produce', producerId: 'app', key: null, value: 'no key' });
    const events = advanceCollect(sim, 2000, 100);
    const errors = ofType(events, 'producerError');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { name: 'InvalidRecordException' }, retriable: false, records: 1 });
    expect(errors[0]!.error.message).toContain('Compacted topic cannot accept message without key');
    expect(ofType(events, 'recordsAppended')).toEqual([]);
    sim.apply({ type: 'produce', producerId: 'app', key: 'k', value: 'keyed' });
    const ok = advanceCollect(sim, 2000, 100);
    expect(ofType(ok, 'recordsAcknowledged')).toHaveLength(1);
    expect(sim.readRecords('orders', 0, 0, 10).map((r) => r.value)).toEqual(['keyed']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('10. determinism (same scenario, seed and timeline ⇒ same event log)', () => {
  const scenario: ScenarioSpec = cluster({
    brokers: 4,
    configs: { 'replica.lag.time.max.ms': 5000, 'log.retention.check.interval.ms': 3000, 'leader.imbalance.check.interval.seconds': 15 },
    topics: [
      { name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2, 'segment.ms': 2000, 'retention.ms': 8000 } },
      { name: 'clicks', partitions: 2, replicationFactor: 2, configs: { 'unclean.leader.election.enable': true } },
    ],
    producers: [
      { id: 'orders-app', topic: 'orders', ratePerSec: 40, keys: { kind: 'random', prefix: 'c-', cardinality: 30 } },
      { id: 'clicks-app', topic: 'clicks', ratePerSec: 30, keys: { kind: 'none' }, configs: { acks: '1', 'linger.ms': 10 } },
    ],
    timeline: [
      { atMs: 3000, command: { type: 'crashBroker', brokerId: 2 } },
      { atMs: 6000, command: { type: 'slowBroker', brokerId: 3, extraLatencyMs: 4000 } },
      { atMs: 9000, command: { type: 'isolateBroker', brokerId: 4 } },
      { atMs: 14_000, command: { type: 'restartBroker', brokerId: 2 } },
      { atMs: 16_000, command: { type: 'healBroker', brokerId: 4 } },
      { atMs: 18_000, command: { type: 'slowBroker', brokerId: 3, extraLatencyMs: 0 } },
      { atMs: 20_000, command: { type: 'addPartitions', topic: 'orders', totalCount: 5 } },
      { atMs: 22_000, command: { type: 'setTopicConfig', topic: 'orders', configs: { 'min.insync.replicas': 3 } } },
    ],
  });
  const DURATION = 40_000;

  function runInChunks(seed: number, chunkMs: number): { hash: number; events: number } {
    const sim = createSimulation(scenario, { seed });
    const events: SimEvent[] = [];
    for (let t = 0; t < DURATION; t += chunkMs) {
      sim.advance(Math.min(chunkMs, DURATION - t));
      events.push(...sim.drainEvents());
    }
    return { hash: hashEvents(events), events: events.length };
  }

  it('the same seed gives an identical event-log hash; a different seed a different one', () => {
    const a = runInChunks(42, DURATION);
    const b = runInChunks(42, DURATION);
    expect(b).toEqual(a);
    expect(a.events).toBeGreaterThan(1000);
    expect(runInChunks(43, DURATION).hash).not.toBe(a.hash);
  });

  it.each([1, 7, 1000])('advancing in %i ms chunks gives the same hash as all at once', (chunk) => {
    expect(runInChunks(42, chunk)).toEqual(runInChunks(42, DURATION));
  });

  it('step() one task at a time gives the same history as advance()', () => {
    const sim = createSimulation(scenario, { seed: 42 });
    const events: SimEvent[] = [];
    while (sim.state.queue.times.length > 0 && sim.state.queue.times[0]! <= DURATION) sim.step();
    events.push(...sim.drainEvents());
    expect(hashEvents(events)).toBe(runInChunks(42, DURATION).hash);
  });

  it('a checkpoint (structuredClone of the state) resumes to the same history (seek equals replay)', () => {
    const sim = createSimulation(scenario, { seed: 42 });
    sim.advance(12_345);
    sim.drainEvents();
    const checkpoint = structuredClone(sim.state);
    expect(JSON.parse(JSON.stringify(sim.snapshot()))).toEqual(sim.snapshot());
    sim.advance(DURATION - 12_345);
    runUntil(checkpoint, DURATION);
    expect(hashEvents(checkpoint.events)).toBe(hashEvents(sim.drainEvents()));
    expect(checkpoint.stats).toEqual(sim.state.stats);
  });
});
