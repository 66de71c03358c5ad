// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { decodeDoc } from '../../src/scenario/codec';
import type { ScenarioDoc } from '../../src/scenario/doc';
import { currentDoc, sendCommand, simStore } from '../../src/store';
import { ScenarioMenu } from '../../src/view/scenario/ScenarioMenu';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

const topicsOnScreen = () =>
  simStore
    .getState()
    .snapshot!.topics.filter((t) => !t.name.startsWith('__'))
    .map((t) => t.name);

describe('ScenarioMenu', () => {
  it('Share opens a dialog with a link that replays this run, puts it in the address bar and copies it', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ScenarioMenu renderShareExtras={(url) => <p>extra for {url.length}</p>} />);
    await sim.runFor(2_000);
    await sendCommand({ type: 'crashBroker', brokerId: 3 });
    await sim.runFor(1_000);
    await user.click(screen.getByRole('button', { name: 'Share' }));

    const dialog = screen.getByRole('dialog', { name: 'Share this moment' });
    const field = within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Share link' });
    expect(field.readOnly).toBe(true);
    const url = field.value;
    const doc = currentDoc()!;
    expect(doc.commands.map((c) => c.command)).toEqual([{ type: 'crashBroker', brokerId: 3 }]);
    expect(doc.playheadMs).toBeGreaterThan(2_000);
    const fragment = new URL(url).hash;
    expect(fragment.startsWith('#share=s2.')).toBe(true);
    expect(decodeDoc(fragment.slice('#share='.length))).toEqual({ ok: true, doc });
    expect(location.hash).toBe(fragment);
    expect(within(dialog).getByText(`${url.length.toLocaleString('en-US')} characters`, { exact: false })).toBeTruthy();
    expect(within(dialog).getByText('Everything is in the link itself; nothing is sent to a server.')).toBeTruthy();
    expect(within(dialog).getByText(`extra for ${url.length}`)).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(url);
    expect(await within(dialog).findByText('Copied to the clipboard.')).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(url);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Share' }));
  });

  it('Open with a bad file shows what is wrong and keeps the current run', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ScenarioMenu />);
    await sim.runFor(1_000);
    const before = simStore.getState().snapshot!.timeMs;
    const bad = JSON.stringify({ v: 2, seed: 1, scenario: { ...DEFAULT_SCENARIO, cluster: { brokers: 40 } }, commands: [], playheadMs: 0 });
    await user.upload(screen.getByLabelText('Open a scenario file'), new File([bad], 'huge.json', { type: 'application/json' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('"huge.json" could not be opened: scenario.cluster.brokers: at most 12 brokers (got 40). The current run continues.');

    await user.upload(screen.getByLabelText('Open a scenario file'), new File(['{not json'], 'broken.json', { type: 'application/json' }));
    expect((await screen.findByRole('alert')).textContent).toContain('"broken.json" could not be opened: it is not a JSON file.');

    const newer = JSON.stringify({ v: 7, seed: 1 });
    await user.upload(screen.getByLabelText('Open a scenario file'), new File([newer], 'future.json', { type: 'application/json' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      '"future.json" could not be opened: This file was made by a newer Streamscope (format v7); this version reads up to v2.',
    );

    await sim.runFor(1_000);
    expect(simStore.getState().scenarioName).toBe(DEFAULT_SCENARIO.name);
    expect(simStore.getState().snapshot!.timeMs).toBeGreaterThan(before);
    expect(topicsOnScreen()).toEqual(['orders']);
  });

  it('Open with a good file loads it paused at its playhead', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ScenarioMenu />);
    await sim.frame();
    const doc: ScenarioDoc = {
      v: 2,
      seed: 5,
      scenario: { ...DEFAULT_SCENARIO, name: 'From a file' },
      commands: [{ atMs: 1_000, afterTask: 9_999_999, command: { type: 'crashBroker', brokerId: 1 } }],
      playheadMs: 4_000,
    };
    await user.upload(screen.getByLabelText('Open a scenario file'), new File([JSON.stringify(doc, null, 2)], 'saved.json', { type: 'application/json' }));
    await vi.waitFor(() => expect(simStore.getState().scenarioName).toBe('From a file'));
    await sim.frame();
    const s = simStore.getState();
    expect(s.playing).toBe(false);
    expect(s.snapshot!.timeMs).toBe(4_000);
    expect(s.snapshot!.brokers.find((b) => b.id === 1)!.state).toBe('crashed');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Share refuses, in words, a run larger than a link may carry', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim({ ...DEFAULT_SCENARIO, cluster: { brokers: 13 } });
    render(<ScenarioMenu />);
    await sim.frame();
    await user.click(screen.getByRole('button', { name: 'Share' }));
    expect(screen.getByRole('alert').textContent).toContain('This run is too large to share: scenario.cluster.brokers: at most 12 brokers (got 13).');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(location.hash).toBe('');
  });

  it('Save downloads the current run as JSON named after the scenario', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<ScenarioMenu />);
    await sim.runFor(1_000);
    let saved: Blob | null = null;
    URL.createObjectURL = vi.fn((b: Blob) => ((saved = b), 'blob:saved'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('streamscope-default-orders-on-a-three-broker-cluster.json');
      expect(this.href).toBe('blob:saved');
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(click).toHaveBeenCalledTimes(1);
    const text = await saved!.text();
    expect(JSON.parse(text)).toEqual(currentDoc());
    expect(text).toContain('\n  "seed"'); // pretty-printed
  });
});
