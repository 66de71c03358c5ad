/**
 * `__consumer_offsets` and the group coordinator's address: a group's offsets live in partition
 * `abs(groupId.hashCode()) % offsets.topic.num.partitions`, and that partition's leader is the group's
 * coordinator (`GroupCoordinatorService.partitionFor`, FindCoordinator).
 */
import type { ConsumerGroup } from '../consumer-state';
import type { Sim } from '../state';

/** Kafka's `Topic.GROUP_METADATA_TOPIC_NAME`. */
export const OFFSETS_TOPIC = '__consumer_offsets';

/** Java's `String.hashCode`. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions` (GroupCoordinatorService.partitionFor). */
export function offsetsPartitionFor(groupId: string, numPartitions: number): number {
  const h = javaStringHashCode(groupId);
  return (h === -2147483648 ? 0 : Math.abs(h)) % numPartitions;
}

/** The broker currently coordinating `group`, or -1 (its offsets partition has no leader). */
export function coordinatorOf(sim: Sim, group: ConsumerGroup): number {
  const t = sim.topics[OFFSETS_TOPIC];
  return t?.partitions[group.offsetsPartition]?.leader ?? -1;
}
