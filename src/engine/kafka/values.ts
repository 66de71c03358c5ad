/**
 * Record values made on demand. A generated record stores only its producer's template, a seed and
 * its index; the value string is built from those when someone looks (or to measure its size), so
 * a long run does not keep millions of strings alive.
 */
import type { ValueTemplate } from '../commands';

/** A small integer hash (murmur3's fmix32): values are a pure function of (seed, index). */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const ITEMS = ['coffee', 'tea', 'bagel', 'croissant', 'muffin', 'juice', 'sandwich', 'salad'] as const;
const PRICES = [350, 280, 225, 310, 295, 420, 650, 720] as const;

/** The fields of a generated order, from the record's hash (shared by the value and its size). */
function orderFields(h: number): { item: string; qty: number; cents: number; customer: number } {
  const i = h % ITEMS.length;
  const qty = 1 + ((h >>> 8) % 4);
  return { item: ITEMS[i]!, qty, cents: PRICES[i]! * qty, customer: (h >>> 12) % 500 };
}

/**
 * The value of generated record `index` of a producer with `seed`, whose record carries `key`.
 * A keyed record's key names what the value is about — an order's customer, a reading's sensor —
 * as applications key orders by customer so that one customer's orders stay in order on one
 * partition; an unkeyed record gets a made-up one (`c-208`, `s-3`).
 */
export function materializeValue(template: ValueTemplate, seed: number, index: number, key: string | null = null): string {
  const h = mix32(seed, index);
  switch (template.kind) {
    case 'order': {
      const o = orderFields(h);
      const customer = key === null ? `"c-${o.customer}"` : JSON.stringify(key);
      return `{"order_id":${index + 1},"customer":${customer},"item":"${o.item}","quantity":${o.qty},"total":${(o.cents / 100).toFixed(2)}}`;
    }
    case 'sensor': {
      const sensor = key === null ? `"s-${h % 16}"` : JSON.stringify(key);
      return `{"sensor":${sensor},"temperature":${(15 + ((h >>> 4) % 150) / 10).toFixed(1)},"humidity":${30 + ((h >>> 12) % 50)}}`;
    }
    case 'text':
      return template.text;
    case 'bytes': {
      const size = Math.max(0, Math.floor(template.sizeBytes));
      let s = '';
      for (let i = 0, x = h; s.length < size; i++, x = mix32(x, i)) s += x.toString(16).padStart(8, '0');
      return s.slice(0, size);
    }
  }
}

function digits(n: number): number {
  let d = 1;
  for (let x = Math.abs(Math.trunc(n)); x >= 10; x = Math.floor(x / 10)) d++;
  return d;
}

/** UTF-8 size of `JSON.stringify(s)` (quotes and escapes included) without building it. */
function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 2;
    else if (c < 0x20)
      n += 6; // \u00XX
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff)
      n += 6; // a lone surrogate is escaped (well-formed JSON.stringify)
    else n += 3;
  }
  return n;
}

/**
 * The UTF-8 size of `materializeValue(template, seed, index, key)` without building the string, so
 * producing a record does not allocate its value (checked against the real string in the tests).
 */
export function valueSizeBytes(template: ValueTemplate, seed: number, index: number, key: string | null = null): number {
  const h = mix32(seed, index);
  switch (template.kind) {
    case 'order': {
      const o = orderFields(h);
      // {"order_id":N,"customer":"c-K","item":"X","quantity":Q,"total":D.CC}
      const customer = key === null ? 4 + digits(o.customer) : jsonStringBytes(key);
      return 12 + digits(index + 1) + 12 + customer + 9 + o.item.length + 13 + 1 + 9 + digits(Math.floor(o.cents / 100)) + 3 + 1;
    }
    case 'sensor': {
      // {"sensor":"s-N","temperature":TT.T,"humidity":HH}
      const sensor = key === null ? 4 + digits(h % 16) : jsonStringBytes(key);
      return 10 + sensor + 15 + 4 + 12 + 2 + 1;
    }
    case 'text':
      return utf8Length(template.text);
    case 'bytes':
      return Math.max(0, Math.floor(template.sizeBytes));
  }
}

/** UTF-8 length of a string without allocating its bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes of a zig-zag varint (`ByteUtils.sizeOfVarint`). */
function varintSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

/**
 * Size of one record in a v2 batch (`DefaultRecord.sizeInBytes`): attributes, timestamp and offset
 * deltas, key, value and headers, each with its varint length, plus the record's own length prefix.
 */
export function recordSizeBytes(
  key: string | null,
  value: string | null,
  headers: readonly [string, string][] | null,
  timestampDelta: number,
  offsetDelta: number,
  valueBytes?: number,
): number {
  const keyLen = key === null ? -1 : utf8Length(key);
  const valueLen = valueBytes ?? (value === null ? -1 : utf8Length(value));
  let body = 1 + varintSize(timestampDelta) + varintSize(offsetDelta);
  body += varintSize(keyLen) + Math.max(0, keyLen);
  body += varintSize(valueLen) + Math.max(0, valueLen);
  body += varintSize(headers?.length ?? 0);
  for (const [k, v] of headers ?? []) {
    const kl = utf8Length(k);
    const vl = utf8Length(v);
    body += varintSize(kl) + kl + varintSize(vl) + vl;
  }
  return varintSize(body) + body;
}
