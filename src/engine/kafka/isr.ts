/**
 * The in-sync replicas (ISR). The leader shrinks the ISR when a follower falls more than
 * `replica.lag.time.max.ms` behind (checked every half of that, ReplicaManager's "isr-expiration"
 * task; `Partition.maybeShrinkIsr`) and expands it when a follower catches up
 * (`Partition.maybeExpandIsr`); either way it asks the controller (AlterPartition), which applies
 * the change and publishes it. A fenced broker leaves every ISR by the controller's hand (controller.ts).
 */
import { brokerNumber, emit, schedule } from '../core';
import type { Partition, Replica, Sim } from '../state';
import { isCaughtUp, maybeIncrementHighWatermark } from './high-watermark';
import { isEligible } from './leader-election';
import { controllerReaches, publishPartition } from './partition-metadata';

/** Schedules the broker's next ISR check, every replica.lag.time.max.ms / 2 (ReplicaManager's "isr-expiration" task). */
export function scheduleIsrCheck(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId]!;
  schedule(sim, Math.max(1, Math.floor(brokerNumber(sim, 'replica.lag.time.max.ms') / 2)), { kind: 'isrCheck', brokerId, incarnation: b.incarnation });
}

/** `Partition.maybeShrinkIsr` for every partition the broker leads: out-of-sync followers leave the ISR. */
export function onIsrCheck(sim: Sim, brokerId: number): void {
  scheduleIsrCheck(sim, brokerId);
  const lagMaxMs = brokerNumber(sim, 'replica.lag.time.max.ms');
  for (const key of sim.brokers[brokerId]!.hosted) {
    const p = sim.partitions[key]!;
    const r = p.logs[brokerId]!;
    if (!r.followers) continue;
    const outOfSync = r.viewIsr.filter((id) => id !== brokerId && !isCaughtUp(r.followers![id]!, r.log.leo, sim.nowMs, lagMaxMs));
    if (outOfSync.length === 0) continue;
    const isr = r.viewIsr.filter((id) => !outOfSync.includes(id));
    if (alterIsr(sim, p, brokerId, r.viewLeaderEpoch, isr)) maybeIncrementHighWatermark(sim, p, r);
  }
}

/** The offset where the leader's current epoch began (used for ISR eligibility). */
function currentEpochStart(r: Replica): number {
  const e = r.log.epochs[r.log.epochs.length - 1];
  return e ? e.startOffset : 0;
}

/**
 * `Partition.maybeExpandIsr`: a follower rejoins once its LEO reaches the high watermark and the
 * start of the leader's current epoch, and it is not fenced.
 */
export function maybeExpandIsr(sim: Sim, p: Partition, r: Replica, followerId: number): void {
  if (r.viewIsr.includes(followerId)) return;
  const fs = r.followers![followerId]!;
  if (fs.leo < r.highWatermark || fs.leo < currentEpochStart(r)) return;
  if (sim.brokers[followerId]?.fenced !== false) return;
  alterIsr(sim, p, r.brokerId, r.viewLeaderEpoch, [...r.viewIsr, followerId]);
}

/**
 * A leader's AlterPartition request to change the ISR. The controller accepts it only from the
 * current leader at the current epoch, and never adds a fenced broker (`INELIGIBLE_REPLICA`).
 * Returns whether it was applied. NOTE mutates sim.
 */
export function alterIsr(sim: Sim, p: Partition, leaderId: number, leaderEpoch: number, isr: number[]): boolean {
  if (!controllerReaches(sim, leaderId)) return false;
  if (p.leader !== leaderId || p.leaderEpoch !== leaderEpoch) return false;
  if (isr.some((id) => !isEligible(sim, id) && !p.isr.includes(id))) return false;
  const added = isr.filter((id) => !p.isr.includes(id));
  const removed = p.isr.filter((id) => !isr.includes(id));
  if (added.length === 0 && removed.length === 0) return false;
  p.isr = p.replicas.filter((id) => isr.includes(id));
  p.partitionEpoch++;
  if (p.recovering && added.length > 0) p.recovering = false;
  if (removed.length > 0)
    emit(sim, {
      type: 'isrShrunk',
      topic: p.topic,
      partition: p.index,
      isr: [...p.isr],
      removed,
      reason: `fell behind the leader for more than replica.lag.time.max.ms (${brokerNumber(sim, 'replica.lag.time.max.ms')} ms)`,
    });
  if (added.length > 0) emit(sim, { type: 'isrExpanded', topic: p.topic, partition: p.index, isr: [...p.isr], added });
  publishPartition(sim, p);
  return true;
}
