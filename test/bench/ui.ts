/**
 * `npm run bench:ui`: the built app in headless Chromium at 1280×800 with the "busy" scenario
 * (9 brokers, 3 topics × 24 partitions, RF 3, 20,000 records/s, 3 groups). Prints the median and
 * p95 frame interval, main-thread long tasks (> 50 ms) in steady state, and the JavaScript the page
 * transferred. Figures, not assertions.
 *
 * `--case fastforward`: the default scenario, then the top bar's Fast-forward with "+1 day" (or
 * "+7 days" with `--days 7`) chosen. Prints the wall time from the click until the simulated clock on
 * screen shows the new time and the progress bar is gone, and the frame intervals and long tasks while
 * the worker ran it: the page should stay at frame rate.
 *
 * Usage: npm run bench:ui [-- --seconds 20] [-- --scenario default] [-- --case fastforward [--days 7]]
 * (BENCH_UI_PORT=… to preview on another port than 4174)
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { launch } from '../e2e/browser';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const benchCase = arg('case', 'steady');
const port = Number(process.env.BENCH_UI_PORT ?? 4174);
const DAY_MS = 86_400_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface LongTask {
  start: number;
  duration: number;
}

/** The gzip size of the JS the page loads up front (index.html's scripts and their static imports), and of the worker. */
function bundleSizes(): { initialGzip: number; initialRaw: number; workerGzip: number; files: string[] } {
  const html = readFileSync('dist/index.html', 'utf8');
  const assets = readdirSync('dist/assets');
  const entry = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const code = readFileSync(`dist/assets/${f}`, 'utf8');
    for (const m of code.matchAll(/from\s*["']\.\/([^"']+\.js)["']|import\s*["']\.\/([^"']+\.js)["']/g)) visit((m[1] ?? m[2])!);
  };
  entry.forEach(visit);
  let initialGzip = 0;
  let initialRaw = 0;
  for (const f of seen) {
    const buf = readFileSync(`dist/assets/${f}`);
    initialRaw += buf.length;
    initialGzip += gzipSync(buf, { level: 9 }).length;
  }
  const worker = assets.filter((f) => f.includes('worker') && f.endsWith('.js'));
  const workerGzip = worker.reduce((n, f) => n + gzipSync(readFileSync(`dist/assets/${f}`), { level: 9 }).length, 0);
  return { initialGzip, initialRaw, workerGzip, files: [...seen] };
}

/** The machine the figures come from, for the first line of each case. */
const machine = () =>
  `headless Chromium (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version})`;

/**
 * Records every frame interval while `window.__bench.measuring` is set, and every main-thread long
 * task. Scripts go in as strings: tsx would wrap functions with helpers the page does not have.
 */
const SAMPLER = `
  window.__bench = { frames: [], longTasks: [], measuring: false };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = 0;
  const loop = (t) => {
    if (window.__bench.measuring && last > 0) window.__bench.frames.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
`;

interface Opened {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** From navigation until the "Kill broker 1" button shows: the cluster is running. */
  loadMs: number;
}

/** Chromium at 1280×800 with the frame sampler installed, on `url`, once the cluster is running. */
async function openApp(url: string): Promise<Opened> {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(SAMPLER);
  const loadStart = Date.now();
  await page.goto(url);
  await page.getByRole('button', { name: /Kill broker 1/ }).waitFor({ timeout: 30_000 });
  return { browser, context, page, errors, loadMs: Date.now() - loadStart };
}

/** Chromium's own main-thread counters (seconds of task, script, style and layout time so far). */
async function mainThreadCounters(context: BrowserContext, page: Page): Promise<() => Promise<Record<string, number>>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
}

/** Starts recording frame intervals; returns the page's `performance.now()` at that moment. */
const startFrames = async (page: Page) => (await page.evaluate(`(window.__bench.measuring = true, performance.now())`)) as number;

/** Stops recording; returns the frame intervals, all long tasks so far, and the clock on screen. */
const stopFrames = async (page: Page) =>
  (await page.evaluate(`(() => {
    window.__bench.measuring = false;
    const clock = document.querySelector('.clock-sim')?.textContent ?? '';
    const b = window.__bench;
    return { frames: b.frames, longTasks: b.longTasks, clock };
  })()`)) as { frames: number[]; longTasks: LongTask[]; clock: string };

