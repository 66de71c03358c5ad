/**
 * axe-core on the built app in Chromium (WCAG 2.0/2.1 A and AA, and best practices): the default
 * page, a lesson at each kind of step, presentation mode, every inspector and the dialogs. Each
 * state must have no violations; a failure lists every rule, element and reason (test/e2e/axe.ts).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { LESSONS } from '../../src/scenario/lessons';
import { audit, formatViolations } from './axe';
import { chromiumForThisFile, expectClean, openPage } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

/** Audits the page as it is now; soft, so one test reports every state it visits. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  expect.soft(formatViolations(await audit(page)), `axe violations: ${where}`).toBe('');
}

/** The default scenario, loaded: brokers on the cluster view and records on the tapes. */
async function openDefault(page: Page): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'Kill broker 1' }).waitFor();
  await page
    .getByRole('button', { name: /^Offset 0 of orders-\d$/ })
    .first()
    .waitFor({ timeout: 20_000 });
}

/** Pauses the run, so the audit reads a page that holds still. */
async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
}

const inspectorOf = (page: Page): Locator => page.getByRole('complementary', { name: 'Inspector' });

describe('accessibility (axe-core)', () => {
  it('audits under the shipped CSP: an injected <script> is refused, the DevTools-protocol audit runs', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await openDefault(w.page);
    const csp = await w.page.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? ''`);
    expect(csp).toContain("script-src 'self'");
    await w.page.addScriptTag({ content: 'window.__injected = true' }).catch(() => undefined);
    expect(await w.page.evaluate('window.__injected === true')).toBe(false);
    expect(w.consoleErrors.join(' | ')).toMatch(/Content Security Policy/);
    expect(Array.isArray(await audit(w.page))).toBe(true);
    // No expectClean: the refused script is the one console error this test expects.
  });

  it('the default page at 1280×800, running and paused', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await openDefault(w.page);
    await expectAccessible(w.page, 'default page, running');
    await pause(w.page);
    await expectAccessible(w.page, 'default page, paused');
    expectClean(w);
  });

  it('the busy scenario (letter-only tiles, aggregated timeline marks) with a broker killed', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#scenario=busy`);
    const cluster = w.page.getByRole('region', { name: 'Cluster' });
    await cluster.getByRole('button', { name: 'Kill broker 9' }).waitFor({ timeout: 20_000 });
    await cluster.getByRole('button', { name: 'Kill broker 2' }).click();
    await cluster.getByRole('button', { name: 'Restart broker 2' }).waitFor();
    await cluster.getByRole('article', { name: 'Broker 2' }).getByText('crashed').waitFor();
    await pause(w.page);
    await expectAccessible(w.page, 'busy scenario, broker 2 killed');
    expectClean(w);
  }, 180_000); // 20,000 records/s and axe over ~250 tiles: 17 s alone, several times that on a shared machine

  it('a lesson at each kind of step: narration, scripted actions, a prediction pending and revealed, the last step', async () => {
    const lesson = LESSONS.find((l) => l.id === 'replication')!;
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#lesson=${lesson.id}`);
    const panel = w.page.getByRole('region', { name: 'Lesson' });
    const next = panel.getByRole('button', { name: 'Next' });
    const atStep = async (i: number) => {
      await panel.getByText(`Step ${i + 1} of ${lesson.steps.length}`).waitFor({ timeout: 20_000 });
      await panel.getByRole('heading', { name: lesson.steps[i]!.title }).waitFor();
      await expect.poll(() => next.or(panel.getByRole('button', { name: 'Finish' })).isEnabled(), { timeout: 20_000 }).toBe(true);
    };
    await atStep(0);
    await expectAccessible(w.page, 'lesson, narration only (step 1)');
    await next.click();
    await atStep(1);
    await next.click();
    // Step 3 crashes the leader (a scripted action) and asks for a prediction.
    await atStep(2);
    expect(lesson.steps[2]!.actions?.length).toBeGreaterThan(0);
    await panel.getByRole('radio').first().waitFor();
    await expectAccessible(w.page, 'lesson, after scripted actions, prediction pending (step 3)');
    await panel.getByRole('radio').first().check();
    await panel.getByRole('button', { name: 'Reveal' }).click();
    await panel.getByRole('status').waitFor();
    await expectAccessible(w.page, 'lesson, prediction revealed (step 3)');
    await next.click();
    await atStep(3);
    await next.click();
    // Step 5 restarts the broker and advances simulated time.
    await atStep(4);
    await expectAccessible(w.page, 'lesson, scripted actions and advance (step 5)');
    await next.click();
    await atStep(lesson.steps.length - 1);
    await panel.getByText('Try it yourself').waitFor();
    await expectAccessible(w.page, 'lesson, last step');
    expectClean(w);
  });

  it('a lesson’s prediction answered wrongly, revealed', async () => {
    const lesson = LESSONS.find((l) => l.id === 'replication')!;
    const step = lesson.steps.findIndex((s) => s.predict);
    const predict = lesson.steps[step]!.predict!;
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#lesson=${lesson.id}`);
    const panel = w.page.getByRole('region', { name: 'Lesson' });
    for (let i = 0; i < step; i++) {
      await panel.getByText(`Step ${i + 1} of ${lesson.steps.length}`).waitFor({ timeout: 20_000 });
      await panel.getByRole('button', { name: 'Next' }).click();
    }
    const wrong = predict.choices.findIndex((_, i) => i !== predict.answer);
    await panel.getByRole('radio', { name: predict.choices[wrong]! }).check();
    await panel.getByRole('button', { name: 'Reveal' }).click();
    await panel.getByText(/^Not quite/).waitFor();
    await expectAccessible(w.page, 'lesson, wrong prediction revealed');
    expectClean(w);
  });

  it('presentation mode at 1024×768 with a lesson, and with its QR code', async () => {
    const w = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 });
    await w.page.goto(`${baseUrl}#lesson=replication`);
    await w.page.getByRole('region', { name: 'Lesson' }).waitFor({ timeout: 20_000 });
    await w.page.getByRole('button', { name: 'Present' }).click();
    const caption = w.page.getByRole('region', { name: 'Narration' });
    await caption.getByRole('heading').waitFor();
    await expectAccessible(w.page, 'presentation mode, lesson step 1');
    await w.page.keyboard.press('q');
    await w.page.getByRole('img', { name: 'QR code of the share link' }).waitFor();
    await expectAccessible(w.page, 'presentation mode, QR code shown');
    expectClean(w);
  });

  it('every inspector: cluster overview, broker, topic, partition, record, producer, consumer group, consumer', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await openDefault(w.page);
    await pause(w.page);
    const cluster = w.page.getByRole('region', { name: 'Cluster' });
    const inspector = inspectorOf(w.page);
    // Nothing selected: the cluster overview.
    await expectAccessible(w.page, 'inspector: cluster overview');

    await cluster.getByRole('button', { name: 'Broker 1', exact: true }).click();
    await inspector.getByRole('heading', { name: 'Broker 1' }).waitFor();
    await expectAccessible(w.page, 'inspector: broker');

    await cluster
      .getByRole('button', { name: /^orders-0 L, leader on broker/ })
      .first()
      .click();
    await inspector.getByRole('heading', { name: 'Partition orders-0' }).waitFor();
    await expectAccessible(w.page, 'inspector: partition');

    await inspector.getByRole('button', { name: 'Inspect topic orders' }).click();
    await inspector.getByRole('heading', { name: 'Topic orders' }).waitFor();
    await expectAccessible(w.page, 'inspector: topic');

    await w.page
      .getByRole('button', { name: /^Offset 0 of orders-\d$/ })
      .first()
      .click();
    await inspector.getByRole('region', { name: /^Record orders-\d@0$/ }).waitFor();
    await expectAccessible(w.page, 'inspector: record');

    await cluster.getByRole('button', { name: 'Producer checkout-service' }).click();
    await inspector
      .getByRole('heading', { name: /checkout-service/ })
      .first()
      .waitFor();
    await expectAccessible(w.page, 'inspector: producer');

    await cluster.getByRole('button', { name: 'Group billing' }).click();
    await inspector
      .getByRole('heading', { name: /billing/ })
      .first()
      .waitFor();
    await expectAccessible(w.page, 'inspector: consumer group');

    await cluster.getByRole('button', { name: 'Consumer billing-1' }).click();
    await inspector
      .getByRole('heading', { name: /billing-1/ })
      .first()
      .waitFor();
    await expectAccessible(w.page, 'inspector: consumer');
    expectClean(w);
  });

  it('the dialogs: keyboard shortcuts and share', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await openDefault(w.page);
    await pause(w.page);
    await w.page.locator('body').press('?');
    await w.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(w.page, 'shortcuts dialog');
    await w.page.keyboard.press('Escape');
    await w.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

    await w.page.getByRole('button', { name: 'Share', exact: true }).click();
    const share = w.page.getByRole('dialog', { name: 'Share this moment' });
    await share.getByRole('textbox', { name: 'Share link' }).waitFor();
    await expectAccessible(w.page, 'share dialog');
    await share.getByRole('button', { name: 'Show QR code' }).click();
    await share.getByRole('img').first().waitFor();
    await expectAccessible(w.page, 'share dialog with its QR code');
    expectClean(w);
  });
});
