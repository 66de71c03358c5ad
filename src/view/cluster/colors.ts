/**
 * Categorical colours for record dots and flow bands: the Okabe–Ito palette (distinguishable with
 * the common colour-vision deficiencies). Colour is never the only carrier of meaning: the cluster
 * view also writes roles and states in words, letters and border styles.
 */

/** Okabe–Ito, without black (black would read as "ink", not as a category). Same hexes as app.css. */
export const RECORD_PALETTE: readonly string[] = [
  '#0072b2', // blue
  '#e69f00', // orange
  '#009e73', // bluish green
  '#d55e00', // vermillion
  '#56b4e9', // sky blue
  '#cc79a7', // reddish purple
  '#f0e442', // yellow
];

/** Records without a key: a neutral grey that is not in the palette. */
export const NO_KEY_COLOR = '#8c8c8c';

/** The colour of partition `i` (wraps around after the palette's seven colours). */
export function colorForPartition(i: number): string {
  const n = RECORD_PALETTE.length;
  return RECORD_PALETTE[((Math.trunc(i) % n) + n) % n]!;
}

/**
 * FNV-1a over the key's UTF-16 code units: a stable, cheap hash so one key always gets the same
 * colour (in this view only — this is not Kafka's murmur2 partitioner).
 */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The colour of a record key; a null key is grey.
 * @example colorForKey('customer-7') === colorForKey('customer-7') // always
 */
export function colorForKey(key: string | null): string {
  if (key === null) return NO_KEY_COLOR;
  return RECORD_PALETTE[hashKey(key) % RECORD_PALETTE.length]!;
}
