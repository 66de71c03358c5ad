/**
 * The built-in lessons, walked headless: every scripted action succeeds (or fails exactly as its
 * step says), and each lesson's teaching claim holds in the engine's events and snapshots. Also the
 * size of each lesson's share URL (with all its scripted actions recorded).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, partitionForKey } from '../../src/engine';
import type { CommandResult, RecordView, SimEvent, Simulation, Snapshot } from '../../src/engine';
import type * as Codec from '../../src/scenario/codec';
import type { RecordedCommand, ScenarioDoc } from '../../src/scenario/doc';
import { findLesson, LESSONS } from '../../src/scenario/lessons';
import type { Lesson } from '../../src/scenario/lessons';
import { COMPACTED_TOPIC, TOMBSTONED_KEY } from '../../src/scenario/lessons/compaction';
import { DURABILITY_BROKERS } from '../../src/scenario/lessons/durability';
import { LESSON_KEYS } from '../../src/scenario/lessons/keys-and-partitions';
import { QUICKSTART_RETENTION_MS } from '../../src/scenario/lessons/quickstart';
import { RECORDS_CLAIMED_TIMESTAMP_MS } from '../../src/scenario/lessons/records';
import { REPLICATION_LEADER, REPLICATION_NEXT_LEADER } from '../../src/scenario/lessons/replication';
import { ofType } from '../helpers/sim';

/** Simulated time between steps when a step does not say (a presenter reading the narration). */
const DEFAULT_STEP_MS = 5_000;

interface StepRun {
  startMs: number;
  results: CommandResult[];
  /** Events from entering this step until the next one. */
  events: SimEvent[];
  /** The cluster when the next step is entered. */
  snapshot: Snapshot;
}

interface Walk {
  sim: Simulation;
  steps: StepRun[];
  events: SimEvent[];
}

/**
 * Walks a lesson as a presenter would: each step's actions in order, then its advanceMs (or 5 s).
 * `readingMs` is extra time spent on each step before pressing Next (a slow presenter).
 */
function walk(lesson: Lesson, readingMs = 0): Walk {
  const sim = createSimulation(lesson.scenario, { seed: lesson.seed });
  const all: SimEvent[] = [];
  const steps: StepRun[] = lesson.steps.map((step, i) => {
    if (i > 0 && readingMs > 0) sim.advance(readingMs);
    const startMs = sim.nowMs;
    const results = (step.actions ?? []).map((a) => sim.apply(a));
    sim.advance(step.advanceMs ?? DEFAULT_STEP_MS);
    const events = sim.drainEvents();
    all.push(...events);
    return { startMs, results, events, snapshot: sim.snapshot() };
  });
  return { sim, steps, events: all };
}

const walks = new Map<string, Walk>();
/** Each lesson is walked once and shared by its tests. */
function walked(id: string): Walk {
  let w = walks.get(id);
  if (!w) {
    w = walk(findLesson(id)!);
    walks.set(id, w);
  }
  return w;
}

/** Index of the step with this title (so a test breaks loudly if a lesson is rewritten). */
function stepIndex(id: string, title: string): number {
  const i = findLesson(id)!.steps.findIndex((s) => s.title === title);
  expect(i, `lesson ${id} has a step "${title}"`).toBeGreaterThanOrEqual(0);
  return i;
}

/** Every record of a partition's leader log, in offset order. */
function allRecords(sim: Simulation, topic: string, partition: number): RecordView[] {
  return sim.readRecords(topic, partition, 0, 100_000);
}

function group(snapshot: Snapshot, groupId: string) {
  const g = snapshot.groups.find((x) => x.groupId === groupId);
  expect(g, `group ${groupId}`).toBeDefined();
  return g!;
}

/** Sentences in a narration: ends of sentences are . ! ? followed by a space or the end. */
const sentences = (text: string): number => text.split(/[.!?](?=\s|$)/).filter((s) => s.trim() !== '').length;

// ---------------------------------------------------------------------------------------------