/** The frame-interval line both cases print. */
function frameLine(frames: number[], seconds: number): string {
  const over = frames.filter((f) => f > 16.7 * 1.5).length;
  return `  frames: ${frames.length} (${(frames.length / seconds).toFixed(1)} fps) · median ${pct(frames, 50).toFixed(1)} ms · p95 ${pct(frames, 95).toFixed(1)} ms · p99 ${pct(frames, 99).toFixed(1)} ms · max ${Math.max(...frames).toFixed(1)} ms · dropped (> 25 ms) ${over}   target: p95 ≤ 16.7 ms`;
}

/** The main-thread line both cases print, from counters read `seconds` apart. */
function busyLine(before: Record<string, number>, after: Record<string, number>, seconds: number): string {
  const busy = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) / seconds) * 100;
  return `  main thread busy: ${busy('TaskDuration').toFixed(1)}% of the time (script ${busy('ScriptDuration').toFixed(1)}%, style ${busy('RecalcStyleDuration').toFixed(1)}%, layout ${busy('LayoutDuration').toFixed(1)}%)`;
}

const longest = (tasks: LongTask[]) => (tasks.length ? ` (longest ${Math.max(...tasks.map((t) => t.duration)).toFixed(0)} ms)` : '');

/** The default case: a scenario playing in steady state. */
async function steady(baseUrl: string): Promise<void> {
  const seconds = Number(arg('seconds', '20'));
  const scenario = arg('scenario', 'busy');
  const warmupSeconds = 5;
  const { browser, context, page, errors, loadMs } = await openApp(`${baseUrl}#scenario=${scenario}`);
  try {
    const transferred = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).map((e) => ({ name: e.name, bytes: e.transferSize }))`,
    )) as { name: string; bytes: number }[];
    await page.waitForTimeout(warmupSeconds * 1000);
    // Main-thread time from Chromium's own counters: how busy the page's thread was while measured.
    const metrics = await mainThreadCounters(context, page);
    const before = await metrics();
    const steadyFrom = await startFrames(page);
    await page.waitForTimeout(seconds * 1000);
    const after = await metrics();
    const result = await stopFrames(page);
    const longSteady = result.longTasks.filter((t) => t.start >= steadyFrom);
    const sizes = bundleSizes();
    console.log(`bench:ui — scenario "${scenario}" at 1280×800 in ${machine()}`);
    console.log(`  page usable after ${loadMs} ms; measured ${seconds} s after ${warmupSeconds} s warm-up; simulated clock at the end ${result.clock}`);
    console.log(frameLine(result.frames, seconds));
    console.log(busyLine(before, after, seconds));
    console.log(
      `  long tasks (> 50 ms): ${longSteady.length} in steady state${longest(longSteady)}; ${result.longTasks.length} in total including start-up   target: 0 in steady state`,
    );
    console.log(
      `  initial JS: ${kb(sizes.initialGzip)} gzip (${kb(sizes.initialRaw)} raw, ${sizes.files.length} file(s)); simulation worker ${kb(sizes.workerGzip)} gzip, loaded in parallel   target: ≤ 250 KB gzip`,
    );
    console.log(
      `  JS transferred by the page (preview server, uncompressed): ${kb(transferred.reduce((n, t) => n + t.bytes, 0))} in ${transferred.length} request(s)`,
    );
    if (errors.length) console.log(`  console errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

/**
 * Watches one fast-forward from the page, once per frame: when the Fast-forward button was clicked,
 * when the progress bar and its Stop button first and last showed, and the first frame on which the
 * clock reads at least `targetMs` with the progress bar gone.
 */
const FF_WATCH = (jumpMs: number) => `(() => {
  const parse = (t) => {
    const m = /T\\+(\\d+):(\\d+):(\\d+)\\.(\\d+)/.exec(t ?? '');
    return m ? ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1000 + +m[4] : NaN;
  };
  const w = { clickAt: null, targetMs: NaN, progressFirst: null, progressLast: null, stopSeen: false, progressValues: 0, doneAt: null, clockAtDone: '' };
  window.__ff = w;
  let lastValue = -1;
  document.addEventListener('click', (e) => {
    if (w.clickAt !== null || !(e.target instanceof Element) || e.target.closest('button')?.textContent?.trim() !== 'Fast-forward') return;
    w.clickAt = performance.now();
    w.targetMs = parse(document.querySelector('.clock-sim')?.textContent) + ${jumpMs};
  }, true);
  const loop = (t) => {
    if (w.clickAt !== null && w.doneAt === null) {
      const bar = document.querySelector('progress[aria-label="Fast-forward progress"]');
      if (bar) {
        w.progressFirst ??= t;
        w.progressLast = t;
        if (bar.value !== lastValue) (lastValue = bar.value), w.progressValues++;
        if ([...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Stop fast-forward')) w.stopSeen = true;
      }
      const clock = document.querySelector('.clock-sim')?.textContent ?? '';
      if (!bar && parse(clock) >= w.targetMs) (w.doneAt = performance.now()), (w.clockAtDone = clock);
    }
    if (w.doneAt === null) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})()`;

interface FfWatch {
  clickAt: number;
  targetMs: number;
  progressFirst: number | null;
  progressLast: number | null;
  stopSeen: boolean;
  progressValues: number;
  doneAt: number;
  clockAtDone: string;
}

/** `--case fastforward`: the default scenario, Fast-forward "+1 day" (or "+7 days"), timed from the page. */
async function fastForward(baseUrl: string): Promise<void> {
  const days = Number(arg('days', '1'));
  const label = days === 1 ? '+1 day' : `+${days} days`;
  const warmupSeconds = 2;
  const { browser, context, page, errors, loadMs } = await openApp(baseUrl);
  try {
    const jumpBy = page.getByRole('combobox', { name: 'Fast-forward by' });
    const options = await jumpBy.locator('option').allTextContents();
    if (!options.includes(label)) throw new Error(`no "${label}" in the top bar's Fast-forward by (it offers ${options.join(', ')})`);
    await jumpBy.selectOption({ label });
    await page.waitForTimeout(warmupSeconds * 1000);
    await page.evaluate(FF_WATCH(days * DAY_MS));
    const metrics = await mainThreadCounters(context, page);
    const before = await metrics();
    const clockBefore = await page.locator('.clock-sim').textContent();
    await startFrames(page);
    const wallStart = Date.now();
    await page.getByRole('button', { name: 'Fast-forward', exact: true }).click();
    // Polled with evaluate: the app's CSP (no unsafe-eval) rules out waitForFunction with a string.
    const deadline = Date.now() + days * 3_600_000;
    while (!(await page.evaluate(`window.__ff.doneAt !== null`))) {
      if (Date.now() > deadline) throw new Error(`the clock did not reach ${label} later within ${days} hour(s)`);
      await page.waitForTimeout(250);
    }
    const wallMs = Date.now() - wallStart;
    const after = await metrics();
    const result = await stopFrames(page);
    const w = (await page.evaluate(`window.__ff`)) as FfWatch;
    const runMs = w.doneAt - w.clickAt;
    const during = result.longTasks.filter((t) => t.start + t.duration >= w.clickAt && t.start <= w.doneAt);
    console.log(`bench:ui — fast-forward ${label} in the default scenario at 1280×800 in ${machine()}`);
    console.log(
      `  page usable after ${loadMs} ms; clicked Fast-forward (${label}) ${warmupSeconds} s later at ${clockBefore}; the clock showed ${w.clockAtDone}`,
    );
    console.log(
      `  click → new time on screen and progress bar gone: ${runMs.toFixed(0)} ms (${((days * DAY_MS) / runMs).toFixed(0)}× real time); ${wallMs} ms as Playwright saw it`,
    );
    console.log(
      `  progress UI: ${w.progressFirst !== null ? `showed ${(w.progressFirst - w.clickAt).toFixed(0)} ms after the click until ${(w.progressLast! - w.clickAt).toFixed(0)} ms, ${w.progressValues} distinct value(s)` : 'never showed'}; Stop fast-forward button ${w.stopSeen ? 'visible' : 'never seen'}`,
    );
    console.log(frameLine(result.frames, runMs / 1000));
    console.log(busyLine(before, after, wallMs / 1000));
    console.log(`  long tasks (> 50 ms) during the fast-forward: ${during.length}${longest(during)}   target: 0`);
    if (errors.length) console.log(`  console errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const cases: Record<string, (baseUrl: string) => Promise<void>> = { steady, fastforward: fastForward };
  const run = cases[benchCase];
  if (!run) throw new Error(`unknown --case ${benchCase} (${Object.keys(cases).join(', ')})`);
  const server = await preview({ preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const baseUrl = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  try {
    await run(baseUrl);
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
