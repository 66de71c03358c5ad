/**
 * Everything a learner should see, as typed events with their simulated time. Called `SimEvent`
 * so it cannot be confused with the DOM's `Event`. Offsets are Kafka offsets; `endOffset` is exclusive.
 */
import type { KafkaErrorInfo } from './errors';
import type { ConfigValue } from './config';

interface At {
  /** Simulated milliseconds since the scenario started. */
  timeMs: number;
}
interface PartitionRef {
  topic: string;
  partition: number;
}

export type SimEvent = At &
  (
    | { type: 'brokerCrashed'; brokerId: number }
    | { type: 'brokerRestarted'; brokerId: number }
    | { type: 'brokerIsolated'; brokerId: number }
    | { type: 'brokerHealed'; brokerId: number }
    | { type: 'brokerAdded'; brokerId: number }
    | { type: 'brokerSlowed'; brokerId: number; extraLatencyMs: number }
    | { type: 'brokerFenced'; brokerId: number; reason: 'session timeout' | 'restarted' }
    | { type: 'brokerUnfenced'; brokerId: number }
    | { type: 'controllerElected'; brokerId: number; epoch: number; previous: number | null }
    | { type: 'controllerUnavailable'; reason: string }
    | { type: 'topicCreated'; topic: string; partitions: number; replicationFactor: number; assignment: number[][] }
    | { type: 'partitionsAdded'; topic: string; from: number; to: number; assignment: number[][] }
    | { type: 'configChanged'; scope: 'topic' | 'broker'; entity: string; name: string; value: ConfigValue; previous: ConfigValue }
    | { type: 'commandRejected'; command: string; error: KafkaErrorInfo }
    | (PartitionRef & {
        type: 'recordsAppended';
        brokerId: number;
        baseOffset: number;
        endOffset: number;
        records: number;
        producerId: string;
        leaderEpoch: number;
        /** The first record's key (the animation colours a batch by it). */ key: string | null;
      })
    | (PartitionRef & { type: 'recordsReplicated'; brokerId: number; leaderId: number; baseOffset: number; endOffset: number })
    | (PartitionRef & { type: 'highWatermarkMoved'; brokerId: number; from: number; to: number })
    | (PartitionRef & { type: 'isrShrunk'; isr: number[]; removed: number[]; reason: string })
    | (PartitionRef & { type: 'isrExpanded'; isr: number[]; added: number[] })
    | (PartitionRef & {
        type: 'leaderElected';
        previousLeader: number;
        leader: number;
        leaderEpoch: number;
        reason: 'initial' | 'leader fenced' | 'preferred' | 'unclean' | 'recovered';
      })
    | (PartitionRef & { type: 'partitionOffline'; lastLeader: number; isr: number[] })
    | (PartitionRef & { type: 'logTruncated'; brokerId: number; fromEndOffset: number; toEndOffset: number; reason: 'diverging epoch' | 'offset out of range' })
    | (PartitionRef & { type: 'segmentRolled'; brokerId: number; baseOffset: number; reason: 'segment.bytes' | 'segment.ms' | 'retention' })
    | (PartitionRef & {
        type: 'segmentDeleted';
        brokerId: number;
        baseOffset: number;
        endOffset: number;
        records: number;
        sizeBytes: number;
        reason: 'retention.ms' | 'retention.bytes' | 'log start offset';
        logStartOffset: number;
      })
    | (PartitionRef & { type: 'recordsAcknowledged'; producerId: string; baseOffset: number; records: number; acks: string })
    | (PartitionRef & {
        type: 'producerError';
        producerId: string;
        error: KafkaErrorInfo;
        records: number;
        /** true when the producer will retry; false when the records are failed for good. */
        retriable: boolean;
      })
    | (PartitionRef & { type: 'acknowledgedRecordsLost'; records: number; totalLost: number; leader: number; leaderEpoch: number })
    | { type: 'groupStateChanged'; groupId: string; from: string; to: string; generation: number }
    | { type: 'groupCoordinatorMoved'; groupId: string; from: number; to: number }
    | { type: 'memberJoined'; groupId: string; memberId: string; consumerId: string; groupInstanceId: string | null; rebalance: boolean }
    | { type: 'memberLeft'; groupId: string; memberId: string; consumerId: string; reason: string }
    | { type: 'rebalanceStarted'; groupId: string; reason: string; generation: number }
    | {
        type: 'groupRebalanced';
        groupId: string;
        generation: number;
        protocol: string;
        leader: string;
        assignment: { consumerId: string; partitions: string[] }[];
      }
    | { type: 'partitionsRevoked'; groupId: string; consumerId: string; partitions: string[]; protocol: 'eager' | 'cooperative' }
    | { type: 'partitionsAssigned'; groupId: string; consumerId: string; partitions: string[]; generation: number }
    | { type: 'offsetsCommitted'; groupId: string; consumerId: string; offsets: { partition: string; offset: number }[] }
    | (PartitionRef & {
        type: 'offsetReset';
        groupId: string;
        consumerId: string;
        from: number | null;
        to: number;
        policy: string;
        reason: 'no committed offset' | 'out of range';
        /** Records the group will never see because retention deleted them first. */
        skippedByRetention: number;
      })
    | (PartitionRef & {
        type: 'recordsConsumed';
        groupId: string;
        consumerId: string;
        baseOffset: number;
        endOffset: number;
        records: number;
        duplicates: number;
      })
    | { type: 'consumerAdded'; consumerId: string; groupId: string }
    | { type: 'consumerRemoved'; consumerId: string; groupId: string }
    | { type: 'consumerCrashed'; consumerId: string; groupId: string }
    | { type: 'consumerRestarted'; consumerId: string; groupId: string }
    | { type: 'consumerChanged'; consumerId: string; change: string }
    | { type: 'consumerError'; consumerId: string; groupId: string; error: KafkaErrorInfo }
    | { type: 'groupOffsetsReset'; groupId: string; topic: string; to: string; offsets: { partition: string; offset: number }[] }
    | (PartitionRef & {
        type: 'logCleaned';
        brokerId: number;
        recordsRemoved: number;
        tombstonesRemoved: number;
        bytesBefore: number;
        bytesAfter: number;
        cleanedUpTo: number;
      })
    | { type: 'producerAdded'; producerId: string; topic: string }
    | { type: 'producerRemoved'; producerId: string }
    | { type: 'producerChanged'; producerId: string; change: string }
  );

/** The `type` of every event, for filters. */
export type SimEventType = SimEvent['type'];

/**
 * Record traffic: many events per second on a busy cluster (appends, replication, high watermark,
 * acknowledgements, consumption, commits). Logs keep them apart so they cannot push a broker crash
 * out of view, and time-travel checkpoints do not keep them.
 */
export const RECORD_TRAFFIC_EVENTS: ReadonlySet<SimEventType> = new Set<SimEventType>([
  'recordsAppended',
  'recordsReplicated',
  'highWatermarkMoved',
  'recordsAcknowledged',
  'recordsConsumed',
  'offsetsCommitted',
]);

/**
 * FNV-1a over the canonical JSON of each event: two runs with the same scenario, seed and
 * commands must give the same hash (the determinism tests compare these).
 */
export function hashEvents(events: readonly SimEvent[], seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const e of events) {
    const s = JSON.stringify(e);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x0a;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
