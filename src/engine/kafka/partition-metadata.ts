/**
 * How partition state gets from the controller to the brokers, and what a broker does with it: the
 * controller publishes each change to every broker hosting the partition that it can reach, and
 * each broker's replica becomes leader, becomes follower or takes the new ISR (`Partition.makeLeader`
 * / `makeFollower`). KRaft brokers replay the metadata log; here publishing is immediate.
 */
import { brokersConnected } from '../core';
import type { Partition, Replica, Sim } from '../state';
import { wakeParkedConsumers } from './consumer-fetch-handler';
import { respondToParked } from './delayed-fetch';
import { kickFetcher } from './follower-fetcher';
import { maybeIncrementHighWatermark } from './high-watermark';
import { assignEpoch } from './log';
import { failWaitingProduces } from './produce-purgatory';

/** Whether the active controller can reach `brokerId` (heartbeats and metadata flow). */
export function controllerReaches(sim: Sim, brokerId: number): boolean {
  const c = sim.controller.activeId;
  return c !== null && brokersConnected(sim, c, brokerId);
}

/** Pushes the controller's state of `p` to every broker that hosts it and can hear the controller. */
export function publishPartition(sim: Sim, p: Partition): void {
  for (const id of p.replicas) if (controllerReaches(sim, id)) applyMetadata(sim, p, p.logs[id]!);
}

/** Catches one broker up with the metadata it missed (after a restart, heal or controller change). */
export function publishAllTo(sim: Sim, brokerId: number): void {
  if (!controllerReaches(sim, brokerId)) return;
  for (const key of sim.brokers[brokerId]!.hosted) {
    const p = sim.partitions[key]!;
    applyMetadata(sim, p, p.logs[brokerId]!);
  }
}

/**
 * Applies the controller's state of `p` to one broker's replica: becoming leader or follower on a
 * new leader epoch, or taking a new ISR. NOTE mutates sim.
 */
export function applyMetadata(sim: Sim, p: Partition, r: Replica): void {
  const broker = sim.brokers[r.brokerId]!;
  if (!broker.alive) return;
  if (p.leaderEpoch !== r.viewLeaderEpoch || p.leader !== r.viewLeader) {
    const wasLeader = r.followers !== null;
    r.viewLeader = p.leader;
    r.viewLeaderEpoch = p.leaderEpoch;
    r.viewIsr = [...p.isr];
    r.fetchBlocked = false;
    if (p.leader === r.brokerId) becomeLeader(sim, p, r);
    else {
      if (wasLeader) stepDown(sim, p, r);
      if (p.leader >= 0) kickFetcher(sim, r.brokerId, p.leader);
    }
    return;
  }
  const isrChanged = r.viewIsr.length !== p.isr.length || r.viewIsr.some((id, i) => p.isr[i] !== id);
  r.fetchBlocked = false;
  if (isrChanged) {
    r.viewIsr = [...p.isr];
    if (r.followers) maybeIncrementHighWatermark(sim, p, r);
  }
  if (p.leader >= 0 && p.leader !== r.brokerId) kickFetcher(sim, r.brokerId, p.leader);
}

/** `Partition.makeLeader`: start the new epoch at the LEO and reset what we know of followers. */
function becomeLeader(sim: Sim, p: Partition, r: Replica): void {
  assignEpoch(r.log, r.viewLeaderEpoch, r.log.leo);
  r.followers = {};
  for (const id of p.replicas) {
    if (id === r.brokerId) continue;
    // Replica.resetReplicaState: in-sync followers count as caught up now; their LEO is unknown.
    r.followers[id] = {
      leo: -1,
      lastCaughtUpTimeMs: r.viewIsr.includes(id) ? sim.nowMs : 0,
      lastFetchTimeMs: 0,
      lastFetchLeaderLeo: -1,
      hwSent: -1,
      lsoSent: -1,
    };
  }
  maybeIncrementHighWatermark(sim, p, r);
  // Followers parked on us under the old epoch must re-fetch with the new one.
  for (const id of p.replicas) if (id !== r.brokerId) kickFetcher(sim, id, r.brokerId);
}

/** A leader that lost leadership fails what waits on it (`NOT_LEADER_OR_FOLLOWER`). */
function stepDown(sim: Sim, p: Partition, r: Replica): void {
  r.followers = null;
  wakeParkedConsumers(sim, r.brokerId, p); // they get NOT_LEADER_OR_FOLLOWER and look for the new leader
  failWaitingProduces(sim, p, r, 'NOT_LEADER_OR_FOLLOWER');
  const broker = sim.brokers[r.brokerId]!;
  for (const id of Object.keys(broker.parked).map(Number)) {
    const parked = broker.parked[id]!;
    if (parked.request.partitions.some((fp) => fp.key === p.key)) respondToParked(sim, r.brokerId, id);
  }
}
