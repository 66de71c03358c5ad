/**
 * Store access for views: one named, documented hook per piece of store state, as xyflow does
 * (`useNodes`, `useViewport`). Views call these and never write selectors of their own, so one
 * name always means one thing. Each hook re-renders its component only when what it returns
 * changes: lists and multi-picks are compared with `useShallow`, and derived objects that would be
 * new every tick (tape data, config lists) are kept while they draw the same.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { isInternalTopic } from '../engine';
import type { BrokerView, ConfigEntry, ConfigValue, ConsumerView, GroupView, PartitionView, ProducerView, RecordMemory, TopicView } from '../engine';
import { selectBrokerSigs, selectGroupSigs, selectLinkKeys, selectProducerSigs } from './cluster-cards';
import { useSimStore as useSim } from './index';
import type { LoggedEvent, Selection, SimState } from './index';
import { lessonStore } from './lesson';
import type { LessonState } from './lesson';
import { presentationStore } from './presentation';
import type { PresentationState } from './presentation';
import {
  findBroker,
  findConsumer,
  findGroup,
  findPartition,
  findProducer,
  findTopic,
  selectHistoryEndMs,
  selectSnapshotTimeMs,
  selectViewedTopic,
} from './selectors';
import { countPartitionTrouble } from './series';
import { pickTapeData, sameTapeData, tapeZoomStore } from './tape-data';
import type { TapeData, TapeZoomState } from './tape-data';

const useSimShallow = <T>(selector: (s: SimState) => T): T => useSim(useShallow(selector));

/** A selector that keeps its previous answer while `same` says nothing changed (a deeper `useShallow`). */
function keepSame<T>(select: (s: SimState) => T, same: (a: T, b: T) => boolean): (s: SimState) => T {
  let prev: { value: T } | null = null;
  return (s) => {
    const next = select(s);
    if (prev && same(prev.value, next)) return prev.value;
    prev = { value: next };
    return next;
  };
}
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const NO_EVENTS: LoggedEvent[] = [];
const NO_CONFIGS: ConfigEntry[] = [];
const NO_CONSUMERS: ConsumerView[] = [];

// ── Playback and time ──────────────────────────────────────────────────────────────────────────

const selectPlayback = (s: SimState) => ({ playing: s.playing, speed: s.speed, fastForward: s.fastForward, lagging: s.lagging });
/** Whether the simulation plays, at what speed, and the fast-forward in progress (if any). */
export const usePlayback = (): Pick<SimState, 'playing' | 'speed' | 'fastForward' | 'lagging'> => useSimShallow(selectPlayback);

const selectRecordMemory = (s: SimState) => {
  const m = s.snapshot?.memory;
  return { budgetRecords: m?.budgetRecords ?? 0, recordsSlimmed: m?.recordsSlimmed ?? 0, keptPerPartition: m?.keptPerPartition ?? null };
};
/** The engine's record budget and what it dropped to stay within it (`RecordMemory`, without the count that changes every check). */
export const useRecordMemory = (): Pick<RecordMemory, 'budgetRecords' | 'recordsSlimmed' | 'keptPerPartition'> => useSimShallow(selectRecordMemory);

const selectLiveTimeMs = (s: SimState) => s.liveTimeMs;
/** Simulated time of the latest tick: changes every frame while playing (for clocks, not for heavy views). */
export const useLiveTimeMs = (): number => useSim(selectLiveTimeMs);

/**
 * Simulated time of the snapshot on screen: the published snapshot's time (ten times a second
 * while records stream), for views that redraw with the snapshot, like the timeline.
 */
export const useSnapshotTimeMs = (): number => useSim(selectSnapshotTimeMs);

const selectStartEpochMs = (s: SimState) => s.snapshot?.startEpochMs ?? 0;
/** The wall-clock instant (epoch ms) simulated time 0 stands for. */
export const useStartEpochMs = (): number => useSim(selectStartEpochMs);

const selectScenarioName = (s: SimState) => s.scenarioName;
/** The loaded scenario's name, or null. */
export const useScenarioName = (): string | null => useSim(selectScenarioName);

const selectErrors = (s: SimState) => ({ lastError: s.lastError, loadError: s.loadError });
/** The last command the engine rejected (with Kafka's exception name) and why a scenario could not be loaded. */
export const useErrors = (): Pick<SimState, 'lastError' | 'loadError'> => useSimShallow(selectErrors);

// ── Time travel ─────────────────────────────────────────────────────────────────────────────────

