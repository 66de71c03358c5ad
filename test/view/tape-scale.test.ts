import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pickTapeData, sameTapeData } from '../../src/store/tape-data';
import type { TapeData } from '../../src/store/tape-data';
import {
  blockLabel,
  CELL_MAX_PX,
  CELL_MIN_PX,
  DEFAULT_CELL_PX,
  describeRemoval,
  fitLabel,
  groupX,
  nearestRecord,
  offsetAtX,
  screenX,
  showsCells,
  spanFor,
  stackLabels,
  TAPE_PAD_PX,
  tapeAxis,
  tapeBlocks,
  tapeRuns,
  tapeWindow,
  thinnedMarks,
} from '../../src/view/topic/tape-scale';
import type { TapeSegment } from '../../src/view/topic/tape-scale';

/** Dense segments of `sizes` records each starting at `start`; the last one is active. */
function segmentsOf(start: number, sizes: number[]): TapeSegment[] {
  let base = start;
  return sizes.map((n, i) => {
    const s = {
      baseOffset: base,
      endOffset: base + n,
      records: n,
      sizeBytes: n * 100,
      largestTimestampMs: i * 1000,
      active: i === sizes.length - 1,
      kept: null,
      tombstones: [],
      segments: 1,
    };
    base += n;
    return s;
  });
}

/** A segment [base, end) that compaction thinned to `kept`. */
const thinned = (base: number, end: number, kept: number[], tombstones: number[] = []): TapeSegment => ({
  baseOffset: base,
  endOffset: end,
  records: kept.length,
  sizeBytes: kept.length * 100,
  largestTimestampMs: 0,
  active: false,
  kept,
  tombstones,
  segments: 1,
});

describe('zoom', () => {
  const inner = 600;
  it('starts with readable cells, and keeps every zoom between the closest cells and the whole log', () => {
    expect(spanFor({ kind: 'auto' }, inner, 10_000)).toBe(inner / DEFAULT_CELL_PX);
    expect(showsCells(spanFor({ kind: 'auto' }, inner, 10_000), inner)).toBe(true);
    expect(spanFor({ kind: 'span', span: 1 }, inner, 10_000)).toBe(inner / CELL_MAX_PX);
    expect(spanFor({ kind: 'span', span: 1e9 }, inner, 10_000)).toBe(spanFor({ kind: 'whole' }, inner, 10_000));
    // The whole log fits, with the slot after the log end; a tiny log is not blown up past the default cells.
    expect(spanFor({ kind: 'whole' }, inner, 10_000)).toBeGreaterThan(10_000);
    expect(spanFor({ kind: 'whole' }, inner, 3)).toBe(inner / DEFAULT_CELL_PX);
  });

  it('draws cells exactly while they are at least 14 px wide', () => {
    expect(showsCells(inner / CELL_MIN_PX, inner)).toBe(true);
    expect(showsCells(inner / CELL_MIN_PX + 0.5, inner)).toBe(false);
  });
});

describe('tapeWindow', () => {
  const base = { logStartOffset: 0, logEndOffset: 100, historyStartOffset: 0 };
  it('follows the log end, with room for the next record', () => {
    const w = tapeWindow({ ...base, span: 20, centerOffset: null });
    expect(w.atEnd).toBe(true);
    expect(w.startOffset + w.span).toBeGreaterThan(100);
    expect(w.startOffset).toBeLessThanOrEqual(99);
  });

  it('starts at the log start while the log is shorter than the window (it grows to the right)', () => {
    expect(tapeWindow({ ...base, logEndOffset: 5, span: 20, centerOffset: null })).toEqual({ startOffset: 0, span: 20, atEnd: true });
  });

  it('shows the deleted history before the log start, but no offsets before it', () => {
    const w = tapeWindow({ logStartOffset: 50, logEndOffset: 60, historyStartOffset: 0, span: 80, centerOffset: null });
    expect(w.startOffset).toBe(0);
    expect(tapeWindow({ ...base, span: 20, centerOffset: -500 }).startOffset).toBe(0);
  });

  it('stays where the user panned, and is back at the end when panned there', () => {
    const w = tapeWindow({ ...base, span: 20, centerOffset: 30 });
    expect(w).toEqual({ startOffset: 20, span: 20, atEnd: false });
    expect(tapeWindow({ ...base, logEndOffset: 500, span: 20, centerOffset: 30 }).startOffset).toBe(20);
    expect(tapeWindow({ ...base, span: 20, centerOffset: 10_000 }).atEnd).toBe(true);
  });

  it('property: the window is on the log, `span` wide, and shows the log end when following', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e5 }),
        fc.integer({ min: 0, max: 1e5 }),
        fc.double({ min: 2, max: 1e5, noNaN: true }),
        fc.option(fc.double({ min: -1e6, max: 2e6, noNaN: true })),
        (lso, length, history, span, center) => {
          const w = tapeWindow({ logStartOffset: lso, logEndOffset: lso + length, historyStartOffset: Math.max(0, lso - history), span, centerOffset: center });
          expect(w.span).toBe(span);
          expect(w.startOffset).toBeGreaterThanOrEqual(Math.max(0, lso - history));
          if (center === null) {
            expect(w.atEnd).toBe(true);
            expect(w.startOffset + span).toBeGreaterThanOrEqual(lso + length);
          }
        },
      ),
    );
  });
});

