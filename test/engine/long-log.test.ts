/**
 * A long log (issue 11): what a snapshot carries stays the same size however many segments a log
 * holds, and still adds up to the whole log.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine';

describe('a snapshot of a log with many segments', () => {
  it('lists the newest segments one by one and older ones in runs that cover every offset and record', () => {
    const sim = createSimulation(
      {
        name: 'many segments',
        cluster: { brokers: 3 },
        topics: [{ name: 'events', partitions: 1, replicationFactor: 3, configs: { 'segment.ms': 100 } }],
        producers: [{ id: 'p', topic: 'events', ratePerSec: 40, keys: { kind: 'random', prefix: 'k-', cardinality: 10 } }],
      },
      { seed: 3 },
    );
    sim.advance(60_000);
    const log = sim.state.partitions['events-0']!.logs[1]!.log;
    expect(log.segments.length).toBeGreaterThan(400);
    for (const r of sim.snapshot().partitions[0]!.replicaStates) {
      const views = r.segments;
      expect(views.length).toBeLessThanOrEqual(160);
      expect(r.segmentCount).toBe(sim.state.partitions['events-0']!.logs[r.brokerId]!.log.segments.length);
      expect(views.reduce((n, v) => n + v.segments, 0)).toBe(r.segmentCount);
      // Contiguous from the first segment's base to the log end, with every record counted once.
      for (let i = 1; i < views.length; i++) expect(views[i]!.baseOffset).toBe(views[i - 1]!.endOffset);
      expect(views[0]!.baseOffset).toBe(r.logStartOffset);
      expect(views.at(-1)!.active).toBe(true);
      expect(views.reduce((n, v) => n + v.records, 0)).toBe(r.logEndOffset - r.logStartOffset);
      expect(views.reduce((n, v) => n + v.sizeBytes, 0)).toBe(r.sizeBytes);
      // The newest 96 are single segments; the runs before them are older.
      expect(views.slice(-96).every((v) => v.segments === 1)).toBe(true);
      expect(views[0]!.segments).toBeGreaterThan(1);
    }
  });
});
