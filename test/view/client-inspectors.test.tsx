// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { simStore } from '../../src/store';
import { findConsumer, findGroup, findProducer } from '../../src/store/selectors';
import { ConsumerInspector } from '../../src/view/inspector/ConsumerInspector';
import { GroupInspector } from '../../src/view/inspector/GroupInspector';
import { ProducerInspector } from '../../src/view/inspector/ProducerInspector';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

const producer = () => findProducer(simStore.getState(), 'checkout-service')!;
const group = () => findGroup(simStore.getState(), 'billing')!;
const consumer = (id: string) => findConsumer(simStore.getState(), id);

describe('ProducerInspector', () => {
  it('pauses the producer: nothing more is acknowledged', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.runFor(3000);
    expect(producer().stats.acknowledged).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Pause producer checkout-service' }));
    await sim.runFor(1000); // let in-flight batches settle
    expect(screen.getByRole('button', { name: 'Resume producer checkout-service' })).toBeTruthy();
    const before = producer().stats.acknowledged;
    await sim.runFor(5000);
    expect(producer().stats.acknowledged).toBe(before);
    expect(screen.getByText('Acknowledged', { selector: 'dt' }).nextElementSibling!.textContent).toBe(String(before));
    await user.click(screen.getByRole('button', { name: 'Resume producer checkout-service' }));
    await sim.runFor(3000);
    expect(producer().stats.acknowledged).toBeGreaterThan(before);
  });

  it('changes acks through the select and the rate through its field', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.frame(16);
    const acks = screen.getByRole('combobox', { name: 'acks' }) as HTMLSelectElement;
    expect(acks.value).toBe('all');
    await user.selectOptions(acks, '1');
    await sim.frame(16);
    expect(producer().configs.find((c) => c.name === 'acks')!.value).toBe('1');
    expect((screen.getByRole('combobox', { name: 'acks' }) as HTMLSelectElement).value).toBe('1');

    const rate = screen.getByRole('spinbutton', { name: 'Records per second' });
    await user.clear(rate);
    await user.type(rate, '7');
    await user.click(screen.getByRole('button', { name: 'Apply rate' }));
    await sim.frame(16);
    expect(producer().ratePerSec).toBe(7);
  });

  it('sends a record by hand with key "vip" and shows Kafka’s error for a bad rate', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.frame(16);
    const form = screen.getByRole('form', { name: 'Produce one record' });
    await user.type(within(form).getByLabelText('Key'), 'vip');
    await user.type(within(form).getByLabelText('Value'), 'gold order');
    await user.click(within(form).getByRole('button', { name: 'Send record' }));
    expect(await within(form).findByRole('status')).toHaveProperty('textContent', 'Sent');
    await sim.runFor(1000, 100);
    const appended = simStore.getState().traffic.some((l) => l.event.type === 'recordsAppended' && l.event.key === 'vip');
    expect(appended).toBe(true);

    const rate = screen.getByRole('spinbutton', { name: 'Records per second' });
    await user.clear(rate);
    await user.type(rate, '200000'); // above the simulator's limit: the engine refuses in Kafka's words
    await user.click(screen.getByRole('button', { name: 'Apply rate' }));
    expect((await screen.findByRole('alert')).textContent).toContain('InvalidConfigurationException');
  });

  // Issue 12, item 8: a record typed by hand must fit in a share link, or Share and Save refuse the whole run.
  it('takes no more text for a record than a share link carries, and says so', async () => {
    const user = userEvent.setup();
    startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    const form = screen.getByRole('form', { name: 'Produce one record' });
    // The limit is the field's accessible description, as well as text on screen.
    const value = within(form).getByRole('textbox', {
      name: 'Value',
      description: /Up to 10,000 characters for the key, the value and the header value, 249 for the header name/,
    });
    await user.click(value);
    await user.paste('x'.repeat(10_022));
    expect((value as HTMLInputElement).value).toHaveLength(10_000);
    await user.click(within(form).getByLabelText('Header name'));
    await user.paste('h'.repeat(300));
    expect((within(form).getByLabelText('Header name') as HTMLInputElement).value).toHaveLength(249);
  });

  it('applies a key pattern built in the Keys fieldset', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.frame(16);
    const form = screen.getByRole('form', { name: 'Key pattern' });
    await user.click(within(form).getByRole('radio', { name: 'Hot key' }));
    await user.clear(within(form).getByLabelText('The hot key'));
    await user.type(within(form).getByLabelText('The hot key'), 'whale');
    await user.clear(within(form).getByLabelText('Hot share (%)'));
    await user.type(within(form).getByLabelText('Hot share (%)'), '80');
    await user.click(within(form).getByRole('button', { name: 'Apply key pattern' }));
    await sim.frame(16);
    expect(producer().keys).toEqual({ kind: 'hot', hotKey: 'whale', hotShare: 0.8, prefix: 'customer-', cardinality: 12 });

    await user.click(within(form).getByRole('radio', { name: 'Fixed set' }));
    await user.type(within(form).getByLabelText('Keys (comma-separated)'), 'a, b ,c');
    await user.click(within(form).getByRole('button', { name: 'Apply key pattern' }));
    await sim.frame(16);
    expect(producer().keys).toEqual({ kind: 'fixed', keys: ['a', 'b', 'c'] });
  });

  it('edits other producer configs through the config editor; acks has its own select', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.frame(16);
    expect(screen.getAllByLabelText('acks')).toHaveLength(1);
    const linger = screen.getByLabelText('linger.ms');
    await user.clear(linger);
    await user.type(linger, '50');
    await user.click(screen.getByRole('button', { name: 'Apply linger.ms' }));
    await sim.frame(16);
    expect(producer().configs.find((c) => c.name === 'linger.ms')).toMatchObject({ value: 50, source: 'producer' });
    // Reset removes the override: the value is Kafka's default again, and no longer marked as changed.
    await user.click(screen.getByRole('button', { name: "Reset linger.ms to Kafka's default" }));
    await sim.frame(16);
    expect(producer().configs.find((c) => c.name === 'linger.ms')).toMatchObject({ value: 5, source: 'default' });
    expect(screen.queryByRole('button', { name: "Reset linger.ms to Kafka's default" })).toBeNull();
  });

  it('lists recent errors with Kafka’s names and whether the producer retries', async () => {
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.runFor(2000);
    const { sendCommand } = await import('../../src/store');
    // acks=all with min.insync.replicas=3: once a crashed broker leaves the ISR, writes fail with NotEnoughReplicas and are retried.
    await sendCommand({ type: 'setTopicConfig', topic: 'orders', configs: { 'min.insync.replicas': 3 } });
    await sendCommand({ type: 'crashBroker', brokerId: 3 });
    await sim.runFor(30_000);
    expect(producer().recentErrors.length).toBeGreaterThan(0);
    const list = screen.getByRole('list', { name: 'Recent errors' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .some((li) => /NotEnoughReplicasException \(retrying\)/.test(li.textContent ?? '')),
    ).toBe(true);
  });

  it('shows how much of buffer.memory is used, and a send() blocked for it with when it fails (max.block.ms)', async () => {
    // Every broker down: batches cannot leave, so the 64 KiB buffer fills within a second.
    const sim = startLiveSim({
      cluster: { brokers: 3 },
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'checkout-service', topic: 'orders', ratePerSec: 2_000, keys: { kind: 'none' }, configs: { 'buffer.memory': 65_536 } }],
      timeline: [1, 2, 3].map((brokerId) => ({ atMs: 200, command: { type: 'crashBroker', brokerId } })),
    });
    render(<ProducerInspector id="checkout-service" />);
    const detail = (term: string) =>
      screen
        .queryAllByRole('term')
        .find((t) => t.textContent === term)
        ?.nextElementSibling?.textContent?.trim();
    await sim.frame(16);
    expect(detail('buffer.memory')).toMatch(/^[\d.]+ (B|KiB) of 64 KiB used \(\d+ %\)$/);
    expect(detail('send()')).toBeUndefined();
    await sim.runFor(3_000);
    expect(detail('buffer.memory')).toMatch(/^[\d.]+ KiB of 64 KiB used \((7[5-9]|[89]\d|100) %\)$/);
    expect(detail('send()')).toMatch(
      /^blocked in send\(\): buffer full since T\+00:00:0\d\.\d{3}; fails with BufferExhaustedException at T\+00:01:0\d\.\d{3} \(after max\.block\.ms, 1 min\) unless acknowledged or failed batches free memory first\.$/,
    );
    // The two new configs are edited like the others.
    expect(screen.getByLabelText('buffer.memory')).toBeTruthy();
    expect(screen.getByLabelText('max.block.ms')).toBeTruthy();
  });

  it('removes the producer', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ProducerInspector id="checkout-service" />);
    await sim.frame(16);
    await user.click(screen.getByRole('button', { name: 'Remove producer checkout-service' }));
    await sim.frame(16);
    expect(findProducer(simStore.getState(), 'checkout-service')).toBeNull();
    expect(document.body.textContent).toContain('There is no producer checkout-service now'); // the id is in its own <bdi>
  });
});

