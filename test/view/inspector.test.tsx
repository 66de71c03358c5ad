// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { select, sendCommand, simStore } from '../../src/store';
import type { Selection } from '../../src/store';
import { Inspector } from '../../src/view/inspector/Inspector';
import { ConfigEditor } from '../../src/view/inspector/ConfigEditor';
import type { CommandResult, ConfigEntry } from '../../src/engine';
import { startLiveSim } from '../helpers/view';
import type { LiveSim } from '../helpers/view';

let sim: LiveSim;

beforeEach(() => {
  sim = startLiveSim();
});
afterEach(() => {
  cleanup();
});

const inspector = () => screen.getByRole('complementary', { name: 'Inspector' });
const topicConfig = (topic: string, name: string) =>
  simStore
    .getState()
    .snapshot!.topics.find((t) => t.name === topic)!
    .configs.find((c) => c.name === name)!;
const partitionView = (topic: string, partition: number) =>
  simStore.getState().snapshot!.partitions.find((p) => p.topic === topic && p.partition === partition)!;
/** The config field (its list item) that holds the input labelled `name`. */
const field = (name: string) => screen.getByLabelText(name).closest('li')!;

async function show(selection: Selection) {
  render(<Inspector />);
  await sim.frame(16);
  act(() => select(selection));
}

