/**
 * Topic administration as the KRaft controller does it (`ReplicationControlManager.createTopics`,
 * `createPartitions`, `ConfigurationControlManager`): Kafka's validation and error names, replica
 * placement, and live config changes.
 */
import type { ConfigValue } from '../config';
import { CONFIG_DEFS, parseConfigValue, parseConfigs, requireConfigName } from '../config';
import { brokerIds, emit, refreshTopicSettings } from '../core';
import { KafkaException } from '../errors';
import { nextInt } from '../random';
import type { Partition, Sim, Topic } from '../state';
import { createLog } from './log';
import { assignReplicas } from './placement';
import { partitionName, topicNamesCollide, validateTopicName } from './topic-names';
import { OFFSETS_TOPIC } from './offsets-topic';
import { publishPartition } from './partition-metadata';

const NO_SETTINGS: Topic['settings'] = {
  minInsyncReplicas: 1,
  segmentBytes: 0,
  segmentMs: 0,
  segmentJitterMs: 0,
  maxMessageBytes: 0,
  compact: false,
  deletePolicy: true,
  logAppendTime: false,
};

/** The simulator's limits, chosen so the app stays responsive. */
export const LIMITS = { maxPartitionsPerTopic: 128, maxPartitionsTotal: 1024, maxTopics: 64 } as const;

function requireController(sim: Sim, what: string): void {
  if (sim.controller.activeId === null) {
    throw new KafkaException(
      'TimeoutException',
      `Timed out waiting for a node assignment: ${what} needs the active controller, and none is elected (a majority of controller voters must be reachable).`,
    );
  }
}

function unfencedBrokers(sim: Sim): number[] {
  return brokerIds(sim).filter((id) => !sim.brokers[id]!.fenced && sim.brokers[id]!.alive);
}

/** Places replicas with Kafka's rack-unaware algorithm, its random start index and shift drawn from the seeded PRNG. */
function placeReplicas(sim: Sim, count: number, rf: number, startPartitionId: number): number[][] {
  const brokers = unfencedBrokers(sim);
  if (rf > brokers.length) {
    // ReplicationControlManager / StripedReplicaPlacer wording
    throw new KafkaException(
      'InvalidReplicationFactorException',
      `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${brokers.length} broker(s) are registered. Each replica must live on a different broker, so a topic can never have more replicas than running brokers.`,
    );
  }
  const startIndex = nextInt(sim.rng, brokers.length);
  const nextReplicaShift = nextInt(sim.rng, brokers.length);
  return assignReplicas(brokers, count, rf, { startIndex, nextReplicaShift, startPartitionId });
}

function totalPartitions(sim: Sim): number {
  return Object.keys(sim.partitions).length;
}

function newPartition(sim: Sim, topic: string, index: number, replicas: number[]): Partition {
  const key = partitionName(topic, index);
  const p: Partition = {
    topic,
    index,
    key,
    replicas,
    isr: [...replicas],
    leader: replicas[0]!,
    leaderEpoch: 0,
    partitionEpoch: 0,
    recovering: false,
    logs: {},
    lostRecords: 0,
    lostBatchIds: {},
  };
  for (const id of replicas) {
    p.logs[id] = {
      brokerId: id,
      log: createLog(sim.nowMs),
      highWatermark: 0,
      viewLeader: -1,
      viewLeaderEpoch: -1,
      viewIsr: [],
      followers: null,
      fetchBlocked: false,
      waiting: [],
    };
    sim.brokers[id]!.hosted.push(key);
  }
  sim.partitions[key] = p;
  return p;
}

