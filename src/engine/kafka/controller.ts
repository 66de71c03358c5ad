/**
 * The KRaft controller: it fences brokers whose heartbeats stop, elects partition leaders, applies
 * the ISR changes leaders ask for (AlterPartition) and publishes partition state to the brokers.
 * Follows `ReplicationControlManager`, `PartitionChangeBuilder`, `BrokerHeartbeatManager` and the
 * Raft quorum's election of an active controller.
 */
import { brokerConfig, brokerIds, brokerNumber, brokersConnected, emit, schedule, scheduleAt, topicConfig, topicOf } from '../core';
import { nextInt } from '../random';
import type { Partition, Sim } from '../state';
import { applyMetadata } from './replication';
import { recountLostRecords } from './durability';

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

function isEligible(sim: Sim, id: number): boolean {
  const b = sim.brokers[id];
  return b !== undefined && !b.fenced;
}

type ElectionReason = 'initial' | 'leader fenced' | 'preferred' | 'unclean' | 'recovered';

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
function electAndPublish(sim: Sim, p: Partition, reason: ElectionReason, allowUnclean = false): void {
  if (electLeader(sim, p, reason, allowUnclean)) {
    publishPartition(sim, p);
    recountLostRecords(sim, p);
  }
}

/**
 * Fences a broker (`ReplicationControlManager.handleBrokerFenced`): it leaves every ISR at once —
 * except where it is the last member, which KRaft keeps so it can lead again when it returns — and
 * every partition it led gets a new leader. NOTE mutates sim.
 */
export function fenceBroker(sim: Sim, brokerId: number, reason: 'session timeout' | 'restarted'): void {
  const b = sim.brokers[brokerId]!;
  if (b.fenced) return;
  b.fenced = true;
  b.sessionDeadlineMs = -1;
  emit(sim, { type: 'brokerFenced', brokerId, reason });
  for (const key of b.hosted) {
    const p = sim.partitions[key]!;
    let changed = false;
    if (p.isr.includes(brokerId) && p.isr.length > 1) {
      p.isr = p.isr.filter((id) => id !== brokerId);
      p.partitionEpoch++;
      changed = true;
      emit(sim, { type: 'isrShrunk', topic: p.topic, partition: p.index, isr: [...p.isr], removed: [brokerId], reason: `broker ${brokerId} was fenced by the controller` });
    }
    if (p.leader === brokerId) {
      electLeader(sim, p, 'leader fenced', false);
      changed = true;
    }
    if (changed) {
      publishPartition(sim, p);
      recountLostRecords(sim, p);
    }
  }
}

/** Unfences a registered broker; offline partitions it can lead come back (`handleBrokerUnfenced`). NOTE mutates sim. */
export function unfenceBroker(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId]!;
  if (!b.fenced) return;
  b.fenced = false;
  emit(sim, { type: 'brokerUnfenced', brokerId });
  publishAllTo(sim, brokerId);
  for (const key of b.hosted) {
    const p = sim.partitions[key]!;
    if (p.leader === -1) electAndPublish(sim, p, 'recovered'); // electLeader labels it unclean only if it has to be
  }
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
  if (removed.length > 0) emit(sim, { type: 'isrShrunk', topic: p.topic, partition: p.index, isr: [...p.isr], removed, reason: `fell behind the leader for more than replica.lag.time.max.ms (${brokerNumber(sim, 'replica.lag.time.max.ms')} ms)` });
  if (added.length > 0) emit(sim, { type: 'isrExpanded', topic: p.topic, partition: p.index, isr: [...p.isr], added });
  publishPartition(sim, p);
  return true;
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

// ---------------------------------------------------------------------------------------------
// Heartbeats and sessions (`BrokerHeartbeatManager`), computed instead of simulated one by one:
// a broker that can reach the controller heartbeats every broker.heartbeat.interval.ms, so only
// the moment it stops matters.

/** The time of the last heartbeat a broker sent before `nowMs`, on its regular schedule. */
function lastHeartbeatMs(sim: Sim, brokerId: number): number {
  const b = sim.brokers[brokerId]!;
  const interval = brokerNumber(sim, 'broker.heartbeat.interval.ms');
  return b.registeredAtMs + Math.floor((sim.nowMs - b.registeredAtMs) / interval) * interval;
}

/**
 * Called whenever a broker may have lost (or regained) its link to the controller: starts or
 * cancels its session-timeout countdown. NOTE mutates sim.
 */
export function refreshSession(sim: Sim, brokerId: number, fromMs?: number): void {
  const b = sim.brokers[brokerId]!;
  if (b.fenced || sim.controller.activeId === null) return;
  const reachable = b.alive && controllerReaches(sim, brokerId);
  if (reachable) {
    b.sessionDeadlineMs = -1;
    return;
  }
  if (b.sessionDeadlineMs >= 0) return;
  b.sessionDeadlineMs = (fromMs ?? lastHeartbeatMs(sim, brokerId)) + brokerNumber(sim, 'broker.session.timeout.ms');
  scheduleAt(sim, b.sessionDeadlineMs, { kind: 'sessionCheck', brokerId, incarnation: b.incarnation });
}

