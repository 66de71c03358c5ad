/**
 * Each broker's log cleanup task (`LogManager.cleanupLogs`, every `log.retention.check.interval.ms`):
 * time and size retention for `cleanup.policy` with `delete`, and — for every log — removal of
 * segments wholly below the log start offset.
 */
import { brokerNumber, emit, schedule, topicNumber, topicOf } from '../core';
import type { Sim } from '../state';
import { deleteOldSegments } from './log';

export function onRetentionCheck(sim: Sim, brokerId: number, incarnation: number): void {
  const b = sim.brokers[brokerId]!;
  if (!b.alive || b.incarnation !== incarnation) return;
  schedule(sim, brokerNumber(sim, 'log.retention.check.interval.ms'), { kind: 'retentionCheck', brokerId, incarnation });
  for (const key of b.hosted) runRetention(sim, brokerId, key);
}

/** Applies retention to one replica now. NOTE mutates sim. */
export function runRetention(sim: Sim, brokerId: number, key: string): void {
  const p = sim.partitions[key]!;
  const r = p.logs[brokerId]!;
  const topic = topicOf(sim, p);
  const { deleted, rolled } = deleteOldSegments(
    r.log,
    r.highWatermark,
    {
      retentionMs: topicNumber(sim, topic, 'retention.ms'),
      retentionBytes: topicNumber(sim, topic, 'retention.bytes'),
      deletePolicy: topic.settings.deletePolicy,
    },
    sim.nowMs,
  );
  if (rolled) emit(sim, { type: 'segmentRolled', topic: p.topic, partition: p.index, brokerId, baseOffset: r.log.leo, reason: 'retention' });
  for (const d of deleted) {
    sim.stats.segmentsDeleted++;
    emit(sim, {
      type: 'segmentDeleted',
      topic: p.topic,
      partition: p.index,
      brokerId,
      baseOffset: d.baseOffset,
      endOffset: d.endOffset,
      records: d.records,
      sizeBytes: d.sizeBytes,
      reason: d.reason,
      logStartOffset: r.log.logStartOffset,
    });
  }
}
