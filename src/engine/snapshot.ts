/**
 * Sim → plain, serialisable Snapshot for views: what each broker, partition, replica and producer
 * looks like now, with every config's effective value and whether it is Kafka's default.
 */
import type { KeyPattern } from './commands';
import type { ConfigEntry } from './config';
import { configNames, resolveConfig } from './config';
import { brokerIds, effectiveMinIsr, topicNumber } from './core';
import type { Producer, RecordMemory, SimStats, Sim } from './state';
import { logSizeBytes, readBatches, segmentEndOffset, segmentIndexFor } from './kafka/log';
import type { Log, LogRemoval, Segment } from './kafka/log';
import { keyHashExplanation } from './kafka/partitioner';
import { isIdempotent } from './kafka/producer';
import { isCooperative } from './kafka/consumer-configs';
import { oldestUnconsumedTimestampMs } from './kafka/consumer-fetcher';
import { coordinatorOf } from './kafka/offsets-topic';
import { recordSizeBytes } from './kafka/values';
import { inFlightMessages, linkTraffic } from './in-flight';
import type { InFlightMessage, LinkTraffic } from './in-flight';
import { recordHeaders, recordKey, recordOffset, recordTimestampMs, recordValue } from './kafka/record-batch';
import type { StoredBatch } from './kafka/record-batch';

/**
 * What a snapshot counts in a segment, kept between snapshots (a pure cache, not state): a closed
 * segment is never rescanned, and the active one only from the batches appended since.
 */
interface SegmentScan {
  batches: number;
  /** The last batch scanned, by what identifies it (batches are replaced by copies when acknowledged). */
  last: Pick<StoredBatch, 'baseOffset' | 'count' | 'id'> | undefined;
  records: number;
  tombstones: number[];
}
const scans = new WeakMap<Segment, SegmentScan>();

function scanSegment(seg: Segment): SegmentScan {
  const batches = seg.batches;
  let scan = scans.get(seg);
  // A truncated or rewritten segment (fewer batches, or another batch where the last one was) is rescanned.
  const seen = scan && scan.batches > 0 ? batches[scan.batches - 1] : undefined;
  const last = scan?.last;
  if (!scan || scan.batches > batches.length || (last && (!seen || seen.baseOffset !== last.baseOffset || seen.count !== last.count || seen.id !== last.id))) {
    scan = { batches: 0, last: undefined, records: 0, tombstones: [] };
    scans.set(seg, scan);
  }
  for (let i = scan.batches; i < batches.length; i++) {
    const b = batches[i]!;
    scan.records += b.count;
    // Generated values are never null: only batches holding their values can carry tombstones.
    if (!b.valueGen && !b.slimmed)
      for (let j = 0; j < b.count && scan.tombstones.length < MAX_TOMBSTONE_OFFSETS; j++)
        if (recordValue(b, j) === null) scan.tombstones.push(recordOffset(b, j));
  }
  if (scan.batches !== batches.length) {
    scan.batches = batches.length;
    const end = batches[batches.length - 1]!;
    scan.last = { baseOffset: end.baseOffset, count: end.count, id: end.id };
  }
  return scan;
}

/** How many records a segment holds, which offsets (when compaction thinned it) and where its tombstones are. */
function segmentOffsets(seg: Segment, endOffset: number): Pick<SegmentView, 'records' | 'kept' | 'tombstones'> {
  const scan = scanSegment(seg);
  let kept: number[] | null = null;
  if (scan.records < endOffset - seg.baseOffset && scan.records <= MAX_KEPT_OFFSETS) {
    kept = [];
    for (const b of seg.batches) for (let i = 0; i < b.count; i++) kept.push(recordOffset(b, i));
  }
  // A copy: the active segment's scan grows after this snapshot is taken.
  return { records: scan.records, kept, tombstones: scan.tombstones.length === 0 ? [] : scan.tombstones.slice() };
}

