/**
 * Topic name rules, as Kafka's `org.apache.kafka.common.internals.Topic`
 * (clients/src/main/java/org/apache/kafka/common/internals/Topic.java).
 *
 * @module
 */

import { KafkaException } from '../errors';

/** Kafka's `Topic.MAX_NAME_LENGTH`: 255 (a file name) minus room for `-<partition>` in the partition's directory name. */
export const MAX_TOPIC_NAME_LENGTH = 249;

/** The consumer group offsets topic (`Topic.GROUP_METADATA_TOPIC_NAME`). */
export const GROUP_METADATA_TOPIC_NAME = '__consumer_offsets';

/** The transaction coordinator's log (`Topic.TRANSACTION_STATE_TOPIC_NAME`). */
export const TRANSACTION_STATE_TOPIC_NAME = '__transaction_state';

// Kafka Topic.INTERNAL_TOPICS
const INTERNAL_TOPICS: ReadonlySet<string> = new Set([GROUP_METADATA_TOPIC_NAME, TRANSACTION_STATE_TOPIC_NAME]);

/** Kafka's `Topic.containsValidPattern`: only ASCII letters, digits, `.`, `_` and `-`. */
function firstIllegalCharIndex(name: string): number {
  // Kafka Topic.containsValidPattern
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const valid =
      (c >= 0x61 && c <= 0x7a) || // a-z
      (c >= 0x30 && c <= 0x39) || // 0-9
      (c >= 0x41 && c <= 0x5a) || // A-Z
      c === 0x2e || // .
      c === 0x5f || // _
      c === 0x2d; // -
    if (!valid) return i;
  }
  return -1;
}

function describeChar(name: string, index: number): string {
  const cp = name.codePointAt(index) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  let shown: string;
  if (cp === 0x20) shown = 'a space';
  else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) shown = 'an invisible control character';
  else if (cp >= 0xd800 && cp <= 0xdfff) shown = 'half of a broken surrogate pair';
  else shown = `'${String.fromCodePoint(cp)}'`;
  return `${shown} (U+${hex}) at position ${index + 1}`;
}

/**
 * Why Kafka would refuse this topic name, or `null` if the name is valid.
 *
 * The checks and their order are `Topic.validate`'s: empty, `.`/`..`, longer than 249 UTF-16
 * code units, a character outside `[a-zA-Z0-9._-]`. Each message starts with Kafka's own wording,
 * word for word, followed by one plain sentence for a learner.
 *
 * @param name - the proposed topic name.
 * @returns the `InvalidTopicException` message, or `null`.
 */
export function invalidTopicNameReason(name: string): string | null {
  // Topic.validate / detectInvalidTopic, in the wording Kafka 4's controller returns (ReplicationControlManagerTest)
  if (name.length === 0) {
    return 'Topic name is invalid: the empty string is not allowed. Give the topic a name, for example orders.';
  }
  if (name === '.' || name === '..') {
    return `Topic name is invalid: '${name}' is not allowed. Those two names have a special meaning in file paths, and Kafka keeps each partition in a directory named after its topic.`;
  }
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return (
      `Topic name is invalid: the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}. ` +
      `This name has ${name.length}; the limit leaves room for "-<partition>" in the partition's directory name.`
    );
  }
  const bad = firstIllegalCharIndex(name);
  if (bad >= 0) {
    return (
      `Topic name is invalid: '${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'. ` +
      `The first one is ${describeChar(name, bad)}.`
    );
  }
  return null;
}

/**
 * Whether Kafka accepts this topic name (`Topic.isValid`).
 *
 * @param name - the proposed topic name.
 * @returns `true` if {@link validateTopicName} would not throw.
 */
export function isValidTopicName(name: string): boolean {
  // Kafka Topic.isValid
  return invalidTopicNameReason(name) === null;
}

/**
 * Throws Kafka's `InvalidTopicException` if the name breaks a topic naming rule (`Topic.validate`).
 *
 * @param name - the proposed topic name.
 * @throws KafkaException `InvalidTopicException`, with Kafka's message followed by a learner's sentence.
 * @example
 * validateTopicName('orders'); // ok
 * validateTopicName('my topic'); // throws: Topic name is invalid: 'my topic' contains one or more characters other than …
 */
export function validateTopicName(name: string): void {
  // Kafka Topic.validate
  const reason = invalidTopicNameReason(name);
  if (reason !== null) throw new KafkaException('InvalidTopicException', reason);
}

/**
 * Whether the name contains `.` or `_` (`Topic.hasCollisionChars`).
 *
 * Kafka's metric names turn `.` into `_`, so such a topic's metrics could clash with another
 * topic's; `kafka-topics.sh` warns about it when creating one.
 *
 * @param name - a topic name.
 * @returns `true` if the name contains a period or an underscore.
 */
export function hasCollisionChars(name: string): boolean {
  // Kafka Topic.hasCollisionChars
  return name.includes('_') || name.includes('.');
}

/**
 * The name with every `.` replaced by `_` (`Topic.unifyCollisionChars`). Used only to compare names,
 * never as a topic's real name.
 *
 * @param name - a topic name.
 * @returns the unified name.
 */
export function unifyCollisionChars(name: string): string {
  // Kafka Topic.unifyCollisionChars
  return name.replaceAll('.', '_');
}

/**
 * Whether two topic names would share metric names, because they differ only by `.` versus `_` in
 * the same positions (`Topic.hasCollision`).
 *
 * As in Kafka, a name collides with itself; check whether a topic already exists first. The
 * broker refuses to create a topic that collides with an existing one.
 *
 * @param a - a topic name.
 * @param b - another topic name.
 * @returns `true` if the names are equal once every `.` is read as `_`.
 * @example
 * topicNamesCollide('to.pic', 'to_pic'); // true
 * topicNamesCollide('.topic', 'topic_'); // false
 */
export function topicNamesCollide(a: string, b: string): boolean {
  // Kafka Topic.hasCollision
  return unifyCollisionChars(a) === unifyCollisionChars(b);
}

/**
 * Whether the topic is one of Kafka's internal topics, `__consumer_offsets` or
 * `__transaction_state` (`Topic.isInternal`).
 *
 * @param name - a topic name.
 * @returns `true` for an internal topic.
 */
export function isInternalTopic(name: string): boolean {
  // Kafka Topic.isInternal
  return INTERNAL_TOPICS.has(name);
}

/**
 * Kafka's `TopicPartition.toString()`: `orders-0`. One place for the name, so nothing builds it by
 * hand or splits it back apart (a topic name may itself contain `-`).
 */
export function partitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
