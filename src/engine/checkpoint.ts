/**
 * Time-travel checkpoints whose cost does not grow with what the logs hold. A checkpoint is a deep
 * copy of the state except for the logs: sealed segments are shared by reference (nothing changes
 * a sealed segment in place: `replaceBatch` copies it first), and each active segment's batches are
 * kept as fixed-size chunks that later checkpoints share while they are unchanged. Appends only add
 * to the end, and an acknowledgement flags a batch near the end, so a checkpoint of a busy cluster
 * whose active segments hold millions of batches copies a few chunks, not millions of references.
 * Simulator machinery, not Kafka state: the chunk cache (kafka/log.ts) lives outside the state and
 * changes nothing the simulation does.
 */
import type { Log, Segment } from './kafka/log';
import { chunksOf, unchunk } from './kafka/log';
import type { StoredBatch } from './kafka/record-batch';
import type { Sim } from './state';

/** Every replica log of the state, in a fixed order (the same for a state and its copy). */
function logsOf(sim: Sim): Log[] {
  const logs: Log[] = [];
  for (const key of Object.keys(sim.partitions)) {
    const replicas = sim.partitions[key]!.logs;
    for (const id of Object.keys(replicas)) logs.push(replicas[Number(id)]!.log);
  }
  return logs;
}

/**
 * A deep copy of `sim` whose logs share their segment objects with the original; each copy's
 * active segment is a fresh object (it changes as records arrive) with no batches yet. Returns the
 * copy's logs in `logsOf` order.
 */
function copyWithSharedSegments(sim: Sim): { copy: Sim; logs: Log[]; segments: number } {
  const logs = logsOf(sim);
  const held = logs.map((log) => log.segments);
  for (let i = 0; i < logs.length; i++) logs[i]!.segments = i as unknown as Segment[]; // a placeholder: the index of the real array
  let copy: Sim;
  try {
    copy = structuredClone(sim);
  } finally {
    for (let i = 0; i < logs.length; i++) logs[i]!.segments = held[i]!;
  }
  const copied = logsOf(copy);
  let segments = 0;
  for (const log of copied) {
    const shared = held[log.segments as unknown as number]!.slice();
    const active = shared[shared.length - 1]!;
    shared[shared.length - 1] = { ...active, batches: [] };
    log.segments = shared;
    segments += shared.length;
  }
  return { copy, logs: copied, segments };
}

/** A saved state to restore later (time travel). */
export interface SimCheckpoint {
  readonly nowMs: number;
  readonly tasksRun: number;
  /** References this checkpoint added (segments, chunk lists, and batches in chunks no other checkpoint shares): their memory cost, roughly 8 bytes each. */
  readonly sharedBatches: number;
  /** The state, its active segments emptied: their batches are in `activeBatches`. */
  readonly state: Sim;
  /** Each log's active-segment batches in chunks, in `logsOf` order. */
  readonly activeBatches: readonly StoredBatch[][][];
}

/** Takes a checkpoint of `sim` (events not yet drained are not part of it). */
export function takeCheckpoint(sim: Sim): SimCheckpoint {
  const pending = sim.events;
  sim.events = [];
  let result: ReturnType<typeof copyWithSharedSegments>;
  try {
    result = copyWithSharedSegments(sim);
  } finally {
    sim.events = pending;
  }
  let added = result.segments;
  const activeBatches = logsOf(sim).map((log) => {
    const { chunks, fresh } = chunksOf(log.segments[log.segments.length - 1]!);
    added += fresh + chunks.length; // the chunk list itself is new each time: one reference per chunk
    return chunks;
  });
  const state = result.copy;
  return { nowMs: state.nowMs, tasksRun: state.tasksRun, sharedBatches: added, state, activeBatches };
}

/**
 * Bytes of memory a checkpoint's state copy holds, estimated by walking it (the log segments
 * excepted: they are shared, and counted by `sharedBatches`). Each object, array and string is
 * charged a V8-like size; objects with many keys (maps by id) a dictionary entry per key. The sum
 * is scaled by {@link HEAP_PER_WALKED_BYTE}, measured: the walk sees 3.2 MB of a busy cluster's
 * copy (9 brokers, 72 partitions) that takes 5.7 MB of heap, and 0.17 MB of the default scenario's
 * that takes 0.35 MB. Costs about half as much as taking the checkpoint, so callers sample it.
 * Simulator machinery: it reads the state and decides nothing.
 */
export function estimateStateBytes(checkpoint: SimCheckpoint): number {
  let bytes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [checkpoint.state];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      bytes += 16 + v.length;
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      bytes += 32 + 8 * v.length;
      for (const x of v) if (typeof x === 'object' || typeof x === 'string') stack.push(x);
      continue;
    }
    const keys = Object.keys(v);
    bytes += keys.length > DICTIONARY_KEYS ? 64 + 48 * keys.length : 24 + 8 * keys.length;
    for (const k of keys) {
      if (k === 'segments') continue; // a log's segments: shared with the live state and other checkpoints
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'object' || typeof x === 'string') stack.push(x);
    }
  }
  return Math.round(bytes * HEAP_PER_WALKED_BYTE);
}

/** Keys beyond which V8 keeps an object as a dictionary (hash table), not a fixed shape. */
const DICTIONARY_KEYS = 16;
/** Heap bytes per byte the walk counts (see `estimateStateBytes`): hidden classes, heap numbers, slack. */
const HEAP_PER_WALKED_BYTE = 2;

/** A live state from a checkpoint, which stays usable. */
export function restoreCheckpoint(checkpoint: SimCheckpoint): Sim {
  const { copy, logs } = copyWithSharedSegments(checkpoint.state);
  logs.forEach((log, i) => unchunk(log.segments[log.segments.length - 1]!, checkpoint.activeBatches[i]!));
  return copy;
}
