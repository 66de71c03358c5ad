/**
 * Shared builders, fast-check arbitraries and invariant checkers for the engine tests.
 * Checkers return a list of human-readable violations (empty when the invariant holds) so a
 * property can report every broken rule of one run at once.
 */
import fc from 'fast-check';
import { createSimulation, hashEvents } from '../../src/engine';
import type { Command, ConfigValue, ConsumerSpec, ProducerSpec, ScenarioSpec, SimEvent, SimEventType, Simulation, TimelineEntry, TopicSpec } from '../../src/engine';
import { peekTime } from '../../src/engine/clock';
import { effectiveMinIsr } from '../../src/engine/core';
import { batchAt, createLog } from '../../src/engine/kafka/log';
import type { RollConfig, Log } from '../../src/engine/kafka/log';
import type { Sim } from '../../src/engine/state';
import type { StoredBatch } from '../../src/engine/kafka/record-batch';
import { NO_PRODUCER_ID, RECORD_BATCH_OVERHEAD } from '../../src/engine/kafka/record-batch';
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
    ...storedBatch(baseOffset, { ...o, timestampsMs: ts, sizeBytes }),
    timestampsMs: one ? ts[0]! : ts,
    keys: one ? records[0]!.key : records.map((r) => r.key),
    values: one ? records[0]!.value : records.map((r) => r.value),
    valueGen: null,
    headers: anyHeaders ? records.map((r) => r.headers ?? []) : null,
    ...(o.id !== undefined ? { id: o.id } : {}),
    acked: false,
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
        // The same batch: same identity (id) and extent; flags are copy-on-write, so objects may differ.
        if (!a || !b || (a !== b && (a.id === undefined || a.id !== b.id || a.endOffset !== b.endOffset || a.count !== b.count))) {
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

// ---------------------------------------------------------------------------------------------
// Consumer groups under random faults (test/engine/consumer-properties.test.ts)

/** A scheduled action of a generated consumer case. `forMs` actions are undone after that long (if still within the run). */
export type ConsumerAction =
  | { kind: 'crashConsumer' | 'removeConsumer'; consumer: number; atMs: number; forMs: number }
  | { kind: 'addConsumer'; consumer: number; atMs: number }
  | { kind: 'crashBroker'; broker: number; atMs: number; forMs: number }
  /** Extra latency on every message touching the broker (its followers lag; its clients wait longer). */
  | { kind: 'slowBroker'; broker: number; atMs: number; forMs: number; extraLatencyMs: number }
  | { kind: 'retention'; topic: number; atMs: number; retentionMs: number; segmentMs: number }
  | { kind: 'rate'; consumer: number; atMs: number; rate: number }
  /**
   * Armed at `atMs` (for 20 s): the first time group `group` is in `phase`, its coordinator's broker
   * crashes (restarted `forMs` later) — a coordinator failover in the middle of a rebalance.
   */
  | { kind: 'crashCoordinator'; group: number; phase: 'PreparingRebalance' | 'CompletingRebalance'; atMs: number; forMs: number };

/** One consumer of a generated case (its spec is built by {@link consumerSpecOf}). */
export interface CaseConsumer {
  group: number;
  topics: number[];
  instance: boolean;
  rate: number;
  autoCommit: boolean;
  commitIntervalMs: number;
  maxPollRecords: number;
  sessionMs: number;
  heartbeatMs: number;
  maxPollIntervalMs: number;
  reset: 'earliest' | 'latest' | 'none';
  /** Joins later through an addConsumer action instead of at start. */
  late: boolean;
}

/**
 * A small cluster (3 brokers, RF 3), 1–2 topics of 1–4 partitions, 1–2 producers, 1–5 consumers in 1–2
 * groups and a handful of actions over 20–60 simulated seconds. `lossless` cases use
 * auto.offset.reset=earliest and never change retention, so no record below the high watermark can
 * be skipped.
 */
export interface ConsumerCase {
  seed: number;
  lossless: boolean;
  networkLatencyMs: number;
  offsetsPartitions: number;
  initialDelayMs: number;
  durationMs: number;
  stepMs: number;
  topics: { partitions: number; minIsr: number }[];
  producers: { topic: number; ratePerSec: number; acks: '1' | 'all'; keyed: boolean }[];
  groups: string[];
  consumers: CaseConsumer[];
  actions: ConsumerAction[];
}

/** Pure cooperative-sticky twice: it is the only cooperative choice (a list with an eager assignor rebalances eagerly). */
const CONSUMER_STRATEGIES = ['range', 'cooperative-sticky', 'cooperative-sticky', 'range,cooperative-sticky', 'roundrobin', 'sticky'];

/**
 * Random consumer cases: consumer crashes and restarts, removals and re-adds, late joins, broker
 * crashes and restarts (some timed to hit a rebalance of a group's coordinator), slow brokers,
 * processing-rate changes and (unless `lossless`) retention changes. Each group
 * uses one `partition.assignment.strategy` for all its members (Kafka refuses members with no common
 * protocol: INCONSISTENT_GROUP_PROTOCOL).
 */
export function consumerCaseArb(lossless: boolean): fc.Arbitrary<ConsumerCase> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      networkLatencyMs: fc.integer({ min: 0, max: 5 }),
      offsetsPartitions: fc.integer({ min: 1, max: 5 }),
      initialDelayMs: fc.constantFrom(0, 500, 3000),
      durationSec: fc.integer({ min: 20, max: 60 }),
      stepMs: fc.integer({ min: 200, max: 1000 }),
      topics: fc.array(fc.record({ partitions: fc.integer({ min: 1, max: 4 }), minIsr: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 2 }),
      groups: fc.array(fc.constantFrom(...CONSUMER_STRATEGIES), { minLength: 1, maxLength: 2 }),
    })
    .chain((base) => {
      const durationMs = base.durationSec * 1000;
      const topicIdx = fc.integer({ min: 0, max: base.topics.length - 1 });
      const consumerArb = fc.record({
        group: fc.integer({ min: 0, max: base.groups.length - 1 }),
        topics: fc.uniqueArray(topicIdx, { minLength: 1, maxLength: base.topics.length }),
        instance: fc.boolean(),
        rate: fc.constantFrom(0, 0, 20, 100, 500),
        autoCommit: fc.boolean(),
        commitIntervalMs: fc.constantFrom(500, 1000, 5000),
        maxPollRecords: fc.constantFrom(5, 50, 500),
        sessionMs: fc.constantFrom(6000, 10_000),
        heartbeatMs: fc.constantFrom(1000, 2000),
        maxPollIntervalMs: fc.constantFrom(5000, 15_000, 30_000),
        reset: lossless ? fc.constant('earliest' as const) : fc.constantFrom('earliest' as const, 'latest' as const, 'latest' as const, 'none' as const),
        late: fc.boolean(),
      });
      return fc.record({
        base: fc.constant(base),
        producers: fc.array(fc.record({ topic: topicIdx, ratePerSec: fc.integer({ min: 2, max: 40 }), acks: fc.constantFrom('1' as const, 'all' as const), keyed: fc.boolean() }), { minLength: 1, maxLength: 2 }),
        consumers: fc.array(consumerArb, { minLength: 1, maxLength: 5 }),
        durationMs: fc.constant(durationMs),
      });
    })
    .chain(({ base, producers, consumers, durationMs }) => {
      const at = fc.integer({ min: 0, max: durationMs - 1 });
      const lasting = fc.integer({ min: 500, max: 30_000 });
      const consumer = fc.integer({ min: 0, max: consumers.length - 1 });
      const actionArb: fc.Arbitrary<ConsumerAction> = fc.oneof(
        { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('crashConsumer' as const, 'removeConsumer' as const), consumer, atMs: at, forMs: lasting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('crashBroker' as const), broker: fc.integer({ min: 1, max: 3 }), atMs: at, forMs: lasting }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('slowBroker' as const), broker: fc.integer({ min: 1, max: 3 }), atMs: at, forMs: lasting, extraLatencyMs: fc.integer({ min: 20, max: 3000 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate' as const), consumer, atMs: at, rate: lossless ? fc.constantFrom(0, 20, 50) : fc.constantFrom(0, 5, 50) }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('crashCoordinator' as const),
            group: fc.integer({ min: 0, max: base.groups.length - 1 }),
            phase: fc.constantFrom('PreparingRebalance' as const, 'CompletingRebalance' as const),
            atMs: at,
            forMs: lasting,
          }),
        },
        ...(lossless ? [] : [{ weight: 2, arbitrary: fc.record({ kind: fc.constant('retention' as const), topic: fc.integer({ min: 0, max: base.topics.length - 1 }), atMs: at, retentionMs: fc.integer({ min: 1000, max: 10_000 }), segmentMs: fc.integer({ min: 500, max: 3000 }) }) }]),
      );
      return fc.record({
        base: fc.constant(base),
        producers: fc.constant(producers),
        consumers: fc.constant(consumers),
        durationMs: fc.constant(durationMs),
        actions: fc.array(actionArb, { minLength: 0, maxLength: 6 }),
        lateAt: fc.array(at, { minLength: consumers.length, maxLength: consumers.length }),
      });
    })
    .map(({ base, producers, consumers, durationMs, actions, lateAt }): ConsumerCase => {
      const all: ConsumerAction[] = [...actions];
      consumers.forEach((c, i) => {
        if (c.late) all.push({ kind: 'addConsumer', consumer: i, atMs: lateAt[i]! });
      });
      return {
        seed: base.seed,
        lossless,
        networkLatencyMs: base.networkLatencyMs,
        offsetsPartitions: base.offsetsPartitions,
        initialDelayMs: base.initialDelayMs,
        durationMs,
        stepMs: base.stepMs,
        topics: base.topics,
        producers,
        groups: base.groups,
        consumers: consumers.map((c) => ({ ...c, topics: [...c.topics].sort() })),
        actions: all,
      };
    });
}