export interface SegmentView {
  baseOffset: number;
  endOffset: number;
  records: number;
  sizeBytes: number;
  largestTimestampMs: number;
  active: boolean;
  /**
   * The offsets still in a segment that compaction thinned (fewer records than offsets), ascending,
   * when there are at most {@link MAX_KEPT_OFFSETS}; null for a dense segment (every offset is there)
   * or a thinned one with more records (then only the count is known).
   */
  kept: number[] | null;
  /** Offsets of tombstones (records with a null value) in the segment, ascending, at most {@link MAX_TOMBSTONE_OFFSETS}. */
  tombstones: number[];
  /**
   * How many segments this view stands for: 1, or more for a run of older segments listed as one
   * when the log holds more than {@link MAX_SEGMENT_VIEWS} (a week of 1-minute segments is 10,080).
   */
  segments: number;
}

/** Bounds on what a segment view lists, so a snapshot stays small whatever the log holds. */
const MAX_KEPT_OFFSETS = 64;
const MAX_TOMBSTONE_OFFSETS = 16;
/** Most segment views per replica: beyond it the newest {@link NEWEST_SEGMENT_VIEWS} are listed one by one, older ones in runs. */
const MAX_SEGMENT_VIEWS = 160;
const NEWEST_SEGMENT_VIEWS = 96;

export interface ReplicaView {
  brokerId: number;
  role: 'leader' | 'follower' | 'offline';
  inIsr: boolean;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  sizeBytes: number;
  /** How far behind the leader's LEO this replica's LEO is (0 for the leader). */
  lagRecords: number;
  /** The segments, oldest first: every one, or (past {@link MAX_SEGMENT_VIEWS}) older ones in runs. */
  segments: SegmentView[];
  /** How many segments the log holds. */
  segmentCount: number;
  /** What left this replica's log lately (retention, a moved log start, cleaner passes), oldest first. */
  removals: LogRemoval[];
  /**
   * The first offset whose record still has its payload: below it (down to the log start) the
   * simulator kept offsets and sizes only, to stay within its record budget (`kafka/slimming.ts`).
   */
  payloadsFrom: number;
}

export interface PartitionView {
  topic: string;
  partition: number;
  replicas: number[];
  isr: number[];
  leader: number;
  leaderEpoch: number;
  offline: boolean;
  underReplicated: boolean;
  /** ISR smaller than min.insync.replicas: acks=all writes fail with NotEnoughReplicas. */
  underMinIsr: boolean;
  recovering: boolean;
  /** The leader's log start offset, high watermark and log end offset (-1 when offline). */
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
  acknowledgedLost: number;
  replicaStates: ReplicaView[];
}

export interface TopicView {
  name: string;
  topicId: string;
  partitions: number;
  replicationFactor: number;
  configs: ConfigEntry[];
  warnings: string[];
}

export interface BrokerView {
  id: number;
  state: 'running' | 'crashed';
  isolated: boolean;
  fenced: boolean;
  isController: boolean;
  isVoter: boolean;
  extraLatencyMs: number;
  replicas: number;
  leaderOf: number;
  sizeBytes: number;
}

export interface ProducerView {
  id: string;
  topic: string;
  ratePerSec: number;
  paused: boolean;
  keys: KeyPattern;
  idempotent: boolean;
  configs: ConfigEntry[];
  stats: { sent: number; acknowledged: number; failed: number; retries: number; errors: number };
  queuedRecords: number;
  inFlightRecords: number;
  /** Per partition: records acknowledged and the last acknowledged offset. */
  acknowledged: { partition: number; records: number; lastOffset: number }[];
  /** The newest errors; `retriable`: the producer retries the batch (else the records failed for good). */
  recentErrors: { timeMs: number; partition: number; name: string; message: string; retriable: boolean }[];
  /** `buffer.memory` in use by batches, and the send() calls blocked for it: since when, until when (max.block.ms), how many. */
  buffer: { usedBytes: number; totalBytes: number; blocked: { sinceMs: number; failsAtMs: number; sends: number } | null };
}

