/**
 * Consumer-group partition assignors: the client-side `ConsumerPartitionAssignor`s that the group
 * leader runs during a classic-protocol rebalance (`partition.assignment.strategy`).
 *
 * Pure functions of their input: no randomness, no clocks, and every iteration is in a sorted order,
 * so the same group always gets the same assignment.
 */
import { KafkaException } from '../errors';

/** The built-in assignors, by the `name()` Kafka gives them in `partition.assignment.strategy`. */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

/** One partition of one topic, like Kafka's `TopicPartition`. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * One member of the group as the group leader sees it in the JoinGroup response: its
 * `ConsumerPartitionAssignor.Subscription`.
 */
export interface AssignorMember {
  /** `member.id`, assigned by the group coordinator. */
  id: string;
  /** `group.instance.id`; present only for static members (KIP-345). */
  groupInstanceId?: string;
  /** Topics the member subscribes to. */
  topics: string[];
  /** Partitions the member owned before this rebalance (`Subscription.ownedPartitions`). Only the sticky assignors read it. */
  owned?: TopicPartition[];
  /** The generation in which `owned` was assigned (`Subscription.generationId`); absent means unknown (-1). */
  generation?: number;
}

/** `AbstractStickyAssignor.DEFAULT_GENERATION`: the generation of a member that reports none. */
const DEFAULT_GENERATION = -1;

interface Member {
  id: string;
  instanceId: string | undefined;
  topicSet: Set<string>;
  owned: TopicPartition[];
  generation: number;
}

type Result = Map<string, TopicPartition[]>;

/**
 * Assigns the partitions of the topics the members subscribe to, the way Kafka's built-in assignor
 * `strategy` does.
 *
 * - `range`: `RangeAssignor` (rack-unaware path): per topic, contiguous ranges in member order.
 * - `roundrobin`: `RoundRobinAssignor`: all partitions, topics sorted by name, dealt round the members.
 * - `sticky`: `StickyAssignor` semantics (`AbstractStickyAssignor`): balanced, and otherwise keeps each
 *   member's `owned` partitions.
 * - `cooperative-sticky`: the sticky assignment passed through {@link cooperativeAdjust}: a partition
 *   that must move from one member to another is left unassigned for this rebalance; see
 *   {@link needsFollowUpRebalance}.
 *
 * Member order is `AbstractPartitionAssignor.MemberInfo.compareTo`: static members (with a
 * `groupInstanceId`) first, by instance id, then dynamic members by member id, comparing strings as
 * Java's `String.compareTo` does (UTF-16 code units, so `"c10" < "c2"`). Topics missing from
 * `partitionsPerTopic` (no metadata) or with no partitions are skipped.
 *
 * @param partitionsPerTopic partition count of each topic that has metadata.
 * @returns every member id as a key (an empty list when it gets nothing), each list sorted by topic, then partition.
 * @throws KafkaException `InvalidRequestException` if two members share an id.
 * @example
 * assignPartitions('range', [
 *   { id: 'c0', topics: ['t0', 't1'] },
 *   { id: 'c1', topics: ['t0', 't1'] },
 * ], { t0: 3, t1: 3 });
 * // => { c0: [t0-0, t0-1, t1-0, t1-1], c1: [t0-2, t1-2] }   (RangeAssignor's javadoc example)
 */
export function assignPartitions(
  strategy: AssignorName,
  members: AssignorMember[],
  partitionsPerTopic: Record<string, number>,
): Record<string, TopicPartition[]> {
  const normalized = normalizeMembers(members);
  let result: Result;
  switch (strategy) {
    case 'range':
      result = assignRange(normalized, partitionsPerTopic);
      break;
    case 'roundrobin':
      result = assignRoundRobin(normalized, partitionsPerTopic);
      break;
    case 'sticky':
      result = assignSticky(normalized, partitionsPerTopic);
      break;
    case 'cooperative-sticky':
      return cooperativeAdjust(toRecord(assignSticky(normalized, partitionsPerTopic)), members);
    default:
      throw new KafkaException(
        'InvalidConfigurationException',
        `Unknown partition.assignment.strategy "${String(strategy)}": use range, roundrobin, sticky or cooperative-sticky.`,
      );
  }
  return toRecord(result);
}

