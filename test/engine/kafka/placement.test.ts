import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignReplicas } from '../../../src/engine/kafka/placement';
import { KafkaException } from '../../../src/engine/errors';

/** Kafka's `fixedStartIndex`: AdminUtils sets both startIndex and nextReplicaShift to it. */
const fixed = (i: number, startPartitionId?: number) => ({ startIndex: i, nextReplicaShift: i, startPartitionId });

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('assignReplicas: fidelity with AdminUtils.assignReplicasToBrokersRackUnaware', () => {
  it('AdminRackAwareTest.testReplicaAssignment: brokers 0..4, 10 partitions, RF 3, fixedStartIndex 0', () => {
    // Copied from apache/kafka core/src/test/scala/unit/kafka/admin/AdminRackAwareTest.scala testReplicaAssignment
    // (also the AdminUtils javadoc table, and the Java port of the same test).
    const expected = [
      [0, 1, 2], // 0
      [1, 2, 3], // 1
      [2, 3, 4], // 2
      [3, 4, 0], // 3
      [4, 0, 1], // 4
      [0, 2, 3], // 5: partition 5 is a multiple of 5 brokers, so nextReplicaShift becomes 1
      [1, 3, 4], // 6
      [2, 4, 0], // 7
      [3, 0, 1], // 8
      [4, 1, 2], // 9
    ];
    expect(assignReplicas([0, 1, 2, 3, 4], 10, 3, fixed(0))).toEqual(expected);
    // Kafka's test passes startPartitionId -1, which AdminUtils reads as 0.
    expect(assignReplicas([0, 1, 2, 3, 4], 10, 3, fixed(0, -1))).toEqual(expected);
  });

  it('AdminRackAwareTest.testReplicaAssignment error cases: RF 0 and RF 6 on 5 brokers', () => {
    const brokers = [0, 1, 2, 3, 4];
    const rf0 = thrown(() => assignReplicas(brokers, 10, 0, fixed(0)));
    expect(rf0).toBeInstanceOf(KafkaException);
    expect((rf0 as KafkaException).kafkaName).toBe('InvalidReplicationFactorException');
    expect((rf0 as KafkaException).message).toMatch(/^Replication factor must be larger than 0\./);

    const rf6 = thrown(() => assignReplicas(brokers, 10, 6, fixed(0)));
    expect(rf6).toBeInstanceOf(KafkaException);
    expect((rf6 as KafkaException).kafkaName).toBe('InvalidReplicationFactorException');
    expect((rf6 as KafkaException).message).toMatch(/^Replication factor: 6 larger than available brokers: 5\./);
  });

  // AddPartitionsTest (core/src/test/scala/unit/kafka/admin/AddPartitionsTest.scala): AdminUtils.addPartitions places
  // the new partitions with fixedStartIndex = the position of partition 0's first replica in the broker list, and
  // startPartitionId = the current partition count. Kafka's test checks each new partition's leader and replica set;
  // the exact orders were produced by the same AdminUtils loop on the JVM.
  it('AddPartitionsTest.testReplicaPlacementAllServers: 4 brokers, partition 0 on [2,3,0,1], grow to 7', () => {
    const placed = assignReplicas([0, 1, 2, 3], 6, 4, fixed(2, 1));
    const kafkaExpects: [number, number[]][] = [
      [3, [3, 2, 0, 1]], // partition 1: leader 3
      [0, [0, 3, 1, 2]], // 2
      [1, [1, 0, 2, 3]], // 3
      [2, [2, 3, 0, 1]], // 4
      [3, [3, 0, 1, 2]], // 5
      [0, [0, 1, 2, 3]], // 6
    ];
    placed.forEach((replicas, i) => {
      const [leader, set] = kafkaExpects[i]!;
      expect(replicas[0]).toBe(leader);
      expect(new Set(replicas)).toEqual(new Set(set));
    });
    expect(placed).toEqual([
      [3, 2, 0, 1],
      [0, 3, 1, 2],
      [1, 0, 2, 3],
      [2, 3, 0, 1],
      [3, 0, 1, 2],
      [0, 1, 2, 3],
    ]);
  });

  it('AddPartitionsTest.testReplicaPlacementPartialServers: 4 brokers, partition 0 on [1,2], grow to 3', () => {
    const placed = assignReplicas([0, 1, 2, 3], 2, 2, fixed(1, 1));
    expect(placed[0]![0]).toBe(2);
    expect(new Set(placed[0])).toEqual(new Set([0, 2]));
    expect(placed[1]![0]).toBe(3);
    expect(new Set(placed[1])).toEqual(new Set([1, 3]));
    expect(placed).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });

  // More cases, each produced by AdminUtils' rack-unaware loop compiled and run on OpenJDK 17.0.15, with
  // startIndex and nextReplicaShift passed in (Kafka draws them independently with RAND.nextInt(brokers)).
  const jvmCases: {
    name: string;
    brokers: number[];
    partitions: number;
    rf: number;
    startIndex: number;
    nextReplicaShift: number;
    startPartitionId?: number;
    expected: number[][];
  }[] = [
    {
      name: 'three brokers with ids from 1, independent start and shift',
      brokers: [1, 2, 3],
      partitions: 7,
      rf: 3,
      startIndex: 1,
      nextReplicaShift: 2,
      expected: [
        [2, 3, 1],
        [3, 1, 2],
        [1, 2, 3],
        [2, 1, 3],
        [3, 2, 1],
        [1, 3, 2],
        [2, 3, 1],
      ],
    },
    {
      name: 'six brokers given out of order (sorted first), 13 partitions',
      brokers: [106, 101, 104, 102, 105, 103],
      partitions: 13,
      rf: 3,
      startIndex: 4,
      nextReplicaShift: 1,
      expected: [
        [105, 101, 102],
        [106, 102, 103],
        [101, 103, 104],
        [102, 104, 105],
        [103, 105, 106],
        [104, 106, 101],
        [105, 102, 103],
        [106, 103, 104],
        [101, 104, 105],
        [102, 105, 106],
        [103, 106, 101],
        [104, 101, 102],
        [105, 103, 104],
      ],
    },
    {
      name: 'adding partitions 5..13 to a topic on 4 brokers, RF 2',
      brokers: [10, 20, 30, 40],
      partitions: 9,
      rf: 2,
      startIndex: 3,
      nextReplicaShift: 0,
      startPartitionId: 5,
      expected: [
        [10, 20],
        [20, 30],
        [30, 40],
        [40, 20],
        [10, 30],
        [20, 40],
        [30, 10],
        [40, 30],
        [10, 40],
      ],
    },
    {
      name: 'a single broker, RF 1',
      brokers: [7],
      partitions: 3,
      rf: 1,
      startIndex: 0,
      nextReplicaShift: 0,
      expected: [[7], [7], [7]],
    },
  ];
  it.each(jvmCases)('$name', (c) => {
    const opts = { startIndex: c.startIndex, nextReplicaShift: c.nextReplicaShift, startPartitionId: c.startPartitionId };
    expect(assignReplicas(c.brokers, c.partitions, c.rf, opts)).toEqual(c.expected);
  });

  it('counts shift steps only from startPartitionId on, as Kafka does', () => {
    // One call for partitions 0..11 bumps the shift at partitions 5 and 10. A second call that starts at partition 7
    // only sees partition 10 (JVM: 7=[2,3,4] vs [2,4,0] in the single call). Kafka has the same quirk.
    const whole = assignReplicas([0, 1, 2, 3, 4], 12, 3, fixed(0));
    const tail = assignReplicas([0, 1, 2, 3, 4], 5, 3, fixed(0, 7));
    expect(whole[7]).toEqual([2, 4, 0]);
    expect(tail).toEqual([
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
    ]);
    // Leaders still continue the round-robin.
    expect(tail.map((r) => r[0])).toEqual(whole.slice(7).map((r) => r[0]));
  });
});

