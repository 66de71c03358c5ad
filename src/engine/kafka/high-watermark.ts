/**
 * The high watermark: the offset below which every in-sync replica has the records, so consumers may
 * read them and acks=all producers are answered (`Partition.maybeIncrementLeaderHW`).
 */
import { brokerNumber, effectiveMinIsr, emit } from '../core';
import type { Partition, Replica, Sim } from '../state';
import { wakeParkedConsumers } from './consumer-fetch-handler';
import { noteParkedFetchNews } from './delayed-fetch';
import { completeWaitingProduces } from './produce-purgatory';

/**
 * `Partition.maybeIncrementLeaderHW`: the minimum LEO over the leader, the ISR and caught-up
 * replicas about to join it; only forwards; and — since Kafka 3.7 (KAFKA-15583) — not at all while
 * the ISR is smaller than min.insync.replicas. NOTE mutates sim.
 */
export function maybeIncrementHighWatermark(sim: Sim, p: Partition, r: Replica): boolean {
  if (!r.followers) return false;
  if (r.viewIsr.length < effectiveMinIsr(sim, p)) return false;
  let hw = r.log.leo;
  const lagMaxMs = brokerNumber(sim, 'replica.lag.time.max.ms');
  for (const id of p.replicas) {
    if (id === r.brokerId) continue;
    const fs = r.followers[id]!;
    const inIsr = r.viewIsr.includes(id);
    const aboutToJoin = !inIsr && isCaughtUp(fs, r.log.leo, sim.nowMs, lagMaxMs) && sim.brokers[id]?.fenced === false;
    if ((inIsr || aboutToJoin) && fs.leo < hw) hw = fs.leo;
  }
  if (hw <= r.highWatermark) return false;
  const from = r.highWatermark;
  r.highWatermark = hw;
  emit(sim, { type: 'highWatermarkMoved', topic: p.topic, partition: p.index, brokerId: r.brokerId, from, to: hw });
  completeWaitingProduces(sim, p, r);
  wakeParkedConsumers(sim, r.brokerId, p); // consumers read below the high watermark: new records are visible
  for (const id of p.replicas) if (id !== r.brokerId) noteParkedFetchNews(sim, r.brokerId, id); // followers learn the new HW on the timeout
  return true;
}

/** `ReplicaState.isCaughtUp`. */
export function isCaughtUp(fs: { leo: number; lastCaughtUpTimeMs: number }, leaderLeo: number, nowMs: number, lagMaxMs: number): boolean {
  return fs.leo === leaderLeo || nowMs - fs.lastCaughtUpTimeMs <= lagMaxMs;
}
