/**
 * The leader's side of a produce request (`ReplicaManager.appendRecords`,
 * `Partition.appendRecordsToLeader`): validation, idempotence checks, offset assignment and the
 * append to the leader's log; acks=all batches then wait in the produce purgatory for the high
 * watermark (produce-purgatory.ts).
 */
import { effectiveMinIsr, emit, schedule, topicOf } from '../core';
import type { ProduceRequest, ProduceResult, ProducerBatch } from './messages';
import type { Sim } from '../state';
import { noteAppended } from './delayed-fetch';
import { maybeIncrementHighWatermark } from './high-watermark';
import { appendBatch, batchAt, checkSequence } from './log';
import { delayProduce, isrSet, ok, respond, settle } from './produce-purgatory';
import { recordKey } from './record-batch';
import type { StoredBatch, ValueGen } from './record-batch';
import { partitionName } from './topic-names';

/** Turns a producer batch into the immutable stored batch the leader appends. */
function toStoredBatch(sim: Sim, pb: ProducerBatch, origin: string, baseOffset: number, epoch: number, logAppendTime: boolean): StoredBatch {
  let maxTs = 0;
  if (logAppendTime)
    maxTs = sim.nowMs; // LogValidator: with LogAppendTime the broker stamps every record
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

/** Validates and appends one batch on the leader; returns the immediate result, or null to wait (acks=all). */
function appendToLeader(sim: Sim, request: ProduceRequest, index: number): ProduceResult | null {
  const pb = request.batches[index]!;
  const tp = partitionName(pb.topic, pb.partition);
  const p = sim.partitions[tp];
  if (!p) return { error: 'UNKNOWN_TOPIC_OR_PARTITION', message: `This server does not host this topic-partition: ${tp}.`, baseOffset: -1 };
  const r = p.logs[request.brokerId];
  if (!r || r.viewLeader !== request.brokerId || !r.followers) {
    return {
      error: 'NOT_LEADER_OR_FOLLOWER',
      message: `Broker ${request.brokerId} is not the leader for ${tp}; the producer will refresh its metadata and retry.`,
      baseOffset: -1,
    };
  }
  const topic = topicOf(sim, p);
  if (topic.settings.compact && pb.keys.some((k) => k === null)) {
    // LogValidator.validateKey
    return { error: 'INVALID_RECORD', message: `Compacted topic cannot accept message without key in topic partition ${tp}.`, baseOffset: -1 };
  }
  if (pb.sizeBytes > topic.settings.maxMessageBytes) {
    return {
      error: 'RECORD_TOO_LARGE',
      message: `The request included a message larger than the max message size the server will accept (${topic.settings.maxMessageBytes} bytes).`,
      baseOffset: -1,
    };
  }
  const minIsr = effectiveMinIsr(sim, p);
  if (request.acks === 'all' && r.viewIsr.length < minIsr) {
    // Partition.appendRecordsToLeader: checked before the append, so nothing is written.
    return {
      error: 'NOT_ENOUGH_REPLICAS',
      message: `The size of the current ISR ${isrSet(r.viewIsr)} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${tp}.`,
      baseOffset: -1,
    };
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
      return {
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        message: `Out of order sequence number for producer ${pb.pid} at offset ${r.log.leo} in partition ${tp}: ${pb.baseSequence} (incoming seq. number), ${check.expected - 1} (current end sequence number).`,
        baseOffset: -1,
      };
    }
  }
  const stored = toStoredBatch(sim, pb, request.producerId, r.log.leo, r.viewLeaderEpoch, topic.settings.logAppendTime);
  request.appended[index] = stored;
  const rolled = appendBatch(r.log, stored, topic.settings, sim.nowMs);
  if (rolled) emit(sim, { type: 'segmentRolled', topic: p.topic, partition: p.index, brokerId: r.brokerId, baseOffset: stored.baseOffset, reason: rolled });
  sim.stats.recordsProduced += stored.count;
  emit(sim, {
    type: 'recordsAppended',
    topic: p.topic,
    partition: p.index,
    brokerId: r.brokerId,
    baseOffset: stored.baseOffset,
    endOffset: stored.endOffset,
    records: stored.count,
    producerId: request.producerId,
    leaderEpoch: r.viewLeaderEpoch,
    key: recordKey(stored, 0),
  });
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
  delayProduce(sim, b, request);
}
