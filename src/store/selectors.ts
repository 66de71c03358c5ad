/**
 * Module-level selectors over the store, for code outside React (event handlers, keyboard
 * shortcuts, tests) and for the hooks in `hooks.ts` (which is what views use).
 */
import type { BrokerView, ConsumerView, GroupView, PartitionView, ProducerView, TopicView } from '../engine';
import type { SimState } from './index';

/** Kafka's internal topics (`Topic.isInternal`): the engine's rule, re-exported for views. */
export { isInternalTopic } from '../engine';
import { isInternalTopic } from '../engine';

/**
 * Simulated time of the snapshot on screen (the published snapshot's, ten times a second while
 * records stream; `liveTimeMs` is every tick's).
 */
export const selectSnapshotTimeMs = (s: SimState): number => s.snapshot?.timeMs ?? 0;

/** The furthest moment of this branch (never before the snapshot on screen). */
export const selectHistoryEndMs = (s: SimState): number => Math.max(s.historyEndMs, selectSnapshotTimeMs(s));

/** The topic the log view shows: the chosen one if it still exists, else the first non-internal topic. */
export function selectViewedTopic(s: SimState): string | null {
  const topics = s.snapshot?.topics ?? [];
  if (s.viewedTopic && topics.some((t) => t.name === s.viewedTopic)) return s.viewedTopic;
  return topics.find((t) => !isInternalTopic(t.name))?.name ?? topics[0]?.name ?? null;
}

export const findBroker = (s: SimState, id: number): BrokerView | null => s.snapshot?.brokers.find((b) => b.id === id) ?? null;
export const findTopic = (s: SimState, name: string): TopicView | null => s.snapshot?.topics.find((t) => t.name === name) ?? null;
export const findPartition = (s: SimState, topic: string, partition: number): PartitionView | null =>
  s.snapshot?.partitions.find((p) => p.topic === topic && p.partition === partition) ?? null;
export const findProducer = (s: SimState, id: string): ProducerView | null => s.snapshot?.producers.find((p) => p.id === id) ?? null;
export const findGroup = (s: SimState, groupId: string): GroupView | null => s.snapshot?.groups.find((g) => g.groupId === groupId) ?? null;
export const findConsumer = (s: SimState, id: string): ConsumerView | null => s.snapshot?.consumers.find((c) => c.id === id) ?? null;