describe('tapeAxis', () => {
  it('maps offsets to px on screen and back, and keeps drawn x while the window slides', () => {
    const a = tapeAxis({ startOffset: 300, span: 20, atEnd: true }, 600);
    expect(a.offsetPx).toBe(30);
    expect(screenX(a, 300)).toBe(TAPE_PAD_PX);
    expect(screenX(a, 310)).toBe(TAPE_PAD_PX + 300);
    expect(offsetAtX(a, screenX(a, 313.5))).toBeCloseTo(313.5);
    expect(groupX(a, 310) + a.shiftPx).toBeCloseTo(screenX(a, 310));
    // One record later, the same offset keeps its x inside the group: only the group's shift changed.
    const b = tapeAxis({ startOffset: 301, span: 20, atEnd: true }, 600);
    expect(groupX(b, 310)).toBe(groupX(a, 310));
    expect(b.shiftPx).toBe(a.shiftPx - 30);
  });
});

describe('records, gaps and tombstones', () => {
  it('lists every offset of a dense log as a record, and a thinned segment with its gaps', () => {
    const segs = [thinned(0, 10, [3, 4, 9], [4]), ...segmentsOf(10, [5])];
    expect(tapeRuns(segs, 0, 15, 0, 15)).toEqual([
      { kind: 'gap', fromOffset: 0, endOffset: 3 },
      { kind: 'record', offset: 3, tombstone: false },
      { kind: 'record', offset: 4, tombstone: true },
      { kind: 'gap', fromOffset: 5, endOffset: 9 },
      { kind: 'record', offset: 9, tombstone: false },
      ...[10, 11, 12, 13, 14].map((offset) => ({ kind: 'record', offset, tombstone: false })),
    ]);
    // Clipped to the window, and to the log start.
    expect(tapeRuns(segs, 2, 15, 5.5, 10.2)).toEqual([
      { kind: 'gap', fromOffset: 5, endOffset: 9 },
      { kind: 'record', offset: 9, tombstone: false },
      { kind: 'record', offset: 10, tombstone: false },
    ]);
  });

  it('merges a gap that spans an emptied segment into one', () => {
    const segs = [thinned(0, 10, [5]), thinned(10, 20, []), thinned(20, 30, [25])];
    expect(tapeRuns(segs, 0, 30, 0, 30).filter((r) => r.kind === 'gap')).toEqual([
      { kind: 'gap', fromOffset: 0, endOffset: 5 },
      { kind: 'gap', fromOffset: 6, endOffset: 25 },
      { kind: 'gap', fromOffset: 26, endOffset: 30 },
    ]);
    // Bars list them per segment (each segment's stretch is drawn inside its bar).
    expect(thinnedMarks(segs, 0, 30, 0, 30).filter((r) => r.kind === 'gap')).toHaveLength(5);
  });

  it('steps the keyboard over gaps to the nearest record', () => {
    const segs = [thinned(0, 10, [3, 9]), ...segmentsOf(10, [5])];
    expect(nearestRecord(segs, 0, 15, 4, 1)).toBe(9);
    expect(nearestRecord(segs, 0, 15, 8, -1)).toBe(3);
    expect(nearestRecord(segs, 0, 15, 0, -1)).toBeNull();
    expect(nearestRecord(segs, 0, 15, 12, 1)).toBe(12);
    expect(nearestRecord(segs, 0, 15, 99, -1)).toBe(14);
    expect(nearestRecord(segs, 0, 15, 15, 1)).toBeNull();
  });
});

