import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignPartitions,
  cooperativeAdjust,
  needsFollowUpRebalance,
  type AssignorMember,
  type AssignorName,
  type TopicPartition,
} from '../../../src/engine/kafka/assignors';

// Fidelity vectors come from apache/kafka, clients/src/test/java/org/apache/kafka/clients/consumer/:
// RangeAssignorTest.java, RoundRobinAssignorTest.java, StickyAssignorTest.java,
// CooperativeStickyAssignorTest.java and internals/AbstractStickyAssignorTest.java.

type Assignment = Record<string, TopicPartition[]>;
type PartitionsPerTopic = Record<string, number>;

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
/** Kafka's `TopicPartition.toString`: "topic-3". */
const name = (p: TopicPartition): string => `${p.topic}-${p.partition}`;
/** Parses "topic-3" (split at the last dash, as AbstractPartitionAssignorTest.ownedPartitions does). */
const parse = (s: string): TopicPartition => tp(s.slice(0, s.lastIndexOf('-')), Number(s.slice(s.lastIndexOf('-') + 1)));
const tps = (...names: string[]): TopicPartition[] => names.map(parse);
/** A member's partitions as a sorted set of names (Kafka compares assignments as sets). */
const setOf = (list: TopicPartition[] | undefined): string[] => (list ?? []).map(name).sort();
/** AbstractPartitionAssignorTest.toSortedString. */
const sortedString = (list: TopicPartition[] | undefined): string => setOf(list).join(', ');

