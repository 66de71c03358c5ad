/**
 * The simulation's state: plain data only (no classes, no functions, no Infinity), so a checkpoint
 * is a `structuredClone` and a snapshot is a projection. Record batches are immutable once appended
 * and shared by reference between replicas, as followers copy the leader's batches byte for byte.
 */
import type { TaskQueue } from './clock';
import type { KeyPattern, ProducerSpec } from './commands';
import type { ConfigValue } from './config';
import type { SimEvent } from './events';
import type { RngState } from './random';
import type { TimelineEntry } from './scenario-types';
import type { Consumer, ConsumerGroup } from './consumer-state';
import type { Log } from './kafka/log';
import type {
  ConsumerFetchPartition,
  ConsumerFetchRequest,
  FetchRequest,
  FetchResponse,
  GroupRequest,
  GroupResponse,
  NodeId,
  ProduceRequest,
  ProducerBatch,
  WireFlow,
} from './kafka/messages';
import type { ValueGen } from './kafka/record-batch';

/** What a leader knows about one follower (`Replica` / `ReplicaState` in Kafka). */
export interface FollowerState {
  /** Last fetch offset, -1 until the first fetch under this leadership. */
  leo: number;
  lastCaughtUpTimeMs: number;
  lastFetchTimeMs: number;
  lastFetchLeaderLeo: number;
  /** The high watermark and log start offset this follower last received (its fetch session's view, KIP-227). */
  hwSent: number;
  lsoSent: number;
}

/** One broker's copy of one partition. */
export interface Replica {
  brokerId: number;
  log: Log;
  highWatermark: number;
  /** This broker's view of the partition from the metadata it has received. */
  viewLeader: number;
  viewLeaderEpoch: number;
  viewIsr: number[];
  /** Set while this replica leads: its followers' fetch state. */
  followers: Record<number, FollowerState> | null;
  /** Follower side: waiting for newer metadata after a fenced/unknown epoch error. */
  fetchBlocked: boolean;
  /** Leader side: acks=all batches waiting for the high watermark (`DelayedProduce` watch list), in offset order. */
  waiting: ProduceWait[];
}

/** One acks=all batch waiting at the leader until the high watermark reaches `requiredOffset`. */
export interface ProduceWait {
  request: ProduceRequest;
  index: number;
  requiredOffset: number;
}

export interface Partition {
  topic: string;
  index: number;
  /** `${topic}-${index}`, Kafka's TopicPartition string. */
  key: string;
  /** The controller's registration (`PartitionRegistration`). Preferred leader first. */
  replicas: number[];
  isr: number[];
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  /** `LeaderRecoveryState.RECOVERING` after an unclean election. */
  recovering: boolean;
  logs: Record<number, Replica>;
  lostRecords: number;
  /** Ids of acknowledged batches the partition has lost (counted once, even when several replicas truncate them). */
  lostBatchIds: Record<number, true>;
}

/** A topic's effective settings, resolved whenever its configs change (read on every append). */
export interface TopicSettings {
  minInsyncReplicas: number;
  segmentBytes: number;
  segmentMs: number;
  segmentJitterMs: number;
  maxMessageBytes: number;
  compact: boolean;
  deletePolicy: boolean;
  logAppendTime: boolean;
}

export interface Topic {
  name: string;
  topicId: string;
  configs: Record<string, ConfigValue>;
  settings: TopicSettings;
  partitions: Partition[];
  createdMs: number;
}

/** A follower broker's fetcher towards one leader broker (`ReplicaFetcherThread`, one per pair). */
export interface FetcherState {
  inFlight: boolean;
  /** A fetch session is open with the leader (KIP-227): fetches are incremental until a disconnect. */
  sessionOpen: boolean;
}

/** A leader-side delayed fetch (`DelayedFetch`) waiting for data, from one follower broker. */
export interface ParkedFetch {
  request: FetchRequest;
  parkedAtMs: number;
  timeoutScheduled: boolean;
}

/** A produce request waiting in the leader's purgatory for acks=all (`DelayedProduce`). */
export interface DelayedProduce {
  request: ProduceRequest;
  expiresAtMs: number;
}

