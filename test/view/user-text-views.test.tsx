// @vitest-environment jsdom
/**
 * Issue 12, item 9 in the views: ids with a right-to-left override or a zero-width character are
 * shown with visible markers, isolated from the words around them.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/engine';
import { DEFAULT_SCENARIO } from '../../src/scenario/builtin';
import { ProducerInspector } from '../../src/view/inspector/ProducerInspector';
import { EventLog } from '../../src/view/panels/EventLog';
import { HiddenCharacters, UserText } from '../../src/view/text/UserText';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

const HOSTILE: ScenarioSpec = {
  ...DEFAULT_SCENARIO,
  producers: [
    ...(DEFAULT_SCENARIO.producers ?? []),
    { id: 'admin\u202Etxt.exe', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
    { id: 'c2', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
    { id: 'c\u200B2', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
  ],
};

describe('user text in the views', () => {
  it('an event-log sentence keeps its words outside the id, which shows its U+202E as a marker', async () => {
    const sim = startLiveSim(HOSTILE);
    render(<EventLog />);
    await sim.runFor(1_000);
    const row = screen.getByRole('button', { name: 'producer admin⟨U+202E⟩txt.exe started writing to orders' });
    // The id is isolated in its own <bdi>; the rest of the sentence is the row's own text, after it.
    const bdi = row.querySelector('bdi')!;
    expect(bdi.textContent).toBe('admin⟨U+202E⟩txt.exe');
    expect(bdi.nextSibling?.textContent).toBe(' started writing to orders');
    expect(row.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(within(bdi).getByTitle('U+202E RIGHT-TO-LEFT OVERRIDE').textContent).toBe('⟨U+202E⟩');
  });

  it('the inspector of a producer whose id holds a zero-width space does not look like the one without', async () => {
    const sim = startLiveSim(HOSTILE);
    const { unmount } = render(<ProducerInspector id={'c\u200B2'} />);
    await sim.frame(16);
    expect(screen.getByRole('heading', { name: 'Producer c⟨U+200B⟩2' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Producer c⟨U+200B⟩2' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pause producer c⟨U+200B⟩2' })).toBeTruthy();
    expect(within(screen.getByRole('heading', { name: 'Producer c⟨U+200B⟩2' })).getByTitle('U+200B ZERO WIDTH SPACE').textContent).toBe('⟨U+200B⟩');
    unmount();
    render(<ProducerInspector id="c2" />);
    await sim.frame(16);
    expect(screen.getByRole('heading', { name: 'Producer c2' })).toBeTruthy();
    expect(screen.queryByTitle('U+200B ZERO WIDTH SPACE')).toBeNull();
  });

  it('renders markup and long text as text: isolated, wrapped, or elided with the whole text as its tooltip', () => {
    render(
      <p>
        <UserText text={'<img src=x onerror=alert(1)>'} /> <UserText text={'x'.repeat(300)} /> <UserText text={'y\u202E'.repeat(3)} fit="elide" />
      </p>,
    );
    expect(document.querySelector('img')).toBeNull();
    const [markup, long, elided] = [...document.querySelectorAll('bdi')];
    expect(markup!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(long!.className).toContain('user-text-wrap');
    expect(elided!.className).toContain('user-text-elide');
    expect(elided!.getAttribute('title')).toBe('y⟨U+202E⟩y⟨U+202E⟩y⟨U+202E⟩');
  });

  it('a text field says when what was typed holds invisible characters, and shows them', () => {
    render(
      <>
        <HiddenCharacters text="plain-id" />
        <HiddenCharacters text={'c\u200B2'} />
      </>,
    );
    const notes = document.querySelectorAll('.user-text-typed');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.textContent).toBe('Contains invisible characters: c⟨U+200B⟩2');
  });
});
