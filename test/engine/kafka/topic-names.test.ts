import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_TOPIC_NAME_LENGTH,
  hasCollisionChars,
  invalidTopicNameReason,
  isInternalTopic,
  isValidTopicName,
  topicNamesCollide,
  unifyCollisionChars,
  validateTopicName,
} from '../../../src/engine/kafka/topic-names';
import { KafkaException } from '../../../src/engine/errors';

function invalidTopic(name: string): KafkaException {
  try {
    validateTopicName(name);
  } catch (e) {
    expect(e).toBeInstanceOf(KafkaException);
    expect((e as KafkaException).kafkaName).toBe('InvalidTopicException');
    return e as KafkaException;
  }
  throw new Error(`expected ${JSON.stringify(name)} to be refused`);
}

/** A name made of Kafka's legal characters only. */
const legalName = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'),
  minLength: 1,
  maxLength: 40,
});

describe('validateTopicName: Kafka Topic.validate', () => {
  // From apache/kafka clients/src/test/java/org/apache/kafka/common/internals/TopicTest.java shouldAcceptValidTopicNames.
  // TestUtils.randomString(249) becomes a fixed 249-character legal name.
  const maxLengthString = 'aB3._-'.repeat(42).slice(0, 249);
  it.each(['valid', 'TOPIC', 'nAmEs', 'ar6', 'VaL1d', '_0-9_.', '...', maxLengthString])('TopicTest.shouldAcceptValidTopicNames: %s', (name) => {
    expect(() => validateTopicName(name)).not.toThrow();
    expect(isValidTopicName(name)).toBe(true);
    expect(invalidTopicNameReason(name)).toBeNull();
  });

  // From TopicTest.shouldThrowOnInvalidTopicNames.
  it.each(['', 'foo bar', '..', 'foo:bar', 'foo=bar', '.', 'a'.repeat(250)])('TopicTest.shouldThrowOnInvalidTopicNames: %s', (name) => {
    invalidTopic(name);
    expect(isValidTopicName(name)).toBe(false);
  });

  // From TopicTest.shouldRecognizeInvalidCharactersInTopicNames: "Is " + c + "illegal" for each character.
  it.each(['/', '\\', ',', '\u0000', ':', '"', "'", ';', '*', '?', ' ', '\t', '\r', '\n', '='])(
    'TopicTest.shouldRecognizeInvalidCharactersInTopicNames: %j',
    (c) => {
      const name = 'Is ' + c + 'illegal';
      expect(invalidTopic(name).message).toContain('contains one or more characters other than');
    },
  );

  describe("each rule, with Kafka's words first", () => {
    it('empty', () => {
      const msg = invalidTopic('').message;
      expect(msg.startsWith('Topic name is invalid: the empty string is not allowed')).toBe(true);
      expect(msg.length).toBeGreaterThan('Topic name is invalid: the empty string is not allowed'.length);
    });

    it('"." and ".."', () => {
      for (const name of ['.', '..']) {
        expect(invalidTopic(name).message.startsWith(`Topic name is invalid: '${name}' is not allowed`)).toBe(true);
      }
    });

    it('longer than 249 characters', () => {
      const name = 'x'.repeat(250);
      expect(invalidTopic(name).message.startsWith(`Topic name is invalid: the length of '${name}' is longer than the max allowed length 249`)).toBe(true);
      expect(MAX_TOPIC_NAME_LENGTH).toBe(249);
      expect(isValidTopicName('x'.repeat(249))).toBe(true);
    });

    it('counts length in UTF-16 code units, like Java String.length(), and checks it before the characters', () => {
      // 125 emoji are 250 code units: the length rule fires first, as in Kafka.
      const name = '🚀'.repeat(125);
      expect(invalidTopic(name).message).toMatch(/^Topic name is invalid: the length of '.*' is longer than the max allowed length 249/);
    });

    it('illegal characters', () => {
      const msg = invalidTopic('my topic').message;
      expect(msg.startsWith(`Topic name is invalid: 'my topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`)).toBe(true);
      // The learner's sentence names the first offending character.
      expect(msg).toContain('a space (U+0020) at position 3');
    });

    it('refuses non-ASCII letters and digits, which Java Character.isLetterOrDigit would accept', () => {
      for (const name of ['café', 'заказы', '日本', 'x٣', 'emoji🚀']) invalidTopic(name);
      expect(invalidTopic('café').message).toContain("'é' (U+00E9) at position 4");
      expect(invalidTopic('emoji🚀').message).toContain("'🚀' (U+1F680) at position 6");
    });

    it('checks the rules in Kafka order: "." beats length, length beats characters', () => {
      expect(invalidTopic('.').message).toMatch(/^Topic name is invalid: '\.' is not allowed/);
      expect(invalidTopic(' '.repeat(300)).message).toMatch(/is longer than the max allowed length 249/);
    });
  });

  it('accepts every name of 1..249 legal characters except "." and ".."', () => {
    fc.assert(
      fc.property(legalName, (name) => {
        expect(isValidTopicName(name)).toBe(name !== '.' && name !== '..');
      }),
    );
  });

  it('refuses every name that has a character outside [a-zA-Z0-9._-]', () => {
    fc.assert(
      fc.property(
        legalName,
        fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !/^[a-zA-Z0-9._-]$/.test(c)),
        fc.nat(),
        (name, bad, at) => {
          const i = at % (name.length + 1);
          const withBad = name.slice(0, i) + bad + name.slice(i);
          expect(isValidTopicName(withBad)).toBe(false);
        },
      ),
    );
  });

  it('isValidTopicName agrees with validateTopicName', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        let threw = false;
        try {
          validateTopicName(name);
        } catch {
          threw = true;
        }
        expect(isValidTopicName(name)).toBe(!threw);
      }),
    );
  });
});