/** `kafka-topics.sh --create`. Throws Kafka's exceptions; returns the replica assignment. NOTE mutates sim. */
export function createTopic(
  sim: Sim,
  spec: { name: string; partitions?: number; replicationFactor?: number; configs?: Record<string, ConfigValue> },
): number[][] {
  validateTopicName(spec.name);
  if (sim.topics[spec.name]) throw new KafkaException('TopicExistsException', `Topic '${spec.name}' already exists.`);
  const collides = Object.keys(sim.topics).find((t) => topicNamesCollide(t, spec.name));
  if (collides) {
    throw new KafkaException(
      'InvalidTopicException',
      `Topic '${spec.name}' collides with existing topic: ${collides}. Kafka treats '.' and '_' alike in metric names, so these two names cannot both exist.`,
    );
  }
  const partitions = spec.partitions ?? (sim.brokerConfigs['num.partitions'] as number | undefined) ?? 1;
  const rf = spec.replicationFactor ?? (sim.brokerConfigs['default.replication.factor'] as number | undefined) ?? 1;
  if (!Number.isInteger(partitions) || partitions <= 0)
    throw new KafkaException(
      'InvalidPartitionsException',
      `Number of partitions was set to an invalid non-positive value (${partitions}). A topic needs at least one partition.`,
    );
  if (!Number.isInteger(rf) || rf <= 0)
    throw new KafkaException(
      'InvalidReplicationFactorException',
      `Replication factor must be larger than 0 (got ${rf}). Every partition needs at least one copy.`,
    );
  if (partitions > LIMITS.maxPartitionsPerTopic)
    throw new KafkaException(
      'InvalidPartitionsException',
      `The simulator allows at most ${LIMITS.maxPartitionsPerTopic} partitions per topic (asked for ${partitions}); real clusters allow far more.`,
    );
  if (totalPartitions(sim) + partitions > LIMITS.maxPartitionsTotal)
    throw new KafkaException('InvalidPartitionsException', `The simulator allows at most ${LIMITS.maxPartitionsTotal} partitions in a cluster.`);
  if (Object.keys(sim.topics).length >= LIMITS.maxTopics)
    throw new KafkaException('InvalidRequestException', `The simulator allows at most ${LIMITS.maxTopics} topics.`);
  const configs = parseConfigs(spec.configs, 'topic');
  requireController(sim, 'creating a topic');
  const assignment = placeReplicas(sim, partitions, rf, 0);
  const topic: Topic = { name: spec.name, topicId: topicIdFor(sim), configs, settings: NO_SETTINGS, partitions: [], createdMs: sim.nowMs };
  refreshTopicSettings(sim, topic);
  sim.topics[spec.name] = topic;
  emit(sim, { type: 'topicCreated', topic: spec.name, partitions, replicationFactor: rf, assignment });
  for (let i = 0; i < partitions; i++) addPartition(sim, topic, i, assignment[i]!);
  return assignment;
}

function addPartition(sim: Sim, topic: Topic, index: number, replicas: number[]): void {
  const p = newPartition(sim, topic.name, index, replicas);
  topic.partitions.push(p);
  emit(sim, {
    type: 'leaderElected',
    topic: topic.name,
    partition: index,
    previousLeader: -1,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    reason: 'initial',
  });
  publishPartition(sim, p);
}

/** A Kafka-style topic id (22 characters of URL-safe base64), drawn from the seeded PRNG. */
function topicIdFor(sim: Sim): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < 22; i++) s += alphabet[nextInt(sim.rng, 64)];
  return s;
}

/** The topic or Kafka's `UnknownTopicOrPartitionException`. */
export function requireTopic(sim: Sim, name: string): Topic {
  const t = sim.topics[name];
  if (!t) throw new KafkaException('UnknownTopicOrPartitionException', `This server does not host this topic-partition: there is no topic '${name}'.`);
  return t;
}

/**
 * `kafka-topics.sh --alter --partitions N`: partitions can only grow; new ones keep the replication
 * factor of partition 0. Existing records stay where they are, so keys now hash elsewhere.
 */
export function addPartitions(sim: Sim, name: string, totalCount: number): number[][] {
  const topic = requireTopic(sim, name);
  const current = topic.partitions.length;
  if (!Number.isInteger(totalCount)) throw new KafkaException('InvalidPartitionsException', `The partition count must be a whole number (got ${totalCount}).`);
  if (totalCount === current) throw new KafkaException('InvalidPartitionsException', `Topic already has ${current} partition(s).`);
  if (totalCount < current) {
    throw new KafkaException(
      'InvalidPartitionsException',
      `The topic ${name} currently has ${current} partition(s); ${totalCount} would not be an increase. Kafka cannot remove partitions: their records would have nowhere to go.`,
    );
  }
  if (totalCount > LIMITS.maxPartitionsPerTopic)
    throw new KafkaException('InvalidPartitionsException', `The simulator allows at most ${LIMITS.maxPartitionsPerTopic} partitions per topic.`);
  if (totalPartitions(sim) + totalCount - current > LIMITS.maxPartitionsTotal)
    throw new KafkaException('InvalidPartitionsException', `The simulator allows at most ${LIMITS.maxPartitionsTotal} partitions in a cluster.`);
  requireController(sim, 'adding partitions');
  const rf = topic.partitions[0]!.replicas.length;
  const assignment = placeReplicas(sim, totalCount - current, rf, current);
  emit(sim, { type: 'partitionsAdded', topic: name, from: current, to: totalCount, assignment });
  for (let i = current; i < totalCount; i++) addPartition(sim, topic, i, assignment[i - current]!);
  return assignment;
}

