/**
 * Events in Kafka's words, for the event log ("broker 2 crashed", "orders-1 leader 2→3, epoch 4").
 */
import type { SimEvent } from '../engine';

const tp = (e: { topic: string; partition: number }) => `${e.topic}-${e.partition}`;
const list = (ids: number[]) => `[${ids.join(',')}]`;

/** One line describing an event (without its time). */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case 'brokerCrashed':
      return `broker ${e.brokerId} crashed`;
    case 'brokerRestarted':
      return `broker ${e.brokerId} restarted`;
    case 'brokerIsolated':
      return `broker ${e.brokerId} isolated from the other brokers`;
    case 'brokerHealed':
      return `broker ${e.brokerId} reconnected`;
    case 'brokerAdded':
      return `broker ${e.brokerId} added to the cluster`;
    case 'brokerSlowed':
      return e.extraLatencyMs > 0 ? `broker ${e.brokerId} slowed by ${e.extraLatencyMs} ms per message` : `broker ${e.brokerId} back to normal speed`;
    case 'brokerFenced':
      return e.reason === 'session timeout' ? `controller fenced broker ${e.brokerId} (no heartbeat within broker.session.timeout.ms)` : `controller fenced the old incarnation of broker ${e.brokerId}`;
    case 'brokerUnfenced':
      return `controller unfenced broker ${e.brokerId}`;
    case 'controllerElected':
      return `broker ${e.brokerId} is the active controller (epoch ${e.epoch})`;
    case 'controllerUnavailable':
      return `no active controller: ${e.reason}`;
    case 'topicCreated':
      return `topic ${e.topic} created: ${e.partitions} partition(s), replication factor ${e.replicationFactor}`;
    case 'partitionsAdded':
      return `topic ${e.topic} grew from ${e.from} to ${e.to} partitions`;
    case 'configChanged':
      return `${e.scope === 'topic' ? `topic ${e.entity}` : 'brokers'}: ${e.name} ${String(e.previous)} → ${String(e.value)}`;
    case 'commandRejected':
      return `${e.command} rejected: ${e.error.name}: ${e.error.message}`;
    case 'recordsAppended':
      return `${tp(e)}: leader ${e.brokerId} appended ${e.records} record(s) at offset ${e.baseOffset}${e.records > 1 ? `–${e.endOffset - 1}` : ''} from ${e.producerId}`;
    case 'recordsReplicated':
      return `${tp(e)}: broker ${e.brokerId} replicated offsets ${e.baseOffset}–${e.endOffset - 1} from leader ${e.leaderId}`;
    case 'highWatermarkMoved':
      return `${tp(e)}: high watermark ${e.from} → ${e.to}`;
    case 'isrShrunk':
      return `ISR of ${tp(e)} shrank to ${list(e.isr)}: ${e.reason}`;
    case 'isrExpanded':
      return `ISR of ${tp(e)} expanded to ${list(e.isr)}`;
    case 'leaderElected':
      if (e.reason === 'initial') return `${tp(e)}: leader ${e.leader} (epoch ${e.leaderEpoch})`;
      return `${tp(e)} leader ${e.previousLeader < 0 ? 'none' : e.previousLeader}→${e.leader}, epoch ${e.leaderEpoch}${e.reason === 'unclean' ? ' (UNCLEAN election: out-of-sync replica)' : e.reason === 'preferred' ? ' (preferred leader)' : ''}`;
    case 'partitionOffline':
      return `${tp(e)} is OFFLINE: no in-sync replica is alive (last ISR ${list(e.isr)})`;
    case 'logTruncated':
      return `${tp(e)}: broker ${e.brokerId} truncated its log from ${e.fromEndOffset} to ${e.toEndOffset} (${e.reason})`;
    case 'segmentRolled':
      return `${tp(e)}: broker ${e.brokerId} rolled a new segment at offset ${e.baseOffset} (${e.reason})`;
    case 'segmentDeleted':
      return `${tp(e)}: broker ${e.brokerId} deleted segment ${e.baseOffset}–${e.endOffset - 1} (${e.records} records) by ${e.reason}; log start offset now ${e.logStartOffset}`;
    case 'recordsAcknowledged':
      return `producer ${e.producerId}: ${e.records} record(s) acknowledged at ${tp(e)} offset ${e.baseOffset} (acks=${e.acks})`;
    case 'producerError':
      return `producer ${e.producerId}: ${e.error.name} on ${tp(e)} (${e.records} record(s)${e.retriable ? ', will retry' : ', failed'}): ${e.error.message}`;
    case 'acknowledgedRecordsLost':
      return `${tp(e)}: ${e.records} acknowledged record(s) LOST (new leader ${e.leader} does not have them); ${e.totalLost} lost in total`;
    case 'groupStateChanged':
      return `group ${e.groupId}: ${e.from} → ${e.to}`;
    case 'groupCoordinatorMoved':
      return `group ${e.groupId}: coordinator moved from broker ${e.from} to broker ${e.to}`;
    case 'memberJoined':
      return `group ${e.groupId}: ${e.consumerId} joined${e.groupInstanceId ? ` as static member ${e.groupInstanceId}` : ''}${e.rebalance ? '' : ' (no rebalance: same static member)'}`;
    case 'memberLeft':
      return `group ${e.groupId}: ${e.consumerId} removed — ${e.reason}`;
    case 'rebalanceStarted':
      return `group ${e.groupId} is rebalancing: ${e.reason}`;
    case 'groupRebalanced':
      return `group ${e.groupId} rebalanced, generation ${e.generation} (${e.protocol}): ${e.assignment.map((a) => `${a.consumerId} → [${a.partitions.join(', ')}]`).join('; ')}`;
    case 'partitionsRevoked':
      return `${e.consumerId} (${e.groupId}) gave up ${e.partitions.join(', ')} (${e.protocol} rebalance)`;
    case 'partitionsAssigned':
      return e.partitions.length === 0 ? `${e.consumerId} (${e.groupId}) has no partitions: idle` : `${e.consumerId} (${e.groupId}) was assigned ${e.partitions.join(', ')}`;
    case 'offsetsCommitted':
      return `${e.consumerId} committed ${e.offsets.map((o) => `${o.partition}@${o.offset}`).join(', ')} for group ${e.groupId}`;
    case 'offsetReset':
      return `${e.consumerId} (${e.groupId}) reset ${tp(e)} to offset ${e.to} by auto.offset.reset=${e.policy} (${e.reason}${e.skippedByRetention > 0 ? `; ${e.skippedByRetention} record(s) were deleted by retention before it read them` : ''})`;
    case 'recordsConsumed':
      return `${e.consumerId} (${e.groupId}) processed ${e.records} record(s) of ${tp(e)} at offsets ${e.baseOffset}–${e.endOffset - 1}${e.duplicates > 0 ? `, ${e.duplicates} of them again` : ''}`;
    case 'consumerAdded':
      return `consumer ${e.consumerId} started in group ${e.groupId}`;
    case 'consumerRemoved':
      return `consumer ${e.consumerId} closed`;
    case 'consumerCrashed':
      return `consumer ${e.consumerId} crashed`;
    case 'consumerRestarted':
      return `consumer ${e.consumerId} restarted`;
    case 'consumerChanged':
      return `consumer ${e.consumerId}: ${e.change}`;
    case 'consumerError':
      return `consumer ${e.consumerId} (${e.groupId}): ${e.error.name}: ${e.error.message}`;
    case 'groupOffsetsReset':
      return `group ${e.groupId}: offsets of ${e.topic} reset to ${e.to} (${e.offsets.map((o) => `${o.partition}@${o.offset}`).join(', ')})`;
    case 'logCleaned':
      return `${tp(e)}: broker ${e.brokerId} compacted the log up to offset ${e.cleanedUpTo}, removing ${e.recordsRemoved} record(s)${e.tombstonesRemoved > 0 ? ` including ${e.tombstonesRemoved} tombstone(s)` : ''}`;
    case 'producerAdded':
      return `producer ${e.producerId} started writing to ${e.topic}`;
    case 'producerRemoved':
      return `producer ${e.producerId} closed`;
    case 'producerChanged':
      return `producer ${e.producerId}: ${e.change}`;
  }
}

/** `T+hh:mm:ss.mmm` for a simulated time. */
export function formatSimTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const milli = Math.floor(ms % 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `T+${pad(h)}:${pad(m)}:${pad(s)}.${pad(milli, 3)}`;
}

/** Durations the way a person says them: "7 days", "30 s", "500 ms". */
export function formatDuration(ms: number): string {
  if (ms < 0) return 'forever';
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return name === 's' || name === 'min' ? `${n} ${name}` : `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** Bytes as "1 GiB", "16 KiB", "512 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 0) return 'unlimited';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
