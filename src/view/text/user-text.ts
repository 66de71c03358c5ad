/**
 * Text a person typed or a shared link carried (ids, names, keys, values, headers) shown as it is:
 * characters that draw nothing or reorder what follows (zero-width spaces and joiners, bidi
 * overrides and isolates, controls, other default-ignorable code points) become a visible marker
 * `⟨U+202E⟩`, and the text is isolated so it cannot reorder the words around it. Without this,
 * "c2" and "c\u200B2" look the same and "admin\u202Etxt.exe" reads "adminexe.txt". Pure functions,
 * no React (the component is `UserText.tsx`).
 */

/** Opens a marker; a literal `⟨` is itself shown as a marker, so the visible form is never ambiguous. */
const OPEN = '\u27E8';
const CLOSE = '\u27E9';
/** FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: isolation in plain text (SVG, titles, aria-labels). */
export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * What is shown as a marker: controls (C0, DEL, C1), format characters (bidi marks, embeddings,
 * overrides and isolates, zero-width spaces and joiners, BOM), other default-ignorable code points
 * (variation selectors, Hangul fillers, tags), line and paragraph separators, lone surrogates, and
 * the marker's own bracket. Joiners inside emoji sequences are marked too: "👍‍👍" draws like
 * "👍👍", and ids must never look alike.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}\u27E8]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');
/** Names of the characters people meet most, for a marker's tooltip. */
const CHAR_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NULL',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0xad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x27e8: 'MATHEMATICAL LEFT ANGLE BRACKET',
  0x3164: 'HANGUL FILLER',
  0xfe0e: 'VARIATION SELECTOR-15',
  0xfe0f: 'VARIATION SELECTOR-16',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/** `U+202E` (at least four hex digits). */
const codeLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** "U+202E RIGHT-TO-LEFT OVERRIDE", or "U+E0041" for one without a name here. */
export function describeCodePoint(cp: number): string {
  const name = CHAR_NAMES[cp];
  return name ? `${codeLabel(cp)} ${name}` : codeLabel(cp);
}

/** Options of `visibleText`. */
export interface VisibleOptions {
  /** Keep line feeds and tabs as they are (multi-line record values); every other hidden character is still marked. */
  multiline?: boolean;
}

/** One piece of text: plain, or a marker standing for one hidden character. */
export type TextPart = { text: string } | { text: string; codePoint: number };

/**
 * `s` cut into plain runs and markers: each hidden character becomes a part with its marker text
 * (`⟨U+202E⟩`) and code point. Joining the parts' `text` gives `visibleText(s)`.
 */
export function textParts(s: string, options: VisibleOptions = {}): TextPart[] {
  if (!HIDDEN.test(s)) return [{ text: s }];
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const m of s.matchAll(HIDDEN_ALL)) {
    const at = m.index;
    const ch = m[0];
    if (options.multiline && (ch === '\n' || ch === '\t')) continue;
    if (at > plainFrom) parts.push({ text: s.slice(plainFrom, at) });
    const cp = ch.codePointAt(0) ?? 0;
    parts.push({ text: `${OPEN}${codeLabel(cp)}${CLOSE}`, codePoint: cp });
    plainFrom = at + ch.length;
  }
  if (plainFrom < s.length) parts.push({ text: s.slice(plainFrom) });
  return parts;
}

/**
 * `s` with every hidden character written as a visible marker: `"c\u200B2"` → `"c⟨U+200B⟩2"`.
 * Plain text without hidden characters comes back unchanged; two different strings never give
 * the same result (a literal `⟨` is marked too).
 * @example visibleText('admin\u202Etxt.exe') // 'admin⟨U+202E⟩txt.exe'
 */
export function visibleText(s: string, options: VisibleOptions = {}): string {
  return HIDDEN.test(s) ? textParts(s, options).reduce((out, p) => out + p.text, '') : s;
}

/** Printable ASCII: cannot reorder anything in an English sentence, so it needs no isolation. */
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

/**
 * User text for a plain-text context (a sentence, an SVG label, a `title`, an `aria-label`): the
 * visible form, isolated between FSI and PDI so right-to-left letters in it cannot move the words
 * around it. Printable ASCII is returned as it is.
 * @example `consumer ${isolate(id)} crashed`
 */
export function isolate(s: string): string {
  const visible = visibleText(s);
  return PLAIN_ASCII.test(visible) ? visible : `${FSI}${visible}${PDI}`;
}

/**
 * A sentence built with `isolate` for an accessible name (`aria-label`): the isolation marks
 * removed (the user text in it stays in its visible form). A screen reader reads in logical order
 * anyway, and a name without them is the one a person says to voice control.
 */
export const spoken = (sentence: string): string => sentence.replace(/[\u2068\u2069]/g, '');

/** A piece of a sentence: the sentence's own words, or user text `isolate` wrapped. */
export type SentencePart = { text: string; user: boolean };

/**
 * A sentence built with `isolate` cut back into its own words and its user text (the FSI…PDI
 * runs, without the wrapper), so HTML can put each user part in a `<bdi>`. Isolated runs cannot
 * contain FSI or PDI themselves (they are marked), so the cut is exact.
 */
export function sentenceParts(sentence: string): SentencePart[] {
  if (!sentence.includes(FSI)) return [{ text: sentence, user: false }];
  const parts: SentencePart[] = [];
  let at = 0;
  while (at < sentence.length) {
    const open = sentence.indexOf(FSI, at);
    const close = open < 0 ? -1 : sentence.indexOf(PDI, open + 1);
    if (open < 0 || close < 0) {
      parts.push({ text: sentence.slice(at), user: false });
      break;
    }
    if (open > at) parts.push({ text: sentence.slice(at, open), user: false });
    parts.push({ text: sentence.slice(open + 1, close), user: true });
    at = close + 1;
  }
  return parts;
}

const MARKER = /\u27E8U\+([0-9A-F]{4,6})\u27E9/g;

/**
 * Text already in its visible form (a part of `sentenceParts`) cut into plain runs and markers
 * again. Every `⟨` in a visible form opens a marker (a typed `⟨` is itself one), so this is exact.
 */
export function visibleParts(visible: string): TextPart[] {
  if (!visible.includes(OPEN)) return [{ text: visible }];
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const m of visible.matchAll(MARKER)) {
    if (m.index > plainFrom) parts.push({ text: visible.slice(plainFrom, m.index) });
    parts.push({ text: m[0], codePoint: Number.parseInt(m[1] ?? '0', 16) });
    plainFrom = m.index + m[0].length;
  }
  if (plainFrom < visible.length) parts.push({ text: visible.slice(plainFrom) });
  return parts;
}

/** The longest label an SVG shape shows before it elides (the full text goes in its `<title>`). */
export const SVG_LABEL_CHARS = 18;

/**
 * User text for a fixed-width SVG label: visible, elided to `maxChars` characters with "…",
 * isolated. The full text belongs in the shape's `<title>` (`isolate(s)`).
 */
export function svgLabel(s: string, maxChars = SVG_LABEL_CHARS): string {
  const visible = [...visibleText(s)];
  const shown = visible.length > maxChars ? `${visible.slice(0, Math.max(1, maxChars - 1)).join('')}…` : visible.join('');
  return PLAIN_ASCII.test(shown.replace('…', '')) ? shown : `${FSI}${shown}${PDI}`;
}
