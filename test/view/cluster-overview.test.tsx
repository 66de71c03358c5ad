// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCommand, simStore } from '../../src/store';
import { findConsumer, findProducer, findTopic } from '../../src/store/selectors';
import { ClusterOverview } from '../../src/view/inspector/ClusterOverview';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

const topicForm = () => screen.getByRole('form', { name: 'Create topic' });
/** Unfolds "Create topic…" (the overview's status comes first; the form waits behind a disclosure). */
async function openTopicForm(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Create topic…' }));
  return topicForm();
}

describe('ClusterOverview', () => {
  it('sums up the cluster in words and adds a broker', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    expect(screen.getByText(/3 brokers \(all running\), controller: broker \d\. 1 topic\. Every partition is fully replicated\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add broker' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers).toHaveLength(4);
    expect(screen.getByText(/^4 brokers/)).toBeTruthy();
  });

  it('counts partitions in trouble of the learner’s topics, and the hidden internal ones apart', async () => {
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.runFor(3_000);
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 2 })));
    await sim.runFor(30_000, 1_000); // past replica.lag.time.max.ms: the ISRs shrink
    const snap = simStore.getState().snapshot!;
    const internal = snap.partitions.filter((p) => p.topic === '__consumer_offsets' && p.underReplicated).length;
    expect(internal).toBeGreaterThan(0);
    expect(snap.stats.underReplicatedPartitions).toBe(3 + internal);
    expect(screen.getByText(new RegExp(`3 partitions under-replicated \\(\\+${internal} internal\\), 0 partitions offline\\.`))).toBeTruthy();
  });

  it('shows InvalidReplicationFactorException inline and keeps what was typed', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const form = await openTopicForm(user);
    const rf = within(form).getByLabelText('Replication factor') as HTMLInputElement;
    expect(rf.value).toBe('3'); // min(3, brokers)
    expect((within(form).getByLabelText('Partitions') as HTMLInputElement).value).toBe('3');
    await user.type(within(form).getByLabelText('Topic name'), 'payments');
    await user.clear(rf);
    await user.type(rf, '4');
    await user.click(within(form).getByRole('button', { name: 'Create topic' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('InvalidReplicationFactorException');
    expect(alert.textContent).toContain('only 3 broker(s) are registered');
    expect((within(form).getByLabelText('Topic name') as HTMLInputElement).value).toBe('payments');
    expect((within(form).getByLabelText('Replication factor') as HTMLInputElement).value).toBe('4');
    await sim.frame(16);
    expect(findTopic(simStore.getState(), 'payments')).toBeNull();
  });

  it('shows the cluster’s state first, with "Create topic…" folded until asked for', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const disclosure = screen.getByRole('button', { name: 'Create topic…' });
    expect(disclosure.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('form', { name: 'Create topic' })).toBeNull();
    const overview = screen.getByRole('region', { name: 'Cluster overview' });
    // The status sentence comes before the disclosure in reading order.
    const status = screen.getByText(/^3 brokers/);
    expect(status.compareDocumentPosition(disclosure) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(overview).getByRole('heading', { name: 'Create topic…' })).toBeTruthy();
    await user.click(disclosure);
    expect(disclosure.getAttribute('aria-expanded')).toBe('true');
    await user.type(within(topicForm()).getByLabelText('Topic name'), 'payments');
    await user.click(disclosure); // folded away and back: what was typed stays
    expect(screen.queryByRole('form', { name: 'Create topic' })).toBeNull();
    await user.click(disclosure);
    expect((within(topicForm()).getByLabelText('Topic name') as HTMLInputElement).value).toBe('payments');
  });

  it('clears a stale error once the field is fixed (inline and in the banner)', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const form = await openTopicForm(user);
    const rf = within(form).getByLabelText('Replication factor');
    await user.type(within(form).getByLabelText('Topic name'), 'payments');
    await user.clear(rf);
    await user.type(rf, '5');
    await user.click(within(form).getByRole('button', { name: 'Create topic' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('InvalidReplicationFactorException');
    expect(simStore.getState().lastError?.name).toBe('InvalidReplicationFactorException');
    await user.clear(rf);
    await user.type(rf, '3');
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(simStore.getState().lastError).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Create topic' }));
    await sim.frame(16);
    expect(findTopic(simStore.getState(), 'payments')).toMatchObject({ replicationFactor: 3 });
  });

  it('shows InvalidTopicException for a bad name', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    await openTopicForm(user);
    await user.type(within(topicForm()).getByLabelText('Topic name'), 'bad name!');
    await user.click(within(topicForm()).getByRole('button', { name: 'Create topic' }));
    expect((await within(topicForm()).findByRole('alert')).textContent).toMatch(/^InvalidTopicException: /);
  });

  it('renders a hostile topic name as text, never as HTML', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    await openTopicForm(user);
    await user.type(within(topicForm()).getByLabelText('Topic name'), '<img src=x onerror=alert(1)>');
    await user.click(within(topicForm()).getByRole('button', { name: 'Create topic' }));
    const alert = await within(topicForm()).findByRole('alert');
    expect(alert.textContent).toContain('InvalidTopicException');
    expect(alert.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
  });

  it('creates a good topic with configs, clears the form and selects the topic', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const form = await openTopicForm(user);
    await user.type(within(form).getByLabelText('Topic name'), 'payments');
    await user.clear(within(form).getByLabelText('Partitions'));
    await user.type(within(form).getByLabelText('Partitions'), '6');
    await user.type(within(form).getByLabelText('retention.ms'), '60000');
    await user.selectOptions(within(form).getByLabelText('cleanup.policy'), 'compact');
    await user.type(within(form).getByLabelText('min.insync.replicas'), '2');
    await user.click(within(form).getByRole('button', { name: 'Create topic' }));
    await sim.frame(16);
    const topic = findTopic(simStore.getState(), 'payments')!;
    expect(topic).toMatchObject({ partitions: 6, replicationFactor: 3 });
    const config = (name: string) => topic.configs.find((c) => c.name === name)!.value;
    expect([config('retention.ms'), config('cleanup.policy'), config('min.insync.replicas')]).toEqual([60000, 'compact', 2]);
    expect(simStore.getState().selection).toEqual({ kind: 'topic', topic: 'payments' });
    expect((within(form).getByLabelText('Topic name') as HTMLInputElement).value).toBe('');
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('adds a producer with a suggested unique id', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const form = screen.getByRole('form', { name: 'Add producer' });
    expect((within(form).getByLabelText('Producer id') as HTMLInputElement).value).toBe('producer-2');
    expect((within(form).getByLabelText('Topic') as HTMLSelectElement).value).toBe('orders');
    await user.clear(within(form).getByLabelText('Records per second'));
    await user.type(within(form).getByLabelText('Records per second'), '20');
    await user.selectOptions(within(form).getByLabelText('acks'), '1');
    await user.click(within(form).getByRole('radio', { name: 'Hot key' }));
    await user.click(within(form).getByRole('button', { name: 'Add producer' }));
    await sim.runFor(1000);
    const p = findProducer(simStore.getState(), 'producer-2')!;
    expect(p).toMatchObject({ topic: 'orders', ratePerSec: 20 });
    expect(p.keys.kind).toBe('hot');
    expect(p.configs.find((c) => c.name === 'acks')!.value).toBe('1');
    expect(p.stats.sent).toBeGreaterThan(0);
    expect(simStore.getState().selection).toEqual({ kind: 'producer', id: 'producer-2' });
    // The next suggestion moves on; a duplicate id is refused in the engine's words.
    expect((within(form).getByLabelText('Producer id') as HTMLInputElement).value).toBe('producer-3');
    await user.clear(within(form).getByLabelText('Producer id'));
    await user.type(within(form).getByLabelText('Producer id'), 'checkout-service');
    await user.click(within(form).getByRole('button', { name: 'Add producer' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('already exists');
  });

  it('adds a consumer to a new group with non-default configs', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const form = screen.getByRole('form', { name: 'Add consumer' });
    expect((within(form).getByLabelText('Consumer id') as HTMLInputElement).value).toBe('consumer-3');
    const groupField = within(form).getByLabelText('Group id') as HTMLInputElement;
    expect(groupField.value).toBe('billing');
    expect([...document.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual(['billing']);
    await user.clear(groupField);
    await user.type(groupField, 'audit');
    await user.selectOptions(within(form).getByLabelText('auto.offset.reset'), 'earliest');
    await user.selectOptions(within(form).getByLabelText('partition.assignment.strategy'), 'cooperative-sticky');
    await user.click(within(form).getByRole('button', { name: 'Add consumer' }));
    await sim.runFor(8000);
    const c = findConsumer(simStore.getState(), 'consumer-3')!;
    expect(c.groupId).toBe('audit');
    expect(c.cooperative).toBe(true);
    expect(c.configs.find((e) => e.name === 'auto.offset.reset')).toMatchObject({ value: 'earliest', source: 'consumer' });
    expect(c.assignment.sort()).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(c.stats.processed).toBeGreaterThan(0); // earliest: it reads what was written before it joined
  });

  it('edits the cluster-wide broker configs in a details section', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ClusterOverview />);
    await sim.frame(16);
    const details = screen.getByText('Broker configs').closest('details')!;
    await user.click(screen.getByText('Broker configs'));
    const field = within(details).getByLabelText('replica.lag.time.max.ms');
    await user.clear(field);
    await user.type(field, '10000');
    await user.click(within(details).getByRole('button', { name: 'Apply replica.lag.time.max.ms' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokerConfigs.find((c) => c.name === 'replica.lag.time.max.ms')).toMatchObject({ value: 10000, source: 'broker' });
  });
});