function blockedView(p: Producer): ProducerView['buffer']['blocked'] {
  const waiters = p.buffer.waiters;
  if (waiters.length === 0) return null;
  return { sinceMs: waiters[0]!.sinceMs, failsAtMs: waiters.reduce((m, w) => Math.min(m, w.deadlineMs), Number.MAX_SAFE_INTEGER), sends: waiters.length };
}

/** One partition of a consumer group, as `kafka-consumer-groups.sh --describe` shows it. */
export interface GroupPartitionView {
  topic: string;
  partition: number;
  /** CURRENT-OFFSET: the committed offset, or null ("-") when nothing is committed. */
  committedOffset: number | null;
  /** LOG-END-OFFSET as the tool prints it: the partition's high watermark. */
  highWatermark: number;
  /** LAG = high watermark − committed offset (null when nothing is committed). */
  lag: number | null;
  /** How old the oldest record not yet committed is, in ms (0 when caught up). */
  lagMs: number | null;
  /** The consumer that owns the partition now, if any. */
  owner: string | null;
  /** The owner's position (next offset it will hand to the application). */
  position: number | null;
}

export interface GroupView {
  groupId: string;
  state: string;
  generation: number;
  protocol: string | null;
  coordinator: number;
  leader: string | null;
  members: { memberId: string; consumerId: string; groupInstanceId: string | null; assignment: string[] }[];
  partitions: GroupPartitionView[];
  totalLag: number;
  /** What a real tool would not tell you ("more consumers than partitions: 1 idle"). */
  warnings: string[];
  stats: { rebalances: number; duplicates: number; skippedByRetention: number; skippedByReset: number; processed: number };
}

export interface ConsumerView {
  id: string;
  groupId: string;
  /** The topics it subscribes to. */
  topics: string[];
  state: 'running' | 'crashed';
  status: string;
  memberId: string | null;
  groupInstanceId: string | null;
  generation: number;
  assignment: string[];
  /** In the group but assigned nothing (more consumers than partitions). */
  idle: boolean;
  paused: boolean;
  processingRatePerSec: number;
  cooperative: boolean;
  configs: ConfigEntry[];
  stats: { processed: number; duplicates: number; polls: number; commits: number };
}

export interface Snapshot {
  timeMs: number;
  startEpochMs: number;
  eventCount: number;
  controller: { activeId: number | null; epoch: number; voters: number[] };
  brokers: BrokerView[];
  topics: TopicView[];
  partitions: PartitionView[];
  producers: ProducerView[];
  groups: GroupView[];
  consumers: ConsumerView[];
  brokerConfigs: ConfigEntry[];
  stats: SimStats & { underReplicatedPartitions: number; offlinePartitions: number; underMinIsrPartitions: number };
  networkLatencyMs: number;
  /** The record budget, and how many old records lost their payloads to stay within it (`kafka/slimming.ts`). */
  memory: RecordMemory;
  /** Requests and responses on the wire at this moment (at most `IN_FLIGHT_LIMIT`, records first): what the page animates. */
  inFlight: InFlightMessage[];
  /** How many messages were in flight, before the limit. */
  inFlightTotal: number;
  /** Running per-link counters of records and messages delivered (flow bands are their rate). */
  links: LinkTraffic[];
}

function segmentView(log: Log, i: number): SegmentView {
  const s = log.segments[i]!;
  const endOffset = segmentEndOffset(log, i);
  return {
    baseOffset: s.baseOffset,
    endOffset,
    sizeBytes: s.sizeBytes,
    largestTimestampMs: s.largestTimestampMs,
    active: i === log.segments.length - 1,
    ...segmentOffsets(s, endOffset),
    segments: 1,
  };
}

