import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  keyHashExplanation,
  murmur2,
  partitionForKey,
  toPositive,
  utf8,
} from '../../../src/engine/kafka/partitioner';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

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
  // Copied verbatim from apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java (testMurmur2).
  const kafkaUtilsTest: [Uint8Array, number][] = [
    [ascii('21'), -973932308],
    [ascii('foobar'), -790332482],
    [ascii('a-little-bit-long-string'), -985981536],
    [ascii('a-little-bit-longer-string'), -1486304829],
    [ascii('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971],
    [bytes(0x61, 0x62, 0x63) /* new byte[] {'a', 'b', 'c'} */, 479470107],
  ];
  it.each(kafkaUtilsTest)('UtilsTest.testMurmur2 case %#', (input, expected) => {
    expect(murmur2(input)).toBe(expected);
  });

  // Copied verbatim from tulios/kafkajs src/producer/partitioners/default/murmur2.spec.js (HEAD 55b0b41;
  // "Generated with src/producer/partitioners/defaultJava/Test.java", i.e. the Java-compatible partitioner).
  const kafkajsTestData: Record<string, number> = {
    '0': 971027396,
    '1': -1993445489,
    '128': -326012175,
    '2187': -1508407203,
    '16384': -325739742,
    '78125': -1654490814,
    '279936': 1462227128,
    '823543': -2014198330,
    '2097152': 607668903,
    '4782969': -1182699775,
    '10000000': -1830336757,
    '19487171': -1603849305,
    '35831808': -857013643,
    '62748517': -1167431028,
    '105413504': -381294639,
    '170859375': -1658323481,
    '100:48069': 1009543857,
  };
  it.each(Object.entries(kafkajsTestData))('KafkaJS murmur2.spec.js key %s', (key, expected) => {
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

  // Every tail length (length % 4 = 0..3) and one or two full blocks. Expected values come from running
  // Kafka's Utils.murmur2 (copied verbatim into a Java file) on OpenJDK 17.0.15.
  const tails: [string, Uint8Array, number][] = [
    ['0 bytes', bytes(), 275646681],
    ['1 byte', ascii('a'), -1563381124],
    ['2 bytes', ascii('ab'), 316155434],
    ['3 bytes', ascii('abc'), 479470107],
    ['4 bytes', ascii('abcd'), -1323649548],
    ['5 bytes', ascii('abcde'), 461995741],
    ['7 bytes', ascii('abcdefg'), -346467175],
    ['8 bytes', ascii('abcdefgh'), -955427363],
    ['1 high byte (sign bit of a Java byte)', bytes(0xff), -311467685],
    ['3 high bytes', bytes(0xff, 0xfe, 0xfd), 998637092],
    ['5 high bytes', bytes(0x80, 0x81, 0x82, 0x83, 0x84), -1665622439],
    ['4 zero bytes', bytes(0, 0, 0, 0), 850957120],
  ];
  it.each(tails)('tail length: %s', (_label, input, expected) => {
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
  // Expected bytes and hashes from Java's "…".getBytes(StandardCharsets.UTF_8) and Kafka's Utils.murmur2
  // on OpenJDK 17.0.15.
  const cases: [string, string, number[], number][] = [
    ['2-byte (é)', 'é', [0xc3, 0xa9], 186971271],
    ['ASCII + 2-byte', 'café', [0x63, 0x61, 0x66, 0xc3, 0xa9], -1358007374],
    ['Latin-1 mix', 'üñîçødë', [0xc3, 0xbc, 0xc3, 0xb1, 0xc3, 0xae, 0xc3, 0xa7, 0xc3, 0xb8, 0x64, 0xc3, 0xab], 1920216754],
    ['CJK (3-byte)', '日本語', [0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac, 0xe8, 0xaa, 0x9e], 1431860170],
    ['CJK key', '中文键', [0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87, 0xe9, 0x94, 0xae], -1179355498],
    ['emoji (4-byte, surrogate pair)', '🚀', [0xf0, 0x9f, 0x9a, 0x80], 761778625],
    ['two emoji', 'key-😀-🎉', [0x6b, 0x65, 0x79, 0x2d, 0xf0, 0x9f, 0x98, 0x80, 0x2d, 0xf0, 0x9f, 0x8e, 0x89], 815018246],
    ['Arabic (2-byte)', 'مرحبا', [0xd9, 0x85, 0xd8, 0xb1, 0xd8, 0xad, 0xd8, 0xa8, 0xd8, 0xa7], -1228431743],
    // Lone surrogates: Java writes '?' (0x3F) where TextEncoder would write EF BF BD.
    ['lone high surrogate', '\ud800', [0x3f], -323429624],
    ['lone low surrogate inside ASCII', 'a\udc00b', [0x61, 0x3f, 0x62], -348781372],
    ['high surrogate at the end', '\ud83d', [0x3f], -323429624],
    ['high surrogate before ASCII', 'x\ud83dy', [0x78, 0x3f, 0x79], -1843063744],
    ['reversed pair (low, high)', '\udc00\ud800', [0x3f, 0x3f], -949127636],
  ];
  it.each(cases)('%s', (_label, s, expectedBytes, expectedHash) => {
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
  // KafkaJS's default/index.spec.js has no keyed expectations (only "same key yields same partition"), so the
  // expected partitions here come from Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % n on OpenJDK 17.0.15.
  const jvm: [string, Record<number, number>][] = [
    ['key', { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 4, 8: 1, 10: 1, 12: 1, 16: 9, 50: 31, 100: 81 }],
    ['', { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1, 6: 3, 7: 2, 8: 1, 10: 1, 12: 9, 16: 9, 50: 31, 100: 81 }],
    ['0', { 2: 0, 3: 2, 4: 0, 5: 1, 6: 2, 7: 3, 8: 4, 10: 6, 12: 8, 16: 4, 50: 46, 100: 96 }],
    ['1', { 2: 1, 3: 0, 4: 3, 5: 4, 6: 3, 7: 2, 8: 7, 10: 9, 12: 3, 16: 15, 50: 9, 100: 59 }],
    ['foobar', { 2: 0, 3: 0, 4: 2, 5: 1, 6: 0, 7: 0, 8: 6, 10: 6, 12: 6, 16: 14, 50: 16, 100: 66 }],
    ['user-42', { 2: 0, 3: 1, 4: 0, 5: 0, 6: 4, 7: 1, 8: 4, 10: 0, 12: 4, 16: 12, 50: 10, 100: 60 }],
    ['order-1001', { 2: 0, 3: 0, 4: 2, 5: 3, 6: 0, 7: 1, 8: 6, 10: 8, 12: 6, 16: 6, 50: 28, 100: 78 }],
    ['customer_7', { 2: 0, 3: 1, 4: 2, 5: 4, 6: 4, 7: 5, 8: 6, 10: 4, 12: 10, 16: 6, 50: 14, 100: 14 }],
    ['sensor.12', { 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, 7: 2, 8: 5, 10: 5, 12: 1, 16: 5, 50: 25, 100: 25 }],
    ['hello world', { 2: 1, 3: 1, 4: 3, 5: 4, 6: 1, 7: 2, 8: 3, 10: 9, 12: 7, 16: 3, 50: 9, 100: 59 }],
    ['café', { 2: 0, 3: 0, 4: 2, 5: 4, 6: 0, 7: 6, 8: 2, 10: 4, 12: 6, 16: 2, 50: 24, 100: 74 }],
    ['日本語', { 2: 0, 3: 1, 4: 2, 5: 0, 6: 4, 7: 6, 8: 2, 10: 0, 12: 10, 16: 10, 50: 20, 100: 70 }],
    ['🚀', { 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, 7: 6, 8: 1, 10: 5, 12: 1, 16: 1, 50: 25, 100: 25 }],
    ['\ud800', { 2: 0, 3: 0, 4: 0, 5: 4, 6: 0, 7: 2, 8: 0, 10: 4, 12: 0, 16: 8, 50: 24, 100: 24 }],
  ];
  for (const [key, byCount] of jvm) {
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