/**
 * Applies the cooperative rebalance protocol to an eager assignment, as
 * `CooperativeStickyAssignor.adjustAssignment` does: a partition that some other member still owns
 * (lists in `owned`) and is giving up must first be revoked by that member, so it is removed from
 * its new member's assignment in this rebalance. Its owner loses it and nobody gets it; it is handed
 * out in the follow-up rebalance, once the owner has revoked it.
 *
 * When two members claim the same partition, the member with the higher `generation` keeps it
 * without waiting (`AbstractStickyAssignor`); an older claim does not hold it back.
 *
 * @param result an assignment of `members` (for example a sticky one); it is not modified.
 * @returns a new assignment with the same keys, lists still sorted.
 * @example
 * // consumer1 owned topic-0 and topic-1; consumer2 joins and is meant to take topic-1.
 * cooperativeAdjust(
 *   { consumer1: [{ topic: 'topic', partition: 0 }], consumer2: [{ topic: 'topic', partition: 1 }] },
 *   [
 *     { id: 'consumer1', topics: ['topic'], owned: [{ topic: 'topic', partition: 0 }, { topic: 'topic', partition: 1 }] },
 *     { id: 'consumer2', topics: ['topic'] },
 *   ],
 * );
 * // => { consumer1: [topic-0], consumer2: [] }   (topic-1 follows in the next rebalance)
 */
export function cooperativeAdjust(result: Record<string, TopicPartition[]>, members: AssignorMember[]): Record<string, TopicPartition[]> {
  const assigned = new Map<string, Set<string>>();
  for (const [memberId, list] of Object.entries(result)) {
    assigned.set(memberId, new Set(list.map(partitionKey)));
  }
  // Every claim on each partition: who lists it as owned, and in which generation.
  const claims = new Map<string, { memberId: string; generation: number }[]>();
  for (const member of members) {
    const generation = member.generation ?? DEFAULT_GENERATION;
    for (const key of new Set((member.owned ?? []).map(partitionKey))) {
      const list = claims.get(key) ?? [];
      list.push({ memberId: member.id, generation });
      claims.set(key, list);
    }
  }
  const adjusted: [string, TopicPartition[]][] = [];
  for (const [memberId, list] of Object.entries(result)) {
    const kept = list.filter((tp) => {
      const key = partitionKey(tp);
      const partitionClaims = claims.get(key);
      if (partitionClaims === undefined) return true;
      const own = partitionClaims.find((c) => c.memberId === memberId);
      for (const other of partitionClaims) {
        if (other.memberId === memberId) continue;
        // The other claimant keeps it too: not a transfer (the input is invalid, but nothing is revoked).
        if (assigned.get(other.memberId)?.has(key) === true) continue;
        // AbstractStickyAssignor: the claim of the higher generation wins, so it need not wait.
        if (own !== undefined && own.generation > other.generation) continue;
        return false;
      }
      return true;
    });
    adjusted.push([memberId, kept.map((tp) => ({ topic: tp.topic, partition: tp.partition }))]);
  }
  return Object.fromEntries(adjusted);
}

/**
 * Whether a cooperative rebalance must be followed by another one: true when some member owned a
 * partition of a topic the group still subscribes to, gave it up in `assignment`, and nobody was
 * given it (it was withheld by {@link cooperativeAdjust} until its owner revokes it).
 * `ConsumerCoordinator` then makes the members rejoin.
 *
 * @param members the members as they joined this rebalance (with their `owned` partitions).
 * @param assignment the (adjusted) assignment of this rebalance.
 * @param partitionsPerTopic optional metadata; when given, owned partitions that no longer exist are ignored.
 * @example
 * needsFollowUpRebalance(members, assignPartitions('cooperative-sticky', members, partitionsPerTopic));
 */