export interface Broker {
  id: number;
  alive: boolean;
  isolated: boolean;
  /** The controller's view (`BrokerRegistration.fenced`). */
  fenced: boolean;
  /** Bumped at every restart; tasks of an older incarnation are dropped. */
  incarnation: number;
  registeredAtMs: number;
  /** The incarnation the controller last registered: a restarted broker must register again. */
  registeredIncarnation: number;
  extraLatencyMs: number;
  /** When the controller will fence this broker unless it hears from it (ms), or -1. */
  sessionDeadlineMs: number;
  /** Partition keys this broker hosts a replica of, in creation order. */
  hosted: string[];
  fetchers: Record<number, FetcherState>;
  parked: Record<number, ParkedFetch>;
  /** When the parked-fetch sweep runs next (-1: none owed). */
  parkedSweepAtMs: number;
  purgatory: DelayedProduce[];
  purgatorySweepAtMs: number;
  /** Consumer fetches waiting for the high watermark to move, by consumer id. */
  parkedConsumers: Record<string, ConsumerFetchRequest>;
}

export interface ControllerState {
  activeId: number | null;
  epoch: number;
  voters: number[];
  /** Bumped whenever a pending election is superseded. */
  electionToken: number;
  electionPending: boolean;
  preferredCheckScheduled: boolean;
}

export interface ProducerPartitionState {
  queue: ProducerBatch[];
  inFlight: ProducerBatch[];
  nextSequence: number;
  acked: number;
  lastAckedOffset: number;
}

/**
 * One `send()` blocked in `BufferPool.allocate` for want of `buffer.memory`: waiters are served
 * first come, first served, as `BufferPool.waiters`.
 */
export interface BufferWaiter {
  /** When send() was called. */
  sinceMs: number;
  /** When it fails with BufferExhaustedException: `max.block.ms` after the call. */
  deadlineMs: number;
  /** Bytes asked for: max(batch.size, the record's size bound) (`RecordAccumulator.append`). */
  sizeBytes: number;
  /** Bytes freed since and kept for it (only the first waiter gathers memory, as `BufferPool.allocate`). */
  accumulatedBytes: number;
  /** The partition chosen before blocking; `sticky`: chosen by the built-in partitioner (re-checked after the wait). */
  partition: number;
  sticky: boolean;
  key: string | null;
  timestampMs: number;
  /** The rate-driven application thread's record (its value is generated from `index`), or one sent by hand. */
  record: { generated: true; index: number } | { generated: false; value: string | null; headers: [string, string][] | null };
}

export interface Producer {
  spec: ProducerSpec;
  id: string;
  /** Idempotent producer id, or `NO_PRODUCER_ID`. */
  pid: number;
  configs: Record<string, ConfigValue>;
  keys: KeyPattern;
  ratePerSec: number;
  paused: boolean;
  removed: boolean;
  /** Generated-record clock: record i is due at `rateStartMs + floor(i * 1000 / rate)`. */
  rateStartMs: number;
  rateIndex: number;
  /** Records made so far (indexes generated values). */
  recordIndex: number;
  valueSeed: number;
  /** The value template and seed, one object shared by every batch this producer writes. */
  valueGen: ValueGen;
  fixedKeyCursor: number;
  /** murmur2 hashes of recently seen keys (bounded), so hot keys are hashed once. */
  hashCache: Record<string, number>;
  hashCacheSize: number;
  /** Generated key strings by number, made once and shared by every record carrying them. */
  keyPool: string[];
  /** KIP-794 built-in partitioner state per topic. */
  sticky: { partition: number; producedBytes: number; seenQueues: number[] };
  partitions: Record<number, ProducerPartitionState>;
  /** Leader per partition as of the producer's last metadata refresh. */
  metadata: Record<number, { leader: number; leaderEpoch: number }>;
  /** Partition count as of the last metadata refresh (keys hash modulo this). */
  knownPartitions: number;
  metadataStale: boolean;
  /** Next periodic refresh (`metadata.max.age.ms`). */
  metadataRefreshAtMs: number;
  inFlightPerBroker: Record<number, number>;
  tickAtMs: number;
  stats: { sent: number; acknowledged: number; failed: number; retries: number; errors: number };
  recentErrors: { timeMs: number; partition: number; name: string; message: string; retriable: boolean }[];
  /** Effective settings, resolved from `configs` whenever they change (read for every batch). */
  settings: {
    acks: string;
    lingerMs: number;
    batchSize: number;
    maxInFlight: number;
    deliveryTimeoutMs: number;
    requestTimeoutMs: number;
    ignoreKeys: boolean;
    idempotent: boolean;
    bufferMemory: number;
    maxBlockMs: number;
  };
  /** Partitions this producer has batched for, ascending. */
  partitionOrder: number[];
  /**
   * The accumulator's `BufferPool`: bytes held by batches until they are acknowledged or fail, at
   * most `buffer.memory`, and the send() calls blocked waiting for more (`max.block.ms`).
   */
  buffer: { usedBytes: number; waiters: BufferWaiter[] };
}

