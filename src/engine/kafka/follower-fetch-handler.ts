/**
 * The leader receiving a follower's fetch (`ReplicaManager.fetchMessages` for a replica): it checks
 * the fetch, records how far the follower has got (which may expand the ISR and move the high
 * watermark), then answers at once or parks the fetch until there is news (delayed-fetch.ts).
 */
import { brokersConnected } from '../core';
import type { FetchPartitionRequest, FetchRequest } from './messages';
import type { Partition, Replica, Sim } from '../state';
import { scheduleParkedTimeout, sendFetchResponse, validateFollowerFetch } from './delayed-fetch';
import { kickFetcher } from './follower-fetcher';
import { maybeIncrementHighWatermark } from './high-watermark';
import { maybeExpandIsr } from './isr';

/** The leader receives a follower's fetch: validate, record the follower's progress, answer or park. */
export function onFetchArrive(sim: Sim, request: FetchRequest): void {
  const f = sim.brokers[request.followerId];
  // Sent by a follower process that has died since: its connection died with it, and the broker epoch
  // the fetch carries is stale (KIP-903), so it must neither update follower state nor take the parked slot.
  if (!f || !f.alive || f.incarnation !== request.followerIncarnation) return;
  const l = sim.brokers[request.leaderId]!;
  if (!l.alive || l.incarnation !== request.leaderIncarnation || !brokersConnected(sim, request.followerId, request.leaderId)) {
    abandonFetch(sim, request);
    return;
  }
  let respondNow = false;
  let pending = false;
  for (const fp of request.partitions) {
    const p = sim.partitions[fp.key]!;
    const r = p.logs[request.leaderId]!;
    if (validateFollowerFetch(r, fp) !== null) {
      respondNow = true;
      continue;
    }
    updateFollowerFetchState(sim, p, r, fp, request.followerId);
    if (fp.fetchOffset < r.log.leo) respondNow = true;
    else if (r.highWatermark > r.followers![request.followerId]!.hwSent || !r.viewIsr.includes(request.followerId)) pending = true; // news to deliver, or an ISR expansion to retry
  }
  if (respondNow) {
    sendFetchResponse(sim, request);
    return;
  }
  // DelayedFetch: wait for new data, at most replica.fetch.wait.max.ms. The timeout only changes
  // something when the follower is owed news (a moved high watermark, partitions it has started
  // following since), so only then is it scheduled: an idle cluster does no work.
  l.parked[request.followerId] = { request, parkedAtMs: sim.nowMs, timeoutScheduled: false };
  if (pending || followsMoreThan(sim, request)) scheduleParkedTimeout(sim, request.leaderId, request.followerId);
}

function abandonFetch(sim: Sim, request: FetchRequest): void {
  const f = sim.brokers[request.followerId];
  if (f && f.incarnation === request.followerIncarnation) {
    const fetcher = f.fetchers[request.leaderId];
    if (fetcher) {
      fetcher.inFlight = false;
      fetcher.sessionOpen = false; // a disconnect ends the fetch session: the next fetch is full
    }
    // The fetcher thread keeps fetching from its leader after a disconnect (AbstractFetcherThread):
    // a restarted leader gets a fresh fetch; a dead or cut-off one is retried on restart or heal.
    kickFetcher(sim, request.followerId, request.leaderId);
  }
}

/** The follower now follows partitions of this leader that its parked fetch does not carry. */
function followsMoreThan(sim: Sim, request: FetchRequest): boolean {
  let n = 0;
  for (const key of sim.brokers[request.followerId]!.hosted) {
    const r = sim.partitions[key]!.logs[request.followerId]!;
    if (r.viewLeader === request.leaderId && !r.fetchBlocked) n++;
  }
  return n !== request.partitions.length;
}

/** `Replica.updateFetchStateOrThrow`, then ISR expansion and the high watermark. */
function updateFollowerFetchState(sim: Sim, p: Partition, r: Replica, fp: FetchPartitionRequest, followerId: number): void {
  const fs = r.followers![followerId]!;
  if (fp.fetchOffset >= r.log.leo) fs.lastCaughtUpTimeMs = Math.max(fs.lastCaughtUpTimeMs, sim.nowMs);
  else if (fp.fetchOffset >= fs.lastFetchLeaderLeo) fs.lastCaughtUpTimeMs = Math.max(fs.lastCaughtUpTimeMs, fs.lastFetchTimeMs);
  const moved = fs.leo !== fp.fetchOffset;
  fs.leo = fp.fetchOffset;
  fs.lastFetchLeaderLeo = r.log.leo;
  fs.lastFetchTimeMs = sim.nowMs;
  maybeExpandIsr(sim, p, r, followerId);
  // Partition.updateFollowerFetchState: the high watermark can only have moved if the follower's LEO did.
  if (moved) maybeIncrementHighWatermark(sim, p, r);
}
