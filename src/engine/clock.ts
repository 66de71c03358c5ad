/**
 * The discrete-event queue: a binary heap ordered by `(atMs, seq)`, where `seq` increases on every
 * insert, so tasks due at the same millisecond run in the order they were scheduled. A plain heap
 * does not order ties deterministically on its own (STYLE.md §3).
 */
export interface QueueEntry<T> {
  atMs: number;
  seq: number;
  task: T;
}

export interface TaskQueue<T> {
  heap: QueueEntry<T>[];
  nextSeq: number;
}

export function createQueue<T>(): TaskQueue<T> {
  return { heap: [], nextSeq: 0 };
}

function less<T>(x: QueueEntry<T>, y: QueueEntry<T>): boolean {
  return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
}

/** Schedules `task` at `atMs` (an integer millisecond). NOTE mutates q. */
export function pushTask<T>(q: TaskQueue<T>, atMs: number, task: T): void {
  const entry: QueueEntry<T> = { atMs, seq: q.nextSeq++, task };
  const h = q.heap;
  let i = h.length;
  h.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent]!;
    if (!less(entry, p)) break;
    h[i] = p;
    i = parent;
  }
  h[i] = entry;
}

/** The earliest due time, or `undefined` when nothing is scheduled. */
export function peekTime<T>(q: TaskQueue<T>): number | undefined {
  return q.heap[0]?.atMs;
}

/** Removes and returns the earliest entry. NOTE mutates q. */
export function popTask<T>(q: TaskQueue<T>): QueueEntry<T> | undefined {
  const h = q.heap;
  const top = h[0];
  if (top === undefined) return undefined;
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[child]!, last)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
  }
  return top;
}