const consumerId = (i: number): string => `c${i}`;

/** The spec of consumer `i` of a case (ids c0…, groups g0/g1, topics t0/t1). */
export function consumerSpecOf(c: ConsumerCase, i: number): ConsumerSpec {
  const k = c.consumers[i]!;
  return {
    id: consumerId(i),
    groupId: `g${k.group}`,
    topics: k.topics.map(topicName),
    ...(k.instance ? { groupInstanceId: `instance-${i}` } : {}),
    processingRatePerSec: k.rate,
    configs: {
      'partition.assignment.strategy': c.groups[k.group]!,
      'enable.auto.commit': k.autoCommit,
      'auto.commit.interval.ms': k.commitIntervalMs,
      'max.poll.records': k.maxPollRecords,
      'session.timeout.ms': k.sessionMs,
      'heartbeat.interval.ms': k.heartbeatMs,
      'max.poll.interval.ms': k.maxPollIntervalMs,
      'auto.offset.reset': k.reset,
    },
  };
}

/** The scenario of a consumer case: the actions become the timeline. */
export function consumerScenarioOf(c: ConsumerCase): ScenarioSpec {
  const brokerConfigs: Record<string, ConfigValue> = {
    'offsets.topic.num.partitions': c.offsetsPartitions,
    'group.initial.rebalance.delay.ms': c.initialDelayMs,
    'log.retention.check.interval.ms': 1000,
    'log.initial.task.delay.ms': 1000,
  };
  const producers: ProducerSpec[] = c.producers.map((p, i) => ({
    id: `p${i}`,
    topic: topicName(p.topic),
    ratePerSec: p.ratePerSec,
    keys: p.keyed ? { kind: 'random', prefix: 'k', cardinality: 30 } : { kind: 'none' },
    configs: { acks: p.acks, 'enable.idempotence': p.acks === 'all' },
  }));
  const timeline: TimelineEntry[] = [];
  const push = (atMs: number, command: Command) => timeline.push({ atMs, command });
  for (const a of [...c.actions].sort((x, y) => x.atMs - y.atMs)) {
    const end = a.atMs + ('forMs' in a ? a.forMs : 0);
    switch (a.kind) {
      case 'crashConsumer':
        push(a.atMs, { type: 'crashConsumer', consumerId: consumerId(a.consumer) });
        if (end < c.durationMs) push(end, { type: 'restartConsumer', consumerId: consumerId(a.consumer) });
        break;
      case 'removeConsumer':
        push(a.atMs, { type: 'removeConsumer', consumerId: consumerId(a.consumer) });
        if (end < c.durationMs) push(end, { type: 'addConsumer', consumer: consumerSpecOf(c, a.consumer) });
        break;
      case 'addConsumer':
        push(a.atMs, { type: 'addConsumer', consumer: consumerSpecOf(c, a.consumer) });
        break;
      case 'crashBroker':
        push(a.atMs, { type: 'crashBroker', brokerId: a.broker });
        if (end < c.durationMs) push(end, { type: 'restartBroker', brokerId: a.broker });
        break;
      case 'slowBroker':
        push(a.atMs, { type: 'slowBroker', brokerId: a.broker, extraLatencyMs: a.extraLatencyMs });
        if (end < c.durationMs) push(end, { type: 'slowBroker', brokerId: a.broker, extraLatencyMs: 0 });
        break;
      case 'retention':
        push(a.atMs, { type: 'setTopicConfig', topic: topicName(a.topic), configs: { 'retention.ms': a.retentionMs, 'segment.ms': a.segmentMs } });
        break;
      case 'rate':
        push(a.atMs, { type: 'updateConsumer', consumerId: consumerId(a.consumer), processingRatePerSec: a.rate });
        break;
      case 'crashCoordinator':
        break; // depends on the state at run time: runConsumerCase applies it
    }
  }
  return {
    name: 'consumer property case',
    cluster: { brokers: 3, networkLatencyMs: c.networkLatencyMs, configs: brokerConfigs },
    topics: c.topics.map((t, i) => ({ name: topicName(i), partitions: t.partitions, replicationFactor: 3, configs: { 'min.insync.replicas': t.minIsr } })),
    producers,
    consumers: c.consumers.flatMap((_, i) => (c.consumers[i]!.late ? [] : [consumerSpecOf(c, i)])),
    timeline,
  };
}

