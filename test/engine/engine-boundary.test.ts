/**
 * The engine's boundary as the linter enforces it (eslint.config.js, `src/engine/**`): no wall clock,
 * no host randomness, no timers, nothing from the app's other layers or UI packages. Each snippet is
 * linted as if it were a file in `src/engine/kafka/`, with the project's own ESLint config.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FILE = 'src/engine/kafka/x.ts';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(code: string): Promise<{ ruleId: string | null; line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: FILE });
  return result!.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message }));
}

describe('the engine boundary (ESLint on src/engine/**)', () => {
  it('fails a file that imports the store and calls crypto.randomUUID() (passed lint before issue 9)', async () => {
    const messages = await lint("import { useSimStore } from '../../store';\nexport const id = crypto.randomUUID();\nexport { useSimStore };\n");
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['no-restricted-imports', 1],
      ['no-restricted-globals', 2],
    ]);
  });

  const clocksAndTimers: [string, string, string][] = [
    ['Math.random()', 'export const r = Math.random();', 'no-restricted-properties'],
    ['Date.now()', 'export const t = Date.now();', 'no-restricted-properties'],
    ['Date.now as a value', 'export const now = Date.now;', 'no-restricted-properties'],
    ['new Date() without arguments', 'export const d = new Date();', 'no-restricted-syntax'],
    ['Date() called as a function', 'export const s = Date();', 'no-restricted-syntax'],
    ['performance.now()', 'export const t = performance.now();', 'no-restricted-globals'],
    ['crypto.getRandomValues()', 'export const a = crypto.getRandomValues(new Uint8Array(4));', 'no-restricted-globals'],
    ['globalThis.crypto', 'export const id = globalThis.crypto.randomUUID();', 'no-restricted-properties'],
    ['setTimeout', 'setTimeout(() => {}, 10);', 'no-restricted-globals'],
    ['globalThis.setTimeout', 'globalThis.setTimeout(() => {}, 10);', 'no-restricted-properties'],
    ['setInterval', 'setInterval(() => {}, 10);', 'no-restricted-globals'],
    ['setImmediate', 'setImmediate(() => {});', 'no-restricted-globals'],
    ['queueMicrotask', 'queueMicrotask(() => {});', 'no-restricted-globals'],
    ['requestAnimationFrame', 'requestAnimationFrame(() => {});', 'no-restricted-globals'],
    ['requestIdleCallback', 'requestIdleCallback(() => {});', 'no-restricted-globals'],
    ['process (Node)', 'export const env = process.env.SEED;', 'no-restricted-globals'],
    ['document (DOM)', 'export const title = document.title;', 'no-restricted-globals'],
  ];
  it.each(clocksAndTimers)('forbids %s', async (_what, code, rule) => {
    const messages = await lint(`${code}\n`);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.ruleId === rule)).toBe(true);
  });

  const imports: string[] = [
    "import { x } from '../../store';",
    "import { x } from '../../store/sim-slice';",
    "import type { X } from '../../worker/protocol';",
    "import { x } from '../../../view/x';",
    "import { x } from '../../../../src/view/cluster/layout';",
    "import { x } from '../../scenario';",
    "import { x } from '../../cli/index';",
    "export { x } from '../../scenario/builtin';",
    "import { x } from '../view/x';",
    "import { create } from 'zustand';",
    "import { useShallow } from 'zustand/react/shallow';",
    "import { useState } from 'react';",
    "import { jsx } from 'react/jsx-runtime';",
    "import { createRoot } from 'react-dom/client';",
    "import { scaleLinear } from 'd3-scale';",
    "import { z } from 'zod';",
    "import { deflateSync } from 'fflate';",
    "import { encode } from 'uqr';",
    "import { readFileSync } from 'node:fs';",
  ];
  it.each(imports)('forbids %s', async (code) => {
    const messages = await lint(`${code}\n`);
    expect(messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line)).toEqual([1]);
  });

  it('forbids loading code at run time (import())', async () => {
    const messages = await lint("export const m = import('../../store');\n");
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });

  it('passes engine code that stays inside the engine and on simulated time', async () => {
    const clean = [
      "import { emit } from '../core';",
      "import type { Sim } from '../state';",
      "import type { ScenarioSpec } from '../scenario-types';",
      "import { nextInt } from '../random';",
      '',
      '/** A made-up rule, the way engine rules are written. NOTE mutates sim. */',
      'export function stampAndDraw(sim: Sim, scenario: ScenarioSpec): string {',
      "  emit(sim, { type: 'brokerCrashed', brokerId: nextInt(sim.rng, 3) });",
      '  const wall = new Date(sim.startEpochMs + sim.nowMs);',
      '  return `${scenario.name} ${wall.toISOString()} ${Date.UTC(2026, 0, 1)}`;',
      '}',
      '',
    ].join('\n');
    expect(await lint(clean)).toEqual([]);
  });
});