describe('the inspector shell', () => {
  it('names the selection in its heading and closes back to the cluster', async () => {
    const user = userEvent.setup();
    await show({ kind: 'partition', topic: 'orders', partition: 1 });
    expect(within(inspector()).getByRole('heading', { level: 2, name: 'Partition orders-1' })).toBeTruthy();
    act(() => select({ kind: 'record', topic: 'orders', partition: 0, offset: 17 }));
    expect(within(inspector()).getByRole('heading', { level: 2, name: 'Record orders-0@17' })).toBeTruthy();
    act(() => select({ kind: 'broker', id: 2 }));
    expect(within(inspector()).getByRole('heading', { level: 2, name: 'Broker 2' })).toBeTruthy();
    await user.click(within(inspector()).getByRole('button', { name: 'Close' }));
    expect(simStore.getState().selection).toBeNull();
    expect(within(inspector()).queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it('says when the selected entity no longer exists and offers a way back', async () => {
    const user = userEvent.setup();
    await show({ kind: 'producer', id: 'checkout-service' });
    expect(within(inspector()).getByRole('heading', { name: 'Producer checkout-service' })).toBeTruthy();
    await act(async () => {
      await sendCommand({ type: 'removeProducer', producerId: 'checkout-service' });
    });
    await sim.frame(16);
    expect(within(inspector()).getByText(/Producer checkout-service no longer exists/)).toBeTruthy();
    await user.click(within(inspector()).getByRole('button', { name: 'Back to cluster' }));
    expect(simStore.getState().selection).toBeNull();
  });

  it('shows a missing topic as missing, not as an empty inspector', async () => {
    await show({ kind: 'topic', topic: 'nope' });
    expect(within(inspector()).getByText('Topic nope no longer exists.')).toBeTruthy();
  });
});

describe('topic configs', () => {
  it('shows retention.ms in human units and applies a change only on Apply', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    expect(within(inspector()).getByRole('heading', { name: 'Topic orders' })).toBeTruthy();
    const input = screen.getByLabelText('retention.ms') as HTMLInputElement;
    expect(input.value).toBe('604800000');
    expect(within(field('retention.ms')).getByText('7 days')).toBeTruthy();
    expect(within(field('retention.ms')).getByText("Kafka's default")).toBeTruthy();
    expect(within(field('retention.ms')).getByText(/every log\.retention\.check\.interval\.ms = 30 s here/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: "Reset retention.ms to Kafka's default" })).toBeNull();

    await user.clear(input);
    await user.type(input, '60000');
    await sim.frame(16);
    // Typing changes nothing in the engine until it is applied.
    expect(topicConfig('orders', 'retention.ms').value).toBe(604_800_000);
    await user.click(screen.getByRole('button', { name: 'Apply retention.ms' }));
    await sim.frame(16);
    expect(topicConfig('orders', 'retention.ms')).toMatchObject({ value: 60_000, source: 'topic' });
    expect(within(field('retention.ms')).getByText('1 min')).toBeTruthy();
    expect(within(field('retention.ms')).getByText("changed; Kafka's default is 7 days")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Apply retention.ms' })).toBeNull();

    await user.click(screen.getByRole('button', { name: "Reset retention.ms to Kafka's default" }));
    await sim.frame(16);
    expect(topicConfig('orders', 'retention.ms')).toMatchObject({ value: 604_800_000, source: 'default' });
    expect((screen.getByLabelText('retention.ms') as HTMLInputElement).value).toBe('604800000');
    expect(within(field('retention.ms')).getByText("Kafka's default")).toBeTruthy();
  });

  it('applies with Enter and shows Kafka’s rejection inline as an alert', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    const input = screen.getByLabelText('retention.ms');
    await user.clear(input);
    await user.type(input, '-5{Enter}');
    await sim.frame(16);
    const alert = within(field('retention.ms')).getByRole('alert');
    expect(alert.textContent).toMatch(/^InvalidConfigurationException: .*retention\.ms.*at least -1/);
    expect(topicConfig('orders', 'retention.ms').value).toBe(604_800_000);

    const minIsr = screen.getByLabelText('min.insync.replicas');
    await user.clear(minIsr);
    await user.type(minIsr, '0{Enter}');
    expect(within(field('min.insync.replicas')).getByRole('alert').textContent).toContain('InvalidConfigurationException');
    expect(topicConfig('orders', 'min.insync.replicas').value).toBe(2);

    // Editing again clears the stale error.
    await user.type(minIsr, '1');
    expect(within(field('min.insync.replicas')).queryByRole('alert')).toBeNull();
  });

  it('discards a draft with Escape, and does not carry drafts from one topic to another', async () => {
    const user = userEvent.setup();
    await act(async () => {
      await sendCommand({ type: 'createTopic', name: 'payments', partitions: 1, replicationFactor: 3 });
    });
    await show({ kind: 'topic', topic: 'orders' });
    const input = screen.getByLabelText('retention.ms') as HTMLInputElement;
    await user.clear(input);
    await user.type(input, '1000');
    expect(within(field('retention.ms')).getByText('1 s (not applied)')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(input.value).toBe('604800000');
    expect(screen.queryByRole('button', { name: 'Apply retention.ms' })).toBeNull();

    await user.type(input, '9');
    act(() => select({ kind: 'topic', topic: 'payments' }));
    expect(within(inspector()).getByRole('heading', { name: 'Topic payments' })).toBeTruthy();
    expect((screen.getByLabelText('retention.ms') as HTMLInputElement).value).toBe('604800000');
    expect(within(field('min.insync.replicas')).getByText(/Replication factor is 3: 2 brokers may fail/)).toBeTruthy();
  });

  it('warns that no broker may fail when min.insync.replicas equals the replication factor', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    expect(within(inspector()).queryByText(/no broker may fail/)).toBeNull();
    expect(within(field('min.insync.replicas')).getByText(/1 broker may fail/)).toBeTruthy();
    const minIsr = screen.getByLabelText('min.insync.replicas');
    await user.clear(minIsr);
    await user.type(minIsr, '3');
    await user.click(screen.getByRole('button', { name: 'Apply min.insync.replicas' }));
    await sim.frame(16);
    expect(within(inspector()).getByText(/replication factor 3 ≤ min\.insync\.replicas 3: with acks=all, no broker may fail/)).toBeTruthy();
  });

  it('edits a choice with a select and a flag with a checkbox', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    await user.selectOptions(screen.getByLabelText('cleanup.policy'), 'compact');
    await user.click(screen.getByRole('button', { name: 'Apply cleanup.policy' }));
    await user.click(screen.getByLabelText('unclean.leader.election.enable'));
    await user.click(screen.getByRole('button', { name: 'Apply unclean.leader.election.enable' }));
    await sim.frame(16);
    expect(topicConfig('orders', 'cleanup.policy').value).toBe('compact');
    expect(topicConfig('orders', 'unclean.leader.election.enable').value).toBe(true);
    expect((screen.getByLabelText('unclean.leader.election.enable') as HTMLInputElement).checked).toBe(true);
    expect(within(inspector()).getByText(/an out-of-sync replica may become leader/)).toBeTruthy();
  });

  it('keeps the rarer configs under "All N configs"', async () => {
    await show({ kind: 'topic', topic: 'orders' });
    const total = simStore.getState().snapshot!.topics.find((t) => t.name === 'orders')!.configs.length;
    const details = screen.getByText(`All ${total} configs`).closest('details')!;
    expect(within(details).getByLabelText('delete.retention.ms')).toBeTruthy();
    expect(within(details).queryByLabelText('retention.ms')).toBeNull();
  });
});