/** The scheduler's tasks: plain data, so a checkpoint can be cloned. */
export type Task =
  | { kind: 'timeline'; index: number }
  | { kind: 'producerTick'; producerId: string }
  | { kind: 'produceArrive'; request: ProduceRequest }
  | { kind: 'produceResponse'; request: ProduceRequest; disconnected: boolean }
  | { kind: 'fetchArrive'; request: FetchRequest }
  | { kind: 'fetchResponse'; response: FetchResponse }
  | { kind: 'parkedFetchTimeout'; leaderId: number; incarnation: number; atMs: number }
  | { kind: 'isrCheck'; brokerId: number; incarnation: number }
  | { kind: 'retentionCheck'; brokerId: number; incarnation: number }
  | { kind: 'purgatorySweep'; brokerId: number; incarnation: number }
  | { kind: 'sessionCheck'; brokerId: number; incarnation: number }
  | { kind: 'brokerRegistered'; brokerId: number; incarnation: number }
  | { kind: 'controllerElection'; token: number }
  | { kind: 'preferredLeaderCheck' }
  | { kind: 'uncleanLeaderCheck' }
  | { kind: 'logCleanerCheck'; brokerId: number; incarnation: number }
  | { kind: 'consumerPoll'; consumerId: string; incarnation: number }
  | { kind: 'consumerHeartbeat'; consumerId: string; incarnation: number }
  | { kind: 'consumerFetchArrive'; request: ConsumerFetchRequest }
  | { kind: 'consumerFetchResponse'; request: ConsumerFetchRequest; partitions: ConsumerFetchPartition[] }
  | { kind: 'groupRequest'; groupId: string; brokerId: number; request: GroupRequest }
  | { kind: 'groupResponse'; groupId: string; brokerId: number; consumerId: string; incarnation: number; response: GroupResponse }
  | { kind: 'groupSessionCheck'; groupId: string; memberId: string }
  | { kind: 'groupJoinDeadline'; groupId: string; token: number };

export interface SimStats {
  recordsProduced: number;
  recordsAcknowledged: number;
  recordsFailed: number;
  acknowledgedLost: number;
  leaderElections: number;
  uncleanElections: number;
  segmentsDeleted: number;
}

/** What the simulator keeps of the records it holds (`kafka/slimming.ts`); part of the state, shown in the UI. */
export interface RecordMemory {
  /** Most records the logs keep in full (with keys, values and headers), across every partition that can be slimmed. */
  budgetRecords: number;
  /** Records held in full at the last check (each partition counted once, however many replicas). */
  fullRecords: number;
  /** Records whose payloads were dropped so far (each partition's counted once). */
  recordsSlimmed: number;
  /** How many of its newest records each partition kept in full at the last slimming; null before any. */
  keptPerPartition: number | null;
}

/** The whole simulation. */
export interface Sim {
  nowMs: number;
  startEpochMs: number;
  seed: number;
  rng: RngState;
  queue: TaskQueue<Task>;
  events: SimEvent[];
  /** Events emitted since the start (drained or not). */
  eventCount: number;
  /** Scheduler tasks run since the start: with `nowMs`, the exact position of a command in a history. */
  tasksRun: number;
  networkLatencyMs: number;
  brokerConfigs: Record<string, ConfigValue>;
  brokers: Record<number, Broker>;
  controller: ControllerState;
  topics: Record<string, Topic>;
  partitions: Record<string, Partition>;
  producers: Record<string, Producer>;
  groups: Record<string, ConsumerGroup>;
  consumers: Record<string, Consumer>;
  nextPid: number;
  nextRequestId: number;
  nextBatchId: number;
  timeline: TimelineEntry[];
  stats: SimStats;
  /** The record budget and what slimming dropped to stay within it (`kafka/slimming.ts`). Not Kafka state. */
  memory: RecordMemory;
  /** Records and messages delivered per flow, sender and receiver (`in-flight.ts`), for the flow bands. Not Kafka state. */
  linkTraffic: Partial<Record<WireFlow, Record<NodeId, Record<NodeId, { records: number; messages: number }>>>>;
}
