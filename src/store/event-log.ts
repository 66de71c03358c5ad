/**
 * What the event log does with what the engine reported, without English (the view words it, in
 * `src/view/event-meaning.ts`): fast-forwards kept as one summary each, and runs of the same event
 * folded into one row with a count. Pure functions, so the store stays a projection and tests can
 * feed them directly.
 */
import type { JumpReport } from '../worker/protocol';

export type { JumpReport } from '../worker/protocol';

/**
 * The shortest jump summed up in the log: the smallest "Fast-forward" (+10 s). "Step 1 s" and a
 * lesson's nudge of a second or two are not jumps a person needs a summary of.
 */
export const JUMP_SUMMARY_MIN_MS = 10_000;
/** How many jump summaries the log keeps. */
export const JUMP_LOG_LIMIT = 50;

/**
 * The jump summaries after a tick: `jumps` plus `report` when the tick ended a jump long enough to
 * sum up; the same array otherwise (so subscribers do not re-render).
 */
export function appendJump(jumps: readonly JumpReport[], report: JumpReport | undefined): readonly JumpReport[] {
  if (!report || report.toMs - report.fromMs < JUMP_SUMMARY_MIN_MS) return jumps;
  const next = jumps.length >= JUMP_LOG_LIMIT ? jumps.slice(jumps.length - JUMP_LOG_LIMIT + 1) : jumps.slice();
  next.push(report);
  return next;
}

/** Several consecutive items that say the same thing, shown as one row. */
export interface Repeated<T> {
  /** The newest of them (what the row shows). */
  newest: T;
  /** The oldest of them (where the row's time span starts). */
  oldest: T;
  count: number;
}

/**
 * Folds runs of consecutive items (given newest first, as the log shows them) with the same key
 * into one (`×3`), keeping the order: three
 * identical "NetworkException … will retry" lines in a row become one row with a count. Only
 * neighbours fold, so the order of what happened is never changed.
 * @example collapseRepeats(['a', 'a', 'b', 'a'], (x) => x) // a×2, b×1, a×1
 */
export function collapseRepeats<T>(items: readonly T[], keyOf: (item: T) => string): Repeated<T>[] {
  const out: Repeated<T>[] = [];
  let lastKey: string | null = null;
  for (const item of items) {
    const key = keyOf(item);
    const last = out.at(-1);
    if (last && key === lastKey) {
      last.count++;
      last.oldest = item;
    } else {
      out.push({ newest: item, oldest: item, count: 1 });
      lastKey = key;
    }
  }
  return out;
}
