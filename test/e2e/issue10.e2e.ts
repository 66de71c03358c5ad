/**
 * Issue 10's ten points, each as a learner, a teacher or an engineer meets it now, in the built
 * app; every test keeps a screenshot (test-results/screenshots/issue10-*) for the closing note.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LESSONS } from '../../src/scenario/lessons';
import { chromiumForThisFile, expectClean, openPage, screenshot, until } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

const lesson = (id: string) => LESSONS.find((l) => l.id === id)!;
const clock = async (page: Page) => (await page.getByRole('timer', { name: 'Simulated time' }).first().textContent()) ?? '';
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/** Opens a lesson and presses Next until `step` (0-based) shows, revealing predictions on the way. */
async function lessonAt(page: Page, id: string, step: number, next = () => page.locator('.lesson-next').click()): Promise<void> {
  await page.goto(`${baseUrl}#lesson=${id}`);
  const l = lesson(id);
  await page.getByRole('heading', { name: l.steps[0]!.title }).first().waitFor({ timeout: 20_000 });
  for (let i = 1; i <= step; i++) {
    if (l.steps[i - 1]!.predict) await next(); // reveal first
    await next();
    await page.getByRole('heading', { name: l.steps[i]!.title }).first().waitFor({ timeout: 30_000 });
  }
}

