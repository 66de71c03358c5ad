/**
 * Replica placement for new topics and new partitions, without rack awareness.
 *
 * A port of `AdminUtils.assignReplicasToBrokersRackUnaware`
 * (server-common/src/main/java/org/apache/kafka/admin/AdminUtils.java). Kafka draws `startIndex`
 * and `nextReplicaShift` at random; here the caller passes them (from the simulation's seeded PRNG),
 * so placement is deterministic.
 *
 * @module
 */

import { KafkaException } from '../errors';

/** The starting positions for {@link assignReplicas}. Kafka's names; all must be whole numbers of at least 0. */
export interface ReplicaPlacementOptions {
  /**
   * Where the first partition's leader sits in the sorted broker list. Kafka uses
   * `RAND.nextInt(brokers)`, or `fixedStartIndex` when that is given.
   */
  startIndex: number;
  /**
   * The initial gap between a leader and its first follower, minus one. Kafka draws it
   * independently of `startIndex`, or sets both to `fixedStartIndex`.
   */
  nextReplicaShift: number;
  /**
   * The id of the first partition to place (default 0). When adding partitions to a topic, this is
   * the current partition count. Negative values count as 0, as `Math.max(0, startPartitionId)` in Kafka.
   */
  startPartitionId?: number;
}

function checkWholeNumber(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of at least 0, got ${String(value)}.`);
  }
}

/** Kafka's `AdminUtils.replicaIndex`: the broker-list position of follower `replicaIndex` (0-based). */
function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIdx: number, nBrokers: number): number {
  // Kafka AdminUtils.replicaIndex
  const shift = 1 + ((secondReplicaShift + replicaIdx) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * Chooses the brokers for each new partition, as Kafka's rack-unaware placement does.
 *
 * The brokers are sorted by id first, as Kafka sorts broker metadata. Then, for each partition `p`
 * (from `startPartitionId`):
 * - if `p > 0` and `p` is a multiple of the broker count, `nextReplicaShift` grows by 1;
 * - the leader is broker `(p + startIndex) % n` of the sorted list;
 * - follower `j` is broker `(leader + 1 + (nextReplicaShift + j) % (n - 1)) % n`.
 *
 * So leaders go round-robin, and the followers' offset changes after each full round.
 *
 * @param brokerIds - the ids of the brokers to place on, in any order (not modified). Ids must be unique.
 * @param partitions - how many partitions to place.
 * @param replicationFactor - replicas per partition.
 * @param opts - the starting positions; see {@link ReplicaPlacementOptions}.
 * @returns element `i` is the replica list of partition `startPartitionId + i`, preferred leader first.
 * @throws KafkaException `InvalidPartitionsException` if `partitions <= 0`.
 * @throws KafkaException `InvalidReplicationFactorException` if `replicationFactor <= 0` or it is larger than the broker count.
 * @throws RangeError if an argument is not a whole number, or a broker id is repeated.
 * @example
 * // AdminRackAwareTest.testReplicaAssignment, first two partitions:
 * assignReplicas([0, 1, 2, 3, 4], 2, 3, { startIndex: 0, nextReplicaShift: 0 }); // [[0, 1, 2], [1, 2, 3]]
 */
export function assignReplicas(brokerIds: number[], partitions: number, replicationFactor: number, opts: ReplicaPlacementOptions): number[][] {
  // Kafka AdminUtils.assignReplicasToBrokers: argument checks, in Kafka's order and words
  if (partitions <= 0) {
    throw new KafkaException(
      'InvalidPartitionsException',
      'Number of partitions must be larger than 0. A topic needs at least one partition to hold its records.',
    );
  }
  if (replicationFactor <= 0) {
    throw new KafkaException(
      'InvalidReplicationFactorException',
      'Replication factor must be larger than 0. Every partition needs at least one copy (its leader).',
    );
  }
  if (replicationFactor > brokerIds.length) {
    throw new KafkaException(
      'InvalidReplicationFactorException',
      `Replication factor: ${replicationFactor} larger than available brokers: ${brokerIds.length}. ` +
        'Each copy of a partition must live on a different broker, so add brokers or lower the replication factor.',
    );
  }
  checkWholeNumber('partitions', partitions);
  checkWholeNumber('replicationFactor', replicationFactor);
  checkWholeNumber('startIndex', opts.startIndex);
  checkWholeNumber('nextReplicaShift', opts.nextReplicaShift);
  const startPartitionId = opts.startPartitionId ?? 0;
  if (!Number.isInteger(startPartitionId)) {
    throw new RangeError(`startPartitionId must be a whole number, got ${String(startPartitionId)}.`);
  }

  // Kafka AdminZkClient.getBrokerMetadatas sorts brokers by id.
  const brokers = [...brokerIds].sort((a, b) => a - b);
  for (let i = 1; i < brokers.length; i++) {
    if (brokers[i] === brokers[i - 1]) throw new RangeError(`Broker id ${String(brokers[i])} is listed twice.`);
  }

  // Kafka AdminUtils.assignReplicasToBrokersRackUnaware
  const n = brokers.length;
  const result: number[][] = [];
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = opts.nextReplicaShift;
  for (let i = 0; i < partitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + opts.startIndex) % n;
    const replicas = [brokers[firstReplicaIndex]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokers[replicaIndex(firstReplicaIndex, nextReplicaShift, j, n)]!);
    }
    result.push(replicas);
    currentPartitionId += 1;
  }
  return result;
}