const selectFault = (s: SimState) => s.fault;
/** The engine fault the page recovered from, until dismissed. */
export const useFault = (): SimState['fault'] => useSim(selectFault);

const selectOpening = (s: SimState) => s.opening;
/** A loaded run still replaying before it opens (its progress is `fastForward`'s). */
export const useOpening = (): SimState['opening'] => useSim(selectOpening);

const selectHistory = (s: SimState) => s.history;
/** The branch's recorded commands, marks and checkpoints (changes only when the timeline does). */
export const useHistory = (): SimState['history'] => useSim(selectHistory);

/** The furthest moment of this branch (never before the snapshot on screen). */
export const useHistoryEndMs = (): number => useSim(selectHistoryEndMs);

// ── Events and charts ───────────────────────────────────────────────────────────────────────────

const selectEvents = (s: SimState) => s.events;
/** Cluster events (everything but record traffic), newest last. */
export const useEvents = (): LoggedEvent[] => useSim(selectEvents);

const selectTraffic = (s: SimState) => s.traffic;
const selectNoTraffic = () => NO_EVENTS;
/** Record traffic, newest last; while `shown` is false, none (and no re-render: it changes almost every tick). */
export const useTraffic = (shown: boolean): LoggedEvent[] => useSim(shown ? selectTraffic : selectNoTraffic);

const selectSeries = (s: SimState) => s.series;
/** The charts' sampled history. */
export const useSeries = (): SimState['series'] => useSim(selectSeries);

// ── Preferences and UI ──────────────────────────────────────────────────────────────────────────

const selectColorBy = (s: SimState) => s.colorBy;
/** How record dots and tiles are coloured: by key or by partition. */
export const useColorBy = (): SimState['colorBy'] => useSim(selectColorBy);

const selectReducedMotion = (s: SimState) => s.reducedMotion;
/** No flying records and instant updates (prefers-reduced-motion, or the user's choice). */
export const useReducedMotion = (): boolean => useSim(selectReducedMotion);

const selectShowInternal = (s: SimState) => s.showInternal;
/** Whether lists show Kafka's internal topics (__consumer_offsets). */
export const useShowInternal = (): boolean => useSim(selectShowInternal);

const selectHelpOpen = (s: SimState) => s.helpOpen;
/** Whether the "?" dialog is open. */
export const useHelpOpen = (): boolean => useSim(selectHelpOpen);

// ── Selection ───────────────────────────────────────────────────────────────────────────────────

const selectSelection = (s: SimState) => s.selection;
/** What the inspector shows, or null for the cluster overview. */
export const useSelection = (): Selection | null => useSim(selectSelection);

const selectHasSnapshot = (s: SimState) => s.snapshot !== null;
/** Whether the simulation has reported anything yet. */
export const useHasSnapshot = (): boolean => useSim(selectHasSnapshot);

function selectSelectionExists(s: SimState): boolean {
  const sel = s.selection;
  if (!sel) return true;
  switch (sel.kind) {
    case 'broker':
      return findBroker(s, sel.id) !== null;
    case 'topic':
      return findTopic(s, sel.topic) !== null;
    case 'partition':
    case 'record':
      return findPartition(s, sel.topic, sel.partition) !== null;
    case 'producer':
      return findProducer(s, sel.id) !== null;
    case 'group':
      return findGroup(s, sel.groupId) !== null;
    case 'consumer':
      return findConsumer(s, sel.id) !== null;
  }
}
/** Whether the selected entity is in the latest snapshot (false for a closed producer, a removed broker…). */
export const useSelectionExists = (): boolean => useSim(selectSelectionExists);

/** The offset of the selected record when it is in this partition, else null. */
export const useSelectedOffset = (topic: string, partition: number): number | null =>
  useSim((s) => (s.selection?.kind === 'record' && s.selection.topic === topic && s.selection.partition === partition ? s.selection.offset : null));

// ── Entities of the snapshot ────────────────────────────────────────────────────────────────────

/** One broker, or null. */
export const useBroker = (id: number): BrokerView | null => useSim((s) => findBroker(s, id));
/** One topic, or null. */
export const useTopic = (name: string): TopicView | null => useSim((s) => findTopic(s, name));
/** One partition, or null. */
export const usePartition = (topic: string, partition: number): PartitionView | null => useSim((s) => findPartition(s, topic, partition));
/** One producer, or null. */
export const useProducer = (id: string): ProducerView | null => useSim((s) => findProducer(s, id));
/** One consumer group, or null. */
export const useGroup = (groupId: string): GroupView | null => useSim((s) => findGroup(s, groupId));
/** One consumer, or null. */
export const useConsumer = (id: string): ConsumerView | null => useSim((s) => findConsumer(s, id));