function member(id: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember {
  return { id, topics, ...extra };
}

function partitionsOf(ppt: PartitionsPerTopic, topic: string): number {
  const n = Object.prototype.hasOwnProperty.call(ppt, topic) ? ppt[topic] : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

function compareTp(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

// -------------------------------------------------------------------------------------------------
// Checks shared by the sticky tests (independent of the implementation)

/** Keys, sort order, subscription, existence, no partition twice, and (optionally) nothing left out. */
function validityProblems(members: AssignorMember[], a: Assignment, ppt: PartitionsPerTopic, complete = true): string[] {
  const problems: string[] = [];
  const ids = members.map((m) => m.id).sort();
  if (JSON.stringify(Object.keys(a).sort()) !== JSON.stringify(ids)) problems.push(`keys ${Object.keys(a).join()} != ${ids.join()}`);
  const holder = new Map<string, string>();
  for (const m of members) {
    const list = a[m.id] ?? [];
    for (let i = 1; i < list.length; i++) {
      if (compareTp(list[i - 1]!, list[i]!) >= 0) problems.push(`${m.id}'s list is not sorted: ${list.map(name).join()}`);
    }
    for (const p of list) {
      if (!m.topics.includes(p.topic)) problems.push(`${name(p)} given to ${m.id}, which does not subscribe to ${p.topic}`);
      if (!(p.partition >= 0 && p.partition < partitionsOf(ppt, p.topic))) problems.push(`${name(p)} does not exist`);
      const other = holder.get(name(p));
      if (other !== undefined) problems.push(`${name(p)} given to both ${other} and ${m.id}`);
      holder.set(name(p), m.id);
    }
  }
  if (complete) {
    for (const topic of new Set(members.flatMap((m) => m.topics))) {
      for (let p = 0; p < partitionsOf(ppt, topic); p++) {
        if (!holder.has(`${topic}-${p}`)) problems.push(`${topic}-${p} was not assigned`);
      }
    }
  }
  return problems;
}

/**
 * Balance as AbstractStickyAssignor.isBalanced defines it: no partition could move to another member
 * that subscribes to its topic and has 2+ fewer partitions.
 */
function balanceProblems(members: AssignorMember[], a: Assignment, ppt: PartitionsPerTopic): string[] {
  const problems: string[] = [];
  const holder = new Map<string, string>();
  for (const m of members) for (const p of a[m.id] ?? []) holder.set(name(p), m.id);
  for (const c of members) {
    const count = (a[c.id] ?? []).length;
    for (const topic of new Set(c.topics)) {
      for (let p = 0; p < partitionsOf(ppt, topic); p++) {
        const other = holder.get(`${topic}-${p}`);
        if (other === undefined || other === c.id) continue;
        const otherCount = (a[other] ?? []).length;
        if (count + 1 < otherCount) problems.push(`${topic}-${p} could move from ${other} (${otherCount}) to ${c.id} (${count})`);
      }
    }
  }
  return problems;
}

/** AbstractStickyAssignorTest.verifyValidityAndBalance's pairwise rule: members 2+ apart share no assigned topic. */
function kafkaPairwiseProblems(a: Assignment): string[] {
  const problems: string[] = [];
  const ids = Object.keys(a).sort();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const x = a[ids[i]!]!;
      const y = a[ids[j]!]!;
      if (Math.abs(x.length - y.length) <= 1) continue;
      const yTopics = new Set(y.map((p) => p.topic));
      for (const topic of new Set(x.map((p) => p.topic))) {
        if (yTopics.has(topic)) problems.push(`${ids[i]} and ${ids[j]} differ by 2+ yet both hold ${topic}`);
      }
    }
  }
  return problems;
}

function expectValidAndBalanced(members: AssignorMember[], a: Assignment, ppt: PartitionsPerTopic): void {
  expect([...validityProblems(members, a, ppt), ...balanceProblems(members, a, ppt), ...kafkaPairwiseProblems(a)]).toEqual([]);
}

/** AbstractStickyAssignorTest.isFullyBalanced. */
function isFullyBalanced(a: Assignment): boolean {
  const sizes = Object.values(a).map((l) => l.length);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
}

/**
 * Who validly owned each partition: among members claiming it (topic with metadata that someone
 * subscribes to), the claim of the highest generation, unless two claims share it; and only if that
 * member still subscribes to the topic.
 */
function resolvedOwners(members: AssignorMember[], ppt: PartitionsPerTopic): Map<string, string> {
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const best = new Map<string, { id: string; generation: number; tie: boolean }>();
  for (const m of members) {
    const generation = m.generation ?? -1;
    for (const key of new Set((m.owned ?? []).map(name))) {
      const p = parse(key);
      if (!subscribed.has(p.topic) || p.partition >= partitionsOf(ppt, p.topic)) continue;
      const current = best.get(key);
      if (current === undefined || generation > current.generation) best.set(key, { id: m.id, generation, tie: false });
      else if (generation === current.generation) current.tie = true;
    }
  }
  const owners = new Map<string, string>();
  for (const [key, claim] of best) {
    const owner = members.find((m) => m.id === claim.id);
    if (!claim.tie && owner !== undefined && owner.topics.includes(parse(key).topic)) owners.set(key, claim.id);
  }
  return owners;
}

function holders(a: Assignment): Map<string, string> {
  const map = new Map<string, string>();
  for (const [id, list] of Object.entries(a)) for (const p of list) map.set(name(p), id);
  return map;
}

/** Partitions that left their previous owner. */
function movedCount(owners: Map<string, string>, a: Assignment): number {
  const held = holders(a);
  return [...owners].filter(([key, owner]) => held.get(key) !== owner).length;
}

/** A member that gives up an owned partition of a topic while taking a partition of the same topic it did not own. */
function sameTopicSwapProblems(owners: Map<string, string>, a: Assignment): string[] {
  const held = holders(a);
  const problems: string[] = [];
  for (const [id, list] of Object.entries(a)) {
    for (const topic of new Set(list.map((p) => p.topic))) {
      const lost = [...owners].filter(([key, owner]) => owner === id && parse(key).topic === topic && held.get(key) !== id);
      const gained = list.filter((p) => p.topic === topic && owners.get(name(p)) !== id);
      if (lost.length > 0 && gained.length > 0) {
        problems.push(`${id} gave up ${lost.map(([k]) => k).join()} but took ${gained.map(name).join()}`);
      }
    }
  }
  return problems;
}

/** A member that gives up an owned partition while taking one it did not own. */
function loseAndGainProblems(owners: Map<string, string>, a: Assignment): string[] {
  const held = holders(a);
  const problems: string[] = [];
  for (const [id, list] of Object.entries(a)) {
    const lost = [...owners].filter(([key, owner]) => owner === id && held.get(key) !== id);
    const gained = list.filter((p) => owners.get(name(p)) !== id);
    if (lost.length > 0 && gained.length > 0) problems.push(`${id} gave up ${lost.map(([k]) => k).join()} and took ${gained.map(name).join()}`);
  }
  return problems;
}

/**
 * With equal subscriptions a balanced assignment gives each member floor(P/n) or ceil(P/n) partitions,
 * ceil to exactly P % n of them. The fewest owned partitions that must move: each member's excess
 * over floor(P/n), less one for each of up to P % n members that can stay at ceil(P/n).
 */
function minMovesWithEqualSubscriptions(memberIds: string[], owners: Map<string, string>, totalPartitions: number): number {
  const n = memberIds.length;
  const minQuota = Math.floor(totalPartitions / n);
  const withExtra = totalPartitions % n;
  const owned = memberIds.map((id) => [...owners.values()].filter((o) => o === id).length);
  const excess = owned.reduce((sum, o) => sum + Math.max(0, o - minQuota), 0);
  return withExtra === 0 ? excess : excess - Math.min(withExtra, owned.filter((o) => o >= minQuota + 1).length);
}

/** Owned partitions a member no longer has (ConsumerCoordinator revokes them). */
function revokedPartitions(members: AssignorMember[], a: Assignment): string[] {
  return members.flatMap((m) => {
    const mine = new Set((a[m.id] ?? []).map(name));
    return (m.owned ?? []).map(name).filter((k) => !mine.has(k));
  });
}

/**
 * The cooperative protocol: no partition is handed to a member while another member that owns it is
 * revoking it in the same rebalance, unless the receiver is the owner of the higher generation.
 * (Strengthens CooperativeStickyAssignorTest.verifyCooperativeValidity.)
 */
function cooperativeProblems(members: AssignorMember[], a: Assignment): string[] {
  const problems: string[] = [];
  for (const receiver of members) {
    for (const p of a[receiver.id] ?? []) {
      const mine = (receiver.owned ?? []).some((o) => name(o) === name(p));
      for (const other of members) {
        if (other.id === receiver.id || !(other.owned ?? []).some((o) => name(o) === name(p))) continue;
        if ((a[other.id] ?? []).some((o) => name(o) === name(p))) continue;
        if (mine && (receiver.generation ?? -1) > (other.generation ?? -1)) continue;
        problems.push(`${name(p)} given to ${receiver.id} while ${other.id} still owns it`);
      }
    }
  }
  return problems;
}

interface Round {
  first: Assignment;
  final: Assignment;
  followUps: number;
}

/**
 * One rebalance; for cooperative-sticky also the follow-up rebalances ConsumerCoordinator triggers
 * while members revoke partitions (CooperativeStickyAssignorTest.verifyValidityAndBalance allows 4).
 */
function rebalance(strategy: AssignorName, members: AssignorMember[], ppt: PartitionsPerTopic): Round {
  const first = assignPartitions(strategy, members, ppt);
  let current = first;
  let currentMembers = members;
  let followUps = 0;
  if (strategy === 'cooperative-sticky') {
    while (revokedPartitions(currentMembers, current).length > 0) {
      expect(cooperativeProblems(currentMembers, current)).toEqual([]);
      const generation = Math.max(0, ...currentMembers.map((m) => m.generation ?? -1)) + 1;
      const owned = current;
      currentMembers = currentMembers.map((m) => ({ ...m, owned: owned[m.id] ?? [], generation }));
      current = assignPartitions(strategy, currentMembers, ppt);
      followUps++;
      expect(followUps).toBeLessThanOrEqual(4);
    }
  }
  return { first, final: current, followUps };
}

/** Members rejoining with what they were given, as the next generation. */
function rejoin(members: AssignorMember[], a: Assignment, generation: number): AssignorMember[] {
  return members.map((m) => ({ ...m, owned: a[m.id] ?? [], generation }));
}

/** A seeded generator standing in for the java.util.Random of Kafka's randomised tests: n => [0, n). */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** AbstractStickyAssignorTest.getRandomSublist, sorted as Utils.sorted does. */
function randomSublist(list: string[], rnd: (n: number) => number): string[] {
  const selected = [...list];
  for (let i = 0, remove = rnd(list.length); i < remove; i++) selected.splice(rnd(selected.length), 1);
  return selected.sort();
}

// =================================================================================================
// RangeAssignor

describe('RangeAssignor: ported from RangeAssignorTest.java (rack-unaware cases)', () => {
  const topic1 = 'topic1';
  const topic2 = 'topic2';
  const [consumer1, consumer2, consumer3] = ['consumer1', 'consumer2', 'consumer3'];
  const [instance1, instance2, instance3] = ['instance1', 'instance2', 'instance3'];
  const range = (members: AssignorMember[], ppt: PartitionsPerTopic): Assignment => assignPartitions('range', members, ppt);

  it('testOneConsumerNoTopic', () => {
    expect(range([member(consumer1, [])], {})).toEqual({ [consumer1]: [] });
  });

  it('testOneConsumerNonexistentTopic', () => {
    expect(range([member(consumer1, [topic1])], {})).toEqual({ [consumer1]: [] });
  });

  it('testOneConsumerOneTopic', () => {
    const a = range([member(consumer1, [topic1])], { [topic1]: 3 });
    expect(Object.keys(a)).toEqual([consumer1]);
    expect(setOf(a[consumer1])).toEqual(setOf(tps('topic1-0', 'topic1-1', 'topic1-2')));
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const a = range([member(consumer1, [topic1])], { [topic1]: 3, other: 3 });
    expect(Object.keys(a)).toEqual([consumer1]);
    expect(setOf(a[consumer1])).toEqual(setOf(tps('topic1-0', 'topic1-1', 'topic1-2')));
  });

  it('testOneConsumerMultipleTopics', () => {
    const a = range([member(consumer1, [topic1, topic2])], { [topic1]: 1, [topic2]: 2 });
    expect(setOf(a[consumer1])).toEqual(setOf(tps('topic1-0', 'topic2-0', 'topic2-1')));
  });

  it('testTwoConsumersOneTopicOnePartition', () => {
    const a = range([member(consumer1, [topic1]), member(consumer2, [topic1])], { [topic1]: 1 });
    expect(setOf(a[consumer1])).toEqual(['topic1-0']);
    expect(setOf(a[consumer2])).toEqual([]);
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const a = range([member(consumer1, [topic1]), member(consumer2, [topic1])], { [topic1]: 2 });
    expect(setOf(a[consumer1])).toEqual(['topic1-0']);
    expect(setOf(a[consumer2])).toEqual(['topic1-1']);
  });

  it('testMultipleConsumersMixedTopics', () => {
    const a = range([member(consumer1, [topic1]), member(consumer2, [topic1, topic2]), member(consumer3, [topic1])], { [topic1]: 3, [topic2]: 2 });
    expect(setOf(a[consumer1])).toEqual(['topic1-0']);
    expect(setOf(a[consumer2])).toEqual(setOf(tps('topic1-1', 'topic2-0', 'topic2-1')));
    expect(setOf(a[consumer3])).toEqual(['topic1-2']);
  });

  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const a = range([member(consumer1, [topic1, topic2]), member(consumer2, [topic1, topic2])], { [topic1]: 3, [topic2]: 3 });
    expect(setOf(a[consumer1])).toEqual(setOf(tps('topic1-0', 'topic1-1', 'topic2-0', 'topic2-1')));
    expect(setOf(a[consumer2])).toEqual(setOf(tps('topic1-2', 'topic2-2')));
  });

  it('testTwoStaticConsumersTwoTopicsSixPartitions', () => {
    // consumer-a sorts before consumer-b, but static members compare by group.instance.id.
    const a = range(
      [member('consumer-b', [topic1, topic2], { groupInstanceId: instance1 }), member('consumer-a', [topic1, topic2], { groupInstanceId: instance2 })],
      { [topic1]: 3, [topic2]: 3 },
    );
    expect(setOf(a['consumer-b'])).toEqual(setOf(tps('topic1-0', 'topic1-1', 'topic2-0', 'topic2-1')));
    expect(setOf(a['consumer-a'])).toEqual(setOf(tps('topic1-2', 'topic2-2')));
  });

  it('testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    // consumer-b wins because it has a group.instance.id and consumer-a does not.
    const a = range([member('consumer-b', [topic1, topic2], { groupInstanceId: instance1 }), member('consumer-a', [topic1, topic2])], {
      [topic1]: 3,
      [topic2]: 3,
    });
    expect(setOf(a['consumer-b'])).toEqual(setOf(tps('topic1-0', 'topic1-1', 'topic2-0', 'topic2-1')));
    expect(setOf(a['consumer-a'])).toEqual(setOf(tps('topic1-2', 'topic2-2')));
  });

  it('testStaticMemberRangeAssignmentPersistent', () => {
    const ppt = { [topic1]: 5, [topic2]: 4 };
    const statics = [
      member(consumer1, [topic1, topic2], { groupInstanceId: instance1 }),
      member(consumer2, [topic1, topic2], { groupInstanceId: instance2 }),
      member(consumer3, [topic1, topic2], { groupInstanceId: instance3 }),
    ];
    const expected: Assignment = {
      [consumer1]: tps('topic1-0', 'topic1-1', 'topic2-0'),
      [consumer2]: tps('topic1-2', 'topic2-1'),
      [consumer3]: tps('topic1-3', 'topic2-2'),
      consumer4: tps('topic1-4', 'topic2-3'),
    };
    expect(range([...statics, member('consumer4', [topic1, topic2])], ppt)).toEqual(expected);
    // Replace dynamic member 4 with a new dynamic member 5.
    const { consumer4, ...rest } = expected;
    expect(range([...statics, member('consumer5', [topic1, topic2])], ppt)).toEqual({ ...rest, consumer5: consumer4 });
  });

  it('testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges', () => {
    const ppt = { [topic1]: 5, [topic2]: 5 };
    const byInstance = (members: AssignorMember[]): Record<string, string[]> => {
      const a = range(members, ppt);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId!, setOf(a[m.id])]));
    };
    const expected = {
      [instance1]: setOf(tps('topic1-0', 'topic1-1', 'topic2-0', 'topic2-1')),
      [instance2]: setOf(tps('topic1-2', 'topic1-3', 'topic2-2', 'topic2-3')),
      [instance3]: setOf(tps('topic1-4', 'topic2-4')),
    };
    const before = byInstance([
      member(consumer1, [topic1, topic2], { groupInstanceId: instance1 }),
      member(consumer2, [topic1, topic2], { groupInstanceId: instance2 }),
      member(consumer3, [topic1, topic2], { groupInstanceId: instance3 }),
    ]);
    expect(before).toEqual(expected);
    // Switch the member.id of instance3 to consumer4 and of instance2 to consumer5.
    const after = byInstance([
      member(consumer1, [topic1, topic2], { groupInstanceId: instance1 }),
      member('consumer5', [topic1, topic2], { groupInstanceId: instance2 }),
      member('consumer4', [topic1, topic2], { groupInstanceId: instance3 }),
    ]);
    expect(after).toEqual(before);
  });

  /** AbstractPartitionAssignorTest.verifyRackAssignment without racks: members consumer0..n-1. */
  function verifyNonRackAwareAssignment(topics: PartitionsPerTopic, consumerTopics: string[][], expected: string[]): void {
    const members = consumerTopics.map((t, i) => member(`consumer${i}`, t));
    const a = range(members, topics);
    expect(members.map((m) => sortedString(a[m.id]))).toEqual(expected);
  }

  it('testRackAwareAssignmentWithUniformSubscription (non-rack-aware expectation)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 7, t3: 2 },
      [all, all, all],
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0', 't1-2, t1-3, t2-3, t2-4, t3-1', 't1-4, t1-5, t2-5, t2-6'],
    );
  });

  it('testRackAwareAssignmentWithNonEqualSubscription (non-rack-aware expectation)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 7, t3: 2 },
      [all, all, ['t1', 't3']],
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0', 't1-2, t1-3, t2-4, t2-5, t2-6, t3-1', 't1-4, t1-5'],
    );
  });

  it('testRackAwareAssignmentWithUniformPartitions (non-rack-aware expectation)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 5, t2: 5, t3: 5 },
      [all, all, all],
      ['t1-0, t1-1, t2-0, t2-1, t3-0, t3-1', 't1-2, t1-3, t2-2, t2-3, t3-2, t3-3', 't1-4, t2-4, t3-4'],
    );
  });

  it('testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription (non-rack-aware expectation)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 5, t2: 5, t3: 5 },
      [all, all, ['t1', 't3']],
      ['t1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1', 't1-2, t1-3, t2-3, t2-4, t3-2, t3-3', 't1-4, t3-4'],
    );
  });

  it('testRackAwareAssignmentWithCoPartitioning (non-rack-aware expectations)', () => {
    const topics = { t1: 6, t2: 6, t3: 2, t4: 2 };
    verifyNonRackAwareAssignment(
      topics,
      [
        ['t1', 't2'],
        ['t1', 't2'],
        ['t3', 't4'],
        ['t3', 't4'],
      ],
      ['t1-0, t1-1, t1-2, t2-0, t2-1, t2-2', 't1-3, t1-4, t1-5, t2-3, t2-4, t2-5', 't3-0, t4-0', 't3-1, t4-1'],
    );
    const all = ['t1', 't2', 't3', 't4'];
    verifyNonRackAwareAssignment(
      topics,
      [all, all, all, all],
      ['t1-0, t1-1, t2-0, t2-1, t3-0, t4-0', 't1-2, t1-3, t2-2, t2-3, t3-1, t4-1', 't1-4, t2-4', 't1-5, t2-5'],
    );
  });

  it('testCoPartitionedAssignmentWithSameSubscription (non-rack-aware expectation; t7..t9 have no metadata)', () => {
    const list = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 6, t3: 2, t4: 2, t5: 4, t6: 4 },
      [list, list, list],
      ['t1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1', 't1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2', 't1-4, t1-5, t2-4, t2-5, t5-3, t6-3'],
    );
  });

  it('the class javadoc example (RangeAssignor.java)', () => {
    const a = range([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], { t0: 3, t1: 3 });
    expect(a).toEqual({ C0: tps('t0-0', 't0-1', 't1-0', 't1-1'), C1: tps('t0-2', 't1-2') });
  });

  it('orders members by Java String.compareTo: "c10" < "c2" (AbstractPartitionAssignor.MemberInfo)', () => {
    const a = range([member('c2', ['t']), member('c10', ['t']), member('c1', ['t'])], { t: 4 });
    expect(a).toEqual({ c1: tps('t-0', 't-1'), c10: tps('t-2'), c2: tps('t-3') });
    const statics = range([member('a', ['t'], { groupInstanceId: 'i2' }), member('b', ['t'], { groupInstanceId: 'i10' }), member('0', ['t'])], { t: 3 });
    expect(statics).toEqual({ b: tps('t-0'), a: tps('t-1'), '0': tps('t-2') });
  });
});

