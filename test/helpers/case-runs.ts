/**
 * Runs generated cases (test/helpers/arbitraries.ts) and reports, per invariant, what broke:
 * {@link runCase} for the cluster properties, {@link runConsumerCase} for the consumer-group ones.
 */
import { createSimulation, hashEvents } from '../../src/engine';
import type { Command, SimEvent } from '../../src/engine';
import { peekTime } from '../../src/engine/clock';
import type { ClusterCase, ConsumerCase } from './arbitraries';
import { consumerScenarioOf, healCommands, scenarioOf, topicName } from './case-scenarios';
import {
  checkAcknowledgedPresent,
  checkGroupOwnership,
  checkHwMovesRespectMinIsr,
  checkLogsDense,
  checkOneLeaderPerEpoch,
  checkReplicasConverged,
  HighWatermarkTracker,
  OffsetRanges,
} from './invariants';
import { advanceCollect } from './sim';

// ---------------------------------------------------------------------------------------------
// Random clusters and fault schedules

/** What one run of a generated case found, per invariant. */
export interface CaseReport {
  /** Property a: acknowledged records lost on safe topics. */
  lost: string[];
  /** Property b: offsets dense on every replica. */
  dense: string[];
  /** Property c: the high watermark rules. */
  highWatermark: string[];
  /** Property d: one leader per partition epoch. */
  leaders: string[];
  /** After healing: replicas converge to the leader. */
  converged: string[];
  /** hashEvents of the whole run (property e). */
  hash: number;
  events: number;
}

/** Quiet time after the faults heal, long enough for fencing, re-registration and catching up. */
export const HEAL_QUIET_MS = 40_000;

/**
 * Runs a generated case: the timeline's faults, then every fault healed and producers paused for
 * {@link HEAL_QUIET_MS}. With `check`, advances in `c.stepMs` steps checking invariants on
 * `sim.state` after each; otherwise advances in chunks of `chunkMs` (default: everything at once).
 */
export function runCase(c: ClusterCase, mode: { check: true } | { check: false; chunkMs?: number }): CaseReport {
  const scenario = scenarioOf(c);
  const sim = createSimulation(scenario, { seed: c.seed });
  const events: SimEvent[] = [];
  const report: CaseReport = { lost: [], dense: [], highWatermark: [], leaders: [], converged: [], hash: 0, events: 0 };
  const uncleanTopics = new Set(c.topics.flatMap((t, i) => (t.unclean ? [topicName(i)] : [])));
  const hw = new HighWatermarkTracker((t) => uncleanTopics.has(t));
  const add = (list: string[], found: string[]): void => {
    if (list.length < 20) list.push(...found.slice(0, 20 - list.length));
  };
  const step = (ms: number): void => {
    if (!mode.check) {
      const chunk = mode.chunkMs ?? ms;
      for (let done = 0; done < ms; done += chunk) sim.advance(Math.min(chunk, ms - done));
      events.push(...sim.drainEvents());
      return;
    }
    advanceCollect(sim, ms, c.stepMs, (batch) => {
      events.push(...batch);
      add(report.dense, checkLogsDense(sim.state));
      add(report.highWatermark, hw.check(sim.state));
    });
  };
  step(c.durationMs);
  for (const cmd of healCommands(sim.state)) sim.apply(cmd);
  for (const id of Object.keys(sim.state.producers)) sim.apply({ type: 'updateProducer', producerId: id, paused: true });
  events.push(...sim.drainEvents());
  step(HEAL_QUIET_MS);
  report.hash = hashEvents(events);
  report.events = events.length;
  if (!mode.check) return report;
  const topicConfigs = Object.fromEntries(scenario.topics.map((t) => [t.name, t.configs]));
  add(report.highWatermark, checkHwMovesRespectMinIsr(events, topicConfigs));
  add(report.leaders, checkOneLeaderPerEpoch(events));
  const safeProducers = new Set(scenario.producers!.filter((p) => c.topics[Number(p.topic.slice(1))]!.safe).map((p) => p.id));
  add(report.lost, checkAcknowledgedPresent(sim.state, events, safeProducers));
  for (const key of Object.keys(sim.state.partitions)) {
    const p = sim.state.partitions[key]!;
    if (c.topics[Number(p.topic.slice(1))]!.safe && p.lostRecords > 0)
      add(report.lost, [`${key}: the engine's ledger counts ${p.lostRecords} acknowledged records lost`]);
  }
  add(report.converged, checkReplicasConverged(sim.state));
  return report;
}

// ---------------------------------------------------------------------------------------------
// Consumer groups under random faults

