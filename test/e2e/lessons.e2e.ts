/**
 * Every lesson walked in the built app, as a presenter would: at 1280×800 in the normal layout and
 * at 1024×768 in presentation mode. While each step is on screen, its claim is checked where the
 * step points — the words are there, inside the window, not scrolled out of their panel and not
 * covered — a prediction waits (the simulation is paused and the choices show), and in
 * presentation mode nothing scrolls and the text the room reads is at least 20 px. Each step is
 * saved as a screenshot (test-results/screenshots/lesson-*).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LESSONS } from '../../src/scenario/lessons';
import type { Lesson, LessonStep } from '../../src/scenario/lessons';
import { chromiumForThisFile, expectClean, openPage, screenshot } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

interface Seen {
  /** The claim's words were found inside the spot. */
  found: boolean;
  /** They are inside the window and inside every scrolling box around them. */
  visible: boolean;
  /** The element at their centre is theirs (nothing covers them; in a tape's SVG, its own transparent hit area may). */
  uncovered: boolean;
  /** Their font size on screen, CSS zoom included (px). */
  px: number;
  /** What the spot showed, for the failure message. */
  text: string;
}

/** Finds the smallest element inside `[data-spot=spot]` that shows `claim`, and how it is seen. */
function seen(page: Page, spot: string, claim: string): Promise<Seen> {
  return page.evaluate(`(() => {
    const spot = ${JSON.stringify(spot)}, claim = ${JSON.stringify(claim)};
    const root = [...document.querySelectorAll('[data-spot]')].find((e) => e.dataset.spot === spot);
    const none = { found: false, visible: false, uncovered: false, px: 0, text: root ? root.textContent.replace(/\\s+/g, ' ').slice(0, 400) : '(no element with data-spot=' + spot + ')' };
    if (!root || !root.textContent.includes(claim)) return none;
    let el = root;
    for (;;) {
      const child = [...el.children].find((c) => c.tagName.toLowerCase() !== 'title' && (c.textContent || '').includes(claim));
      if (!child) break;
      el = child;
    }
    const r = el.getBoundingClientRect();
    // Wholly inside top to bottom; a long line may run on sideways (a table that scrolls) as long as it starts in view.
    let visible = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.left < innerWidth;
    for (let a = el.parentElement; a && visible; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (!/(auto|scroll|hidden)/.test(s.overflowY + s.overflowX)) continue;
      const b = a.getBoundingClientRect();
      if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.left >= b.right) visible = false;
    }
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    let zoom = 1;
    for (let a = el; a; a = a.parentElement) zoom *= Number(getComputedStyle(a).zoom) || 1;
    return { found: true, visible, uncovered: !!hit && (el.contains(hit) || hit.contains(el) || (!!el.ownerSVGElement && el.ownerSVGElement.contains(hit))), px: parseFloat(getComputedStyle(el).fontSize) * zoom, text: none.text };
  })()`) as Promise<Seen>;
}

const clock = async (page: Page) => (await page.getByRole('timer', { name: 'Simulated time' }).first().textContent()) ?? '';

/** The step's claim holds on screen now (retried for a few seconds: records and reads arrive by ticks). */
async function expectClaim(page: Page, lesson: Lesson, index: number, presenting: boolean): Promise<void> {
  const step = lesson.steps[index]!;
  if (!step.claim) throw new Error(`${lesson.id} step ${index + 1} has no claim`);
  const spot = step.spot ?? step.show ?? 'cluster';
  let last: Seen | null = null;
  const ok = (s: Seen) => s.found && s.visible && s.uncovered && (!presenting || s.px >= 20);
  for (let i = 0; i < 40 && !(last && ok(last)); i++) {
    if (i > 0) await page.waitForTimeout(150);
    last = await seen(page, spot, step.claim);
  }
  expect(
    last,
    `${lesson.id} step ${index + 1} “${step.title}”: “${step.claim}” in ${spot}${presenting ? ' (presenting)' : ''} — ${JSON.stringify(last)}`,
  ).toSatisfy(ok);
}

