/**
 * fast-check arbitraries of generated cases for the property tests: random clusters with fault
 * schedules (properties.test.ts) and consumer groups with random membership changes and faults
 * (consumer-properties.test.ts). A case is plain data; test/helpers/case-scenarios.ts turns it
 * into a scenario and test/helpers/case-runs.ts runs it.
 */
import fc from 'fast-check';
import type { ConfigValue } from '../../src/engine';

// ---------------------------------------------------------------------------------------------
// Random clusters and fault schedules (properties.test.ts)

export type Fault =
  | { kind: 'crash' | 'isolate'; broker: number; atMs: number; forMs: number }
  | { kind: 'slow'; broker: number; atMs: number; forMs: number; extraLatencyMs: number }
  | { kind: 'config'; topic: number; atMs: number; name: 'retention.ms' | 'segment.ms' | 'min.insync.replicas' | 'retention.bytes'; value: number }
  | { kind: 'addPartitions'; topic: number; atMs: number; add: number };

export interface ClusterCase {
  seed: number;
  brokers: number;
  networkLatencyMs: number;
  brokerConfigs: Record<string, ConfigValue>;
  topics: { partitions: number; rf: number; minIsr: number; unclean: boolean; safe: boolean; configs: Record<string, ConfigValue> }[];
  producers: {
    topic: number;
    ratePerSec: number;
    acks: '0' | '1' | 'all';
    idempotence: boolean;
    keyed: boolean;
    lingerMs: number;
    batchSize: number;
    requestTimeoutMs: number;
  }[];
  durationMs: number;
  stepMs: number;
  faults: Fault[];
}

/** Options for {@link clusterCaseArb}. */
export interface ClusterCaseOptions {
  /** Every topic is "safe": RF ≥ 3, min.insync.replicas ≥ 2, unclean election off, acks=all producers. */
  allSafe?: boolean;
  /** Cap on records produced per case (rate × duration summed over producers), to bound run time. */
  maxRecords?: number;
}

/**
 * A small random cluster and a handful of faults: 2–5 brokers, 1–2 topics of 1–4 partitions with
 * RF ≤ brokers, producers at 5–200 records/s for 20–90 simulated seconds, crashes, isolations, slow
 * brokers, config changes (retention.ms, segment.ms, min.insync.replicas, retention.bytes) and added
 * partitions. "Safe" topics (RF ≥ 3, min.insync.replicas ≥ 2, unclean election off, acks=all) are
 * the ones Kafka promises never to lose an acknowledged record on.
 */
