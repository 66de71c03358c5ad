/**
 * Shared builders, fast-check arbitraries and invariant checkers for the engine tests.
 * Checkers return a list of human-readable violations (empty when the invariant holds) so a
 * property can report every broken rule of one run at once.
 */
import fc from 'fast-check';
import { createSimulation, hashEvents } from '../../src/engine';
import type { Command, ConfigValue, ProducerSpec, ScenarioSpec, SimEvent, SimEventType, Simulation, TimelineEntry, TopicSpec } from '../../src/engine';
import { effectiveMinIsr } from '../../src/engine/core';
import { batchAt, createLog } from '../../src/engine/kafka/log';
import type { RollConfig } from '../../src/engine/kafka/log';
import type { Log, Sim, StoredBatch } from '../../src/engine/state';
import { NO_PRODUCER_ID, RECORD_BATCH_OVERHEAD } from '../../src/engine/state';
import { recordSizeBytes } from '../../src/engine/kafka/values';

// ---------------------------------------------------------------------------------------------
// Log builders (unit tests of kafka/log.ts)

export interface BatchOptions {
  count?: number;
  /** Every record's timestamp (ms); `timestampsMs` wins when given. */
  timestampMs?: number;
  timestampsMs?: number[];
  sizeBytes?: number;
  epoch?: number;
  pid?: number;
  baseSequence?: number;
  origin?: string;
}

/** A stored batch at `baseOffset`, as a leader would append it. */
export function storedBatch(baseOffset: number, o: BatchOptions = {}): StoredBatch {
  const count = o.count ?? o.timestampsMs?.length ?? 1;
  const timestampsMs = o.timestampsMs ?? new Array<number>(count).fill(o.timestampMs ?? 0);
  return {
    baseOffset,
    offsetDeltas: null,
    endOffset: baseOffset + count,
    count,
    partitionLeaderEpoch: o.epoch ?? 0,
    pid: o.pid ?? NO_PRODUCER_ID,
    baseSequence: o.baseSequence ?? -1,
    origin: o.origin ?? 'test',
    timestampType: 'CreateTime',
    timestampsMs,
    maxTimestampMs: Math.max(...timestampsMs),
    keys: new Array<string | null>(count).fill(null),
    values: new Array<string | null>(count).fill('test'),
    headers: null,
    sizeBytes: o.sizeBytes ?? 100,
    appendTimeMs: 0,
  };
}

/** One record of {@link keyedBatch}: `value: null` is a tombstone. */
export interface KeyedRecord {
  key: string | null;
  value: string | null;
  /** Defaults to the batch's `timestampMs` option, else 0. */
  timestampMs?: number;
  headers?: [string, string][];
}

/**
 * A stored batch of keyed records at `baseOffset` (compaction tests), in the leader's compact
 * column form (scalars for one record) and sized as the producer sizes it: the v2 batch header plus
 * each record's `DefaultRecord.sizeInBytes`.
 */
export function keyedBatch(baseOffset: number, records: KeyedRecord[], o: Omit<BatchOptions, 'count' | 'timestampsMs' | 'sizeBytes'> & { id?: number } = {}): StoredBatch {
  const count = records.length;
  if (count === 0) throw new Error('keyedBatch needs at least one record');
  const ts = records.map((r) => r.timestampMs ?? o.timestampMs ?? 0);
  const anyHeaders = records.some((r) => r.headers && r.headers.length > 0);
  let sizeBytes = RECORD_BATCH_OVERHEAD;
  records.forEach((r, i) => {
    sizeBytes += recordSizeBytes(r.key, r.value, r.headers ?? null, ts[i]! - ts[0]!, i);
  });
  const one = count === 1;
  return {
    baseOffset,
    offsetDeltas: null,
    endOffset: baseOffset + count,
    count,
    partitionLeaderEpoch: o.epoch ?? 0,
    pid: o.pid ?? NO_PRODUCER_ID,
    baseSequence: o.baseSequence ?? -1,
    origin: o.origin ?? 'test',
    timestampType: 'CreateTime',
    timestampsMs: one ? ts[0]! : ts,
    maxTimestampMs: Math.max(...ts),
    keys: one ? records[0]!.key : records.map((r) => r.key),
    values: one ? records[0]!.value : records.map((r) => r.value),
    valueGen: null,
    headers: anyHeaders ? records.map((r) => r.headers ?? []) : null,
    sizeBytes,
    appendTimeMs: 0,
    ...(o.id !== undefined ? { id: o.id } : {}),
    acked: false,
    lost: false,
    deleteHorizonMs: null,
  };
}