// =================================================================================================
// RoundRobinAssignor

describe('RoundRobinAssignor: ported from RoundRobinAssignorTest.java', () => {
  const topic = 'topic';
  const topic1 = 'topic1';
  const topic2 = 'topic2';
  const consumerId = 'consumer';
  const roundRobin = (members: AssignorMember[], ppt: PartitionsPerTopic): Assignment => assignPartitions('roundrobin', members, ppt);

  it('testOneConsumerNoTopic', () => {
    expect(roundRobin([member(consumerId, [])], {})).toEqual({ [consumerId]: [] });
  });

  it('testOneConsumerNonexistentTopic', () => {
    expect(roundRobin([member(consumerId, [topic])], {})).toEqual({ [consumerId]: [] });
  });

  it('testOneConsumerOneTopic', () => {
    expect(roundRobin([member(consumerId, [topic])], { [topic]: 3 })[consumerId]).toEqual(tps('topic-0', 'topic-1', 'topic-2'));
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(roundRobin([member(consumerId, [topic])], { [topic]: 3, other: 3 })[consumerId]).toEqual(tps('topic-0', 'topic-1', 'topic-2'));
  });

  it('testOneConsumerMultipleTopics', () => {
    expect(roundRobin([member(consumerId, [topic1, topic2])], { [topic1]: 1, [topic2]: 2 })[consumerId]).toEqual(tps('topic1-0', 'topic2-0', 'topic2-1'));
  });

  it('testTwoConsumersOneTopicOnePartition', () => {
    const a = roundRobin([member('consumer1', [topic]), member('consumer2', [topic])], { [topic]: 1 });
    expect(a).toEqual({ consumer1: tps('topic-0'), consumer2: [] });
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const a = roundRobin([member('consumer1', [topic]), member('consumer2', [topic])], { [topic]: 2 });
    expect(a).toEqual({ consumer1: tps('topic-0'), consumer2: tps('topic-1') });
  });

  it('testMultipleConsumersMixedTopics', () => {
    const a = roundRobin([member('consumer1', [topic1]), member('consumer2', [topic1, topic2]), member('consumer3', [topic1])], { [topic1]: 3, [topic2]: 2 });
    expect(a).toEqual({
      consumer1: tps('topic1-0'),
      consumer2: tps('topic1-1', 'topic2-0', 'topic2-1'),
      consumer3: tps('topic1-2'),
    });
  });

  it('testTwoDynamicConsumersTwoTopicsSixPartitions', () => {
    const a = roundRobin([member('consumer1', [topic1, topic2]), member('consumer2', [topic1, topic2])], { [topic1]: 3, [topic2]: 3 });
    expect(a).toEqual({
      consumer1: tps('topic1-0', 'topic1-2', 'topic2-1'),
      consumer2: tps('topic1-1', 'topic2-0', 'topic2-2'),
    });
  });

  it('testTwoStaticConsumersTwoTopicsSixPartitions', () => {
    // consumer-a sorts before consumer-b, but static members compare by group.instance.id.
    const a = roundRobin(
      [member('consumer-b', [topic1, topic2], { groupInstanceId: 'instance1' }), member('consumer-a', [topic1, topic2], { groupInstanceId: 'instance2' })],
      { [topic1]: 3, [topic2]: 3 },
    );
    expect(a['consumer-b']).toEqual(tps('topic1-0', 'topic1-2', 'topic2-1'));
    expect(a['consumer-a']).toEqual(tps('topic1-1', 'topic2-0', 'topic2-2'));
  });

  it('testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    const a = roundRobin([member('consumer-b', [topic1, topic2], { groupInstanceId: 'instance1' }), member('consumer-a', [topic1, topic2])], {
      [topic1]: 3,
      [topic2]: 3,
    });
    expect(a['consumer-b']).toEqual(tps('topic1-0', 'topic1-2', 'topic2-1'));
    expect(a['consumer-a']).toEqual(tps('topic1-1', 'topic2-0', 'topic2-2'));
  });

  it('testStaticMemberRoundRobinAssignmentPersistent', () => {
    const ppt = { [topic1]: 3, [topic2]: 3 };
    const statics = [1, 2, 3].map((i) => member(`consumer${i}`, [topic1, topic2], { groupInstanceId: `instance${i}` }));
    const expected: Assignment = {
      consumer1: tps('topic1-0', 'topic2-1'),
      consumer2: tps('topic1-1', 'topic2-2'),
      consumer3: tps('topic1-2'),
      consumer4: tps('topic2-0'),
    };
    expect(roundRobin([...statics, member('consumer4', [topic1, topic2])], ppt)).toEqual(expected);
    // Replace dynamic member 4 with a new dynamic member 5.
    const { consumer4, ...rest } = expected;
    expect(roundRobin([...statics, member('consumer5', [topic1, topic2])], ppt)).toEqual({ ...rest, consumer5: consumer4 });
  });

  it('testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges', () => {
    const ppt = { [topic1]: 5, [topic2]: 5 };
    const byInstance = (members: AssignorMember[]): Record<string, TopicPartition[]> => {
      const a = roundRobin(members, ppt);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId!, a[m.id]!]));
    };
    const before = byInstance([1, 2, 3].map((i) => member(`consumer${i}`, [topic1, topic2], { groupInstanceId: `instance${i}` })));
    expect(before).toEqual({
      instance1: tps('topic1-0', 'topic1-3', 'topic2-1', 'topic2-4'),
      instance2: tps('topic1-1', 'topic1-4', 'topic2-2'),
      instance3: tps('topic1-2', 'topic2-0', 'topic2-3'),
    });
    // Switch the member.id of instance3 to consumer4 and of instance2 to consumer5.
    const after = byInstance([
      member('consumer1', [topic1, topic2], { groupInstanceId: 'instance1' }),
      member('consumer5', [topic1, topic2], { groupInstanceId: 'instance2' }),
      member('consumer4', [topic1, topic2], { groupInstanceId: 'instance3' }),
    ]);
    expect(after).toEqual(before);
  });

  it('the class javadoc examples (RoundRobinAssignor.java)', () => {
    expect(roundRobin([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], { t0: 3, t1: 3 })).toEqual({
      C0: tps('t0-0', 't0-2', 't1-1'),
      C1: tps('t0-1', 't1-0', 't1-2'),
    });
    // Different subscriptions: members not subscribed to a topic are skipped; the cursor is not reset.
    expect(roundRobin([member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])], { t0: 1, t1: 2, t2: 3 })).toEqual({
      C0: tps('t0-0'),
      C1: tps('t1-0'),
      C2: tps('t1-1', 't2-0', 't2-1', 't2-2'),
    });
  });

  it('orders members by Java String.compareTo: "c10" < "c2", topics likewise (TreeSet)', () => {
    const a = roundRobin([member('c2', ['t2', 't10']), member('c10', ['t2', 't10']), member('c1', ['t2', 't10'])], { t2: 2, t10: 2 });
    // Topics in order t10, t2; members in order c1, c10, c2.
    expect(a).toEqual({ c1: tps('t10-0', 't2-1'), c10: tps('t10-1'), c2: tps('t2-0') });
  });
});

