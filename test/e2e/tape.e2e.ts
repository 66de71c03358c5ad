/**
 * The topic tape in the built app: the compaction lesson's gaps and tombstone, and what retention
 * deleted after a fast-forward, seen the way a learner sees them (by role and accessible name).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumForThisFile, expectClean, openPage, screenshot } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

/** Clicks the lesson's Next and waits until it shows step `n` (advancing steps run the simulation first). */
async function nextStep(page: Page, n: number): Promise<void> {
  const lesson = page.getByRole('region', { name: 'Lesson' });
  // A step that asks for a prediction reveals the answer before it moves on.
  const reveal = lesson.getByRole('button', { name: 'Reveal' });
  if (await reveal.isVisible()) await reveal.click();
  await lesson.getByRole('button', { name: 'Next' }).click();
  await lesson.getByText(new RegExp(`^Step ${n} of \\d+$`)).waitFor({ timeout: 30_000 });
  await expect.poll(() => lesson.getByRole('button', { name: 'Next' }).isEnabled(), { timeout: 30_000 }).toBe(true);
}

describe('the topic tape', () => {
  it('shows compaction gaps and the tombstone still in the log in the compaction lesson', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#lesson=compaction`);
    const lesson = w.page.getByRole('region', { name: 'Lesson' });
    await lesson.getByText(/^Step 1 of \d+$/).waitFor({ timeout: 30_000 });
    // 2: the cleaner runs; 3: offsets do not change; 4: a tombstone (and a cleaning); 5: how long it stays.
    for (const n of [2, 3, 4, 5]) await nextStep(w.page, n);
    // Step 5 asks a question: the simulation already waits for the answer.
    await w.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const tape = w.page.getByRole('group', { name: 'Partition customer-latest-order-0' });
    // The default view: the newest records as cells; the history line says what the cleaner did.
    await tape.getByText(/◇ compaction removed \d+ records from offsets \d+–\d+ at T\+\d\d:\d\d:\d\d/).waitFor();
    await w.page.getByRole('button', { name: 'Show whole log' }).click();
    const gap = tape.getByRole('img', { name: /^offsets \d+–\d+ removed by compaction$/ }).first();
    await gap.waitFor();
    expect(await gap.isVisible()).toBe(true);
    const tombstone = tape.locator('[data-spot="tape:customer-latest-order-0:tombstone"]');
    expect(await tombstone.isVisible()).toBe(true);
    expect(await tape.getByText('tombstone', { exact: true }).isVisible()).toBe(true);
    await tape.scrollIntoViewIfNeeded();
    await screenshot(w.page, 'tape-compaction-1280x800');
    // Zoomed in on the cleaned part of the log: cells, with the gaps between them labelled.
    await w.page.getByRole('button', { name: 'Default zoom' }).click();
    const earlier = tape.getByRole('button', { name: /Earlier/ });
    while (await earlier.isEnabled()) await earlier.click();
    // The oldest segment was emptied: its offsets are one long gap. Move on to the records the cleaner kept.
    const cells = tape.getByRole('button', { name: /^Offset \d+ of customer-latest-order-0/ });
    const gaps = tape.getByRole('img', { name: /removed by compaction$/ });
    for (let i = 0; i < 20 && ((await cells.count()) === 0 || (await gaps.count()) === 0); i++) await tape.getByRole('button', { name: /Later/ }).click();
    expect(await cells.count()).toBeGreaterThan(0);
    expect(await gaps.count()).toBeGreaterThan(0);
    await screenshot(w.page, 'tape-compaction-cells-1280x800');
    expectClean(w);
  });

  it('keeps a trace of what retention deleted, with its reason and time, after a fast-forward', { timeout: 180_000 }, async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#lesson=retention`);
    await w.page
      .getByRole('region', { name: 'Lesson' })
      .getByText(/^Step 1 of \d+$/)
      .waitFor({ timeout: 30_000 });
    await w.page.getByRole('button', { name: 'Pause' }).click();
    await w.page.getByRole('combobox', { name: 'Fast-forward by' }).selectOption({ label: '+1 hour' });
    await w.page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
    // Paused, the fast-forward ends an hour later and the tape stays put.
    const clock = w.page.getByRole('timer', { name: 'Simulated time' });
    await expect.poll(async () => (await clock.textContent()) ?? '', { timeout: 180_000, interval: 1000 }).toMatch(/T\+01:/);
    const tape = w.page.getByRole('group', { name: 'Partition sensor-readings-0' });
    const facts = (await tape.locator('.tape-facts').textContent()) ?? '';
    const logStart = Number(/log start (\d+)/.exec(facts)![1]);
    expect(logStart).toBeGreaterThan(1000);
    // Not re-based: the log start marker says where the log starts now, and the deleted region says why and when.
    const line = tape.getByText(/✕ offsets \d+–\d+ deleted by retention\.ms at T\+\d\d:\d\d:\d\d/);
    await line.waitFor();
    await tape.getByText(new RegExp(`log start ${logStart}$`)).waitFor();
    await w.page.getByRole('button', { name: 'Show whole log' }).click();
    const ghost = tape.getByRole('img', { name: /^offsets \d+–\d+ deleted by retention\.ms at T\+\d\d:\d\d:\d\d$/ }).first();
    await ghost.waitFor();
    expect(await tape.locator('[data-spot="tape:sensor-readings-0:deleted"]').count()).toBe(1);
    await tape.scrollIntoViewIfNeeded();
    await screenshot(w.page, 'tape-retention-1280x800');
    expectClean(w);
  });
});