/** Counts of what a consumer case exercised. */
export interface ConsumerCaseStats {
  consumed: number;
  rebalances: number;
  duplicates: number;
  cooperativeRevocations: number;
  eagerRevocations: number;
  coordinatorMoves: number;
  outOfRangeResets: number;
  pollTimeouts: number;
  staticRejoins: number;
  /** Coordinator crashes that hit a rebalance in progress ('crashCoordinator' actions that fired). */
  coordinatorCrashesMidRebalance: number;
}

/** What one run of a consumer case found, per invariant (violations, at most 10 each). */
export interface ConsumerReport {
  ownership: string[];
  bounds: string[];
  order: string[];
  lag: string[];
  delivery: string[];
  hash: number;
  events: number;
  /** What the run exercised (for the coverage test): records consumed, rebalances, duplicates, … */
  stats: ConsumerCaseStats;
}

/** Quiet time after the timeline: brokers and crashed consumers restarted, producers paused, consumers processing instantly. */
export const CONSUMER_HEAL_MS = 60_000;

/**
 * Runs a consumer case, then heals it for {@link CONSUMER_HEAL_MS}. With `check`, the run goes one
 * task at a time (`step`) and checks after every task; otherwise it advances in `c.stepMs` chunks
 * and only hashes the events (for the determinism property). See consumer-properties.test.ts for
 * the precise invariants.
 */
