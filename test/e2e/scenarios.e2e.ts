/**
 * Issue 5 in the built app: a share link reopens the same moment, ← steps back, a hostile link is
 * shown as text, and presentation mode fits a projector (lessons.e2e.ts walks every lesson).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeDoc } from '../../src/scenario/codec';
import { DEFAULT_SEED } from '../../src/scenario/builtin';
import { LESSONS } from '../../src/scenario/lessons';
import { chromiumForThisFile, expectClean, openPage, screenshot, until, view } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

const clockText = async (page: Page) => (await page.getByRole('timer', { name: 'Simulated time' }).locator('.clock-sim').textContent()) ?? '';
async function tapeFacts(page: Page, p: string): Promise<string> {
  await view(page, 'Topic log');
  return (
    (await page
      .getByRole('group', { name: `Partition ${p}` })
      .locator('.tape-facts')
      .textContent()) ?? ''
  );
}

describe('share links and time travel', () => {
  it('a share link reopens the same moment elsewhere, and ← steps back from it', async () => {
    const a = await openPage(chromium.browser, baseUrl);
    await a.page.goto(baseUrl);
    await a.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await a.page.getByRole('button', { name: 'Kill broker 2' }).click();
    await view(a.page, 'Event log');
    await a.page
      .getByRole('log')
      .getByText(/leader 2→\d, epoch/)
      .first()
      .waitFor({ timeout: 30_000 });
    await a.page.getByRole('button', { name: 'Pause', exact: true }).click();
    await a.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await a.page
      .getByRole('timer', { name: 'Simulated time' })
      .getByText(/· paused$/)
      .first()
      .waitFor();
    const shownAt = await clockText(a.page);
    const facts = await tapeFacts(a.page, 'orders-1');
    await a.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Share this moment' });
    const url = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
    expect(url).toContain('#share=s2.');
    await a.page.keyboard.press('Escape');
    expectClean(a);

    const b = await openPage(chromium.browser, baseUrl);
    await b.page.goto(url);
    await b.page.getByRole('article', { name: 'Broker 2' }).getByText('crashed').waitFor({ timeout: 30_000 });
    await expect.poll(() => clockText(b.page), { timeout: 30_000 }).toBe(shownAt);
    expect(await tapeFacts(b.page, 'orders-1')).toBe(facts);
    expect(await b.page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1); // opens paused at the moment
    // The recorded action is on the timeline's lane; ← travels back event by event.
    await view(b.page, 'Timeline');
    await b.page.getByRole('region', { name: 'Timeline' }).getByRole('group', { name: 'Your actions' }).locator('[role="button"]').first().waitFor();
    await b.page.evaluate('document.activeElement && document.activeElement.blur()'); // ← on a focused tab would switch tabs
    const back = await until(
      async () => {
        await b.page.locator('body').press('ArrowLeft');
        return clockText(b.page);
      },
      (t) => t !== shownAt,
    );
    expect(back < shownAt).toBe(true);
    await screenshot(b.page, 'share-opened-1280x800');
    expectClean(b);
  });

  it('a hostile link says what was wrong in plain words, shows the name as text, and loads the default scenario', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    let dialogs = 0;
    w.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const hostile = encodeDoc({
      v: 2,
      seed: DEFAULT_SEED,
      scenario: {
        name: '<img src=x onerror=alert(1)>',
        cluster: { brokers: 3 },
        topics: [{ name: '<img src=x onerror=alert(1)>', partitions: 1, replicationFactor: 1 }],
      },
      commands: [],
      playheadMs: 0,
    });
    await w.page.goto(`${baseUrl}#share=${hostile}`);
    const alert = w.page.getByRole('alert').filter({ hasText: 'InvalidTopicException' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('<img src=x onerror=alert(1)>');
    await w.page.getByRole('group', { name: 'Partition orders-0' }).waitFor({ timeout: 20_000 }); // the default scenario runs
    expect(await w.page.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
    // Plain garbage, too.
    await w.page.goto(`${baseUrl}#share=s2.%%%not-a-link`);
    await w.page.getByRole('alert').first().waitFor();
    await w.page.getByRole('group', { name: 'Partition orders-0' }).waitFor();
    expectClean(w);
  });
});

describe('presentation mode', () => {
  it('presents a lesson on a 1024×768 projector: caption, → advances, ← goes back, Q shows the QR code', async () => {
    const w = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 });
    await w.page.goto(`${baseUrl}#lesson=replication`);
    await w.page.getByRole('region', { name: 'Lesson' }).waitFor();
    await w.page.getByRole('button', { name: 'Present' }).click();
    const caption = w.page.getByRole('region', { name: 'Narration' });
    const first = LESSONS.find((l) => l.id === 'replication')!;
    await caption.getByText(first.steps[0]!.title).first().waitFor();
    await w.page.keyboard.press('ArrowRight');
    await caption.getByText(first.steps[1]!.title).first().waitFor();
    await w.page.keyboard.press('ArrowLeft');
    await caption.getByText(first.steps[0]!.title).first().waitFor();
    await w.page.keyboard.press('q');
    await w.page.getByRole('img', { name: 'QR code of the share link' }).waitFor();
    const overflow = await w.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(w.page, 'present-1024x768');
    await w.page.keyboard.press('Escape');
    await w.page.keyboard.press('Escape');
    await expect.poll(() => w.page.evaluate('document.body.classList.contains("presenting")')).toBe(false);
    expectClean(w);
  });
});