// =================================================================================================
// Properties shared by range and round robin

describe('range and roundrobin: properties', () => {
  const groupArb = fc
    .record({
      topics: fc.uniqueArray(fc.record({ name: fc.constantFrom('t1', 't2', 't10', 'orders'), n: fc.integer({ min: 0, max: 9 }) }), {
        selector: (t) => t.name,
        minLength: 1,
        maxLength: 4,
      }),
      members: fc.uniqueArray(
        fc.record({
          id: fc.constantFrom('c1', 'c2', 'c10', 'c3', 'm'),
          mask: fc.integer({ min: 0, max: 15 }),
          instance: fc.option(fc.constantFrom('i1', 'i2', 'i10'), { nil: undefined }),
        }),
        { selector: (m) => m.id, minLength: 1, maxLength: 5 },
      ),
    })
    .map(({ topics, members }) => ({
      ppt: Object.fromEntries(topics.filter((t) => t.n > 0).map((t) => [t.name, t.n])),
      members: members.map((m) =>
        member(
          m.id,
          topics.filter((_, i) => ((m.mask >> i) & 1) === 1).map((t) => t.name),
          m.instance === undefined ? {} : { groupInstanceId: m.instance },
        ),
      ),
    }));

  for (const strategy of ['range', 'roundrobin'] as const) {
    it(`${strategy}: valid, complete, sorted, and independent of input order`, () => {
      fc.assert(
        fc.property(groupArb, ({ ppt, members }) => {
          const a = assignPartitions(strategy, members, ppt);
          expect(validityProblems(members, a, ppt)).toEqual([]);
          const reversed = [...members].reverse().map((m) => ({ ...m, topics: [...m.topics].reverse() }));
          expect(assignPartitions(strategy, reversed, Object.fromEntries(Object.entries(ppt).reverse()))).toEqual(a);
        }),
        { numRuns: 500 },
      );
    });
  }
});

// =================================================================================================
// Sticky and cooperative-sticky: ported property cases

const STICKY: AssignorName[] = ['sticky', 'cooperative-sticky'];

