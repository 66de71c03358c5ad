/**
 * Issue 12, item 9 in the built app: text that lies. Ids with a right-to-left override or
 * zero-width characters are shown with visible markers and cannot reorder the sentence around them;
 * the longest names a link may carry never make the page wider than the window.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeDoc } from '../../src/scenario/codec';
import { DEFAULT_SEED } from '../../src/scenario/builtin';
import { chromiumForThisFile, expectClean, openPage, screenshot, until, view } from './browser';

const chromium = chromiumForThisFile();
const baseUrl = inject('baseUrl');

/** Reads "adminexe.txt" on screen without the fix. */
const RLO_PRODUCER = 'admin\u202Etxt.exe';
/** Two producers that look alike without the fix. */
const ZW_PRODUCER = 'c\u200B2';
/** The longest consumer group id a link carries (249 characters, one word). */
const LONG_GROUP = `g${'x'.repeat(248)}`;
/** The longest topic name Kafka allows (249 characters of [a-zA-Z0-9._-]). */
const LONG_TOPIC = `t${'o'.repeat(248)}`;
/** A 300-character key, one word. */
const LONG_KEY = `k${'y'.repeat(299)}`;
/** The longest consumer id the engine takes (64), with an override in it. */
const RLO_CONSUMER = `reader\u202E${'z'.repeat(57)}`;

const hostileLink = (): string =>
  encodeDoc({
    v: 2,
    seed: DEFAULT_SEED,
    scenario: {
      name: `Hostile \u202Etxt.exe ${'n'.repeat(230)}`,
      cluster: { brokers: 3 },
      topics: [
        { name: 'orders', partitions: 2, replicationFactor: 2 },
        { name: LONG_TOPIC, partitions: 1, replicationFactor: 1 },
      ],
      producers: [
        { id: RLO_PRODUCER, topic: 'orders', ratePerSec: 2, keys: { kind: 'fixed', keys: [LONG_KEY] }, headers: [['h\u200Bdr', 'v'.repeat(300)]] },
        { id: 'c2', topic: 'orders', ratePerSec: 0, keys: { kind: 'none' } },
        { id: ZW_PRODUCER, topic: LONG_TOPIC, ratePerSec: 0, keys: { kind: 'none' } },
      ],
      consumers: [
        { id: RLO_CONSUMER, groupId: LONG_GROUP, topics: ['orders'] },
        { id: 'c\u200D3', groupId: 'billing', topics: ['orders', LONG_TOPIC] },
      ],
    },
    commands: [],
    playheadMs: 8_000,
  });

/** How much wider than the window the page is (0 when it fits). */
const overflowPx = (page: Page): Promise<number> => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

