// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import { encodeDoc } from '../../src/scenario/codec';
import type { ScenarioDoc } from '../../src/scenario/doc';
import { connect, initialState, simStore } from '../../src/store';
import { exitLesson, lessonStore } from '../../src/store/lesson';
import { openLink } from '../../src/store/open-doc';
import type { ToWorker } from '../../src/worker/protocol';
import { createInProcessTransport, createSimClient } from '../../src/worker/sim-client';
import { startLiveSim } from '../helpers/view';

describe('openLink', () => {
  it('opens a share link paused at its playhead', async () => {
    const sim = startLiveSim();
    const doc: ScenarioDoc = {
      v: 2,
      seed: 9,
      scenario: DEFAULT_SCENARIO,
      commands: [{ atMs: 500, afterTask: 40, command: { type: 'crashBroker', brokerId: 2 } }],
      playheadMs: 3_000,
    };
    expect(openLink(`#share=${encodeDoc(doc)}`)).toBeNull();
    await sim.frame();
    const s = simStore.getState();
    expect(s.playing).toBe(false);
    expect(s.snapshot!.timeMs).toBe(3_000);
    // Same commands at the same times (a position that no history could reach is corrected to the real one).
    expect(s.history!.commands.map(({ atMs, command }) => ({ atMs, command }))).toEqual(doc.commands.map(({ atMs, command }) => ({ atMs, command })));
    expect(s.loadError).toBeNull();
  });

  it('explains a broken link in plain words and loads the default scenario', async () => {
    const sim = startLiveSim({ ...DEFAULT_SCENARIO, name: 'something else' });
    const message = openLink('#share=s2.AAAA-this-is-not-a-link');
    expect(message).toMatch(/^The link is damaged: .* The default scenario is loaded instead\.$/);
    await sim.frame();
    expect(simStore.getState().loadError).toBe(message);
    expect(simStore.getState().scenarioName).toBe(DEFAULT_SCENARIO.name);
    expect(simStore.getState().snapshot).not.toBeNull();
  });

  it('falls back to the default when the engine refuses what a link holds (a hostile topic name)', async () => {
    const sim = startLiveSim();
    const hostile: ScenarioDoc = {
      v: 2,
      seed: 1,
      scenario: {
        ...DEFAULT_SCENARIO,
        name: 'hostile',
        topics: [{ name: '<img src=x onerror=alert(1)>', partitions: 1, replicationFactor: 1 }],
        producers: [],
        consumers: [],
      },
      commands: [],
      playheadMs: 0,
    };
    expect(openLink(`#share=${encodeDoc(hostile)}`)).toBeNull();
    await sim.frame();
    const s = simStore.getState();
    expect(s.loadError).toMatch(/^InvalidTopicException: Topic name is invalid: '<img src=x onerror=alert\(1\)>'.* The default scenario is loaded instead\.$/);
    expect(s.scenarioName).toBe(DEFAULT_SCENARIO.name);
    expect(s.snapshot!.topics.map((t) => t.name)).toContain('orders');
  });

  it('falls back even when the worker answers later, after an earlier load', async () => {
    // Like the real worker: messages are answered later, in order (the app connects with the default, then reads the hash).
    const inner = createInProcessTransport();
    const queue: ToWorker[] = [];
    const flush = () => act(async () => void queue.splice(0).forEach((m) => inner.send(m)));
    simStore.setState({ ...initialState });
    connect(
      createSimClient({ send: (m) => queue.push(m), onMessage: inner.onMessage, restart: inner.restart, close: inner.close }),
      DEFAULT_SCENARIO,
      DEFAULT_SEED,
    );
    const hostile: ScenarioDoc = {
      v: 2,
      seed: 1,
      scenario: { name: 'too many replicas', cluster: { brokers: 3 }, topics: [{ name: 'orders', partitions: 1, replicationFactor: 5 }] },
      commands: [],
      playheadMs: 0,
    };
    expect(openLink(`#share=${encodeDoc(hostile)}`)).toBeNull();
    await flush(); // the default's tick arrives first, then the refusal
    await flush(); // the fallback load
    const s = simStore.getState();
    expect(s.loadError).toMatch(/^InvalidReplicationFactorException: .* The default scenario is loaded instead\.$/);
    expect(s.scenarioName).toBe(DEFAULT_SCENARIO.name);
    expect(s.snapshot!.brokers).toHaveLength(3);
  });

  it('opens built-in scenarios and lessons by id and ignores in-page anchors', async () => {
    const sim = startLiveSim();
    expect(openLink('#scenario=busy')).toBeNull();
    await sim.frame();
    expect(simStore.getState().snapshot!.brokers).toHaveLength(9);
    expect(openLink('#scenario=nope')).toBe('There is no built-in scenario called "nope". The default scenario is loaded instead.');
    await sim.frame();
    expect(simStore.getState().snapshot!.brokers).toHaveLength(3);
    expect(openLink('#lesson=retention')).toBeNull();
    expect(lessonStore.getState()).toMatchObject({ lessonId: 'retention', step: 0 });
    expect(simStore.getState().lesson).toEqual({ id: 'retention', step: 0 });
    exitLesson();
    expect(openLink('#lesson=nope')).toBe('There is no lesson called "nope". The default scenario is loaded instead.');
    // An in-page anchor loads nothing: the run goes on where it was.
    await sim.runFor(2_000);
    const before = simStore.getState().snapshot!.timeMs;
    expect(before).toBeGreaterThanOrEqual(2_000);
    expect(openLink('#inspector')).toBeNull();
    await sim.frame();
    expect(simStore.getState().snapshot!.timeMs).toBeGreaterThan(before);
  });
});
