/**
 * Pure math for a partition's log tape (no DOM, no React): one offset axis per partition, seen
 * through a window that zooms (how many offsets across) and pans (where it starts). Zoomed in,
 * each offset is a cell; zoomed out, segments are bars over an axis with ticks. The same rules
 * for every partition of a topic, so a topic never mixes both styles. d3 only computes ticks;
 * React draws (STYLE.md §6).
 */
import { scaleLinear } from 'd3-scale';
import type { LogRemoval, SegmentView } from '../../engine';
import type { TapeZoom } from '../../store/tape-data';

/** One log segment as the snapshot reports it (`SegmentView`). */
export type TapeSegment = SegmentView;

export const TAPE_PAD_PX = 6;
/** A cell narrower than this cannot be clicked with confidence: below it, segments are drawn as bars. */
export const CELL_MIN_PX = 14;
/** The width of a cell before anyone zooms: wide enough for a four-digit offset. */
export const DEFAULT_CELL_PX = 30;
/** The furthest zoom in. */
export const CELL_MAX_PX = 120;
/** How much one zoom step (button, key or wheel notch) multiplies or divides the span by. */
export const ZOOM_STEP = 1.6;

/** Room after the log end offset: the slot the next record goes to, and a little more. */
export function headroom(span: number): number {
  return Math.max(1, Math.ceil(span * 0.04));
}

/**
 * How many offsets a tape shows across `innerPx`. `wholeLength` is the longest log of the topic
 * (with its deleted history), which "Show whole log" fits and zooming out never passes.
 */
export function spanFor(zoom: TapeZoom, innerPx: number, wholeLength: number): number {
  const min = innerPx / CELL_MAX_PX;
  const whole = Math.max(innerPx / DEFAULT_CELL_PX, wholeLength + headroom(wholeLength) + 1);
  if (zoom.kind === 'auto') return innerPx / DEFAULT_CELL_PX;
  if (zoom.kind === 'whole') return whole;
  return Math.min(Math.max(zoom.span, min), Math.max(whole, innerPx / DEFAULT_CELL_PX));
}

/** Whether a span is drawn as cells (one per offset) rather than segment bars. */
export function showsCells(span: number, innerPx: number): boolean {
  return innerPx / span >= CELL_MIN_PX;
}

export interface TapeWindowInput {
  span: number;
  /** The offset the user panned to (the window's centre), or null to follow the log end. */
  centerOffset: number | null;
  logStartOffset: number;
  logEndOffset: number;
  /** The first offset worth showing: the oldest deletion remembered, else the log start. */
  historyStartOffset: number;
}

export interface TapeWindow {
  startOffset: number;
  span: number;
  /** Whether the window shows the log end (new records stay in view). */
  atEnd: boolean;
}

/**
 * The offsets in view: [startOffset, startOffset + span). Following, the log end offset and its
 * headroom sit at the right edge; a log shorter than the span starts at the left edge instead
 * (it grows to the right). Panned, the window is centred on `centerOffset`, kept on the log.
 *
 * @example
 * tapeWindow({ span: 20, centerOffset: null, logStartOffset: 0, logEndOffset: 100, historyStartOffset: 0 });
 * // { startOffset: 81, span: 20, atEnd: true }: offsets 81–99 and the next slot
 */
export function tapeWindow(w: TapeWindowInput): TapeWindow {
  const first = Math.min(w.logStartOffset, w.historyStartOffset);
  const maxStart = Math.max(first, w.logEndOffset + headroom(w.span) - w.span);
  const wanted = w.centerOffset === null ? maxStart : w.centerOffset - w.span / 2;
  const startOffset = Math.min(Math.max(wanted, first), maxStart);
  return { startOffset, span: w.span, atEnd: startOffset >= maxStart - 0.5 };
}

/**
 * Where offsets are in px, relative to an origin that moves in steps of 256 offsets: while the
 * window slides, drawn cells keep their coordinates and only the group around them moves.
 */
export interface TapeAxis {
  originOffset: number;
  offsetPx: number;
  /** The group's shift so that the window's start is at the left padding. */
  shiftPx: number;
  innerPx: number;
  startOffset: number;
  endOffset: number;
}

export function tapeAxis(window: TapeWindow, innerPx: number): TapeAxis {
  const offsetPx = innerPx / window.span;
  const originOffset = Math.floor(window.startOffset / 256) * 256;
  return {
    originOffset,
    offsetPx,
    shiftPx: TAPE_PAD_PX - (window.startOffset - originOffset) * offsetPx,
    innerPx,
    startOffset: window.startOffset,
    endOffset: window.startOffset + window.span,
  };
}

/** An offset's x inside the shifted group. */
export const groupX = (a: TapeAxis, offset: number): number => (offset - a.originOffset) * a.offsetPx;
/** An offset's x on the SVG (what the eye sees). */
export const screenX = (a: TapeAxis, offset: number): number => TAPE_PAD_PX + (offset - a.startOffset) * a.offsetPx;
/** The offset under an x on the SVG. */
export const offsetAtX = (a: TapeAxis, xPx: number): number => a.startOffset + (xPx - TAPE_PAD_PX) / a.offsetPx;