describe.each(STICKY)('%s: ported from AbstractStickyAssignorTest.java / StickyAssignorTest.java', (strategy) => {
  const topic = 'topic';
  const topic1 = 'topic1';
  const topic2 = 'topic2';
  const topic3 = 'topic3';
  const consumerId = 'consumer';
  const [consumer1, consumer2, consumer3, consumer4] = ['consumer1', 'consumer2', 'consumer3', 'consumer4'];
  const generationId = 1;
  /** AbstractStickyAssignorTest.buildSubscriptionV2Above. */
  const owning = (id: string, topics: string[], owned: TopicPartition[], generation = generationId): AssignorMember =>
    member(id, topics, { owned, generation });
  const check = (members: AssignorMember[], ppt: PartitionsPerTopic): Round => {
    const round = rebalance(strategy, members, ppt);
    expectValidAndBalanced(members, round.final, ppt);
    return round;
  };

  it('testOneConsumerNoTopic', () => {
    const { final } = check([member(consumerId, [])], {});
    expect(final).toEqual({ [consumerId]: [] });
  });

  it('testOneConsumerNonexistentTopic', () => {
    const { final } = check([member(consumerId, [topic])], { [topic]: 0 });
    expect(final).toEqual({ [consumerId]: [] });
  });

  it('testOneConsumerOneTopic', () => {
    const { first } = check([member(consumerId, [topic])], { [topic]: 3 });
    expect(first[consumerId]).toEqual(tps('topic-0', 'topic-1', 'topic-2'));
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const members = [owning(consumerId, [topic], tps('topic-0', 'topic-1', 'other-0', 'other-1'))];
    const { first } = check(members, { [topic]: 2 });
    expect(first[consumerId]).toEqual(tps('topic-0', 'topic-1'));
  });

  it('testOneConsumerMultipleTopics', () => {
    const { first } = check([member(consumerId, [topic1, topic2])], { [topic1]: 1, [topic2]: 2 });
    expect(first[consumerId]).toEqual(tps('topic1-0', 'topic2-0', 'topic2-1'));
  });

  it('testTwoConsumersOneTopicOnePartition', () => {
    const { final } = check([member(consumer1, [topic]), member(consumer2, [topic])], { [topic]: 1 });
    expect(isFullyBalanced(final)).toBe(true);
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const { final } = check([member(consumer1, [topic]), member(consumer2, [topic])], { [topic]: 2 });
    expect([final[consumer1]!.length, final[consumer2]!.length]).toEqual([1, 1]);
  });

  it('testMultipleConsumersMixedTopicSubscriptions', () => {
    const { final } = check([member(consumer1, [topic1]), member(consumer2, [topic1, topic2]), member(consumer3, [topic1])], { [topic1]: 3, [topic2]: 2 });
    expect(isFullyBalanced(final)).toBe(true);
  });

  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const { final } = check([member(consumer1, [topic1, topic2]), member(consumer2, [topic1, topic2])], { [topic1]: 3, [topic2]: 3 });
    expect([final[consumer1]!.length, final[consumer2]!.length]).toEqual([3, 3]);
  });

  it('testConsumerOwningMinQuotaExpectedMaxQuota', () => {
    const all = [topic1, topic2];
    const c1 = tps('topic1-0', 'topic2-1');
    const c2 = tps('topic1-1', 'topic2-2');
    const { first, final, followUps } = check([owning(consumer1, all, c1), owning(consumer2, all, c2)], { [topic1]: 2, [topic2]: 3 });
    expect(followUps).toBe(0); // nothing changes hands
    expect(setOf(first[consumer1])).toEqual(expect.arrayContaining(setOf(c1)));
    expect(setOf(first[consumer2])).toEqual(expect.arrayContaining(setOf(c2)));
    expect(isFullyBalanced(final)).toBe(true);
  });

  it('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers', () => {
    const all = [topic1, topic2];
    const members = [owning(consumer1, all, tps('topic1-0', 'topic2-0')), owning(consumer2, all, tps('topic1-1', 'topic2-1')), owning(consumer3, all, [])];
    const { first, final } = check(members, { [topic1]: 2, [topic2]: 2 });
    // Exactly one owned partition changes hands, to consumer3 (Kafka: partitionsTransferringOwnership of size 1).
    expect(movedCount(resolvedOwners(members, { [topic1]: 2, [topic2]: 2 }), final)).toBe(1);
    expect(final[consumer3]).toHaveLength(1);
    if (strategy === 'cooperative-sticky') expect(first[consumer3]).toEqual([]);
    expect(isFullyBalanced(final)).toBe(true);
  });

  it('testAllConsumersAreUnderMinQuota', () => {
    const all = [topic1, topic2];
    const members = [owning(consumer1, all, tps('topic1-0')), owning(consumer2, all, tps('topic1-1')), owning(consumer3, all, [])];
    const { first, followUps, final } = check(members, { [topic1]: 2, [topic2]: 3 });
    expect(followUps).toBe(0);
    expect(setOf(first[consumer1])).toContain('topic1-0');
    expect(setOf(first[consumer2])).toContain('topic1-1');
    expect(isFullyBalanced(final)).toBe(true);
  });

  it('testAddRemoveConsumerOneTopic', () => {
    const ppt = { [topic]: 3 };
    let round = check([member(consumer1, [topic])], ppt);
    expect(round.final[consumer1]).toEqual(tps('topic-0', 'topic-1', 'topic-2'));

    const withTwo = [owning(consumer1, [topic], round.final[consumer1]!), owning(consumer2, [topic], [])];
    round = check(withTwo, ppt);
    expect(round.final[consumer1]).toHaveLength(2);
    expect(round.final[consumer2]).toHaveLength(1);
    expect(movedCount(resolvedOwners(withTwo, ppt), round.final)).toBe(1);
    if (strategy === 'cooperative-sticky') expect(round.first[consumer2]).toEqual([]);

    round = check([owning(consumer2, [topic], round.final[consumer2]!)], ppt);
    expect(setOf(round.first[consumer2])).toEqual(['topic-0', 'topic-1', 'topic-2']);
    expect(round.followUps).toBe(0);
  });

  it('testAddRemoveTwoConsumersTwoTopics', () => {
    const all = [topic1, topic2];
    const ppt = { [topic1]: 3, [topic2]: 4 };
    let round = check([member(consumer1, all), member(consumer2, all)], ppt);
    expect(isFullyBalanced(round.final)).toBe(true);

    // add 2 consumers
    const four = [
      owning(consumer1, all, round.final[consumer1]!),
      owning(consumer2, all, round.final[consumer2]!),
      owning(consumer3, all, []),
      owning(consumer4, all, []),
    ];
    round = check(four, ppt);
    expect(isFullyBalanced(round.final)).toBe(true);
    expect(movedCount(resolvedOwners(four, ppt), round.final)).toBe(3); // Kafka transfers 3 partitions
    expect(loseAndGainProblems(resolvedOwners(four, ppt), round.final)).toEqual([]);

    // remove 2 consumers
    const two = [owning(consumer3, all, round.final[consumer3]!), owning(consumer4, all, round.final[consumer4]!)];
    const kept = { c3: round.final[consumer3]!, c4: round.final[consumer4]! };
    round = check(two, ppt);
    expect(round.followUps).toBe(0);
    expect(setOf(round.final[consumer3])).toEqual(expect.arrayContaining(setOf(kept.c3)));
    expect(setOf(round.final[consumer4])).toEqual(expect.arrayContaining(setOf(kept.c4)));
    expect(isFullyBalanced(round.final)).toBe(true);
  });

  it('testPoorRoundRobinAssignmentScenario', () => {
    const ppt = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`topic${i}`, (i % 2) + 1]));
    const { final } = check(
      [
        member('consumer1', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
        member('consumer2', ['topic1', 'topic3', 'topic5']),
        member('consumer3', ['topic1', 'topic3', 'topic5']),
        member('consumer4', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
      ],
      ppt,
    );
    // The javadoc's sticky result gives everyone 2; round robin would leave consumer3 empty.
    expect(Object.values(final).map((l) => l.length)).toEqual([2, 2, 2, 2]);
  });

  it('testAddRemoveTopicTwoConsumers', () => {
    const ppt: PartitionsPerTopic = { [topic]: 3 };
    let round = check([member(consumer1, [topic]), member(consumer2, [topic])], ppt);
    expect(isFullyBalanced(round.final)).toBe(true);
    const first1 = round.final[consumer1]!;
    const first2 = round.final[consumer2]!;
    expect([first1.length, first2.length].sort()).toEqual([1, 2]);

    ppt[topic2] = 3;
    round = check([owning(consumer1, [topic, topic2], first1), owning(consumer2, [topic, topic2], first2)], ppt);
    expect(round.followUps).toBe(0);
    const second1 = round.final[consumer1]!;
    const second2 = round.final[consumer2]!;
    expect([second1.length, second2.length]).toEqual([3, 3]);
    expect(setOf(second1)).toEqual(expect.arrayContaining(setOf(first1)));
    expect(setOf(second2)).toEqual(expect.arrayContaining(setOf(first2)));

    delete ppt[topic];
    round = check([owning(consumer1, [topic2], second1), owning(consumer2, [topic2], second2)], ppt);
    const third1 = round.final[consumer1]!;
    const third2 = round.final[consumer2]!;
    expect([third1.length, third2.length].sort()).toEqual([1, 2]);
    expect(setOf(second1)).toEqual(expect.arrayContaining(setOf(third1)));
    expect(setOf(second2)).toEqual(expect.arrayContaining(setOf(third2)));
  });

  const pad = (prefix: string, i: number, max: number): string => prefix + String(i).padStart(String(max).length, '0');

  it('testReassignmentAfterOneConsumerLeaves', () => {
    const ppt = Object.fromEntries(Array.from({ length: 19 }, (_, k) => [pad('t', k + 1, 20), k + 1]));
    const members = Array.from({ length: 19 }, (_, k) =>
      member(
        pad('c', k + 1, 20),
        Array.from({ length: k + 1 }, (_, j) => pad('t', j + 1, 20)),
      ),
    );
    const before = check(members, ppt).final;
    const remaining = rejoin(members, before, generationId).filter((m) => m.id !== 'c10');
    const { final } = check(remaining, ppt);
    // Kafka asserts isSticky() (no partition of a topic moved both ways); this is stronger.
    expect(sameTopicSwapProblems(resolvedOwners(remaining, ppt), final)).toEqual([]);
  });

  it('testReassignmentAfterOneConsumerAdded', () => {
    const ppt = { topic: 20 };
    const members = Array.from({ length: 9 }, (_, k) => member(pad('c', k + 1, 10), ['topic']));
    const before = check(members, ppt).final;
    const joined = [...rejoin(members, before, generationId), member(pad('c', 10, 10), ['topic'])];
    const { final } = check(joined, ppt);
    const owners = resolvedOwners(joined, ppt);
    expect(loseAndGainProblems(owners, final)).toEqual([]);
    expect(movedCount(owners, final)).toBe(
      minMovesWithEqualSubscriptions(
        joined.map((m) => m.id),
        owners,
        20,
      ),
    );
  });

  it('testSameSubscriptions', () => {
    const ppt = Object.fromEntries(Array.from({ length: 14 }, (_, k) => [pad('t', k + 1, 15), k + 1]));
    const topics = Object.keys(ppt);
    const members = Array.from({ length: 8 }, (_, k) => member(pad('c', k + 1, 9), topics));
    const before = check(members, ppt).final;
    const remaining = rejoin(members, before, generationId).filter((m) => m.id !== pad('c', 5, 9));
    const { first, final, followUps } = check(remaining, ppt);
    expect(followUps).toBe(0);
    // With equal subscriptions nobody who stays loses anything when one member leaves.
    for (const m of remaining) expect(setOf(first[m.id])).toEqual(expect.arrayContaining(setOf(m.owned)));
    expect(first).toEqual(final);
  });

  it('testNewSubscription', () => {
    const ppt = Object.fromEntries([1, 2, 3, 4].map((i) => [pad('t', i, 5), 1]));
    const members = [0, 1, 2].map((i) => {
      const topics: string[] = [];
      for (let j = i; j <= 3 * i - 2; j++) topics.push(pad('t', j, 5));
      return member(pad('c', i, 3), topics);
    });
    const before = check(members, ppt).final;
    // consumer 0 subscribes to t1 too (no owned partitions in StickyAssignor's V0 test flow)
    const changed = members.map((m, i) => (i === 0 ? { ...m, topics: [...m.topics, pad('t', 1, 5)] } : m));
    const { final } = check(changed, ppt);
    expect(Object.values(before).flat()).toHaveLength(4);
    expect(Object.values(final).flat()).toHaveLength(4);
  });

  it('testMoveExistingAssignments', () => {
    const ppt = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`topic${i}`, 1]));
    const members = [
      owning(consumer1, ['topic1', 'topic2'], tps('topic1-0')),
      owning(consumer2, ['topic1', 'topic2', 'topic3', 'topic4'], tps('topic2-0', 'topic3-0')),
      owning(consumer3, ['topic2', 'topic3', 'topic4', 'topic5', 'topic6'], tps('topic4-0', 'topic5-0', 'topic6-0')),
    ];
    const { final } = check(members, ppt);
    expect(sameTopicSwapProblems(resolvedOwners(members, ppt), final)).toEqual([]);
  });

  it('testStickiness', () => {
    const ppt = { [topic1]: 3 };
    const members = [consumer1, consumer2, consumer3, consumer4].map((id) => member(id, [topic1]));
    const before = check(members, ppt).final;
    for (const list of Object.values(before)) expect(list.length).toBeLessThanOrEqual(1);
    // removing the potential group leader
    const remaining = rejoin(members, before, generationId).filter((m) => m.id !== consumer1);
    const { final } = check(remaining, ppt);
    for (const m of remaining) {
      expect(final[m.id]).toHaveLength(1);
      if (before[m.id]!.length === 1) expect(final[m.id]).toEqual(before[m.id]); // stickiness honoured
    }
  });

  it('testAssignmentUpdatedForDeletedTopic', () => {
    const { final } = check([member(consumerId, [topic1, topic2, topic3])], { [topic1]: 1, [topic3]: 100 });
    expect(Object.keys(final)).toEqual([consumerId]);
    expect(final[consumerId]).toHaveLength(101);
  });

  it('testNoExceptionThrownWhenOnlySubscribedTopicDeleted', () => {
    const before = check([member(consumerId, [topic])], { [topic]: 3 }).final;
    const { final } = rebalance(strategy, [owning(consumerId, [topic], before[consumerId]!)], {});
    expect(final).toEqual({ [consumerId]: [] });
  });

  it('testSubscriptionNotEqualAndAssignSamePartitionWith3Generation', () => {
    const ppt = { [topic]: 6, [topic1]: 1 };
    for (const [g1, g2, g3] of [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ] as const) {
      const members = [
        owning(consumer1, [topic], tps('topic-0', 'topic-2'), g1),
        owning(consumer2, [topic], tps('topic-1', 'topic-2', 'topic-3'), g2),
        owning(consumer3, [topic], tps('topic-2', 'topic-4', 'topic-5'), g3),
        owning(consumer4, [topic1], tps('topic1-0'), 2),
      ];
      const { final } = check(members, ppt);
      for (const list of Object.values(final)) expect(list.length >= 1 && list.length <= 2).toBe(true);
    }
  });

  it('testReassignmentWithRandomSubscriptionsAndChanges (java.util.Random replaced by a seeded generator)', () => {
    const rnd = seeded(20240601);
    for (let round = 1; round <= 20; round++) {
      const topics = Array.from({ length: 10 + rnd(10) }, (_, i) => pad('t', i, 20));
      const ppt = Object.fromEntries(topics.map((t, i) => [t, i + 1]));
      const members = Array.from({ length: 20 + rnd(20) }, (_, i) => member(pad('c', i, 40), randomSublist(topics, rnd)));
      const before = check(members, ppt).final;
      const changed = members.map((m) => owning(m.id, randomSublist(topics, rnd), before[m.id]!));
      check(changed, ppt);
      expect(sameTopicSwapProblems(resolvedOwners(changed, ppt), assignPartitions('sticky', changed, ppt))).toEqual([]);
    }
  });

  it('testLargeAssignmentWithMultipleConsumersLeavingAndRandomSubscription (seeded)', () => {
    const rnd = seeded(7);
    const topics = Array.from({ length: 40 }, (_, i) => pad('t', i, 40));
    const ppt = Object.fromEntries(topics.map((t) => [t, rnd(10) + 1]));
    const members = Array.from({ length: 200 }, (_, i) => {
      const subscribed: string[] = [];
      for (let j = 0, n = rnd(20); j < n; j++) subscribed.push(topics[rnd(40)]!);
      return member(pad('c', i, 200), subscribed);
    });
    const before = check(members, ppt).final;
    const rejoined = members.map((m, i) => (i === 0 ? m : owning(m.id, m.topics, before[m.id]!)));
    const leaving = new Set(Array.from({ length: 50 }, () => pad('c', rnd(200), 200)));
    const remaining = rejoined.filter((m) => !leaving.has(m.id));
    check(remaining, ppt);
    expect(sameTopicSwapProblems(resolvedOwners(remaining, ppt), assignPartitions('sticky', remaining, ppt))).toEqual([]);
  });

  it('testAllConsumersReachExpectedQuotaAndAreConsideredFilled', () => {
    const members = [owning(consumer1, [topic], tps('topic-0', 'topic-1')), owning(consumer2, [topic], tps('topic-2')), owning(consumer3, [topic], [])];
    const { first, followUps } = check(members, { [topic]: 4 });
    expect(followUps).toBe(0);
    expect(first).toEqual({ [consumer1]: tps('topic-0', 'topic-1'), [consumer2]: tps('topic-2'), [consumer3]: tps('topic-3') });
  });

  it('testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration', () => {
    const all = [topic, topic2];
    const owned = tps('topic-0', 'topic-2', 'topic2-1');
    const { first, followUps } = check([owning(consumer1, all, owned, 10), owning(consumer2, all, owned, 9)], { [topic]: 3, [topic2]: 3 });
    expect(setOf(first[consumer1])).toEqual(setOf(owned));
    expect(setOf(first[consumer2])).toEqual(setOf(tps('topic-1', 'topic2-0', 'topic2-2')));
    // The higher generation keeps its partitions at once, even under the cooperative protocol.
    if (strategy === 'cooperative-sticky') expect(followUps).toBe(1); // consumer2 revokes its stale claims
  });

  it('testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration', () => {
    const all = [topic, topic2];
    const owned = tps('topic-0', 'topic-2', 'topic2-1');
    const { first } = check([owning(consumer1, all, owned, 10), member(consumer2, all, { owned })], { [topic]: 3, [topic2]: 3 });
    expect(setOf(first[consumer1])).toEqual(setOf(owned));
    expect(setOf(first[consumer2])).toEqual(setOf(tps('topic-1', 'topic2-0', 'topic2-2')));
  });

  it('testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration', () => {
    const members = [
      owning(consumer1, [topic], tps('topic-0', 'topic-1')),
      owning(consumer2, [topic], tps('topic-0', 'topic-2')),
      owning(consumer3, [topic], []),
    ];
    const { first, final } = check(members, { [topic]: 3 });
    expect(final).toEqual({ [consumer1]: tps('topic-1'), [consumer2]: tps('topic-2'), [consumer3]: tps('topic-0') });
    // Also StickyAssignorTest / CooperativeStickyAssignorTest
    // .testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer:
    // under the cooperative protocol topic-0 must be revoked by both claimants before consumer3 may have it.
    if (strategy === 'cooperative-sticky') {
      expect(first).toEqual({ [consumer1]: tps('topic-1'), [consumer2]: tps('topic-2'), [consumer3]: [] });
    }
  });

  it('StickyAssignorTest / CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', () => {
    const members = [
      owning(consumer1, [topic], tps('topic-0', 'topic-1')),
      owning(consumer2, [topic], tps('topic-0', 'topic-2')),
      owning(consumer3, [topic], []),
    ];
    const { first, final } = check(members, { [topic]: 4 });
    expect(setOf(final[consumer1])).toContain('topic-1');
    expect(setOf(final[consumer2])).toContain('topic-2');
    expect(isFullyBalanced(final)).toBe(true);
    if (strategy === 'cooperative-sticky') expect(Object.values(first).flat().map(name)).not.toContain('topic-0');
  });

  it('testEnsurePartitionsAssignedToHighestGeneration', () => {
    const all = [topic, topic2, topic3];
    const members = [
      owning(consumer1, all, tps('topic-0', 'topic2-0', 'topic3-0'), 10),
      owning(consumer2, all, tps('topic-1', 'topic2-1', 'topic3-1'), 9),
      owning(consumer3, all, tps('topic2-1', 'topic3-0', 'topic3-2'), 8),
    ];
    const { final } = check(members, { [topic]: 3, [topic2]: 3, [topic3]: 3 });
    expect(setOf(final[consumer1])).toEqual(setOf(tps('topic-0', 'topic2-0', 'topic3-0')));
    expect(setOf(final[consumer2])).toEqual(setOf(tps('topic-1', 'topic2-1', 'topic3-1')));
    expect(setOf(final[consumer3])).toEqual(setOf(tps('topic-2', 'topic2-2', 'topic3-2')));
  });

  it('testNoReassignmentOnCurrentMembers', () => {
    const all = [topic, topic2, topic3, topic1];
    const members = [
      member(consumer1, all, { owned: [] }),
      owning(consumer2, all, tps('topic-0', 'topic2-0', 'topic1-0'), 9),
      owning(consumer3, all, tps('topic3-2', 'topic2-2', 'topic1-1'), 8),
      owning(consumer4, all, tps('topic3-1', 'topic-1', 'topic-2'), 7),
    ];
    const { first, followUps } = check(members, { [topic]: 3, [topic1]: 3, [topic2]: 3, [topic3]: 3 });
    expect(followUps).toBe(0);
    expect(setOf(first[consumer1])).toEqual(setOf(tps('topic1-2', 'topic2-1', 'topic3-0')));
  });

  it('testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration', () => {
    const all = [topic, topic2];
    const members = [owning(consumer1, all, tps('topic-0', 'topic2-1', 'topic-1'), 10), owning(consumer2, all, tps('topic-0', 'topic2-1', 'topic2-2'), 8)];
    const { final } = check(members, { [topic]: 3, [topic2]: 3 });
    expect(setOf(final[consumer1])).toEqual(setOf(tps('topic-0', 'topic2-1', 'topic-1')));
    expect(setOf(final[consumer2])).toEqual(setOf(tps('topic-2', 'topic2-2', 'topic2-0')));
  });

  for (const allEqual of [true, false]) {
    it(`StickyAssignorTest.testAssignmentWithMultipleGenerations1 (isAllSubscriptionsEqual = ${allEqual})`, () => {
      const all = [topic, topic2];
      const c2Topics = allEqual ? all : [topic];
      const ppt = { [topic]: 6, [topic2]: 6 };
      const r1 = check([member(consumer1, all), member(consumer2, c2Topics), member(consumer3, all)], ppt).final;
      expect([r1[consumer1]!.length, r1[consumer2]!.length, r1[consumer3]!.length]).toEqual([4, 4, 4]);

      const r2 = check([owning(consumer1, all, r1[consumer1]!), owning(consumer2, c2Topics, r1[consumer2]!)], ppt).final;
      expect([r2[consumer1]!.length, r2[consumer2]!.length]).toEqual([6, 6]);
      if (allEqual) expect(setOf(r2[consumer1])).toEqual(expect.arrayContaining(setOf(r1[consumer1])));
      expect(setOf(r2[consumer2])).toEqual(expect.arrayContaining(setOf(r1[consumer2])));

      // consumer3 comes back with a stale generation: its claims lose to consumer2's.
      const r3 = check([owning(consumer2, c2Topics, r2[consumer2]!, 2), owning(consumer3, all, r1[consumer3]!, 1)], ppt).final;
      expect([r3[consumer2]!.length, r3[consumer3]!.length]).toEqual([6, 6]);
    });

    it(`StickyAssignorTest.testAssignmentWithMultipleGenerations2 (isAllSubscriptionsEqual = ${allEqual})`, () => {
      const all = [topic, topic2, topic3];
      const c1Topics = allEqual ? all : [topic];
      const c3Topics = allEqual ? all : [topic, topic2];
      const ppt = { [topic]: 4, [topic2]: 4, [topic3]: 4 };
      const r1 = check([member(consumer1, c1Topics), member(consumer2, all), member(consumer3, c3Topics)], ppt).final;
      expect([r1[consumer1]!.length, r1[consumer2]!.length, r1[consumer3]!.length]).toEqual([4, 4, 4]);

      const r2 = check([owning(consumer2, all, r1[consumer2]!, 1)], ppt).final;
      expect(r2[consumer2]).toHaveLength(12);

      const r3 = check(
        [owning(consumer1, c1Topics, r1[consumer1]!, 1), owning(consumer2, all, r2[consumer2]!, 2), owning(consumer3, c3Topics, r1[consumer3]!, 1)],
        ppt,
      ).final;
      expect([r3[consumer1]!.length, r3[consumer2]!.length, r3[consumer3]!.length]).toEqual([4, 4, 4]);
    });

    it(`StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations (isAllSubscriptionsEqual = ${allEqual})`, () => {
      const all = [topic, topic2, topic3];
      const c1Topics = allEqual ? all : [topic];
      const c2Topics = allEqual ? all : [topic, topic2];
      const c1Owned = allEqual ? tps('topic-0', 'topic-1', 'topic-2', 'topic2-2', 'topic2-3', 'topic3-0') : tps('topic-0', 'topic-1', 'topic-2', 'topic-3');
      const c2Owned = tps('topic-0', 'topic-1', 'topic2-0', 'topic2-1', 'topic2-2', 'topic2-3');
      const c3Owned = tps('topic-2', 'topic-3', 'topic3-0', 'topic3-1', 'topic3-2', 'topic3-3');
      const { final } = check([owning(consumer1, c1Topics, c1Owned, 1), owning(consumer2, c2Topics, c2Owned, 2), owning(consumer3, all, c3Owned, 2)], {
        [topic]: 4,
        [topic2]: 4,
        [topic3]: 4,
      });
      expect([final[consumer1]!.length, final[consumer2]!.length, final[consumer3]!.length]).toEqual([4, 4, 4]);
      expect(setOf(c2Owned)).toEqual(expect.arrayContaining(setOf(final[consumer2])));
      expect(setOf(c3Owned)).toEqual(expect.arrayContaining(setOf(final[consumer3])));
    });
  }

  it('StickyAssignorTest.testSchemaBackwardCompatibility (the old schema carries no generation)', () => {
    const c1Owned = tps('topic-0', 'topic-2');
    const c2Owned = tps('topic-1');
    const { final } = check([owning(consumer1, [topic], c1Owned, 1), member(consumer2, [topic], { owned: c2Owned }), member(consumer3, [topic])], {
      [topic]: 3,
    });
    expect(Object.values(final).map((l) => l.length)).toEqual([1, 1, 1]);
    expect(setOf(c1Owned)).toEqual(expect.arrayContaining(setOf(final[consumer1])));
    expect(setOf(c2Owned)).toEqual(expect.arrayContaining(setOf(final[consumer2])));
  });

  it('StickyAssignorTest / CooperativeStickyAssignorTest.testAssignorWithOldVersionSubscriptions', () => {
    const members = [owning(consumer1, [topic1], tps('topic1-0')), owning(consumer2, [topic1], tps('topic1-1')), owning(consumer3, [topic1], [])];
    const { first } = check(members, { [topic1]: 3 });
    expect(first).toEqual({ [consumer1]: tps('topic1-0'), [consumer2]: tps('topic1-1'), [consumer3]: tps('topic1-2') });
  });
});

