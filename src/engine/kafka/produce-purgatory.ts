/**
 * Produce requests waiting on the leader (`DelayedProduce` in the produce purgatory): acks=all
 * batches wait until the high watermark covers them, or until `request.timeout.ms` expires; a leader
 * that steps down fails them. Also the answer to a produce request, immediate or delayed.
 */
import { clientCanReach, effectiveMinIsr, latencyMs, schedule, scheduleAt } from '../core';
import type { ProduceRequest, ProduceResult } from './messages';
import type { Broker, Partition, Replica, Sim } from '../state';

/** An ISR as Kafka's error messages print it (a Scala `Set`). */
export function isrSet(isr: number[]): string {
  return `Set(${isr.join(', ')})`;
}

/** Records the outcome of batch `index` of a request (the first outcome wins). NOTE mutates request. */
export function settle(request: ProduceRequest, index: number, result: ProduceResult): void {
  if (request.results[index] !== null) return;
  request.results[index] = result;
  request.pending--;
}

/** A successful append at `baseOffset`. */
export function ok(baseOffset: number): ProduceResult {
  return { error: null, message: '', baseOffset };
}

/**
 * Sends the produce response (none for acks=0), once: an acks=all batch whose high watermark moves
 * during its own append (an ISR of just the leader) completes the request before its arrival
 * handler gets to answer it (`DelayedProduce` is completed once). NOTE mutates request.
 */
export function respond(sim: Sim, request: ProduceRequest): void {
  if (request.done) return;
  request.done = true;
  if (request.acks === '0') return; // acks=0: the broker sends no response at all
  const delay = clientCanReach(sim, request.brokerId) ? latencyMs(sim, request.brokerId) : 0;
  schedule(sim, delay, { kind: 'produceResponse', request, disconnected: false });
}

/** Holds a request whose acks=all batches wait for the high watermark, until `request.timeout.ms` (`DelayedProduce`). NOTE mutates sim. */
export function delayProduce(sim: Sim, b: Broker, request: ProduceRequest): void {
  const expiresAtMs = sim.nowMs + request.timeoutMs;
  if (b.purgatory.length >= 64) b.purgatory = b.purgatory.filter((e) => !e.request.done);
  b.purgatory.push({ request, expiresAtMs });
  if (b.purgatorySweepAtMs < 0 || expiresAtMs < b.purgatorySweepAtMs) {
    b.purgatorySweepAtMs = expiresAtMs;
    scheduleAt(sim, expiresAtMs, { kind: 'purgatorySweep', brokerId: b.id, incarnation: b.incarnation });
  }
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
        settle(e.request, i, {
          error: 'REQUEST_TIMED_OUT',
          message: `The request timed out after ${e.request.timeoutMs} ms: not every in-sync replica confirmed the records in time.`,
          baseOffset: -1,
        });
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