describe('add partitions', () => {
  it('shows InvalidPartitionsException inline for a smaller count and grows the topic otherwise', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    expect(within(inspector()).getByText(/key order across the change is not kept/)).toBeTruthy();
    const count = screen.getByLabelText('Partition count');
    await user.clear(count);
    await user.type(count, '2');
    await user.click(screen.getByRole('button', { name: 'Add partitions' }));
    const section = screen.getByRole('region', { name: 'Add partitions' });
    expect(within(section).getByRole('alert').textContent).toMatch(/^InvalidPartitionsException: /);

    await user.clear(count);
    await user.type(count, '4');
    await user.click(screen.getByRole('button', { name: 'Add partitions' }));
    await sim.frame(16);
    expect(within(section).queryByRole('alert')).toBeNull();
    expect(simStore.getState().snapshot!.topics.find((t) => t.name === 'orders')!.partitions).toBe(4);
    await user.click(screen.getByRole('button', { name: 'Inspect partition orders-3' }));
    expect(simStore.getState().selection).toEqual({ kind: 'partition', topic: 'orders', partition: 3 });
  });

  it('shows the topic log with "Show log"', async () => {
    const user = userEvent.setup();
    await show({ kind: 'topic', topic: 'orders' });
    await user.click(screen.getByRole('button', { name: 'Show log' }));
    expect(simStore.getState().viewedTopic).toBe('orders');
  });
});

