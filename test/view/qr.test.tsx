// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { darkRuns, QR_QUIET_MODULES, QrCode, qrMatrix } from '../../src/view/present/QrCode';

afterEach(cleanup);

/** A 7×7 finder pattern: dark ring, light ring, dark 3×3 core. */
function hasFinderAt(m: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      const want = ring !== 2; // rings 3 (outer) and 0–1 (core) are dark, ring 2 light
      if (m[top + y]![left + x] !== want) return false;
    }
  }
  return true;
}

describe('qrMatrix', () => {
  it('makes a square code of 21, 25, 29… modules with finder patterns at three corners', () => {
    const m = qrMatrix('https://example.org/streamscope/#s=abc')!;
    expect(m).not.toBeNull();
    const n = m.length;
    expect((n - 17) % 4).toBe(0);
    expect(n).toBeGreaterThanOrEqual(21);
    for (const row of m) expect(row.length).toBe(n);
    expect(hasFinderAt(m, 0, 0)).toBe(true);
    expect(hasFinderAt(m, 0, n - 7)).toBe(true);
    expect(hasFinderAt(m, n - 7, 0)).toBe(true);
    expect(hasFinderAt(m, n - 7, n - 7)).toBe(false); // the fourth corner has none
  });

  it('gives the smallest code (21 modules) to a very short text', () => {
    expect(qrMatrix('HI')!.length).toBe(21);
  });

  it('refuses text too long for a QR code', () => {
    expect(qrMatrix('x'.repeat(3000))).toBeNull();
    expect(qrMatrix('x'.repeat(2000))!.length).toBeGreaterThan(100);
  });
});

describe('QrCode', () => {
  it('draws the matrix as rects with a four-module quiet zone, named for screen readers', () => {
    const text = 'https://example.org/#s=hello';
    render(<QrCode text={text} size={200} />);
    const svg = screen.getByRole('img', { name: 'QR code of the share link' });
    const m = qrMatrix(text)!;
    const n = m.length;
    expect(svg.getAttribute('viewBox')).toBe(`${-QR_QUIET_MODULES} ${-QR_QUIET_MODULES} ${n + 8} ${n + 8}`);
    // Rebuild the matrix from the drawn rects: it is the code, module for module.
    const drawn = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
    const rects = [...svg.querySelectorAll('rect')].filter((r) => r.getAttribute('fill') === '#000');
    expect(rects.length).toBe(darkRuns(m).length);
    for (const r of rects) {
      const x = Number(r.getAttribute('x'));
      const y = Number(r.getAttribute('y'));
      for (let i = 0; i < Number(r.getAttribute('width')); i++) drawn[y]![x + i] = true;
    }
    expect(drawn).toEqual(m);
  });

  it('says so when the text is too long', () => {
    render(<QrCode text={'x'.repeat(4000)} size={200} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/too long for a QR code — use the Share link/)).toBeTruthy();
  });
});
