/**
 * Share links: a whole scenario doc in the URL fragment, `#share=s2.<base64url(deflate(JSON))>`.
 * The fragment never reaches a server. Decoding never throws and trusts nothing: sizes are capped
 * before and during inflating (a zip bomb stops at 2 MB), then the doc is migrated and validated.
 */
import { deflateSync, Inflate, strToU8 } from 'fflate';
import type { ScenarioDoc } from './doc';
import { SCENARIO_FORMAT_VERSION } from './doc';
import { migrateDoc } from './migrations';
import { parseScenarioDoc } from './schema';

/** Longest encoded text accepted (characters after `#share=`). */
export const MAX_ENCODED_CHARS = 100_000;
/** Largest inflated JSON accepted (bytes). */
export const MAX_INFLATED_BYTES = 2 * 1024 * 1024;
/** Input fed to the inflater at a time: deflate expands at most ~1032×, so one push stays small. */
const INFLATE_CHUNK_BYTES = 1024;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64URL_INDEX[B64URL.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64URL[a >> 2]! + B64URL[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += B64URL[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += B64URL[c & 63]!;
  }
  return out;
}

/** Strict base64url (no padding, no other characters); null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? B64URL_INDEX[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1; // keep only the bits not yet written
  }
  return out;
}

/** Inflates raw deflate data, giving up past `maxBytes` of output (streamed, so a bomb never fills memory). */
function inflateCapped(data: Uint8Array, maxBytes: number): { ok: true; bytes: Uint8Array } | { ok: false; why: 'damaged' | 'too-large' } {
  if (data.length === 0) return { ok: false, why: 'damaged' };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    else chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let i = 0; i < data.length && !tooLarge; i += INFLATE_CHUNK_BYTES) {
      inflater.push(data.subarray(i, i + INFLATE_CHUNK_BYTES), i + INFLATE_CHUNK_BYTES >= data.length);
    }
  } catch {
    return { ok: false, why: 'damaged' };
  }
  if (tooLarge) return { ok: false, why: 'too-large' };
  if (!finished) return { ok: false, why: 'damaged' };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}

/** The encoded form of a doc: `s2.` + base64url(deflate(UTF-8 JSON)), deflate level 9. */
export function encodeDoc(doc: ScenarioDoc): string {
  return `s${SCENARIO_FORMAT_VERSION}.${toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }))}`;
}

/** Decodes the payload of an `s<N>.` envelope to JSON (not yet migrated or validated). */
function unpack(body: string): { ok: true; json: unknown } | { ok: false; error: string } {
  const packed = fromBase64Url(body);
  if (!packed)
    return { ok: false, error: 'The link is damaged: it contains characters a share link never has (it may have been cut off or changed when it was copied).' };
  const inflated = inflateCapped(packed, MAX_INFLATED_BYTES);
  if (!inflated.ok) {
    return inflated.why === 'too-large'
      ? { ok: false, error: `The link unpacks to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MB, more than any scenario needs.` }
      : { ok: false, error: 'The link is damaged: its compressed data cannot be unpacked (it may have been cut off when it was copied).' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return { ok: false, error: 'The link is damaged: its data is not text.' };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'The link is damaged: its data is not valid JSON.' };
  }
}

/**
 * The one path from JSON to a doc, for a share link's payload and a saved file alike: migrate any
 * known format version, then validate and repair (`parseScenarioDoc`). Never throws; a failure is
 * a sentence that names where the doc came from ("This file was made by a newer Streamscope…").
 */
export function readDoc(json: unknown, from: 'link' | 'file'): { ok: true; doc: ScenarioDoc } | { ok: false; error: string } {
  const migrated = migrateDoc(json);
  if (!migrated.ok) return from === 'link' ? migrated : { ok: false, error: sentence(migrated.error.replace(/^This link/, 'This file')) };
  const parsed = parseScenarioDoc(migrated.doc);
  if (parsed.ok) return parsed;
  return { ok: false, error: from === 'link' ? `The scenario in the link is not valid: ${parsed.error}.` : sentence(parsed.error) };
}

const sentence = (text: string): string => (text.endsWith('.') ? text : `${text}.`);

/**
 * Decodes a share payload (`s2.…`, or the older `s1.…`): unpacks, migrates and validates it. Never
 * throws; every failure is a sentence a person can act on.
 */
