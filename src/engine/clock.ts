/**
 * The discrete-event queue: a binary heap ordered by `(atMs, seq)`, where `seq` increases on every
 * insert, so tasks due at the same millisecond run in the order they were scheduled. A plain heap
 * does not order ties deterministically on its own (STYLE.md §3). Kept as parallel arrays (due
 * times, sequence numbers, the times the tasks were scheduled, tasks) so scheduling a task allocates
 * nothing but the task itself. A message between two nodes is a task: it was sent when it was
 * scheduled and arrives when it is due, which is what the page animates (`kafka/in-flight.ts`).
 */
export interface QueueEntry<T> {
  atMs: number;
  seq: number;
  task: T;
}

export interface TaskQueue<T> {
  /** Due time of each task (heap order). */
  times: number[];
  seqs: number[];
  /** When each task was scheduled: for a message, the time it was sent. */
  sentMs: number[];
  tasks: T[];
  nextSeq: number;
}

export function createQueue<T>(): TaskQueue<T> {
  return { times: [], seqs: [], sentMs: [], tasks: [], nextSeq: 0 };
}

/** Schedules `task` at `atMs` (an integer millisecond), scheduled at `sentMs` (default: `atMs`). NOTE mutates q. */
export function pushTask<T>(q: TaskQueue<T>, atMs: number, task: T, sentMs = atMs): void {
  const { times, seqs, sentMs: sent, tasks } = q;
  const seq = q.nextSeq++;
  let i = times.length;
  times.push(atMs);
  seqs.push(seq);
  sent.push(sentMs);
  tasks.push(task);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pt = times[parent]!;
    if (pt < atMs || (pt === atMs && seqs[parent]! < seq)) break;
    times[i] = pt;
    seqs[i] = seqs[parent]!;
    sent[i] = sent[parent]!;
    tasks[i] = tasks[parent]!;
    i = parent;
  }
  times[i] = atMs;
  seqs[i] = seq;
  sent[i] = sentMs;
  tasks[i] = task;
}

/** The earliest due time, or `undefined` when nothing is scheduled. */
export function peekTime<T>(q: TaskQueue<T>): number | undefined {
  return q.times[0];
}

/** Removes the earliest task and returns it (its time is `peekTime` before the call). NOTE mutates q. */
export function popTaskOnly<T>(q: TaskQueue<T>): T | undefined {
  const { times, seqs, sentMs: sent, tasks } = q;
  const n = times.length;
  if (n === 0) return undefined;
  const top = tasks[0]!;
  const lastTime = times.pop()!;
  const lastSeq = seqs.pop()!;
  const lastSent = sent.pop()!;
  const lastTask = tasks.pop()!;
  const m = n - 1;
  if (m > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      let child = l;
      if (r < m) {
        const tr = times[r]!;
        const tl = times[l]!;
        if (tr < tl || (tr === tl && seqs[r]! < seqs[l]!)) child = r;
      }
      const tc = times[child]!;
      if (tc > lastTime || (tc === lastTime && seqs[child]! > lastSeq)) break;
      times[i] = tc;
      seqs[i] = seqs[child]!;
      sent[i] = sent[child]!;
      tasks[i] = tasks[child]!;
      i = child;
    }
    times[i] = lastTime;
    seqs[i] = lastSeq;
    sent[i] = lastSent;
    tasks[i] = lastTask;
  }
  return top;
}

/** Removes and returns the earliest entry. NOTE mutates q. */
export function popTask<T>(q: TaskQueue<T>): QueueEntry<T> | undefined {
  const atMs = q.times[0];
  const seq = q.seqs[0];
  if (atMs === undefined || seq === undefined) return undefined;
  const task = popTaskOnly(q)!;
  return { atMs, seq, task };
}
