/**
 * The consumer's fetching (`Fetcher`, `SubscriptionState`): starting positions from committed offsets
 * or `auto.offset.reset`, fetch requests to partition leaders, buffering their answers, and poll()
 * handing records to the application (up to `max.poll.records`); also what wakes a poll() waiting
 * for data. The leader's side of a consumer fetch is consumer-fetch-handler.ts.
 */
import type { Consumer, ConsumerGroup } from '../consumer-state';
import { clientCanReach, emit, latencyMs, schedule, scheduleAt } from '../core';
import type { Partition, Sim } from '../state';
import type { TopicPartition } from './assignors';
import { consumerConfig, consumerNumber, RETRY_BACKOFF_MS } from './consumer-configs';
import { readBatches } from './log';
import type { ConsumerFetchPartition, ConsumerFetchRequest } from './messages';
import { recordIndexAt, recordOffset, recordTimestampMs } from './record-batch';
import { partitionName } from './topic-names';

const tpKey = (tp: TopicPartition) => partitionName(tp.topic, tp.partition);

/** Asks for a poll at `atMs` unless one is already due no later. */
export function schedulePoll(sim: Sim, c: Consumer, atMs: number): void {
  const at = Math.max(sim.nowMs, Math.ceil(atMs));
  c.waitingForData = false;
  if (c.pollAtMs >= 0 && c.pollAtMs <= at) return;
  c.pollAtMs = at;
  scheduleAt(sim, at, { kind: 'consumerPoll', consumerId: c.id, incarnation: c.incarnation });
}

/** Wakes a poll() waiting for data (or one not scheduled at all). */
export function wake(sim: Sim, c: Consumer): void {
  if (c.alive && !c.removed && (c.waitingForData || c.pollAtMs < 0)) schedulePoll(sim, c, sim.nowMs);
}

/**
 * Assigned partitions that nothing is fetching: no records buffered and no fetch in flight to the
 * partition's current leader (none reachable, no position yet, or the leader moved since the fetch
 * was sent). Paused partitions do not count.
 */
export function unfetchable(sim: Sim, c: Consumer): string[] {
  if (c.paused) return [];
  const out: string[] = [];
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.pausedPartitions.includes(k)) continue;
    if (c.buffers.some((b) => b.topic === tp.topic && b.partition === tp.partition)) continue;
    const leader = sim.partitions[k]?.leader ?? -1;
    if (c.positions[k] !== undefined && leader >= 0 && c.fetchesInFlight[leader]?.keys.includes(k)) continue;
    out.push(k);
  }
  return out;
}

/** Starting positions for newly assigned partitions: the committed offset, else `auto.offset.reset`. */
export function resolvePositions(sim: Sim, c: Consumer): void {
  const g = sim.groups[c.groupId]!;
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.positions[k] !== undefined) continue;
    const p = sim.partitions[k];
    if (!p || p.leader < 0) continue;
    const committed = g.committed[k];
    if (committed) {
      c.positions[k] = committed.offset;
      c.committedByMe[k] = committed.offset;
      continue;
    }
    resetPosition(sim, c, g, p, null, 'no committed offset');
  }
}

/** `SubscriptionState.resetInitializingPositions` / `Fetcher` out-of-range handling. */
function resetPosition(sim: Sim, c: Consumer, g: ConsumerGroup, p: Partition, from: number | null, reason: 'no committed offset' | 'out of range'): void {
  const k = p.key;
  const policy = String(consumerConfig(c, 'auto.offset.reset'));
  const leader = p.logs[p.leader]!;
  if (policy === 'none') {
    const error =
      reason === 'no committed offset'
        ? { name: 'NoOffsetForPartitionException' as const, message: `Undefined offset with no reset policy for partitions: [${k}]` }
        : {
            name: 'OffsetOutOfRangeException' as const,
            message: `Fetch position FetchPosition{offset=${from}} is out of range for partition ${k}; auto.offset.reset=none, so the consumer stops reading it.`,
          };
    emit(sim, { type: 'consumerError', consumerId: c.id, groupId: c.groupId, error });
    if (!c.pausedPartitions.includes(k)) c.pausedPartitions.push(k);
    return;
  }
  const to = policy === 'earliest' ? leader.log.logStartOffset : leader.highWatermark;
  const skippedByRetention = from !== null && from < leader.log.logStartOffset ? leader.log.logStartOffset - from : 0;
  const skippedByReset = from !== null && to > Math.max(from, leader.log.logStartOffset) ? to - Math.max(from, leader.log.logStartOffset) : 0;
  g.stats.skippedByRetention += skippedByRetention;
  g.stats.skippedByReset += skippedByReset;
  c.positions[k] = to;
  c.consumed[k] = to;
  emit(sim, { type: 'offsetReset', topic: p.topic, partition: p.index, groupId: c.groupId, consumerId: c.id, from, to, policy, reason, skippedByRetention });
}

