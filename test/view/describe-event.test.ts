import { describe, expect, it } from 'vitest';
import { describeEvent, formatBytes, formatDuration, formatSimTime } from '../../src/view/describe-event';
import type { SimEvent } from '../../src/engine';

describe('events in Kafka words', () => {
  it.each<[SimEvent, string]>([
    [{ timeMs: 12_400, type: 'brokerCrashed', brokerId: 2 }, 'broker 2 crashed'],
    [{ timeMs: 0, type: 'leaderElected', topic: 'orders', partition: 1, previousLeader: 2, leader: 3, leaderEpoch: 4, reason: 'leader fenced' }, 'orders-1 leader 2→3, epoch 4'],
    [{ timeMs: 0, type: 'isrShrunk', topic: 'orders', partition: 0, isr: [1, 3], removed: [2], reason: 'broker 2 was fenced by the controller' }, 'ISR of orders-0 shrank to [1,3]: broker 2 was fenced by the controller'],
    [
      { timeMs: 0, type: 'producerError', topic: 'orders', partition: 0, producerId: 'p1', error: { name: 'NotEnoughReplicasException', message: 'too few' }, records: 3, retriable: true },
      'producer p1: NotEnoughReplicasException on orders-0 (3 record(s), will retry): too few',
    ],
    [{ timeMs: 0, type: 'partitionOffline', topic: 't', partition: 0, lastLeader: 1, isr: [1] }, 't-0 is OFFLINE: no in-sync replica is alive (last ISR [1])'],
  ])('%j', (event, text) => {
    expect(describeEvent(event)).toBe(text);
  });

  it('formats simulated time, durations and sizes the way people say them', () => {
    expect(formatSimTime(3_723_004)).toBe('T+01:02:03.004');
    expect(formatDuration(604_800_000)).toBe('7 days');
    expect(formatDuration(86_400_000)).toBe('1 day');
    expect(formatDuration(30_000)).toBe('30 s');
    expect(formatDuration(1500)).toBe('1500 ms');
    expect(formatDuration(-1)).toBe('forever');
    expect(formatBytes(1_073_741_824)).toBe('1 GiB');
    expect(formatBytes(16_384)).toBe('16 KiB');
    expect(formatBytes(-1)).toBe('unlimited');
  });
});
