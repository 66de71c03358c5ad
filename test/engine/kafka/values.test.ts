import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materializeValue, utf8Length, valueSizeBytes } from '../../../src/engine/kafka/values';
import type { ValueTemplate } from '../../../src/engine';

describe('generated record values', () => {
  it('valueSizeBytes equals the UTF-8 length of the materialised value, for every template', () => {
    const templates: ValueTemplate[] = [{ kind: 'order' }, { kind: 'sensor' }, { kind: 'text', text: 'héllo ✓ world' }, { kind: 'bytes', sizeBytes: 37 }];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 50_000_000 }), fc.constantFrom(...templates), (seed, index, template) => {
        expect(valueSizeBytes(template, seed, index)).toBe(utf8Length(materializeValue(template, seed, index)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a pure function of (template, seed, index)', () => {
    expect(materializeValue({ kind: 'order' }, 7, 41)).toBe(materializeValue({ kind: 'order' }, 7, 41));
    expect(materializeValue({ kind: 'order' }, 7, 41)).not.toBe(materializeValue({ kind: 'order' }, 7, 42));
    expect(JSON.parse(materializeValue({ kind: 'order' }, 7, 41))).toMatchObject({ order_id: 42 });
  });
});
