/**
 * Broker lifecycle: crash (the process dies; its disk survives), restart (re-register, catch up,
 * be unfenced), isolation (running, but cut off from the other brokers and the controller), and
 * adding a broker to a running cluster.
 */
import { brokerIds, brokerNumber, emit, schedule } from '../core';
import { KafkaException } from '../errors';
import type { Broker, Sim } from '../state';
import { scheduleCleaner } from './compaction';
import { releaseParkedConsumers } from './consumer-fetcher';
import { checkControllerQuorum, maybeStartControllerElection, refreshSession } from './controller';
import { kickAllFetchers } from './follower-fetcher';
import { onCoordinatorCrashed } from './group-coordinator';
import { scheduleIsrCheck } from './isr';
import { publishAllTo } from './partition-metadata';

export function createBroker(id: number, nowMs: number): Broker {
  return {
    id,
    alive: true,
    isolated: false,
    fenced: false,
    incarnation: 0,
    registeredAtMs: nowMs,
    registeredIncarnation: 0,
    extraLatencyMs: 0,
    sessionDeadlineMs: -1,
    hosted: [],
    fetchers: {},
    parked: {},
    parkedSweepAtMs: -1,
    purgatory: [],
    purgatorySweepAtMs: -1,
    parkedConsumers: {},
  };
}

/** Starts a broker's periodic tasks: ISR expiration and log retention (`LogManager` scheduling). */
export function startBrokerTasks(sim: Sim, b: Broker): void {
  scheduleIsrCheck(sim, b.id);
  scheduleCleaner(sim, b.id);
  schedule(sim, brokerNumber(sim, 'log.initial.task.delay.ms'), { kind: 'retentionCheck', brokerId: b.id, incarnation: b.incarnation });
}

function requireBroker(sim: Sim, id: number): Broker {
  const b = sim.brokers[id];
  if (!b) throw new KafkaException('BrokerNotAvailableException', `There is no broker ${id} in this cluster (brokers: ${brokerIds(sim).join(', ')}).`);
  return b;
}

/** Drops every fetch exchange between `b` and other brokers, so both sides fetch afresh later. */
function severFetches(sim: Sim, b: Broker): void {
  for (const followerId of Object.keys(b.parked).map(Number)) {
    const f = sim.brokers[followerId];
    const fetcher = f?.fetchers[b.id];
    if (fetcher) {
      fetcher.inFlight = false;
      fetcher.sessionOpen = false;
    }
  }
  b.parked = {};
  b.parkedSweepAtMs = -1;
  for (const id of brokerIds(sim)) {
    const other = sim.brokers[id]!;
    if (other === b) continue;
    if (other.parked[b.id]) delete other.parked[b.id];
    const fetcher = b.fetchers[id];
    if (fetcher) {
      fetcher.inFlight = false;
      fetcher.sessionOpen = false;
    }
  }
}

/** The broker process dies (`kill -9`). Its log stays on disk; what it held in memory is gone. NOTE mutates sim. */
export function crashBroker(sim: Sim, id: number): void {
  const b = requireBroker(sim, id);
  if (!b.alive) throw new KafkaException('BrokerNotAvailableException', `Broker ${id} is already down.`);
  b.alive = false;
  emit(sim, { type: 'brokerCrashed', brokerId: id });
  for (const e of b.purgatory) {
    if (e.request.done) continue;
    e.request.done = true;
    if (e.request.acks !== '0') schedule(sim, 0, { kind: 'produceResponse', request: e.request, disconnected: true });
  }
  b.purgatory = [];
  b.purgatorySweepAtMs = -1;
  severFetches(sim, b);
  b.fetchers = {};
  releaseParkedConsumers(sim, b);
  onCoordinatorCrashed(sim, id); // JoinGroup/SyncGroup requests this broker held as group coordinator lose their connection
  for (const key of b.hosted) {
    const r = sim.partitions[key]!.logs[id]!;
    r.followers = null;
    r.waiting = [];
    r.viewLeader = -1;
    r.viewLeaderEpoch = -1;
    r.viewIsr = [];
  }
  refreshSession(sim, id);
  checkControllerQuorum(sim);
}

