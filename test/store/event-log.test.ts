import { describe, expect, it } from 'vitest';
import { appendJump, collapseRepeats, JUMP_LOG_LIMIT, JUMP_SUMMARY_MIN_MS } from '../../src/store/event-log';
import type { JumpReport } from '../../src/store/event-log';

const jump = (fromMs: number, toMs: number): JumpReport => ({ fromMs, toMs, counts: { segmentRolled: 2 }, stopped: false });

describe('collapseRepeats', () => {
  it('folds neighbours with the same key into one run with a count, newest and oldest kept', () => {
    const items = [
      { t: 9, k: 'retry' },
      { t: 9, k: 'retry' },
      { t: 8, k: 'retry' },
      { t: 7, k: 'election' },
      { t: 6, k: 'retry' },
    ];
    const runs = collapseRepeats(items, (i) => i.k);
    expect(runs.map((r) => [r.newest.k, r.count, r.newest.t, r.oldest.t])).toEqual([
      ['retry', 3, 9, 8],
      ['election', 1, 7, 7],
      ['retry', 1, 6, 6], // only neighbours fold: the order of what happened stays
    ]);
  });

  it('keeps every item exactly once, in order', () => {
    const items = Array.from({ length: 50 }, (_, i) => String(Math.floor(i / 3) % 4));
    const runs = collapseRepeats(items, (x) => x);
    expect(runs.flatMap((r) => Array<string>(r.count).fill(r.newest))).toEqual(items);
    expect(collapseRepeats([], (x) => x)).toEqual([]);
  });
});

describe('appendJump', () => {
  it('keeps a fast-forward long enough to sum up, and returns the same array otherwise', () => {
    const none: readonly JumpReport[] = [];
    expect(appendJump(none, undefined)).toBe(none);
    expect(appendJump(none, jump(0, 1_000))).toBe(none); // "Step 1 s"
    expect(appendJump(none, jump(0, JUMP_SUMMARY_MIN_MS))).toEqual([jump(0, JUMP_SUMMARY_MIN_MS)]);
  });

  it('keeps the newest JUMP_LOG_LIMIT', () => {
    let jumps: readonly JumpReport[] = [];
    for (let i = 0; i < JUMP_LOG_LIMIT + 5; i++) jumps = appendJump(jumps, jump(i * 60_000, (i + 1) * 60_000));
    expect(jumps).toHaveLength(JUMP_LOG_LIMIT);
    expect(jumps[0]!.fromMs).toBe(5 * 60_000);
  });
});
