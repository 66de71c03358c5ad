/**
 * The simulation: `createSim` builds the state from a scenario, `applyCommand` is the one funnel for
 * every action, and `runUntil` pops the event queue in `(time, seq)` order. `createSimulation` wraps
 * them as the headless API of DESIGN.md.
 */
import { createQueue, peekTime, popTaskOnly } from './clock';
import { countDelivered } from './in-flight';
import type { Command, CommandResult } from './commands';
import { parseConfigs } from './config';
import { brokerIds, emit, scheduleAt } from './core';
import { KafkaException, isKafkaException } from './errors';
import type { SimEvent } from './events';
import { addBroker, crashBroker, createBroker, healBroker, isolateBroker, restartBroker, slowBroker, startBrokerTasks } from './kafka/broker-lifecycle';
import { becomeActiveController, onBrokerRegistered, onControllerElection, onSessionCheck } from './kafka/controller';
import { electPreferred, electUnclean, onPreferredLeaderCheck, onUncleanLeaderCheck } from './kafka/leader-election';
import { onProduceArrive } from './kafka/leader-append';
import { onPurgatorySweep } from './kafka/produce-purgatory';
import { createProducer, onProduceResponse, onProducerTick, produceOne, updateProducer } from './kafka/producer';
import { onFetchArrive } from './kafka/follower-fetch-handler';
import { onFetchResponse } from './kafka/follower-fetcher';
import { onParkedFetchTimeout } from './kafka/delayed-fetch';
import { onIsrCheck } from './kafka/isr';
import { onRetentionCheck } from './kafka/retention';
import { onLogCleanerCheck } from './kafka/compaction';
import { closeConsumer, crashConsumer, createConsumer, onConsumerPoll, requireConsumer, restartConsumer, updateConsumer } from './kafka/consumer';
import { onConsumerFetchDisconnected, onConsumerFetchResponse } from './kafka/consumer-fetcher';
import { onConsumerHeartbeat, onGroupResponse } from './kafka/consumer-coordinator';
import { onConsumerFetchArrive } from './kafka/consumer-fetch-handler';
import { onGroupJoinDeadline } from './kafka/group-rebalance';
import { onGroupRequest, onGroupSessionCheck, resetGroupOffsets } from './kafka/group-coordinator';
import { addPartitions, createTopic, requireTopic, setBrokerConfigs, setTopicConfigs } from './kafka/topics';
import { createRng } from './random';
import { createRecordMemory, maybeCheckRecordMemory } from './kafka/slimming';
import type { ScenarioSpec } from './scenario-types';
import { DEFAULT_START_EPOCH_MS } from './scenario-types';
import type { Sim, Task } from './state';
import { restoreCheckpoint, takeCheckpoint } from './checkpoint';
import type { SimCheckpoint } from './checkpoint';
import { readRecords, takeSnapshot } from './snapshot';
import type { RecordView, Snapshot } from './snapshot';

/** The simulator's cluster-size limits, chosen so the app stays responsive. */
export const CLUSTER_LIMITS = { maxBrokers: 64, maxProducers: 32, maxConsumers: 256 } as const;

/** Builds the state at time 0 from a scenario: brokers, the controller, topics, producers and the timeline. */
/** Simulator settings outside the scenario. */
export interface SimOptions {
  /** Most records kept in full before old payloads are dropped (default `DEFAULT_RECORD_BUDGET`); tests set a small one. */
  recordBudget?: number;
}