/** Counts of what a consumer case exercised. */
export interface ConsumerCaseStats {
  consumed: number;
  rebalances: number;
  duplicates: number;
  cooperativeRevocations: number;
  eagerRevocations: number;
  coordinatorMoves: number;
  outOfRangeResets: number;
  pollTimeouts: number;
  staticRejoins: number;
  /** Coordinator crashes that hit a rebalance in progress ('crashCoordinator' actions that fired). */
  coordinatorCrashesMidRebalance: number;
}

/** What one run of a consumer case found, per invariant (violations, at most 10 each). */
export interface ConsumerReport {
  ownership: string[];
  bounds: string[];
  order: string[];
  lag: string[];
  delivery: string[];
  hash: number;
  events: number;
  /** What the run exercised (for the coverage test): records consumed, rebalances, duplicates, … */
  stats: ConsumerCaseStats;
}

/** A union of offset ranges, kept as sorted disjoint [from, to) pairs. */
export class OffsetRanges {
  private r: [number, number][] = [];
  add(from: number, to: number): void {
    if (to <= from) return;
    const out: [number, number][] = [];
    let [a, b] = [from, to];
    let placed = false;
    for (const [x, y] of this.r) {
      if (y < a) out.push([x, y]);
      else if (x > b) {
        if (!placed) {
          out.push([a, b]);
          placed = true;
        }
        out.push([x, y]);
      } else {
        a = Math.min(a, x);
        b = Math.max(b, y);
      }
    }
    if (!placed) out.push([a, b]);
    this.r = out;
  }
  /** The first offset in [from, to) not covered, or -1. */
  firstGap(from: number, to: number): number {
    let at = from;
    for (const [x, y] of this.r) {
      if (y <= at) continue;
      if (x > at) break;
      at = y;
      if (at >= to) return -1;
    }
    return at < to ? at : -1;
  }
}

