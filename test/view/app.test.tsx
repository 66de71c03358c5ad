// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCommand, simStore } from '../../src/store';
import { App } from '../../src/view/App';
import { nextSpeed } from '../../src/view/keyboard';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
  simStore.setState({ helpOpen: false, selection: null });
});

describe('the simulator page', () => {
  it('has every region a learner needs, each found by its name', async () => {
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    for (const name of ['Cluster', 'Topic log', 'Inspector'])
      expect(screen.getByRole(name === 'Inspector' ? 'complementary' : 'region', { name })).toBeTruthy();
    // The dock shows one view at a time, behind tabs.
    const user = userEvent.setup();
    const tabs = screen.getByRole('tablist', { name: 'Views' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Topic log', 'Timeline', 'Event log', 'Charts']);
    await user.click(within(tabs).getByRole('tab', { name: 'Charts' }));
    expect(screen.getByRole('region', { name: 'Charts' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Topic log' })).toBeNull();
    await user.click(within(tabs).getByRole('tab', { name: 'Event log' }));
    expect(screen.getByRole('heading', { name: 'Event log' })).toBeTruthy();
    await user.click(within(tabs).getByRole('tab', { name: 'Topic log' }));
    expect(screen.getByRole('toolbar', { name: 'Playback' })).toBeTruthy();
    const cluster = screen.getByRole('region', { name: 'Cluster' });
    for (const id of [1, 2, 3]) expect(within(cluster).getByRole('button', { name: `Kill broker ${id}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kill broker 1' })).toBeTruthy(); // one per broker on the whole page
  });

  it('kills a broker from its card; the card, the inspector and the event log agree', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    await user.click(screen.getByRole('button', { name: 'Kill broker 2' }));
    await sim.frame();
    const card = screen.getByRole('article', { name: 'Broker 2' });
    expect(within(card).getByText('crashed')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Event log' }));
    expect(within(screen.getByRole('log')).getByText('broker 2 crashed')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Broker 2' }));
    expect(within(screen.getByRole('complementary', { name: 'Inspector' })).getByRole('heading', { name: 'Broker 2' })).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Restart broker 2' }));
    await sim.frame();
    expect(within(screen.getByRole('article', { name: 'Broker 2' })).queryByText('crashed')).toBeNull();
  });

  it('plays, pauses and steps from the buttons and the keyboard', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    const timeMs = () => simStore.getState().snapshot!.timeMs;
    // Keys pressed on the page, not on the button last clicked (Space there would click it).
    const press = async (keys: string) => {
      (document.activeElement as HTMLElement | null)?.blur();
      await user.keyboard(keys);
    };
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    await sim.frame();
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    const pausedAt = timeMs();
    await sim.frame(2000);
    expect(timeMs()).toBe(pausedAt); // paused: wall time passes, simulated time does not
    // → and the Step button each run the next event; several can share a millisecond, so step until the clock moves.
    for (const step of [() => press('{ArrowRight}'), () => user.click(screen.getByRole('button', { name: 'Step' }))]) {
      const t = timeMs();
      for (let i = 0; i < 50 && timeMs() === t; i++) {
        await step();
        await sim.frame();
      }
      expect(timeMs()).toBeGreaterThan(t);
      expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy(); // stepping does not play
    }
    const t0 = timeMs();
    await press('{Shift>}{ArrowRight}{/Shift}');
    await sim.frame();
    expect(timeMs()).toBe(t0 + 1000);
    await user.click(screen.getByRole('button', { name: 'Step 1 s' }));
    await sim.frame();
    expect(timeMs()).toBe(t0 + 2000);
    await press(' ');
    await sim.frame();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    const playingFrom = timeMs();
    await sim.frame(1000);
    expect(timeMs()).toBe(playingFrom + 1000); // playing at 1×
    await press(' ');
    await sim.frame();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await sim.frame();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
  });

  it('changes speed with + and −, and lists the shortcuts under ?', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    await user.keyboard('+');
    await sim.frame();
    expect(simStore.getState().speed).toBe(2);
    // The speed changes when the worker answers, so each press waits for a frame.
    await user.keyboard('-');
    await sim.frame();
    await user.keyboard('-');
    await sim.frame();
    expect(simStore.getState().speed).toBe(0.5);
    expect(nextSpeed(1000, 1)).toBe(1000);
    expect(nextSpeed(0.1, -1)).toBe(0.1);
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const does of ['Play or pause', 'Step: run the next event', 'Faster', 'Slower']) expect(within(dialog).getByText(does)).toBeTruthy();
    await user.click(within(dialog).getByRole('checkbox', { name: /Reduce motion/ }));
    expect(simStore.getState().reducedMotion).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('does not take keys typed into a field as shortcuts', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    const field = screen.getByLabelText('Topic name');
    await user.type(field, 'a b+c?');
    await sim.frame();
    expect(field).toHaveProperty('value', 'a b+c?'); // the keys went into the field…
    expect(simStore.getState().playing).toBe(true); // …and none worked as a shortcut
    expect(simStore.getState().speed).toBe(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('fast-forwards a minute and shows the clock and wall date that far on', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Fast-forward by' }), '+1 min');
    await user.click(screen.getByRole('button', { name: 'Fast-forward' }));
    await sim.frame();
    const clock = screen.getByRole('timer', { name: 'Simulated time' });
    expect(clock.textContent).toContain('T+00:01:00');
    expect(clock.textContent).toContain('2026-01-01 09:01:00 UTC');
  });

  it('shows a rejected action as Kafka’s exception and a sentence, as text', async () => {
    const sim = startLiveSim();
    render(<App />);
    await sim.frame();
    await act(async () => {
      await sendCommand({ type: 'createTopic', name: '<img src=x onerror=alert(1)>', partitions: 1 });
    });
    const alert = screen.getAllByRole('alert').find((a) => a.textContent?.includes('InvalidTopicException'))!;
    expect(alert.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
  });
});
