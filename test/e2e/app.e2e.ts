import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage, screenshot } from './browser';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function highWatermarkSum(page: Page): Promise<number> {
  const cells = await page.locator('[data-testid^="hw-orders-"]').allTextContents();
  return cells.reduce((n, t) => n + (Number(t) || 0), 0);
}

describe('the built app in Chromium', () => {
  it('loads the default scenario in a Web Worker and records flow', async () => {
    const w = await openPage(browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('heading', { name: 'Brokers' }).waitFor();
    await w.page.getByRole('button', { name: 'Kill broker 1' }).waitFor();
    expect(await w.page.getByRole('listitem', { name: /^Broker \d$/ }).count()).toBe(3);
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    const before = await highWatermarkSum(w.page);
    await w.page.waitForFunction(
      (start) => {
        const cells = [...document.querySelectorAll('[data-testid^="hw-orders-"]')];
        return cells.reduce((n, c) => n + (Number(c.textContent) || 0), 0) >= start + 5;
      },
      before,
      { timeout: 20_000 },
    );
    expect(w.workers.length).toBeGreaterThanOrEqual(1);
    await screenshot(w.page, 'summary-1280x800');
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.context().close();
  });

  it('killing the leader of orders-0 moves leadership, in the table and the event log', async () => {
    const w = await openPage(browser, baseUrl);
    await w.page.goto(baseUrl);
    const partitions = w.page.getByRole('region', { name: 'Partitions' });
    const leaderCell = partitions.locator('tr', { has: w.page.getByRole('rowheader', { name: 'orders-0', exact: true }) }).locator('td').first();
    await leaderCell.waitFor();
    const leader = Number(await leaderCell.textContent());
    expect(leader).toBeGreaterThan(0);
    await w.page.getByRole('button', { name: `Kill broker ${leader}` }).click();
    await w.page.getByRole('button', { name: `Restart broker ${leader}` }).waitFor();
    await w.page.getByText(`broker ${leader} crashed`).waitFor();
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    // The controller fences the dead broker after broker.session.timeout.ms and elects the next ISR replica.
    await w.page.getByText(new RegExp(`orders-0 leader ${leader}→\\d, epoch \\d+`)).waitFor({ timeout: 20_000 });
    const newLeader = Number(await leaderCell.textContent());
    expect(newLeader).not.toBe(leader);
    expect(newLeader).toBeGreaterThan(0);
    await screenshot(w.page, 'leader-moved-1280x800');
    expect(w.consoleErrors).toEqual([]);
    await w.page.context().close();
  });

  it('shows a rejected action in Kafka words and keeps running', async () => {
    const w = await openPage(browser, baseUrl, { width: 1024, height: 768 });
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Kill broker 2' }).click();
    await w.page.getByRole('button', { name: 'Isolate broker 1' }).click();
    await w.page.getByRole('button', { name: 'Heal broker 1' }).click();
    await w.page.getByRole('button', { name: 'Heal broker 1' }).waitFor({ state: 'detached' });
    await screenshot(w.page, 'summary-1024x768');
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.context().close();
  });

  it('a consumer group reads the records and its lag drains', async () => {
    const w = await openPage(browser, baseUrl);
    await w.page.goto(baseUrl);
    const group = w.page.getByRole('article', { name: 'Consumer group billing' });
    await group.getByText(/Stable · generation 1/).waitFor({ timeout: 20_000 });
    await w.page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    // Slow one consumer down: lag builds on its partitions; speed it up again: the lag drains to 0.
    await group.getByRole('button', { name: 'Slow down consumer billing-1' }).click();
    const lagCells = group.locator('[data-testid^="lag-billing-"]');
    await w.page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="lag-billing-"]')].some((c) => Number(c.textContent) >= 5), null, { timeout: 30_000 });
    await group.getByRole('button', { name: 'Speed up consumer billing-1' }).click();
    await w.page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="lag-billing-"]')].every((c) => Number(c.textContent) <= 2), null, { timeout: 30_000 });
    expect(await lagCells.count()).toBe(3);
    await screenshot(w.page, 'groups-1280x800');
    expect(w.consoleErrors).toEqual([]);
    await w.page.context().close();
  });

  it('space pauses the clock and → steps one event', async () => {
    const w = await openPage(browser, baseUrl);
    await w.page.goto(baseUrl);
    await w.page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await w.page.locator('body').press('Space');
    await w.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const clock = w.page.getByLabel('Simulated time');
    const t1 = await clock.textContent();
    await w.page.waitForTimeout(400);
    expect(await clock.textContent()).toBe(t1);
    // → runs the next scheduled engine event; several can fall on the same millisecond, so press
    // until the clock moves — and it moves by one event's worth, not by wall time.
    let t2 = t1;
    for (let i = 0; i < 50 && t2 === t1; i++) {
      await w.page.locator('body').press('ArrowRight');
      await w.page.waitForTimeout(50);
      t2 = await clock.textContent();
    }
    expect(t2).not.toBe(t1);
    const seconds = (t: string | null) => Number(/(\d+):(\d+):(\d+\.\d+)/.exec(t ?? '')!.slice(1).reduce((acc, x, i) => acc + Number(x) * [3600, 60, 1][i]!, 0));
    expect(seconds(t2) - seconds(t1)).toBeLessThan(1);
    expect(w.consoleErrors).toEqual([]);
    await w.page.context().close();
  });
});