const selectConsumers = (s: SimState) => s.snapshot?.consumers ?? NO_CONSUMERS;
/** Every consumer of every group. */
export const useConsumers = (): ConsumerView[] => useSimShallow(selectConsumers);

/** The partitions with a replica on a broker. */
export const useBrokerPartitions = (brokerId: number): PartitionView[] =>
  useSimShallow((s) => s.snapshot?.partitions.filter((p) => p.replicas.includes(brokerId)) ?? []);

/** A topic's partitions. */
export const useTopicPartitions = (topic: string): PartitionView[] => useSimShallow((s) => s.snapshot?.partitions.filter((p) => p.topic === topic) ?? []);

/** A topic's partition numbers, in order. */
export const usePartitionNumbers = (topic: string | null): number[] =>
  useSimShallow((s) =>
    (s.snapshot?.partitions ?? [])
      .filter((p) => p.topic === topic)
      .map((p) => p.partition)
      .sort((a, b) => a - b),
  );

const selectOffsets = (topic: string, partition: number) => (s: SimState) => {
  const p = findPartition(s, topic, partition);
  return p ? { logStartOffset: p.logStartOffset, highWatermark: p.highWatermark, logEndOffset: p.logEndOffset } : null;
};
/** A partition's log start offset, high watermark and log end offset (on its leader), or null. */
export const usePartitionOffsets = (topic: string, partition: number): Pick<PartitionView, 'logStartOffset' | 'highWatermark' | 'logEndOffset'> | null =>
  useSimShallow(selectOffsets(topic, partition));

/** What a partition's log tape draws; the same object while nothing it draws changed. */
export function useTapeData(topic: string, partition: number): TapeData | null {
  const selector = useMemo(() => keepSame((s) => pickTapeData(s.snapshot, topic, partition), sameTapeData), [topic, partition]);
  return useSim(selector);
}

const selectBrokerConfigs = (s: SimState) => s.snapshot?.brokerConfigs ?? NO_CONFIGS;
/** The cluster-wide broker configs. */
export const useBrokerConfigs = (): ConfigEntry[] => useSim(selectBrokerConfigs);

/** One broker config's value, or null. */
export const useBrokerConfigValue = (name: string): ConfigValue | null => useSim((s) => s.snapshot?.brokerConfigs.find((c) => c.name === name)?.value ?? null);

/** One topic config's value, or null. */
export const useTopicConfigValue = (topic: string, name: string): ConfigValue | null =>
  useSim((s) => findTopic(s, topic)?.configs.find((c) => c.name === name)?.value ?? null);

/** A topic's configs; the same list while no value changed. */
export function useTopicConfigs(topic: string | null): ConfigEntry[] {
  const selector = useMemo(() => keepSame((s) => (topic === null ? NO_CONFIGS : (findTopic(s, topic)?.configs ?? NO_CONFIGS)), sameJson), [topic]);
  return useSim(selector);
}

// ── The cluster overview ────────────────────────────────────────────────────────────────────────

const selectClusterHealth = (s: SimState) => {
  const brokers = s.snapshot?.brokers ?? [];
  const trouble = countPartitionTrouble(s.snapshot);
  return {
    brokers: brokers.length,
    crashed: brokers.filter((b) => b.state === 'crashed').length,
    fenced: brokers.filter((b) => b.state === 'running' && b.fenced).length,
    controller: s.snapshot?.controller.activeId ?? null,
    underReplicated: trouble.user.underReplicated,
    offline: trouble.user.offline,
    internalUnderReplicated: trouble.internal.underReplicated,
    internalOffline: trouble.internal.offline,
  };
};
/**
 * The cluster in numbers: brokers (crashed, fenced), the active controller, partitions in trouble —
 * of the learner's topics, with Kafka's internal topics counted apart (`internal…`).
 */
export const useClusterHealth = (): ReturnType<typeof selectClusterHealth> => useSimShallow(selectClusterHealth);

const selectBrokerCount = (s: SimState) => s.snapshot?.brokers.length ?? 0;
/** How many brokers the cluster has. */
export const useBrokerCount = (): number => useSim(selectBrokerCount);

const selectTopicNames = (s: SimState) => (s.snapshot?.topics ?? []).map((t) => t.name).filter((n) => !isInternalTopic(n));
/** Names of the topics a learner works with (internal topics left out). */
export const useTopicNames = (): string[] => useSimShallow(selectTopicNames);