// =================================================================================================
// Sticky and cooperative-sticky: properties

const TOPIC_NAMES = ['t1', 't2', 't10', 'orders', 'clicks'];
const MEMBER_NAMES = ['c1', 'c2', 'c10', 'c3', 'c20', 'consumer-a', 'consumer-b'];

interface Group {
  ppt: PartitionsPerTopic;
  topics: string[];
  members: AssignorMember[];
}

/** Up to 4 topics (0 partitions = no metadata) and 1..maxMembers members, with equal or mixed subscriptions. */
function groupArb(opts: { equal?: boolean; minMembers?: number; maxMembers?: number } = {}): fc.Arbitrary<Group> {
  return fc
    .record({
      topics: fc.uniqueArray(fc.record({ name: fc.constantFrom(...TOPIC_NAMES), n: fc.integer({ min: 0, max: 8 }) }), {
        selector: (t) => t.name,
        minLength: 1,
        maxLength: 4,
      }),
      members: fc.uniqueArray(fc.record({ id: fc.constantFrom(...MEMBER_NAMES), mask: fc.integer({ min: 0, max: 15 }) }), {
        selector: (m) => m.id,
        minLength: opts.minMembers ?? 1,
        maxLength: opts.maxMembers ?? 6,
      }),
      equal: opts.equal === undefined ? fc.boolean() : fc.constant(opts.equal),
    })
    .map(({ topics, members, equal }) => {
      const names = topics.map((t) => t.name);
      return {
        ppt: Object.fromEntries(topics.filter((t) => t.n > 0).map((t) => [t.name, t.n])),
        topics: names,
        members: members.map((m) => member(m.id, equal ? [...names] : names.filter((_, i) => ((m.mask >> i) & 1) === 1))),
      };
    });
}