export function decodeDoc(text: string): { ok: true; doc: ScenarioDoc } | { ok: false; error: string } {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'The link holds no scenario.' };
    if (text.length > MAX_ENCODED_CHARS)
      return {
        ok: false,
        error: `The link is too long (${text.length.toLocaleString('en-US')} characters; a scenario link has at most ${MAX_ENCODED_CHARS.toLocaleString('en-US')}).`,
      };
    const trimmed = text.trim();
    const envelope = /^s(\d{1,6})\.(.*)$/s.exec(trimmed);
    if (!envelope) return { ok: false, error: 'The link does not hold a Streamscope scenario (its data should start with "s2.").' };
    const version = Number(envelope[1]);
    if (version > SCENARIO_FORMAT_VERSION)
      return { ok: false, error: `This link was made by a newer Streamscope (format v${version}); this version reads up to v${SCENARIO_FORMAT_VERSION}.` };
    if (version < 1) return { ok: false, error: `The link's format (v${version}) is not one Streamscope ever wrote.` };
    const unpacked = unpack(envelope[2]!);
    if (!unpacked.ok) return unpacked;
    return readDoc(unpacked.json, 'link');
  } catch (e) {
    // Nothing above should throw; if something does, it is still only a bad link.
    return { ok: false, error: `The link could not be read (${e instanceof Error ? e.message : 'unknown problem'}).` };
  }
}

/** The URL that opens `doc`: `baseHref` without its fragment, plus `#share=…`. */
export function shareUrl(doc: ScenarioDoc, baseHref: string): string {
  const hashAt = baseHref.indexOf('#');
  const base = hashAt < 0 ? baseHref : baseHref.slice(0, hashAt);
  return `${base}#share=${encodeDoc(doc)}`;
}

/** What a location fragment asks for. */
export type HashRequest =
  | { kind: 'none' }
  | { kind: 'share'; doc: ScenarioDoc }
  | { kind: 'lesson'; id: string; /** 0-based step to open (`&step=3` is the third step). */ step: number }
  | { kind: 'scenario'; id: string }
  | { kind: 'error'; message: string };

const ID = /^[a-z0-9-]{1,40}$/;

/**
 * Reads `location.hash`: `#share=s2.…`, `#lesson=retention` (or `#lesson=retention&step=3`, a lesson
 * at its third step: short enough for a QR code that scans from the back of a room),
 * `#scenario=busy`. Any other fragment
 * (an in-page link such as `#inspector`) is `none`. Whether a lesson or scenario id exists is for
 * the caller to check; ids must be 1–40 lowercase letters, digits or dashes.
 */
export function parseLocationHash(hash: string): HashRequest {
  const raw = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  const m = /^(share|lesson|scenario)=(.*)$/s.exec(raw);
  if (!m) return { kind: 'none' };
  const key = m[1] as 'share' | 'lesson' | 'scenario';
  let value = m[2]!;
  if (value.includes('%') && value.length <= MAX_ENCODED_CHARS * 3) {
    // Some apps percent-encode a pasted link; base64url itself never contains '%'.
    try {
      value = decodeURIComponent(value);
    } catch {
      return { kind: 'error', message: 'The link is damaged: it contains a broken %-escape.' };
    }
  }
  if (key === 'share') {
    const r = decodeDoc(value);
    return r.ok ? { kind: 'share', doc: r.doc } : { kind: 'error', message: r.error };
  }
  let step = 0;
  const stepped = key === 'lesson' ? /^(.*)&step=([1-9][0-9]{0,2})$/s.exec(value) : null;
  if (stepped) {
    value = stepped[1]!;
    step = Number(stepped[2]) - 1;
  }
  if (!ID.test(value)) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return { kind: 'error', message: `"${shown}" is not a ${key} name (names use lowercase letters, digits and dashes).` };
  }
  return key === 'lesson' ? { kind: 'lesson', id: value, step } : { kind: key, id: value };
}

/** The short link to a lesson at a step (0-based): `…#lesson=replication&step=3` for the third step. */
export function lessonStepUrl(id: string, step: number, baseHref: string): string {
  const hashAt = baseHref.indexOf('#');
  const base = hashAt < 0 ? baseHref : baseHref.slice(0, hashAt);
  return `${base}#lesson=${id}${step > 0 ? `&step=${step + 1}` : ''}`;
}
