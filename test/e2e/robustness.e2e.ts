/**
 * Issue 12 in the built app: what a hostile page or link can do to it.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeDoc } from '../../src/scenario/codec';
import { DEFAULT_SCENARIO, DEFAULT_SEED } from '../../src/scenario/builtin';
import { chromiumForThisFile, expectClean, openPage, screenshot, until } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

const clockText = async (page: Page) => (await page.getByRole('timer', { name: 'Simulated time' }).locator('.clock-sim').textContent()) ?? '';
/** `T+01:02:03.456` → milliseconds. */
const clockMs = (text: string): number => {
  const m = /T\+(\d+):(\d\d):(\d\d)\.(\d{3})/.exec(text);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) : NaN;
};

describe('issue 12, item 2: an engine fault', () => {
  it('is shown in words, the worker is restarted, and the run is kept up to the last moment shown, usable again', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await until(
      () => clockText(w.page),
      (t) => clockMs(t) >= 3_000,
    );
    await w.page.evaluate('window.streamscopeTest.injectFault("frame")');
    const alert = w.page.getByRole('alert', { name: 'The simulator stopped on an internal error' });
    await alert.waitFor({ timeout: 20_000 });
    const said = (await alert.textContent()) ?? '';
    expect(said).toMatch(/Error: A fault injected for a test/);
    const kept = /kept up to (T\+[\d:.]+), paused/.exec(said)?.[1];
    expect(kept).toBeDefined();
    expect(clockMs(kept!)).toBeGreaterThanOrEqual(3_000);
    // A fresh worker holds the run at the kept moment, paused…
    expect(w.workers.length).toBe(2);
    await until(
      () => clockText(w.page),
      (t) => t === kept,
    );
    expect(await w.page.getByRole('button', { name: 'Play', exact: true }).isVisible()).toBe(true);
    expect(await alert.getByRole('textbox', { name: 'Link to the run, to report the bug with' }).inputValue()).toMatch(/#share=s\d\./);
    await screenshot(w.page, 'issue12-fault');
    // …and plays on.
    await w.page.getByRole('button', { name: 'Play', exact: true }).click();
    await until(
      () => clockText(w.page),
      (t) => clockMs(t) > clockMs(kept!) + 500,
    );
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await w.page.getByRole('alert', { name: 'The simulator stopped on an internal error' }).count()).toBe(0);
    expectClean(w);
  });
});

describe('issue 12, item 4: a link that takes long to replay', () => {
  it('opens with its progress shown, and Stop opens it where the replay got to', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    const link = encodeDoc({ v: 2, seed: DEFAULT_SEED, scenario: DEFAULT_SCENARIO, commands: [], playheadMs: 3 * 86_400_000 });
    await w.page.goto(`${baseUrl}#share=${link}`);
    const progress = w.page.getByRole('progressbar', { name: 'Opening progress' });
    await progress.waitFor({ timeout: 20_000 });
    expect(await w.page.getByText(/replaying the run to T\+72:00:00\.000 before it opens/).count()).toBe(1);
    await until(
      () => clockText(w.page),
      (t) => clockMs(t) > 60_000,
    ); // it moves: the page answers meanwhile
    await screenshot(w.page, 'issue12-opening');
    await w.page.getByRole('button', { name: 'Stop and open here' }).click();
    await until(
      () => progress.count(),
      (n) => n === 0,
    );
    const stoppedAt = clockMs(await clockText(w.page));
    expect(stoppedAt).toBeLessThan(3 * 86_400_000);
    await w.page.waitForTimeout(500);
    expect(clockMs(await clockText(w.page))).toBe(stoppedAt); // opened there, paused
    expectClean(w);
  });
});

describe('issue 12, item 10: framing', () => {
  it('no other site may frame the app: the server says so in headers, and Chromium leaves the frame empty', async () => {
    const res = await fetch(baseUrl);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');

    const page = await chromium.browser.newPage();
    try {
      await page.setContent(`<iframe src="${baseUrl}" title="framed"></iframe>`);
      await page.waitForTimeout(1_500);
      const framed = page.frames().find((f) => f !== page.mainFrame())!;
      // The app never starts inside the frame: no top bar, no clock.
      const started = await framed.evaluate('document.querySelector(".clock-sim") !== null').catch(() => false);
      expect(started).toBe(false);
    } finally {
      await page.close();
    }
  });
});