describe('assignReplicas: errors, in AdminUtils order and wording', () => {
  it('rejects partitions <= 0 with InvalidPartitionsException', () => {
    for (const p of [0, -1]) {
      const e = thrown(() => assignReplicas([0, 1, 2], p, 1, fixed(0)));
      expect(e).toBeInstanceOf(KafkaException);
      expect((e as KafkaException).kafkaName).toBe('InvalidPartitionsException');
      expect((e as KafkaException).message).toMatch(/^Number of partitions must be larger than 0\. \S/);
    }
  });

  it('checks partitions before the replication factor, as AdminUtils does', () => {
    const e = thrown(() => assignReplicas([0], 0, 5, fixed(0)));
    expect((e as KafkaException).kafkaName).toBe('InvalidPartitionsException');
  });

  it('rejects RF > brokers with Kafka message plus a sentence for a learner', () => {
    const e = thrown(() => assignReplicas([1, 2, 3], 6, 4, fixed(0)));
    expect(e).toBeInstanceOf(KafkaException);
    expect((e as KafkaException).name).toBe('InvalidReplicationFactorException');
    const msg = (e as KafkaException).message;
    expect(msg.startsWith('Replication factor: 4 larger than available brokers: 3.')).toBe(true);
    expect(msg.length).toBeGreaterThan('Replication factor: 4 larger than available brokers: 3.'.length + 10);
  });

  it('rejects any RF when there are no brokers', () => {
    const e = thrown(() => assignReplicas([], 1, 1, fixed(0)));
    expect((e as KafkaException).message).toMatch(/^Replication factor: 1 larger than available brokers: 0\./);
  });

  it('rejects non-integer arguments, negative start positions and repeated broker ids with a RangeError', () => {
    expect(() => assignReplicas([0, 1], 1.5, 1, fixed(0))).toThrow(RangeError);
    expect(() => assignReplicas([0, 1], 2, 1.5, fixed(0))).toThrow(RangeError);
    expect(() => assignReplicas([0, 1], 2, 1, { startIndex: -1, nextReplicaShift: 0 })).toThrow(RangeError);
    expect(() => assignReplicas([0, 1], 2, 1, { startIndex: 0, nextReplicaShift: 0.5 })).toThrow(RangeError);
    expect(() => assignReplicas([0, 1], 2, 1, { startIndex: 0, nextReplicaShift: 0, startPartitionId: 1.5 })).toThrow(RangeError);
    expect(() => assignReplicas([0, 1, 1], 2, 2, fixed(0))).toThrow(RangeError);
  });
});