/** A stretch of the log in view: a record, or offsets compaction removed. */
export type TapeRun = { kind: 'record'; offset: number; tombstone: boolean } | { kind: 'gap'; fromOffset: number; endOffset: number };

/**
 * Records and compaction gaps in [from, to) ∩ [log start, log end), oldest first. A segment
 * without a `kept` list is dense (every offset is a record).
 */
export function tapeRuns(segments: readonly TapeSegment[], logStartOffset: number, logEndOffset: number, from: number, to: number): TapeRun[] {
  const lo = Math.max(Math.floor(from), logStartOffset);
  const hi = Math.min(Math.ceil(to), logEndOffset);
  const runs: TapeRun[] = [];
  for (const s of segments) {
    const a = Math.max(lo, s.baseOffset);
    const b = Math.min(hi, s.endOffset);
    if (a >= b) continue;
    const tombstones = new Set(s.tombstones);
    if (s.kept === null) {
      for (let o = a; o < b; o++) runs.push({ kind: 'record', offset: o, tombstone: tombstones.has(o) });
      continue;
    }
    let next = a;
    for (const o of s.kept) {
      if (o < a || o >= b) continue;
      if (o > next) runs.push({ kind: 'gap', fromOffset: next, endOffset: o });
      runs.push({ kind: 'record', offset: o, tombstone: tombstones.has(o) });
      next = o + 1;
    }
    if (next < b) runs.push({ kind: 'gap', fromOffset: next, endOffset: b });
  }
  // A gap cut by a segment boundary is one gap.
  const merged: TapeRun[] = [];
  for (const r of runs) {
    const prev = merged[merged.length - 1];
    if (r.kind === 'gap' && prev?.kind === 'gap' && prev.endOffset === r.fromOffset) prev.endOffset = r.endOffset;
    else merged.push(r);
  }
  return merged;
}

/** "4–9", or "4" for one offset: ranges as people write them (end exclusive in, inclusive out). */
export function offsetRange(fromOffset: number, endOffset: number): string {
  return endOffset - fromOffset <= 1 ? `${fromOffset}` : `${fromOffset}–${endOffset - 1}`;
}

/** Average glyph width of the tape's 11 px labels: enough to keep estimated boxes apart. */
const LABEL_CHAR_PX = 6.4;

/** The estimated width of a label. */
export const labelPx = (text: string, charPx = LABEL_CHAR_PX): number => text.length * charPx;

/**
 * The longest of `candidates` (longest first) that fits `widthPx` whole, or '' when none does:
 * a label is shortened or left out, never clipped mid-word.
 */
export function fitLabel(candidates: readonly string[], widthPx: number, charPx = LABEL_CHAR_PX): string {
  return candidates.find((c) => labelPx(c, charPx) + 4 <= widthPx) ?? '';
}

/** What a removal says: "offsets 0–41 deleted by retention.ms at T+00:01:10". */
export function describeRemoval(r: LogRemoval, time: string): string {
  if (r.reason === 'compaction')
    return `compaction removed ${r.records} record${r.records === 1 ? '' : 's'} from offsets ${offsetRange(r.fromOffset, r.endOffset)} at ${time}`;
  const why = r.reason === 'log start offset' ? 'a log start offset that moved' : r.reason;
  return `offsets ${offsetRange(r.fromOffset, r.endOffset)} deleted by ${why} at ${time}`;
}

/** Offsets to number under the cells: every 1st, 2nd, 5th, 10th… so that numbers stay ≥ 40 px apart. */
export function labelEvery(offsetPx: number): number {
  return [1, 2, 5, 10, 20, 50, 100, 200, 500].find((n) => n * offsetPx >= 40) ?? 1000;
}

/** Integer ticks of the offset axis between two offsets, about every 90 px. */
export function axisTicks(a: TapeAxis): number[] {
  const count = Math.max(2, Math.floor(a.innerPx / 90));
  return scaleLinear()
    .domain([a.startOffset, a.endOffset])
    .ticks(count)
    .filter((t) => Number.isInteger(t) && t >= 0);
}

/** A drawn bar: one segment, or several consecutive segments too thin to draw apart. */
export interface TapeBlock {
  /** First offset the block covers on the tape (a segment's base, or the log start offset). */
  startOffset: number;
  /** One past the last offset the block covers (the active segment: the log end offset). */
  endOffset: number;
  baseOffset: number;
  segments: number;
  records: number;
  active: boolean;
  /** Whether compaction thinned it (fewer records than offsets). */
  thinned: boolean;
}

/** Segments thinner than this are merged into one block (keeps the SVG small). */
const BLOCK_MIN_PX = 6;