export function createSim(scenario: ScenarioSpec, seed: number, options: SimOptions = {}): Sim {
  const brokers = scenario.cluster.brokers;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > CLUSTER_LIMITS.maxBrokers) {
    throw new KafkaException('InvalidRequestException', `A cluster needs between 1 and ${CLUSTER_LIMITS.maxBrokers} brokers (got ${brokers}).`);
  }
  const voters = scenario.cluster.controllers ?? Math.min(3, brokers);
  if (!Number.isInteger(voters) || voters < 1 || voters > brokers) {
    throw new KafkaException('InvalidRequestException', `The number of controller voters must be between 1 and the number of brokers (got ${voters}).`);
  }
  const latency = scenario.cluster.networkLatencyMs ?? 2;
  if (!Number.isInteger(latency) || latency < 0 || latency > 10_000)
    throw new KafkaException('InvalidRequestException', `Network latency must be a whole number of ms between 0 and 10000 (got ${latency}).`);
  const sim: Sim = {
    nowMs: 0,
    startEpochMs: scenario.startEpochMs ?? DEFAULT_START_EPOCH_MS,
    seed,
    rng: createRng(seed),
    queue: createQueue<Task>(),
    events: [],
    eventCount: 0,
    tasksRun: 0,
    networkLatencyMs: latency,
    brokerConfigs: parseConfigs(scenario.cluster.configs, 'broker'),
    brokers: {},
    controller: { activeId: null, epoch: 0, voters: [], electionToken: 0, electionPending: false, preferredCheckScheduled: false },
    topics: {},
    partitions: {},
    producers: {},
    groups: {},
    consumers: {},
    nextPid: 1000,
    nextRequestId: 1,
    nextBatchId: 1,
    timeline: [...(scenario.timeline ?? [])]
      .map((e, i) => ({ ...e, i }))
      .sort((a, b) => a.atMs - b.atMs || a.i - b.i)
      .map(({ atMs, command }) => ({ atMs, command })),
    stats: { recordsProduced: 0, recordsAcknowledged: 0, recordsFailed: 0, acknowledgedLost: 0, leaderElections: 0, uncleanElections: 0, segmentsDeleted: 0 },
    memory: createRecordMemory(options.recordBudget),
    linkTraffic: {},
  };
  for (let id = 1; id <= brokers; id++) {
    const b = createBroker(id, 0);
    sim.brokers[id] = b;
  }
  sim.controller.voters = brokerIds(sim).slice(0, voters);
  becomeActiveController(sim, sim.controller.voters[0]!);
  for (const id of brokerIds(sim)) startBrokerTasks(sim, sim.brokers[id]!);
  for (const t of scenario.topics) createTopic(sim, t);
  for (const spec of scenario.producers ?? []) applyOrThrow(sim, { type: 'addProducer', producer: spec });
  for (const spec of scenario.consumers ?? []) applyOrThrow(sim, { type: 'addConsumer', consumer: spec });
  sim.timeline.forEach((entry, index) => {
    if (!Number.isInteger(entry.atMs) || entry.atMs < 0)
      throw new KafkaException('InvalidRequestException', `Timeline entry ${index} has an invalid time (${entry.atMs}).`);
    scheduleAt(sim, entry.atMs, { kind: 'timeline', index });
  });
  return sim;
}

function applyOrThrow(sim: Sim, command: Command): void {
  const result = applyCommand(sim, command);
  if (!result.ok) throw new KafkaException(result.error.name as never, result.error.message);
}

/**
 * Applies one command at the current simulated time. A command Kafka would reject is answered
 * with Kafka's exception name and a sentence for a learner, and a `commandRejected` event; the
 * simulation keeps running. NOTE mutates sim.
 */
export function applyCommand(sim: Sim, command: Command): CommandResult {
  try {
    if (typeof command !== 'object' || command === null || typeof (command as { type?: unknown }).type !== 'string')
      throw new KafkaException('InvalidRequestException', `An action needs a type; got ${describeType(command)}: nothing was done.`);
    dispatch(sim, command);
    return { ok: true };
  } catch (e) {
    if (!isKafkaException(e)) throw e;
    const error = { name: e.kafkaName, message: e.message };
    emit(sim, { type: 'commandRejected', command: describeType(command), error });
    return { ok: false, error };
  }
}

function requireProducer(sim: Sim, id: string) {
  const p = sim.producers[id];
  if (!p || p.removed) throw new KafkaException('InvalidRequestException', `There is no producer '${id}'.`);
  return p;
}

