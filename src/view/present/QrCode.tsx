/**
 * A QR code drawn by React: uqr computes the module matrix, and each run of dark modules becomes
 * one `<rect>` (no SVG string is ever injected into the page).
 */
import { useMemo } from 'react';
import { encode } from 'uqr';

/** uqr's byte-mode capacity at version 40, error correction L, is 2,953 bytes; stay under it. */
const QR_MAX_BYTES = 2_900;
/** Light modules around the code: the QR standard asks for four. */
export const QR_QUIET_MODULES = 4;

/**
 * The modules of a QR code for `text` (true = dark), without a quiet zone; null when the text
 * does not fit in a QR code a phone can read.
 */
export function qrMatrix(text: string): boolean[][] | null {
  if (new TextEncoder().encode(text).length > QR_MAX_BYTES) return null;
  try {
    // Error correction L keeps long share links in range; boostEcc raises it when there is room.
    return encode(text, { ecc: 'L', boostEcc: true, border: 0 }).data;
  } catch {
    return null; // "Data too long" and friends
  }
}

/** Horizontal runs of dark modules, one rect each: a v40 code stays a few thousand nodes, not 31,000. */
export function darkRuns(matrix: readonly (readonly boolean[])[]): { x: number; y: number; width: number }[] {
  const runs: { x: number; y: number; width: number }[] = [];
  matrix.forEach((row, y) => {
    let start = -1;
    for (let x = 0; x <= row.length; x++) {
      const dark = x < row.length && row[x] === true;
      if (dark && start < 0) start = x;
      else if (!dark && start >= 0) {
        runs.push({ x: start, y, width: x - start });
        start = -1;
      }
    }
  });
  return runs;
}

export interface QrCodeProps {
  /** What the code encodes (a share URL). */
  text: string;
  /** Rendered width and height in CSS pixels. */
  size: number;
}

/** The QR code of `text`, or a sentence saying it is too long for one. */
export function QrCode({ text, size }: QrCodeProps) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const runs = useMemo(() => (matrix ? darkRuns(matrix) : []), [matrix]);
  if (!matrix) return <p className="qr-too-long">This moment is too long for a QR code — use the Share link</p>;
  const extent = matrix.length + 2 * QR_QUIET_MODULES;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label="QR code of the share link"
      width={size}
      height={size}
      viewBox={`${-QR_QUIET_MODULES} ${-QR_QUIET_MODULES} ${extent} ${extent}`}
      shapeRendering="crispEdges"
      data-modules={matrix.length}
    >
      {/* Always black on white, whatever the theme: phone cameras expect dark modules on light. */}
      <rect x={-QR_QUIET_MODULES} y={-QR_QUIET_MODULES} width={extent} height={extent} fill="#fff" />
      {runs.map((r) => (
        <rect key={`${r.y}:${r.x}`} x={r.x} y={r.y} width={r.width} height={1} fill="#000" />
      ))}
    </svg>
  );
}