/** The broker starts again: it recovers its log, registers with the controller and, once caught up, is unfenced. */
export function restartBroker(sim: Sim, id: number): void {
  const b = requireBroker(sim, id);
  if (b.alive) throw new KafkaException('BrokerNotAvailableException', `Broker ${id} is already running.`);
  b.alive = true;
  b.incarnation++;
  emit(sim, { type: 'brokerRestarted', brokerId: id });
  startBrokerTasks(sim, b);
  schedule(sim, brokerNumber(sim, 'broker.heartbeat.interval.ms'), { kind: 'brokerRegistered', brokerId: id, incarnation: b.incarnation });
  maybeStartControllerElection(sim);
}

/** A network partition: the broker keeps running and serving clients, but cannot reach any other broker. */
export function isolateBroker(sim: Sim, id: number): void {
  const b = requireBroker(sim, id);
  if (!b.alive) throw new KafkaException('BrokerNotAvailableException', `Broker ${id} is down; restart it before isolating it.`);
  if (b.isolated) throw new KafkaException('InvalidRequestException', `Broker ${id} is already isolated.`);
  b.isolated = true;
  emit(sim, { type: 'brokerIsolated', brokerId: id });
  severFetches(sim, b);
  checkControllerQuorum(sim);
  refreshSession(sim, id);
}

/** The network partition heals: the broker catches up on metadata and replication resumes. */
export function healBroker(sim: Sim, id: number): void {
  const b = requireBroker(sim, id);
  if (!b.isolated) throw new KafkaException('InvalidRequestException', `Broker ${id} is not isolated.`);
  b.isolated = false;
  emit(sim, { type: 'brokerHealed', brokerId: id });
  checkControllerQuorum(sim);
  if (b.alive) {
    if (b.fenced) schedule(sim, brokerNumber(sim, 'broker.heartbeat.interval.ms'), { kind: 'brokerRegistered', brokerId: id, incarnation: b.incarnation });
    else publishAllTo(sim, id);
    kickAllFetchers(sim, id);
  }
  for (const other of brokerIds(sim)) if (other !== id && sim.brokers[other]!.alive) kickAllFetchers(sim, other);
}

/** Extra latency on every message to or from this broker (a slow disk or network link). */
export function slowBroker(sim: Sim, id: number, extraLatencyMs: number): void {
  const b = requireBroker(sim, id);
  if (!Number.isInteger(extraLatencyMs) || extraLatencyMs < 0 || extraLatencyMs > 600_000) {
    throw new KafkaException('InvalidRequestException', `Extra latency must be a whole number of milliseconds between 0 and 600000 (got ${extraLatencyMs}).`);
  }
  b.extraLatencyMs = extraLatencyMs;
  emit(sim, { type: 'brokerSlowed', brokerId: id, extraLatencyMs });
}

/** A new broker joins: it registers and is unfenced, but hosts nothing until topics or partitions are placed on it. */
export function addBroker(sim: Sim, requestedId?: number): number {
  const ids = brokerIds(sim);
  const id = requestedId ?? (ids.length === 0 ? 1 : ids[ids.length - 1]! + 1);
  if (!Number.isInteger(id) || id < 0 || id > 2_147_483_647)
    throw new KafkaException('InvalidRequestException', `A broker id must be a non-negative integer (got ${id}).`);
  if (sim.brokers[id]) throw new KafkaException('InvalidRequestException', `Broker ${id} already exists.`);
  if (ids.length >= 64) throw new KafkaException('InvalidRequestException', 'The simulator supports at most 64 brokers.');
  const b = createBroker(id, sim.nowMs);
  b.fenced = true; // registers, then is unfenced
  sim.brokers[id] = b;
  emit(sim, { type: 'brokerAdded', brokerId: id });
  startBrokerTasks(sim, b);
  schedule(sim, brokerNumber(sim, 'broker.heartbeat.interval.ms'), { kind: 'brokerRegistered', brokerId: id, incarnation: b.incarnation });
  return id;
}
