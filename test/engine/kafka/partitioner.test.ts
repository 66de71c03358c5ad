import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keyHashExplanation, murmur2, partitionForKey, toPositive, utf8 } from '../../../src/engine/kafka/partitioner';
import { MURMUR2_KAFKA_UTILS_TEST, MURMUR2_KAFKAJS, MURMUR2_TAILS, PARTITION_FOR_KEY_JVM, UTF8_JAVA } from '../../fixtures/kafka-hash-vectors';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** Any JavaScript string, including unpaired surrogates, with every UTF-8 length well represented. */
const anyUtf16 = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x80, max: 0x7ff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x800, max: 0xffff }).map((c) => String.fromCharCode(c)), // includes lone surrogates
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('murmur2: fidelity with Kafka Utils.murmur2', () => {
  it.each(MURMUR2_KAFKA_UTILS_TEST)('UtilsTest.testMurmur2 case %#', (input, expected) => {
    expect(murmur2(input)).toBe(expected);
  });

  it.each(Object.entries(MURMUR2_KAFKAJS))('KafkaJS murmur2.spec.js key %s', (key, expected) => {
    expect(murmur2(utf8(key))).toBe(expected);
  });
  it('KafkaJS murmur2.spec.js: numeric input 0 and buffer input "1"', () => {
    // KafkaJS turns the number 0 into the string "0"; Buffer.from('1') is the byte 0x31.
    expect(murmur2(utf8(String(0)))).toBe(971027396);
    expect(murmur2(bytes(0x31))).toBe(-1993445489);
  });

  it('hashes zero bytes (the empty-string key) to 275646681, and "key" to -1079937367', () => {
    // KAFKA-SEMANTICS.md §1; "key" is the value that KafkaJS's legacy (non-Java) partitioner gets wrong.
    expect(murmur2(new Uint8Array(0))).toBe(275646681);
    expect(murmur2(utf8(''))).toBe(275646681);
    expect(murmur2(utf8('key'))).toBe(-1079937367);
  });

  it.each(MURMUR2_TAILS)('tail length: %s', (_label, input, expected) => {
    expect(murmur2(input)).toBe(expected);
  });

  it('always returns a signed 32-bit integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const h = murmur2(b);
        expect(Number.isInteger(h)).toBe(true);
        expect(h).toBe(h | 0);
      }),
    );
  });

  it('is a pure function of the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const copy = b.slice();
        expect(murmur2(b)).toBe(murmur2(copy));
        expect(b).toEqual(copy);
      }),
    );
  });
});

describe('utf8: the bytes of Java StringSerializer', () => {
  it.each(UTF8_JAVA)('%s', (_label, s, expectedBytes, expectedHash) => {
    expect(Array.from(utf8(s))).toEqual(expectedBytes);
    expect(murmur2(utf8(s))).toBe(expectedHash);
  });

  it('matches TextEncoder on well-formed strings', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(utf8(s)).toEqual(encoder.encode(s));
      }),
    );
  });

  it('differs from TextEncoder only by writing "?" for each unpaired surrogate', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(anyUtf16, (s) => {
        // Replace each lone surrogate by '?' first; then the two encoders must agree.
        const repaired = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?');
        expect(utf8(s)).toEqual(encoder.encode(repaired));
      }),
    );
  });
});

describe('toPositive: Kafka Utils.toPositive, not Math.abs', () => {
  it('clears the sign bit', () => {
    expect(toPositive(0)).toBe(0);
    expect(toPositive(5)).toBe(5);
    expect(toPositive(2147483647)).toBe(2147483647);
    expect(toPositive(-1)).toBe(2147483647); // Math.abs would give 1
    expect(toPositive(-2147483648)).toBe(0); // Math.abs would give 2147483648
    expect(toPositive(-1079937367)).toBe(1067546281);
  });

  it('is always in [0, 2^31 - 1] and keeps the low 31 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
        const p = toPositive(n);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(2147483647);
        expect(p).toBe(n >= 0 ? n : n + 2147483648);
      }),
    );
  });
});

describe('partitionForKey: BuiltInPartitioner.partitionForKey', () => {
  for (const [key, byCount] of PARTITION_FOR_KEY_JVM) {
    it(`key ${JSON.stringify(key)} goes where the Java producer sends it`, () => {
      for (const [n, expected] of Object.entries(byCount)) {
        expect(partitionForKey(key, Number(n))).toBe(expected);
      }
    });
  }

  it('treats a string key and its UTF-8 bytes alike', () => {
    fc.assert(
      fc.property(anyUtf16, fc.integer({ min: 1, max: 1000 }), (key, n) => {
        expect(partitionForKey(key, n)).toBe(partitionForKey(utf8(key), n));
      }),
    );
  });

  it('always lands in [0, numPartitions) and is stable for a key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 10_000 }), (key, n) => {
        const p = partitionForKey(key, n);
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThan(n);
        expect(partitionForKey(key, n)).toBe(p);
      }),
    );
  });

  it('puts every key in partition 0 of a one-partition topic', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(partitionForKey(key, 1)).toBe(0);
      }),
    );
  });

  it('throws a RangeError for fewer than one partition, or a non-integer count', () => {
    expect(() => partitionForKey('key', 0)).toThrow(RangeError);
    expect(() => partitionForKey('key', -3)).toThrow(RangeError);
    expect(() => partitionForKey('key', 2.5)).toThrow(RangeError);
    expect(() => partitionForKey('key', Number.NaN)).toThrow(RangeError);
  });
});

describe('keyHashExplanation', () => {
  it('shows each step for "key" on 3 partitions', () => {
    expect(keyHashExplanation('key', 3)).toEqual({ murmur2: -1079937367, positive: 1067546281, partition: 1 });
  });

  it('shows each step for the empty key on 12 partitions', () => {
    expect(keyHashExplanation('', 12)).toEqual({ murmur2: 275646681, positive: 275646681, partition: 9 });
  });

  it('agrees with murmur2, toPositive and partitionForKey', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.integer({ min: 1, max: 500 }), (key, n) => {
        const e = keyHashExplanation(key, n);
        expect(e.murmur2).toBe(murmur2(utf8(key)));
        expect(e.positive).toBe(toPositive(e.murmur2));
        expect(e.partition).toBe(e.positive % n);
        expect(e.partition).toBe(partitionForKey(key, n));
      }),
    );
  });

  it('throws a RangeError for fewer than one partition', () => {
    expect(() => keyHashExplanation('key', 0)).toThrow(RangeError);
  });
});