/** Roll settings with Kafka's defaults unless overridden. */
export function rollConfig(o: Partial<RollConfig> = {}): RollConfig {
  return { segmentBytes: o.segmentBytes ?? 1_073_741_824, segmentMs: o.segmentMs ?? 604_800_000, segmentJitterMs: o.segmentJitterMs ?? 0 };
}

/** A fresh log (created at `nowMs`). */
export function emptyLog(nowMs = 0): Log {
  return createLog(nowMs);
}

/** `[baseOffset, endOffset)` of every segment (the active one ends at the LEO). */
export function segmentRanges(log: Log): [number, number][] {
  return log.segments.map((s, i) => [s.baseOffset, log.segments[i + 1]?.baseOffset ?? log.leo]);
}

// ---------------------------------------------------------------------------------------------
// Simulation helpers

/** Events of one type, typed. */
export function ofType<T extends SimEventType>(events: readonly SimEvent[], type: T): Extract<SimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

/**
 * Advances `ms` in steps of `stepMs`, calling `onStep` after each, and returns every event drained.
 * NOTE drains the simulation's events.
 */
export function advanceCollect(sim: Simulation, ms: number, stepMs = ms, onStep?: (events: SimEvent[]) => void): SimEvent[] {
  const out: SimEvent[] = [];
  const end = sim.nowMs + ms;
  while (sim.nowMs < end) {
    sim.advance(Math.min(stepMs, end - sim.nowMs));
    const batch = sim.drainEvents();
    for (const e of batch) out.push(e);
    onStep?.(batch);
  }
  return out;
}

/** Advances until `predicate` holds on a drained event (checked every `stepMs`), up to `maxMs`. */
export function advanceUntilEvent(sim: Simulation, predicate: (e: SimEvent) => boolean, maxMs: number, stepMs = 10, sink?: SimEvent[]): SimEvent | undefined {
  const end = sim.nowMs + maxMs;
  while (sim.nowMs < end) {
    sim.advance(Math.min(stepMs, end - sim.nowMs));
    const batch = sim.drainEvents();
    if (sink) sink.push(...batch);
    const hit = batch.find(predicate);
    if (hit) return hit;
  }
  return undefined;
}

/** The partition's state, or throws. */
export function partitionOf(sim: Simulation | Sim, topic: string, index: number) {
  const s = 'state' in sim ? sim.state : sim;
  const p = s.partitions[`${topic}-${index}`];
  if (!p) throw new Error(`no partition ${topic}-${index}`);
  return p;
}

/** The current leader's log of a partition. */
export function leaderLog(sim: Simulation | Sim, topic: string, index: number): Log {
  const p = partitionOf(sim, topic, index);
  if (p.leader < 0) throw new Error(`${topic}-${index} is offline`);
  return p.logs[p.leader]!.log;
}

// ---------------------------------------------------------------------------------------------
// Invariant checkers (return violations; empty = holds)

/**
 * Offsets are dense and increasing on every replica: batches are contiguous (each batch's
 * baseOffset is the previous batch's endOffset, across segments too), every segment starts where
 * its first batch does, and the LEO is the last batch's end (or the empty active segment's base).
 * Also checks the leader-epoch cache: increasing epochs and offsets, none below the log start offset.
 */