/** Arbitrary previous ownership: overlapping claims, stale or missing generations, partitions that do not exist. */
function withArbitraryOwnership(group: Group): fc.Arbitrary<Group> {
  const candidates = [...group.topics.flatMap((t) => Array.from({ length: partitionsOf(group.ppt, t) + 1 }, (_, p) => tp(t, p))), tp('ghost', 0)];
  return fc
    .tuple(...group.members.map(() => fc.record({ owned: fc.subarray(candidates), generation: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) })))
    .map((extras) => ({ ...group, members: group.members.map((m, i) => ({ ...m, ...extras[i] })) }));
}

/** Valid previous ownership: each partition owned by at most one member that subscribes to it, any balance. */
function withArbitraryValidOwnership(group: Group): fc.Arbitrary<Group> {
  const partitions = group.topics.flatMap((t) => Array.from({ length: partitionsOf(group.ppt, t) }, (_, p) => tp(t, p)));
  return fc.tuple(...partitions.map(() => fc.integer({ min: -1, max: group.members.length - 1 })), fc.constant(0)).map((owners) => ({
    ...group,
    members: group.members.map((m, i) => ({
      ...m,
      generation: 1,
      owned: partitions.filter((p, k) => owners[k] === i && m.topics.includes(p.topic)),
    })),
  }));
}

/** The same group written in another order: members rotated and reversed, lists reversed, topics reordered. */
function reordered(group: Group, rotation: number): { members: AssignorMember[]; ppt: PartitionsPerTopic } {
  const n = group.members.length;
  const members = group.members
    .map((_, i) => group.members[(i + rotation) % n]!)
    .reverse()
    .map((m) => ({ ...m, topics: [...m.topics].reverse(), owned: m.owned === undefined ? undefined : [...m.owned].reverse() }));
  return { members, ppt: Object.fromEntries(Object.entries(group.ppt).reverse()) };
}

function totalPartitions(group: Group): number {
  const subscribed = new Set(group.members.flatMap((m) => m.topics));
  return [...subscribed].reduce((sum, t) => sum + partitionsOf(group.ppt, t), 0);
}

