/**
 * Records in flight: the snapshot lists the requests and responses on the wire, each with the time
 * it was sent and the time it arrives (the page draws it at `(t − sent) / (arrive − sent)`), and
 * running per-link counters. Reading them never changes the history.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSimulation, hashEvents, IN_FLIGHT_LIMIT } from '../../src/engine';
import type { Command, InFlightMessage, ScenarioSpec } from '../../src/engine';
import { inFlightMessages } from '../../src/engine/in-flight';

const keyed: ScenarioSpec = {
  cluster: { brokers: 3 },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 20, keys: { kind: 'random', prefix: 'c-', cardinality: 10 } }],
  consumers: [{ id: 'c1', groupId: 'billing', topics: ['orders'], configs: { 'auto.offset.reset': 'earliest' } }],
};

/** Steps one task at a time until `found` matches a message in flight. */
function stepUntil(sim: ReturnType<typeof createSimulation>, found: (m: InFlightMessage) => boolean, maxSteps = 5000): InFlightMessage {
  for (let i = 0; i < maxSteps; i++) {
    const m = sim.snapshot().inFlight.find(found);
    if (m) return m;
    sim.step();
  }
  throw new Error('no such message in flight');
}

describe('records in flight', () => {
  it('a produce request flies from the producer to the leader of its partition for one network latency, then is gone', () => {
    const sim = createSimulation(keyed, { seed: 7 });
    sim.advance(3_000);
    const m = stepUntil(sim, (x) => x.api === 'Produce' && !x.response);
    const snap = sim.snapshot();
    const partition = snap.partitions.find((p) => p.topic === m.topic && p.partition === m.partition)!;
    expect(m).toMatchObject({ flow: 'produce', from: 'producer:p1', to: `broker:${partition.leader}`, groupId: null });
    expect(m.records).toBeGreaterThan(0);
    expect(m.key).toMatch(/^c-\d+$/);
    expect(m.sentMs).toBeLessThanOrEqual(snap.timeMs);
    expect(m.arriveMs - m.sentMs).toBe(snap.networkLatencyMs);
    while (sim.snapshot().timeMs < m.arriveMs) sim.step();
    // Due at arriveMs: after the tasks of that millisecond have run it has landed.
    while (sim.snapshot().inFlight.some((x) => x.id === m.id)) sim.step();
    expect(sim.snapshot().timeMs).toBe(m.arriveMs);
    // Its records reached the leader, then its followers fetch them: responses carry records leader → follower.
    const fetched = stepUntil(
      sim,
      (x) => x.api === 'Fetch' && x.response && x.flow === 'replicate' && x.records > 0 && x.topic === m.topic && x.partition === m.partition,
    );
    expect(fetched.from).toBe(`broker:${partition.leader}`);
    expect(fetched.to).not.toBe(fetched.from);
  });

  it('carries consumer fetches and group traffic between consumers and brokers', () => {
    const sim = createSimulation(keyed, { seed: 7 });
    const join = stepUntil(sim, (x) => x.api === 'JoinGroup' && !x.response);
    expect(join).toMatchObject({ flow: 'group', from: 'consumer:c1', groupId: 'billing', records: 0 });
    expect(join.to).toMatch(/^broker:\d$/);
    const joined = stepUntil(sim, (x) => x.api === 'JoinGroup' && x.response);
    expect(joined).toMatchObject({ from: join.to, to: 'consumer:c1' });
    stepUntil(sim, (x) => x.api === 'SyncGroup');
    const consumed = stepUntil(sim, (x) => x.flow === 'consume' && x.response && x.records > 0);
    expect(consumed).toMatchObject({ api: 'Fetch', to: 'consumer:c1', topic: 'orders', groupId: 'billing' });
  });

  it('counts records per link as they arrive: with no faults every record crosses the produce link once', () => {
    const sim = createSimulation(keyed, { seed: 3 });
    sim.advance(20_000);
    const snap = sim.snapshot();
    const produced = snap.links.filter((l) => l.flow === 'produce').reduce((n, l) => n + l.records, 0);
    const logEnd = snap.partitions.filter((p) => p.topic === 'orders').reduce((n, p) => n + p.logEndOffset, 0);
    expect(produced).toBe(logEnd);
    // Each follower fetched each record once: replication links carry twice the log (RF 3).
    const replicated = snap.links.filter((l) => l.flow === 'replicate').reduce((n, l) => n + l.records, 0);
    expect(replicated).toBe(2 * logEnd);
    expect(snap.links.filter((l) => l.flow === 'group').every((l) => l.records === 0 && l.messages > 0)).toBe(true);
  });

  it('keeps the most useful few hundred in a busy cluster: records first, and says how many there were', () => {
    const busy: ScenarioSpec = {
      cluster: { brokers: 6 },
      topics: [{ name: 't', partitions: 24, replicationFactor: 3 }],
      producers: Array.from({ length: 6 }, (_, i) => ({
        id: `p${i}`,
        topic: 't',
        ratePerSec: 3000,
        keys: { kind: 'random' as const, prefix: 'k', cardinality: 1000 },
        configs: { 'linger.ms': 0 },
      })),
    };
    const sim = createSimulation(busy, { seed: 1 });
    sim.advance(2_000);
    const limit = 20;
    for (let i = 0; i < 50; i++) {
      sim.step();
      const all = inFlightMessages(sim.state, Number.MAX_SAFE_INTEGER).messages;
      const picked = inFlightMessages(sim.state, limit);
      expect(picked.total).toBe(all.length);
      expect(picked.messages).toHaveLength(Math.min(limit, all.length));
      // Records first: as many record-carrying messages as fit, then the rest.
      const carrying = all.filter((m) => m.records > 0).length;
      expect(picked.messages.filter((m) => m.records > 0)).toHaveLength(Math.min(limit, carrying));
      const firstEmpty = picked.messages.findIndex((m) => m.records === 0);
      if (firstEmpty >= 0) expect(picked.messages.slice(firstEmpty).every((m) => m.records === 0)).toBe(true);
    }
    expect(inFlightMessages(sim.state, Number.MAX_SAFE_INTEGER).messages.length).toBeGreaterThan(limit);
    // The snapshot applies the page's limit.
    const snap = sim.snapshot();
    expect(snap.inFlight.length).toBe(Math.min(snap.inFlightTotal, IN_FLIGHT_LIMIT));
  });

  it('property: every message was sent and has not arrived, ids are unique, counters never go back, and reading changes nothing', () => {
    const caseArb = fc.record({
      // Three brokers at least: `__consumer_offsets` needs its replication factor of 3.
      brokers: fc.integer({ min: 3, max: 4 }),
      partitions: fc.integer({ min: 1, max: 4 }),
      rate: fc.integer({ min: 1, max: 300 }),
      acks: fc.constantFrom('0', '1', 'all'),
      consumers: fc.integer({ min: 0, max: 3 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      moves: fc.array(
        fc.record({
          steps: fc.integer({ min: 1, max: 40 }),
          advanceMs: fc.integer({ min: 0, max: 3_000 }),
          fault: fc.constantFrom('none', 'crash', 'restart', 'crashConsumer'),
        }),
        { minLength: 1, maxLength: 12 },
      ),
    });
    fc.assert(
      fc.property(caseArb, (c) => {
        const scenario: ScenarioSpec = {
          cluster: { brokers: c.brokers },
          topics: [{ name: 't', partitions: c.partitions, replicationFactor: Math.min(2, c.brokers) }],
          producers: [{ id: 'p', topic: 't', ratePerSec: c.rate, keys: { kind: 'random', prefix: 'k', cardinality: 50 }, configs: { acks: c.acks } }],
          consumers: Array.from({ length: c.consumers }, (_, i) => ({
            id: `c${i}`,
            groupId: 'g',
            topics: ['t'],
            configs: { 'auto.offset.reset': 'earliest' },
          })),
        };
        const watched = createSimulation(scenario, { seed: c.seed });
        const twin = createSimulation(scenario, { seed: c.seed });
        const counters = new Map<string, number>();
        let previous: InFlightMessage[] = [];
        const drive = (sim: typeof watched, look: boolean) => {
          for (const move of c.moves) {
            const command: Command | null =
              move.fault === 'crash'
                ? { type: 'crashBroker', brokerId: 1 }
                : move.fault === 'restart'
                  ? { type: 'restartBroker', brokerId: 1 }
                  : move.fault === 'crashConsumer' && c.consumers > 0
                    ? { type: 'crashConsumer', consumerId: 'c0' }
                    : null;
            if (command) sim.apply(command);
            sim.advance(move.advanceMs);
            for (let i = 0; i < move.steps; i++) {
              sim.step();
              if (!look) continue;
              const snap = sim.snapshot();
              const ids = new Set<string>();
              for (const m of snap.inFlight) {
                if (!(m.sentMs <= snap.timeMs && snap.timeMs <= m.arriveMs && m.sentMs < m.arriveMs)) return `message ${m.id} not in flight at ${snap.timeMs}`;
                if (ids.has(m.id)) return `duplicate id ${m.id}`;
                ids.add(m.id);
                if (m.records > 0 && m.topic === null) return `records without a partition in ${m.id}`;
              }
              if (snap.inFlight.length > IN_FLIGHT_LIMIT || snap.inFlightTotal < snap.inFlight.length) return 'limit';
              // The link counters and the messages agree: what landed since the last look was counted on its link.
              const landed = new Map<string, number>();
              for (const m of previous) {
                if (ids.has(m.id) || m.arriveMs > snap.timeMs) continue;
                const key = `${m.flow} ${m.from} ${m.to}`;
                landed.set(key, (landed.get(key) ?? 0) + m.records);
              }
              const now = new Map(snap.links.map((l) => [`${l.flow} ${l.from} ${l.to}`, l.records]));
              for (const [key, records] of landed) {
                if (!now.has(key)) return `no counter for ${key}`;
                if (now.get(key)! - (counters.get(key) ?? 0) < records) return `${key} counted fewer records than landed`;
              }
              for (const [key, records] of now) {
                if (records < (counters.get(key) ?? 0)) return `counter went back on ${key}`;
                counters.set(key, records);
              }
              previous = snap.inFlight;
            }
          }
          return null;
        };
        expect(drive(watched, true)).toBeNull();
        drive(twin, false);
        expect(hashEvents(watched.drainEvents())).toBe(hashEvents(twin.drainEvents()));
      }),
      { numRuns: 60 },
    );
  });
});