export function needsFollowUpRebalance(
  members: AssignorMember[],
  assignment: Record<string, TopicPartition[]>,
  partitionsPerTopic?: Record<string, number>,
): boolean {
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const assignedAnywhere = new Set<string>();
  const assignedTo = new Map<string, Set<string>>();
  for (const [memberId, list] of Object.entries(assignment)) {
    const keys = new Set(list.map(partitionKey));
    assignedTo.set(memberId, keys);
    for (const key of keys) assignedAnywhere.add(key);
  }
  for (const member of members) {
    for (const tp of member.owned ?? []) {
      if (!subscribed.has(tp.topic)) continue;
      if (partitionsPerTopic !== undefined) {
        const count = partitionCount(partitionsPerTopic, tp.topic);
        if (count === undefined || !Number.isInteger(tp.partition) || tp.partition < 0 || tp.partition >= count) continue;
      }
      const key = partitionKey(tp);
      if (assignedTo.get(member.id)?.has(key) === true) continue;
      if (!assignedAnywhere.has(key)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Java `String.compareTo`: lexicographic by UTF-16 code unit, which is what JS `<` does. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** A string key for a partition; the partition number first, so no topic name can make two keys collide. */
function partitionKey(tp: TopicPartition): string {
  return `${tp.partition}:${tp.topic}`;
}

/** Partition count of a topic with metadata, or undefined (no metadata, or no partitions). */
function partitionCount(partitionsPerTopic: Record<string, number>, topic: string): number | undefined {
  if (!Object.prototype.hasOwnProperty.call(partitionsPerTopic, topic)) return undefined;
  const count = partitionsPerTopic[topic];
  // AbstractPartitionAssignor.assign: only topics with `numPartitions > 0` reach the assignor.
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : undefined;
}

/** `AbstractPartitionAssignor.MemberInfo.compareTo`: static members first by instance id, then dynamic ones by member id. */
function compareMemberInfo(a: Member, b: Member): number {
  if (a.instanceId !== undefined && b.instanceId !== undefined) {
    // Instance ids are unique in a real group; the member id only breaks ties deterministically.
    return compareStrings(a.instanceId, b.instanceId) || compareStrings(a.id, b.id);
  }
  if (a.instanceId !== undefined) return -1;
  if (b.instanceId !== undefined) return 1;
  return compareStrings(a.id, b.id);
}

function normalizeMembers(members: AssignorMember[]): Member[] {
  const seen = new Set<string>();
  return members.map((m) => {
    if (seen.has(m.id)) {
      throw new KafkaException('InvalidRequestException', `Member id "${m.id}" appears twice in the group; every member needs its own member.id.`);
    }
    seen.add(m.id);
    const ownedByKey = new Map<string, TopicPartition>();
    for (const tp of m.owned ?? []) ownedByKey.set(partitionKey(tp), tp);
    return {
      id: m.id,
      instanceId: m.groupInstanceId ?? undefined,
      topicSet: new Set(m.topics),
      owned: [...ownedByKey.values()].sort(compareTopicPartitions),
      generation: m.generation ?? DEFAULT_GENERATION,
    };
  });
}

function emptyResult(members: Member[]): Result {
  return new Map(members.map((m) => [m.id, []]));
}

function toRecord(result: Result): Record<string, TopicPartition[]> {
  // Object.fromEntries defines own properties, so even a member id like "__proto__" is safe.
  return Object.fromEntries([...result].map(([id, list]) => [id, [...list].sort(compareTopicPartitions)]));
}

function subscribedTopicsSorted(members: Member[]): string[] {
  const topics = new Set<string>();
  for (const m of members) for (const t of m.topicSet) topics.add(t);
  return [...topics].sort(compareStrings);
}

// ---------------------------------------------------------------------------------------------
// RangeAssignor

function assignRange(members: Member[], partitionsPerTopic: Record<string, number>): Result {
  const result = emptyResult(members);
  const ordered = [...members].sort(compareMemberInfo);
  for (const topic of subscribedTopicsSorted(members)) {
    const numPartitions = partitionCount(partitionsPerTopic, topic);
    if (numPartitions === undefined) continue;
    // RangeAssignor: only the members subscribed to this topic take part, each topic on its own.
    const consumers = ordered.filter((m) => m.topicSet.has(topic));
    const perConsumer = Math.floor(numPartitions / consumers.length);
    const withExtra = numPartitions % consumers.length;
    consumers.forEach((consumer, i) => {
      // RangeAssignor: the first `numPartitions % consumers` members get one extra, so ranges stay contiguous.
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i < withExtra ? 1 : 0);
      const list = result.get(consumer.id);
      for (let p = start; p < start + length; p++) list?.push({ topic, partition: p });
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// RoundRobinAssignor

function assignRoundRobin(members: Member[], partitionsPerTopic: Record<string, number>): Result {
  const result = emptyResult(members);
  const ordered = [...members].sort(compareMemberInfo);
  let cursor = 0; // CircularIterator over the members; never reset between topics
  // RoundRobinAssignor.allPartitionsSorted: subscribed topics in a TreeSet (sorted by name).
  for (const topic of subscribedTopicsSorted(members)) {
    const numPartitions = partitionCount(partitionsPerTopic, topic);
    if (numPartitions === undefined) continue;
    for (let p = 0; p < numPartitions; p++) {
      // Skip members not subscribed to this topic; some member is, since the topic came from a subscription.
      while (!ordered[cursor % ordered.length]!.topicSet.has(topic)) cursor++;
      result.get(ordered[cursor % ordered.length]!.id)?.push({ topic, partition: p });
      cursor++;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// StickyAssignor / CooperativeStickyAssignor (AbstractStickyAssignor semantics)
//
// Kafka's goals, in order: (1) balance: no partition could move to a member with 2+ fewer partitions
// that also subscribes to its topic (`AbstractStickyAssignor.isBalanced`); (2) keep each member's
// owned partitions where balance allows. Exact layouts are implementation-specific (KAFKA-SEMANTICS 3).
// Here: start the way GeneralAssignmentBuilder does (keep owned partitions, give each unassigned one to
// the least loaded subscriber, move single partitions until balanced), then minimise, exactly,
// (sum of squared loads, then partitions taken from their owner) by cancelling negative cycles in the
// residual graph of a min-cost flow. The result is balanced in Kafka's sense (any single balancing move
// would lower the sum of squares), moves the fewest owned partitions among the most even assignments
// (with equal subscriptions: the fewest any balanced assignment can), is returned unchanged when the
// group rejoins with it, and a cooperative follow-up rebalance never has to move an owned partition.

interface StickyProblem {
  /** Member ids, sorted by member id: AbstractStickyAssignor breaks ties by member id, not MemberInfo. */
  memberIds: string[];
  /** Every assignable partition, in GeneralAssignmentBuilder's order: topics by number of subscribers, then name. */
  partitions: TopicPartition[];
  /** Members (indices) subscribed to each partition's topic, ascending. */
  eligible: number[][];
  /** The member that validly owned each partition before this rebalance, or -1. */
  owner: Int32Array;
}

interface StickyState {
  holder: Int32Array;
  load: number[];
}

function assignSticky(members: Member[], partitionsPerTopic: Record<string, number>): Result {
  const problem = buildStickyProblem(members, partitionsPerTopic);
  const state = initialStickyState(problem);
  fillLeastLoaded(problem, state);
  balanceBySingleMoves(problem, state);
  minimizeByCycleCancelling(problem, state);

  const result = emptyResult(members);
  problem.partitions.forEach((tp, p) => {
    result.get(problem.memberIds[state.holder[p]!]!)?.push({ topic: tp.topic, partition: tp.partition });
  });
  return result;
}

function buildStickyProblem(members: Member[], partitionsPerTopic: Record<string, number>): StickyProblem {
  const sorted = [...members].sort((a, b) => compareStrings(a.id, b.id));
  const memberIds = sorted.map((m) => m.id);

  // Topics that have metadata and at least one subscriber, with their subscribers.
  const subscribers = new Map<string, number[]>();
  for (const topic of subscribedTopicsSorted(members)) {
    if (partitionCount(partitionsPerTopic, topic) === undefined) continue;
    subscribers.set(
      topic,
      sorted.flatMap((m, i) => (m.topicSet.has(topic) ? [i] : [])),
    );
  }
  // AbstractStickyAssignor.TopicComparator: fewest potential consumers first, then by name.
  const topics = [...subscribers.keys()].sort((a, b) => subscribers.get(a)!.length - subscribers.get(b)!.length || compareStrings(a, b));

  const partitions: TopicPartition[] = [];
  const eligible: number[][] = [];
  const indexByKey = new Map<string, number>();
  for (const topic of topics) {
    const count = partitionCount(partitionsPerTopic, topic)!;
    for (let p = 0; p < count; p++) {
      indexByKey.set(partitionKey({ topic, partition: p }), partitions.length);
      partitions.push({ topic, partition: p });
      eligible.push(subscribers.get(topic)!);
    }
  }

  // AbstractStickyAssignor.allSubscriptionsEqual: a partition claimed by several members goes to the
  // claim of the highest generation; if that generation has two claimants, neither keeps it.
  const best = new Int32Array(partitions.length).fill(-1);
  const bestGeneration = new Array<number>(partitions.length).fill(Number.NEGATIVE_INFINITY);
  const contested = new Uint8Array(partitions.length);
  sorted.forEach((member, i) => {
    for (const tp of member.owned) {
      const p = indexByKey.get(partitionKey(tp));
      if (p === undefined) continue; // topic without metadata or subscribers, or no such partition
      if (member.generation > bestGeneration[p]!) {
        best[p] = i;
        bestGeneration[p] = member.generation;
        contested[p] = 0;
      } else if (member.generation === bestGeneration[p]) {
        contested[p] = 1;
      }
    }
  });
  const owner = new Int32Array(partitions.length).fill(-1);
  for (let p = 0; p < partitions.length; p++) {
    const claimant = best[p]!;
    // GeneralAssignmentBuilder.assignOwnedPartitions: a member no longer subscribed to the topic gives it up.
    if (contested[p] === 0 && claimant >= 0 && sorted[claimant]!.topicSet.has(partitions[p]!.topic)) owner[p] = claimant;
  }
  return { memberIds, partitions, eligible, owner };
}

function initialStickyState(problem: StickyProblem): StickyState {
  const holder = new Int32Array(problem.partitions.length).fill(-1);
  const load = new Array<number>(problem.memberIds.length).fill(0);
  problem.owner.forEach((m, p) => {
    if (m >= 0) {
      holder[p] = m;
      load[m]!++;
    }
  });
  return { holder, load };
}

function moveTo(state: StickyState, p: number, to: number): void {
  const from = state.holder[p]!;
  if (from >= 0) state.load[from]!--;
  state.holder[p] = to;
  state.load[to]!++;
}

/** GeneralAssignmentBuilder.maybeAssignPartition: each unassigned partition to the least loaded subscriber (ties: member id). */
function fillLeastLoaded(problem: StickyProblem, state: StickyState): void {
  for (let p = 0; p < problem.partitions.length; p++) {
    if (state.holder[p]! >= 0) continue;
    let target = -1;
    for (const m of problem.eligible[p]!) {
      if (target < 0 || state.load[m]! < state.load[target]!) target = m;
    }
    moveTo(state, p, target);
  }
}

/**
 * GeneralAssignmentBuilder.performReassignments: while some partition could move to a subscriber with
 * 2+ fewer partitions, move one. Prefers partitions the holder did not own, then returning a partition
 * to its previous owner, then the widest gap. Each move lowers the sum of squared loads, so it ends.
 */
function balanceBySingleMoves(problem: StickyProblem, state: StickyState): void {
  const { owner, eligible } = problem;
  for (;;) {
    let bestP = -1;
    let bestTo = -1;
    let bestKey: number[] = [];
    for (let p = 0; p < problem.partitions.length; p++) {
      const from = state.holder[p]!;
      const fromLoad = state.load[from]!;
      for (const to of eligible[p]!) {
        if (to === from || fromLoad < state.load[to]! + 2) continue;
        const key = [owner[p] === from ? 1 : 0, owner[p] === to ? 0 : 1, state.load[to]! - fromLoad, -p, to];
        if (bestP < 0 || compareKeys(key, bestKey) < 0) {
          bestP = p;
          bestTo = to;
          bestKey = key;
        }
      }
    }
    if (bestP < 0) return;
    moveTo(state, bestP, bestTo);
  }
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Minimises `bigM * sum(load^2) + moves` (moves: partitions not with their previous owner) exactly.
 * The assignment is a min-cost flow with convex member costs; it is optimal iff its residual graph
 * has no negative cycle. That graph is condensed to members plus one load node T: edge X->Y moves a
 * partition from X to Y (cost: change in moves), T->X frees X's last unit of load, X->T adds one.
 */
function minimizeByCycleCancelling(problem: StickyProblem, state: StickyState): void {
  const memberCount = problem.memberIds.length;
  const numPartitions = problem.partitions.length;
  if (memberCount < 2 || numPartitions === 0) return;
  // Sums of squares of the same total all share its parity, so they differ by 2+; 2 * bigM > any move count.
  const bigM = numPartitions + 1;
  const T = memberCount;
  const nodeCount = memberCount + 1;

  // Each cancelled cycle lowers the (integer, bounded) objective by its negative weight, so this ends.
  for (;;) {
    // Cheapest partition move for every ordered pair of members (ties: the later partition).
    const hopCost = new Array<number>(memberCount * memberCount).fill(Number.POSITIVE_INFINITY);
    const hopPartition = new Int32Array(memberCount * memberCount).fill(-1);
    for (let p = 0; p < numPartitions; p++) {
      const from = state.holder[p]!;
      const ownerOfP = problem.owner[p]!;
      const leaveCost = ownerOfP === from ? 0 : 1;
      for (const to of problem.eligible[p]!) {
        if (to === from) continue;
        const cost = (ownerOfP === to ? 0 : 1) - leaveCost;
        const h = from * memberCount + to;
        if (cost <= hopCost[h]!) {
          hopCost[h] = cost;
          hopPartition[h] = p;
        }
      }
    }
    const edges: [number, number, number][] = [];
    for (let x = 0; x < memberCount; x++) {
      for (let y = 0; y < memberCount; y++) {
        const cost = hopCost[x * memberCount + y]!;
        if (cost !== Number.POSITIVE_INFINITY) edges.push([x, y, cost]);
      }
    }
    for (let x = 0; x < memberCount; x++) {
      const load = state.load[x]!;
      if (load > 0) edges.push([T, x, -(2 * load - 1) * bigM]);
      edges.push([x, T, (2 * load + 1) * bigM]);
    }

    const cycle = findNegativeCycle(nodeCount, edges);
    if (cycle === undefined) return;
    const moves: [number, number][] = [];
    for (let i = 0; i < cycle.length; i++) {
      const from = cycle[i]!;
      const to = cycle[(i + 1) % cycle.length]!;
      if (from !== T && to !== T) moves.push([hopPartition[from * memberCount + to]!, to]);
    }
    for (const [p, to] of moves) moveTo(state, p, to);
  }
}

/** Bellman-Ford from a virtual source joined to every node; returns a negative cycle's nodes in edge order. */
function findNegativeCycle(nodeCount: number, edges: [number, number, number][]): number[] | undefined {
  const dist = new Array<number>(nodeCount).fill(0);
  const pred = new Int32Array(nodeCount).fill(-1);
  const predCost = new Array<number>(nodeCount).fill(0);
  let relaxed = -1;
  for (let i = 0; i < nodeCount; i++) {
    relaxed = -1;
    for (const [u, v, w] of edges) {
      if (dist[u]! + w < dist[v]!) {
        dist[v] = dist[u]! + w;
        pred[v] = u;
        predCost[v] = w;
        relaxed = v;
      }
    }
    if (relaxed < 0) return undefined;
  }
  // Still relaxing after |V| passes: walking back |V| predecessors lands on a cycle.
  let x = relaxed;
  for (let i = 0; i < nodeCount; i++) x = pred[x]!;
  const reversed = [x];
  let weight = predCost[x]!;
  for (let y = pred[x]!; y !== x; y = pred[y]!) {
    reversed.push(y);
    weight += predCost[y]!;
  }
  // Cycles of Bellman-Ford's predecessor graph are negative; checked so a bug cannot loop forever.
  return weight < 0 ? reversed.reverse() : undefined;
}
