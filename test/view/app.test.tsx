// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, simStore } from '../../src/store';
import { App } from '../../src/view/App';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

let transport: ReturnType<typeof createInProcessTransport>;
let wall = 0;
const frame = (ms: number) =>
  act(() => {
    wall += ms;
    transport.frame(wall);
  });

beforeEach(() => {
  wall = 0;
  transport = createInProcessTransport();
  connect(createSimClient(transport), DEFAULT_SCENARIO, 9);
});
afterEach(() => {
  cleanup();
});

describe('the live summary', () => {
  it('shows every broker with its fault buttons, found by role and name', async () => {
    render(<App />);
    await frame(16);
    for (const id of [1, 2, 3]) {
      const card = screen.getByRole('listitem', { name: `Broker ${id}` });
      expect(within(card).getByRole('button', { name: `Kill broker ${id}` })).toBeTruthy();
      expect(within(card).getByRole('button', { name: `Isolate broker ${id}` })).toBeTruthy();
    }
    expect(within(screen.getByRole('region', { name: 'Partitions' })).getByRole('rowheader', { name: 'orders-0' })).toBeTruthy();
    const group = screen.getByRole('article', { name: 'Consumer group billing' });
    expect(within(group).getByRole('button', { name: 'Crash consumer billing-1' })).toBeTruthy();
  });

  it('kills and restarts a broker through the engine', async () => {
    const user = userEvent.setup();
    render(<App />);
    await frame(16);
    await user.click(screen.getByRole('button', { name: 'Kill broker 2' }));
    await frame(16);
    const card = screen.getByRole('listitem', { name: 'Broker 2' });
    expect(within(card).getByText('crashed')).toBeTruthy();
    expect(screen.getByText('broker 2 crashed')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Restart broker 2' }));
    await frame(16);
    expect(within(screen.getByRole('listitem', { name: 'Broker 2' })).getByText(/fenced|running/)).toBeTruthy();
  });

  it('plays and pauses with the button and the space bar', async () => {
    const user = userEvent.setup();
    render(<App />);
    await frame(16);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    await frame(16);
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    await user.keyboard(' ');
    await frame(16);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
  });

  it('labels every config with whether it is Kafka’s default', async () => {
    render(<App />);
    await frame(16);
    const topic = screen.getByRole('article', { name: 'Topic orders' });
    expect(within(topic).getByText('retention.ms').nextSibling!.textContent).toContain("7 days (Kafka's default)");
    expect(within(topic).getByText('min.insync.replicas').nextSibling!.textContent).toContain("changed; Kafka's default is 1");
  });

  it('shows a rejected action as Kafka’s exception and a sentence, as text', async () => {
    render(<App />);
    await frame(16);
    await act(async () => {
      const { sendCommand } = await import('../../src/store');
      await sendCommand({ type: 'createTopic', name: '<img src=x onerror=alert(1)>', partitions: 1 });
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('InvalidTopicException');
    expect(alert.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(alert.querySelector('img')).toBeNull();
    expect(simStore.getState().lastError!.name).toBe('InvalidTopicException');
  });
});