function dispatch(sim: Sim, c: Command): void {
  switch (c.type) {
    case 'crashBroker':
      return crashBroker(sim, c.brokerId);
    case 'restartBroker':
      return restartBroker(sim, c.brokerId);
    case 'isolateBroker':
      return isolateBroker(sim, c.brokerId);
    case 'healBroker':
      return healBroker(sim, c.brokerId);
    case 'slowBroker':
      return slowBroker(sim, c.brokerId, c.extraLatencyMs);
    case 'addBroker':
      addBroker(sim, c.brokerId);
      return;
    case 'createTopic':
      createTopic(sim, c);
      return;
    case 'addPartitions':
      addPartitions(sim, c.topic, c.totalCount);
      return;
    case 'setTopicConfig':
      return setTopicConfigs(sim, c.topic, c.configs);
    case 'setBrokerConfig':
      return setBrokerConfigs(sim, c.configs);
    case 'addProducer': {
      const id = c.producer.id;
      if (typeof id !== 'string' || id.length === 0 || id.length > 64)
        throw new KafkaException('InvalidRequestException', 'A producer needs an id of 1 to 64 characters.');
      if (sim.producers[id] && !sim.producers[id]!.removed) throw new KafkaException('InvalidRequestException', `A producer called '${id}' already exists.`);
      if (Object.values(sim.producers).filter((p) => !p.removed).length >= CLUSTER_LIMITS.maxProducers)
        throw new KafkaException('InvalidRequestException', `The simulator allows at most ${CLUSTER_LIMITS.maxProducers} producers.`);
      sim.producers[id] = createProducer(sim, c.producer);
      emit(sim, { type: 'producerAdded', producerId: id, topic: c.producer.topic });
      return;
    }
    case 'removeProducer': {
      const p = requireProducer(sim, c.producerId);
      p.removed = true; // KafkaProducer.close(Duration.ZERO): unsent records are dropped
      emit(sim, { type: 'producerRemoved', producerId: c.producerId });
      return;
    }
    case 'updateProducer': {
      const changes = updateProducer(sim, requireProducer(sim, c.producerId), c);
      emit(sim, { type: 'producerChanged', producerId: c.producerId, change: changes.join(', ') });
      return;
    }
    case 'produce':
      return produceOne(sim, requireProducer(sim, c.producerId), c);
    case 'addConsumer': {
      const id = c.consumer.id;
      if (typeof id !== 'string' || id.length === 0 || id.length > 64)
        throw new KafkaException('InvalidRequestException', 'A consumer needs an id of 1 to 64 characters.');
      if (sim.consumers[id] && !sim.consumers[id]!.removed) throw new KafkaException('InvalidRequestException', `A consumer called '${id}' already exists.`);
      if (Object.values(sim.consumers).filter((x) => !x.removed).length >= CLUSTER_LIMITS.maxConsumers)
        throw new KafkaException('InvalidRequestException', `The simulator allows at most ${CLUSTER_LIMITS.maxConsumers} consumers.`);
      createConsumer(sim, c.consumer);
      emit(sim, { type: 'consumerAdded', consumerId: id, groupId: c.consumer.groupId });
      return;
    }
    case 'removeConsumer':
      return closeConsumer(sim, requireConsumer(sim, c.consumerId));
    case 'crashConsumer':
      return crashConsumer(sim, requireConsumer(sim, c.consumerId));
    case 'restartConsumer':
      return restartConsumer(sim, requireConsumer(sim, c.consumerId));
    case 'updateConsumer': {
      const changes = updateConsumer(sim, requireConsumer(sim, c.consumerId), c);
      emit(sim, { type: 'consumerChanged', consumerId: c.consumerId, change: changes.join(', ') });
      return;
    }
    case 'resetOffsets':
      return resetGroupOffsets(sim, c.groupId, c.topic, c.to);
    case 'electLeaders': {
      if (sim.controller.activeId === null) throw new KafkaException('TimeoutException', 'No controller is active, so no election can run.');
      const partitions = c.topic ? requireTopic(sim, c.topic).partitions : Object.values(sim.partitions);
      for (const p of partitions) {
        if (c.electionType === 'preferred') electPreferred(sim, p);
        else electUnclean(sim, p);
      }
      return;
    }
    default: {
      // Every command the engine knows is a case above (the compiler checks it); anything else, say
      // from a newer page or a hand-made history, is refused rather than accepted and ignored.
      const unknown: never = c;
      throw new KafkaException('InvalidRequestException', `The simulator has no action '${describeType(unknown)}': nothing was done.`);
    }
  }
}