/** The text wider than the window (text nodes, since an element can be narrow while its text overflows it), for a failure message. */
const tooWide = (page: Page): Promise<string[]> =>
  page.evaluate(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && out.length < 6; n = walker.nextNode()) {
      const r = document.createRange();
      r.selectNodeContents(n);
      const right = r.getBoundingClientRect().right;
      if (right > window.innerWidth + 1) out.push(n.parentElement.className + ' ' + Math.round(right) + ' px: ' + n.data.slice(0, 30));
    }
    return out;
  })()`) as Promise<string[]>;

/**
 * Where the words of `words` are drawn, left to right, inside `row` (rendered order, not the DOM's):
 * the left edge of the first occurrence of each word in the row's text.
 */
const wordLefts = (page: Page, selector: string, words: string[]): Promise<number[]> =>
  page.evaluate(`(() => {
    const row = document.querySelector(${JSON.stringify(selector)});
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    const lefts = ${JSON.stringify(words)}.map(() => NaN);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      ${JSON.stringify(words)}.forEach((w, i) => {
        const at = n.data.indexOf(w);
        if (at < 0 || !Number.isNaN(lefts[i])) return;
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + w.length);
        lefts[i] = r.getBoundingClientRect().left;
      });
    }
    return lefts;
  })()`) as Promise<number[]>;

describe('issue 12, item 9: names shown as typed', () => {
  it('an id with U+202E cannot reverse the rest of its event-log sentence, and the override shows as a marker', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#share=${hostileLink()}`);
    await view(w.page, 'Event log');
    const row = w.page.locator('.event-row', { hasText: 'started writing to orders' }).filter({ hasText: 'admin' });
    await row.waitFor({ timeout: 20_000 });
    await row.evaluate((e) => e.classList.add('rlo-row'));
    const [producer, started, writing, orders] = await wordLefts(w.page, '.rlo-row .event-text', ['producer', 'started', 'writing', 'orders']);
    // Drawn in reading order: "producer … started writing to orders", not "…sredro ot gnitirw detrats".
    expect(
      [producer, started, writing, orders].every((x, i, all) => i === 0 || x! > all[i - 1]!),
      String([producer, started, writing, orders]),
    ).toBe(true);
    expect(await row.locator('.event-text').innerText()).toContain('producer admin⟨U+202E⟩txt.exe started writing to orders');
    expectClean(w);
  });

  it('ids that differ only by a zero-width character look different, on the cluster and in the inspector', async () => {
    const w = await openPage(chromium.browser, baseUrl);
    await w.page.goto(`${baseUrl}#share=${hostileLink()}`);
    await w.page.locator('.cs-producer').nth(2).waitFor({ timeout: 20_000 });
    const shown = await w.page.locator('.cs-producer .cs-name').allInnerTexts();
    expect(new Set(shown).size).toBe(3);
    expect(shown).toEqual(['admin⟨U+202E⟩txt.exe', 'c2', 'c⟨U+200B⟩2']);
    await w.page.getByRole('button', { name: 'Producer c⟨U+200B⟩2', exact: true }).click();
    await w.page.getByRole('heading', { name: 'Producer c⟨U+200B⟩2', exact: true }).waitFor();
    expectClean(w);
  });

  it('the longest names a link carries never make the page wider than the window (1280 × 800)', async () => {
    const w = await openPage(chromium.browser, baseUrl, { width: 1280, height: 800 });
    const fits = async (where: string) =>
      until(
        () => overflowPx(w.page),
        (px) => px <= 0,
        5_000,
      ).catch(async () => expect.fail(`${where}: the page is ${await overflowPx(w.page)} px too wide: ${(await tooWide(w.page)).join(', ')}`));
    // A link Kafka refuses: the message quotes the 249-character topic name.
    const refused = encodeDoc({
      v: 2,
      seed: DEFAULT_SEED,
      scenario: { cluster: { brokers: 1 }, topics: [{ name: `${LONG_TOPIC.slice(0, 248)}!`, partitions: 1, replicationFactor: 1 }] },
      commands: [],
      playheadMs: 0,
    });
    await w.page.goto(`${baseUrl}#share=${refused}`);
    await w.page.getByRole('alert').filter({ hasText: 'InvalidTopicException' }).waitFor({ timeout: 20_000 });
    await fits('the message saying why a link was refused');

    await w.page.goto(`${baseUrl}#share=${hostileLink()}`);
    await w.page.locator('.cs-producer').nth(2).waitFor({ timeout: 20_000 });
    for (const name of ['Event log', 'Timeline', 'Charts', 'Topic log'] as const) {
      await view(w.page, name);
      await fits(name);
    }
    // The long topic's log.
    const topicChoice = w.page.getByRole('region', { name: 'Topic log' }).getByLabel('Topic', { exact: true });
    await topicChoice.selectOption(LONG_TOPIC);
    await fits('Topic log of the long topic');
    // The inspector of each long-named thing.
    await w.page.locator('.cs-group .cs-group-head .cs-name').first().click();
    await w.page.locator('.inspector h2').first().waitFor();
    await fits('the long group');
    await w.page.locator('.cs-member .cs-name').first().click();
    await fits('the consumer');
    await w.page.locator('.cs-producer .cs-name').nth(2).click();
    await fits('the producer of the long topic');
    // A record with the 300-character key and header (only the first producer sends records).
    await topicChoice.selectOption('orders');
    await w.page
      .getByRole('button', { name: /^Offset 0 of orders-\d$/ })
      .first()
      .click();
    const record = w.page.getByRole('region', { name: /^Record orders-\d@0$/ });
    await record.getByText(LONG_KEY).first().waitFor();
    await fits('the record');
    expect(await record.innerText()).toContain('h⟨U+200B⟩dr');
    await screenshot(w.page, 'hostile-names-1280x800');

    expectClean(w);
  });
});
