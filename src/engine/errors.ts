/**
 * Kafka's own error names, so a learner who later reads a real broker log recognises them.
 * Each is an `ApiException` subclass in `org.apache.kafka.common.errors`.
 */
export type KafkaErrorName =
  | 'InvalidTopicException'
  | 'TopicExistsException'
  | 'UnknownTopicOrPartitionException'
  | 'InvalidReplicationFactorException'
  | 'InvalidPartitionsException'
  | 'InvalidConfigurationException'
  | 'InvalidRequestException'
  | 'NotEnoughReplicasException'
  | 'NotEnoughReplicasAfterAppendException'
  | 'NotLeaderOrFollowerException'
  | 'TimeoutException'
  | 'BufferExhaustedException' // org.apache.kafka.clients.producer: the TimeoutException of a send() blocked past max.block.ms (BufferPool.allocate)
  | 'NetworkException'
  | 'OutOfOrderSequenceException'
  | 'InvalidTimestampException'
  | 'InvalidRecordException'
  | 'RecordTooLargeException'
  | 'BrokerNotAvailableException'
  | 'OffsetOutOfRangeException'
  | 'GroupNotEmptyException'
  | 'CommitFailedException'
  | 'NoOffsetForPartitionException'
  | 'CoordinatorNotAvailableException'
  | 'RebalanceInProgressException'
  | 'InvalidGroupIdException'
  | 'UnknownMemberIdException';

/** An error with Kafka's exception name and a sentence a learner understands. */
export class KafkaException extends Error {
  /** Kafka's exception class name, e.g. `InvalidReplicationFactorException`. */
  readonly kafkaName: KafkaErrorName;
  constructor(kafkaName: KafkaErrorName, message: string) {
    super(message);
    this.name = kafkaName;
    this.kafkaName = kafkaName;
  }
}

/** Plain, serialisable form of a {@link KafkaException}, as it appears in events and command results. */
export interface KafkaErrorInfo {
  name: KafkaErrorName;
  message: string;
}

/** Narrows an unknown thrown value to a {@link KafkaException}. */
export function isKafkaException(e: unknown): e is KafkaException {
  return e instanceof KafkaException;
}
