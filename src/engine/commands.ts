/**
 * What a person (or a scenario timeline) can do to the cluster. Every UI action becomes one of
 * these, goes to the engine through `apply`, and is recorded so the run can be replayed.
 */
import type { ConfigValue } from './config';

/** Where `kafka-consumer-groups.sh --reset-offsets` moves a group: --to-earliest, --to-latest, --to-offset, --to-datetime. */
export type OffsetResetTarget = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'offset'; offset: number } | { kind: 'timestamp'; timestampMs: number };

/** How a producer picks record keys. */
export type KeyPattern =
  | { kind: 'none' }
  /** Cycles through a fixed list of keys, in order. */
  | { kind: 'fixed'; keys: string[] }
  /** `prefix` + a uniformly random number in [0, cardinality). */
  | { kind: 'random'; prefix: string; cardinality: number }
  /** One hot key takes `hotShare` of the records; the rest are random as above. */
  | { kind: 'hot'; hotKey: string; hotShare: number; prefix: string; cardinality: number };

/** How a producer makes record values. Values are made from (template, record index) only when looked at. */
export type ValueTemplate = { kind: 'order' } | { kind: 'text'; text: string } | { kind: 'sensor' } | { kind: 'bytes'; sizeBytes: number };

/** A producer application writing to one topic. */
export interface ProducerSpec {
  id: string;
  topic: string;
  /** Records per simulated second (0 = only records produced by hand). */
  ratePerSec: number;
  keys: KeyPattern;
  value?: ValueTemplate;
  /** Headers added to every generated record, in order (duplicate keys allowed, as in Kafka). */
  headers?: [string, string][];
  /** Producer configs by Kafka's names: acks, linger.ms, batch.size, enable.idempotence, … */
  configs?: Record<string, ConfigValue>;
  paused?: boolean;
}

/** What a scenario or the UI says about a consumer. */
export interface ConsumerSpec {
  id: string;
  groupId: string;
  topics: string[];
  /** Static membership (KIP-345). */
  groupInstanceId?: string;
  /** Records processed per simulated second; 0 (default) means instantly. */
  processingRatePerSec?: number;
  configs?: Record<string, ConfigValue>;
  paused?: boolean;
}

export type Command =
  | { type: 'crashBroker'; brokerId: number }
  | { type: 'restartBroker'; brokerId: number }
  /** Cut the broker off from the other brokers and the controller; clients can still reach it. */
  | { type: 'isolateBroker'; brokerId: number }
  | { type: 'healBroker'; brokerId: number }
  /** Add network latency to one broker's links (a slow disk or network: followers fall behind). */
  | { type: 'slowBroker'; brokerId: number; extraLatencyMs: number }
  | { type: 'addBroker'; brokerId?: number }
  | { type: 'createTopic'; name: string; partitions?: number; replicationFactor?: number; configs?: Record<string, ConfigValue> }
  /** `kafka-topics.sh --alter --partitions N`: the new total count. */
  | { type: 'addPartitions'; topic: string; totalCount: number }
  /** `kafka-configs.sh --alter`: a `null` value deletes the override (back to the default). */
  | { type: 'setTopicConfig'; topic: string; configs: Record<string, ConfigValue | null> }
  /** Cluster-wide dynamic broker configs. */
  | { type: 'setBrokerConfig'; configs: Record<string, ConfigValue | null> }
  | { type: 'addProducer'; producer: ProducerSpec }
  | { type: 'removeProducer'; producerId: string }
  | {
      type: 'updateProducer';
      producerId: string;
      ratePerSec?: number;
      keys?: KeyPattern;
      paused?: boolean;
      /** A `null` value removes the override (back to Kafka's default). */
      configs?: Record<string, ConfigValue | null>;
    }
  /** One record by hand. `value: null` is a tombstone; `timestampMs` is simulated time (CreateTime). */
  | {
      type: 'produce';
      producerId: string;
      key: string | null;
      value: string | null;
      headers?: [string, string][];
      partition?: number;
      timestampMs?: number;
    }
  | { type: 'addConsumer'; consumer: ConsumerSpec }
  /** `KafkaConsumer.close()`: commit, leave the group (static members stay until their session expires). */
  | { type: 'removeConsumer'; consumerId: string }
  /** The consumer process dies: no commit, no LeaveGroup; the coordinator notices after session.timeout.ms. */
  | { type: 'crashConsumer'; consumerId: string }
  | { type: 'restartConsumer'; consumerId: string }
  /** A `null` config value removes the override (back to Kafka's default). */
  | { type: 'updateConsumer'; consumerId: string; processingRatePerSec?: number; paused?: boolean; configs?: Record<string, ConfigValue | null> }
  /** `kafka-consumer-groups.sh --reset-offsets --execute`: only while the group has no members. */
  | { type: 'resetOffsets'; groupId: string; topic: string; to: OffsetResetTarget }
  /** `kafka-leader-election.sh --election-type preferred|unclean`. */
  | { type: 'electLeaders'; electionType: 'preferred' | 'unclean'; topic?: string };

export type CommandType = Command['type'];

/** The outcome of `apply`: rejected commands carry Kafka's error name and a learner's sentence. */
export type CommandResult = { ok: true } | { ok: false; error: { name: string; message: string } };
