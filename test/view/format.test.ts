import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatSimTime } from '../../src/view/format';

describe('formats', () => {
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
