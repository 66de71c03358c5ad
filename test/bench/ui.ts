/**
 * `npm run bench:ui`: the built app in headless Chromium at 1280×800 with the "busy" scenario
 * (9 brokers, 3 topics × 24 partitions, RF 3, 20,000 records/s, 3 groups). Prints the median and
 * p95 frame interval, main-thread long tasks (> 50 ms) in steady state, and the JavaScript the page
 * transferred. Figures, not assertions.
 *
 * Usage: npm run bench:ui [-- --seconds 20] [-- --scenario default]
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { launch } from '../e2e/browser';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '20'));
const scenario = arg('scenario', 'busy');
const warmupSeconds = 5;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

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

async function main(): Promise<void> {
  const server = await preview({ preview: { port: 4174, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const baseUrl = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4174/';
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // Scripts go in as strings: tsx would wrap functions with helpers the page does not have.
    await page.addInitScript(`
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
    `);
    const loadStart = Date.now();
    await page.goto(`${baseUrl}#scenario=${scenario}`);
    await page.getByRole('button', { name: /Kill broker 1/ }).waitFor({ timeout: 30_000 });
    const loadMs = Date.now() - loadStart;
    const transferred = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).map((e) => ({ name: e.name, bytes: e.transferSize }))`,
    )) as { name: string; bytes: number }[];
    await page.waitForTimeout(warmupSeconds * 1000);
    // Main-thread time from Chromium's own counters: how busy the page's thread was while measured.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
    const before = await metrics();
    const steadyFrom = (await page.evaluate(`(window.__bench.measuring = true, performance.now())`)) as number;
    await page.waitForTimeout(seconds * 1000);
    const after = await metrics();
    const busy = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) / seconds) * 100;
    const result = (await page.evaluate(`(() => {
      window.__bench.measuring = false;
      const clock = document.querySelector('.clock-sim')?.textContent ?? '';
      const b = window.__bench;
      return { frames: b.frames, longSteady: b.longTasks.filter((t) => t.start >= ${steadyFrom}), longAll: b.longTasks, clock };
    })()`)) as { frames: number[]; longSteady: { start: number; duration: number }[]; longAll: { start: number; duration: number }[]; clock: string };
    const sizes = bundleSizes();
    const frames = result.frames;
    const over = frames.filter((f) => f > 16.7 * 1.5).length;
    console.log(
      `bench:ui — scenario "${scenario}" at 1280×800 in headless Chromium (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version})`,
    );
    console.log(`  page usable after ${loadMs} ms; measured ${seconds} s after ${warmupSeconds} s warm-up; simulated clock at the end ${result.clock}`);
    console.log(
      `  frames: ${frames.length} (${(frames.length / seconds).toFixed(1)} fps) · median ${pct(frames, 50).toFixed(1)} ms · p95 ${pct(frames, 95).toFixed(1)} ms · p99 ${pct(frames, 99).toFixed(1)} ms · max ${Math.max(...frames).toFixed(1)} ms · dropped (> 25 ms) ${over}   target: p95 ≤ 16.7 ms`,
    );
    console.log(
      `  main thread busy: ${busy('TaskDuration').toFixed(1)}% of the time (script ${busy('ScriptDuration').toFixed(1)}%, style ${busy('RecalcStyleDuration').toFixed(1)}%, layout ${busy('LayoutDuration').toFixed(1)}%)`,
    );
    console.log(
      `  long tasks (> 50 ms): ${result.longSteady.length} in steady state${result.longSteady.length ? ` (longest ${Math.max(...result.longSteady.map((t) => t.duration)).toFixed(0)} ms)` : ''}; ${result.longAll.length} in total including start-up   target: 0 in steady state`,
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
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
