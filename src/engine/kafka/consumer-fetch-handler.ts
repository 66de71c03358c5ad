/**
 * The leader's side of a consumer's fetch (`ReplicaManager.fetchMessages` for a consumer): it reads
 * from the fetch offset up to the high watermark (read_uncommitted, `FetchIsolation.HIGH_WATERMARK`),
 * or, with nothing to return, parks the fetch until the high watermark moves (`DelayedFetch`). The
 * consumer's side — what to fetch, and what to do with the answer — is in consumer.ts.
 */
import { CONFIG_DEFS } from '../config';
import { latencyMs, schedule } from '../core';
import type { ConsumerFetchPartition, ConsumerFetchRequest } from './messages';
import type { Partition, Sim } from '../state';
import { readBatches } from './log';

/** The leader answers a consumer fetch, or parks it until the high watermark moves (`DelayedFetch`). The broker is running (see onConsumerFetchDisconnected). */
export function onConsumerFetchArrive(sim: Sim, request: ConsumerFetchRequest): void {
  const b = sim.brokers[request.brokerId]!;
  const answer = readForConsumer(sim, request);
  if (answer.some((a) => a.error !== 'NONE' || a.batches.length > 0)) {
    respondToConsumer(sim, request, answer);
    return;
  }
  b.parkedConsumers[request.consumerId] = request;
}

function readForConsumer(sim: Sim, request: ConsumerFetchRequest): ConsumerFetchPartition[] {
  const c = sim.consumers[request.consumerId];
  const maxBytes = c ? ((c.configs['max.partition.fetch.bytes'] ?? CONFIG_DEFS['max.partition.fetch.bytes']!.default) as number) : 1_048_576;
  return request.partitions.map(({ key, fetchOffset }) => {
    const p = sim.partitions[key]!;
    const r = p.logs[request.brokerId];
    if (!r || r.viewLeader !== request.brokerId || !r.followers)
      return { key, fetchOffset, error: 'NOT_LEADER_OR_FOLLOWER', batches: [], highWatermark: -1, logStartOffset: -1 };
    // UnifiedLog.read: below the log start or past the log end is out of range; [HW, LEO] is just empty.
    if (fetchOffset < r.log.logStartOffset || fetchOffset > r.log.leo)
      return { key, fetchOffset, error: 'OFFSET_OUT_OF_RANGE', batches: [], highWatermark: r.highWatermark, logStartOffset: r.log.logStartOffset };
    return {
      key,
      fetchOffset,
      error: 'NONE',
      batches: readBatches(r.log, fetchOffset, r.highWatermark, maxBytes),
      highWatermark: r.highWatermark,
      logStartOffset: r.log.logStartOffset,
    };
  });
}

function respondToConsumer(sim: Sim, request: ConsumerFetchRequest, partitions: ConsumerFetchPartition[]): void {
  schedule(sim, latencyMs(sim, request.brokerId), { kind: 'consumerFetchResponse', request, partitions });
}

/** The high watermark moved (or leadership changed) on `p` at `brokerId`: answer consumer fetches parked on it. */
export function wakeParkedConsumers(sim: Sim, brokerId: number, p: Partition): void {
  const b = sim.brokers[brokerId]!;
  for (const id of Object.keys(b.parkedConsumers)) {
    const request = b.parkedConsumers[id]!;
    if (!request.partitions.some((fp) => fp.key === p.key)) continue;
    delete b.parkedConsumers[id];
    respondToConsumer(sim, request, readForConsumer(sim, request));
  }
}