describe('labels', () => {
  it('are shortened or left out, never clipped', () => {
    expect(fitLabel(['seg 164 · active', 'seg 164', '164'], 200)).toBe('seg 164 · active');
    expect(fitLabel(['seg 164 · active', 'seg 164', '164'], 60)).toBe('seg 164');
    expect(fitLabel(['seg 164 · active', 'seg 164', '164'], 10)).toBe('');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.boolean(), fc.integer({ min: 0, max: 400 }), (base, active, px) => {
        const label = blockLabel({ startOffset: base, endOffset: base + 10, baseOffset: base, segments: 1, records: 10, active, thinned: false }, px);
        expect(label.length * 6.4 + 4 <= px || label === '').toBe(true);
        // Either a whole candidate or nothing: never a cut word such as "seg 164 · acti".
        expect(['', `seg ${base} · active`, `seg ${base}`, `${base}`, `seg ${base} · compacted`]).toContain(label);
      }),
    );
  });

  it('say what a deletion was, with its reason and time', () => {
    expect(describeRemoval({ fromOffset: 0, endOffset: 42, records: 42, atMs: 70_000, reason: 'retention.ms' }, 'T+00:01:10')).toBe(
      'offsets 0–41 deleted by retention.ms at T+00:01:10',
    );
    expect(describeRemoval({ fromOffset: 41, endOffset: 82, records: 37, atMs: 0, reason: 'compaction' }, 'T+00:00:30')).toBe(
      'compaction removed 37 records from offsets 41–81 at T+00:00:30',
    );
  });

  it('never overlap in a row: stackLabels', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ xPx: fc.integer({ min: 0, max: 600 }), text: fc.string({ minLength: 1, maxLength: 20 }) }), { maxLength: 12 }), (ls) => {
        const placed = stackLabels(
          ls.map((l, i) => ({ key: String(i), ...l })),
          600,
        );
        for (const a of placed)
          for (const b of placed)
            if (a !== b && a.row === b.row) expect(a.leftPx + a.text.length * 6.4 <= b.leftPx || b.leftPx + b.text.length * 6.4 <= a.leftPx).toBe(true);
      }),
    );
  });
});

describe('bars', () => {
  it('merges segments too thin to draw apart, and keeps the active one apart', () => {
    const a = tapeAxis({ startOffset: 0, span: 10_000, atEnd: true }, 600);
    const blocks = tapeBlocks(segmentsOf(0, [10, 10, 10, 5000, 100]), 0, 5130, a);
    expect(blocks.map((b) => [b.startOffset, b.segments, b.active])).toEqual([
      [0, 4, false],
      [5030, 1, true],
    ]);
  });
});

describe('tape data', () => {
  it('is equal by content, so a tape skips renders when nothing it draws changed', () => {
    const a: TapeData = {
      offline: false,
      leader: 1,
      lso: 0,
      hw: 5,
      leo: 6,
      segments: [thinned(0, 4, [1, 3], [3]), ...segmentsOf(4, [2])],
      segmentCount: 2,
      removals: [{ fromOffset: 0, endOffset: 0, records: 0, atMs: 0, reason: 'compaction' }],
      payloadsFrom: 0,
      groups: [{ groupId: 'g', committedOffset: 3, lag: 2, lagMs: 100 }],
    };
    const b = structuredClone(a);
    expect(sameTapeData(a, b)).toBe(true);
    b.segments[0]!.kept = [3];
    expect(sameTapeData(a, b)).toBe(false);
    const c = structuredClone(a);
    c.removals = [...c.removals, { fromOffset: 0, endOffset: 4, records: 4, atMs: 9, reason: 'retention.ms' }];
    expect(sameTapeData(a, c)).toBe(false);
    const d = structuredClone(a);
    d.groups[0]!.lag = 3;
    expect(sameTapeData(a, d)).toBe(false);
    expect(sameTapeData(a, { ...a, payloadsFrom: 2 })).toBe(false); // the tape says where payloads were dropped
    expect(pickTapeData(null, 'orders', 0)).toBeNull();
  });
});