/** The segments in view as bars, clipped to [log start, log end), thin neighbours merged. */
export function tapeBlocks(segments: readonly TapeSegment[], logStartOffset: number, logEndOffset: number, a: TapeAxis): TapeBlock[] {
  const blocks: TapeBlock[] = [];
  for (const s of segments) {
    const start = Math.max(s.baseOffset, logStartOffset);
    const end = s.active ? Math.max(logEndOffset, start) : Math.min(s.endOffset, logEndOffset);
    if ((end <= start && !s.active) || end < a.startOffset || start > a.endOffset) continue;
    const block: TapeBlock = {
      startOffset: start,
      endOffset: end,
      baseOffset: s.baseOffset,
      segments: s.segments,
      records: s.records,
      active: s.active,
      thinned: s.records < s.endOffset - s.baseOffset,
    };
    const prev = blocks[blocks.length - 1];
    if (prev && !prev.active && !block.active && (prev.endOffset - prev.startOffset) * a.offsetPx < BLOCK_MIN_PX) {
      prev.endOffset = block.endOffset;
      prev.segments += block.segments;
      prev.records += block.records;
      prev.thinned ||= block.thinned;
    } else blocks.push(block);
  }
  return blocks;
}

/** The label of a bar that fits its visible width: "seg 164 · active", "seg 164", "164" or none. */
export function blockLabel(b: TapeBlock, visiblePx: number): string {
  const more = b.segments > 1 ? ` +${b.segments - 1}` : '';
  const candidates = b.active
    ? [`seg ${b.baseOffset} · active`, `seg ${b.baseOffset}`, `${b.baseOffset}`]
    : [`seg ${b.baseOffset}${more}${b.thinned ? ' · compacted' : ''}`, `seg ${b.baseOffset}${more}`, `seg ${b.baseOffset}`, `${b.baseOffset}`];
  return fitLabel(candidates, visiblePx);
}

export interface TapeLabel {
  key: string;
  /** Where the thing labelled is (the label centres on it when it can). */
  xPx: number;
  text: string;
  /** The whole text when `text` is elided (a tooltip). */
  title?: string;
}

export interface PlacedLabel extends TapeLabel {
  /** Left edge of the text (render with text-anchor start). */
  leftPx: number;
  row: number;
}

/**
 * Puts labels in rows so that no two texts overlap: each goes to the first row with room,
 * centred on its x and kept inside [0, width].
 */
export function stackLabels(labels: readonly TapeLabel[], widthPx: number, charPx = LABEL_CHAR_PX, gapPx = 6): PlacedLabel[] {
  const rowsRightPx: number[] = [];
  return [...labels]
    .sort((a, b) => a.xPx - b.xPx || a.key.localeCompare(b.key))
    .map((l) => {
      const textPx = l.text.length * charPx;
      const leftPx = Math.max(0, Math.min(widthPx - textPx, l.xPx - textPx / 2));
      let row = rowsRightPx.findIndex((right) => right + gapPx <= leftPx);
      if (row < 0) row = rowsRightPx.push(0) - 1;
      rowsRightPx[row] = leftPx + textPx;
      return { ...l, leftPx, row };
    });
}

/** Consumer lag's age the way a person says it: "850 ms", "3.4 s", "2.5 min". */
export function formatLagMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * The record nearest to `offset` in direction `dir` (that offset itself when it is a record), or
 * null past either end: how the keyboard skips compaction gaps.
 */
export function nearestRecord(segments: readonly TapeSegment[], logStartOffset: number, logEndOffset: number, offset: number, dir: 1 | -1): number | null {
  let o = Math.round(offset);
  if (o < logStartOffset) o = dir > 0 ? logStartOffset : -1;
  if (o >= logEndOffset) o = dir < 0 ? logEndOffset - 1 : logEndOffset;
  if (o < logStartOffset || o >= logEndOffset) return null;
  const ordered = dir > 0 ? segments : [...segments].reverse();
  for (const s of ordered) {
    if (dir > 0 ? s.endOffset <= o : s.baseOffset > o) continue;
    const inSegment = Math.min(Math.max(o, s.baseOffset), s.endOffset - 1);
    if (s.kept === null) {
      if (s.endOffset > s.baseOffset) return inSegment;
      continue;
    }
    const found = dir > 0 ? s.kept.find((k) => k >= o) : [...s.kept].reverse().find((k) => k <= o);
    if (found !== undefined) return found;
  }
  return null;
}

/** Bars mode: the offsets thinned segments still hold, and the gaps between them, in [from, to). */
export function thinnedMarks(segments: readonly TapeSegment[], logStartOffset: number, logEndOffset: number, from: number, to: number): TapeRun[] {
  const out: TapeRun[] = [];
  for (const s of segments) if (s.kept !== null && s.endOffset > from && s.baseOffset < to) out.push(...tapeRuns([s], logStartOffset, logEndOffset, from, to));
  return out;
}
