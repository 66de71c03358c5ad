/**
 * Module-level selectors (STYLE.md §5): components pick what they need; derived lists that would be
 * new arrays every tick are picked with `useShallow`.
 */
import type { BrokerView, ConsumerView, GroupView, TopicView } from '../engine';
import type { SimState } from './index';

/** Kafka's internal topics (`Topic.isInternal`): the engine's rule, re-exported for views. */
export { isInternalTopic } from '../engine/kafka/topic-names';
import { isInternalTopic } from '../engine/kafka/topic-names';

export const selectSnapshot = (s: SimState) => s.snapshot;
export const selectTimeMs = (s: SimState) => s.snapshot?.timeMs ?? 0;
export const selectSelection = (s: SimState) => s.selection;
export const selectBrokers = (s: SimState): BrokerView[] => s.snapshot?.brokers ?? [];
export const selectTopics = (s: SimState): TopicView[] => s.snapshot?.topics ?? [];
export const selectGroups = (s: SimState): GroupView[] => s.snapshot?.groups ?? [];
export const selectConsumers = (s: SimState): ConsumerView[] => s.snapshot?.consumers ?? [];

/** Topics a learner sees: internal ones only when asked for. */
export const selectVisibleTopics = (s: SimState): TopicView[] => selectTopics(s).filter((t) => s.showInternal || !isInternalTopic(t.name));

/** The topic the log view shows: the chosen one if it still exists, else the first visible topic. */
export function selectViewedTopic(s: SimState): string | null {
  const topics = selectTopics(s);
  if (s.viewedTopic && topics.some((t) => t.name === s.viewedTopic)) return s.viewedTopic;
  return topics.find((t) => !isInternalTopic(t.name))?.name ?? topics[0]?.name ?? null;
}

export const findBroker = (s: SimState, id: number) => s.snapshot?.brokers.find((b) => b.id === id) ?? null;
export const findTopic = (s: SimState, name: string) => s.snapshot?.topics.find((t) => t.name === name) ?? null;
export const findPartition = (s: SimState, topic: string, partition: number) => s.snapshot?.partitions.find((p) => p.topic === topic && p.partition === partition) ?? null;
export const findProducer = (s: SimState, id: string) => s.snapshot?.producers.find((p) => p.id === id) ?? null;
export const findGroup = (s: SimState, groupId: string) => s.snapshot?.groups.find((g) => g.groupId === groupId) ?? null;
export const findConsumer = (s: SimState, id: string) => s.snapshot?.consumers.find((c) => c.id === id) ?? null;
