/**
 * Time-travel checkpoints whose cost does not grow with what the logs hold. A checkpoint is a deep
 * copy of the state except for the logs: sealed segments are shared by reference (nothing changes
 * a sealed segment in place: `replaceBatch` copies it first), and each active segment's batches are
 * kept as fixed-size chunks that later checkpoints share while they are unchanged. Appends only add
 * to the end, and an acknowledgement flags a batch near the end, so a checkpoint of a busy cluster
 * whose active segments hold millions of batches copies a few chunks, not millions of references.
 * Simulator machinery, not Kafka state: the caches below live outside the state and change nothing
 * the simulation does.
 */
import type { Log, Segment } from './kafka/log';
import type { StoredBatch } from './kafka/record-batch';
import type { Sim } from './state';

/** Batches per chunk: large enough that a checkpoint holds few arrays, small enough that one changed batch copies little. */
const CHUNK = 1024;

/** An active segment's full chunks as the last checkpoint took them; a hole where a batch has changed since. */
const chunkCache = new WeakMap<Segment, (StoredBatch[] | undefined)[]>();

/** A batch of `seg` at `index` is about to change in place: its chunk can no longer be shared. */
export function noteBatchChanged(seg: Segment, index: number): void {
  const chunks = chunkCache.get(seg);
  if (chunks) chunks[Math.floor(index / CHUNK)] = undefined;
}

/** Remembers the full chunks of `seg` for the next checkpoint to share. */
function cacheChunks(seg: Segment, chunks: StoredBatch[][]): void {
  const last = chunks[chunks.length - 1];
  chunkCache.set(seg, last && last.length < CHUNK ? chunks.slice(0, -1) : chunks.slice()); // only the last chunk can be partial
}

/** The batches of `seg` as chunks, sharing the full chunks that have not changed since the last call; and how many references are new. */
function chunksOf(seg: Segment): { chunks: StoredBatch[][]; fresh: number } {
  const batches = seg.batches;
  const cached = chunkCache.get(seg) ?? [];
  const chunks: StoredBatch[][] = [];
  let fresh = 0;
  for (let k = 0; k * CHUNK < batches.length; k++) {
    let chunk = cached[k];
    if (!chunk) {
      chunk = batches.slice(k * CHUNK, (k + 1) * CHUNK);
      fresh += chunk.length;
    }
    chunks.push(chunk);
  }
  cacheChunks(seg, chunks);
  return { chunks, fresh };
}

/** The active segment's batches as one array again, remembering the chunks for the next checkpoint. */
function unchunk(seg: Segment, chunks: StoredBatch[][]): void {
  seg.batches = chunks.length === 1 ? chunks[0]!.slice() : ([] as StoredBatch[]).concat(...chunks);
  cacheChunks(seg, chunks);
}

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
  /** References this checkpoint added (segments, and batches in chunks no other checkpoint shares): its memory cost, roughly 8 bytes each. */
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
    added += fresh;
    return chunks;
  });
  const state = result.copy;
  return { nowMs: state.nowMs, tasksRun: state.tasksRun, sharedBatches: added, state, activeBatches };
}

/** A live state from a checkpoint, which stays usable. */
export function restoreCheckpoint(checkpoint: SimCheckpoint): Sim {
  const { copy, logs } = copyWithSharedSegments(checkpoint.state);
  logs.forEach((log, i) => unchunk(log.segments[log.segments.length - 1]!, checkpoint.activeBatches[i]!));
  return copy;
}