/** Sends one fetch per leader for the assigned partitions that have a position and nothing buffered or in flight. */
export function sendFetches(sim: Sim, c: Consumer): void {
  if (c.paused) return;
  const wanted = new Map<number, string[]>();
  const buffered = new Set<string>();
  for (const b of c.buffers) buffered.add(partitionName(b.topic, b.partition));
  for (const tp of c.assignment) {
    const k = tpKey(tp);
    if (c.positions[k] === undefined || c.pausedPartitions.includes(k)) continue;
    if (buffered.has(k)) continue;
    if ((c.fetchBackoffUntilMs[k] ?? 0) > sim.nowMs) continue;
    const p = sim.partitions[k];
    if (!p || p.leader < 0) continue;
    if (!wanted.has(p.leader)) wanted.set(p.leader, []);
    wanted.get(p.leader)!.push(k);
  }
  for (const leader of [...wanted.keys()].sort((a, b) => a - b)) {
    const keys = wanted.get(leader)!;
    const inFlight = c.fetchesInFlight[leader];
    if (inFlight && sameFetch(inFlight, keys, c.positions)) continue;
    if (!clientCanReach(sim, leader)) continue;
    const requestId = ++c.fetchRequestSeq;
    c.fetchesInFlight[leader] = { requestId, keys, offsets: keys.map((k) => c.positions[k]!) };
    schedule(sim, latencyMs(sim, leader), {
      kind: 'consumerFetchArrive',
      request: {
        consumerId: c.id,
        incarnation: c.incarnation,
        requestId,
        brokerId: leader,
        partitions: keys.map((key) => ({ key, fetchOffset: c.positions[key]! })),
      },
    });
  }
}