/** One view for segments [from, to) of a long log: their offsets, records and bytes together. */
function runView(log: Log, from: number, to: number): SegmentView {
  const view: SegmentView = {
    baseOffset: log.segments[from]!.baseOffset,
    endOffset: segmentEndOffset(log, to - 1),
    records: 0,
    sizeBytes: 0,
    largestTimestampMs: 0,
    active: false,
    kept: null,
    tombstones: [],
    segments: to - from,
  };
  for (let i = from; i < to; i++) {
    const s = log.segments[i]!;
    const scan = scanSegment(s);
    view.records += scan.records;
    view.sizeBytes += s.sizeBytes;
    if (s.largestTimestampMs > view.largestTimestampMs) view.largestTimestampMs = s.largestTimestampMs;
    for (const t of scan.tombstones) if (view.tombstones.length < MAX_TOMBSTONE_OFFSETS) view.tombstones.push(t);
  }
  return view;
}

/**
 * Runs already summed, by their first segment (a pure cache, like the scans): sealed segments never
 * change in place, so a run that still starts and ends with the same segments is the same run.
 */
const runs = new WeakMap<Segment, { last: Segment; view: SegmentView }>();

function cachedRunView(log: Log, from: number, to: number): SegmentView {
  const first = log.segments[from]!;
  const last = log.segments[to - 1]!;
  const hit = runs.get(first);
  if (hit && hit.last === last && hit.view.segments === to - from) return hit.view;
  const view = runView(log, from, to);
  runs.set(first, { last, view });
  return view;
}

/**
 * A replica's segments as views: all of them, or for a long log the newest one by one and the
 * older ones in runs by offset range (a power-of-two span, so the runs stay put as the log grows at
 * one end and is deleted at the other, and are summed once), so what a snapshot carries — and what
 * the page draws — stays the same size however long the log grows.
 */
function segmentViews(log: Log): SegmentView[] {
  const n = log.segments.length;
  if (n <= MAX_SEGMENT_VIEWS) return log.segments.map((_, i) => segmentView(log, i));
  const views: SegmentView[] = [];
  const older = n - NEWEST_SEGMENT_VIEWS;
  const start = log.segments[0]!.baseOffset;
  const span = log.segments[older]!.baseOffset - start;
  const maxRuns = MAX_SEGMENT_VIEWS - NEWEST_SEGMENT_VIEWS - 1;
  const width = 2 ** Math.ceil(Math.log2(Math.max(1, span / maxRuns)));
  let from = 0;
  while (from < older) {
    // The run holds the segments whose base offsets fall in the same width-aligned offset range.
    const rangeEnd = (Math.floor(log.segments[from]!.baseOffset / width) + 1) * width;
    const to = Math.min(older, segmentIndexFor(log, rangeEnd - 1) + 1);
    views.push(cachedRunView(log, from, to));
    from = to;
  }
  for (let i = older; i < n; i++) views.push(segmentView(log, i));
  return views;
}

