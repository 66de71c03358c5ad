/**
 * The simulator's own ledger of acknowledged batches, so a learner can see the one number real
 * Kafka never shows: records a producer was told were written, that the partition no longer has.
 * A batch counts as lost when the current leader's log does not hold that very batch at its offset
 * (it was truncated away, or its offset now holds a different batch). Records removed by retention
 * are not lost: they were deleted on purpose.
 */
import { emit } from '../core';
import type { Partition, Sim, StoredBatch } from '../state';
import { batchAt } from './log';

function leaderHas(p: Partition, batch: StoredBatch): boolean {
  const log = p.logs[p.leader]!.log;
  // A batch whose head retention has removed is still held from the log start offset on.
  return batchAt(log, Math.max(batch.baseOffset, log.logStartOffset)) === batch;
}

/** Notes an acknowledgement; a batch acknowledged by a deposed leader is lost at once. NOTE mutates sim. */
export function recordAcknowledged(sim: Sim, p: Partition, batch: StoredBatch): void {
  // Retention may delete an acks=all batch between the high watermark covering it and the response
  // reaching the producer: deleted on purpose, not lost.
  if (p.leader >= 0 && batch.endOffset <= p.logs[p.leader]!.log.logStartOffset) return;
  const entry = { batch, lost: false };
  p.acked.push(entry);
  if (p.leader >= 0 && !leaderHas(p, batch)) markLost(sim, p, [entry]);
}

function markLost(sim: Sim, p: Partition, entries: { batch: StoredBatch; lost: boolean }[]): void {
  let records = 0;
  for (const e of entries) {
    e.lost = true;
    records += e.batch.count;
  }
  if (records === 0) return;
  p.lostRecords += records;
  sim.stats.acknowledgedLost += records;
  emit(sim, { type: 'acknowledgedRecordsLost', topic: p.topic, partition: p.index, records, totalLost: p.lostRecords, leader: p.leader, leaderEpoch: p.leaderEpoch });
}

/**
 * Re-checks the ledger against the current leader's log (after an election). Entries that fell
 * below the log start offset are dropped from the ledger. NOTE mutates sim.
 */
export function recountLostRecords(sim: Sim, p: Partition): void {
  if (p.leader < 0) return;
  const log = p.logs[p.leader]!.log;
  const newlyLost: { batch: StoredBatch; lost: boolean }[] = [];
  let keep = 0;
  for (const e of p.acked) {
    if (e.batch.endOffset <= log.logStartOffset && !e.lost) continue;
    p.acked[keep++] = e;
    if (e.lost) continue;
    if (!leaderHas(p, e.batch)) newlyLost.push(e);
  }
  p.acked.length = keep;
  markLost(sim, p, newlyLost);
}

/** Drops ledger entries that retention has deleted from the leader (keeps the ledger bounded). NOTE mutates p. */
export function pruneLedger(p: Partition, logStartOffset: number): void {
  let i = 0;
  while (i < p.acked.length && p.acked[i]!.batch.endOffset <= logStartOffset) i++;
  if (i > 0) p.acked.splice(0, i);
}
