import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/engine';
import { materializeValue, utf8Length, valueSizeBytes } from '../../../src/engine/kafka/values';
import type { ValueTemplate } from '../../../src/engine';
import { keysAndPartitions } from '../../../src/scenario/lessons/keys-and-partitions';

describe('generated record values', () => {
  it('valueSizeBytes equals the UTF-8 length of the materialised value, for every template and key', () => {
    const templates: ValueTemplate[] = [{ kind: 'order' }, { kind: 'sensor' }, { kind: 'text', text: 'héllo ✓ world' }, { kind: 'bytes', sizeBytes: 37 }];
    // Keys with quotes, backslashes, control characters, non-ASCII and lone surrogates must be escaped in the JSON.
    const keys = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('alice', 'customer-7', 'a"b\\c', '\u0001\n\t', '\ud800x', 'x\udc00', '😀'),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.constantFrom(...templates),
        keys,
        (seed, index, template, key) => {
          expect(valueSizeBytes(template, seed, index, key)).toBe(utf8Length(materializeValue(template, seed, index, key)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is a pure function of (template, seed, index, key)', () => {
    expect(materializeValue({ kind: 'order' }, 7, 41)).toBe(materializeValue({ kind: 'order' }, 7, 41));
    expect(materializeValue({ kind: 'order' }, 7, 41)).not.toBe(materializeValue({ kind: 'order' }, 7, 42));
    expect(JSON.parse(materializeValue({ kind: 'order' }, 7, 41))).toMatchObject({ order_id: 42 });
    expect(materializeValue({ kind: 'order' }, 7, 41, 'bob')).toBe(materializeValue({ kind: 'order' }, 7, 41, 'bob'));
  });

  it('names the record’s key as the order’s customer and the reading’s sensor (a made-up one without a key)', () => {
    expect(JSON.parse(materializeValue({ kind: 'order' }, 7, 41, 'alice'))).toMatchObject({ customer: 'alice', order_id: 42 });
    expect(JSON.parse(materializeValue({ kind: 'order' }, 7, 41, 'say "hi"'))).toMatchObject({ customer: 'say "hi"' });
    expect(JSON.parse(materializeValue({ kind: 'order' }, 7, 41, null)).customer).toMatch(/^c-\d+$/);
    expect(JSON.parse(materializeValue({ kind: 'sensor' }, 7, 41, 'sensor-3'))).toMatchObject({ sensor: 'sensor-3' });
    expect(JSON.parse(materializeValue({ kind: 'sensor' }, 7, 41, null)).sensor).toMatch(/^s-\d+$/);
  });

  it('in the keys lesson, every record read back carries its own key as the customer', () => {
    const sim = createSimulation(keysAndPartitions.scenario, { seed: keysAndPartitions.seed });
    sim.advance(5_000);
    const read = sim.snapshot().partitions.flatMap((p) => sim.readRecords(p.topic, p.partition, 0, 50));
    const keyed = read.filter((r) => r.key !== null);
    expect(keyed.length).toBeGreaterThan(5);
    for (const r of keyed) expect(JSON.parse(r.value!)).toMatchObject({ customer: r.key });
  });
});
