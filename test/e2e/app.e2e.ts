import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasPixels, chromiumForThisFile, expectClean, openPage, paintedFrames, screenshot, until, view } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

/** The facts line of one partition's tape, parsed: "log start 0 · high watermark 12 · log end 12 · 2 segments · leader broker 3". */
async function tapeFacts(page: Page, partition: string): Promise<{ logStart: number; hw: number; leo: number; segments: number; leader: number } | null> {
  await view(page, 'Topic log');
  const text =
    (await page
      .getByRole('group', { name: `Partition ${partition}` })
      .locator('.tape-facts')
      .textContent()) ?? '';
  const m = /log start (\d+) · high watermark (\d+) · log end (\d+) · (\d+) segments? · leader broker (\d+)/.exec(text);
  return m ? { logStart: Number(m[1]), hw: Number(m[2]), leo: Number(m[3]), segments: Number(m[4]), leader: Number(m[5]) } : null;
}

/** The broker leading a partition, read from the cluster view's tile names ("orders-0 L, leader on broker 2"). */
async function leaderTile(page: Page, partition: string): Promise<number> {
  const name =
    (await page
      .getByRole('button', { name: new RegExp(`^${partition} L, leader on broker \\d+`) })
      .first()
      .getAttribute('aria-label')) ?? '';
  return Number(/broker (\d+)/.exec(name)![1]);
}

