// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault, simStore } from '../../src/store';
import { FaultBanner } from '../../src/view/panels/FaultBanner';
import { FastForwardProgress } from '../../src/view/panels/TopBar';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

describe('FaultBanner', () => {
  it('says in words that the simulator failed, what was kept, and offers the run as a link and a file', async () => {
    const user = userEvent.setup();
    const sim = startLiveSim();
    render(<FaultBanner />);
    await sim.runFor(4_000);
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => injectFault('frame'));
    await sim.frame();
    const alert = screen.getByRole('alert', { name: 'The simulator stopped on an internal error' });
    expect(alert.textContent).toMatch(
      /While running at T\+00:00:04\.000: Error: A fault injected .*\. This is a bug in Streamscope, not something Kafka does\./,
    );
    expect(alert.textContent).toMatch(/your run is kept up to T\+00:00:04\.000, paused/);
    expect(alert.textContent).not.toMatch(/\.\./); // a message ending in a full stop gets no second one
    const link = within(alert).getByRole('textbox', { name: 'Link to the run, to report the bug with' }) as HTMLInputElement;
    expect(link.value).toMatch(/#share=/);
    expect(link.readOnly).toBe(true);
    expect(within(alert).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Save run as file' })).toBeTruthy();
    // The page is usable: the run is there, paused, at the kept moment.
    expect(simStore.getState().snapshot!.timeMs).toBe(4_000);
    expect(simStore.getState().playing).toBe(false);
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('FastForwardProgress', () => {
  it('names a loaded run’s replay as such, with a Stop that opens it where it got to', () => {
    startLiveSim();
    act(() => simStore.setState({ opening: { playheadMs: 60_000 }, liveTimeMs: 30_000 }));
    render(<FastForwardProgress from={0} to={120_000} />);
    expect(screen.getByRole('progressbar', { name: 'Opening progress' })).toBeTruthy();
    expect(screen.getByText(/replaying the run to T\+00:02:00\.000 before it opens \(25%\)/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop and open here' })).toBeTruthy();
  });
});
