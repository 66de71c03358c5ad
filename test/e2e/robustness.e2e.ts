/**
 * Issue 12 in the built app: what a hostile page or link can do to it.
 */
import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

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