/** Quiet time after the timeline: brokers and crashed consumers restarted, producers paused, consumers processing instantly. */
export const CONSUMER_HEAL_MS = 60_000;

/**
 * Runs a consumer case, then heals it for {@link CONSUMER_HEAL_MS}. With `check`, the run goes one
 * task at a time (`step`) and checks after every task; otherwise it advances in `c.stepMs` chunks
 * and only hashes the events (for the determinism property). See consumer-properties.test.ts for
 * the precise invariants.
 */
export function runConsumerCase(c: ConsumerCase, mode: { check: boolean }): ConsumerReport {
  const scenario = consumerScenarioOf(c);
  const sim = createSimulation(scenario, { seed: c.seed });
  const s = sim.state;
  const report: ConsumerReport = { ownership: [], bounds: [], order: [], lag: [], delivery: [], hash: 0, events: 0, stats: { consumed: 0, rebalances: 0, duplicates: 0, cooperativeRevocations: 0, eagerRevocations: 0, coordinatorMoves: 0, outOfRangeResets: 0, pollTimeouts: 0, staticRejoins: 0, coordinatorCrashesMidRebalance: 0 } };
  const add = (list: string[], found: string[] | string) => {
    const f = typeof found === 'string' ? [found] : found;
    if (list.length < 10) list.push(...f.slice(0, 10 - list.length));
  };
  let hash = hashEvents([]);
  let count = 0;
  const exposed = new Map<string, number>();
  const spans = new Map<string, number>(); // `${consumer}|${partition}` -> last end offset in the current span
  const delivered = new Map<string, OffsetRanges>(); // `${group}|${partition}`
  let nextLagCheck = 0;

  const endSpans = (consumer: string, partitions?: string[]) => {
    for (const k of [...spans.keys()]) {
      const [cid, part] = k.split('|');
      if (cid === consumer && (!partitions || partitions.includes(part!))) spans.delete(k);
    }
  };
  const onEvents = (events: SimEvent[]) => {
    hash = hashEvents(events, hash);
    count += events.length;
    if (!mode.check) return;
    for (const e of events) {
      switch (e.type) {
        case 'highWatermarkMoved': {
          // Only a leader moves its HW forward (Partition.maybeIncrementLeaderHW); a follower's HW never passes its leader's.
          const key = `${e.topic}-${e.partition}`;
          if (e.to > (exposed.get(key) ?? 0)) exposed.set(key, e.to);
          break;
        }
        case 'recordsConsumed': {
          const key = `${e.topic}-${e.partition}`;
          report.stats.consumed += e.records;
          const hw = exposed.get(key) ?? 0;
          if (e.endOffset > hw) add(report.bounds, `t=${e.timeMs} ${e.consumerId} consumed ${key} [${e.baseOffset}, ${e.endOffset}) beyond the highest exposed HW ${hw}`);
          const cons = s.consumers[e.consumerId]!;
          if (!cons.assignment.some((tp) => tp.topic === e.topic && tp.partition === e.partition)) add(report.order, `t=${e.timeMs} ${e.consumerId} consumed ${key} without owning it`);
          const sk = `${e.consumerId}|${key}`;
          const prev = spans.get(sk);
          if (prev !== undefined) {
            if (e.baseOffset < prev) add(report.order, `t=${e.timeMs} ${e.consumerId} ${key}: consumed [${e.baseOffset}, ${e.endOffset}) after reaching ${prev} in the same assignment`);
            else if (c.lossless && e.baseOffset !== prev) add(report.order, `t=${e.timeMs} ${e.consumerId} ${key}: gap: consumed from ${e.baseOffset} after reaching ${prev}`);
          }
          spans.set(sk, e.endOffset);
          const dk = `${e.groupId}|${key}`;
          if (!delivered.has(dk)) delivered.set(dk, new OffsetRanges());
          delivered.get(dk)!.add(e.baseOffset, e.endOffset);
          break;
        }
        case 'partitionsRevoked':
          if (e.protocol === 'cooperative') report.stats.cooperativeRevocations++;
          else report.stats.eagerRevocations++;
          endSpans(e.consumerId, e.partitions);
          break;
        case 'groupCoordinatorMoved':
          report.stats.coordinatorMoves++;
          break;
        case 'memberJoined':
          if (!e.rebalance) report.stats.staticRejoins++;
          break;
        case 'consumerError':
          if (e.error.message.includes('max.poll.interval.ms')) report.stats.pollTimeouts++;
          break;
        case 'partitionsAssigned':
          endSpans(e.consumerId, e.partitions);
          break;
        case 'offsetReset':
          if (e.reason === 'out of range') report.stats.outOfRangeResets++;
          endSpans(e.consumerId, [`${e.topic}-${e.partition}`]);
          break;
        case 'consumerCrashed':
        case 'consumerRestarted':
        case 'consumerRemoved':
        case 'consumerAdded':
          endSpans(e.consumerId);
          break;
        case 'offsetsCommitted':
        case 'groupOffsetsReset':
          for (const o of e.offsets) {
            const hw = exposed.get(o.partition) ?? 0;
            if (o.offset > hw) add(report.bounds, `t=${e.timeMs} ${e.groupId} committed ${o.partition}@${o.offset} above the highest exposed HW ${hw}`);
          }
          break;
        case 'groupRebalanced':
          report.stats.rebalances++;
          break;
        default:
          break;
      }
    }
  };
  const checkState = () => {
    add(report.ownership, checkGroupOwnership(s));
    if (s.nowMs >= nextLagCheck) {
      nextLagCheck = s.nowMs + 1000;
      for (const g of sim.snapshot().groups) {
        let total = 0;
        for (const p of g.partitions) {
          if (p.lag !== null && (p.lag < 0 || !Number.isInteger(p.lag))) add(report.lag, `t=${s.nowMs} ${g.groupId} ${p.topic}-${p.partition}: lag ${p.lag}`);
          if (p.lagMs !== null && p.lagMs < 0) add(report.lag, `t=${s.nowMs} ${g.groupId} ${p.topic}-${p.partition}: lagMs ${p.lagMs}`);
          if (p.committedOffset !== null && p.highWatermark >= 0 && p.lag !== Math.max(0, p.highWatermark - p.committedOffset)) add(report.lag, `t=${s.nowMs} ${g.groupId}: lag ${p.lag} != HW ${p.highWatermark} - committed ${p.committedOffset}`);
          total += p.lag ?? 0;
        }
        if (total !== g.totalLag) add(report.lag, `t=${s.nowMs} ${g.groupId}: totalLag ${g.totalLag} != ${total}`);
      }
    }
  };
  // Coordinator crashes armed by 'crashCoordinator' actions, and the restarts they schedule. While a
  // trigger is armed both modes step task by task, so the crash lands after the same task in either.
  const triggers = c.actions.flatMap((a) => (a.kind === 'crashCoordinator' ? [{ ...a, fired: false }] : [])).sort((x, y) => x.atMs - y.atMs);
  const pending: { atMs: number; command: Command }[] = [];
  const TRIGGER_WINDOW_MS = 20_000;
  // A trigger fires after a task that runs at a time T with atMs < T < atMs + window; whether a task
  // may fire it depends only on T, so stepping (check mode) and chunked advancing agree.
  const armedAt = (T: number) => triggers.find((t) => !t.fired && t.atMs < T && T < t.atMs + TRIGGER_WINDOW_MS);
  const inWindow = () => triggers.some((t) => !t.fired && t.atMs <= s.nowMs && s.nowMs < t.atMs + TRIGGER_WINDOW_MS);
  const fire = (t: (typeof triggers)[number]): void => {
    const g = s.groups[`g${t.group}`];
    if (!g || g.state !== t.phase) return;
    t.fired = true;
    const coordinator = s.topics['__consumer_offsets']?.partitions[g.offsetsPartition]?.leader ?? -1;
    if (coordinator < 0 || !s.brokers[coordinator]!.alive) return;
    sim.apply({ type: 'crashBroker', brokerId: coordinator });
    report.stats.coordinatorCrashesMidRebalance++;
    pending.push({ atMs: s.nowMs + t.forMs, command: { type: 'restartBroker', brokerId: coordinator } });
  };
  const stepTo = (stop: number): void => {
    for (;;) {
      const at = peekTime(s.queue);
      if (at === undefined || at > stop) break;
      sim.step();
      const t = armedAt(s.nowMs);
      if (t) fire(t);
      if (mode.check) {
        onEvents(sim.drainEvents());
        checkState();
      }
    }
    sim.advance(stop - s.nowMs);
  };
  const run = (ms: number) => {
    const end = s.nowMs + ms;
    for (;;) {
      for (const p of pending.filter((x) => x.atMs <= s.nowMs)) {
        pending.splice(pending.indexOf(p), 1);
        sim.apply(p.command);
      }
      if (s.nowMs >= end) break;
      const stepping = inWindow();
      const stops = [end, ...pending.map((p) => p.atMs), ...triggers.filter((x) => !x.fired).flatMap((x) => [x.atMs, x.atMs + TRIGGER_WINDOW_MS])];
      const stop = Math.min(...stops.filter((x) => x > s.nowMs));
      if (stepping || mode.check) stepTo(stop);
      else for (let at = s.nowMs; at < stop; at = Math.min(stop, at + c.stepMs)) sim.advance(Math.min(c.stepMs, stop - at));
    }
    onEvents(sim.drainEvents());
  };
  if (mode.check) checkState();
  run(c.durationMs);
  // Heal: brokers back at full speed, crashed consumers restarted, producers stopped, consumers process instantly.
  for (const id of Object.keys(s.brokers).map(Number).sort((a, b) => a - b)) {
    if (!s.brokers[id]!.alive) sim.apply({ type: 'restartBroker', brokerId: id });
    if (s.brokers[id]!.extraLatencyMs > 0) sim.apply({ type: 'slowBroker', brokerId: id, extraLatencyMs: 0 });
  }
  for (const id of Object.keys(s.consumers).sort()) {
    const k = s.consumers[id]!;
    if (k.removed) continue;
    if (!k.alive) sim.apply({ type: 'restartConsumer', consumerId: id });
    sim.apply({ type: 'updateConsumer', consumerId: id, processingRatePerSec: 0 });
  }
  for (const id of Object.keys(s.producers).sort()) sim.apply({ type: 'updateProducer', producerId: id, paused: true });
  onEvents(sim.drainEvents());
  run(CONSUMER_HEAL_MS);
  report.hash = hash;
  report.events = count;
  for (const g of Object.values(s.groups)) report.stats.duplicates += g.stats.duplicates;
  if (mode.check && c.lossless) {
    for (const gid of Object.keys(s.groups).sort()) {
      const live = Object.values(s.consumers).filter((k) => !k.removed && k.groupId === gid);
      if (live.length > 0 && s.groups[gid]!.state !== 'Stable') add(report.delivery, `${gid}: ${s.groups[gid]!.state} after healing`);
      for (const k of live) if (k.status !== 'stable' || !k.memberId || !s.groups[gid]!.members[k.memberId]) add(report.delivery, `${k.id}: ${k.status} ${k.memberId} not a stable member after healing`);
      const topics = new Set<string>();
      for (const k of Object.values(s.consumers)) if (!k.removed && k.groupId === gid) for (const t of k.topics) topics.add(t);
      for (const t of [...topics].sort()) {
        for (const p of s.topics[t]!.partitions) {
          const hw = p.leader >= 0 ? p.logs[p.leader]!.highWatermark : -1;
          if (hw < 0) {
            add(report.delivery, `${gid} ${p.key}: offline after healing`);
            continue;
          }
          const gap = (delivered.get(`${gid}|${p.key}`) ?? new OffsetRanges()).firstGap(0, hw);
          if (gap >= 0) add(report.delivery, `${gid} ${p.key}: offset ${gap} below HW ${hw} never delivered (group ${s.groups[gid]!.state}, committed ${s.groups[gid]!.committed[p.key]?.offset})`);
          const committed = s.groups[gid]!.committed[p.key]?.offset;
          if ((committed ?? 0) !== hw) add(report.delivery, `${gid} ${p.key}: committed ${committed} != HW ${hw} after healing`);
          const owners = Object.values(s.consumers).filter((k) => k.alive && k.groupId === gid && k.assignment.some((tp) => tp.topic === t && tp.partition === p.index));
          if (owners.length !== 1) add(report.delivery, `${gid} ${p.key}: ${owners.length} owners after healing`);
        }
      }
    }
  }
  return report;
}

/**
 * Within each group, no partition is in the assignment of two members at once. A "member" is a
 * running consumer whose member id the coordinator still has: a zombie the coordinator already
 * removed (its session expired, or it left after max.poll.interval.ms) does not count, as in Kafka.
 */
export function checkGroupOwnership(s: Sim): string[] {
  const members: Sim['consumers'][string][] = [];
  for (const id in s.consumers) {
    const c = s.consumers[id]!;
    if (c.alive && !c.removed && c.memberId !== null && c.assignment.length > 0 && s.groups[c.groupId]?.members[c.memberId]) members.push(c);
  }
  let out: string[] | undefined;
  for (let i = 0; i < members.length; i++) {
    const a = members[i]!;
    for (let j = i + 1; j < members.length; j++) {
      const b = members[j]!;
      if (a.groupId !== b.groupId) continue;
      for (const x of a.assignment) {
        for (const y of b.assignment) {
          if (x.partition === y.partition && x.topic === y.topic) (out ??= []).push(`t=${s.nowMs} ${a.groupId}: ${x.topic}-${x.partition} owned by both ${a.id} and ${b.id}`);
        }
      }
    }
  }
  return out ?? [];
}