describe.each(STICKY)('%s: properties', (strategy) => {
  it('a new group: valid, complete, balanced, sorted, deterministic and independent of input order', () => {
    fc.assert(
      fc.property(groupArb(), fc.nat(), (group, rotation) => {
        const a = assignPartitions(strategy, group.members, group.ppt);
        expectValidAndBalanced(group.members, a, group.ppt);
        expect(assignPartitions(strategy, group.members, group.ppt)).toEqual(a);
        const other = reordered(group, rotation);
        expect(assignPartitions(strategy, other.members, other.ppt)).toEqual(a);
        // Nobody owned anything, so nothing waits for a revocation.
        expect(needsFollowUpRebalance(group.members, a, group.ppt)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('any previous ownership: no partition lost or doubled, balanced (after the follow-up), deterministic', () => {
    fc.assert(
      fc.property(groupArb().chain(withArbitraryOwnership), fc.nat(), (group, rotation) => {
        const round = rebalance(strategy, group.members, group.ppt);
        expect(validityProblems(group.members, round.first, group.ppt, strategy === 'sticky')).toEqual([]);
        expectValidAndBalanced(group.members, round.final, group.ppt);
        expect(round.followUps).toBeLessThanOrEqual(1);
        const other = reordered(group, rotation);
        expect(assignPartitions(strategy, other.members, other.ppt)).toEqual(round.first);
        // The members keep as many owned partitions as their per-topic counts allow.
        const target = assignPartitions('sticky', group.members, group.ppt);
        expect(sameTopicSwapProblems(resolvedOwners(group.members, group.ppt), target)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('equal subscriptions, any valid previous ownership: moves exactly the fewest partitions balance needs, and nobody gives up a partition while taking another', () => {
    fc.assert(
      fc.property(groupArb({ equal: true }).chain(withArbitraryValidOwnership), (group) => {
        const owners = resolvedOwners(group.members, group.ppt);
        const round = rebalance(strategy, group.members, group.ppt);
        expectValidAndBalanced(group.members, round.final, group.ppt);
        const minimum = minMovesWithEqualSubscriptions(
          group.members.map((m) => m.id),
          owners,
          totalPartitions(group),
        );
        expect(movedCount(owners, round.final)).toBe(minimum);
        expect(loseAndGainProblems(owners, round.first)).toEqual([]);
        if (strategy === 'sticky') expect(loseAndGainProblems(owners, round.final)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('an unchanged group keeps its assignment', () => {
    fc.assert(
      fc.property(groupArb(), (group) => {
        const before = rebalance(strategy, group.members, group.ppt).final;
        const again = rejoin(group.members, before, 7);
        const after = assignPartitions(strategy, again, group.ppt);
        expect(after).toEqual(before);
        expect(needsFollowUpRebalance(again, after, group.ppt)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a member leaves: with equal subscriptions every remaining member keeps all it owned; otherwise nothing moves within a topic needlessly', () => {
    fc.assert(
      fc.property(groupArb({ minMembers: 2 }), fc.nat(), (group, pick) => {
        const before = rebalance(strategy, group.members, group.ppt).final;
        const leaving = group.members[pick % group.members.length]!.id;
        const remaining = rejoin(group.members, before, 3).filter((m) => m.id !== leaving);
        const round = rebalance(strategy, remaining, group.ppt);
        expectValidAndBalanced(remaining, round.final, group.ppt);
        const equal = group.members.every((m) => m.topics.length === group.topics.length);
        if (equal) {
          for (const m of remaining) expect(setOf(round.first[m.id])).toEqual(expect.arrayContaining(setOf(before[m.id])));
          // The leaver's partitions are free at once: no follow-up rebalance.
          expect(round.first).toEqual(round.final);
          expect(needsFollowUpRebalance(remaining, round.first, group.ppt)).toBe(false);
        }
        // (Checked on the sticky target: a cooperative follow-up no longer knows the earlier owners.)
        expect(sameTopicSwapProblems(resolvedOwners(remaining, group.ppt), assignPartitions('sticky', remaining, group.ppt))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a member joins: only partitions handed to the newcomer (or needed for balance) move', () => {
    fc.assert(
      fc.property(groupArb({ maxMembers: 5 }), fc.integer({ min: 0, max: 15 }), (group, mask) => {
        const before = rebalance(strategy, group.members, group.ppt).final;
        const equal = group.members.every((m) => m.topics.length === group.topics.length);
        const newcomer = member('newcomer', equal ? [...group.topics] : group.topics.filter((_, i) => ((mask >> i) & 1) === 1));
        const joined = [...rejoin(group.members, before, 3), newcomer];
        const owners = resolvedOwners(joined, group.ppt);
        const round = rebalance(strategy, joined, group.ppt);
        expectValidAndBalanced(joined, round.final, group.ppt);
        expect(round.followUps).toBeLessThanOrEqual(1);
        const target = assignPartitions('sticky', joined, group.ppt);
        expect(sameTopicSwapProblems(owners, target)).toEqual([]);
        // Under the cooperative protocol existing members only give partitions up in the first round.
        if (strategy === 'cooperative-sticky') expect(loseAndGainProblems(owners, round.first)).toEqual([]);
        if (equal) {
          // With equal subscriptions no member takes a partition while losing one of its own...
          expect(loseAndGainProblems(owners, target)).toEqual([]);
          // ...and no more partitions move than balance needs.
          const minimum = minMovesWithEqualSubscriptions(
            joined.map((m) => m.id),
            owners,
            totalPartitions(group),
          );
          expect(movedCount(owners, round.final)).toBe(minimum);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// =================================================================================================
// Cooperative protocol

describe('cooperative-sticky: CooperativeStickyAssignor.adjustAssignment', () => {
  it('first round is the sticky assignment minus partitions still owned elsewhere; the follow-up completes it', () => {
    fc.assert(
      fc.property(groupArb().chain(withArbitraryOwnership), (group) => {
        const { members, ppt } = group;
        const target = assignPartitions('sticky', members, ppt);
        const first = assignPartitions('cooperative-sticky', members, ppt);
        expect(first).toEqual(cooperativeAdjust(target, members));
        // No partition is assigned to a member while another member still owns it.
        expect(cooperativeProblems(members, first)).toEqual([]);
        expect(validityProblems(members, first, ppt, false)).toEqual([]);
        for (const m of members) expect(setOf(target[m.id])).toEqual(expect.arrayContaining(setOf(first[m.id])));

        const assignedInFirst = new Set(Object.values(first).flat().map(name));
        const withheld = Object.values(target)
          .flat()
          .filter((p) => !assignedInFirst.has(name(p)));
        expect(needsFollowUpRebalance(members, first, ppt)).toBe(withheld.length > 0);

        // Follow-up rebalance: everyone rejoins owning what it got.
        const next = rejoin(members, first, 4);
        const second = assignPartitions('cooperative-sticky', next, ppt);
        expectValidAndBalanced(next, second, ppt);
        expect(needsFollowUpRebalance(next, second, ppt)).toBe(false);
        expect(revokedPartitions(next, second)).toEqual([]);
        for (const m of members) expect(setOf(second[m.id])).toEqual(expect.arrayContaining(setOf(first[m.id])));
      }),
      { numRuns: 500 },
    );
  });

  it('the owner of the higher generation keeps a contested partition without waiting', () => {
    const members = [member('a', ['t'], { owned: tps('t-0', 't-1'), generation: 5 }), member('b', ['t'], { owned: tps('t-1', 't-2'), generation: 4 })];
    const first = assignPartitions('cooperative-sticky', members, { t: 4 });
    expect(setOf(first.a)).toEqual(expect.arrayContaining(['t-0', 't-1']));
    expect(setOf(first.b)).toContain('t-2');
    expect(cooperativeProblems(members, first)).toEqual([]);
  });

  it('withholds a moving partition and reports the follow-up rebalance', () => {
    const members = [
      member('consumer1', ['topic'], { owned: tps('topic-0', 'topic-1', 'topic-2'), generation: 1 }),
      member('consumer2', ['topic'], { generation: 1 }),
    ];
    const ppt = { topic: 3 };
    const first = assignPartitions('cooperative-sticky', members, ppt);
    expect(first.consumer2).toEqual([]);
    expect(first.consumer1).toHaveLength(2);
    expect(needsFollowUpRebalance(members, first, ppt)).toBe(true);
    const second = assignPartitions('cooperative-sticky', rejoin(members, first, 2), ppt);
    expect(second.consumer1).toEqual(first.consumer1);
    expect(second.consumer2).toHaveLength(1);
    expect(needsFollowUpRebalance(rejoin(members, first, 2), second, ppt)).toBe(false);
  });

  it('cooperativeAdjust does not modify its input', () => {
    const result: Assignment = { a: tps('t-0'), b: tps('t-1') };
    const snapshot = structuredClone(result);
    cooperativeAdjust(result, [member('a', ['t'], { owned: tps('t-1') }), member('b', ['t'])]);
    expect(result).toEqual(snapshot);
  });
});

describe('input handling', () => {
  it('rejects two members with the same member.id', () => {
    expect(() => assignPartitions('range', [member('a', ['t']), member('a', ['t'])], { t: 1 })).toThrow(/appears twice/);
  });

  it('treats member ids and topics like "__proto__" as plain names', () => {
    for (const strategy of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const) {
      const a = assignPartitions(strategy, [member('__proto__', ['constructor']), member('b', ['constructor'])], { constructor: 2 });
      expect(Object.keys(a).sort()).toEqual(['__proto__', 'b']);
      expect(Object.values(a).flat()).toHaveLength(2);
    }
  });

  it('an empty group gets an empty assignment', () => {
    for (const strategy of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const) {
      expect(assignPartitions(strategy, [], { t: 3 })).toEqual({});
    }
  });
});
