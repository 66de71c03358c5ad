/**
 * Records in flight in the built app: the canvas draws the snapshot's messages on the wire, so
 * pausing freezes them where they are and stepping shows the model exactly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { canvasPixels, closePages, expectClean, launch, openPage, paintedFrames, screenshot, until } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterEach(closePages);
afterAll(async () => {
  await browser?.close();
});

describe('records in flight', () => {
  it('pausing freezes the dots where they are; stepping draws what is on the wire', async () => {
    const w = await openPage(browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'Kill broker 1' }).waitFor();
    // Records fly: the canvas has dots on it.
    await until(
      () => canvasPixels(w.page),
      (c) => c.painted > 0,
    );
    // Pause while something is in flight, and it stays put, frame after frame.
    let paused = { painted: 0, print: 0 };
    for (let i = 0; i < 20 && paused.painted === 0; i++) {
      await w.page.getByRole('button', { name: 'Pause' }).click();
      await w.page.getByRole('button', { name: 'Play' }).waitFor();
      await paintedFrames(w.page, 3);
      paused = await canvasPixels(w.page);
      if (paused.painted === 0) await w.page.getByRole('button', { name: 'Play' }).click();
    }
    expect(paused.painted).toBeGreaterThan(0);
    await screenshot(w.page, 'flight-paused');
    await paintedFrames(w.page, 30);
    expect(await canvasPixels(w.page)).toEqual(paused);
    // Step one event at a time until a message is on the wire: it is drawn, and it too stays put.
    let stepped = { painted: 0, print: 0 };
    for (let i = 0; i < 60 && stepped.painted === 0; i++) {
      await w.page.keyboard.press('ArrowRight');
      await paintedFrames(w.page, 3);
      stepped = await canvasPixels(w.page);
    }
    expect(stepped.painted).toBeGreaterThan(0);
    await paintedFrames(w.page, 30);
    expect(await canvasPixels(w.page)).toEqual(stepped);
    expectClean(w);
  });
});