export function checkLogsDense(sim: Sim): string[] {
  const out: string[] = [];
  for (const key of Object.keys(sim.partitions)) {
    const p = sim.partitions[key]!;
    for (const id of p.replicas) {
      const log = p.logs[id]!.log;
      const where = `${key} on broker ${id}`;
      if (log.segments.length === 0) {
        out.push(`${where}: no segments`);
        continue;
      }
      let expected = log.segments[0]!.baseOffset;
      for (let si = 0; si < log.segments.length; si++) {
        const seg = log.segments[si]!;
        if (seg.baseOffset !== expected) out.push(`${where}: segment ${si} starts at ${seg.baseOffset}, expected ${expected}`);
        expected = seg.baseOffset;
        let size = 0;
        for (const b of seg.batches) {
          if (b.baseOffset !== expected) out.push(`${where}: batch at ${b.baseOffset} follows end ${expected}`);
          if (b.endOffset !== b.baseOffset + b.count || b.count <= 0) out.push(`${where}: batch [${b.baseOffset}, ${b.endOffset}) has ${b.count} records`);
          expected = b.endOffset;
          size += b.sizeBytes;
        }
        if (size !== seg.sizeBytes) out.push(`${where}: segment ${seg.baseOffset} size ${seg.sizeBytes} != sum of batches ${size}`);
        if (seg.batches.length === 0 && si !== log.segments.length - 1) out.push(`${where}: empty segment ${seg.baseOffset} is not the active one`);
      }
      if (log.leo !== expected) out.push(`${where}: LEO ${log.leo} != end of last batch ${expected}`);
      if (log.logStartOffset < log.segments[0]!.baseOffset || log.logStartOffset > log.leo) out.push(`${where}: log start ${log.logStartOffset} outside [${log.segments[0]!.baseOffset}, ${log.leo}]`);
      // LeaderEpochFileCache.truncateFromStart runs whenever the log start offset advances.
      if (log.epochs.length > 0 && log.epochs[0]!.startOffset < log.logStartOffset) out.push(`${where}: epoch cache starts at ${log.epochs[0]!.startOffset}, below the log start offset ${log.logStartOffset}`);
      for (let i = 1; i < log.epochs.length; i++) {
        const a = log.epochs[i - 1]!;
        const b = log.epochs[i]!;
        if (!(a.epoch < b.epoch && a.startOffset <= b.startOffset)) out.push(`${where}: epoch cache not monotonic ${JSON.stringify(log.epochs)}`);
      }
    }
  }
  return out;
}

/**
 * The high watermark of each partition's leader, sampled while a run advances.
 *
 * - It never decreases. It is checked only once the leader's HW has reached the start offset of
 *   its own epoch: a newly elected leader may carry a stale HW for a moment (it learns the real
 *   one from its followers' next fetches). Kafka never exposes that stale value — ListOffsets and
 *   consumer fetches answer OFFSET_NOT_AVAILABLE until the HW reaches the epoch start (KIP-207) —
 *   so neither do we. With unclean elections the HW may go back (data loss); those topics are skipped.
 * - It never passes the log end offset of a live member of the (controller's) ISR.
 * - Within one leader epoch it never decreases at all, and on every live replica it stays within
 *   [log start offset, LEO].
 */
export class HighWatermarkTracker {
  private readonly exposed = new Map<string, number>();
  private readonly inEpoch = new Map<string, { epoch: number; hw: number }>();
  constructor(private readonly skipMonotonic: (topic: string) => boolean = () => false) {}

  check(sim: Sim): string[] {
    const out: string[] = [];
    for (const key of Object.keys(sim.partitions)) {
      const p = sim.partitions[key]!;
      // UnifiedLog.updateHighWatermark keeps every replica's HW within [log start offset, LEO].
      for (const id of p.replicas) {
        const rep = p.logs[id]!;
        if (sim.brokers[id]!.alive && (rep.highWatermark < rep.log.logStartOffset || rep.highWatermark > rep.log.leo)) {
          out.push(`t=${sim.nowMs} ${key} on broker ${id}: HW ${rep.highWatermark} outside [${rep.log.logStartOffset}, ${rep.log.leo}]`);
        }
      }
      if (p.leader < 0) continue;
      const r = p.logs[p.leader]!;
      if (!sim.brokers[p.leader]!.alive || r.viewLeader !== p.leader || r.viewLeaderEpoch !== p.leaderEpoch || !r.followers) continue; // not leading yet
      const hw = r.highWatermark;
      // Within one leader epoch the leader's HW only moves forward (UnifiedLog.maybeIncrementHighWatermark).
      const last = this.inEpoch.get(key);
      if (last && last.epoch === p.leaderEpoch && hw < last.hw) out.push(`t=${sim.nowMs} ${key}: leader ${p.leader} HW went back from ${last.hw} to ${hw} within epoch ${p.leaderEpoch}`);
      this.inEpoch.set(key, { epoch: p.leaderEpoch, hw });
      for (const id of p.isr) {
        if (!sim.brokers[id]!.alive) continue;
        const leo = p.logs[id]!.log.leo;
        if (hw > leo) out.push(`t=${sim.nowMs} ${key}: leader ${p.leader} HW ${hw} > LEO ${leo} of ISR member ${id} (ISR ${p.isr.join(',')})`);
      }
      const entry = r.log.epochs[r.log.epochs.length - 1];
      const epochStart = entry && entry.epoch === p.leaderEpoch ? entry.startOffset : r.log.leo;
      if (hw < epochStart) continue; // KIP-207: not yet exposed
      const before = this.exposed.get(key) ?? 0;
      if (!this.skipMonotonic(p.topic) && hw < before) out.push(`t=${sim.nowMs} ${key}: HW went back from ${before} to ${hw} (leader ${p.leader}, epoch ${p.leaderEpoch})`);
      this.exposed.set(key, Math.max(before, hw));
    }
    return out;
  }
}