describe('GroupInspector', () => {
  it('describes the group like kafka-consumer-groups --describe', async () => {
    const sim = startLiveSim();
    render(<GroupInspector groupId="billing" />);
    await sim.runFor(10_000);
    const table = screen.getByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'LAG (time)', 'CONSUMER']);
    for (const p of [0, 1, 2]) {
      const row = within(table).getByRole('row', { name: `orders-${p}` });
      const cells = within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
      const view = group().partitions.find((x) => x.partition === p)!;
      expect(cells[0]).toBe('orders');
      expect(cells[3]).toBe(String(view.highWatermark));
      expect(cells[2]).toBe(view.committedOffset === null ? '-' : String(view.committedOffset));
      expect(cells[6]).toMatch(/^billing-[12]$/);
    }
    expect(screen.getByText('Stable')).toBeTruthy();
  });

  it('adds consumers: the group grows to 3, then a 4th is idle and warned about', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<GroupInspector groupId="billing" />);
    await sim.runFor(6000);
    await user.click(screen.getByRole('button', { name: 'Add consumer to billing' }));
    await sim.runFor(10_000);
    expect(
      group()
        .members.map((m) => m.consumerId)
        .sort(),
    ).toEqual(['billing-1', 'billing-2', 'billing-3']);
    // Copied from a member: auto.offset.reset=earliest.
    expect(consumer('billing-3')!.configs.find((c) => c.name === 'auto.offset.reset')).toMatchObject({ value: 'earliest', source: 'consumer' });
    expect(screen.getByRole('button', { name: 'Inspect consumer billing-3' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add consumer to billing' }));
    await sim.runFor(10_000);
    expect(group().members).toHaveLength(4);
    // Three partitions, four members: exactly one of them is idle.
    expect(group().members.filter((m) => m.assignment.length === 0)).toHaveLength(1);
    expect(screen.getByText(/more consumers than partitions/)).toBeTruthy();
  });

  it('selects a member consumer', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<GroupInspector groupId="billing" />);
    await sim.runFor(6000);
    await user.click(screen.getByRole('button', { name: 'Inspect consumer billing-2' }));
    expect(simStore.getState().selection).toEqual({ kind: 'consumer', id: 'billing-2' });
  });

  it('switches the assignor on every running member', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<GroupInspector groupId="billing" />);
    await sim.runFor(6000);
    await user.selectOptions(screen.getByLabelText('partition.assignment.strategy'), 'roundrobin');
    await user.click(screen.getByRole('button', { name: 'Apply assignor' }));
    await sim.runFor(10_000);
    for (const id of ['billing-1', 'billing-2'])
      expect(consumer(id)!.configs.find((c) => c.name === 'partition.assignment.strategy')!.value).toBe('roundrobin');
    expect(group().protocol).toBe('roundrobin');
  });

  it('refuses a reset while members are active, and resets once they are gone', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<GroupInspector groupId="billing" />);
    await sim.runFor(8000);
    const form = screen.getByRole('form', { name: 'Reset offsets' });
    await user.click(within(form).getByRole('radio', { name: 'To earliest' }));
    await user.click(within(form).getByRole('button', { name: 'Reset offsets' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('GroupNotEmptyException');

    const { sendCommand } = await import('../../src/store');
    await sendCommand({ type: 'removeConsumer', consumerId: 'billing-1' });
    await sendCommand({ type: 'removeConsumer', consumerId: 'billing-2' });
    await sim.runFor(2000);
    expect(group().state).toBe('Empty');
    expect(group().partitions.some((p) => (p.committedOffset ?? 0) > 0)).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Reset offsets' }));
    expect((await within(form).findByRole('status')).textContent).toContain('reset');
    expect(within(form).queryByRole('alert')).toBeNull();
    await sim.frame(16);
    expect(group().partitions.map((p) => p.committedOffset)).toEqual([0, 0, 0]);
  });
});

