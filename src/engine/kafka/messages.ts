/**
 * The messages clients and brokers send each other, as plain data carried by the scheduler's tasks
 * (`Task` in state.ts): Produce, Fetch between brokers, Fetch from consumers, and the group
 * coordinator's requests. Kafka's wire protocol has a schema per API (`ProduceRequest.json`,
 * `FetchRequest.json`, `JoinGroupRequest.json`, …); these carry what the simulation needs of them.
 */
import type { ValueTemplate } from '../commands';
import type { AssignorName, TopicPartition } from './assignors';
import type { StoredBatch } from './record-batch';

// ---------------------------------------------------------------------------------------------
// Produce

/** Values of a producer-side batch: made from the producer's template on demand, or stored as given. */
export type ValueColumn = { gen: ValueTemplate; seed: number; indexes: number[] } | (string | null)[];

/** A producer-side batch (`ProducerBatch`) from creation until acknowledged or failed. */
export interface ProducerBatch {
  topic: string;
  partition: number;
  createdMs: number;
  count: number;
  sizeBytes: number;
  keys: (string | null)[];
  timestampsMs: number[];
  values: ValueColumn;
  headers: StoredBatch['headers'];
  /** Producer id and first sequence, assigned at the first send (`RecordAccumulator.drain`); -1 before. */
  pid: number;
  baseSequence: number;
  attempts: number;
  /** Earliest time of the next attempt (retry backoff), or the creation time. */
  readyAtMs: number;
  /** Closed to further records (full, or drained once). */
  closed: boolean;
  /** Bytes taken from the producer's `buffer.memory` for it, given back when it completes (`RecordAccumulator.deallocate`); 0 once given back. */
  bufferBytes: number;
}

export interface ProduceRequest {
  id: number;
  producerId: string;
  brokerId: number;
  brokerIncarnation: number;
  acks: string;
  timeoutMs: number;
  batches: ProducerBatch[];
  /** Per batch: `null` while waiting, then the outcome. */
  results: (ProduceResult | null)[];
  /** The stored batch per request batch once appended (for acks=all completion). */
  appended: (StoredBatch | null)[];
  pending: number;
  /** Answered (or expired) — a purgatory entry for it is stale. */
  done: boolean;
}

export interface ProduceResult {
  error: string | null;
  message: string;
  baseOffset: number;
}

/** Kafka's `Errors` names a produce response can carry, with the exception the producer raises. */
export const PRODUCE_ERRORS = {
  NOT_LEADER_OR_FOLLOWER: { exception: 'NotLeaderOrFollowerException', retriable: true },
  NOT_ENOUGH_REPLICAS: { exception: 'NotEnoughReplicasException', retriable: true },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: { exception: 'NotEnoughReplicasAfterAppendException', retriable: true },
  REQUEST_TIMED_OUT: { exception: 'TimeoutException', retriable: true },
  NETWORK_EXCEPTION: { exception: 'NetworkException', retriable: true },
  OUT_OF_ORDER_SEQUENCE_NUMBER: { exception: 'OutOfOrderSequenceException', retriable: true },
  INVALID_RECORD: { exception: 'InvalidRecordException', retriable: false },
  RECORD_TOO_LARGE: { exception: 'RecordTooLargeException', retriable: false },
  UNKNOWN_TOPIC_OR_PARTITION: { exception: 'UnknownTopicOrPartitionException', retriable: true },
} as const;
export type ProduceError = keyof typeof PRODUCE_ERRORS;

// ---------------------------------------------------------------------------------------------
// Fetch: a follower broker replicating from the leader

export interface FetchPartitionRequest {
  key: string;
  fetchOffset: number;
  lastFetchedEpoch: number;
  currentLeaderEpoch: number;
}

export interface FetchRequest {
  followerId: number;
  leaderId: number;
  followerIncarnation: number;
  leaderIncarnation: number;
  /**
   * A full fetch (KIP-227 `FetchRequest` with a new session): the leader answers for every partition.
   * Later fetches of the session are incremental: the answer leaves out partitions with nothing new
   * (no records, the same high watermark and log start offset, no error).
   */
  full: boolean;
  partitions: FetchPartitionRequest[];
}

