import { describe, expect, it } from 'vitest';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

describe('the sim client over the in-process transport', () => {
  it('delivers ticks, resolves command results and record reads by request id', async () => {
    const transport = createInProcessTransport();
    const client = createSimClient(transport);
    const ticks: number[] = [];
    client.onTick((t) => ticks.push(t.snapshot.timeMs));
    client.load(DEFAULT_SCENARIO, 5, { playing: true, speed: 1 });
    transport.frame(500);
    expect(ticks).toEqual([0, 500]);
    // Sent together, each answer goes to the request that asked for it.
    const [bad, good] = await Promise.all([client.command({ type: 'crashBroker', brokerId: 9 }), client.command({ type: 'crashBroker', brokerId: 1 })]);
    expect(bad).toMatchObject({
      result: { ok: false, error: { name: 'BrokerNotAvailableException' } },
      recorded: { command: { type: 'crashBroker', brokerId: 9 } },
    });
    expect(good).toMatchObject({ result: { ok: true }, recorded: { command: { type: 'crashBroker', brokerId: 1 } } });
    client.advance(5000);
    transport.frame(500);
    const [from0, from1] = await Promise.all([client.readRecords('orders', 1, 0, 3), client.readRecords('orders', 1, 1, 2)]);
    expect(from0.map((r) => [r.partition, r.offset])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(from1.map((r) => [r.partition, r.offset])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('reports load errors', () => {
    const transport = createInProcessTransport();
    const client = createSimClient(transport);
    const errors: string[] = [];
    client.onLoadError((m) => errors.push(m));
    client.load({ cluster: { brokers: 0 }, topics: [] }, 1);
    expect(errors[0]).toMatch(/between 1 and 64 brokers/);
  });
});