/** A command's `type` as text, whatever was sent. */
function describeType(command: unknown): string {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type.slice(0, 80) : String(type);
}

function runTask(sim: Sim, task: Task): void {
  switch (task.kind) {
    case 'timeline':
      applyCommand(sim, sim.timeline[task.index]!.command);
      return;
    case 'producerTick':
      return onProducerTick(sim, task.producerId);
    case 'produceArrive':
      return onProduceArrive(sim, task.request);
    case 'produceResponse':
      return onProduceResponse(sim, task.request, task.disconnected);
    case 'fetchArrive':
      return onFetchArrive(sim, task.request);
    case 'fetchResponse':
      return onFetchResponse(sim, task.response);
    case 'parkedFetchTimeout':
      return onParkedFetchTimeout(sim, task.leaderId, task.incarnation, task.atMs);
    case 'isrCheck': {
      const b = sim.brokers[task.brokerId]!;
      if (b.alive && b.incarnation === task.incarnation) onIsrCheck(sim, task.brokerId);
      return;
    }
    case 'retentionCheck':
      return onRetentionCheck(sim, task.brokerId, task.incarnation);
    case 'purgatorySweep':
      return onPurgatorySweep(sim, task.brokerId, task.incarnation);
    case 'sessionCheck':
      return onSessionCheck(sim, task.brokerId);
    case 'brokerRegistered':
      return onBrokerRegistered(sim, task.brokerId, task.incarnation);
    case 'controllerElection':
      return onControllerElection(sim, task.token);
    case 'preferredLeaderCheck':
      return onPreferredLeaderCheck(sim);
    case 'uncleanLeaderCheck':
      return onUncleanLeaderCheck(sim);
    case 'logCleanerCheck':
      return onLogCleanerCheck(sim, task.brokerId, task.incarnation);
    case 'consumerPoll':
      return onConsumerPoll(sim, task.consumerId, task.incarnation);
    case 'consumerHeartbeat':
      return onConsumerHeartbeat(sim, task.consumerId, task.incarnation);
    case 'consumerFetchArrive':
      // At a broker that has died, the client's connection fails instead (the consumer's side).
      return sim.brokers[task.request.brokerId]!.alive ? onConsumerFetchArrive(sim, task.request) : onConsumerFetchDisconnected(sim, task.request);
    case 'consumerFetchResponse':
      return onConsumerFetchResponse(sim, task.request, task.partitions);
    case 'groupRequest':
      return onGroupRequest(sim, task.groupId, task.brokerId, task.request);
    case 'groupResponse':
      return onGroupResponse(sim, task.consumerId, task.incarnation, task.response);
    case 'groupSessionCheck':
      return onGroupSessionCheck(sim, task.groupId, task.memberId);
    case 'groupJoinDeadline':
      return onGroupJoinDeadline(sim, task.groupId, task.token);
  }
}

/**
 * Runs every task due at or before `targetMs`, then sets the clock to `targetMs`. Idle time costs
 * nothing: the clock jumps from task to task. However `advance` is chunked, the history is the same.
 * NOTE mutates sim.
 */
export function runUntil(sim: Sim, targetMs: number): void {
  while (runNextTask(sim, targetMs));
  if (targetMs > sim.nowMs) sim.nowMs = targetMs;
}

/** Runs the next task if it is due at or before `limitMs`; returns whether one ran. NOTE mutates sim. */
function runNextTask(sim: Sim, limitMs: number): boolean {
  const at = peekTime(sim.queue);
  if (at === undefined || at > limitMs) return false;
  const task = popTaskOnly(sim.queue)!;
  sim.nowMs = at;
  sim.tasksRun++;
  countDelivered(sim, task);
  runTask(sim, task);
  maybeCheckRecordMemory(sim);
  return true;
}