describe('issue 10, point by point', () => {
  it('1. the presenter’s view at 1024×768: one view fills the screen, a prediction shows its choices, the QR code is small and large', async () => {
    const w = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 });
    await lessonAt(w.page, 'replication', 2);
    await w.page.keyboard.press('p');
    const caption = w.page.getByRole('region', { name: 'Narration' });
    for (const choice of lesson('replication').steps[2]!.predict!.choices) await caption.getByRole('radio', { name: choice }).waitFor();
    const view = await box(w.page, '.ws-cluster');
    const cap = await box(w.page, '.present-caption');
    expect(view.y + view.height).toBeLessThanOrEqual(cap.y + 1); // the caption never covers the view
    expect(await w.page.evaluate('document.documentElement.scrollHeight - innerHeight')).toBe(0);
    await screenshot(w.page, 'issue10-1-presenter-prediction');
    await w.page.keyboard.press('2'); // the topic log, full screen
    await w.page.getByRole('region', { name: 'Topic log' }).waitFor();
    await screenshot(w.page, 'issue10-1-presenter-topic-log');
    await w.page.keyboard.press('q');
    const qr = w.page.getByRole('img', { name: 'QR code of the share link' });
    expect(Number(await qr.getAttribute('data-modules'))).toBeLessThanOrEqual(33);
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(300);
    await screenshot(w.page, 'issue10-1-presenter-qr');
    expectClean(w);
  });

  it('2. the right-hand column: a lesson step brings the murmur2 line into view, and at 1024×768 a prediction is never clipped', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await lessonAt(w.page, 'keys-and-partitions', 1);
    const lit = w.page.locator('.spotlit');
    await until(
      async () => (await lit.textContent()) ?? '',
      (t) => t.includes('murmur2'),
    );
    await screenshot(w.page, 'issue10-2-murmur2-in-view');
    const small = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 });
    await lessonAt(small.page, 'replication', 2);
    const reveal = small.page.locator('.lesson-panel').getByRole('button', { name: 'Reveal' });
    const panel = await box(small.page, '.lesson-panel');
    const button = (await reveal.boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(panel.y + panel.height); // not clipped by its panel
    expect(button.y + button.height).toBeLessThanOrEqual(768);
    await screenshot(small.page, 'issue10-2-prediction-1024x768');
    expectClean(w);
    expectClean(small);
  });

  it('3. the simulation waits at a prediction: the answer is not on screen before the reveal', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await lessonAt(w.page, 'replication', 2);
    const before = await clock(w.page);
    await w.page.waitForTimeout(1500);
    expect(await clock(w.page)).toBe(before);
    // Broker 2 has crashed, but no election yet: the inspector still names it as the last leader.
    await w.page.locator('[data-spot="inspector"]').getByText('Broker 2 is the leader (leader epoch 0).').waitFor();
    await screenshot(w.page, 'issue10-3-waits-for-the-answer');
    await w.page.locator('.lesson-panel').getByRole('button', { name: 'Reveal' }).click();
    await until(
      () => clock(w.page),
      (t) => t !== before,
    );
    expectClean(w);
  });

  it('5. counts say what they count; the charts belong to the lesson; show-internal is a visible switch', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Kill broker 1' }).waitFor();
    await w.page.getByRole('button', { name: 'Kill broker 2' }).click();
    await w.page
      .getByText(/under-replicated \(\+\d+ internal\)/)
      .first()
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => w.page.getByRole('checkbox', { name: /internal topics/ }).isVisible()).toBe(true);
    await screenshot(w.page, 'issue10-5-counts');
    await w.page.goto(`${baseUrl}#lesson=retention`);
    await w.page
      .getByRole('heading', { name: lesson('retention').steps[0]!.title })
      .first()
      .waitFor();
    await w.page.getByRole('tab', { name: 'Charts' }).click();
    const charts = w.page.getByRole('region', { name: 'Charts' });
    await charts
      .getByText(/archiver/)
      .first()
      .waitFor();
    expect(await charts.getByText(/billing/).count()).toBe(0); // the default scenario's group is gone
    await screenshot(w.page, 'issue10-5-charts-of-this-lesson');
    expectClean(w);
  });

  it('6. work is safe: browsing lessons starts nothing, replacing a run asks first and can be undone', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Kill broker 3' }).click();
    await w.page.keyboard.press('l');
    const dialog = w.page.getByRole('dialog', { name: 'Lessons and scenarios' });
    await dialog.waitFor();
    await w.page.keyboard.press('ArrowDown');
    await w.page.keyboard.press('ArrowDown');
    await screenshot(w.page, 'issue10-6-lessons-dialog');
    expect(await w.page.locator('.lesson-panel').count()).toBe(0); // browsing started nothing
    await w.page.keyboard.press('Enter');
    const confirm = w.page.getByRole('alertdialog', { name: 'Replace this run?' });
    await confirm.waitFor();
    await screenshot(w.page, 'issue10-6-confirm');
    await confirm.getByRole('button', { name: /^Start the lesson/ }).click();
    await w.page.locator('.lesson-panel').waitFor();
    await w.page.getByRole('button', { name: 'Undo' }).waitFor();
    await screenshot(w.page, 'issue10-6-undo');
    await w.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => w.page.locator('.lesson-panel').count()).toBe(0);
    await w.page.getByRole('button', { name: 'Restart broker 3' }).waitFor(); // the run came back with its action
    // From the lesson list to the lesson's Next: the dialog hands the focus to it.
    await w.page.keyboard.press('l');
    await dialog.waitFor();
    await w.page.keyboard.press('Enter');
    await w.page
      .getByRole('alertdialog')
      .getByRole('button', { name: /^Start the lesson/ })
      .click();
    await expect.poll(() => w.page.evaluate('document.activeElement && document.activeElement.className')).toContain('lesson-next');
    expectClean(w);
  });

  it('7. the first screen says where to start, beside the cluster', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('region', { name: 'Where to start' }).waitFor();
    await w.page.getByRole('button', { name: 'Kill broker 1' }).waitFor();
    await screenshot(w.page, 'issue10-7-first-screen');
    expectClean(w);
  });

  it('8. the event log folds repeats, shows severity and sums up a fast-forward', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Kill broker 1' }).waitFor();
    await w.page.getByRole('button', { name: 'Kill broker 2' }).click();
    await w.page.getByRole('combobox', { name: 'Fast-forward by' }).selectOption({ label: '+10 min' });
    await w.page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
    await w.page.getByRole('tab', { name: 'Event log' }).click();
    const log = w.page.getByRole('log');
    await log
      .getByText(/^Fast-forwarded 10 min/)
      .first()
      .waitFor({ timeout: 60_000 });
    await log
      .getByText(/error|warning/)
      .first()
      .waitFor();
    await screenshot(w.page, 'issue10-8-event-log');
    expectClean(w);
  });

  it('10. small things: alice’s order names alice; an unknown lesson is explained once', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await lessonAt(w.page, 'keys-and-partitions', 1);
    const inspector = w.page.locator('[data-spot="inspector"]');
    await inspector.getByText('"customer": "alice"', { exact: false }).first().waitFor();
    await screenshot(w.page, 'issue10-10-alice');
    await w.page.goto(`${baseUrl}#lesson=nope`);
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text.split('The default scenario is loaded instead.').length).toBe(2); // said once
    expectClean(w);
  });
});
