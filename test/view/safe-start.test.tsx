// @vitest-environment jsdom
/**
 * Where to start and not losing work: the lessons-and-scenarios dialog (browsing does not start
 * anything), the confirmation before a run with recorded actions is replaced, Undo after it and
 * after acting in the past, the first screen's "where to start", and the dock's tabs.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/scenario/lessons';
import { pause, seekTo, sendCommand, simStore } from '../../src/store';
import { exitLesson, lessonStore } from '../../src/store/lesson';
import { App } from '../../src/view/App';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  act(() => exitLesson());
  cleanup();
  simStore.setState({ helpOpen: false, selection: null });
});

async function app() {
  const sim = startLiveSim();
  const user = userEvent.setup();
  render(<App />);
  await sim.frame();
  return { sim, user };
}

const dialog = () => screen.getByRole('dialog', { name: 'Lessons and scenarios' });

describe('the lessons and scenarios dialog', () => {
  it('lists every lesson with its question and every scenario; arrow keys browse without starting anything', async () => {
    const { sim, user } = await app();
    await user.click(screen.getByRole('button', { name: 'Lessons' }));
    const lessons = within(dialog()).getByRole('region', { name: 'Lessons' });
    const picks = within(lessons).getAllByRole('button');
    expect(picks.map((b) => b.textContent)).toEqual(LESSONS.map((l, i) => `${i + 1}. ${l.title}${l.question}`));
    expect(document.activeElement).toBe(picks[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    await sim.frame();
    expect(document.activeElement).toBe(picks[2]);
    expect(lessonStore.getState().lessonId).toBeNull(); // browsing started nothing
    expect(simStore.getState().scenarioName).toMatch(/^Default/);
    await user.keyboard('{Enter}');
    await sim.frame();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(lessonStore.getState().lessonId).toBe(LESSONS[2]!.id);
    expect(within(screen.getByRole('region', { name: 'Lesson' })).getByRole('heading', { name: LESSONS[2]!.title })).toBeTruthy();
  });

  it('L opens it, Escape closes it; a scenario starts from there too', async () => {
    const { sim, user } = await app();
    await user.keyboard('l');
    expect(dialog()).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('l');
    await user.click(within(dialog()).getByRole('button', { name: 'Blank cluster (3 brokers, no topics)' }));
    await sim.frame();
    expect(simStore.getState().scenarioName).toBe('Blank cluster');
    expect(simStore.getState().snapshot!.topics.filter((t) => !t.name.startsWith('__'))).toEqual([]);
  });
});

describe('replacing a run', () => {
  it('asks first when the run has recorded actions; "Keep this run" keeps it', async () => {
    const { sim, user } = await app();
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 2 })));
    await sim.frame();
    await user.click(screen.getByRole('button', { name: 'Lessons' }));
    await user.click(within(dialog()).getByRole('button', { name: new RegExp(LESSONS[0]!.title) }));
    const confirm = screen.getByRole('alertdialog', { name: 'Replace this run?' });
    expect(confirm.textContent).toContain('1 recorded action');
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep this run' })); // the safe choice
    await user.click(within(confirm).getByRole('button', { name: 'Keep this run' }));
    await sim.frame();
    expect(lessonStore.getState().lessonId).toBeNull();
    expect(simStore.getState().history!.commands).toHaveLength(1);
  });

  it('replaces it once confirmed, and Undo brings the old run back with its actions', async () => {
    const { sim, user } = await app();
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 2 })));
    await sim.runFor(1000);
    await user.click(screen.getByRole('button', { name: 'Lessons' }));
    await user.click(within(dialog()).getByRole('button', { name: new RegExp(LESSONS[0]!.title) }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: `Start the lesson “${LESSONS[0]!.title}”` }));
    await sim.frame();
    expect(lessonStore.getState().lessonId).toBe(LESSONS[0]!.id);
    const undoBar = screen.getByRole('status', { name: '' });
    expect(undoBar.textContent).toContain('Undo brings back the run before it');
    await user.click(within(undoBar).getByRole('button', { name: 'Undo' }));
    await sim.frame();
    expect(lessonStore.getState().lessonId).toBeNull();
    expect(simStore.getState().scenarioName).toMatch(/^Default/);
    expect(simStore.getState().history!.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: 2 }]);
  });

  it('acting in the past discards the recorded future, and Undo restores it', async () => {
    const { sim, user } = await app();
    await sim.runFor(2000);
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 3 })));
    await sim.runFor(2000);
    pause();
    seekTo(500);
    await sim.frame();
    await act(async () => void (await sendCommand({ type: 'crashBroker', brokerId: 1 })));
    await sim.frame();
    const bar = screen
      .getByText(/you acted in the past, at T\+00:00:00\.500, so the recorded future was discarded \(with 1 later action\)/)
      .closest('.undo-bar') as HTMLElement;
    await user.click(within(bar).getByRole('button', { name: 'Undo' }));
    await sim.frame();
    const s = simStore.getState();
    expect(s.history!.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: 3 }]);
    expect(s.liveTimeMs).toBe(500); // back where the person stood, the old future ahead again
  });
});

describe('the first screen', () => {
  it('says where to start beside the cluster: a lesson, exploring, or breaking something', async () => {
    const { sim, user } = await app();
    const welcome = screen.getByRole('region', { name: 'Where to start' });
    expect(screen.getByRole('region', { name: 'Cluster' })).toBeTruthy(); // not hidden behind it
    await user.click(within(welcome).getByRole('button', { name: 'Choose a lesson' }));
    expect(dialog()).toBeTruthy();
    await user.keyboard('{Escape}');
    await user.click(within(welcome).getByRole('button', { name: 'Crash a leader’s broker' }));
    await sim.frame();
    expect(simStore.getState().snapshot!.brokers.filter((b) => b.state === 'crashed')).toHaveLength(1);
    // The welcome makes room for the inspector of the crashed broker.
    expect(screen.queryByRole('region', { name: 'Where to start' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Event log', selected: true })).toBeTruthy();
  });

  it('"Don’t show this again" is remembered', async () => {
    const { user } = await app();
    await user.click(screen.getByRole('button', { name: 'Don’t show this again' }));
    expect(screen.queryByRole('region', { name: 'Where to start' })).toBeNull();
    cleanup();
    await app();
    expect(screen.queryByRole('region', { name: 'Where to start' })).toBeNull();
  });
});

describe('the dock', () => {
  it('arrow keys move between its tabs without stepping the simulation', async () => {
    const { sim, user } = await app();
    pause();
    await sim.frame();
    const t = simStore.getState().liveTimeMs;
    await user.click(screen.getByRole('tab', { name: 'Topic log' }));
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Timeline', selected: true })).toBe(document.activeElement);
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Charts', selected: true })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Charts' })).toBeTruthy();
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t);
  });
});

describe('lesson keys', () => {
  it('N goes to the next step and B back, from anywhere on the page', async () => {
    const { sim, user } = await app();
    await user.keyboard('l');
    await user.keyboard('{Enter}');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(0);
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('n');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(1);
    await user.keyboard('b');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(0);
  });
});