/**
 * Runs tasks until `tasks` have run in total (or nothing is scheduled), never past `maxMs`; then
 * sets the clock to `atMs` if that is later. Replaying a recorded command at its exact position
 * (`tasksRun`, `nowMs`) reproduces the history even when it was applied between two tasks of the
 * same millisecond (after a Step). NOTE mutates sim.
 */
export function runToPosition(sim: Sim, tasks: number, atMs = Number.POSITIVE_INFINITY): void {
  while (sim.tasksRun < tasks && runNextTask(sim, atMs));
  if (Number.isFinite(atMs) && atMs > sim.nowMs) sim.nowMs = atMs;
}

/** Runs exactly one task (the "step one event" button); returns false when nothing is scheduled. */
export function stepOne(sim: Sim): boolean {
  return runNextTask(sim, Number.POSITIVE_INFINITY);
}

export type { SimCheckpoint } from './checkpoint';

/** The headless API of DESIGN.md. */
export interface Simulation {
  /** Applies a user action at the current simulated time. */
  apply(command: Command): CommandResult;
  /** Runs simulated time forward by `ms` (integer milliseconds). */
  advance(ms: number): void;
  /** Runs until the next scheduled task has happened (one "step"). */
  step(): boolean;
  /** Plain serialisable state for views. */
  snapshot(): Snapshot;
  /** What happened since the last drain. */
  drainEvents(): SimEvent[];
  /** Materialised records of one partition (from the leader, or a given replica). */
  readRecords(topic: string, partition: number, fromOffset: number, maxRecords: number, brokerId?: number): RecordView[];
  /** Runs to an exact position of a history: `tasks` tasks in total, then the clock to `atMs` if given (see runToPosition). */
  runTo(tasks: number, atMs?: number): void;
  /** A copy of the whole state (events not yet drained are not part of it). */
  checkpoint(): SimCheckpoint;
  /** Goes back (or forward) to a checkpoint; the checkpoint itself stays usable. */
  restore(checkpoint: SimCheckpoint): void;
  /** Current simulated time in ms. */
  readonly nowMs: number;
  /** Scheduler tasks run so far (a position in the history, with nowMs). */
  readonly tasksRun: number;
  /** The underlying state, for tests and tools (treat as read-only). */
  readonly state: Sim;
}

/**
 * Creates a deterministic simulation: the same scenario, seed and commands give the same history.
 *
 * @example
 * const sim = createSimulation(scenario, { seed: 42 });
 * sim.apply({ type: 'crashBroker', brokerId: 2 });
 * sim.advance(10_000);
 * sim.drainEvents(); // [{ type: 'brokerCrashed', ... }, { type: 'brokerFenced', ... }, { type: 'leaderElected', ... }]
 */
export function createSimulation(scenario: ScenarioSpec, options: { seed: number } & SimOptions): Simulation {
  let sim = createSim(scenario, options.seed, options);
  return {
    apply: (command) => applyCommand(sim, command),
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a non-negative number of milliseconds (got ${ms}).`);
      runUntil(sim, sim.nowMs + Math.floor(ms));
    },
    step: () => stepOne(sim),
    snapshot: () => takeSnapshot(sim),
    drainEvents: () => {
      const events = sim.events;
      sim.events = [];
      return events;
    },
    readRecords: (topic, partition, fromOffset, maxRecords, brokerId) => readRecords(sim, topic, partition, fromOffset, maxRecords, brokerId),
    runTo: (tasks, atMs) => runToPosition(sim, tasks, atMs),
    checkpoint: () => takeCheckpoint(sim),
    restore: (checkpoint) => {
      sim = restoreCheckpoint(checkpoint);
    },
    get nowMs() {
      return sim.nowMs;
    },
    get tasksRun() {
      return sim.tasksRun;
    },
    get state() {
      return sim;
    },
  };
}
