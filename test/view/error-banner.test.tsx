// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openLink } from '../../src/store/open-doc';
import { ErrorBanner } from '../../src/view/panels/ErrorBanner';
import { startLiveSim } from '../helpers/view';

afterEach(() => {
  cleanup();
});

describe('ErrorBanner', () => {
  it('says once why an unknown lesson was not opened, and what was loaded instead', async () => {
    const sim = startLiveSim();
    render(<ErrorBanner />);
    openLink('#lesson=nope');
    await sim.frame();
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toBe('There is no lesson called "nope". The default scenario is loaded instead.');
    expect(text.match(/loaded/g)).toHaveLength(1);
  });
});