export function takeSnapshot(sim: Sim): Snapshot {
  // Bytes of each log (`UnifiedLog.size`), from its views (a long log's runs are summed once): the broker totals need them again.
  const sizes = new Map<Log, number>();
  const viewsOf = (log: Log): SegmentView[] => {
    const views = segmentViews(log);
    sizes.set(
      log,
      views.reduce((n, v) => n + v.sizeBytes, 0),
    );
    return views;
  };
  const sizeOf = (log: Log): number => sizes.get(log) ?? logSizeBytes(log);
  const ids = brokerIds(sim);
  const leaderCount: Record<number, number> = {};
  const partitions: PartitionView[] = [];
  let underReplicated = 0;
  let offline = 0;
  let underMin = 0;
  for (const key of Object.keys(sim.partitions)) {
    const p = sim.partitions[key]!;
    const minIsr = effectiveMinIsr(sim, p);
    const leaderLog = p.leader >= 0 ? p.logs[p.leader]! : null;
    if (p.leader >= 0) leaderCount[p.leader] = (leaderCount[p.leader] ?? 0) + 1;
    const view: PartitionView = {
      topic: p.topic,
      partition: p.index,
      replicas: [...p.replicas],
      isr: [...p.isr],
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      offline: p.leader < 0,
      underReplicated: p.isr.length < p.replicas.length,
      underMinIsr: p.isr.length < minIsr,
      recovering: p.recovering,
      logStartOffset: leaderLog ? leaderLog.log.logStartOffset : -1,
      highWatermark: leaderLog ? leaderLog.highWatermark : -1,
      logEndOffset: leaderLog ? leaderLog.log.leo : -1,
      acknowledgedLost: p.lostRecords,
      replicaStates: p.replicas.map((id) => {
        const r = p.logs[id]!;
        const alive = sim.brokers[id]!.alive;
        const segments = viewsOf(r.log);
        return {
          brokerId: id,
          role: !alive ? 'offline' : p.leader === id ? 'leader' : 'follower',
          inIsr: p.isr.includes(id),
          logStartOffset: r.log.logStartOffset,
          logEndOffset: r.log.leo,
          highWatermark: r.highWatermark,
          sizeBytes: sizeOf(r.log),
          lagRecords: leaderLog ? Math.max(0, leaderLog.log.leo - r.log.leo) : 0,
          segments,
          segmentCount: r.log.segments.length,
          removals: r.log.removals,
          payloadsFrom: Math.max(r.log.logStartOffset, r.log.slimmedTo),
        };
      }),
    };
    if (view.underReplicated) underReplicated++;
    if (view.offline) offline++;
    if (view.underMinIsr) underMin++;
    partitions.push(view);
  }
  const topics: TopicView[] = Object.keys(sim.topics).map((name) => {
    const t = sim.topics[name]!;
    const rf = t.partitions[0]?.replicas.length ?? 0;
    const warnings: string[] = [];
    const minIsr = topicNumber(sim, t, 'min.insync.replicas');
    if (rf > 1 && minIsr >= rf)
      warnings.push(`replication factor ${rf} ≤ min.insync.replicas ${minIsr}: with acks=all, no broker may fail without writes stopping.`);
    if (rf === 1) warnings.push('replication factor 1: a single broker failure makes this topic unavailable and can lose data.');
    if (t.configs['unclean.leader.election.enable'] === true)
      warnings.push('unclean.leader.election.enable=true: an out-of-sync replica may become leader, losing acknowledged records.');
    return {
      name,
      topicId: t.topicId,
      partitions: t.partitions.length,
      replicationFactor: rf,
      configs: configNames('topic').map((n) => resolveConfig(n, ['topic', t.configs])),
      warnings,
    };
  });
  const hostedSize = (id: number): number => sim.brokers[id]!.hosted.reduce((n, key) => n + sizeOf(sim.partitions[key]!.logs[id]!.log), 0);
  return {
    timeMs: sim.nowMs,
    startEpochMs: sim.startEpochMs,
    eventCount: sim.eventCount,
    controller: { activeId: sim.controller.activeId, epoch: sim.controller.epoch, voters: [...sim.controller.voters] },
    brokers: ids.map((id) => {
      const b = sim.brokers[id]!;
      return {
        id,
        state: b.alive ? 'running' : 'crashed',
        isolated: b.isolated,
        fenced: b.fenced,
        isController: sim.controller.activeId === id,
        isVoter: sim.controller.voters.includes(id),
        extraLatencyMs: b.extraLatencyMs,
        replicas: b.hosted.length,
        leaderOf: leaderCount[id] ?? 0,
        sizeBytes: hostedSize(id),
      };
    }),
    topics,
    partitions,
    producers: Object.keys(sim.producers)
      .map((id) => sim.producers[id]!)
      .filter((p) => !p.removed)
      .map((p) => {
        let queued = 0;
        let inFlight = 0;
        const acknowledged: ProducerView['acknowledged'] = [];
        for (const k of Object.keys(p.partitions)
          .map(Number)
          .sort((a, b) => a - b)) {
          const st = p.partitions[k]!;
          for (const b of st.queue) queued += b.count;
          for (const b of st.inFlight) inFlight += b.count;
          acknowledged.push({ partition: k, records: st.acked, lastOffset: st.lastAckedOffset });
        }
        return {
          id: p.id,
          topic: p.spec.topic,
          ratePerSec: p.ratePerSec,
          paused: p.paused,
          keys: p.keys,
          idempotent: isIdempotent(p),
          configs: configNames('producer').map((n) => resolveConfig(n, ['producer', p.configs])),
          stats: { ...p.stats },
          queuedRecords: queued,
          inFlightRecords: inFlight,
          acknowledged,
          recentErrors: p.recentErrors.map((e) => ({ ...e })),
          buffer: { usedBytes: p.buffer.usedBytes, totalBytes: p.settings.bufferMemory, blocked: blockedView(p) },
        };
      }),
    groups: Object.keys(sim.groups).map((id) => groupView(sim, id)),
    consumers: Object.keys(sim.consumers)
      .map((id) => sim.consumers[id]!)
      .filter((c) => !c.removed)
      .map((c) => ({
        id: c.id,
        groupId: c.groupId,
        topics: [...c.topics],
        state: c.alive ? 'running' : 'crashed',
        status: c.status,
        memberId: c.memberId,
        groupInstanceId: c.groupInstanceId,
        generation: c.generation,
        assignment: c.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
        idle: c.alive && c.status === 'stable' && c.assignment.length === 0,
        paused: c.paused,
        processingRatePerSec: c.processingRatePerSec,
        cooperative: isCooperative(c),
        configs: configNames('consumer').map((n) => resolveConfig(n, ['consumer', c.configs])),
        stats: { ...c.stats },
      })),
    brokerConfigs: configNames('broker').map((n) => resolveConfig(n, ['broker', sim.brokerConfigs])),
    stats: { ...sim.stats, underReplicatedPartitions: underReplicated, offlinePartitions: offline, underMinIsrPartitions: underMin },
    networkLatencyMs: sim.networkLatencyMs,
    memory: { ...sim.memory },
    ...wireView(sim),
  };
}