export function clusterCaseArb(options: ClusterCaseOptions = {}): fc.Arbitrary<ClusterCase> {
  const maxRecords = options.maxRecords ?? 2000;
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      brokers: options.allSafe ? fc.integer({ min: 3, max: 5 }) : fc.integer({ min: 2, max: 5 }),
      durationSec: fc.integer({ min: 20, max: 90 }),
      networkLatencyMs: fc.integer({ min: 0, max: 10 }),
      stepMs: fc.integer({ min: 50, max: 250 }),
      topicCount: fc.integer({ min: 1, max: 2 }),
      lagMaxMs: fc.constantFrom(3000, 6000, 10_000, 30_000),
      imbalanceSec: fc.constantFrom(5, 20, 300),
      retentionCheckMs: fc.constantFrom(1000, 5000, 300_000),
      initialDelayMs: fc.constantFrom(0, 3000, 30_000),
    })
    .chain((base) => {
      const durationMs = base.durationSec * 1000;
      const topicArb = fc
        .record({
          partitions: fc.integer({ min: 1, max: 4 }),
          rfPick: fc.integer({ min: 0, max: 100 }),
          minPick: fc.integer({ min: 0, max: 100 }),
          safe: options.allSafe ? fc.constant(true) : fc.boolean(),
          unclean: fc.boolean(),
          segmentMs: fc.option(fc.integer({ min: 500, max: 20_000 }), { nil: undefined }),
          segmentBytes: fc.option(fc.integer({ min: 1024, max: 16_384 }), { nil: undefined }),
          retentionMs: fc.option(fc.integer({ min: 1000, max: 60_000 }), { nil: undefined }),
          retentionBytes: fc.option(fc.integer({ min: 2048, max: 32_768 }), { nil: undefined }),
        })
        .map((t) => {
          const safe = t.safe && base.brokers >= 3;
          const rf = safe ? 3 + (t.rfPick % (base.brokers - 2)) : 1 + (t.rfPick % base.brokers);
          const minIsr = safe ? 2 + (t.minPick % (rf - 1)) : 1 + (t.minPick % rf);
          const unclean = safe ? false : t.unclean;
          const configs: Record<string, ConfigValue> = { 'min.insync.replicas': minIsr };
          if (unclean) configs['unclean.leader.election.enable'] = true;
          if (t.segmentMs !== undefined) configs['segment.ms'] = t.segmentMs;
          if (t.segmentBytes !== undefined) configs['segment.bytes'] = t.segmentBytes;
          if (t.retentionMs !== undefined) configs['retention.ms'] = t.retentionMs;
          if (t.retentionBytes !== undefined) configs['retention.bytes'] = t.retentionBytes;
          return { partitions: t.partitions, rf, minIsr, unclean, safe, configs };
        });
      return fc.record({
        base: fc.constant(base),
        durationMs: fc.constant(durationMs),
        topics: fc.array(topicArb, { minLength: base.topicCount, maxLength: base.topicCount }),
      });
    })
    .chain(({ base, durationMs, topics }) => {
      const producerArb = fc.record({
        topic: fc.integer({ min: 0, max: topics.length - 1 }),
        ratePick: fc.integer({ min: 0, max: 1000 }),
        acks: fc.constantFrom<'0' | '1' | 'all'>('0', '1', 'all', 'all'),
        idempotence: fc.boolean(),
        keyed: fc.boolean(),
        lingerMs: fc.constantFrom(0, 5, 20),
        batchSize: fc.constantFrom(1024, 4096, 16_384),
        requestTimeoutMs: fc.constantFrom(2000, 10_000, 30_000),
      });
      const brokerId = fc.integer({ min: 1, max: base.brokers });
      const at = fc.integer({ min: 0, max: durationMs - 1 });
      const lasting = fc.integer({ min: 200, max: 40_000 });
      const faultArb: fc.Arbitrary<Fault> = fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('crash' as const), broker: brokerId, atMs: at, forMs: lasting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('isolate' as const), broker: brokerId, atMs: at, forMs: lasting }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('slow' as const),
            broker: brokerId,
            atMs: at,
            forMs: lasting,
            extraLatencyMs: fc.integer({ min: 20, max: 25_000 }),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('config' as const),
            topic: fc.integer({ min: 0, max: topics.length - 1 }),
            atMs: at,
            name: fc.constantFrom('retention.ms' as const, 'segment.ms' as const, 'min.insync.replicas' as const, 'retention.bytes' as const),
            value: fc.integer({ min: 0, max: 1_000_000 }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('addPartitions' as const),
            topic: fc.integer({ min: 0, max: topics.length - 1 }),
            atMs: at,
            add: fc.integer({ min: 1, max: 2 }),
          }),
        },
      );
      return fc.record({
        base: fc.constant(base),
        durationMs: fc.constant(durationMs),
        topics: fc.constant(topics),
        producers: fc.array(producerArb, { minLength: 1, maxLength: 3 }),
        faults: fc.array(faultArb, { minLength: 0, maxLength: 6 }),
      });
    })
    .map(({ base, durationMs, topics, producers, faults }): ClusterCase => {
      const perProducerCap = Math.max(5, Math.min(200, Math.floor(maxRecords / (base.durationSec * producers.length))));
      return {
        seed: base.seed,
        brokers: base.brokers,
        networkLatencyMs: base.networkLatencyMs,
        brokerConfigs: {
          'replica.lag.time.max.ms': base.lagMaxMs,
          'leader.imbalance.check.interval.seconds': base.imbalanceSec,
          'log.retention.check.interval.ms': base.retentionCheckMs,
          'log.initial.task.delay.ms': base.initialDelayMs,
        },
        topics,
        producers: producers.map((p) => {
          const safe = topics[p.topic]!.safe;
          return {
            topic: p.topic,
            ratePerSec: 5 + (p.ratePick % (perProducerCap - 4)),
            acks: safe ? 'all' : p.acks,
            idempotence: p.idempotence,
            keyed: p.keyed,
            lingerMs: p.lingerMs,
            batchSize: p.batchSize,
            requestTimeoutMs: p.requestTimeoutMs,
          };
        }),
        durationMs,
        stepMs: base.stepMs,
        faults: faults.map((f) => {
          if (f.kind !== 'config') return f;
          const t = topics[f.topic]!;
          // Keep the values meaningful: small retention/segments, and a safe topic's min.insync.replicas stays ≥ 2.
          switch (f.name) {
            case 'retention.ms':
              return { ...f, value: f.value % 7 === 0 ? -1 : 1000 + (f.value % 60_000) };
            case 'retention.bytes':
              return { ...f, value: f.value % 5 === 0 ? -1 : 2048 + (f.value % 30_000) };
            case 'segment.ms':
              return { ...f, value: 500 + (f.value % 20_000) };
            case 'min.insync.replicas':
              return { ...f, value: t.safe ? 2 + (f.value % (t.rf - 1)) : 1 + (f.value % t.rf) };
          }
        }),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Consumer groups under random faults (consumer-properties.test.ts)

/** A scheduled action of a generated consumer case. `forMs` actions are undone after that long (if still within the run). */
export type ConsumerAction =
  | { kind: 'crashConsumer' | 'removeConsumer'; consumer: number; atMs: number; forMs: number }
  | { kind: 'addConsumer'; consumer: number; atMs: number }
  | { kind: 'crashBroker'; broker: number; atMs: number; forMs: number }
  /** Extra latency on every message touching the broker (its followers lag; its clients wait longer). */
  | { kind: 'slowBroker'; broker: number; atMs: number; forMs: number; extraLatencyMs: number }
  | { kind: 'retention'; topic: number; atMs: number; retentionMs: number; segmentMs: number }
  | { kind: 'rate'; consumer: number; atMs: number; rate: number }
  /**
   * Armed at `atMs` (for 20 s): the first time group `group` is in `phase`, its coordinator's broker
   * crashes (restarted `forMs` later) — a coordinator failover in the middle of a rebalance.
   */
  | { kind: 'crashCoordinator'; group: number; phase: 'PreparingRebalance' | 'CompletingRebalance'; atMs: number; forMs: number };

/** One consumer of a generated case (its spec is built by {@link consumerSpecOf}). */
export interface CaseConsumer {
  group: number;
  topics: number[];
  instance: boolean;
  rate: number;
  autoCommit: boolean;
  commitIntervalMs: number;
  maxPollRecords: number;
  sessionMs: number;
  heartbeatMs: number;
  maxPollIntervalMs: number;
  reset: 'earliest' | 'latest' | 'none';
  /** Joins later through an addConsumer action instead of at start. */
  late: boolean;
}

/**
 * A small cluster (3 brokers, RF 3), 1–2 topics of 1–4 partitions, 1–2 producers, 1–5 consumers in 1–2
 * groups and a handful of actions over 20–60 simulated seconds. `lossless` cases use
 * auto.offset.reset=earliest and never change retention, so no record below the high watermark can
 * be skipped.
 */
export interface ConsumerCase {
  seed: number;
  lossless: boolean;
  networkLatencyMs: number;
  offsetsPartitions: number;
  initialDelayMs: number;
  durationMs: number;
  stepMs: number;
  topics: { partitions: number; minIsr: number }[];
  producers: { topic: number; ratePerSec: number; acks: '1' | 'all'; keyed: boolean }[];
  groups: string[];
  consumers: CaseConsumer[];
  actions: ConsumerAction[];
}

/** Pure cooperative-sticky twice: it is the only cooperative choice (a list with an eager assignor rebalances eagerly). */
const CONSUMER_STRATEGIES = ['range', 'cooperative-sticky', 'cooperative-sticky', 'range,cooperative-sticky', 'roundrobin', 'sticky'];

/**
 * Random consumer cases: consumer crashes and restarts, removals and re-adds, late joins, broker
 * crashes and restarts (some timed to hit a rebalance of a group's coordinator), slow brokers,
 * processing-rate changes and (unless `lossless`) retention changes. Each group
 * uses one `partition.assignment.strategy` for all its members (Kafka refuses members with no common
 * protocol: INCONSISTENT_GROUP_PROTOCOL).
 */
export function consumerCaseArb(lossless: boolean): fc.Arbitrary<ConsumerCase> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      networkLatencyMs: fc.integer({ min: 0, max: 5 }),
      offsetsPartitions: fc.integer({ min: 1, max: 5 }),
      initialDelayMs: fc.constantFrom(0, 500, 3000),
      durationSec: fc.integer({ min: 20, max: 60 }),
      stepMs: fc.integer({ min: 200, max: 1000 }),
      topics: fc.array(fc.record({ partitions: fc.integer({ min: 1, max: 4 }), minIsr: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 2 }),
      groups: fc.array(fc.constantFrom(...CONSUMER_STRATEGIES), { minLength: 1, maxLength: 2 }),
    })
    .chain((base) => {
      const durationMs = base.durationSec * 1000;
      const topicIdx = fc.integer({ min: 0, max: base.topics.length - 1 });
      const consumerArb = fc.record({
        group: fc.integer({ min: 0, max: base.groups.length - 1 }),
        topics: fc.uniqueArray(topicIdx, { minLength: 1, maxLength: base.topics.length }),
        instance: fc.boolean(),
        rate: fc.constantFrom(0, 0, 20, 100, 500),
        autoCommit: fc.boolean(),
        commitIntervalMs: fc.constantFrom(500, 1000, 5000),
        maxPollRecords: fc.constantFrom(5, 50, 500),
        sessionMs: fc.constantFrom(6000, 10_000),
        heartbeatMs: fc.constantFrom(1000, 2000),
        maxPollIntervalMs: fc.constantFrom(5000, 15_000, 30_000),
        reset: lossless ? fc.constant('earliest' as const) : fc.constantFrom('earliest' as const, 'latest' as const, 'latest' as const, 'none' as const),
        late: fc.boolean(),
      });
      return fc.record({
        base: fc.constant(base),
        producers: fc.array(
          fc.record({ topic: topicIdx, ratePerSec: fc.integer({ min: 2, max: 40 }), acks: fc.constantFrom('1' as const, 'all' as const), keyed: fc.boolean() }),
          { minLength: 1, maxLength: 2 },
        ),
        consumers: fc.array(consumerArb, { minLength: 1, maxLength: 5 }),
        durationMs: fc.constant(durationMs),
      });
    })
    .chain(({ base, producers, consumers, durationMs }) => {
      const at = fc.integer({ min: 0, max: durationMs - 1 });
      const lasting = fc.integer({ min: 500, max: 30_000 });
      const consumer = fc.integer({ min: 0, max: consumers.length - 1 });
      const actionArb: fc.Arbitrary<ConsumerAction> = fc.oneof(
        { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('crashConsumer' as const, 'removeConsumer' as const), consumer, atMs: at, forMs: lasting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('crashBroker' as const), broker: fc.integer({ min: 1, max: 3 }), atMs: at, forMs: lasting }) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('slowBroker' as const),
            broker: fc.integer({ min: 1, max: 3 }),
            atMs: at,
            forMs: lasting,
            extraLatencyMs: fc.integer({ min: 20, max: 3000 }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('rate' as const),
            consumer,
            atMs: at,
            rate: lossless ? fc.constantFrom(0, 20, 50) : fc.constantFrom(0, 5, 50),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('crashCoordinator' as const),
            group: fc.integer({ min: 0, max: base.groups.length - 1 }),
            phase: fc.constantFrom('PreparingRebalance' as const, 'CompletingRebalance' as const),
            atMs: at,
            forMs: lasting,
          }),
        },
        ...(lossless
          ? []
          : [
              {
                weight: 2,
                arbitrary: fc.record({
                  kind: fc.constant('retention' as const),
                  topic: fc.integer({ min: 0, max: base.topics.length - 1 }),
                  atMs: at,
                  retentionMs: fc.integer({ min: 1000, max: 10_000 }),
                  segmentMs: fc.integer({ min: 500, max: 3000 }),
                }),
              },
            ]),
      );
      return fc.record({
        base: fc.constant(base),
        producers: fc.constant(producers),
        consumers: fc.constant(consumers),
        durationMs: fc.constant(durationMs),
        actions: fc.array(actionArb, { minLength: 0, maxLength: 6 }),
        lateAt: fc.array(at, { minLength: consumers.length, maxLength: consumers.length }),
      });
    })
    .map(({ base, producers, consumers, durationMs, actions, lateAt }): ConsumerCase => {
      const all: ConsumerAction[] = [...actions];
      consumers.forEach((c, i) => {
        if (c.late) all.push({ kind: 'addConsumer', consumer: i, atMs: lateAt[i]! });
      });
      return {
        seed: base.seed,
        lossless,
        networkLatencyMs: base.networkLatencyMs,
        offsetsPartitions: base.offsetsPartitions,
        initialDelayMs: base.initialDelayMs,
        durationMs,
        stepMs: base.stepMs,
        topics: base.topics,
        producers,
        groups: base.groups,
        consumers: consumers.map((c) => ({ ...c, topics: [...c.topics].sort() })),
        actions: all,
      };
    });
}
