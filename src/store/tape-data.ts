/**
 * What one partition's log tape draws, picked from the snapshot (the leader's view of the
 * partition), and kept as the same object while nothing it draws changed.
 */
import { createStore } from 'zustand/vanilla';
import type { LogRemoval, SegmentView, Snapshot } from '../engine';

/** What one tape draws. */
export interface TapeData {
  offline: boolean;
  leader: number;
  lso: number;
  hw: number;
  leo: number;
  /** The leader's segments (with the offsets compaction kept and the tombstones). */
  segments: SegmentView[];
  /** How many segments the leader's log holds (a long log lists older ones in runs). */
  segmentCount: number;
  /** What left the leader's log lately (retention, a moved log start, cleaner passes), oldest first. */
  removals: LogRemoval[];
  /** Below this offset (down to the log start) the records' payloads were dropped to save memory. */
  payloadsFrom: number;
  /** Groups with a committed offset on this partition. */
  groups: { groupId: string; committedOffset: number; lag: number; lagMs: number }[];
}

/** Picks a partition's tape data from the snapshot (null when the partition does not exist). */
export function pickTapeData(snapshot: Snapshot | null, topic: string, partition: number): TapeData | null {
  const p = snapshot?.partitions.find((q) => q.topic === topic && q.partition === partition);
  if (!snapshot || !p) return null;
  const groups: TapeData['groups'] = [];
  for (const g of snapshot.groups) {
    const gp = g.partitions.find((q) => q.topic === topic && q.partition === partition);
    if (gp && gp.committedOffset !== null) groups.push({ groupId: g.groupId, committedOffset: gp.committedOffset, lag: gp.lag ?? 0, lagMs: gp.lagMs ?? 0 });
  }
  const leader = p.replicaStates.find((r) => r.brokerId === p.leader);
  return {
    offline: p.offline,
    leader: p.leader,
    lso: p.logStartOffset,
    hw: p.highWatermark,
    leo: p.logEndOffset,
    segments: leader?.segments ?? [],
    segmentCount: leader?.segmentCount ?? 0,
    removals: leader?.removals ?? [],
    payloadsFrom: leader?.payloadsFrom ?? p.logStartOffset,
    groups,
  };
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));

/** Item by item, field by field; a field that is a list of numbers is compared by its numbers. */
const sameItems = <T extends object>(a: readonly T[], b: readonly T[]): boolean =>
  a === b || (a.length === b.length && a.every((item, i) => (Object.keys(item) as (keyof T)[]).every((k) => sameValue(item[k], b[i]![k]))));

/** Whether two tape data draw the same (so a tape can keep the old object and skip a render). */
export function sameTapeData(a: TapeData | null, b: TapeData | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.offline === b.offline &&
    a.leader === b.leader &&
    a.lso === b.lso &&
    a.hw === b.hw &&
    a.leo === b.leo &&
    a.segmentCount === b.segmentCount &&
    a.payloadsFrom === b.payloadsFrom &&
    sameItems(a.segments, b.segments) &&
    sameItems(a.removals, b.removals) &&
    sameItems(a.groups, b.groups)
  );
}

// ── Zoom of the topic tapes ─────────────────────────────────────────────────────────────────────

/** How the viewed topic's tapes are zoomed: the default, a chosen number of offsets across, or each whole log. */
export type TapeZoom = { kind: 'auto' } | { kind: 'span'; span: number } | { kind: 'whole' };

export interface TapeZoomState {
  zoom: TapeZoom;
  /** Bumped when every tape should follow its log end again (after "Show whole log"). */
  panReset: number;
}

/**
 * The tapes' zoom: one per topic view, so that all partitions are drawn alike. A store of its own
 * (like presentation mode) so that a lesson step can zoom the tapes out as a learner would.
 */
export const tapeZoomStore = createStore<TapeZoomState>()(() => ({ zoom: { kind: 'auto' }, panReset: 0 }));

/** Zooms the tapes (a span of offsets across, or back to the default). */
export function zoomTapes(zoom: TapeZoom): void {
  tapeZoomStore.setState({ zoom });
}

/** Fits each tape's whole log, deletions it remembers included, and follows the log end again. */
export function showWholeLog(): void {
  tapeZoomStore.setState((s) => ({ zoom: { kind: 'whole' }, panReset: s.panReset + 1 }));
}