function groupView(sim: Sim, groupId: string): GroupView {
  const g = sim.groups[groupId]!;
  const members = Object.values(g.members);
  const owners: Record<string, string> = {};
  for (const c of Object.values(sim.consumers)) {
    if (c.removed || !c.alive || c.groupId !== groupId) continue;
    for (const tp of c.assignment) owners[`${tp.topic}-${tp.partition}`] = c.id;
  }
  const topics = new Set<string>();
  for (const m of members) for (const t of m.topics) topics.add(t);
  for (const key of Object.keys(g.committed)) topics.add(sim.partitions[key]?.topic ?? '');
  topics.delete('');
  const partitions: GroupPartitionView[] = [];
  let totalLag = 0;
  for (const t of [...topics].sort()) {
    for (const p of sim.topics[t]?.partitions ?? []) {
      const committed = g.committed[p.key]?.offset ?? null;
      const hw = p.leader >= 0 ? p.logs[p.leader]!.highWatermark : -1;
      const lag = committed === null || hw < 0 ? null : Math.max(0, hw - committed);
      if (lag !== null) totalLag += lag;
      const oldest = committed === null ? null : oldestUnconsumedTimestampMs(p, committed);
      const owner = owners[p.key] ?? null;
      partitions.push({
        topic: t,
        partition: p.index,
        committedOffset: committed,
        highWatermark: hw,
        lag,
        lagMs: lag === null ? null : oldest === null ? 0 : Math.max(0, sim.nowMs - oldest),
        owner,
        position: owner ? (sim.consumers[owner]!.positions[p.key] ?? null) : null,
      });
    }
  }
  const warnings: string[] = [];
  const live = Object.values(sim.consumers).filter((c) => !c.removed && c.alive && c.groupId === groupId);
  const idle = live.filter((c) => c.status === 'stable' && c.assignment.length === 0).length;
  if (idle > 0) warnings.push(`more consumers than partitions: ${idle} idle (a partition is read by at most one consumer of a group).`);
  if (live.length === 0 && members.length === 0) warnings.push('no running consumers: the lag grows until one joins.');
  return {
    groupId,
    warnings,
    state: g.state,
    generation: g.generation,
    protocol: g.protocol,
    coordinator: coordinatorOf(sim, g),
    leader: g.leaderId ? (g.members[g.leaderId]?.consumerId ?? null) : null,
    members: members.map((m) => ({
      memberId: m.memberId,
      consumerId: m.consumerId,
      groupInstanceId: m.groupInstanceId,
      assignment: m.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
    })),
    partitions,
    totalLag,
    stats: { ...g.stats },
  };
}