/** A prediction waits for the answer: the clock stands still (once the step's jump in time is over) and every choice shows. */
async function expectWaiting(page: Page, step: LessonStep, where: string): Promise<void> {
  let before = await clock(page);
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(200);
    const now = await clock(page);
    if (now === before) break;
    before = now;
  }
  await page.waitForTimeout(600);
  expect(await clock(page), 'the simulation waits at a prediction').toBe(before);
  const region = page.locator(where);
  for (const choice of step.predict!.choices) await region.getByRole('radio', { name: choice }).first().waitFor({ state: 'visible' });
  await region.getByRole('button', { name: 'Reveal' }).first().waitFor({ state: 'visible' });
}

/** The step's jump in time is over: no fast-forward shows, twice, 400 ms apart (it starts a tick after Next). */
async function settled(page: Page): Promise<void> {
  for (let calm = 0, i = 0; calm < 2 && i < 300; i++) {
    await page.waitForTimeout(200);
    // Next stays disabled while the step's actions are sent; the jump starts after them.
    const busy = (await page.locator('.lesson-next:disabled').count()) + (await page.locator('.ff-progress').count());
    calm = busy === 0 ? calm + 1 : 0;
  }
}

async function walk(page: Page, lesson: Lesson, presenting: boolean): Promise<void> {
  const panel = presenting ? '.present-caption' : '.lesson-panel';
  const tag = presenting ? 'present-1024x768' : '1280x800';
  for (let i = 0; i < lesson.steps.length; i++) {
    const step = lesson.steps[i]!;
    if (i > 0) await (presenting ? page.keyboard.press('ArrowRight') : page.locator('.lesson-next').click());
    await page.locator(panel).getByRole('heading', { name: step.title }).waitFor({ timeout: 30_000 });
    await settled(page);
    if (presenting) {
      expect(await page.evaluate('document.querySelector(".workspace").dataset.presented')).toBe(step.show ?? 'cluster');
      const scroll = (await page.evaluate(
        '[document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth]',
      )) as number[];
      expect(scroll, `${lesson.id} step ${i + 1}: nothing scrolls`).toEqual([0, 0]);
      const captionPx = Number(await page.evaluate('parseFloat(getComputedStyle(document.querySelector(".present-caption-text")).fontSize)'));
      expect(captionPx).toBeGreaterThanOrEqual(20);
    }
    await expectClaim(page, lesson, i, presenting);
    if (step.predict) await expectWaiting(page, step, panel);
    await screenshot(page, `lesson-${lesson.id}-${String(i + 1).padStart(2, '0')}-${tag}`);
    if (step.predict) {
      await page.locator(panel).getByRole('radio', { name: step.predict.choices[step.predict.answer]! }).first().check();
      await (presenting ? page.keyboard.press('ArrowRight') : page.locator(panel).getByRole('button', { name: 'Reveal' }).click());
      await page.locator(panel).getByText(step.predict.reveal.slice(0, 40), { exact: false }).first().waitFor();
    }
  }
}

describe('every lesson, step by step, with each claim on screen while its step is shown', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id} at 1280×800`, async () => {
      const w = await openPage(chromium.browser, baseUrl);
      await w.page.goto(`${baseUrl}#lesson=${lesson.id}`);
      await w.page.locator('.lesson-panel').getByRole('heading', { name: lesson.title }).waitFor({ timeout: 20_000 });
      await walk(w.page, lesson, false);
      await w.page.locator('.lesson-panel').getByText('Try it yourself').waitFor();
      await w.page.locator('.lesson-next').click(); // Finish
      await expect.poll(() => w.page.locator('.lesson-panel').count()).toBe(0);
      expectClean(w);
    });

    it(`${lesson.id} presented at 1024×768`, async () => {
      const w = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 });
      await w.page.goto(`${baseUrl}#lesson=${lesson.id}`);
      await w.page.locator('.lesson-panel').getByRole('heading', { name: lesson.title }).waitFor({ timeout: 20_000 });
      await w.page.keyboard.press('p');
      await w.page.locator('.present-caption').waitFor();
      await walk(w.page, lesson, true);
      expectClean(w);
    });
  }
});