export function runConsumerCase(c: ConsumerCase, mode: { check: boolean }): ConsumerReport {
  const scenario = consumerScenarioOf(c);
  const sim = createSimulation(scenario, { seed: c.seed });
  const s = sim.state;
  const report: ConsumerReport = {
    ownership: [],
    bounds: [],
    order: [],
    lag: [],
    delivery: [],
    hash: 0,
    events: 0,
    stats: {
      consumed: 0,
      rebalances: 0,
      duplicates: 0,
      cooperativeRevocations: 0,
      eagerRevocations: 0,
      coordinatorMoves: 0,
      outOfRangeResets: 0,
      pollTimeouts: 0,
      staticRejoins: 0,
      coordinatorCrashesMidRebalance: 0,
    },
  };
  const add = (list: string[], found: string[] | string) => {
    const f = typeof found === 'string' ? [found] : found;
    if (list.length < 10) list.push(...f.slice(0, 10 - list.length));
  };
  let hash = hashEvents([]);
  let count = 0;
  const exposed = new Map<string, number>();
  const spans = new Map<string, number>(); // `${consumer}|${partition}` -> last end offset in the current span
  const delivered = new Map<string, OffsetRanges>(); // `${group}|${partition}`
  let nextLagCheck = 0;

  const endSpans = (consumer: string, partitions?: string[]) => {
    for (const k of [...spans.keys()]) {
      const [cid, part] = k.split('|');
      if (cid === consumer && (!partitions || partitions.includes(part!))) spans.delete(k);
    }
  };
  const onEvents = (events: SimEvent[]) => {
    hash = hashEvents(events, hash);
    count += events.length;
    if (!mode.check) return;
    for (const e of events) {
      switch (e.type) {
        case 'highWatermarkMoved': {
          // Only a leader moves its HW forward (Partition.maybeIncrementLeaderHW); a follower's HW never passes its leader's.
          const key = `${e.topic}-${e.partition}`;
          if (e.to > (exposed.get(key) ?? 0)) exposed.set(key, e.to);
          break;
        }
        case 'recordsConsumed': {
          const key = `${e.topic}-${e.partition}`;
          report.stats.consumed += e.records;
          const hw = exposed.get(key) ?? 0;
          if (e.endOffset > hw)
            add(report.bounds, `t=${e.timeMs} ${e.consumerId} consumed ${key} [${e.baseOffset}, ${e.endOffset}) beyond the highest exposed HW ${hw}`);
          const cons = s.consumers[e.consumerId]!;
          if (!cons.assignment.some((tp) => tp.topic === e.topic && tp.partition === e.partition))
            add(report.order, `t=${e.timeMs} ${e.consumerId} consumed ${key} without owning it`);
          const sk = `${e.consumerId}|${key}`;
          const prev = spans.get(sk);
          if (prev !== undefined) {
            if (e.baseOffset < prev)
              add(
                report.order,
                `t=${e.timeMs} ${e.consumerId} ${key}: consumed [${e.baseOffset}, ${e.endOffset}) after reaching ${prev} in the same assignment`,
              );
            else if (c.lossless && e.baseOffset !== prev)
              add(report.order, `t=${e.timeMs} ${e.consumerId} ${key}: gap: consumed from ${e.baseOffset} after reaching ${prev}`);
          }
          spans.set(sk, e.endOffset);
          const dk = `${e.groupId}|${key}`;
          if (!delivered.has(dk)) delivered.set(dk, new OffsetRanges());
          delivered.get(dk)!.add(e.baseOffset, e.endOffset);
          break;
        }
        case 'partitionsRevoked':
          if (e.protocol === 'cooperative') report.stats.cooperativeRevocations++;
          else report.stats.eagerRevocations++;
          endSpans(e.consumerId, e.partitions);
          break;
        case 'groupCoordinatorMoved':
          report.stats.coordinatorMoves++;
          break;
        case 'memberJoined':
          if (!e.rebalance) report.stats.staticRejoins++;
          break;
        case 'consumerError':
          if (e.error.message.includes('max.poll.interval.ms')) report.stats.pollTimeouts++;
          break;
        case 'partitionsAssigned':
          endSpans(e.consumerId, e.partitions);
          break;
        case 'offsetReset':
          if (e.reason === 'out of range') report.stats.outOfRangeResets++;
          endSpans(e.consumerId, [`${e.topic}-${e.partition}`]);
          break;
        case 'consumerCrashed':
        case 'consumerRestarted':
        case 'consumerRemoved':
        case 'consumerAdded':
          endSpans(e.consumerId);
          break;
        case 'offsetsCommitted':
        case 'groupOffsetsReset':
          for (const o of e.offsets) {
            const hw = exposed.get(o.partition) ?? 0;
            if (o.offset > hw) add(report.bounds, `t=${e.timeMs} ${e.groupId} committed ${o.partition}@${o.offset} above the highest exposed HW ${hw}`);
          }
          break;
        case 'groupRebalanced':
          report.stats.rebalances++;
          break;
        default:
          break;
      }
    }
  };
  const checkState = () => {
    add(report.ownership, checkGroupOwnership(s));
    if (s.nowMs >= nextLagCheck) {
      nextLagCheck = s.nowMs + 1000;
      for (const g of sim.snapshot().groups) {
        let total = 0;
        for (const p of g.partitions) {
          if (p.lag !== null && (p.lag < 0 || !Number.isInteger(p.lag))) add(report.lag, `t=${s.nowMs} ${g.groupId} ${p.topic}-${p.partition}: lag ${p.lag}`);
          if (p.lagMs !== null && p.lagMs < 0) add(report.lag, `t=${s.nowMs} ${g.groupId} ${p.topic}-${p.partition}: lagMs ${p.lagMs}`);
          if (p.committedOffset !== null && p.highWatermark >= 0 && p.lag !== Math.max(0, p.highWatermark - p.committedOffset))
            add(report.lag, `t=${s.nowMs} ${g.groupId}: lag ${p.lag} != HW ${p.highWatermark} - committed ${p.committedOffset}`);
          total += p.lag ?? 0;
        }
        if (total !== g.totalLag) add(report.lag, `t=${s.nowMs} ${g.groupId}: totalLag ${g.totalLag} != ${total}`);
      }
    }
  };
  // Coordinator crashes armed by 'crashCoordinator' actions, and the restarts they schedule. While a
  // trigger is armed both modes step task by task, so the crash lands after the same task in either.
  const triggers = c.actions.flatMap((a) => (a.kind === 'crashCoordinator' ? [{ ...a, fired: false }] : [])).sort((x, y) => x.atMs - y.atMs);
  const pending: { atMs: number; command: Command }[] = [];
  const TRIGGER_WINDOW_MS = 20_000;
  // A trigger fires after a task that runs at a time T with atMs < T < atMs + window; whether a task
  // may fire it depends only on T, so stepping (check mode) and chunked advancing agree.
  const armedAt = (T: number) => triggers.find((t) => !t.fired && t.atMs < T && T < t.atMs + TRIGGER_WINDOW_MS);
  const inWindow = () => triggers.some((t) => !t.fired && t.atMs <= s.nowMs && s.nowMs < t.atMs + TRIGGER_WINDOW_MS);
  const fire = (t: (typeof triggers)[number]): void => {
    const g = s.groups[`g${t.group}`];
    if (!g || g.state !== t.phase) return;
    t.fired = true;
    const coordinator = s.topics['__consumer_offsets']?.partitions[g.offsetsPartition]?.leader ?? -1;
    if (coordinator < 0 || !s.brokers[coordinator]!.alive) return;
    sim.apply({ type: 'crashBroker', brokerId: coordinator });
    report.stats.coordinatorCrashesMidRebalance++;
    pending.push({ atMs: s.nowMs + t.forMs, command: { type: 'restartBroker', brokerId: coordinator } });
  };
  const stepTo = (stop: number): void => {
    for (;;) {
      const at = peekTime(s.queue);
      if (at === undefined || at > stop) break;
      sim.step();
      const t = armedAt(s.nowMs);
      if (t) fire(t);
      if (mode.check) {
        onEvents(sim.drainEvents());
        checkState();
      }
    }
    sim.advance(stop - s.nowMs);
  };
  const run = (ms: number) => {
    const end = s.nowMs + ms;
    for (;;) {
      for (const p of pending.filter((x) => x.atMs <= s.nowMs)) {
        pending.splice(pending.indexOf(p), 1);
        sim.apply(p.command);
      }
      if (s.nowMs >= end) break;
      const stepping = inWindow();
      const stops = [end, ...pending.map((p) => p.atMs), ...triggers.filter((x) => !x.fired).flatMap((x) => [x.atMs, x.atMs + TRIGGER_WINDOW_MS])];
      const stop = Math.min(...stops.filter((x) => x > s.nowMs));
      if (stepping || mode.check) stepTo(stop);
      else for (let at = s.nowMs; at < stop; at = Math.min(stop, at + c.stepMs)) sim.advance(Math.min(c.stepMs, stop - at));
    }
    onEvents(sim.drainEvents());
  };
  if (mode.check) checkState();
  run(c.durationMs);
  // Heal: brokers back at full speed, crashed consumers restarted, producers stopped, consumers process instantly.
  for (const id of Object.keys(s.brokers)
    .map(Number)
    .sort((a, b) => a - b)) {
    if (!s.brokers[id]!.alive) sim.apply({ type: 'restartBroker', brokerId: id });
    if (s.brokers[id]!.extraLatencyMs > 0) sim.apply({ type: 'slowBroker', brokerId: id, extraLatencyMs: 0 });
  }
  for (const id of Object.keys(s.consumers).sort()) {
    const k = s.consumers[id]!;
    if (k.removed) continue;
    if (!k.alive) sim.apply({ type: 'restartConsumer', consumerId: id });
    sim.apply({ type: 'updateConsumer', consumerId: id, processingRatePerSec: 0 });
  }
  for (const id of Object.keys(s.producers).sort()) sim.apply({ type: 'updateProducer', producerId: id, paused: true });
  onEvents(sim.drainEvents());
  run(CONSUMER_HEAL_MS);
  report.hash = hash;
  report.events = count;
  for (const g of Object.values(s.groups)) report.stats.duplicates += g.stats.duplicates;
  if (mode.check && c.lossless) {
    for (const gid of Object.keys(s.groups).sort()) {
      const live = Object.values(s.consumers).filter((k) => !k.removed && k.groupId === gid);
      if (live.length > 0 && s.groups[gid]!.state !== 'Stable') add(report.delivery, `${gid}: ${s.groups[gid]!.state} after healing`);
      for (const k of live)
        if (k.status !== 'stable' || !k.memberId || !s.groups[gid]!.members[k.memberId])
          add(report.delivery, `${k.id}: ${k.status} ${k.memberId} not a stable member after healing`);
      const topics = new Set<string>();
      for (const k of Object.values(s.consumers)) if (!k.removed && k.groupId === gid) for (const t of k.topics) topics.add(t);
      for (const t of [...topics].sort()) {
        for (const p of s.topics[t]!.partitions) {
          const hw = p.leader >= 0 ? p.logs[p.leader]!.highWatermark : -1;
          if (hw < 0) {
            add(report.delivery, `${gid} ${p.key}: offline after healing`);
            continue;
          }
          const gap = (delivered.get(`${gid}|${p.key}`) ?? new OffsetRanges()).firstGap(0, hw);
          if (gap >= 0)
            add(
              report.delivery,
              `${gid} ${p.key}: offset ${gap} below HW ${hw} never delivered (group ${s.groups[gid]!.state}, committed ${s.groups[gid]!.committed[p.key]?.offset})`,
            );
          const committed = s.groups[gid]!.committed[p.key]?.offset;
          if ((committed ?? 0) !== hw) add(report.delivery, `${gid} ${p.key}: committed ${committed} != HW ${hw} after healing`);
          const owners = Object.values(s.consumers).filter(
            (k) => k.alive && k.groupId === gid && k.assignment.some((tp) => tp.topic === t && tp.partition === p.index),
          );
          if (owners.length !== 1) add(report.delivery, `${gid} ${p.key}: ${owners.length} owners after healing`);
        }
      }
    }
  }
  return report;
}
