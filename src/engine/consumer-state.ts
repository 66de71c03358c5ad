/**
 * Consumer-side state: consumer groups as the group coordinator keeps them (`ClassicGroup`), and
 * consumer clients as they run (`KafkaConsumer` with its `ConsumerCoordinator` and `Fetcher`).
 * Plain data, like the rest of the simulation state.
 */
import type { AssignorName, TopicPartition } from './kafka/assignors';
import type { ConfigValue } from './config';
import type { StoredBatch } from './kafka/record-batch';

/** `ClassicGroupState`, with Kafka's names. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A member as the coordinator knows it (`ClassicGroupMember`). */
export interface GroupMember {
  memberId: string;
  consumerId: string;
  /** The consumer incarnation (process) that joined: answers go to that connection only. */
  incarnation: number;
  groupInstanceId: string | null;
  /** Assignors this member supports, in preference order (`partition.assignment.strategy`). */
  protocols: AssignorName[];
  topics: string[];
  /** Partitions the member says it owns (cooperative protocol). */
  owned: TopicPartition[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  lastHeartbeatMs: number;
  /** Joined in the current rebalance round (its JoinGroup waits for the join phase to end). */
  joined: boolean;
  /** Its SyncGroup request arrived and waits for the leader's assignment. */
  awaitingSync: boolean;
  assignment: TopicPartition[];
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  commitTimeMs: number;
}

export interface ConsumerGroup {
  groupId: string;
  /** `__consumer_offsets` partition whose leader is this group's coordinator. */
  offsetsPartition: number;
  /** The broker that coordinated the group last (to notice a move). */
  coordinatorId: number;
  /** That broker's incarnation: a restarted coordinator loads the group afresh, like a new one. */
  coordinatorIncarnation: number;
  state: GroupState;
  generation: number;
  protocol: AssignorName | null;
  leaderId: string | null;
  members: Record<string, GroupMember>;
  nextMemberSeq: number;
  /** When the current join phase ends even if some members have not rejoined. */
  joinDeadlineMs: number;
  /** The first join of an empty group waits group.initial.rebalance.delay.ms for more members. */
  joinDelayed: boolean;
  /** Bumped per rebalance round; stale timers are ignored. */
  roundToken: number;
  /** Committed offsets by `topic-partition`. */
  committed: Record<string, CommittedOffset>;
  /** Highest offset any member has processed, per partition, to count records processed twice. */
  maxProcessed: Record<string, number>;
  stats: { rebalances: number; duplicates: number; skippedByRetention: number; skippedByReset: number; processed: number };
}

/** Records fetched for one partition and not yet returned by poll(). */
export interface BufferedFetch {
  topic: string;
  partition: number;
  batches: StoredBatch[];
  /** The next offset to hand to the application. */
  nextOffset: number;
  /** One past the last offset this buffer may hand out (the high watermark at fetch time). */
  endOffset: number;
}

/** The client side of one consumer (`KafkaConsumer`). */
export interface Consumer {
  id: string;
  groupId: string;
  groupInstanceId: string | null;
  topics: string[];
  configs: Record<string, ConfigValue>;
  /** Records the application processes per simulated second (0 = instantly). */
  processingRatePerSec: number;
  alive: boolean;
  removed: boolean;
  /** Bumped at every restart; older tasks are dropped. */
  incarnation: number;
  status: 'unjoined' | 'joining' | 'syncing' | 'stable';
  memberId: string | null;
  generation: number;
  /** The coordinator told it to rejoin (or it revoked partitions cooperatively). */
  needsRejoin: boolean;
  assignment: TopicPartition[];
  pausedPartitions: string[];
  paused: boolean;
  /** Next offset to fetch / hand out, by `topic-partition` (the consumer's position). */
  positions: Record<string, number>;
  /** Offsets handed to the application and so considered consumed (what auto-commit commits). */
  consumed: Record<string, number>;
  /** Last committed offset this client knows, by partition. */
  committedByMe: Record<string, number>;
  buffers: BufferedFetch[];
  /** Fetches in flight, by leader broker id: the request id and which partitions it asked for. */
  fetchesInFlight: Record<number, { requestId: number; keys: string[]; offsets: number[] }>;
  fetchRequestSeq: number;
  /** Partitions whose last fetch failed (the leader moved): not fetched again before this time, by `topic-partition`. */
  fetchBackoffUntilMs: Record<string, number>;
  lastPollMs: number;
  lastCommitMs: number;
  /**
   * Arrival times of the last request sent to the group coordinator and of the last answer from it:
   * one TCP connection delivers in order, even when a broker's latency changes meanwhile.
   */
  coordinatorLink: { requestAtMs: number; responseAtMs: number };
  /** With auto-commit off, a commit that failed for a retriable reason is sent again at this time (commitSync retries), or -1. */
  commitRetryAtMs: number;
  /** The poll loop is blocked waiting for data (no task scheduled until a fetch answers). */
  waitingForData: boolean;
  pollAtMs: number;
  heartbeatScheduled: boolean;
  stats: { processed: number; duplicates: number; polls: number; commits: number };
}