/** The fetch in flight asks for the same partitions at the same offsets (a position that moved — reset, rebalance — needs a new fetch). */
function sameFetch(f: { keys: string[]; offsets: number[] }, keys: string[], positions: Record<string, number>): boolean {
  if (f.keys.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (f.keys[i] !== keys[i] || f.offsets[i] !== positions[keys[i]!]) return false;
  return true;
}

/**
 * A fetch reached a broker that has died: the connection fails, the fetch is dropped and the consumer
 * tries again with fresh metadata.
 */
export function onConsumerFetchDisconnected(sim: Sim, request: ConsumerFetchRequest): void {
  const c = sim.consumers[request.consumerId];
  if (c && c.incarnation === request.incarnation && c.fetchesInFlight[request.brokerId]?.requestId === request.requestId) {
    delete c.fetchesInFlight[request.brokerId];
    wake(sim, c);
  }
}

/** A leader's answer to a fetch arrives: buffer the records, or handle the partition's error. */
export function onConsumerFetchResponse(sim: Sim, request: ConsumerFetchRequest, partitions: ConsumerFetchPartition[]): void {
  const c = sim.consumers[request.consumerId];
  if (!c || !c.alive || c.incarnation !== request.incarnation) return;
  if (c.fetchesInFlight[request.brokerId]?.requestId !== request.requestId) return; // superseded
  delete c.fetchesInFlight[request.brokerId];
  const g = sim.groups[c.groupId]!;
  for (const part of partitions) {
    const p = sim.partitions[part.key]!;
    if (!c.assignment.some((tp) => tp.topic === p.topic && tp.partition === p.index)) continue;
    if (c.positions[part.key] !== part.fetchOffset) continue; // position moved (reset, seek) meanwhile
    if (c.buffers.some((b) => b.topic === p.topic && b.partition === p.index)) continue; // records from another fetch still wait (Fetcher: one completed fetch per partition)
    if (part.error === 'OFFSET_OUT_OF_RANGE') {
      resetPosition(sim, c, g, p, part.fetchOffset, 'out of range');
      continue;
    }
    if (part.error === 'NOT_LEADER_OR_FOLLOWER') {
      // FetchCollector: refresh metadata and back off (retry.backoff.ms) before fetching the partition again.
      c.fetchBackoffUntilMs[part.key] = sim.nowMs + RETRY_BACKOFF_MS;
      continue;
    }
    if (part.error !== 'NONE' || part.batches.length === 0) continue;
    c.buffers.push({
      topic: p.topic,
      partition: p.index,
      batches: part.batches,
      nextOffset: part.fetchOffset,
      endOffset: Math.min(part.highWatermark, part.batches[part.batches.length - 1]!.endOffset),
    });
  }
  wake(sim, c);
}

/**
 * poll() returns up to max.poll.records from the fetched buffers; the application processes them.
 * A record at or below the highest offset the group already processed is a duplicate: processed
 * again because its offset had not been committed before the partition moved.
 */
export function handOutRecords(sim: Sim, c: Consumer): number {
  const g = sim.groups[c.groupId]!;
  let budget = consumerNumber(c, 'max.poll.records');
  let total = 0;
  while (budget > 0 && c.buffers.length > 0) {
    const buf = c.buffers[0]!;
    const key = partitionName(buf.topic, buf.partition);
    if (c.pausedPartitions.includes(key) || c.paused) break;
    let first = -1;
    let last = -1;
    let count = 0;
    let duplicates = 0;
    const maxDone = g.maxProcessed[key] ?? -1;
    outer: for (const b of buf.batches) {
      if (b.endOffset <= buf.nextOffset) continue;
      let i = recordIndexAt(b, buf.nextOffset);
      if (i < 0) i = 0;
      for (; i < b.count; i++) {
        const off = recordOffset(b, i);
        if (off < buf.nextOffset) continue;
        if (off >= buf.endOffset || budget === 0) break outer;
        if (first < 0) first = off;
        last = off;
        count++;
        budget--;
        if (off <= maxDone) duplicates++;
      }
    }
    const exhausted = budget > 0;
    if (count > 0) {
      buf.nextOffset = last + 1;
      c.positions[key] = last + 1;
      c.consumed[key] = last + 1;
      if (last > maxDone) g.maxProcessed[key] = last;
      c.stats.processed += count;
      c.stats.duplicates += duplicates;
      g.stats.processed += count;
      g.stats.duplicates += duplicates;
      total += count;
      emit(sim, {
        type: 'recordsConsumed',
        topic: buf.topic,
        partition: buf.partition,
        groupId: c.groupId,
        consumerId: c.id,
        baseOffset: first,
        endOffset: last + 1,
        records: count,
        duplicates,
      });
    }
    if (exhausted || buf.nextOffset >= buf.endOffset) {
      // Everything below the fetch's high watermark was handed out (compaction gaps included).
      c.positions[key] = Math.max(c.positions[key] ?? buf.endOffset, buf.endOffset);
      c.consumed[key] = c.positions[key]!;
      c.buffers.shift();
    }
  }
  return total;
}

/** A broker died: consumer fetches parked on it will never be answered, so their consumers fetch afresh. */
export function releaseParkedConsumers(sim: Sim, broker: { id: number; parkedConsumers: Record<string, ConsumerFetchRequest> }): void {
  for (const id of Object.keys(broker.parkedConsumers)) {
    const request = broker.parkedConsumers[id]!;
    const c = sim.consumers[id];
    if (c && c.fetchesInFlight[broker.id]?.requestId === request.requestId) {
      delete c.fetchesInFlight[broker.id];
      wake(sim, c);
    }
  }
  broker.parkedConsumers = {};
}

/** When the oldest record a group has not consumed was written (for lag in seconds), or null. */
export function oldestUnconsumedTimestampMs(p: Partition, offset: number): number | null {
  if (p.leader < 0) return null;
  const r = p.logs[p.leader]!;
  if (offset >= r.highWatermark) return null;
  const from = Math.max(offset, r.log.logStartOffset);
  for (const b of readBatches(r.log, from, r.highWatermark, 0)) {
    for (let i = 0; i < b.count; i++) if (recordOffset(b, i) >= from) return recordTimestampMs(b, i);
  }
  return null;
}
