import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/view/event-meaning';
import { FSI, PDI, describeCodePoint, isolate, sentenceParts, spoken, svgLabel, textParts, visibleParts, visibleText } from '../../src/view/text/user-text';

/** Characters that draw nothing or reorder text (code point ranges): none may reach the screen as they are. */
const HIDDEN_RANGES: readonly [number, number][] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xe0000, 0xe0fff],
];
const HIDDEN = { test: (s: string): boolean => [...s].some((ch) => HIDDEN_RANGES.some(([lo, hi]) => ch.codePointAt(0)! >= lo && ch.codePointAt(0)! <= hi)) };

/** Strings rich in exactly those characters, mixed with letters (Latin, Hebrew, Arabic) and the marker's brackets. */
const hostileChar = fc.constantFrom(
  'a',
  '2',
  ' ',
  '.',
  'א',
  'ب',
  '⟨',
  '⟩',
  'U',
  '+',
  '\u202E',
  '\u202D',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u2060',
  '\u2064',
  '\uFEFF',
  '\u061C',
  '\u00AD',
  '\u0000',
  '\u001B',
  '\n',
  '\t',
  '\u0085',
  '\u2028',
  '\uFE0F',
  '\u{E0041}',
  '\uD800',
);
/** Printable ASCII, which needs no isolation. */
const PLAIN = /^[\x20-\x7E]*$/;
const hostile = fc.array(hostileChar, { maxLength: 24 }).map((cs) => cs.join(''));
const anyText = fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }));

describe('visibleText', () => {
  it('names the characters people are fooled by', () => {
    expect(visibleText('admin\u202Etxt.exe')).toBe('admin⟨U+202E⟩txt.exe');
    expect(visibleText('c\u200B2')).toBe('c⟨U+200B⟩2');
    expect(visibleText('\uFEFFbom')).toBe('⟨U+FEFF⟩bom');
    expect(visibleText('tag\u{E0041}')).toBe('tag⟨U+E0041⟩');
    expect(visibleText('line\nfeed')).toBe('line⟨U+000A⟩feed');
    expect(visibleText('line\nfeed\ttab', { multiline: true })).toBe('line\nfeed\ttab');
    expect(visibleText('a typed ⟨U+202E⟩')).toBe('a typed ⟨U+27E8⟩U+202E⟩');
    expect(describeCodePoint(0x202e)).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(describeCodePoint(0xe0041)).toBe('U+E0041');
  });

  it('leaves printable ASCII and ordinary letters of any script as they are', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (s) => visibleText(s) === s));
    expect(visibleText('שלום مرحبا 你好 café 😀')).toBe('שלום مرحبا 你好 café 😀');
  });

  it('leaves no bidi control, zero-width or other hidden character in what it shows', () => {
    fc.assert(fc.property(anyText, (s) => !HIDDEN.test(visibleText(s))));
  });

  it('never shows two different strings the same way (an invisible difference stays visible)', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        fc.pre(a !== b);
        return visibleText(a) !== visibleText(b);
      }),
    );
    fc.assert(
      fc.property(
        hostile,
        hostile,
        hostileChar.filter((c) => HIDDEN.test(c)),
        (a, b, hidden) => visibleText(a + b) !== visibleText(a + hidden + b),
      ),
    );
  });

  it('cuts into parts that join back to the visible text, one marker per hidden character, and reads them back', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const parts = textParts(s);
        const visible = parts.map((p) => p.text).join('');
        expect(visible).toBe(visibleText(s));
        expect(visibleParts(visible)).toEqual(parts);
        for (const p of parts) if ('codePoint' in p) expect(p.text).toBe(`⟨U+${p.codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`);
      }),
    );
  });
});

describe('isolate and sentenceParts', () => {
  it('isolates anything but printable ASCII between FSI and PDI, with nothing hidden inside', () => {
    expect(isolate('orders-1')).toBe('orders-1');
    expect(isolate('admin\u202Etxt.exe')).toBe(`${FSI}admin⟨U+202E⟩txt.exe${PDI}`);
    expect(isolate('שלום')).toBe(`${FSI}שלום${PDI}`);
    fc.assert(
      fc.property(anyText, (s) => {
        const out = isolate(s);
        const inner = out.startsWith(FSI) ? out.slice(1, -1) : out;
        if (out.startsWith(FSI)) expect(out.endsWith(PDI)).toBe(true);
        // The only bidi controls left are the isolation's own pair around it.
        expect(HIDDEN.test(inner)).toBe(false);
      }),
    );
  });

  it('cuts a sentence back into its own words and its user text, whatever the user text holds', () => {
    fc.assert(
      fc.property(anyText, anyText, (id, group) => {
        const sentence = `consumer ${isolate(id)} started in group ${isolate(group)}`;
        const parts = sentenceParts(sentence);
        expect(parts.map((p) => p.text).join('')).toBe(spoken(sentence));
        expect(spoken(sentence)).toBe(`consumer ${visibleText(id)} started in group ${visibleText(group)}`);
        for (const p of parts.filter((x) => !x.user)) expect(p.text).toMatch(/^(consumer | started in group |)/);
      }),
    );
  });

  it('elides an SVG label to its length, isolated, and keeps short ASCII labels as they are', () => {
    expect(svgLabel('billing')).toBe('billing');
    expect(svgLabel('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(svgLabel('r\u202Eeader', 30)).toBe(`${FSI}r⟨U+202E⟩eader${PDI}`);
  });
});

describe('event sentences', () => {
  it('isolate every id they quote, in its visible form, and leave ASCII ids as they were', () => {
    expect(describeEvent({ timeMs: 0, type: 'consumerAdded', consumerId: 'r\u202Eeader', groupId: 'billing' })).toBe(
      `consumer ${FSI}r⟨U+202E⟩eader${PDI} started in group billing`,
    );
    expect(describeEvent({ timeMs: 0, type: 'producerAdded', producerId: 'checkout-service', topic: 'orders' })).toBe(
      'producer checkout-service started writing to orders',
    );
    fc.assert(
      fc.property(anyText, anyText, (consumerId, groupId) => {
        const sentence = describeEvent({ timeMs: 0, type: 'consumerCrashed', consumerId, groupId });
        expect(spoken(sentence)).toBe(`consumer ${visibleText(consumerId)} crashed`);
        expect(
          sentenceParts(sentence)
            .filter((p) => !p.user)
            .map((p) => p.text),
        ).toEqual(PLAIN.test(consumerId) ? [`consumer ${consumerId} crashed`] : ['consumer ', ' crashed']);
      }),
    );
  });
});
