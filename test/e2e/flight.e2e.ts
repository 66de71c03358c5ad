/**
 * Records in flight in the built app: the canvas draws the snapshot's messages on the wire, so
 * pausing freezes them where they are and stepping shows the model exactly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectClean, launch, openPage, screenshot } from './browser';
import type { Watched } from './browser';

let browser: Browser;
let open: Watched | null = null;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterEach(async () => {
  await open?.page.context().close();
  open = null;
});
afterAll(async () => {
  await browser?.close();
});

/** The dots canvas's drawn pixels: how many, and a fingerprint of where. */
function canvasPixels(page: Page): Promise<{ painted: number; print: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.cs-dots')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    let print = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] === 0) continue;
      painted++;
      print = (print * 31 + i + data[i - 1]! * 7 + data[i - 3]!) | 0;
    }
    return { painted, print };
  });
}

/** Waits for `n` animation frames of the page (the canvas redraws every frame). */
function frames(page: Page, n: number): Promise<void> {
  return page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

describe('records in flight', () => {
  it('pausing freezes the dots where they are; stepping draws what is on the wire', async () => {
    const w = (open = await openPage(browser, baseUrl));
    await w.page.goto(baseUrl);
    await w.page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'Kill broker 1' }).waitFor();
    // Records fly: the canvas has dots on it.
    await w.page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.cs-dots');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      return !!data && data.some((v, i) => i % 4 === 3 && v > 0);
    });
    // Pause while something is in flight, and it stays put, frame after frame.
    let paused = { painted: 0, print: 0 };
    for (let i = 0; i < 20 && paused.painted === 0; i++) {
      await w.page.getByRole('button', { name: 'Pause' }).click();
      await w.page.getByRole('button', { name: 'Play' }).waitFor();
      await frames(w.page, 3);
      paused = await canvasPixels(w.page);
      if (paused.painted === 0) await w.page.getByRole('button', { name: 'Play' }).click();
    }
    expect(paused.painted).toBeGreaterThan(0);
    await screenshot(w.page, 'flight-paused');
    await frames(w.page, 30);
    expect(await canvasPixels(w.page)).toEqual(paused);
    // Step one event at a time until a message is on the wire: it is drawn, and it too stays put.
    let stepped = { painted: 0, print: 0 };
    for (let i = 0; i < 60 && stepped.painted === 0; i++) {
      await w.page.keyboard.press('ArrowRight');
      await frames(w.page, 3);
      stepped = await canvasPixels(w.page);
    }
    expect(stepped.painted).toBeGreaterThan(0);
    await frames(w.page, 30);
    expect(await canvasPixels(w.page)).toEqual(stepped);
    expectClean(w);
  });
});