export interface FetchPartitionResponse {
  key: string;
  error: 'NONE' | 'NOT_LEADER_OR_FOLLOWER' | 'FENCED_LEADER_EPOCH' | 'UNKNOWN_LEADER_EPOCH' | 'OFFSET_OUT_OF_RANGE';
  batches: StoredBatch[];
  highWatermark: number;
  logStartOffset: number;
  leaderLeo: number;
  /** KIP-595 diverging epoch: the leader's end offset for the follower's last fetched epoch. */
  divergingEpoch: { epoch: number; endOffset: number } | null;
  /** What the request asked for, so a follower can ignore an answer its fetch state has moved past. */
  fetchOffset: number;
  requestLeaderEpoch: number;
}

export interface FetchResponse {
  followerId: number;
  leaderId: number;
  followerIncarnation: number;
  partitions: FetchPartitionResponse[];
}

// ---------------------------------------------------------------------------------------------
// Fetch: a consumer reading from the leader (up to the high watermark)

export interface ConsumerFetchRequest {
  consumerId: string;
  incarnation: number;
  requestId: number;
  brokerId: number;
  partitions: { key: string; fetchOffset: number }[];
}
export interface ConsumerFetchPartition {
  key: string;
  fetchOffset: number;
  error: 'NONE' | 'NOT_LEADER_OR_FOLLOWER' | 'OFFSET_OUT_OF_RANGE';
  batches: StoredBatch[];
  highWatermark: number;
  logStartOffset: number;
}

// ---------------------------------------------------------------------------------------------
// The group coordinator's requests (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit)

export type GroupRequest =
  | {
      kind: 'join';
      consumerId: string;
      incarnation: number;
      memberId: string | null;
      groupInstanceId: string | null;
      protocols: AssignorName[];
      topics: string[];
      owned: TopicPartition[];
      sessionTimeoutMs: number;
      rebalanceTimeoutMs: number;
    }
  | { kind: 'sync'; consumerId: string; incarnation: number; memberId: string; generation: number; assignment: Record<string, TopicPartition[]> | null }
  | { kind: 'heartbeat'; consumerId: string; incarnation: number; memberId: string; generation: number }
  | { kind: 'leave'; consumerId: string; incarnation: number; memberId: string }
  | { kind: 'commit'; consumerId: string; incarnation: number; memberId: string | null; generation: number; offsets: Record<string, number> };
/** Kafka's error codes as the coordinator answers them. */
export type GroupError = 'NONE' | 'REBALANCE_IN_PROGRESS' | 'ILLEGAL_GENERATION' | 'UNKNOWN_MEMBER_ID' | 'NOT_COORDINATOR' | 'COORDINATOR_NOT_AVAILABLE';
export type GroupResponse =
  | {
      kind: 'join';
      error: GroupError;
      memberId: string;
      generation: number;
      protocol: AssignorName | null;
      leaderId: string | null;
      /** Only for the leader: every member's subscription and owned partitions. */
      members: { memberId: string; groupInstanceId: string | null; topics: string[]; owned: TopicPartition[]; generation: number }[];
    }
  | { kind: 'sync'; error: GroupError; generation: number; assignment: TopicPartition[] }
  | { kind: 'heartbeat'; error: GroupError }
  | { kind: 'leave'; error: GroupError }
  | { kind: 'commit'; error: GroupError; offsets: Record<string, number> };

/** The kinds of node a message travels between (`in-flight.ts`). */
export type NodeKind = 'broker' | 'producer' | 'consumer';
/** A node of the simulated world: `kind:id`, e.g. `broker:1`, `producer:p1`, `consumer:billing-1`. */
export type NodeId = `${NodeKind}:${string}`;

/**
 * The flow a message belongs to, which is also the band it adds to: a producer writing to a leader,
 * a follower fetching from its leader (replication), a consumer fetching from a leader, a consumer
 * talking to its group coordinator.
 */
export type WireFlow = 'produce' | 'replicate' | 'consume' | 'group';

/** Records and messages delivered over one link since the run began (a running counter). */
export interface LinkTraffic {
  flow: WireFlow;
  from: NodeId;
  to: NodeId;
  records: number;
  messages: number;
}
