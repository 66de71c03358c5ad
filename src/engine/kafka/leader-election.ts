/**
 * Partition leader election by the KRaft controller (`PartitionChangeBuilder`,
 * `ReplicationControlManager`): a new leader when the old one is fenced, the preferred replica back
 * in front, and unclean elections (a replica outside the ISR, losing what it lacks) where allowed.
 */
import { brokerConfig, brokerNumber, emit, schedule, topicConfig, topicOf } from '../core';
import type { Partition, Sim } from '../state';
import { recountLostRecords } from './durability';
import { publishPartition } from './partition-metadata';

/** Whether the controller may make `id` leader or add it to an ISR: a registered, unfenced broker. */
export function isEligible(sim: Sim, id: number): boolean {
  const b = sim.brokers[id];
  return b !== undefined && !b.fenced;
}

/** Why a partition gets a new leader (worded in the `leaderElected` event). */
export type ElectionReason = 'initial' | 'leader fenced' | 'preferred' | 'unclean' | 'recovered';

/** Changes the leader (bumping the leader epoch), emitting Kafka-worded events. NOTE mutates p. */
function changeLeader(sim: Sim, p: Partition, leader: number, reason: ElectionReason): void {
  const previous = p.leader;
  p.leader = leader;
  p.leaderEpoch++;
  p.partitionEpoch++;
  if (leader >= 0) {
    sim.stats.leaderElections++;
    if (reason === 'unclean') sim.stats.uncleanElections++;
    emit(sim, { type: 'leaderElected', topic: p.topic, partition: p.index, previousLeader: previous, leader, leaderEpoch: p.leaderEpoch, reason });
  } else {
    emit(sim, { type: 'partitionOffline', topic: p.topic, partition: p.index, lastLeader: previous, isr: [...p.isr] });
  }
}

/**
 * Elects a leader for `p` when it has none or its leader became ineligible: the first replica in
 * assignment order that is unfenced and in the ISR (`PartitionChangeBuilder.electLeader`); failing
 * that, and only if `unclean.leader.election.enable`, the first unfenced replica at all, with the
 * ISR reset to it and the partition marked RECOVERING (`PartitionChangeBuilder.tryElection`).
 * Returns whether anything changed. NOTE mutates p.
 */
export function electLeader(sim: Sim, p: Partition, reason: ElectionReason, allowUnclean: boolean): boolean {
  if (p.leader >= 0 && isEligible(sim, p.leader) && p.isr.includes(p.leader)) return false; // KRaft keeps a still-valid leader
  const clean = p.replicas.find((id) => p.isr.includes(id) && isEligible(sim, id));
  if (clean !== undefined) {
    changeLeader(sim, p, clean, reason);
    return true;
  }
  const unclean = topicConfig(sim, topicOf(sim, p), 'unclean.leader.election.enable') === true || allowUnclean;
  if (unclean) {
    const candidate = p.replicas.find((id) => isEligible(sim, id));
    if (candidate !== undefined) {
      p.isr = [candidate];
      p.recovering = true;
      changeLeader(sim, p, candidate, 'unclean');
      return true;
    }
  }
  if (p.leader !== -1) {
    changeLeader(sim, p, -1, reason);
    return true;
  }
  return false;
}

/** Runs an election and, when it changed anything, publishes and re-counts lost records. */
export function electAndPublish(sim: Sim, p: Partition, reason: ElectionReason, allowUnclean = false): void {
  if (electLeader(sim, p, reason, allowUnclean)) {
    publishPartition(sim, p);
    recountLostRecords(sim, p);
  }
}

/** Moves leadership to the preferred replica when it is unfenced and in sync (PREFERRED election). */
export function electPreferred(sim: Sim, p: Partition): boolean {
  const preferred = p.replicas[0]!;
  if (p.leader === preferred || !isEligible(sim, preferred) || !p.isr.includes(preferred)) return false;
  changeLeader(sim, p, preferred, 'preferred');
  publishPartition(sim, p);
  return true;
}

/** `kafka-leader-election.sh --election-type unclean` for one offline partition. */
export function electUnclean(sim: Sim, p: Partition): boolean {
  if (p.leader >= 0) return false;
  const before = p.leaderEpoch;
  electAndPublish(sim, p, 'unclean', true);
  return p.leaderEpoch !== before;
}

/** KRaft's periodic PREFERRED election for every partition not led by its preferred replica. */
export function onPreferredLeaderCheck(sim: Sim): void {
  schedule(sim, brokerNumber(sim, 'leader.imbalance.check.interval.seconds') * 1000, { kind: 'preferredLeaderCheck' });
  if (sim.controller.activeId === null || brokerConfig(sim, 'auto.leader.rebalance.enable') !== true) return;
  for (const key of Object.keys(sim.partitions)) electPreferred(sim, sim.partitions[key]!);
}

/** KRaft's periodic unclean election for offline partitions whose topic allows it (`maybeElectUncleanLeaders`). */
export function onUncleanLeaderCheck(sim: Sim): void {
  schedule(sim, brokerNumber(sim, 'unclean.leader.election.interval.ms'), { kind: 'uncleanLeaderCheck' });
  if (sim.controller.activeId === null) return;
  for (const key of Object.keys(sim.partitions)) {
    const p = sim.partitions[key]!;
    if (p.leader < 0 && topicConfig(sim, topicOf(sim, p), 'unclean.leader.election.enable') === true) electAndPublish(sim, p, 'unclean');
  }
}
