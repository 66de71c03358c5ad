/**
 * Runs axe-core in a page of the built app, under its Content-Security-Policy.
 *
 * The built page allows `script-src 'self'` only, so a `<script>` carrying axe (what
 * `page.addScriptTag` adds) is refused. Code evaluated over the DevTools protocol
 * (`page.evaluate`) is not a page script and is not subject to `script-src`: axe's source goes in
 * as a string, once per document, and `axe.run` is called the same way. The CSP stays as shipped
 * and the browser context is opened without `bypassCSP`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0 and 2.1 A/AA rules, and Deque's best practices (landmarks, heading order, …). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: AXE_TAGS },
  resultTypes: ['violations'],
};

/** One failing rule, with the elements it failed on (what a failure message needs, nothing more). */
export interface Violation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Audits the whole document as it is now and returns axe's violations.
 * @example expect(formatViolations(await audit(page))).toBe('');
 */
export async function audit(page: Page): Promise<Violation[]> {
  // The trailing string keeps the evaluation's value plain data (Playwright calls a value that is a function).
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${AXE_SOURCE}\n;"axe-core loaded"`);
  return (await page.evaluate(`axe.run(document, ${JSON.stringify(RUN_OPTIONS)}).then((r) => r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary || '' })),
  })))`)) as Violation[];
}

/**
 * Violations as readable text, one rule a paragraph: id, impact and help, then each element's
 * selector and what failed. Empty when there are none.
 * @example formatViolations([]) // ""
 */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `  - ${n.target.join(' >>> ')}\n${n.failureSummary.replace(/^/gm, '      ')}`);
      return `${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n\n');
}
