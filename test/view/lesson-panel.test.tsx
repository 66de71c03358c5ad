// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { findLesson } from '../../src/scenario/lessons';
import { REPLICATION_LEADER, REPLICATION_NEXT_LEADER } from '../../src/scenario/lessons/replication';
import { loadDoc, play, simStore } from '../../src/store';
import { exitLesson, lessonStore, startLesson } from '../../src/store/lesson';
import { LessonPanel } from '../../src/view/lesson/LessonPanel';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  exitLesson();
  cleanup();
});

const panel = () => screen.getByRole('region', { name: 'Lesson' });
const replication = findLesson('replication')!;

/** Starts the replication lesson on a live in-process simulation, with the panel rendered. */
async function startReplication() {
  const sim = startLiveSim();
  const user = userEvent.setup();
  render(<LessonPanel />);
  act(() => {
    expect(startLesson('replication')).toBe(true);
  });
  await sim.frame(16);
  return { sim, user };
}

async function next(user: ReturnType<typeof userEvent.setup>, sim: ReturnType<typeof startLiveSim>) {
  await user.click(within(panel()).getByRole('button', { name: /^(Next|Finish)$/ }));
  await sim.frame(16);
}

describe('LessonPanel', () => {
  it('shows nothing without a lesson, and step 1 with its narration once a lesson starts', async () => {
    startLiveSim();
    const { rerender } = render(<LessonPanel />);
    expect(screen.queryByRole('region', { name: 'Lesson' })).toBeNull();
    act(() => {
      startLesson('replication');
    });
    rerender(<LessonPanel />);
    const p = panel();
    expect(within(p).getByRole('heading', { name: replication.title })).toBeTruthy();
    expect(within(p).getByText('Step 1 of 6')).toBeTruthy();
    expect(within(p).getByRole('heading', { name: replication.steps[0]!.title })).toBeTruthy();
    expect(within(p).getByText(replication.steps[0]!.narration)).toBeTruthy();
    expect(within(p).getByRole('button', { name: 'Back' })).toHaveProperty('disabled', true);
    // The run belongs to the lesson (share links carry it) and the inspector points where the step says.
    expect(simStore.getState().lesson).toEqual({ id: 'replication', step: 0 });
    expect(simStore.getState().scenarioName).toBe(replication.scenario.name);
    expect(simStore.getState().selection).toEqual({ kind: 'partition', topic: 'orders', partition: 0 });
    expect(lessonStore.getState()).toMatchObject({ lessonId: 'replication', step: 0 });
  });

  it('Next runs the step’s scripted actions: the leader’s broker crashes, in the store’s events', async () => {
    const { sim, user } = await startReplication();
    await sim.runFor(2_000);
    await next(user, sim);
    expect(within(panel()).getByText('Step 2 of 6')).toBeTruthy();
    expect(simStore.getState().events.some((e) => e.event.type === 'brokerCrashed')).toBe(false);
    await next(user, sim);
    expect(within(panel()).getByText('Step 3 of 6')).toBeTruthy();
    expect(within(panel()).getByText(replication.steps[2]!.narration)).toBeTruthy();
    const crashed = simStore.getState().events.filter((e) => e.event.type === 'brokerCrashed');
    expect(crashed.map((e) => e.event)).toEqual([expect.objectContaining({ brokerId: REPLICATION_LEADER })]);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === REPLICATION_LEADER)!.state).toBe('crashed');
    expect(simStore.getState().lesson).toEqual({ id: 'replication', step: 2 });
    // The lesson's actions are recorded in the history, so a share link replays them.
    expect(simStore.getState().history!.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: REPLICATION_LEADER }]);
  });

  it('a prediction is answered with radio buttons, then revealed with the verdict and the explanation', async () => {
    const { sim, user } = await startReplication();
    await next(user, sim);
    await next(user, sim);
    const predict = replication.steps[2]!.predict!;
    const group = within(panel()).getByRole('group', { name: predict.question });
    expect(within(group).getAllByRole('radio')).toHaveLength(predict.choices.length);
    expect(within(panel()).queryByText(predict.reveal)).toBeNull();
    await user.click(within(group).getByRole('radio', { name: `Broker ${REPLICATION_NEXT_LEADER}` }));
    expect(lessonStore.getState().choice).toBe(predict.answer);
    await user.click(within(group).getByRole('button', { name: 'Reveal' }));
    const status = within(panel()).getByRole('status');
    expect(status.textContent).toContain('Right!');
    expect(status.textContent).toContain(predict.reveal);
    expect(within(group).getByRole('radio', { name: new RegExp(`^Broker ${REPLICATION_NEXT_LEADER}\\b.*answer`) })).toHaveProperty('disabled', true);
    // Next now enters the election step, which fast-forwards 10 s: the next replica leads.
    await next(user, sim);
    expect(within(panel()).getByText('Step 4 of 6')).toBeTruthy();
    const p0 = simStore.getState().snapshot!.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!;
    expect(p0.leader).toBe(REPLICATION_NEXT_LEADER);
  });

  it('Next on a hidden prediction reveals it first; a wrong pick is told so', async () => {
    const { sim, user } = await startReplication();
    await next(user, sim);
    await next(user, sim);
    const predict = replication.steps[2]!.predict!;
    await user.click(screen.getByRole('radio', { name: predict.choices[2]! }));
    await next(user, sim);
    expect(within(panel()).getByText('Step 3 of 6')).toBeTruthy();
    expect(within(panel()).getByRole('status').textContent).toContain(`Not quite. The answer: ${predict.choices[predict.answer]}.`);
  });

  it('Back travels in time to before the step’s actions and shows the previous step again', async () => {
    const { sim, user } = await startReplication();
    await sim.runFor(3_000);
    await next(user, sim);
    await next(user, sim); // crash
    await next(user, sim); // reveal
    await next(user, sim); // the election: +10 s, then the step holds that moment
    await sim.runFor(3_000);
    const before = simStore.getState().liveTimeMs;
    const enteredAt = lessonStore.getState().stepStartMs[3]!;
    expect(before).toBe(enteredAt + 10_000);
    expect(simStore.getState().playing).toBe(false);
    await user.click(within(panel()).getByRole('button', { name: 'Back' }));
    await sim.frame(16);
    await sim.frame(16);
    const after = simStore.getState().liveTimeMs;
    expect(after).toBeLessThan(before - 9_000);
    expect(after).toBeLessThan(enteredAt + 100);
    expect(within(panel()).getByText('Step 3 of 6')).toBeTruthy();
    expect(within(panel()).queryByRole('status')).toBeNull(); // the prediction is hidden again
    expect(simStore.getState().lesson).toEqual({ id: 'replication', step: 2 });
    // Going back before the crash itself undoes it.
    await user.click(within(panel()).getByRole('button', { name: 'Back' }));
    await sim.frame(16);
    // Paused there: playing on would replay the recorded crash a moment later.
    expect(simStore.getState().playing).toBe(false);
    await sim.runFor(2_000);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === REPLICATION_LEADER)!.state).toBe('running');
    // Forward again: the crash happens again (once), without a "you acted in the past" notice, and it plays on.
    await next(user, sim);
    await sim.frame(16);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === REPLICATION_LEADER)!.state).toBe('crashed');
    expect(simStore.getState().branchNotice).toBeNull();
    // The step asks a question: the simulation waits for the answer, then plays on.
    expect(simStore.getState().playing).toBe(false);
    await next(user, sim); // reveal
    expect(simStore.getState().playing).toBe(true);
    expect(simStore.getState().history!.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: REPLICATION_LEADER }]);
  });

  it('after Back and Play, Next does not send a step’s actions the history already replayed', async () => {
    const { sim, user } = await startReplication();
    await next(user, sim);
    await next(user, sim); // crash
    await next(user, sim); // reveal
    await next(user, sim); // the election
    await user.click(within(panel()).getByRole('button', { name: 'Back' }));
    await user.click(within(panel()).getByRole('button', { name: 'Back' })); // before the crash, paused
    await sim.frame(16);
    act(() => play());
    await sim.runFor(1_000);
    expect(simStore.getState().snapshot!.brokers.find((b) => b.id === REPLICATION_LEADER)!.state).toBe('crashed'); // replayed
    await next(user, sim);
    expect(within(panel()).getByText('Step 3 of 6')).toBeTruthy();
    expect(simStore.getState().history!.commands).toHaveLength(1);
    expect(simStore.getState().lastError).toBeNull();
  });

  it('the last step offers "Try it yourself" and Finish ends the lesson', async () => {
    const sim = startLiveSim();
    const user = userEvent.setup();
    render(<LessonPanel />);
    act(() => {
      startLesson('quickstart');
    });
    await sim.frame(16);
    const lesson = findLesson('quickstart')!;
    expect(within(panel()).queryByRole('heading', { name: 'Try it yourself' })).toBeNull();
    for (let i = 1; i < lesson.steps.length; i++) await next(user, sim);
    expect(within(panel()).getByText(`Step ${lesson.steps.length} of ${lesson.steps.length}`)).toBeTruthy();
    expect(within(panel()).getByRole('heading', { name: 'Try it yourself' })).toBeTruthy();
    expect(
      within(panel())
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(lesson.tryIt);
    await user.click(within(panel()).getByRole('button', { name: 'Finish' }));
    expect(screen.queryByRole('region', { name: 'Lesson' })).toBeNull();
    expect(simStore.getState().lesson).toBeNull();
    expect(lessonStore.getState().lessonId).toBeNull();
  });

  it('a share link that carries a lesson step resumes the lesson there', async () => {
    const sim = startLiveSim();
    render(<LessonPanel />);
    const lesson = findLesson('retention')!;
    act(() => {
      loadDoc({ v: 2, seed: lesson.seed, scenario: lesson.scenario, commands: [], playheadMs: 1_000, lesson: { id: 'retention', step: 3 } });
    });
    await sim.frame(16);
    expect(within(panel()).getByText(`Step 4 of ${lesson.steps.length}`)).toBeTruthy();
    expect(within(panel()).getByText(lesson.steps[3]!.narration)).toBeTruthy();
  });
});
