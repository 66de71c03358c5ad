/**
 * Streamscope's engine: a deterministic Apache Kafka simulator that runs in Node or a Web Worker.
 * The exports below are contracts other code and tests rely on (DESIGN.md); keep them stable.
 */
export { murmur2, toPositive, utf8, partitionForKey, keyHashExplanation } from './kafka/partitioner';
export { assignReplicas } from './kafka/placement';
export { assignPartitions, cooperativeAdjust, needsFollowUpRebalance } from './kafka/assignors';
export type { AssignorName, AssignorMember, TopicPartition } from './kafka/assignors';
export { validateTopicName, invalidTopicNameReason, isInternalTopic, partitionName } from './kafka/topic-names';
export { createSimulation, createSim, applyCommand, runUntil, runToPosition, stepOne, CLUSTER_LIMITS } from './sim';
export type { SimOptions } from './sim';
export { DEFAULT_RECORD_BUDGET } from './kafka/slimming';
export type { RecordMemory } from './state';
export type { Simulation, SimCheckpoint } from './sim';
export { estimateStateBytes } from './checkpoint';
export { LIMITS } from './kafka/topics';
export { hashEvents, RECORD_TRAFFIC_EVENTS } from './events';
export type { SimEvent, SimEventType } from './events';
export type { Command, CommandResult, CommandType, KeyPattern, ValueTemplate, ProducerSpec, ConsumerSpec, OffsetResetTarget } from './commands';
export type { ScenarioSpec, TopicSpec, ClusterSpec, TimelineEntry } from './scenario-types';
export { DEFAULT_START_EPOCH_MS } from './scenario-types';
export type {
  Snapshot,
  PartitionView,
  ReplicaView,
  BrokerView,
  TopicView,
  ProducerView,
  SegmentView,
  RecordView,
  GroupView,
  GroupPartitionView,
  ConsumerView,
} from './snapshot';
export type { LogRemoval } from './kafka/log';
export { offsetsPartitionFor, javaStringHashCode, OFFSETS_TOPIC } from './kafka/offsets-topic';
export { CONFIG_DEFS, configNames, kafkaDefault, parseConfigValue } from './config';
export type { ConfigDef, ConfigEntry, ConfigValue, ConfigScope, ConfigUnit } from './config';
export { KafkaException } from './errors';
export type { KafkaErrorName, KafkaErrorInfo } from './errors';
export { nodeId, parseNodeId, IN_FLIGHT_LIMIT } from './in-flight';
export type { InFlightMessage, LinkTraffic, NodeId, NodeKind, WireApi, WireFlow } from './in-flight';
