/**
 * The leader's side of a produce request (`ReplicaManager.appendRecords`,
 * `Partition.appendRecordsToLeader`, `DelayedProduce`): validation, idempotence checks, offset
 * assignment, and — for acks=all — waiting until the high watermark covers the batch.
 */
import { recordKey } from './record-batch';
import { clientCanReach, effectiveMinIsr, emit, latencyMs, schedule, scheduleAt, topicOf } from '../core';
import type { ProduceRequest, ProduceResult, ProducerBatch } from './messages';
import type { Partition, Replica, Sim } from '../state';
import type { StoredBatch, ValueGen } from './record-batch';
import { appendBatch, batchAt, checkSequence } from './log';
import { maybeIncrementHighWatermark, noteAppended, rollConfig } from './replication';


function isrSet(isr: number[]): string {
  return `Set(${isr.join(', ')})`;
}

/** Turns a producer batch into the immutable stored batch the leader appends. */
function toStoredBatch(sim: Sim, pb: ProducerBatch, origin: string, baseOffset: number, epoch: number, logAppendTime: boolean): StoredBatch {
  let maxTs = 0;
  if (logAppendTime) maxTs = sim.nowMs; // LogValidator: with LogAppendTime the broker stamps every record
  else for (const t of pb.timestampsMs) if (t > maxTs) maxTs = t;
  // One-record batches store scalars, larger ones exact-size copies: the producer's growing arrays
  // carry spare capacity that would otherwise stay alive as long as retention keeps the batch.
  const one = pb.count === 1;
  const gen = Array.isArray(pb.values) ? null : pb.values;
  const values = gen ? gen.indexes : (pb.values as (string | null)[]);
  return {
    baseOffset,
    offsetDeltas: null,
    endOffset: baseOffset + pb.count,
    count: pb.count,
    partitionLeaderEpoch: epoch,
    pid: pb.pid,
    baseSequence: pb.baseSequence,
    origin,
    timestampType: logAppendTime ? 'LogAppendTime' : 'CreateTime',
    timestampsMs: logAppendTime ? sim.nowMs : one ? pb.timestampsMs[0]! : pb.timestampsMs.slice(),
    maxTimestampMs: maxTs,
    keys: one ? pb.keys[0]! : pb.keys.slice(),
    values: one ? values[0]! : values.slice(),
    valueGen: gen ? sharedValueGen(sim, origin, gen) : null,
    headers: pb.headers,
    sizeBytes: pb.sizeBytes,
    id: sim.nextBatchId++,
    // Declared up front so flagging the batch later does not reshape the object (and grow it).
    acked: false,
    deleteHorizonMs: null,
  };
}

/** One `ValueGen` object per producer, shared by all its batches. */
function sharedValueGen(sim: Sim, origin: string, gen: { gen: ValueGen['gen']; seed: number }): ValueGen {
  const p = sim.producers[origin];
  if (p && p.valueGen.seed === gen.seed && p.valueGen.gen === gen.gen) return p.valueGen;
  return { gen: gen.gen, seed: gen.seed };
}

function settle(request: ProduceRequest, index: number, result: ProduceResult): void {
  if (request.results[index] !== null) return;
  request.results[index] = result;
  request.pending--;
}

function ok(baseOffset: number): ProduceResult {
  return { error: null, message: '', baseOffset };
}

