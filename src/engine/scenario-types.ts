/**
 * The engine's input: a scenario is plain data. `src/scenario/` validates and versions it for URLs;
 * the engine validates again what Kafka itself would reject (topic names, replication factors, configs).
 */
import type { Command, ConsumerSpec, ProducerSpec } from './commands';
import type { ConfigValue } from './config';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic config overrides, by Kafka's names. */
  configs?: Record<string, ConfigValue>;
}

export interface ClusterSpec {
  /** Number of brokers; ids are 1..brokers (Kafka's quickstarts number from 1). */
  brokers: number;
  /** KRaft controller voters, taken from the first brokers (combined mode). Default min(3, brokers). */
  controllers?: number;
  /** Cluster-wide broker config overrides, by Kafka's names. */
  configs?: Record<string, ConfigValue>;
  /** One-way network latency between any two nodes, in ms (default 2). */
  networkLatencyMs?: number;
}

export interface TimelineEntry {
  atMs: number;
  command: Command;
}

export interface ScenarioSpec {
  name?: string;
  cluster: ClusterSpec;
  topics: TopicSpec[];
  producers?: ProducerSpec[];
  /** Consumers, each in a consumer group (several groups may read the same topic). */
  consumers?: ConsumerSpec[];
  /** Commands to apply at given simulated times (a lesson's script, or a recorded session). */
  timeline?: TimelineEntry[];
  /** The wall-clock instant (epoch ms) that simulated time 0 stands for. */
  startEpochMs?: number;
}

/** Jan 1 2026 09:00 UTC: a fixed instant, so timestamps replay identically everywhere. */
export const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 1, 9, 0, 0);