describe('the built app in Chromium', () => {
  it('loads the default scenario in a Web Worker and records flow onto the partition logs', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    const cluster = w.page.getByRole('region', { name: 'Cluster' });
    await cluster.getByRole('button', { name: 'Kill broker 1' }).waitFor();
    expect(await cluster.getByRole('article', { name: /^Broker \d$/ }).count()).toBe(3);
    expect(w.workers.length).toBeGreaterThanOrEqual(1);
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    const sum = async () => {
      let n = 0;
      for (const p of ['orders-0', 'orders-1', 'orders-2']) n += (await tapeFacts(w.page, p))?.hw ?? 0;
      return n;
    };
    const first = await sum();
    const later = await until(sum, (n) => n >= first + 10);
    expect(later).toBeGreaterThanOrEqual(first + 10);
    // The charts have a produce rate, and records fly on the canvas.
    await view(w.page, 'Charts');
    await w.page
      .getByRole('region', { name: 'Charts' })
      .getByText(/produce [1-9]/)
      .waitFor({ timeout: 10_000 });
    await until(
      () => canvasPixels(w.page),
      (c) => c.painted > 0,
    );
    await screenshot(w.page, 'default-1280x800');
    expectClean(w);
  });

  it('kills the leader of orders-0: leadership moves in the cluster view and the event log says so', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: /^orders-0 L, leader on broker/ }).waitFor();
    const leader = await leaderTile(w.page, 'orders-0');
    await w.page.getByRole('button', { name: `Kill broker ${leader}` }).click();
    await w.page.getByRole('button', { name: `Restart broker ${leader}` }).waitFor();
    await w.page
      .getByRole('article', { name: `Broker ${leader}` })
      .getByText('crashed')
      .waitFor();
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await view(w.page, 'Event log');
    const log = w.page.getByRole('log');
    await log.getByText(new RegExp(`orders-0 leader ${leader}→\\d, epoch \\d+`)).waitFor({ timeout: 30_000 });
    const moved = await until(
      () => leaderTile(w.page, 'orders-0'),
      (b) => b !== leader,
    );
    expect(moved).not.toBe(leader);
    expect((await tapeFacts(w.page, 'orders-0'))!.leader).toBe(moved);
    await view(w.page, 'Event log');
    await log.getByText(`broker ${leader} crashed`).waitFor();
    // Clicking the event selects the partition it names.
    await log
      .getByRole('button', { name: new RegExp(`orders-0 leader ${leader}→`) })
      .first()
      .click();
    await w.page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: 'Partition orders-0' }).waitFor();
    await screenshot(w.page, 'leader-moved-1280x800');
    expectClean(w);
  });

  it('sets retention.ms to 1 minute, fast-forwards an hour, and segments leave the tape', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Pause' }).click();
    // Build up a few segments first (segment.ms is 1 min in this scenario).
    await w.page.getByRole('combobox', { name: 'Fast-forward by' }).selectOption({ label: '+10 min' });
    await w.page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
    const before = await until(
      () => tapeFacts(w.page, 'orders-0'),
      (f) => f !== null && f.segments >= 5,
    );
    expect(before!.logStart).toBe(0);
    // Select the topic from a tile, via the partition inspector.
    await w.page.getByRole('button', { name: /^orders-0 L, leader on broker/ }).click();
    const inspector = w.page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Inspect topic orders' }).click();
    await inspector.getByRole('heading', { name: 'Topic orders' }).waitFor();
    await inspector.getByLabel('retention.ms', { exact: true }).fill('60000');
    await inspector.getByRole('button', { name: 'Apply retention.ms' }).click();
    await inspector.getByText("changed; Kafka's default is 7 days").first().waitFor();
    await w.page.getByRole('combobox', { name: 'Fast-forward by' }).selectOption({ label: '+1 hour' });
    await w.page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
    const after = await until(
      () => tapeFacts(w.page, 'orders-0'),
      (f) => f !== null && f.logStart > before!.leo && f.segments <= 3,
      60_000,
    );
    expect(after!.logStart).toBeGreaterThan(before!.leo);
    expect(after!.segments).toBeLessThan(before!.segments);
    await view(w.page, 'Event log');
    await w.page
      .getByRole('log')
      .getByText(/orders-0: broker \d deleted segment .* by retention\.ms/)
      .first()
      .waitFor();
    await screenshot(w.page, 'retention-1280x800');
    expectClean(w);
  });

  it('shows a consumer group’s lag build while a consumer is paused, and drain when it resumes', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await w.page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'Consumer billing-1' }).click();
    const inspector = w.page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Pause consumer billing-1' }).click();
    const lagOf = async () => {
      await view(w.page, 'Topic log');
      const labels = await w.page
        .getByRole('region', { name: 'Topic log' })
        .getByText(/^billing · lag \d+/)
        .allTextContents();
      return labels.reduce((n, t) => n + Number(/lag (\d+)/.exec(t)![1]), 0);
    };
    const built = await until(lagOf, (n) => n >= 8, 40_000);
    expect(built).toBeGreaterThanOrEqual(8);
    await view(w.page, 'Charts');
    await w.page
      .getByRole('region', { name: 'Charts' })
      .getByText(/billing [1-9]\d* records/)
      .waitFor({ timeout: 10_000 });
    await screenshot(w.page, 'lag-1280x800');
    await inspector.getByRole('button', { name: 'Resume consumer billing-1' }).click();
    const drained = await until(lagOf, (n) => n <= 3, 40_000);
    expect(drained).toBeLessThanOrEqual(3);
    expectClean(w);
  });

  it('opens a record from the tape and explains its partition with murmur2', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page
      .getByRole('button', { name: 'Offset 0 of orders-0' })
      .or(w.page.getByRole('button', { name: 'Offset 0 of orders-1' }))
      .first()
      .click({ timeout: 20_000 });
    const record = w.page.getByRole('region', { name: /^Record orders-\d@0$/ });
    await record
      .getByText(/murmur2/)
      .first()
      .waitFor();
    expect(await record.textContent()).toMatch(/customer-\d+/);
    expect(await record.textContent()).toMatch(/mod 3 = \d/);
    expectClean(w);
  });

  it('is driven from the keyboard: Space, →, +, and ? for the shortcut list', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await w.page.locator('body').press('Space');
    await w.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const clock = w.page.getByRole('timer', { name: 'Simulated time' });
    const read = async () => (await clock.locator('.clock-sim').textContent()) ?? '';
    await clock
      .getByText(/· paused$/)
      .first()
      .waitFor();
    const paused = await read();
    await paintedFrames(w.page, 30); // half a second on screen: a paused clock stays put
    expect(await read()).toBe(paused);
    // → runs the next event (possibly at the same millisecond): press until the clock moves.
    const moved = await until(
      async () => {
        await w.page.locator('body').press('ArrowRight');
        return read();
      },
      (t) => t !== paused,
      10_000,
    );
    expect(moved).not.toBe(paused);
    await w.page.locator('body').press('+');
    await expect.poll(() => w.page.getByRole('combobox', { name: 'Speed' }).inputValue()).toBe('2');
    await w.page.locator('body').press('?');
    const dialog = w.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByText('Play or pause').waitFor();
    await w.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expectClean(w);
  });

  it('fits a 1024×768 projector, and with reduced motion draws no flying records', async () => {
    const w = await openPage(chromium.browser, baseUrl, { width: 1024, height: 768 }, { reducedMotion: 'reduce' });
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Kill broker 3' }).waitFor();
    // Measure once records are on the tapes and the charts have a rate: the page is fully laid out.
    await w.page
      .getByRole('button', { name: /^Offset 0 of orders-\d$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await view(w.page, 'Charts');
    await w.page
      .getByRole('region', { name: 'Charts' })
      .getByText(/produce [1-9]/)
      .waitFor({ timeout: 20_000 });
    // Records stream (the links are flow bands), and nothing flies on the record canvas.
    await w.page.locator('.cs-band-produce').first().waitFor();
    await paintedFrames(w.page, 10);
    expect((await canvasPixels(w.page)).painted).toBe(0);
    // Nothing runs off the right edge.
    const overflow = await w.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await w.page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
    expect(await w.page.getByRole('checkbox', { name: /Reduce motion/ }).isChecked()).toBe(true);
    await w.page.keyboard.press('Escape');
    await screenshot(w.page, 'default-1024x768-reduced-motion');
    expectClean(w);
  });

  it('shows a hostile topic name from the create form as text, without running it', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    let dialogs = 0;
    w.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Create topic…' }).click();
    const form = w.page.getByRole('form', { name: 'Create topic' });
    await form.getByLabel('Topic name').fill('<img src=x onerror=alert(1)>');
    await form.getByRole('button', { name: 'Create topic' }).click();
    await form
      .getByRole('alert')
      .getByText(/InvalidTopicException/)
      .waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await w.page.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
    expectClean(w);
  });
});

// Records in flight: the canvas draws the snapshot's messages on the wire, so pausing freezes them
// where they are and stepping shows the model exactly.
describe('records in flight', () => {
  it('pausing freezes the dots where they are; stepping draws what is on the wire', async () => {
    const w = await openPage(chromium.browser, baseUrl);
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