/** Validates and appends one batch on the leader; returns the immediate result, or null to wait (acks=all). */
function appendToLeader(sim: Sim, request: ProduceRequest, index: number): ProduceResult | null {
  const pb = request.batches[index]!;
  const p = sim.partitions[`${pb.topic}-${pb.partition}`];
  const tp = `${pb.topic}-${pb.partition}`;
  if (!p) return { error: 'UNKNOWN_TOPIC_OR_PARTITION', message: `This server does not host this topic-partition: ${tp}.`, baseOffset: -1 };
  const r = p.logs[request.brokerId];
  if (!r || r.viewLeader !== request.brokerId || !r.followers) {
    return { error: 'NOT_LEADER_OR_FOLLOWER', message: `Broker ${request.brokerId} is not the leader for ${tp}; the producer will refresh its metadata and retry.`, baseOffset: -1 };
  }
  const topic = topicOf(sim, p);
  if (topic.settings.compact && pb.keys.some((k) => k === null)) {
    // LogValidator.validateKey
    return { error: 'INVALID_RECORD', message: `Compacted topic cannot accept message without key in topic partition ${tp}.`, baseOffset: -1 };
  }
  if (pb.sizeBytes > topic.settings.maxMessageBytes) {
    return { error: 'RECORD_TOO_LARGE', message: `The request included a message larger than the max message size the server will accept (${topic.settings.maxMessageBytes} bytes).`, baseOffset: -1 };
  }
  const minIsr = effectiveMinIsr(sim, p);
  if (request.acks === 'all' && r.viewIsr.length < minIsr) {
    // Partition.appendRecordsToLeader: checked before the append, so nothing is written.
    return { error: 'NOT_ENOUGH_REPLICAS', message: `The size of the current ISR ${isrSet(r.viewIsr)} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${tp}.`, baseOffset: -1 };
  }
  if (pb.pid >= 0) {
    const check = checkSequence(r.log, pb.pid, pb.baseSequence, pb.count);
    if (check.kind === 'duplicate') {
      // The broker answers a retried batch with the original's offsets; with acks=all the answer still
      // waits until the high watermark covers the original (ReplicaManager: DelayedProduce requiredOffset = lastOffset + 1).
      const original = batchAt(r.log, check.baseOffset);
      if (request.acks !== 'all' || !original || r.highWatermark >= original.endOffset) return ok(check.baseOffset);
      request.appended[index] = original;
      const at = r.waiting.findIndex((w) => w.requiredOffset > original.endOffset);
      r.waiting.splice(at < 0 ? r.waiting.length : at, 0, { request, index, requiredOffset: original.endOffset });
      // Partition.appendRecordsToLeader calls maybeIncrementLeaderHW after every append, a duplicate
      // included: the high watermark may be free to move now (e.g. min.insync.replicas was lowered).
      maybeIncrementHighWatermark(sim, p, r);
      return null;
    }
    if (check.kind === 'outOfOrder') {
      return { error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', message: `Out of order sequence number for producer ${pb.pid} at offset ${r.log.leo} in partition ${tp}: ${pb.baseSequence} (incoming seq. number), ${check.expected - 1} (current end sequence number).`, baseOffset: -1 };
    }
  }
  const stored = toStoredBatch(sim, pb, request.producerId, r.log.leo, r.viewLeaderEpoch, topic.settings.logAppendTime);
  request.appended[index] = stored;
  const rolled = appendBatch(r.log, stored, rollConfig(sim, p), sim.nowMs);
  if (rolled) emit(sim, { type: 'segmentRolled', topic: p.topic, partition: p.index, brokerId: r.brokerId, baseOffset: stored.baseOffset, reason: rolled });
  sim.stats.recordsProduced += stored.count;
  emit(sim, { type: 'recordsAppended', topic: p.topic, partition: p.index, brokerId: r.brokerId, baseOffset: stored.baseOffset, endOffset: stored.endOffset, records: stored.count, producerId: request.producerId, leaderEpoch: r.viewLeaderEpoch, key: recordKey(stored, 0) });
  noteAppended(sim, r.brokerId, p);
  if (request.acks !== 'all') {
    maybeIncrementHighWatermark(sim, p, r);
    return ok(stored.baseOffset);
  }
  r.waiting.push({ request, index, requiredOffset: stored.endOffset });
  maybeIncrementHighWatermark(sim, p, r);
  return request.results[index] ?? null;
}

/** A produce request reaches the broker. */
export function onProduceArrive(sim: Sim, request: ProduceRequest): void {
  const b = sim.brokers[request.brokerId];
  if (!b || !b.alive || b.incarnation !== request.brokerIncarnation) {
    if (request.acks !== '0') schedule(sim, 0, { kind: 'produceResponse', request, disconnected: true });
    return;
  }
  for (let i = 0; i < request.batches.length; i++) {
    const result = appendToLeader(sim, request, i);
    if (result) settle(request, i, result);
  }
  if (request.pending === 0) {
    respond(sim, request);
    return;
  }
  const expiresAtMs = sim.nowMs + request.timeoutMs;
  if (b.purgatory.length >= 64) b.purgatory = b.purgatory.filter((e) => !e.request.done);
  b.purgatory.push({ request, expiresAtMs });
  if (b.purgatorySweepAtMs < 0 || expiresAtMs < b.purgatorySweepAtMs) {
    b.purgatorySweepAtMs = expiresAtMs;
    scheduleAt(sim, expiresAtMs, { kind: 'purgatorySweep', brokerId: b.id, incarnation: b.incarnation });
  }
}

function respond(sim: Sim, request: ProduceRequest): void {
  request.done = true;
  if (request.acks === '0') return; // acks=0: the broker sends no response at all
  const delay = clientCanReach(sim, request.brokerId) ? latencyMs(sim, request.brokerId) : 0;
  schedule(sim, delay, { kind: 'produceResponse', request, disconnected: false });
}

/**
 * `Partition.checkEnoughReplicasReachOffset` for the acks=all batches waiting on `p`: done once the
 * high watermark covers them — with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR has meanwhile
 * shrunk below min.insync.replicas.
 */
export function completeWaitingProduces(sim: Sim, p: Partition, r: Replica): void {
  if (r.waiting.length === 0) return;
  const minIsr = effectiveMinIsr(sim, p);
  let i = 0;
  for (; i < r.waiting.length; i++) {
    const w = r.waiting[i]!;
    if (w.request.results[w.index] !== null) continue; // timed out already
    if (w.requiredOffset > r.highWatermark) break;
    if (r.viewIsr.length >= minIsr) settle(w.request, w.index, ok(w.request.appended[w.index]!.baseOffset));
    else
      settle(w.request, w.index, {
        error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
        message: `The size of the current ISR ${isrSet(r.viewIsr)} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${p.key}; the records were written but not acknowledged.`,
        baseOffset: -1,
      });
    if (w.request.pending === 0) finishDelayed(sim, w.request);
  }
  r.waiting.splice(0, i);
}

/** Fails everything waiting on a replica that stopped leading. */
export function failWaitingProduces(sim: Sim, p: Partition, r: Replica, error: 'NOT_LEADER_OR_FOLLOWER'): void {
  const waiting = r.waiting;
  r.waiting = [];
  for (const w of waiting) {
    if (w.request.results[w.index] !== null) continue;
    settle(w.request, w.index, { error, message: `Broker ${r.brokerId} is no longer the leader for ${p.key}.`, baseOffset: -1 });
    if (w.request.pending === 0) finishDelayed(sim, w.request);
  }
}

function finishDelayed(sim: Sim, request: ProduceRequest): void {
  respond(sim, request);
}

/** Expires acks=all requests that waited `request.timeout.ms` (`DelayedProduce.onExpiration`). */
export function onPurgatorySweep(sim: Sim, brokerId: number, incarnation: number): void {
  const b = sim.brokers[brokerId]!;
  if (!b.alive || b.incarnation !== incarnation) return;
  if (b.purgatorySweepAtMs > sim.nowMs) return; // superseded by an earlier sweep's reschedule
  b.purgatorySweepAtMs = -1;
  let next = -1;
  const remaining = [];
  for (const e of b.purgatory) {
    if (e.request.done) continue;
    if (e.expiresAtMs <= sim.nowMs) {
      for (let i = 0; i < e.request.results.length; i++) {
        settle(e.request, i, { error: 'REQUEST_TIMED_OUT', message: `The request timed out after ${e.request.timeoutMs} ms: not every in-sync replica confirmed the records in time.`, baseOffset: -1 });
      }
      respond(sim, e.request);
      continue;
    }
    remaining.push(e);
    if (next < 0 || e.expiresAtMs < next) next = e.expiresAtMs;
  }
  b.purgatory = remaining;
  if (next >= 0) {
    b.purgatorySweepAtMs = next;
    scheduleAt(sim, next, { kind: 'purgatorySweep', brokerId, incarnation });
  }
}
