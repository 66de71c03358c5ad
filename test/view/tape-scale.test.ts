import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pickTapeData, sameTapeData } from '../../src/store/tape-data';
import { layoutTape, nearestOffset, stackLabels, TAPE_PAD_PX } from '../../src/view/topic/tape-scale';
import type { TapeSegment } from '../../src/view/topic/tape-scale';

/** Segments of `sizes` records each starting at `start`; the last one is active. */
function segmentsOf(start: number, sizes: number[]): TapeSegment[] {
  let base = start;
  return sizes.map((n, i) => {
    const s = { baseOffset: base, endOffset: base + n, records: n, sizeBytes: n * 100, largestTimestampMs: i * 1000, active: i === sizes.length - 1 };
    base += n;
    return s;
  });
}

describe('layoutTape', () => {
  it('draws one cell per offset only while the log is short', () => {
    const short = layoutTape({ logStartOffset: 0, logEndOffset: 20, segments: segmentsOf(0, [20]), widthPx: 600 });
    expect(short.showCells).toBe(true);
    expect(short.offsetWidthPx).toBeGreaterThanOrEqual(14);
    expect(short.recent).toBeNull();
    const long = layoutTape({ logStartOffset: 0, logEndOffset: 2000, segments: segmentsOf(0, [1000, 1000]), widthPx: 600 });
    expect(long.showCells).toBe(false);
    // A long tape still offers the last offsets as cells.
    expect(long.recent).toMatchObject({ fromOffset: 1984, toOffset: 2000 });
    expect(long.recent!.x(1981) - long.recent!.x(1980)).toBeGreaterThanOrEqual(14);
  });

  it('switches to the proportional tape exactly when cells would be narrower than 14 px', () => {
    const widthPx = 14 * 50 + 2 * TAPE_PAD_PX;
    expect(layoutTape({ logStartOffset: 0, logEndOffset: 49, segments: segmentsOf(0, [49]), widthPx }).showCells).toBe(true);
    expect(layoutTape({ logStartOffset: 0, logEndOffset: 50, segments: segmentsOf(0, [50]), widthPx }).showCells).toBe(false);
  });

  it('maps offsets left to right: log start at the left edge, LEO inside the width with headroom', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 240, max: 1600 }), (lso, span, widthPx) => {
        const leo = lso + span;
        const t = layoutTape({ logStartOffset: lso, logEndOffset: leo, segments: segmentsOf(lso, [span]), widthPx });
        expect(t.x(lso)).toBeCloseTo(TAPE_PAD_PX, 6);
        expect(t.x(leo)).toBeLessThan(widthPx - TAPE_PAD_PX);
        expect(t.x(leo)).toBeGreaterThan(t.x(lso));
        expect(t.x(lso + span / 2)).toBeLessThan(t.x(leo));
      }),
    );
  });

  it('keeps blocks in order, without overlap, covering [log start, LEO)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 240, max: 1600 }),
        (sizes, skip, widthPx) => {
          const segments = segmentsOf(0, sizes);
          const leo = segments[segments.length - 1]!.endOffset;
          // The log start offset may sit inside the first segment (deleteRecords).
          const lso = Math.min(skip, sizes[0]! - 1);
          const t = layoutTape({ logStartOffset: lso, logEndOffset: leo, segments, widthPx });
          expect(t.blocks[0]!.startOffset).toBe(lso);
          expect(t.blocks[t.blocks.length - 1]!.endOffset).toBe(leo);
          for (let i = 1; i < t.blocks.length; i++) {
            expect(t.blocks[i]!.startOffset).toBe(t.blocks[i - 1]!.endOffset);
            expect(t.blocks[i]!.x0Px).toBeGreaterThanOrEqual(t.blocks[i - 1]!.x1Px - 1e-9);
          }
          // Thin segments are merged, but every segment is accounted for.
          expect(t.blocks.reduce((n, b) => n + b.segments, 0)).toBe(sizes.length);
          expect(t.blocks.length).toBeLessThanOrEqual(widthPx / 6 + 2);
          expect(t.blocks.filter((b) => b.active)).toHaveLength(1);
        },
      ),
    );
  });

  it('skips segments entirely below the log start offset', () => {
    const t = layoutTape({ logStartOffset: 100, logEndOffset: 130, segments: segmentsOf(0, [100, 30]), widthPx: 800 });
    expect(t.blocks).toHaveLength(1);
    expect(t.blocks[0]).toMatchObject({ startOffset: 100, endOffset: 130, active: true });
  });

  it('widens the domain so a committed offset below the log start stays on the tape', () => {
    const t = layoutTape({ logStartOffset: 500, logEndOffset: 1000, segments: segmentsOf(500, [500]), markerOffsets: [200, 990], widthPx: 800 });
    expect(t.x(200)).toBeCloseTo(TAPE_PAD_PX, 6);
    expect(t.x(500)).toBeGreaterThan(t.x(200));
  });

  it('finds the offset nearest a click, clamped to the records that exist', () => {
    const t = layoutTape({ logStartOffset: 100, logEndOffset: 1100, segments: segmentsOf(100, [1000]), widthPx: 800 });
    expect(nearestOffset(t.x, t.x(600.5), 100, 1100)).toBe(600);
    expect(nearestOffset(t.x, 0, 100, 1100)).toBe(100);
    expect(nearestOffset(t.x, 800, 100, 1100)).toBe(1099);
  });
});

describe('stackLabels', () => {
  it('puts overlapping labels in different rows and keeps them inside the width', () => {
    const placed = stackLabels(
      [
        { key: 'billing', xPx: 300, text: 'billing · lag 12 (3.4 s)' },
        { key: 'audit', xPx: 305, text: 'audit · lag 10 (2.9 s)' },
        { key: 'far', xPx: 795, text: 'analytics · lag 0' },
      ],
      800,
    );
    const byKey = Object.fromEntries(placed.map((l) => [l.key, l]));
    expect(byKey.billing!.row).not.toBe(byKey.audit!.row);
    for (const l of placed) {
      expect(l.leftPx).toBeGreaterThanOrEqual(0);
      expect(l.leftPx + l.text.length * 6.4).toBeLessThanOrEqual(800 + 1e-9);
    }
    // No two labels in one row overlap.
    for (const a of placed)
      for (const b of placed)
        if (a !== b && a.row === b.row) expect(a.leftPx + a.text.length * 6.4 <= b.leftPx || b.leftPx + b.text.length * 6.4 <= a.leftPx).toBe(true);
  });
});

describe('tape data', () => {
  it('is equal by content, so a tape skips renders when nothing it draws changed', () => {
    const a = {
      offline: false,
      leader: 1,
      lso: 0,
      hw: 5,
      leo: 6,
      segments: segmentsOf(0, [6]),
      groups: [{ groupId: 'g', committedOffset: 3, lag: 2, lagMs: 100 }],
    };
    const b = structuredClone(a);
    expect(sameTapeData(a, b)).toBe(true);
    b.groups[0]!.lag = 3;
    expect(sameTapeData(a, b)).toBe(false);
    expect(pickTapeData(null, 'orders', 0)).toBeNull();
  });
});
