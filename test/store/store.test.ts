import { beforeEach, describe, expect, it } from 'vitest';
import { connect, EVENT_LOG_LIMIT, sendCommand, simStore, togglePlay } from '../../src/store';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';

let transport: ReturnType<typeof createInProcessTransport>;

beforeEach(() => {
  transport = createInProcessTransport();
  connect(createSimClient(transport), DEFAULT_SCENARIO, 3);
});

describe('the store is a projection of what the engine reported', () => {
  it('holds the latest snapshot and the events, newest last', () => {
    transport.frame(2000);
    const s = simStore.getState();
    expect(s.snapshot!.timeMs).toBe(2000);
    expect(s.events[0]!.event.type).toBe('controllerElected');
    expect(s.events.length).toBeGreaterThan(10);
    // Newest last: in the order the engine reported them, so their times never go back.
    const seqs = s.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const times = s.events.map((e) => e.event.timeMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(s.events.at(-1)!.event.timeMs).toBeLessThanOrEqual(2000);
  });

  it('changes nothing locally when an action is sent: only the engine’s answer changes it', async () => {
    transport.frame(100);
    const before = simStore.getState().snapshot;
    await sendCommand({ type: 'crashBroker', brokerId: 3 });
    expect(simStore.getState().snapshot).toBe(before);
    transport.frame(116);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 3)!.state).toBe('crashed');
  });

  it('keeps a rejected command as Kafka’s exception name and a sentence', async () => {
    const result = await sendCommand({ type: 'createTopic', name: 'bad name!', partitions: 1, replicationFactor: 1 });
    expect(result.ok).toBe(false);
    expect(simStore.getState().lastError).toMatchObject({ name: 'InvalidTopicException', command: 'createTopic' });
    expect(simStore.getState().lastError!.message).toContain("contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
  });

  it('pauses through the worker, and caps the event log', () => {
    togglePlay();
    transport.frame(1000);
    expect(simStore.getState().playing).toBe(false);
    togglePlay();
    transport.frame(1000);
    expect(simStore.getState().playing).toBe(true);
    // An hour of simulated time (a frame covers at most a minute) reports more events than the log keeps.
    for (let i = 1; i <= 60; i++) transport.frame(1000 + i * 60_000);
    const events = simStore.getState().events;
    expect(events).toHaveLength(EVENT_LOG_LIMIT);
    expect(events[0]!.seq).toBeGreaterThan(0); // the oldest were dropped…
    expect(events.at(-1)!.event.timeMs).toBeGreaterThan(3_000_000); // …and the newest kept
  });
});

describe('render throttling (the app re-renders a streaming cluster ten times a second)', () => {
  it('holds snapshots back between renders, shows cluster events at once, and flushes the last one', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const t = createInProcessTransport();
      connect(createSimClient(t), DEFAULT_SCENARIO, 3, { renderIntervalMs: 100 });
      t.frame(5_000);
      const published = simStore.getState().snapshot!.timeMs;
      vi.advanceTimersByTime(10);
      t.frame(5_016);
      // The tick arrived (the animation's clock moved) but the DOM's snapshot waits…
      expect(simStore.getState().liveTimeMs).toBe(5_016);
      expect(simStore.getState().snapshot!.timeMs).toBe(published);
      // …until the interval has passed, even if no further tick comes.
      vi.advanceTimersByTime(100);
      expect(simStore.getState().snapshot!.timeMs).toBe(5_016);
      // A cluster event (a crash) is shown with the very next tick.
      vi.advanceTimersByTime(10);
      await sendCommand({ type: 'crashBroker', brokerId: 2 });
      t.frame(5_032);
      expect(simStore.getState().snapshot!.brokers.find((b) => b.id === 2)!.state).toBe('crashed');
    } finally {
      vi.useRealTimers();
    }
  });
});