describe('the lesson catalogue', () => {
  it('has the ten lessons of the issue, in order, with kebab-case ids that URLs can name', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'stream-processing',
      'topic-is-a-log',
      'records',
      'keys-and-partitions',
      'replication',
      'durability',
      'retention',
      'consumer-groups',
      'compaction',
      'quickstart',
    ]);
    for (const l of LESSONS) {
      expect(l.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(findLesson(l.id)).toBe(l);
    }
    expect(findLesson('nope')).toBeUndefined();
    expect(findLesson('__proto__')).toBeUndefined();
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: a title, one question, short narration, valid predictions, try-it suggestions', (_id, lesson) => {
    expect(lesson.title.trim()).not.toBe('');
    expect(lesson.question.trim().endsWith('?')).toBe(true);
    expect(lesson.steps.length).toBeGreaterThanOrEqual(4);
    expect(lesson.tryIt.length).toBeGreaterThanOrEqual(2);
    // The first step is shown on start: nothing to send, no time to skip.
    expect(lesson.steps[0]!.actions ?? []).toEqual([]);
    expect(lesson.steps[0]!.advanceMs).toBeUndefined();
    expect(new Set(lesson.steps.map((s) => s.title)).size).toBe(lesson.steps.length);
    for (const step of lesson.steps) {
      expect(step.title.trim()).not.toBe('');
      expect(step.narration.length, `"${step.title}" narration`).toBeLessThanOrEqual(400);
      expect(sentences(step.narration), `"${step.title}" has 2–4 sentences`).toBeGreaterThanOrEqual(2);
      expect(sentences(step.narration), `"${step.title}" has 2–4 sentences`).toBeLessThanOrEqual(4);
      if (step.advanceMs !== undefined) expect(Number.isInteger(step.advanceMs) && step.advanceMs > 0).toBe(true);
      if (step.expectError) expect(step.actions?.length ?? 0).toBeGreaterThan(0);
      if (step.predict) {
        const { choices, answer, question, reveal } = step.predict;
        expect(choices.length).toBeGreaterThanOrEqual(2);
        expect(new Set(choices).size).toBe(choices.length);
        expect(Number.isInteger(answer) && answer >= 0 && answer < choices.length).toBe(true);
        expect(question.trim()).not.toBe('');
        expect(reveal.length).toBeLessThanOrEqual(400);
      }
    }
    // Predict-then-reveal is used where it teaches best: most lessons have at least one.
    if (lesson.id !== 'quickstart') expect(lesson.steps.some((s) => s.predict)).toBe(true);
  });
});

describe('every scripted action does what its step says', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))('%s', (id, lesson) => {
    const { steps } = walked(id);
    lesson.steps.forEach((step, i) => {
      const results = steps[i]!.results;
      expect(results).toHaveLength(step.actions?.length ?? 0);
      for (const r of results) {
        if (step.expectError) expect(r, `"${step.title}"`).toMatchObject({ ok: false, error: { name: step.expectError } });
        else expect(r, `"${step.title}"`).toEqual({ ok: true });
      }
    });
  });
});