/**
 * Replays the event log and checks that every `highWatermarkMoved` happened while the partition's
 * ISR held at least the effective min.insync.replicas (Kafka 3.7+, KAFKA-15583). The ISR comes from
 * topic creation, `isrShrunk`/`isrExpanded` and unclean elections; min.insync.replicas from the
 * topic's creation configs and later `configChanged` events.
 */
export function checkHwMovesRespectMinIsr(events: readonly SimEvent[], topicConfigs: Record<string, Record<string, ConfigValue> | undefined>): string[] {
  const out: string[] = [];
  const isr = new Map<string, number[]>();
  const rf = new Map<string, number>();
  const minIsr = new Map<string, number>();
  for (const [t, c] of Object.entries(topicConfigs)) minIsr.set(t, Number(c?.['min.insync.replicas'] ?? 1));
  for (const e of events) {
    switch (e.type) {
      case 'topicCreated':
        rf.set(e.topic, e.replicationFactor);
        e.assignment.forEach((replicas, i) => isr.set(`${e.topic}-${i}`, [...replicas]));
        break;
      case 'partitionsAdded':
        e.assignment.forEach((replicas, i) => isr.set(`${e.topic}-${e.from + i}`, [...replicas]));
        break;
      case 'isrShrunk':
      case 'isrExpanded':
        isr.set(`${e.topic}-${e.partition}`, [...e.isr]);
        break;
      case 'leaderElected':
        if (e.reason === 'unclean') isr.set(`${e.topic}-${e.partition}`, [e.leader]);
        break;
      case 'configChanged':
        if (e.scope === 'topic' && e.name === 'min.insync.replicas') minIsr.set(e.entity, Number(e.value));
        break;
      case 'highWatermarkMoved': {
        const key = `${e.topic}-${e.partition}`;
        const need = Math.min(minIsr.get(e.topic) ?? 1, rf.get(e.topic) ?? 1);
        const have = isr.get(key)?.length ?? 0;
        if (have < need) out.push(`t=${e.timeMs} ${key}: HW moved ${e.from}→${e.to} with ISR size ${have} < min.insync.replicas ${need}`);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** At most one leader per partition per leader epoch, across all `leaderElected` events. */
export function checkOneLeaderPerEpoch(events: readonly SimEvent[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const e of ofType(events, 'leaderElected')) {
    const k = `${e.topic}-${e.partition}@${e.leaderEpoch}`;
    const prev = seen.get(k);
    if (prev !== undefined && prev !== e.leader) out.push(`t=${e.timeMs} ${k}: leaders ${prev} and ${e.leader}`);
    seen.set(k, e.leader);
  }
  return out;
}

/**
 * Every offset range acknowledged to one of `producerIds` with acks=all is still in the current
 * leader's log, as the same batch (same base offset, record count and producer), unless retention
 * has since deleted it (below the leader's log start offset).
 */
export function checkAcknowledgedPresent(sim: Sim, events: readonly SimEvent[], producerIds: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const e of ofType(events, 'recordsAcknowledged')) {
    if (!producerIds.has(e.producerId) || e.acks !== 'all') continue;
    const p = sim.partitions[`${e.topic}-${e.partition}`]!;
    if (p.leader < 0) {
      out.push(`${p.key}: offline at the end, cannot verify ack [${e.baseOffset}, +${e.records}) at t=${e.timeMs}`);
      continue;
    }
    const log = p.logs[p.leader]!.log;
    if (e.baseOffset < log.logStartOffset) continue; // deleted by retention
    const b = batchAt(log, e.baseOffset);
    if (!b || b.baseOffset !== e.baseOffset || b.count !== e.records || b.origin !== e.producerId) {
      out.push(`${p.key}: ack to ${e.producerId} of [${e.baseOffset}, +${e.records}) at t=${e.timeMs} not in leader ${p.leader}'s log (found ${b ? `[${b.baseOffset}, ${b.endOffset}) by ${b.origin}` : 'nothing'}; LEO ${log.leo})`);
    }
  }
  return out;
}

/**
 * After faults have healed and the cluster has been quiet: every replica has the leader's log
 * (the same batch objects, replicas share them) over the offsets both still retain, and the same LEO.
 */
export function checkReplicasConverged(sim: Sim): string[] {
  const out: string[] = [];
  for (const key of Object.keys(sim.partitions)) {
    const p = sim.partitions[key]!;
    if (p.leader < 0) {
      out.push(`${key}: still offline after healing (ISR ${p.isr.join(',')})`);
      continue;
    }
    const lead = p.logs[p.leader]!.log;
    for (const id of p.replicas) {
      if (id === p.leader) continue;
      const log = p.logs[id]!.log;
      if (log.leo !== lead.leo) {
        out.push(`${key}: broker ${id} LEO ${log.leo} != leader ${p.leader} LEO ${lead.leo} (ISR ${p.isr.join(',')})`);
        continue;
      }
      const from = Math.max(log.logStartOffset, lead.logStartOffset);
      for (let off = from; off < lead.leo; ) {
        const a = batchAt(lead, off);
        const b = batchAt(log, off);
        if (!a || a !== b) {
          out.push(`${key}: broker ${id} differs from leader ${p.leader} at offset ${off}`);
          break;
        }
        off = a.endOffset;
      }
    }
    if (p.isr.length !== p.replicas.length) out.push(`${key}: ISR ${p.isr.join(',')} is not every replica ${p.replicas.join(',')} after healing`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random clusters and fault schedules (property tests)

export type Fault =
  | { kind: 'crash' | 'isolate'; broker: number; atMs: number; forMs: number }
  | { kind: 'slow'; broker: number; atMs: number; forMs: number; extraLatencyMs: number }
  | { kind: 'config'; topic: number; atMs: number; name: 'retention.ms' | 'segment.ms' | 'min.insync.replicas' | 'retention.bytes'; value: number }
  | { kind: 'addPartitions'; topic: number; atMs: number; add: number };

export interface ClusterCase {
  seed: number;
  brokers: number;
  networkLatencyMs: number;
  brokerConfigs: Record<string, ConfigValue>;
  topics: { partitions: number; rf: number; minIsr: number; unclean: boolean; safe: boolean; configs: Record<string, ConfigValue> }[];
  producers: { topic: number; ratePerSec: number; acks: '0' | '1' | 'all'; idempotence: boolean; keyed: boolean; lingerMs: number; batchSize: number; requestTimeoutMs: number }[];
  durationMs: number;
  stepMs: number;
  faults: Fault[];
}

/** Options for {@link clusterCaseArb}. */
export interface ClusterCaseOptions {
  /** Every topic is "safe": RF ≥ 3, min.insync.replicas ≥ 2, unclean election off, acks=all producers. */
  allSafe?: boolean;
  /** Cap on records produced per case (rate × duration summed over producers), to bound run time. */
  maxRecords?: number;
}

const topicName = (i: number): string => `t${i}`;

/**
 * A small random cluster and a handful of faults: 2–5 brokers, 1–2 topics of 1–4 partitions with
 * RF ≤ brokers, producers at 5–200 records/s for 20–90 simulated seconds, crashes, isolations, slow
 * brokers, config changes (retention.ms, segment.ms, min.insync.replicas, retention.bytes) and added
 * partitions. "Safe" topics (RF ≥ 3, min.insync.replicas ≥ 2, unclean election off, acks=all) are
 * the ones Kafka promises never to lose an acknowledged record on.
 */
export function clusterCaseArb(options: ClusterCaseOptions = {}): fc.Arbitrary<ClusterCase> {
  const maxRecords = options.maxRecords ?? 2000;
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      brokers: options.allSafe ? fc.integer({ min: 3, max: 5 }) : fc.integer({ min: 2, max: 5 }),
      durationSec: fc.integer({ min: 20, max: 90 }),
      networkLatencyMs: fc.integer({ min: 0, max: 10 }),
      stepMs: fc.integer({ min: 50, max: 250 }),
      topicCount: fc.integer({ min: 1, max: 2 }),
      lagMaxMs: fc.constantFrom(3000, 6000, 10_000, 30_000),
      imbalanceSec: fc.constantFrom(5, 20, 300),
      retentionCheckMs: fc.constantFrom(1000, 5000, 300_000),
      initialDelayMs: fc.constantFrom(0, 3000, 30_000),
    })
    .chain((base) => {
      const durationMs = base.durationSec * 1000;
      const topicArb = fc
        .record({
          partitions: fc.integer({ min: 1, max: 4 }),
          rfPick: fc.integer({ min: 0, max: 100 }),
          minPick: fc.integer({ min: 0, max: 100 }),
          safe: options.allSafe ? fc.constant(true) : fc.boolean(),
          unclean: fc.boolean(),
          segmentMs: fc.option(fc.integer({ min: 500, max: 20_000 }), { nil: undefined }),
          segmentBytes: fc.option(fc.integer({ min: 1024, max: 16_384 }), { nil: undefined }),
          retentionMs: fc.option(fc.integer({ min: 1000, max: 60_000 }), { nil: undefined }),
          retentionBytes: fc.option(fc.integer({ min: 2048, max: 32_768 }), { nil: undefined }),
        })
        .map((t) => {
          const safe = t.safe && base.brokers >= 3;
          const rf = safe ? 3 + (t.rfPick % (base.brokers - 2)) : 1 + (t.rfPick % base.brokers);
          const minIsr = safe ? 2 + (t.minPick % (rf - 1)) : 1 + (t.minPick % rf);
          const unclean = safe ? false : t.unclean;
          const configs: Record<string, ConfigValue> = { 'min.insync.replicas': minIsr };
          if (unclean) configs['unclean.leader.election.enable'] = true;
          if (t.segmentMs !== undefined) configs['segment.ms'] = t.segmentMs;
          if (t.segmentBytes !== undefined) configs['segment.bytes'] = t.segmentBytes;
          if (t.retentionMs !== undefined) configs['retention.ms'] = t.retentionMs;
          if (t.retentionBytes !== undefined) configs['retention.bytes'] = t.retentionBytes;
          return { partitions: t.partitions, rf, minIsr, unclean, safe, configs };
        });
      return fc.record({ base: fc.constant(base), durationMs: fc.constant(durationMs), topics: fc.array(topicArb, { minLength: base.topicCount, maxLength: base.topicCount }) });
    })
    .chain(({ base, durationMs, topics }) => {
      const producerArb = fc.record({
        topic: fc.integer({ min: 0, max: topics.length - 1 }),
        ratePick: fc.integer({ min: 0, max: 1000 }),
        acks: fc.constantFrom<'0' | '1' | 'all'>('0', '1', 'all', 'all'),
        idempotence: fc.boolean(),
        keyed: fc.boolean(),
        lingerMs: fc.constantFrom(0, 5, 20),
        batchSize: fc.constantFrom(1024, 4096, 16_384),
        requestTimeoutMs: fc.constantFrom(2000, 10_000, 30_000),
      });
      const brokerId = fc.integer({ min: 1, max: base.brokers });
      const at = fc.integer({ min: 0, max: durationMs - 1 });
      const lasting = fc.integer({ min: 200, max: 40_000 });
      const faultArb: fc.Arbitrary<Fault> = fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('crash' as const), broker: brokerId, atMs: at, forMs: lasting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('isolate' as const), broker: brokerId, atMs: at, forMs: lasting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('slow' as const), broker: brokerId, atMs: at, forMs: lasting, extraLatencyMs: fc.integer({ min: 20, max: 25_000 }) }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('config' as const),
            topic: fc.integer({ min: 0, max: topics.length - 1 }),
            atMs: at,
            name: fc.constantFrom('retention.ms' as const, 'segment.ms' as const, 'min.insync.replicas' as const, 'retention.bytes' as const),
            value: fc.integer({ min: 0, max: 1_000_000 }),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('addPartitions' as const), topic: fc.integer({ min: 0, max: topics.length - 1 }), atMs: at, add: fc.integer({ min: 1, max: 2 }) }) },
      );
      return fc.record({
        base: fc.constant(base),
        durationMs: fc.constant(durationMs),
        topics: fc.constant(topics),
        producers: fc.array(producerArb, { minLength: 1, maxLength: 3 }),
        faults: fc.array(faultArb, { minLength: 0, maxLength: 6 }),
      });
    })
    .map(({ base, durationMs, topics, producers, faults }): ClusterCase => {
      const perProducerCap = Math.max(5, Math.min(200, Math.floor(maxRecords / (base.durationSec * producers.length))));
      return {
        seed: base.seed,
        brokers: base.brokers,
        networkLatencyMs: base.networkLatencyMs,
        brokerConfigs: {
          'replica.lag.time.max.ms': base.lagMaxMs,
          'leader.imbalance.check.interval.seconds': base.imbalanceSec,
          'log.retention.check.interval.ms': base.retentionCheckMs,
          'log.initial.task.delay.ms': base.initialDelayMs,
        },
        topics,
        producers: producers.map((p) => {
          const safe = topics[p.topic]!.safe;
          return {
            topic: p.topic,
            ratePerSec: 5 + (p.ratePick % (perProducerCap - 4)),
            acks: safe ? 'all' : p.acks,
            idempotence: p.idempotence,
            keyed: p.keyed,
            lingerMs: p.lingerMs,
            batchSize: p.batchSize,
            requestTimeoutMs: p.requestTimeoutMs,
          };
        }),
        durationMs,
        stepMs: base.stepMs,
        faults: faults.map((f) => {
          if (f.kind !== 'config') return f;
          const t = topics[f.topic]!;
          // Keep the values meaningful: small retention/segments, and a safe topic's min.insync.replicas stays ≥ 2.
          switch (f.name) {
            case 'retention.ms':
              return { ...f, value: f.value % 7 === 0 ? -1 : 1000 + (f.value % 60_000) };
            case 'retention.bytes':
              return { ...f, value: f.value % 5 === 0 ? -1 : 2048 + (f.value % 30_000) };
            case 'segment.ms':
              return { ...f, value: 500 + (f.value % 20_000) };
            case 'min.insync.replicas':
              return { ...f, value: t.safe ? 2 + (f.value % (t.rf - 1)) : 1 + (f.value % t.rf) };
          }
        }),
      };
    });
}

