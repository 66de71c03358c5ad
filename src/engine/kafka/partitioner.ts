/**
 * Keyed partitioning, bit-for-bit compatible with the Java producer.
 *
 * A record with a key goes to `toPositive(murmur2(keyBytes)) % numPartitions`
 * (`BuiltInPartitioner.partitionForKey` in `clients/.../producer/internals/`). Records with no key
 * are not handled here: the sticky partitioner chooses those.
 *
 * @module
 */

// Constants of Kafka's `Utils.murmur2` (clients/src/main/java/org/apache/kafka/common/utils/Utils.java).
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * 32-bit MurmurHash2, exactly as Kafka's `Utils.murmur2`.
 *
 * Returns a signed 32-bit integer, the same value the JVM returns. All arithmetic is Java `int`
 * arithmetic: `Math.imul` for `*`, `|0`/`^` to wrap, `>>>` for Java's unsigned shift.
 *
 * @param bytes - the serialized key.
 * @returns the hash as a signed 32-bit integer.
 * @example
 * murmur2(utf8('key')); // -1079937367
 * murmur2(new Uint8Array(0)); // 275646681
 */
export function murmur2(bytes: Uint8Array): number {
  // Kafka Utils.murmur2
  const length = bytes.length;
  let h = SEED ^ length;
  const length4 = Math.floor(length / 4);

  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    // Little-endian 4-byte block; the bytes don't overlap, so `|` equals Java's `+` here.
    let k = (bytes[i4]! & 0xff) | ((bytes[i4 + 1]! & 0xff) << 8) | ((bytes[i4 + 2]! & 0xff) << 16) | ((bytes[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // Java's `switch (length % 4)` falls through 3 → 2 → 1; written as ifs because
  // the project forbids switch fall-through.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest >= 3) h ^= (bytes[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (bytes[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= bytes[tail]! & 0xff;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * Kafka's `Utils.toPositive`: clears the sign bit (`n & 0x7fffffff`).
 *
 * This is not `Math.abs`: `toPositive(-1)` is `2147483647`, and `toPositive(-2147483648)` is `0`.
 *
 * @param n - a 32-bit integer (other numbers are first truncated to 32 bits, as `&` does).
 * @returns a value in `[0, 2^31 - 1]`.
 */
export function toPositive(n: number): number {
  // Kafka Utils.toPositive
  return n & 0x7fffffff;
}

/**
 * The bytes Java's `StringSerializer` (UTF-8, `String.getBytes(UTF_8)`) produces for `s`.
 *
 * Identical to `TextEncoder` for well-formed strings. The difference is a lone surrogate: Java
 * writes `'?'` (0x3F) for it, where `TextEncoder` writes U+FFFD (EF BF BD). Keys therefore hash to
 * the partition a Java producer would pick.
 *
 * @param s - the key as a JavaScript (UTF-16) string.
 * @returns its UTF-8 encoding.
 * @example
 * utf8('é'); // Uint8Array [0xc3, 0xa9]
 * utf8('\ud800'); // Uint8Array [0x3f]
 */
export function utf8(s: string): Uint8Array {
  // Kafka StringSerializer → java.lang.String.getBytes(StandardCharsets.UTF_8)
  const out = new Uint8Array(s.length * 3); // worst case: 3 bytes per UTF-16 code unit
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out[n++] = 0xf0 | (cp >> 18);
        out[n++] = 0x80 | ((cp >> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        // Unpaired surrogate: the JDK's UTF-8 encoder substitutes '?'.
        out[n++] = 0x3f;
      }
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? utf8(key) : key;
}

function checkPartitionCount(numPartitions: number): void {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a whole number of at least 1, got ${String(numPartitions)}. ` + 'A topic always has at least one partition.');
  }
}

/**
 * The partition Kafka's default partitioner picks for a record with this key.
 *
 * `toPositive(murmur2(keyBytes)) % numPartitions`, as `BuiltInPartitioner.partitionForKey`. A string
 * key is serialized as `StringSerializer` does (UTF-8, see {@link utf8}). The empty string is a
 * real key (it hashes zero bytes); only a null key falls to the sticky partitioner.
 *
 * `numPartitions` is the topic's total partition count, available or not, as in
 * `KafkaProducer.partition()`.
 *
 * @param key - the key as a string, or already-serialized bytes.
 * @param numPartitions - the topic's partition count.
 * @returns a partition index in `[0, numPartitions)`.
 * @throws RangeError if `numPartitions` is not an integer of at least 1.
 * @example
 * partitionForKey('key', 3); // 1
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  // Kafka BuiltInPartitioner.partitionForKey
  checkPartitionCount(numPartitions);
  return toPositive(murmur2(keyBytes(key))) % numPartitions;
}

/** Each step of {@link partitionForKey}, for the UI to show how a key chose its partition. */
export interface KeyHashExplanation {
  /** `Utils.murmur2` of the key's bytes: a signed 32-bit integer. */
  murmur2: number;
  /** `Utils.toPositive` of that hash: the sign bit cleared. */
  positive: number;
  /** `positive % numPartitions`: the partition the record goes to. */
  partition: number;
}

/**
 * How a key chose its partition, step by step (the same computation as {@link partitionForKey}).
 *
 * @param key - the key as a string (UTF-8 encoded as Java would), or its bytes.
 * @param numPartitions - the topic's partition count.
 * @returns the hash, its positive form, and the partition.
 * @throws RangeError if `numPartitions` is not an integer of at least 1.
 * @example
 * keyHashExplanation('key', 3); // { murmur2: -1079937367, positive: 1067546281, partition: 1 }
 */
export function keyHashExplanation(key: string | Uint8Array, numPartitions: number): KeyHashExplanation {
  // Kafka BuiltInPartitioner.partitionForKey, one step at a time
  checkPartitionCount(numPartitions);
  const hash = murmur2(keyBytes(key));
  const positive = toPositive(hash);
  return { murmur2: hash, positive, partition: positive % numPartitions };
}