describe('ConsumerInspector', () => {
  it('crashes and restarts a consumer', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ConsumerInspector id="billing-1" />);
    await sim.runFor(6000);
    expect(screen.getByRole('button', { name: 'Inspect group billing' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Crash consumer billing-1' }));
    await sim.frame(16);
    expect(consumer('billing-1')!.state).toBe('crashed');
    expect(screen.getByTestId('consumer-state').textContent).toMatch(/^crashed/);
    await user.click(screen.getByRole('button', { name: 'Restart consumer billing-1' }));
    await sim.runFor(6000);
    expect(consumer('billing-1')!.state).toBe('running');
    expect(screen.getByRole('button', { name: 'Crash consumer billing-1' })).toBeTruthy();
  });

  it('pauses, slows down and reconfigures a consumer', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ConsumerInspector id="billing-2" />);
    await sim.runFor(6000);
    await user.click(screen.getByRole('button', { name: 'Pause consumer billing-2' }));
    await sim.frame(16);
    expect(consumer('billing-2')!.paused).toBe(true);
    expect(screen.getByRole('button', { name: 'Resume consumer billing-2' })).toBeTruthy();

    const rate = screen.getByLabelText('Processing rate (records/s)');
    await user.clear(rate);
    await user.type(rate, '3');
    await user.click(screen.getByRole('button', { name: 'Apply processing rate' }));
    await sim.frame(16);
    expect(consumer('billing-2')!.processingRatePerSec).toBe(3);

    const session = screen.getByLabelText('session.timeout.ms');
    await user.clear(session);
    await user.type(session, '1000');
    await user.click(screen.getByRole('button', { name: 'Apply session.timeout.ms' }));
    // heartbeat.interval.ms (3000) must be lower than session.timeout.ms: Kafka refuses.
    expect((await screen.findByRole('alert')).textContent).toContain('InvalidConfigurationException');
  });

  it('removes a consumer (close: leaves the group) and selects its group', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ConsumerInspector id="billing-1" />);
    await sim.runFor(6000);
    await user.click(screen.getByRole('button', { name: 'Remove consumer billing-1' }));
    await sim.runFor(3000);
    expect(consumer('billing-1')).toBeNull();
    expect(group().members.map((m) => m.consumerId)).toEqual(['billing-2']);
    expect(simStore.getState().selection).toEqual({ kind: 'group', groupId: 'billing' });
  });
});
