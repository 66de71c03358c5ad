/**
 * Invariant checkers for the engine tests. Each returns a list of human-readable violations (empty
 * when the invariant holds), so a property can report every broken rule of one run at once.
 */
import type { ConfigValue, SimEvent } from '../../src/engine';
import { batchAt } from '../../src/engine/kafka/log';
import type { Sim } from '../../src/engine/state';
import { ofType } from './sim';

// ---------------------------------------------------------------------------------------------
// Brokers, logs and replication

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
      if (log.logStartOffset < log.segments[0]!.baseOffset || log.logStartOffset > log.leo)
        out.push(`${where}: log start ${log.logStartOffset} outside [${log.segments[0]!.baseOffset}, ${log.leo}]`);
      // LeaderEpochFileCache.truncateFromStart runs whenever the log start offset advances.
      if (log.epochs.length > 0 && log.epochs[0]!.startOffset < log.logStartOffset)
        out.push(`${where}: epoch cache starts at ${log.epochs[0]!.startOffset}, below the log start offset ${log.logStartOffset}`);
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
      if (last && last.epoch === p.leaderEpoch && hw < last.hw)
        out.push(`t=${sim.nowMs} ${key}: leader ${p.leader} HW went back from ${last.hw} to ${hw} within epoch ${p.leaderEpoch}`);
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
      if (!this.skipMonotonic(p.topic) && hw < before)
        out.push(`t=${sim.nowMs} ${key}: HW went back from ${before} to ${hw} (leader ${p.leader}, epoch ${p.leaderEpoch})`);
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
      out.push(
        `${p.key}: ack to ${e.producerId} of [${e.baseOffset}, +${e.records}) at t=${e.timeMs} not in leader ${p.leader}'s log (found ${b ? `[${b.baseOffset}, ${b.endOffset}) by ${b.origin}` : 'nothing'}; LEO ${log.leo})`,
      );
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
      for (let off = from; off < lead.leo;) {
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
// Consumer groups

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
          if (x.partition === y.partition && x.topic === y.topic)
            (out ??= []).push(`t=${s.nowMs} ${a.groupId}: ${x.topic}-${x.partition} owned by both ${a.id} and ${b.id}`);
        }
      }
    }
  }
  return out ?? [];
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