export function onSessionCheck(sim: Sim, brokerId: number): void {
  const b = sim.brokers[brokerId];
  if (!b || b.fenced || b.sessionDeadlineMs < 0 || sim.nowMs < b.sessionDeadlineMs) return;
  if (b.alive && controllerReaches(sim, brokerId)) {
    b.sessionDeadlineMs = -1;
    return;
  }
  if (sim.controller.activeId === null) return;
  fenceBroker(sim, brokerId, 'session timeout');
}

/** A (re)started broker has registered and caught up with the metadata log. */
export function onBrokerRegistered(sim: Sim, brokerId: number, incarnation: number): void {
  const b = sim.brokers[brokerId];
  if (!b || !b.alive || b.incarnation !== incarnation) return;
  if (b.registeredIncarnation === incarnation && !b.fenced) return; // already registered and unfenced
  if (!controllerReaches(sim, brokerId)) {
    // BrokerLifecycleManager keeps retrying until an active controller answers.
    schedule(sim, brokerNumber(sim, 'broker.heartbeat.interval.ms'), { kind: 'brokerRegistered', brokerId, incarnation });
    return;
  }
  // A new incarnation replaces the old registration: the old one is fenced first if the
  // controller had not noticed the crash yet (BrokerRegistration with a new incarnation id).
  if (!b.fenced) fenceBroker(sim, brokerId, 'restarted');
  b.registeredIncarnation = incarnation;
  b.registeredAtMs = sim.nowMs;
  unfenceBroker(sim, brokerId);
  maybeStartControllerElection(sim);
}

// ---------------------------------------------------------------------------------------------
// The active controller (the KRaft quorum leader among the voters)

function reachableVoters(sim: Sim, from: number): number[] {
  return sim.controller.voters.filter((v) => brokersConnected(sim, from, v));
}

/** Whether the active controller still has a majority of voters with it. */
function hasQuorum(sim: Sim, id: number): boolean {
  return reachableVoters(sim, id).length > sim.controller.voters.length / 2;
}

/**
 * Checks the active controller still leads a majority; if not, it steps down and the remaining
 * voters elect another after `controller.quorum.fetch.timeout.ms` plus a randomised election
 * timeout (Raft). NOTE mutates sim.
 */
export function checkControllerQuorum(sim: Sim): void {
  const c = sim.controller;
  if (c.activeId !== null && (!sim.brokers[c.activeId]!.alive || !hasQuorum(sim, c.activeId))) {
    c.activeId = null;
    emit(sim, { type: 'controllerUnavailable', reason: 'the active controller lost its quorum; the voters will elect a new one' });
  }
  if (c.activeId === null) maybeStartControllerElection(sim);
  for (const id of brokerIds(sim)) refreshSession(sim, id);
}

/** Schedules a controller election if none is pending and no controller is active. */
export function maybeStartControllerElection(sim: Sim): void {
  const c = sim.controller;
  if (c.activeId !== null || c.electionPending) return;
  c.electionPending = true;
  c.electionToken++;
  const base = brokerNumber(sim, 'controller.quorum.fetch.timeout.ms');
  const election = brokerNumber(sim, 'controller.quorum.election.timeout.ms');
  schedule(sim, base + election + nextInt(sim.rng, Math.max(1, election)), { kind: 'controllerElection', token: c.electionToken });
}

export function onControllerElection(sim: Sim, token: number): void {
  const c = sim.controller;
  if (token !== c.electionToken || c.activeId !== null) return;
  c.electionPending = false;
  const candidates = c.voters.filter((v) => sim.brokers[v]!.alive && hasQuorum(sim, v));
  if (candidates.length === 0) {
    emit(sim, { type: 'controllerUnavailable', reason: 'no majority of controller voters is reachable; metadata cannot change until one is' });
    return;
  }
  // The voter whose randomised election timer fires first wins.
  const winner = candidates[nextInt(sim.rng, candidates.length)]!;
  becomeActiveController(sim, winner);
}

/** A voter takes over: brokers get a fresh session lease, and everyone is caught up. NOTE mutates sim. */
export function becomeActiveController(sim: Sim, id: number): void {
  const c = sim.controller;
  const previous = c.activeId;
  c.activeId = id;
  c.epoch++;
  emit(sim, { type: 'controllerElected', brokerId: id, epoch: c.epoch, previous });
  for (const bid of brokerIds(sim)) {
    const b = sim.brokers[bid]!;
    b.sessionDeadlineMs = -1;
    refreshSession(sim, bid, sim.nowMs); // BrokerHeartbeatManager starts every session afresh
    if (b.alive && !b.fenced) publishAllTo(sim, bid);
  }
  for (const bid of brokerIds(sim)) {
    const b = sim.brokers[bid]!;
    if (b.alive && b.fenced && controllerReaches(sim, bid)) schedule(sim, 0, { kind: 'brokerRegistered', brokerId: bid, incarnation: b.incarnation });
  }
  if (!c.preferredCheckScheduled) {
    c.preferredCheckScheduled = true;
    schedule(sim, brokerNumber(sim, 'leader.imbalance.check.interval.seconds') * 1000, { kind: 'preferredLeaderCheck' });
    schedule(sim, brokerNumber(sim, 'unclean.leader.election.interval.ms'), { kind: 'uncleanLeaderCheck' });
  }
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
