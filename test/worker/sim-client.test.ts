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
    await expect(client.command({ type: 'crashBroker', brokerId: 9 })).resolves.toMatchObject({ result: { ok: false, error: { name: 'BrokerNotAvailableException' } } });
    await expect(client.command({ type: 'crashBroker', brokerId: 1 })).resolves.toMatchObject({ result: { ok: true } });
    client.advance(5000);
    transport.frame(500);
    const records = await client.readRecords('orders', 1, 0, 3);
    expect(records.every((r) => r.partition === 1)).toBe(true);
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