const selectProducerIds = (s: SimState) => (s.snapshot?.producers ?? []).map((p) => p.id);
/** Every producer's id. */
export const useProducerIds = (): string[] => useSimShallow(selectProducerIds);

const selectConsumerIds = (s: SimState) => (s.snapshot?.consumers ?? []).map((c) => c.id);
/** Every consumer's id. */
export const useConsumerIds = (): string[] => useSimShallow(selectConsumerIds);

const selectGroupIds = (s: SimState) => (s.snapshot?.groups ?? []).map((g) => g.groupId);
/** Every consumer group's id. */
export const useGroupIds = (): string[] => useSimShallow(selectGroupIds);

// ── The topic log ───────────────────────────────────────────────────────────────────────────────

/** The topic the log view shows: the chosen one if it still exists, else the first visible topic. */
export const useViewedTopic = (): string | null => useSim(selectViewedTopic);

const selectTopicChoices = (s: SimState): string[] => {
  const names = (s.snapshot?.topics ?? []).filter((t) => s.showInternal || !isInternalTopic(t.name)).map((t) => t.name);
  const viewed = selectViewedTopic(s);
  return viewed && !names.includes(viewed) ? [viewed, ...names] : names;
};
/** The topics the log view offers: the visible ones, and the viewed one even when it is internal. */
export const useTopicChoices = (): string[] => useSimShallow(selectTopicChoices);

// ── The cluster view ────────────────────────────────────────────────────────────────────────────

/** One signature per broker card (see `cluster-cards.ts`). */
export const useBrokerCards = (): string[] => useSimShallow(selectBrokerSigs);
/** One signature per producer card. */
export const useProducerCards = (): string[] => useSimShallow(selectProducerSigs);
/** One signature per consumer-group box. */
export const useGroupCards = (): string[] => useSimShallow(selectGroupSigs);
/** The links between producers, brokers and consumers (`linkKey` strings, sorted). */
export const useLinkKeys = (): string[] => useSimShallow(selectLinkKeys);

const selectMaxPartitions = (s: SimState) => Math.max(1, ...(s.snapshot?.topics ?? []).filter((t) => !isInternalTopic(t.name)).map((t) => t.partitions));
/** The most partitions any visible topic has (how many partition colours the legend needs). */
export const useMaxPartitions = (): number => useSim(selectMaxPartitions);

// ── Lessons and presentation mode ───────────────────────────────────────────────────────────────

const selectLessonProgress = (s: LessonState) => ({ lessonId: s.lessonId, step: s.step, revealed: s.revealed, choice: s.choice, busy: s.busy });
/** The lesson on screen (or null), its step, the learner's prediction and whether it is revealed. */
export const useLessonProgress = (): Pick<LessonState, 'lessonId' | 'step' | 'revealed' | 'choice' | 'busy'> =>
  useStore(lessonStore, useShallow(selectLessonProgress));

const selectPresentation = (s: PresentationState) => s;
/** Whether presentation mode is on, and whether it shows the share link's QR code. */
export const usePresentation = (): PresentationState => useStore(presentationStore, selectPresentation);

// ── The event log ───────────────────────────────────────────────────────────────────────────────

const selectJumps = (s: SimState) => s.jumps;
/** The run's fast-forwards, oldest first, each with its events counted by type. */
export const useJumps = (): SimState['jumps'] => useSim(selectJumps);

// ── The topic tapes ─────────────────────────────────────────────────────────────────────────────

/**
 * The longest log of a topic in offsets, with the deletions its leaders remember before their log
 * start, rounded up to a multiple of 16 (so that a busy topic re-renders its tapes' zoom rarely):
 * what "Show whole log" fits and zooming out stops at.
 */
export const useTopicLogExtent = (topic: string | null): number =>
  useSim((s) => {
    let longest = 0;
    for (const p of s.snapshot?.partitions ?? []) {
      if (p.topic !== topic || p.offline) continue;
      const removals = p.replicaStates.find((r) => r.brokerId === p.leader)?.removals ?? [];
      const first = removals.find((r) => r.reason !== 'compaction')?.fromOffset ?? p.logStartOffset;
      longest = Math.max(longest, p.logEndOffset - Math.min(first, p.logStartOffset));
    }
    return Math.ceil(longest / 16) * 16;
  });

const selectTapeZoom = (s: TapeZoomState) => s;
/** How the topic tapes are zoomed, and the counter that sends them back to the log end. */
export const useTapeZoom = (): TapeZoomState => useStore(tapeZoomStore, selectTapeZoom);
