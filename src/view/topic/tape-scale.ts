/**
 * Pure layout math for a partition's log tape (no DOM, no React): where each offset, segment and
 * marker sits in pixels, whether single offsets are drawn as cells, and how labels stack so their
 * text never overlaps. d3 only computes the scale; React draws (STYLE.md §6).
 */
import { scaleLinear } from 'd3-scale';
import type { ScaleLinear } from 'd3-scale';

/** One log segment as the snapshot reports it (`SegmentView`). */
export interface TapeSegment {
  baseOffset: number;
  endOffset: number;
  records: number;
  sizeBytes: number;
  largestTimestampMs: number;
  active: boolean;
}

export interface TapeInput {
  logStartOffset: number;
  logEndOffset: number;
  segments: readonly TapeSegment[];
  /** Offsets that must be on the tape too: the high watermark, groups' committed offsets. */
  markerOffsets?: readonly number[];
  widthPx: number;
  /** How many offsets the "recent records" strip of a long tape shows as cells. */
  recentCount?: number;
}

/** A drawn block: one segment, or several consecutive segments too thin to draw apart. */
interface TapeBlock {
  /** First offset the block covers on the tape (a segment's base, or the log start offset). */
  startOffset: number;
  /** One past the last offset the block covers. */
  endOffset: number;
  baseOffset: number;
  x0Px: number;
  x1Px: number;
  /** How many segments this block stands for (more than 1 only when they were too thin). */
  segments: number;
  records: number;
  sizeBytes: number;
  active: boolean;
}

export interface TapeLayout {
  /** Offset → x in px. */
  x: ScaleLinear<number, number>;
  domain: readonly [number, number];
  /** Whether each offset is drawn as its own cell (only when the tape is short enough). */
  showCells: boolean;
  /** Width of one offset in px. */
  offsetWidthPx: number;
  blocks: TapeBlock[];
  /** On a long tape: the last offsets as cells, on their own scale. */
  recent: { fromOffset: number; toOffset: number; x: ScaleLinear<number, number> } | null;
}

export const TAPE_PAD_PX = 6;
/** A cell narrower than this is not clickable with confidence: switch to the proportional tape. */
const CELL_MIN_PX = 14;
/** Cells wider than this waste the tape: leave the rest empty for the offsets still to come. */
const CELL_MAX_PX = 30;
/** Segments thinner than this are merged into one block (keeps the SVG small). */
const BLOCK_MIN_PX = 6;
/** Headroom after the log end offset on a long tape, as a share of the range. */
const HEADROOM_RATIO = 0.05;
const DEFAULT_RECENT_COUNT = 16;

/**
 * Lays out a tape. A short log gets one cell per offset; a long one shows [log start, LEO]
 * proportionally with segments as blocks, plus a strip of the most recent offsets as cells.
 *
 * @example
 * const t = layoutTape({ logStartOffset: 0, logEndOffset: 10, segments, widthPx: 600 });
 * t.showCells; // true: 11 offsets (with the next one to be written) fit at ≥ 14 px each
 */
export function layoutTape(input: TapeInput): TapeLayout {
  const lso = Math.max(0, input.logStartOffset);
  const leo = Math.max(lso, input.logEndOffset);
  const markers = (input.markerOffsets ?? []).filter((o) => Number.isFinite(o) && o >= 0);
  const lo = Math.min(lso, ...markers);
  const hi = Math.max(leo, ...markers);
  const innerPx = Math.max(1, input.widthPx - 2 * TAPE_PAD_PX);
  // +1: the slot at the log end offset, where the next record will be written.
  const needed = hi - lo + 1;
  const showCells = needed <= Math.floor(innerPx / CELL_MIN_PX);
  const end = showCells ? lo + Math.max(needed, Math.floor(innerPx / CELL_MAX_PX)) : hi + Math.max(1, Math.ceil((hi - lo) * HEADROOM_RATIO));
  const x = scaleLinear()
    .domain([lo, end])
    .range([TAPE_PAD_PX, TAPE_PAD_PX + innerPx]);
  const recentCount = Math.max(1, input.recentCount ?? DEFAULT_RECENT_COUNT);
  let recent: TapeLayout['recent'] = null;
  if (!showCells && leo > lso) {
    const fromOffset = Math.max(lso, leo - recentCount);
    recent = {
      fromOffset,
      toOffset: leo,
      x: scaleLinear()
        .domain([fromOffset, fromOffset + recentCount])
        .range([TAPE_PAD_PX, TAPE_PAD_PX + innerPx]),
    };
  }
  return { x, domain: [lo, end], showCells, offsetWidthPx: innerPx / (end - lo), blocks: layoutBlocks(input.segments, lso, leo, x, end), recent };
}

/** Segments clipped to [log start, LEO), contiguous, thin ones merged; the active one reaches the headroom. */
function layoutBlocks(segments: readonly TapeSegment[], lso: number, leo: number, x: ScaleLinear<number, number>, domainEnd: number): TapeBlock[] {
  const sorted = [...segments].sort((a, b) => a.baseOffset - b.baseOffset);
  const blocks: TapeBlock[] = [];
  let cursor = lso;
  sorted.forEach((s, i) => {
    const last = i === sorted.length - 1;
    const start = Math.max(cursor, s.baseOffset, lso);
    const stop = last ? leo : Math.min(leo, Math.max(start, s.endOffset));
    if (stop <= start && !s.active) return;
    cursor = Math.max(cursor, stop);
    const block: TapeBlock = {
      startOffset: start,
      endOffset: stop,
      baseOffset: s.baseOffset,
      x0Px: x(start),
      // The active segment is where the next appends land: it stretches over the headroom.
      x1Px: s.active ? x(domainEnd) : x(stop),
      segments: 1,
      records: s.records,
      sizeBytes: s.sizeBytes,
      active: s.active,
    };
    const prev = blocks[blocks.length - 1];
    if (prev && !prev.active && !block.active && prev.x1Px - prev.x0Px < BLOCK_MIN_PX) {
      prev.endOffset = block.endOffset;
      prev.x1Px = block.x1Px;
      prev.segments += 1;
      prev.records += block.records;
      prev.sizeBytes += block.sizeBytes;
    } else blocks.push(block);
  });
  return blocks;
}

/** The offset under an x position on the tape, clamped to the records that exist [lso, leo − 1]. */
export function nearestOffset(x: ScaleLinear<number, number>, xPx: number, logStartOffset: number, logEndOffset: number): number {
  const raw = Math.floor(x.invert(xPx));
  return Math.min(Math.max(raw, logStartOffset), Math.max(logStartOffset, logEndOffset - 1));
}

export interface TapeLabel {
  key: string;
  /** Where the thing labelled is (the label centres on it when it can). */
  xPx: number;
  text: string;
}

export interface PlacedLabel extends TapeLabel {
  /** Left edge of the text (render with text-anchor start). */
  leftPx: number;
  row: number;
}

/** Average glyph width of the tape's 11 px labels: enough to keep estimated boxes apart. */
const LABEL_CHAR_PX = 6.4;

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