describe('assignReplicas: properties', () => {
  const brokerSet = fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 9 });
  const scenario = brokerSet.chain((brokers) =>
    fc.record({
      brokers: fc.shuffledSubarray(brokers, { minLength: brokers.length }),
      partitions: fc.integer({ min: 1, max: 60 }),
      rf: fc.integer({ min: 1, max: brokers.length }),
      startIndex: fc.nat({ max: 3 * brokers.length }),
      nextReplicaShift: fc.nat({ max: 3 * brokers.length }),
      startPartitionId: fc.nat({ max: 40 }),
    }),
  );
  const run = (s: { brokers: number[]; partitions: number; rf: number; startIndex: number; nextReplicaShift: number; startPartitionId: number }) =>
    assignReplicas(s.brokers, s.partitions, s.rf, {
      startIndex: s.startIndex,
      nextReplicaShift: s.nextReplicaShift,
      startPartitionId: s.startPartitionId,
    });

  it('gives every partition RF distinct brokers from the list', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const placed = run(s);
        expect(placed).toHaveLength(s.partitions);
        for (const replicas of placed) {
          expect(replicas).toHaveLength(s.rf);
          expect(new Set(replicas).size).toBe(s.rf);
          for (const b of replicas) expect(s.brokers).toContain(b);
        }
      }),
    );
  });

  it('spreads leaders round-robin: leader counts differ by at most 1, for any partition count', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const counts = new Map(s.brokers.map((b) => [b, 0]));
        for (const replicas of run(s)) counts.set(replicas[0]!, counts.get(replicas[0]!)! + 1);
        const values = [...counts.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives each broker exactly partitions×RF/brokers replicas when starting at partition 0 with a multiple of the broker count', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 6 }), (s, rounds) => {
        const n = s.brokers.length;
        const placed = run({ ...s, partitions: rounds * n, startPartitionId: 0 });
        const counts = new Map(s.brokers.map((b) => [b, 0]));
        for (const replicas of placed) for (const b of replicas) counts.set(b, counts.get(b)! + 1);
        for (const c of counts.values()) expect(c).toBe(rounds * s.rf);
      }),
    );
  });

  it('does not depend on the order of brokerIds, and does not modify it', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const before = [...s.brokers];
        const sorted = [...s.brokers].sort((a, b) => a - b);
        expect(run(s)).toEqual(run({ ...s, brokers: sorted }));
        expect(s.brokers).toEqual(before);
      }),
    );
  });

  it('puts leaders on consecutive brokers of the sorted list, starting at startIndex + startPartitionId', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const sorted = [...s.brokers].sort((a, b) => a - b);
        const n = sorted.length;
        run(s).forEach((replicas, i) => {
          expect(replicas[0]).toBe(sorted[(s.startPartitionId + i + s.startIndex) % n]);
        });
      }),
    );
  });

  it('is a prefix-stable function: placing more partitions never changes the earlier ones', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 20 }), (s, extra) => {
        const short = run(s);
        const long = run({ ...s, partitions: s.partitions + extra });
        expect(long.slice(0, s.partitions)).toEqual(short);
      }),
    );
  });
});