describe('hasCollisionChars: Kafka Topic.hasCollisionChars', () => {
  // From TopicTest.testTopicHasCollisionChars.
  it.each(['start', 'end', 'middle', 'many'])('false for %s', (t) => {
    expect(hasCollisionChars(t)).toBe(false);
  });
  it.each(['.start', 'end.', 'mid.dle', '.ma.ny.', '_start', 'end_', 'mid_dle', '_ma_ny.'])('true for %s', (t) => {
    expect(hasCollisionChars(t)).toBe(true);
  });
});

describe('topicNamesCollide: Kafka Topic.hasCollision', () => {
  // From TopicTest.testTopicHasCollision.
  const periodFirstMiddleLastNone = ['.topic', 'to.pic', 'topic.', 'topic'];
  const underscoreFirstMiddleLastNone = ['_topic', 'to_pic', 'topic_', 'topic'];

  it('a name collides with itself', () => {
    for (const t of [...periodFirstMiddleLastNone, ...underscoreFirstMiddleLastNone]) {
      expect(topicNamesCollide(t, t)).toBe(true);
    }
  });

  it('"." and "_" in the same position collide', () => {
    periodFirstMiddleLastNone.forEach((t, i) => {
      expect(topicNamesCollide(t, underscoreFirstMiddleLastNone[i]!)).toBe(true);
    });
  });

  it('"." and "_" in different positions do not collide', () => {
    const reversed = [...underscoreFirstMiddleLastNone].reverse();
    periodFirstMiddleLastNone.forEach((t, i) => {
      expect(topicNamesCollide(t, reversed[i]!)).toBe(false);
    });
  });

  it('unifyCollisionChars replaces every "." by "_"', () => {
    expect(unifyCollisionChars('a.b.c_d')).toBe('a_b_c_d');
    expect(unifyCollisionChars('plain')).toBe('plain');
  });

  it('is symmetric, and only names with collision characters collide with a different name', () => {
    fc.assert(
      fc.property(legalName, legalName, (a, b) => {
        expect(topicNamesCollide(a, b)).toBe(topicNamesCollide(b, a));
        if (a !== b && topicNamesCollide(a, b)) {
          expect(hasCollisionChars(a)).toBe(true);
          expect(hasCollisionChars(b)).toBe(true);
        }
      }),
    );
  });
});

describe('isInternalTopic: Kafka Topic.isInternal', () => {
  it('knows the group offsets and transaction state topics', () => {
    expect(isInternalTopic('__consumer_offsets')).toBe(true);
    expect(isInternalTopic('__transaction_state')).toBe(true);
  });

  it('is exact: other names, even with a double underscore, are not internal', () => {
    for (const t of ['consumer_offsets', '__consumer_offsets ', '__CONSUMER_OFFSETS', '__my_topic', 'orders', '']) {
      expect(isInternalTopic(t)).toBe(false);
    }
  });
});
