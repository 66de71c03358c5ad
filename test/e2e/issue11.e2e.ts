/**
 * Issue 11 in the built app: a day fast-forwards in seconds with its progress on screen, the tape of
 * a day-long log (1,440 one-minute segments) stays drawable, time travel into it is quick, and a week's
 * fast-forward can be stopped where it is. Screenshots go to test-results/screenshots/issue11-*.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumForThisFile, expectClean, openPage, screenshot, until, view } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

/** The simulated clock on screen, in ms ("T+24:00:02.630"). */
async function clockMs(page: Page): Promise<number> {
  const text = (await page.getByRole('timer', { name: 'Simulated time' }).first().textContent()) ?? '';
  const m = /T\+(\d+):(\d\d):(\d\d)\.(\d{3})/.exec(text);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) : NaN;
}

async function fastForward(page: Page, label: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Fast-forward by' }).selectOption({ label });
  await page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
}

const DAY_MS = 86_400_000;

describe('issue 11: a long run in the app', () => {
  it('+1 day runs with its progress showing, and the day-long tape draws its older segments in runs', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Pause' }).click();
    const start = await clockMs(w.page);
    await fastForward(w.page, '+1 day');
    await w.page.getByRole('progressbar', { name: 'Fast-forward progress' }).waitFor();
    await w.page.getByRole('button', { name: 'Stop fast-forward' }).waitFor();
    await until(
      () => clockMs(w.page),
      (t) => t >= start + DAY_MS,
      75_000,
    );
    await w.page.getByRole('progressbar', { name: 'Fast-forward progress' }).waitFor({ state: 'detached' });

    await view(w.page, 'Topic log');
    const tape = w.page.getByRole('group', { name: 'Partition orders-0' });
    const facts = (await tape.locator('.tape-facts').textContent()) ?? '';
    const segments = Number(/· (\d+) segments ·/.exec(facts)?.[1]);
    expect(segments).toBeGreaterThan(1_300); // segment.ms is 1 minute here: a segment rolls on the first append after its minute
    await w.page.getByRole('button', { name: 'Show whole log' }).click();
    // The whole day is a bounded number of bars (older segments come in runs), the first from offset 0.
    const bars = await until(
      () => tape.locator('.tape-segment title').allTextContents(),
      (titles) => titles.some((t) => /^\d+ segments from offset 0:/.test(t)),
      10_000,
    );
    expect(bars.length).toBeLessThanOrEqual(200);
    await screenshot(w.page, 'issue11-day-long-tape');

    // Time travel into the day: the playhead lands and the tape shows that moment.
    await view(w.page, 'Timeline');
    const playhead = w.page.getByRole('slider', { name: 'Playhead' });
    await playhead.focus();
    await w.page.keyboard.press('Home');
    await until(
      () => clockMs(w.page),
      (t) => t < 60_000,
      20_000,
    );
    expectClean(w);
  });

  it('a week’s fast-forward can be stopped where it is, and the clock stays there', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Pause' }).click();
    await fastForward(w.page, '+7 days');
    const progress = w.page.getByRole('progressbar', { name: 'Fast-forward progress' });
    await progress.waitFor();
    await until(
      () => clockMs(w.page),
      (t) => t > 3_600_000,
      60_000,
    );
    await w.page.getByRole('button', { name: 'Stop fast-forward' }).click();
    await progress.waitFor({ state: 'detached', timeout: 5_000 });
    const stoppedAt = await clockMs(w.page);
    expect(stoppedAt).toBeGreaterThan(3_600_000);
    expect(stoppedAt).toBeLessThan(7 * DAY_MS);
    await w.page.waitForTimeout(1_000);
    expect(await clockMs(w.page)).toBe(stoppedAt); // paused: the clock stays where the jump stopped
    await view(w.page, 'Event log');
    await w.page
      .getByRole('log')
      .getByText(/Fast-forward stopped after/)
      .first()
      .waitFor();
    await screenshot(w.page, 'issue11-week-stopped');
    expectClean(w);
  });
});
