/** Lesson 3: what a record is made of; CreateTime versus LogAppendTime. */
import type { Lesson } from './types';

/** The simulated instant (ms) the hand-written records claim they were created at. */
export const RECORDS_CLAIMED_TIMESTAMP_MS = 1_000;

export const records: Lesson = {
  id: 'records',
  title: 'Records',
  question: 'What is inside a Kafka record, and whose clock sets its timestamp?',
  seed: 303,
  scenario: {
    name: 'Lesson: records',
    cluster: { brokers: 3 },
    topics: [
      { name: 'payments', partitions: 1, replicationFactor: 3 },
      { name: 'audit-log', partitions: 1, replicationFactor: 3, configs: { 'message.timestamp.type': 'LogAppendTime' } },
    ],
    // Both producers only send what the lesson writes by hand.
    producers: [
      { id: 'payment-app', topic: 'payments', ratePerSec: 0, keys: { kind: 'none' } },
      { id: 'audit-app', topic: 'audit-log', ratePerSec: 0, keys: { kind: 'none' } },
    ],
  },
  steps: [
    {
      title: 'A record',
      show: 'cluster',
      claim: 'payment-app',
      narration:
        'A record is one event. It has a key, a value, a timestamp and optional headers. The broker adds the offset when it appends the record to a partition.',
      viewTopic: 'payments',
      select: { kind: 'topic', topic: 'payments' },
    },
    {
      title: 'Key, value and headers',
      show: 'inspector',
      claim: 'trace-id',
      narration:
        'payment-app sends one record. The key alice says who it is about; the value is the payload, here JSON. Headers carry metadata such as a trace id, and a header key may repeat.',
      actions: [
        {
          type: 'produce',
          producerId: 'payment-app',
          key: 'alice',
          value: '{"amount":12.50,"currency":"EUR"}',
          headers: [
            ['trace-id', 'a1b2c3'],
            ['content-type', 'application/json'],
          ],
        },
      ],
      advanceMs: 1_000,
      select: { kind: 'record', topic: 'payments', partition: 0, offset: 0 },
    },
    {
      title: 'CreateTime: the producer’s clock',
      show: 'inspector',
      claim: 'CreateTime: set by the producer',
      narration:
        'payments uses message.timestamp.type=CreateTime, the default. This record says it was created at T+00:00:01, seconds before it was sent. The broker keeps the producer’s timestamp.',
      actions: [
        { type: 'produce', producerId: 'payment-app', key: 'bob', value: '{"amount":3.20,"currency":"EUR"}', timestampMs: RECORDS_CLAIMED_TIMESTAMP_MS },
      ],
      advanceMs: 1_000,
      select: { kind: 'record', topic: 'payments', partition: 0, offset: 1 },
    },
    {
      title: 'LogAppendTime: the broker’s clock',
      show: 'inspector',
      claim: 'message.timestamp.type',
      narration: 'The topic audit-log is set to message.timestamp.type=LogAppendTime. audit-app will send a record that also claims T+00:00:01.',
      viewTopic: 'audit-log',
      select: { kind: 'topic', topic: 'audit-log' },
      predict: {
        question: 'Which timestamp will the stored record carry?',
        choices: ['T+00:00:01, the producer’s claim', 'The broker’s clock when it appended the record', 'No timestamp at all'],
        answer: 1,
        reveal: 'With LogAppendTime the leader overwrites the timestamp with its own clock when it appends, so every record is stamped in append order.',
      },
    },
    {
      title: 'Stamped by the broker',
      show: 'inspector',
      claim: 'LogAppendTime: set by the broker at append',
      narration:
        'The record in audit-log shows the broker’s append time, not T+00:00:01, and its timestamp type is LogAppendTime. Use it when you care about arrival time rather than event time.',
      actions: [{ type: 'produce', producerId: 'audit-app', key: 'alice', value: '{"action":"login"}', timestampMs: RECORDS_CLAIMED_TIMESTAMP_MS }],
      advanceMs: 1_000,
      select: { kind: 'record', topic: 'audit-log', partition: 0, offset: 0 },
    },
  ],
  tryIt: [
    'Select payment-app and produce a record with no key: its key shows as null.',
    'Produce a record with the same header key twice and find both in the record inspector.',
    'Switch payments to LogAppendTime in the topic inspector and produce again.',
  ],
};