/** `kafka-configs.sh --alter --entity-type topics`: a null value deletes the override. NOTE mutates sim. */
export function setTopicConfigs(sim: Sim, name: string, changes: Record<string, ConfigValue | null>): void {
  const topic = requireTopic(sim, name);
  requireController(sim, 'changing topic configs');
  const parsed: Record<string, ConfigValue | null> = {};
  for (const key of Object.keys(changes).sort()) {
    const v = changes[key];
    requireConfigName(key, 'topic');
    parsed[key] = v === null || v === undefined ? null : parseConfigValue(key, v, 'topic');
  }
  for (const key of Object.keys(parsed)) {
    const previous = topic.configs[key] ?? CONFIG_DEFS[key]!.default;
    const next = parsed[key];
    if (next === null) delete topic.configs[key];
    else topic.configs[key] = next!;
    refreshTopicSettings(sim, topic);
    emit(sim, { type: 'configChanged', scope: 'topic', entity: name, name: key, value: next ?? CONFIG_DEFS[key]!.default, previous });
  }
}

/** Cluster-wide dynamic broker configs (`kafka-configs.sh --entity-type brokers --entity-default`). NOTE mutates sim. */
export function setBrokerConfigs(sim: Sim, changes: Record<string, ConfigValue | null>): void {
  const parsed: Record<string, ConfigValue | null> = {};
  for (const key of Object.keys(changes).sort()) {
    const v = changes[key];
    requireConfigName(key, 'broker');
    parsed[key] = v === null || v === undefined ? null : parseConfigValue(key, v, 'broker');
  }
  for (const key of Object.keys(parsed)) {
    const previous = sim.brokerConfigs[key] ?? CONFIG_DEFS[key]!.default;
    const next = parsed[key];
    if (next === null) delete sim.brokerConfigs[key];
    else sim.brokerConfigs[key] = next!;
    emit(sim, { type: 'configChanged', scope: 'broker', entity: 'cluster', name: key, value: next ?? CONFIG_DEFS[key]!.default, previous });
  }
}

/**
 * Creates `__consumer_offsets` when the first consumer group appears (as a broker does on the first
 * FindCoordinator): `offsets.topic.num.partitions` partitions, compacted, with
 * `offsets.topic.replication.factor` replicas — which, as in Kafka, fails until enough brokers run.
 * Returns whether the topic exists. NOTE mutates sim.
 */
export function ensureOffsetsTopic(sim: Sim): boolean {
  if (sim.topics[OFFSETS_TOPIC]) return true;
  if (sim.controller.activeId === null) return false;
  const partitions =
    (sim.brokerConfigs['offsets.topic.num.partitions'] as number | undefined) ?? (CONFIG_DEFS['offsets.topic.num.partitions']!.default as number);
  const rf =
    (sim.brokerConfigs['offsets.topic.replication.factor'] as number | undefined) ?? (CONFIG_DEFS['offsets.topic.replication.factor']!.default as number);
  if (unfencedBrokers(sim).length < rf) {
    throw new KafkaException(
      'CoordinatorNotAvailableException',
      `The coordinator is not available: __consumer_offsets needs offsets.topic.replication.factor=${rf} brokers but only ${unfencedBrokers(sim).length} are running. Lower offsets.topic.replication.factor (single-broker clusters use 1) or add brokers.`,
    );
  }
  const limit = LIMITS.maxPartitionsTotal;
  if (totalPartitions(sim) + partitions > limit)
    throw new KafkaException(
      'InvalidPartitionsException',
      `__consumer_offsets would need ${partitions} partitions; the simulator allows ${limit} in a cluster. Lower offsets.topic.num.partitions.`,
    );
  const assignment = placeReplicas(sim, partitions, rf, 0);
  const topic: Topic = {
    name: OFFSETS_TOPIC,
    topicId: topicIdFor(sim),
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': 104_857_600 },
    settings: NO_SETTINGS,
    partitions: [],
    createdMs: sim.nowMs,
  };
  refreshTopicSettings(sim, topic);
  sim.topics[OFFSETS_TOPIC] = topic;
  emit(sim, { type: 'topicCreated', topic: OFFSETS_TOPIC, partitions, replicationFactor: rf, assignment });
  for (let i = 0; i < partitions; i++) addPartition(sim, topic, i, assignment[i]!);
  return true;
}