describe('broker inspector', () => {
  it('isolates and heals a broker, and slows it down and back', async () => {
    const user = userEvent.setup();
    await show({ kind: 'broker', id: 2 });
    expect(within(inspector()).getByText(/Running and reachable/)).toBeTruthy();
    expect(within(inspector()).queryByRole('button', { name: /Kill broker/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Isolate broker 2' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 2)!.isolated).toBe(true);
    expect(within(inspector()).getByText(/Isolated: running, but cut off/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Heal broker 2' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 2)!.isolated).toBe(false);
    expect(screen.getByRole('button', { name: 'Isolate broker 2' })).toBeTruthy();

    expect((screen.getByLabelText('Extra latency (ms)') as HTMLInputElement).value).toBe('45000');
    await user.click(screen.getByRole('button', { name: 'Slow down broker 2' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 2)!.extraLatencyMs).toBe(45_000);
    expect(within(inspector()).getByText(/\+45 s on every message/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Restore broker 2 speed' }));
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 2)!.extraLatencyMs).toBe(0);
  });

  it('lists the partitions it leads and follows, each selectable', async () => {
    const user = userEvent.setup();
    await show({ kind: 'broker', id: 1 });
    const parts = screen.getByRole('region', { name: 'Partitions of broker 1' });
    const leads = simStore.getState().snapshot!.partitions.filter((p) => p.topic === 'orders' && p.leader === 1).length;
    expect(within(parts).getByRole('heading', { name: `Leader of (${leads})` })).toBeTruthy();
    expect(within(parts).getByRole('heading', { name: `Follower of (${3 - leads})` })).toBeTruthy();
    // The counts say what they count: the hidden __consumer_offsets partitions are apart.
    const internalLeads = simStore.getState().snapshot!.partitions.filter((p) => p.topic === '__consumer_offsets' && p.leader === 1).length;
    expect(internalLeads).toBeGreaterThan(0);
    expect(within(inspector()).getByText(`${leads} partition${leads === 1 ? '' : 's'} (+${internalLeads} internal)`)).toBeTruthy();
    await user.click(within(parts).getByRole('button', { name: 'Inspect partition orders-0' }));
    expect(within(inspector()).getByRole('heading', { name: 'Partition orders-0' })).toBeTruthy();
  });
});

describe('partition inspector', () => {
  it('shows the leader and ISR, and a new leader and epoch after the leader dies', async () => {
    await show({ kind: 'partition', topic: 'orders', partition: 0 });
    const before = partitionView('orders', 0);
    expect(before.isr).toHaveLength(3);
    expect(within(inspector()).getByText(`Broker ${before.leader} is the leader (leader epoch ${before.leaderEpoch}).`)).toBeTruthy();
    expect(within(inspector()).getByText(/3 of 3 replicas/)).toBeTruthy();
    const table = within(inspector()).getByRole('table');
    expect(within(table).getAllByRole('rowheader')).toHaveLength(3);
    expect(within(table).getByRole('columnheader', { name: 'In ISR' })).toBeTruthy();
    const leaderRow = within(table)
      .getByRole('rowheader', { name: new RegExp(`^Broker ${before.leader}`) })
      .closest('tr')!;
    expect(within(leaderRow).getByText('leader')).toBeTruthy();

    await act(async () => {
      await sendCommand({ type: 'crashBroker', brokerId: before.leader });
    });
    await sim.runFor(15_000);
    const after = partitionView('orders', 0);
    expect(after.leader).not.toBe(before.leader);
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(within(inspector()).getByText(`Broker ${after.leader} is the leader (leader epoch ${after.leaderEpoch}).`)).toBeTruthy();
    expect(within(inspector()).getByText(/Under-replicated/)).toBeTruthy();
    const deadRow = within(table)
      .getByRole('rowheader', { name: new RegExp(`^Broker ${before.leader}`) })
      .closest('tr')!;
    expect(within(deadRow).getByText('offline (broker down)')).toBeTruthy();
  });

  it('offers an unclean election only when offline, with a warning, and shows the records it lost', async () => {
    const user = userEvent.setup();
    // Kafka's classic data-loss story: acks=1, the follower falls out of the ISR, the leader dies.
    sim = startLiveSim({
      cluster: { brokers: 3, configs: { 'replica.lag.time.max.ms': 4000 } },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 2 }],
      producers: [{ id: 'app', topic: 'orders', ratePerSec: 20, keys: { kind: 'none' }, configs: { acks: '1' } }],
    });
    await show({ kind: 'partition', topic: 'orders', partition: 0 });
    await sim.runFor(2000);
    expect(screen.queryByRole('button', { name: 'Unclean leader election' })).toBeNull();
    const { leader, replicas } = partitionView('orders', 0);
    const follower = replicas.find((id) => id !== leader)!;
    await act(async () => {
      await sendCommand({ type: 'slowBroker', brokerId: follower, extraLatencyMs: 20_000 });
    });
    await sim.runFor(12_000);
    expect(partitionView('orders', 0).isr).toEqual([leader]);
    await act(async () => {
      await sendCommand({ type: 'slowBroker', brokerId: follower, extraLatencyMs: 0 });
      await sendCommand({ type: 'crashBroker', brokerId: leader });
    });
    await sim.runFor(15_000);
    expect(partitionView('orders', 0).offline).toBe(true);
    expect(within(inspector()).getByText(/No leader: the partition is OFFLINE/)).toBeTruthy();
    expect(within(inspector()).getByText(/acknowledged records that replica never copied are lost/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Unclean leader election' }));
    await sim.frame(16);
    const after = partitionView('orders', 0);
    expect(after.leader).toBe(follower);
    expect(after.acknowledgedLost).toBeGreaterThan(0);
    expect(within(inspector()).getByText(`Broker ${follower} is the leader (leader epoch ${after.leaderEpoch}).`)).toBeTruthy();
    expect(within(inspector()).getByText(new RegExp(`^${after.acknowledgedLost} acknowledged records? lost`))).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unclean leader election' })).toBeNull();
  });
});

describe('config editor', () => {
  it('renders an engine error as text, never as markup', async () => {
    const user = userEvent.setup();
    const hostile = '<img src=x onerror=alert(1)>';
    const entries: ConfigEntry[] = [{ name: 'retention.ms', value: 1000, source: 'topic', kafkaDefault: 604_800_000 }];
    const onApply = async (): Promise<CommandResult> => ({ ok: false, error: { name: 'InvalidConfigurationException', message: hostile } });
    const { container } = render(<ConfigEditor entries={entries} scope="topic" onApply={onApply} />);
    await user.click(screen.getByRole('button', { name: "Reset retention.ms to Kafka's default" }));
    expect(screen.getByRole('alert').textContent).toBe(`InvalidConfigurationException: ${hostile}`);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows only the named configs, in order', () => {
    const entries: ConfigEntry[] = [
      { name: 'linger.ms', value: 5, source: 'default', kafkaDefault: 5 },
      { name: 'acks', value: 'all', source: 'producer', kafkaDefault: 'all' },
      { name: 'batch.size', value: 16_384, source: 'default', kafkaDefault: 16_384 },
    ];
    render(<ConfigEditor entries={entries} scope="producer" onApply={async () => ({ ok: true })} names={['batch.size', 'linger.ms']} />);
    const labels = screen.getAllByText(/^(batch\.size|linger\.ms|acks)$/).map((l) => l.textContent);
    expect(labels).toEqual(['batch.size', 'linger.ms']);
    expect(screen.getByText('16 KiB')).toBeTruthy();
    expect(screen.queryByText(/All \d+ configs/)).toBeNull();
  });
});