/** One record, materialised for the record inspector. */
export interface RecordView {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: [string, string][];
  timestampMs: number;
  /** The wall-clock instant the timestamp stands for (epoch ms). */
  timestampEpochMs: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  leaderEpoch: number;
  producerId: string;
  sizeBytes: number;
  /** Whether consumers can see it yet (below the high watermark). */
  committed: boolean;
  /** For a keyed record: how the default partitioner picked the partition. */
  keyHash: { murmur2: number; positive: number; partition: number; numPartitions: number } | null;
  /**
   * The simulator dropped this old record's payload to stay within its record budget (`kafka/slimming.ts`):
   * key, value and headers are gone, the timestamp is estimated and the size is the average of its summary.
   */
  dropped: boolean;
}

/** Reads up to `maxRecords` records from `fromOffset`, materialising values on demand. */
export function readRecords(sim: Sim, topic: string, partition: number, fromOffset: number, maxRecords: number, brokerId?: number): RecordView[] {
  const t = sim.topics[topic];
  const p = t?.partitions[partition];
  if (!t || !p) return [];
  const id = brokerId ?? p.leader;
  const r = p.logs[id];
  if (!r) return [];
  const out: RecordView[] = [];
  const limit = Math.max(0, Math.min(1000, Math.floor(maxRecords)));
  const from = Math.max(fromOffset, r.log.logStartOffset);
  for (const b of readBatches(r.log, from, r.log.leo, Number.MAX_SAFE_INTEGER)) {
    for (let i = 0; i < b.count && out.length < limit; i++) {
      const offset = recordOffset(b, i);
      if (offset < from) continue;
      const dropped = b.slimmed !== undefined;
      const key = recordKey(b, i);
      const value = recordValue(b, i);
      const headers = recordHeaders(b, i);
      const ts = recordTimestampMs(b, i);
      const explanation = key === null ? null : keyHashExplanation(key, t.partitions.length);
      out.push({
        topic,
        partition,
        offset,
        key,
        value,
        headers,
        timestampMs: ts,
        timestampEpochMs: sim.startEpochMs + ts,
        timestampType: b.timestampType,
        leaderEpoch: b.partitionLeaderEpoch,
        producerId: b.origin,
        sizeBytes: dropped ? Math.round(b.sizeBytes / b.count) : recordSizeBytes(key, value, headers, ts - recordTimestampMs(b, 0), i),
        committed: offset < r.highWatermark,
        keyHash: explanation ? { ...explanation, numPartitions: t.partitions.length } : null,
        dropped,
      });
    }
    if (out.length >= limit) break;
  }
  return out;
}

function wireView(sim: Sim): Pick<Snapshot, 'inFlight' | 'inFlightTotal' | 'links'> {
  const { messages, total } = inFlightMessages(sim);
  return { inFlight: messages, inFlightTotal: total, links: linkTraffic(sim) };
}