/** The scenario (topics, producers, timeline of faults) of a generated case. */
export function scenarioOf(c: ClusterCase): ScenarioSpec {
  const topics: TopicSpec[] = c.topics.map((t, i) => ({ name: topicName(i), partitions: t.partitions, replicationFactor: t.rf, configs: t.configs }));
  const producers: ProducerSpec[] = c.producers.map((p, i) => ({
    id: `p${i}`,
    topic: topicName(p.topic),
    ratePerSec: p.ratePerSec,
    keys: p.keyed ? { kind: 'random', prefix: 'key-', cardinality: 40 } : { kind: 'none' },
    value: { kind: 'order' },
    configs: {
      acks: p.acks,
      'enable.idempotence': p.acks === 'all' && p.idempotence,
      'linger.ms': p.lingerMs,
      'batch.size': p.batchSize,
      'request.timeout.ms': p.requestTimeoutMs,
    },
  }));
  const timeline: TimelineEntry[] = [];
  const partitions = c.topics.map((t) => t.partitions);
  for (const f of [...c.faults].sort((a, b) => a.atMs - b.atMs)) {
    const end = f.atMs + ('forMs' in f ? f.forMs : 0);
    switch (f.kind) {
      case 'crash':
        timeline.push({ atMs: f.atMs, command: { type: 'crashBroker', brokerId: f.broker } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'restartBroker', brokerId: f.broker } });
        break;
      case 'isolate':
        timeline.push({ atMs: f.atMs, command: { type: 'isolateBroker', brokerId: f.broker } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'healBroker', brokerId: f.broker } });
        break;
      case 'slow':
        timeline.push({ atMs: f.atMs, command: { type: 'slowBroker', brokerId: f.broker, extraLatencyMs: f.extraLatencyMs } });
        if (end < c.durationMs) timeline.push({ atMs: end, command: { type: 'slowBroker', brokerId: f.broker, extraLatencyMs: 0 } });
        break;
      case 'config':
        timeline.push({ atMs: f.atMs, command: { type: 'setTopicConfig', topic: topicName(f.topic), configs: { [f.name]: f.value } } });
        break;
      case 'addPartitions':
        partitions[f.topic]! += f.add;
        timeline.push({ atMs: f.atMs, command: { type: 'addPartitions', topic: topicName(f.topic), totalCount: Math.min(8, partitions[f.topic]!) } });
        break;
    }
  }
  return { name: 'property case', cluster: { brokers: c.brokers, networkLatencyMs: c.networkLatencyMs, configs: c.brokerConfigs }, topics, producers, timeline };
}

