// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordView } from '../../src/engine';
import { readRecords, sendCommand } from '../../src/store';
import { RecordDetail } from '../../src/view/topic/RecordDetail';
import { ONE_BUSY_PARTITION, startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

/** Every record of orders now (3 partitions). */
async function allRecords(): Promise<RecordView[]> {
  let out: RecordView[] = [];
  await act(async () => {
    for (const p of [0, 1, 2]) out = out.concat(await readRecords('orders', p, 0, 1000));
  });
  return out;
}

async function produceByHand(key: string | null, value: string | null): Promise<void> {
  await act(async () => {
    const result = await sendCommand({ type: 'produce', producerId: 'checkout-service', key, value });
    expect(result).toEqual({ ok: true });
  });
}

describe('the record detail', () => {
  it('explains a keyed record: key, value, headers, timestamp type and the murmur2 partition choice', async () => {
    const sim = startLiveSim();
    await sim.runFor(5000);
    const record = (await allRecords()).find((r) => r.key !== null && r.committed)!;
    const h = record.keyHash!;
    render(<RecordDetail topic="orders" partition={record.partition} offset={record.offset} />);
    const region = await screen.findByRole('region', { name: `Record orders-${record.partition}@${record.offset}` });
    await within(region).findAllByText(record.key!); // the key field and the murmur2 line, each in its own <bdi>
    const text = region.textContent!;
    const n = (v: number) => v.toLocaleString('en-US');
    expect(text).toContain(`murmur2(UTF-8 bytes of "${record.key}") = ${n(h.murmur2)} → toPositive (h & 0x7fffffff) = ${n(h.positive)}`);
    expect(text).toContain(`mod 3 = ${h.partition} → partition ${h.partition}`);
    // The default partitioner chose the partition the record is in.
    expect(h.partition).toBe(record.partition);
    expect(text).toContain('CreateTime: set by the producer');
    expect(within(region).getByRole('cell', { name: 'source' })).toBeTruthy();
    expect(within(region).getByRole('cell', { name: 'checkout' })).toBeTruthy();
    expect(text).toContain('consumers can read it');
    expect(text).toContain('checkout-service');
    // A JSON value is pretty-printed.
    expect(region.querySelector('pre')!.textContent).toBe(JSON.stringify(JSON.parse(record.value!), null, 2));
  });

  it('renders a key that looks like HTML as text', async () => {
    const sim = startLiveSim();
    await sim.runFor(1000);
    const key = '<img src=x onerror=alert(1)>';
    await produceByHand(key, '{"a":1}');
    await sim.runFor(1000);
    const record = (await allRecords()).find((r) => r.key === key)!;
    expect(record).toBeTruthy();
    render(<RecordDetail topic="orders" partition={record.partition} offset={record.offset} />);
    const region = await screen.findByRole('region', { name: `Record orders-${record.partition}@${record.offset}` });
    expect((await within(region).findAllByText(key)).length).toBe(2); // the key field and the murmur2 line
    expect(region.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(region.querySelector('pre')!.textContent).toBe('{\n  "a": 1\n}');
  });

  it('says a null value is a tombstone', async () => {
    const sim = startLiveSim();
    await sim.runFor(1000);
    await produceByHand('customer-1', null);
    await sim.runFor(1000);
    const record = (await allRecords()).find((r) => r.key === 'customer-1' && r.value === null)!;
    render(<RecordDetail topic="orders" partition={record.partition} offset={record.offset} />);
    const region = await screen.findByRole('region', { name: `Record orders-${record.partition}@${record.offset}` });
    expect(await within(region).findByText(/null — a tombstone/)).toBeTruthy();
  });

  it('says when the offset asked for is gone or not written yet, and follows prop changes', async () => {
    const sim = startLiveSim();
    await sim.runFor(3000);
    const records = await allRecords();
    const first = records.find((r) => r.partition === 0)!;
    const { rerender } = render(<RecordDetail topic="orders" partition={0} offset={999_999} />);
    expect(await screen.findByText(/Offset 999999 is not in the log \(log start 0 \/ log end \d+\)/)).toBeTruthy();
    rerender(<RecordDetail topic="orders" partition={0} offset={first.offset} />);
    const region = await screen.findByRole('region', { name: `Record orders-0@${first.offset}` });
    expect(await within(region).findByText(`orders-0 @ ${first.offset}`)).toBeTruthy();
    expect(region.textContent).not.toContain('not in the log');
  });

  it('shows the next record when the asked offset was removed by retention', async () => {
    const sim = startLiveSim();
    await sim.runFor(70_000, 1000);
    await act(async () => {
      await sendCommand({ type: 'setTopicConfig', topic: 'orders', configs: { 'retention.ms': 1000 } });
    });
    await sim.runFor(120_000, 2000);
    const records = await allRecords();
    // The first record left in a partition whose log start moved.
    const first = [0, 1, 2].map((p) => records.find((r) => r.partition === p)!).find((r) => r.offset > 0)!;
    render(<RecordDetail topic="orders" partition={first.partition} offset={0} />);
    expect(
      await screen.findByText(`Offset 0 no longer exists (removed by compaction or retention); showing the next record, offset ${first.offset}`),
    ).toBeTruthy();
  });

  it("says plainly when the simulator dropped an old record's payload to save memory, and shows what is left", async () => {
    const sim = startLiveSim(ONE_BUSY_PARTITION, 9, { recordBudget: 100 });
    await sim.runFor(15_000, 1000);
    let old: RecordView[] = [];
    await act(async () => {
      old = await readRecords('orders', 0, 0, 1);
    });
    expect(old[0]).toMatchObject({ offset: 0, dropped: true });
    render(<RecordDetail topic="orders" partition={0} offset={0} />);
    const region = await screen.findByRole('region', { name: 'Record orders-0@0' });
    const note = await within(region).findByRole('note');
    expect(note.textContent).toContain("dropped this old record's key, value and headers to stay within its memory budget");
    const text = region.textContent!;
    expect(text).toContain('orders-0 @ 0');
    expect(text).not.toContain('tombstone'); // a dropped value is not a null value
    expect(text).not.toContain('no key (null)');
    expect(within(region).getAllByText('dropped to save memory').length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/about [\d,]+ bytes/);
  });
});
