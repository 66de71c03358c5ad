/**
 * The KRaft controller: it fences brokers whose heartbeats stop and unfences them when they register
 * again (`BrokerHeartbeatManager`, `ReplicationControlManager.handleBrokerFenced`), and one of the
 * controller voters is elected active controller by the Raft quorum. Leader election is in
 * leader-election.ts, ISR changes (AlterPartition) in isr.ts, publishing to brokers in partition-metadata.ts.
 */
import { brokerIds, brokerNumber, brokersConnected, emit, schedule, scheduleAt } from '../core';
import { nextInt } from '../random';
import type { Sim } from '../state';
import { recountLostRecords } from './durability';
import { electAndPublish, electLeader } from './leader-election';
import { controllerReaches, publishAllTo, publishPartition } from './partition-metadata';

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
      emit(sim, {
        type: 'isrShrunk',
        topic: p.topic,
        partition: p.index,
        isr: [...p.isr],
        removed: [brokerId],
        reason: `broker ${brokerId} was fenced by the controller`,
      });
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

/** A broker's session deadline: fenced if the controller has not heard from it (`broker.session.timeout.ms`). */
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

/** A Raft election among the controller voters that can reach a majority. */
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