/** Commands that end every fault still active: restart, heal, remove latency. */
export function healCommands(sim: Sim): Command[] {
  const out: Command[] = [];
  for (const id of Object.keys(sim.brokers).map(Number).sort((a, b) => a - b)) {
    const b = sim.brokers[id]!;
    if (!b.alive) out.push({ type: 'restartBroker', brokerId: id });
    if (b.isolated) out.push({ type: 'healBroker', brokerId: id });
    if (b.extraLatencyMs > 0) out.push({ type: 'slowBroker', brokerId: id, extraLatencyMs: 0 });
  }
  return out;
}

/** What one run of a generated case found, per invariant. */
export interface CaseReport {
  /** Property a: acknowledged records lost on safe topics. */
  lost: string[];
  /** Property b: offsets dense on every replica. */
  dense: string[];
  /** Property c: the high watermark rules. */
  highWatermark: string[];
  /** Property d: one leader per partition epoch. */
  leaders: string[];
  /** After healing: replicas converge to the leader. */
  converged: string[];
  /** hashEvents of the whole run (property e). */
  hash: number;
  events: number;
}

/** Quiet time after the faults heal, long enough for fencing, re-registration and catching up. */
export const HEAL_QUIET_MS = 40_000;

/**
 * Runs a generated case: the timeline's faults, then every fault healed and producers paused for
 * {@link HEAL_QUIET_MS}. With `check`, advances in `c.stepMs` steps checking invariants on
 * `sim.state` after each; otherwise advances in chunks of `chunkMs` (default: everything at once).
 */