describe('a slow presenter (a minute on every step) sees the same story', () => {
  /** Who leads each partition a lesson kills leaders of, after every step. */
  const leaders = (w: Walk, topic: string) => w.steps.map((s) => s.snapshot.partitions.find((p) => p.topic === topic && p.partition === 0)!.leader);

  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: every action still succeeds (or fails as its step says)', (_id, lesson) => {
    const slow = walk(lesson, 60_000);
    lesson.steps.forEach((step, i) => {
      for (const r of slow.steps[i]!.results) {
        if (step.expectError) expect(r, `"${step.title}"`).toMatchObject({ ok: false, error: { name: step.expectError } });
        else expect(r, `"${step.title}"`).toEqual({ ok: true });
      }
    });
  });

  it.each([
    ['replication', 'orders'],
    ['durability', 'payments'],
  ])('%s: leadership moves exactly as the narration says', (id, topic) => {
    const fast = walked(id);
    const slow = walk(findLesson(id)!, 60_000);
    // After the last step of replication the preferred leader is back in both walks.
    expect(leaders(slow, topic)).toEqual(leaders(fast, topic));
    if (id === 'durability') {
      const lost = (w: Walk, title: string) => w.steps[stepIndex(id, title)]!.snapshot.stats.acknowledgedLost;
      expect(lost(slow, 'Acknowledged, then lost')).toBeGreaterThan(0);
      expect(lost(slow, 'Nothing acknowledged is lost')).toBe(lost(slow, 'Acknowledged, then lost'));
      expect(lost(slow, 'Unclean leader election')).toBeGreaterThan(lost(slow, 'Nothing acknowledged is lost'));
    }
  });

  it('retention: the slow consumer is still overtaken and reset, without leaving its group', () => {
    const slow = walk(findLesson('retention')!, 60_000);
    expect(ofType(slow.events, 'offsetReset').some((e) => e.groupId === 'archiver' && e.reason === 'out of range' && e.skippedByRetention > 0)).toBe(true);
    expect(ofType(slow.events, 'memberLeft')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('each lesson’s teaching claim holds in the engine', () => {
  it('stream-processing: the stream reads within seconds, the batch job only once a minute', () => {
    const id = 'stream-processing';
    const { steps, events } = walked(id);
    // Before the batch job first runs (at 60 s) it has a pile of unread orders; the stream has almost none.
    const beforeRun = steps[stepIndex(id, 'A batch job next to the stream')]!.snapshot;
    expect(beforeRun.timeMs).toBeLessThan(60_000);
    const batchLagBefore = group(beforeRun, 'minute-report').partitions.reduce((n, p) => n + p.highWatermark - (p.committedOffset ?? 0), 0);
    expect(batchLagBefore).toBeGreaterThan(30);
    // Committed lag: at most auto.commit.interval.ms (5 s) of records at 2 records/s.
    expect(group(beforeRun, 'live-dashboard').totalLag).toBeLessThanOrEqual(12);
    expect(batchLagBefore).toBeGreaterThan(3 * group(beforeRun, 'live-dashboard').totalLag);
    // The batch job consumes only while it runs: [60 s, 65 s) of each minute (plus one fetch round trip).
    const batchReads = ofType(events, 'recordsConsumed').filter((e) => e.groupId === 'minute-report');
    expect(batchReads.length).toBeGreaterThan(0);
    for (const e of batchReads) expect(e.timeMs % 60_000, `read at ${e.timeMs}`).toBeLessThan(5_000 + 600);
    expect(batchReads.every((e) => e.timeMs >= 60_000)).toBe(true);
    // The stream reads all the time.
    const streamReads = ofType(events, 'recordsConsumed').filter((e) => e.groupId === 'live-dashboard');
    for (let t = 10_000; t < 80_000; t += 5_000)
      expect(
        streamReads.some((e) => e.timeMs >= t && e.timeMs < t + 5_000),
        `stream read in [${t}, ${t + 5000})`,
      ).toBe(true);
    // After the run the batch job caught up (its lag fell), and both groups read the same offsets.
    const after = steps[stepIndex(id, 'One minute later')]!.snapshot;
    expect(after.timeMs).toBeGreaterThan(60_000);
    const batchRead = new Set(batchReads.flatMap((e) => Array.from({ length: e.endOffset - e.baseOffset }, (_, k) => `${e.partition}:${e.baseOffset + k}`)));
    const streamRead = new Set(streamReads.flatMap((e) => Array.from({ length: e.endOffset - e.baseOffset }, (_, k) => `${e.partition}:${e.baseOffset + k}`)));
    expect(batchRead.size).toBeGreaterThan(batchLagBefore);
    for (const r of batchRead) expect(streamRead.has(r)).toBe(true);
    expect(after.partitions.every((p) => p.logStartOffset === 0)).toBe(true);
  });

  it('topic-is-a-log: reading deletes nothing; a new group with earliest reads from offset 0; latest starts at the end', () => {
    const id = 'topic-is-a-log';
    const { steps, events } = walked(id);
    const before = steps[stepIndex(id, 'A second group arrives')]!.snapshot;
    const analytics = group(before, 'analytics');
    expect(analytics.partitions.every((p) => (p.committedOffset ?? 0) > 0)).toBe(true);
    const auditStep = stepIndex(id, 'Two groups, two positions');
    const auditReads = ofType(steps[auditStep]!.events, 'recordsConsumed').filter((e) => e.groupId === 'audit');
    for (const partition of [0, 1]) {
      const first = auditReads.filter((e) => e.partition === partition).sort((a, b) => a.timeMs - b.timeMs)[0];
      expect(first, `audit read partition ${partition}`).toBeDefined();
      expect(first!.baseOffset).toBe(0);
    }
    const auditResets = ofType(events, 'offsetReset').filter((e) => e.groupId === 'audit');
    expect(auditResets.length).toBeGreaterThan(0);
    expect(auditResets.every((e) => e.to === 0 && e.policy === 'earliest')).toBe(true);
    const alerts = ofType(events, 'offsetReset').filter((e) => e.groupId === 'alerts');
    expect(alerts.length).toBe(2);
    for (const e of alerts) {
      expect(e).toMatchObject({ policy: 'latest', reason: 'no committed offset', from: null });
      expect(e.to).toBeGreaterThan(0);
    }
    const end = steps.at(-1)!.snapshot;
    expect(end.partitions.every((p) => p.logStartOffset === 0)).toBe(true);
    expect(ofType(events, 'segmentDeleted')).toEqual([]);
  });

  it('records: key, value and headers are kept; CreateTime keeps the producer’s time, LogAppendTime stamps the broker’s', () => {
    const { sim, events } = walked('records');
    const [first, second] = allRecords(sim, 'payments', 0);
    expect(first).toMatchObject({ offset: 0, key: 'alice', value: '{"amount":12.50,"currency":"EUR"}', timestampType: 'CreateTime' });
    expect(first!.headers).toEqual([
      ['trace-id', 'a1b2c3'],
      ['content-type', 'application/json'],
    ]);
    expect(second).toMatchObject({ offset: 1, key: 'bob', timestampType: 'CreateTime', timestampMs: RECORDS_CLAIMED_TIMESTAMP_MS });
    const [audit] = allRecords(sim, 'audit-log', 0);
    const appended = ofType(events, 'recordsAppended').find((e) => e.topic === 'audit-log')!;
    expect(audit).toMatchObject({ offset: 0, key: 'alice', timestampType: 'LogAppendTime', timestampMs: appended.timeMs });
    expect(appended.timeMs).toBeGreaterThan(RECORDS_CLAIMED_TIMESTAMP_MS + 5_000);
  });

  it('keys-and-partitions: a key always lands in murmur2(key) % n; a hot key loads one partition; no key is sticky; adding partitions moves keys', () => {
    const id = 'keys-and-partitions';
    const { sim, steps, events } = walked(id);
    const addedAt = ofType(events, 'partitionsAdded')[0]!;
    expect(addedAt).toMatchObject({ from: 3, to: 4 });
    const refreshedBy = addedAt.timeMs + 5_000 + 100; // metadata.max.age.ms, scaled down to 5 s
    const byKey = new Map<string, Set<number>>();
    const unkeyed: { partition: number; order: number }[] = [];
    for (let p = 0; p < 4; p++) {
      for (const r of allRecords(sim, 'orders', p)) {
        if (r.key === null) {
          expect(r.producerId).toBe('clickstream');
          unkeyed.push({ partition: p, order: JSON.parse(r.value!).order_id as number });
          continue;
        }
        if (r.timestampMs < addedAt.timeMs) expect(p, `${r.key} before adding`).toBe(partitionForKey(r.key, 3));
        else if (r.timestampMs > refreshedBy) expect(p, `${r.key} after adding`).toBe(partitionForKey(r.key, 4));
        else expect([partitionForKey(r.key, 3), partitionForKey(r.key, 4)]).toContain(p);
        if (!byKey.has(r.key)) byKey.set(r.key, new Set());
        byKey.get(r.key)!.add(p);
      }
    }
    // Adding partitions moved alice (and keys written both before and after sit in two partitions).
    expect(partitionForKey('alice', 3)).not.toBe(partitionForKey('alice', 4));
    expect([...byKey.get('alice')!].sort()).toEqual([partitionForKey('alice', 3), partitionForKey('alice', 4)].sort());
    expect(LESSON_KEYS.some((k) => partitionForKey(k, 3) === partitionForKey(k, 4))).toBe(true);
    // The hot key: 80% of checkout's records went to alice's partition while it was hot.
    const hot = stepIndex(id, 'A hot key');
    const appended = ofType(steps[hot]!.events, 'recordsAppended').filter((e) => e.producerId === 'checkout');
    const total = appended.reduce((n, e) => n + e.records, 0);
    const inAlices = appended.filter((e) => e.partition === partitionForKey('alice', 3)).reduce((n, e) => n + e.records, 0);
    expect(inAlices / total).toBeGreaterThan(0.7);
    // No key: runs of consecutive records stay in one partition, and more than one partition is used.
    unkeyed.sort((a, b) => a.order - b.order);
    expect(unkeyed.length).toBeGreaterThan(60);
    let runs = 1;
    for (let i = 1; i < unkeyed.length; i++) if (unkeyed[i]!.partition !== unkeyed[i - 1]!.partition) runs++;
    expect(runs).toBeGreaterThan(1);
    expect(runs).toBeLessThan(unkeyed.length / 4);
    // The bob question is answered by the formula.
    const bobStep = findLesson(id)!.steps[stepIndex(id, 'Where will bob go?')]!;
    expect(bobStep.predict!.answer).toBe(partitionForKey('bob', 3));
    expect(steps.at(-1)!.snapshot.topics.find((t) => t.name === 'orders')!.partitions).toBe(4);
  });

  it('replication: killing the leader elects the next in-sync replica in assignment order, and the broker rejoins', () => {
    const id = 'replication';
    const { steps, events } = walked(id);
    const start = steps[0]!.snapshot.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!;
    expect(start.replicas).toEqual([REPLICATION_LEADER, REPLICATION_NEXT_LEADER, 3]);
    expect(start.leader).toBe(REPLICATION_LEADER);
    const killedAt = steps[stepIndex(id, 'Kill the leader')]!.startMs;
    const elected = ofType(events, 'leaderElected').filter((e) => e.topic === 'orders' && e.partition === 0 && e.timeMs >= killedAt);
    expect(elected[0]).toMatchObject({
      previousLeader: REPLICATION_LEADER,
      leader: REPLICATION_NEXT_LEADER,
      reason: 'leader fenced',
      leaderEpoch: start.leaderEpoch + 1,
    });
    const afterElection = steps[stepIndex(id, 'The election')]!.snapshot.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!;
    expect(afterElection.leader).toBe(REPLICATION_NEXT_LEADER);
    expect(afterElection.isr).not.toContain(REPLICATION_LEADER);
    expect(ofType(events, 'isrExpanded').some((e) => e.topic === 'orders' && e.added.includes(REPLICATION_LEADER))).toBe(true);
    // The preferred replica leads again by the end, and nothing acknowledged was lost (acks=all).
    expect(elected.at(-1)).toMatchObject({ leader: REPLICATION_LEADER, reason: 'preferred' });
    const end = steps.at(-1)!.snapshot;
    expect(end.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!.leader).toBe(REPLICATION_LEADER);
    expect(end.stats.acknowledgedLost).toBe(0);
  });

  it('durability: acks=1 loses acknowledged records; acks=all does not and refuses writes below min.insync.replicas; unclean election loses data', () => {
    const id = 'durability';
    const { first, second, third } = DURABILITY_BROKERS;
    const { steps, events } = walked(id);
    const p0 = (s: Snapshot) => s.partitions.find((p) => p.topic === 'payments')!;
    expect(p0(steps[0]!.snapshot)).toMatchObject({ replicas: [first, second, third], leader: first });
    expect(steps[0]!.snapshot.controller).toMatchObject({ activeId: 1, voters: [1] });

    const acks1 = steps[stepIndex(id, 'Acknowledged, then lost')]!;
    expect(p0(acks1.snapshot).leader).toBe(second);
    const lostWithAcks1 = acks1.snapshot.stats.acknowledgedLost;
    expect(lostWithAcks1).toBeGreaterThan(0);
    expect(ofType(acks1.events, 'acknowledgedRecordsLost')).toHaveLength(1);
    expect(ofType(steps[stepIndex(id, 'The old leader truncates')]!.events, 'logTruncated')).toEqual([
      expect.objectContaining({ brokerId: first, reason: 'diverging epoch' }),
    ]);

    const acksAll = steps[stepIndex(id, 'Nothing acknowledged is lost')]!;
    expect(ofType(acksAll.events, 'leaderElected')[0]).toMatchObject({ previousLeader: second, leader: first });
    expect(ofType(acksAll.events, 'recordsAcknowledged').some((e) => e.acks === 'all')).toBe(true);
    expect(acksAll.snapshot.stats.acknowledgedLost).toBe(lostWithAcks1);
    expect(ofType(acksAll.events, 'acknowledgedRecordsLost')).toEqual([]);

    const refused = steps[stepIndex(id, 'Writes refused')]!;
    const nerr = ofType(refused.events, 'producerError').filter((e) => e.error.name === 'NotEnoughReplicasException');
    expect(nerr.length).toBeGreaterThan(0);
    expect(p0(refused.snapshot)).toMatchObject({ isr: [first], underMinIsr: true });
    expect(refused.snapshot.stats.acknowledgedLost).toBe(lostWithAcks1);

    const offline = steps[stepIndex(id, 'The last in-sync replica dies')]!;
    expect(ofType(offline.events, 'partitionOffline')).toHaveLength(1);
    expect(p0(offline.snapshot)).toMatchObject({ offline: true, leader: -1 });

    const unclean = steps[stepIndex(id, 'Unclean leader election')]!;
    expect(ofType(unclean.events, 'leaderElected')[0]).toMatchObject({ leader: second, reason: 'unclean' });
    expect(unclean.snapshot.stats.uncleanElections).toBe(1);
    expect(unclean.snapshot.stats.acknowledgedLost).toBeGreaterThan(lostWithAcks1);
    expect(ofType(events, 'acknowledgedRecordsLost')).toHaveLength(2);
  });

  it('retention: segments are deleted, the log start offset moves, and the slow consumer is reset past records it never read', () => {
    const id = 'retention';
    const { steps, events } = walked(id);
    const moved = steps[stepIndex(id, 'The log start offset moves')]!.snapshot;
    for (const p of moved.partitions.filter((x) => x.topic === 'sensor-readings')) expect(p.logStartOffset).toBeGreaterThan(0);
    const deleted = ofType(events, 'segmentDeleted').filter((e) => e.timeMs < 120_000);
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.every((e) => e.reason === 'retention.ms')).toBe(true);
    const overtaken = steps[stepIndex(id, 'Overtaken by retention')]!;
    const resets = ofType(events, 'offsetReset').filter((e) => e.groupId === 'archiver' && e.reason === 'out of range');
    expect(resets.length).toBeGreaterThan(0);
    expect(resets.every((e) => e.policy === 'earliest' && e.timeMs <= overtaken.snapshot.timeMs)).toBe(true);
    expect(resets.reduce((n, e) => n + e.skippedByRetention, 0)).toBeGreaterThan(0);
    expect(group(overtaken.snapshot, 'archiver').stats.skippedByRetention).toBeGreaterThan(0);
    // The fast group is never overtaken.
    expect(ofType(events, 'offsetReset').filter((e) => e.groupId === 'dashboard' && e.reason === 'out of range')).toEqual([]);
    // Size retention deletes whole segments by retention.bytes.
    const bySize = ofType(steps[stepIndex(id, 'Size retention')]!.events, 'segmentDeleted').filter((e) => e.reason === 'retention.bytes');
    expect(bySize.length).toBeGreaterThan(0);
  });

  it('consumer-groups: rebalances raise the generation, a fifth member idles, a crash is noticed after session.timeout.ms, cooperative revokes less', () => {
    const id = 'consumer-groups';
    const { steps, events } = walked(id);
    const gen = (i: number) => group(steps[i]!.snapshot, 'billing').generation;
    const joined = stepIndex(id, 'A member joins');
    expect(gen(joined)).toBeGreaterThan(gen(0));
    expect(group(steps[joined]!.snapshot, 'billing').members).toHaveLength(3);
    // Eager: on the join, every existing member gave up everything it had.
    const eager = ofType(steps[joined]!.events, 'partitionsRevoked').filter((e) => e.groupId === 'billing');
    expect(eager.length).toBeGreaterThanOrEqual(2);
    expect(eager.every((e) => e.protocol === 'eager' && e.partitions.length === 2)).toBe(true);

    const idleStep = stepIndex(id, 'An idle member');
    const idle = steps[idleStep]!.snapshot.consumers.filter((c) => c.groupId === 'billing' && c.idle);
    expect(idle).toHaveLength(1);
    expect(group(steps[idleStep]!.snapshot, 'billing').members).toHaveLength(5);
    expect(gen(idleStep)).toBeGreaterThan(gen(joined));

    const crash = steps[stepIndex(id, 'A member crashes')]!;
    const left = ofType(crash.events, 'memberLeft').find((e) => e.consumerId === 'billing-1')!;
    expect(left).toBeDefined();
    expect(left.timeMs - crash.startMs).toBeGreaterThan(10_000 - 3_000 - 100); // session.timeout.ms after the last heartbeat
    const after = group(crash.snapshot, 'billing');
    expect(after.members.map((m) => m.consumerId)).not.toContain('billing-1');
    expect(after.members.every((m) => m.consumerId !== 'billing-1')).toBe(true);
    expect(new Set(after.members.flatMap((m) => m.assignment)).size).toBe(4);

    const coop = steps[stepIndex(id, 'Cooperative rebalancing')]!;
    const revoked = ofType(coop.events, 'partitionsRevoked').filter((e) => e.groupId === 'shipping');
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.every((e) => e.protocol === 'cooperative')).toBe(true);
    expect(revoked.reduce((n, e) => n + e.partitions.length, 0)).toBeLessThan(4);
    expect(group(coop.snapshot, 'shipping').members.find((m) => m.consumerId === 'shipping-3')!.assignment.length).toBeGreaterThan(0);

    const lag = steps[stepIndex(id, 'Lag')]!.snapshot;
    const shipping = group(lag, 'shipping');
    const slowParts = shipping.members.find((m) => m.consumerId === 'shipping-1')!.assignment;
    const slowLag = shipping.partitions.filter((p) => slowParts.includes(`${p.topic}-${p.partition}`)).reduce((n, p) => n + (p.lag ?? 0), 0);
    expect(slowLag).toBeGreaterThan(5);
    expect(ofType(events, 'groupRebalanced').filter((e) => e.groupId === 'billing').length).toBeGreaterThanOrEqual(4);
  });

  it('compaction: the cleaned part keeps one record per key at its original offset; a tombstone removes a key and later vanishes itself', () => {
    const id = 'compaction';
    const { sim, steps, events } = walked(id);
    const cleaned = ofType(steps[stepIndex(id, 'The cleaner runs')]!.events, 'logCleaned');
    expect(cleaned.length).toBeGreaterThan(0);
    expect(cleaned.some((e) => e.recordsRemoved > 0)).toBe(true);

    const tombstoneStep = steps[stepIndex(id, 'A tombstone')]!;
    const tombstoneAppended = ofType(tombstoneStep.events, 'recordsAppended').find((e) => e.producerId === 'privacy-tool')!;
    expect(tombstoneAppended).toBeDefined();

    const end = steps.at(-1)!;
    const leader = end.snapshot.partitions.find((p) => p.topic === COMPACTED_TOPIC)!.leader;
    const lastClean = ofType(events, 'logCleaned')
      .filter((e) => e.brokerId === leader)
      .at(-1)!;
    const recs = allRecords(sim, COMPACTED_TOPIC, 0);
    const cleanPart = recs.filter((r) => r.offset < lastClean.cleanedUpTo);
    expect(cleanPart.length).toBeGreaterThan(0);
    expect(new Set(cleanPart.map((r) => r.key)).size).toBe(cleanPart.length); // one record per key
    // Offsets were kept: the log still starts at 0 but its first record is far above it, and there are gaps.
    expect(end.snapshot.partitions.find((p) => p.topic === COMPACTED_TOPIC)!.logStartOffset).toBe(0);
    for (let i = 1; i < recs.length; i++) expect(recs[i]!.offset).toBeGreaterThan(recs[i - 1]!.offset);
    expect(cleanPart[0]!.offset).toBeGreaterThan(100);
    const view = end.snapshot.partitions.find((p) => p.topic === COMPACTED_TOPIC)!;
    expect(recs.length).toBeLessThan((view.logEndOffset - view.logStartOffset) / 10);
    // dave is gone entirely, tombstone included, after delete.retention.ms.
    expect(recs.some((r) => r.key === TOMBSTONED_KEY)).toBe(false);
    expect(lastClean.cleanedUpTo).toBeGreaterThan(tombstoneAppended.baseOffset);
    expect(ofType(events, 'logCleaned').some((e) => e.tombstonesRemoved > 0)).toBe(true);
    // In between, the tombstone was there (so late readers learn of the delete).
    const tombstoneRemovedAt = ofType(events, 'logCleaned').find((e) => e.brokerId === leader && e.tombstonesRemoved > 0)!.timeMs;
    expect(tombstoneRemovedAt - tombstoneAppended.timeMs).toBeGreaterThanOrEqual(60_000);
  });

  it('quickstart: 2 partitions, retention.ms 86400000, JSON orders flowing, read back by a group', () => {
    const { sim, steps } = walked('quickstart');
    const end = steps.at(-1)!.snapshot;
    const topic = end.topics.find((t) => t.name === 'orders')!;
    expect(topic.partitions).toBe(2);
    expect(topic.replicationFactor).toBe(3);
    expect(topic.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: QUICKSTART_RETENTION_MS, source: 'topic' });
    for (const partition of [0, 1]) {
      const recs = allRecords(sim, 'orders', partition);
      expect(recs.length).toBeGreaterThan(5);
      for (const r of recs) {
        const order = JSON.parse(r.value!) as Record<string, unknown>;
        expect(Object.keys(order)).toEqual(['order_id', 'customer', 'item', 'quantity', 'total']);
        expect(r.key).toMatch(/^customer-\d+$/);
      }
    }
    const app = group(end, 'quickstart-app');
    expect(app.stats.processed).toBeGreaterThan(10);
    expect(app.partitions.every((p) => (p.committedOffset ?? 0) > 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

/** A lesson as a share link would carry it at its last step: every scripted action recorded. */
function lessonDoc(lesson: Lesson): ScenarioDoc {
  const commands: RecordedCommand[] = [];
  let atMs = 0;
  for (const step of lesson.steps) {
    for (const command of step.actions ?? []) commands.push({ atMs, afterTask: Number.MAX_SAFE_INTEGER, command });
    atMs += step.advanceMs ?? DEFAULT_STEP_MS;
  }
  return { v: 2, seed: lesson.seed, scenario: lesson.scenario, commands, playheadMs: atMs, lesson: { id: lesson.id, step: lesson.steps.length - 1 } };
}

/** A plausible GitHub Pages address for the app. */
const BASE_HREF = 'https://streamscope.github.io/streamscope/';

describe('share URLs of the lessons', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: with all its scripted actions, the share URL stays under 2,000 characters and decodes',
    async (id, lesson) => {
      // Another part of the app owns the codec: measure only once it exists.
      const codec: Partial<typeof Codec> | null = await import('../../src/scenario/codec').catch(() => null);
      if (!codec || typeof codec.encodeDoc !== 'function') {
        console.warn(`lesson ${id}: src/scenario/codec.ts exports no encodeDoc yet; share URL length not measured`);
        return;
      }
      const doc = lessonDoc(lesson);
      const url = typeof codec.shareUrl === 'function' ? codec.shareUrl(doc, BASE_HREF) : `${BASE_HREF}#share=${codec.encodeDoc(doc)}`;
      console.log(`lesson ${id}: share URL ${url.length} chars`);
      expect(url.length).toBeLessThan(2000);
      if (typeof codec.decodeDoc === 'function') {
        const back = codec.decodeDoc(codec.encodeDoc(doc));
        expect(back.ok ? null : back.error).toBeNull();
        if (back.ok) expect(back.doc.commands).toHaveLength(doc.commands.length);
      }
      if (typeof codec.parseLocationHash === 'function') expect(codec.parseLocationHash(`#lesson=${id}`)).toEqual({ kind: 'lesson', id, step: 0 });
    },
  );
});
