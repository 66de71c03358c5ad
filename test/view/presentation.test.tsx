// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { pause, simStore } from '../../src/store';
import { exitLesson, lessonStore, startLesson } from '../../src/store/lesson';
import { enterPresentation, exitPresentation, presentationStore } from '../../src/store/presentation';
import { LESSONS } from '../../src/scenario/lessons';
import { App } from '../../src/view/App';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  act(() => {
    exitPresentation();
    exitLesson();
  });
  cleanup();
  simStore.setState({ helpOpen: false, selection: null });
});

/** A paused run of a few seconds, presenting. */
async function presenting() {
  const sim = startLiveSim();
  render(<App />);
  await sim.runFor(3000);
  pause();
  await sim.frame();
  act(() => enterPresentation());
  return sim;
}

describe('presentation mode', () => {
  it('switches the page to the presenting layout and captions the scenario without a lesson', async () => {
    expect(document.body.classList.contains('presenting')).toBe(false);
    await presenting();
    expect(document.body.classList.contains('presenting')).toBe(true);
    const caption = screen.getByRole('region', { name: 'Narration' });
    const name = simStore.getState().scenarioName;
    expect(name).toBeTruthy();
    expect(within(caption).getByRole('heading', { name: name! })).toBeTruthy();
    expect(within(caption).getByText(/^T\+00:00:03/)).toBeTruthy();
    for (const label of ['Play', 'Previous', 'Next', 'QR code', 'Exit']) expect(screen.getByRole('button', { name: label })).toBeTruthy();
    // The presenter's strip replaces the top bar; the cluster is the view on screen.
    expect(screen.queryByRole('toolbar', { name: 'Playback' })).toBeNull();
    expect(document.querySelector('.workspace')?.getAttribute('data-presented')).toBe('cluster');
  });

  it('→ advances one simulated second and ← goes back (time travel)', async () => {
    const user = userEvent.setup();
    const sim = await presenting();
    const t0 = simStore.getState().liveTimeMs;
    await user.keyboard('{ArrowRight}');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0 + 1000);
    await user.keyboard('{PageDown}');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0 + 2000);
    await user.keyboard('{ArrowLeft}');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0 + 1000);
    await user.keyboard('{PageUp}');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0);
    // The control strip does the same.
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0 + 1000);
  });

  it('takes Space and "." from a clicker without the page shortcut also firing (Space would play)', async () => {
    const user = userEvent.setup();
    const sim = await presenting();
    (document.activeElement as HTMLElement | null)?.blur();
    const t0 = simStore.getState().liveTimeMs;
    await user.keyboard(' ');
    await sim.frame();
    expect(simStore.getState().playing).toBe(false);
    expect(simStore.getState().liveTimeMs).toBe(t0 + 1000);
    await user.keyboard('.');
    await sim.frame();
    expect(simStore.getState().liveTimeMs).toBe(t0 + 2000);
  });

  it('"q" shows the QR code of the share link, and hides it again', async () => {
    const user = userEvent.setup();
    await presenting();
    await user.keyboard('q');
    // The default scenario's link is ~500 characters: well within a QR code (qr.test covers too long).
    const qr = screen.getByRole('img', { name: 'QR code of the share link' });
    expect(qr.querySelectorAll('rect').length).toBeGreaterThan(20);
    expect(screen.getByText(/^Scan to open this run at T\+00:00:03/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide QR' })).toBeTruthy();
    expect(presentationStore.getState().qrOpen).toBe(true);
    await user.keyboard('q');
    expect(screen.queryByRole('complementary', { name: 'Share this moment' })).toBeNull();
  });

  it('1–6 put one view on the screen; a lesson step chooses its own', async () => {
    const user = userEvent.setup();
    await presenting();
    const workspace = () => document.querySelector('.workspace')!.getAttribute('data-presented');
    await user.keyboard('2');
    expect(workspace()).toBe('topic');
    expect(screen.getByRole('region', { name: 'Topic log' })).toBeTruthy();
    await user.keyboard('6');
    expect(workspace()).toBe('inspector');
    await user.selectOptions(screen.getByRole('combobox', { name: 'View' }), '3 Timeline');
    expect(workspace()).toBe('timeline');
    const lesson = LESSONS.find((l) => l.steps[0]!.show && l.steps[0]!.show !== 'cluster')!;
    act(() => void startLesson(lesson.id));
    expect(workspace()).toBe(lesson.steps[0]!.show);
  });

  it('in a lesson, the QR code opens the lesson at this step: a short link, a small code', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    const lesson = LESSONS.find((l) => l.id === 'replication')!;
    act(() => void startLesson(lesson.id));
    await sim.frame();
    act(() => enterPresentation());
    await user.keyboard('{ArrowRight}');
    await sim.frame();
    await user.keyboard('q');
    expect(screen.getByText(`Scan to open “${lesson.title}” at step 2`)).toBeTruthy();
    const qr = screen.getByRole('img', { name: 'QR code of the share link' });
    // ~45 characters: version 3 (29 modules) at most, where the whole share link needed version 16 (81).
    expect(Number(qr.getAttribute('data-modules'))).toBeLessThanOrEqual(33);
  });

  it('Escape exits and removes the class', async () => {
    const user = userEvent.setup();
    await presenting();
    await user.keyboard('{Escape}');
    expect(presentationStore.getState().on).toBe(false);
    expect(document.body.classList.contains('presenting')).toBe(false);
    expect(screen.queryByRole('region', { name: 'Narration' })).toBeNull();
  });

  it('captions a lesson step; → and ← walk the lesson (Next reveals a pending prediction first)', async () => {
    const user = userEvent.setup();
    // A lesson whose first two steps have no prediction (one Next moves one step) and whose third has one.
    const lesson = LESSONS.find((l) => l.steps.length >= 4 && !l.steps[0]!.predict && !l.steps[1]!.predict && l.steps[2]!.predict)!;
    const sim = startLiveSim();
    render(<App />);
    act(() => void startLesson(lesson.id));
    await sim.frame();
    act(() => enterPresentation());
    const caption = screen.getByRole('region', { name: 'Narration' });
    expect(within(caption).getByRole('heading', { name: lesson.steps[0]!.title })).toBeTruthy();
    expect(within(caption).getByText(lesson.steps[0]!.narration)).toBeTruthy();
    expect(within(caption).getByText(`${lesson.title} · step 1 of ${lesson.steps.length}`)).toBeTruthy();
    await user.keyboard('{ArrowRight}');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(1);
    expect(within(caption).getByRole('heading', { name: lesson.steps[1]!.title })).toBeTruthy();
    await user.keyboard('{ArrowLeft}');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(0);
    expect(within(caption).getByRole('heading', { name: lesson.steps[0]!.title })).toBeTruthy();
    // On to the step with a prediction: the caption asks it, → reveals the answer, the next → moves on.
    for (const key of ['{ArrowRight}', '{ArrowRight}']) {
      await user.keyboard(key);
      await sim.frame();
    }
    const predict = lesson.steps[2]!.predict!;
    expect(lessonStore.getState().step).toBe(2);
    expect(within(caption).getByRole('group', { name: predict.question })).toBeTruthy();
    for (const choice of predict.choices) expect(within(caption).getByRole('radio', { name: choice })).toBeTruthy(); // the room sees the choices
    expect(simStore.getState().playing).toBe(false); // the question waits for the room
    await user.keyboard('{ArrowRight}');
    await sim.frame();
    expect(lessonStore.getState()).toMatchObject({ step: 2, revealed: true });
    expect(caption.textContent).toContain(predict.reveal);
    await user.keyboard('{ArrowRight}');
    await sim.frame();
    expect(lessonStore.getState().step).toBe(3);
    expect(within(caption).getByRole('heading', { name: lesson.steps[3]!.title })).toBeTruthy();
  });

  it('leaves the page shortcuts alone when not presenting', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<App />);
    await sim.runFor(1000);
    pause();
    await sim.frame();
    await user.keyboard('q');
    expect(presentationStore.getState().qrOpen).toBe(false);
    await user.keyboard(' ');
    await sim.frame();
    expect(simStore.getState().playing).toBe(true); // the page's Space: play
  });
});