export function runCase(c: ClusterCase, mode: { check: true } | { check: false; chunkMs?: number }): CaseReport {
  const scenario = scenarioOf(c);
  const sim = createSimulation(scenario, { seed: c.seed });
  const events: SimEvent[] = [];
  const report: CaseReport = { lost: [], dense: [], highWatermark: [], leaders: [], converged: [], hash: 0, events: 0 };
  const uncleanTopics = new Set(c.topics.flatMap((t, i) => (t.unclean ? [topicName(i)] : [])));
  const hw = new HighWatermarkTracker((t) => uncleanTopics.has(t));
  const add = (list: string[], found: string[]): void => {
    if (list.length < 20) list.push(...found.slice(0, 20 - list.length));
  };
  const step = (ms: number): void => {
    if (!mode.check) {
      const chunk = mode.chunkMs ?? ms;
      for (let done = 0; done < ms; done += chunk) sim.advance(Math.min(chunk, ms - done));
      events.push(...sim.drainEvents());
      return;
    }
    advanceCollect(sim, ms, c.stepMs, (batch) => {
      events.push(...batch);
      add(report.dense, checkLogsDense(sim.state));
      add(report.highWatermark, hw.check(sim.state));
    });
  };
  step(c.durationMs);
  for (const cmd of healCommands(sim.state)) sim.apply(cmd);
  for (const id of Object.keys(sim.state.producers)) sim.apply({ type: 'updateProducer', producerId: id, paused: true });
  events.push(...sim.drainEvents());
  step(HEAL_QUIET_MS);
  report.hash = hashEvents(events);
  report.events = events.length;
  if (!mode.check) return report;
  const topicConfigs = Object.fromEntries(scenario.topics.map((t) => [t.name, t.configs]));
  add(report.highWatermark, checkHwMovesRespectMinIsr(events, topicConfigs));
  add(report.leaders, checkOneLeaderPerEpoch(events));
  const safeProducers = new Set(scenario.producers!.filter((p) => c.topics[Number(p.topic.slice(1))]!.safe).map((p) => p.id));
  add(report.lost, checkAcknowledgedPresent(sim.state, events, safeProducers));
  for (const key of Object.keys(sim.state.partitions)) {
    const p = sim.state.partitions[key]!;
    if (c.topics[Number(p.topic.slice(1))]!.safe && p.lostRecords > 0) add(report.lost, [`${key}: the engine's ledger counts ${p.lostRecords} acknowledged records lost`]);
  }
  add(report.converged, checkReplicasConverged(sim.state));
  return report;
}

/** The effective min.insync.replicas of a partition (re-exported for tests). */
export { effectiveMinIsr };
