/**
 * axe-core in a browser test: checks the page as it stands and fails on any
 * serious or critical violation. Call it after the page has drawn what it shows.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The impacts that fail a test; minor and moderate ones are reported by `axeViolations` only. */
const FAILING = new Set(['serious', 'critical']);
/**
 * Rules run besides axe's defaults. label-content-name-mismatch (WCAG 2.5.3, serious) is
 * experimental in axe, so off unless asked for: a control's accessible name must contain
 * its visible text, which the calendar's 31 night cells once broke.
 */
const RULES = JSON.stringify({ 'label-content-name-mismatch': { enabled: true } });

/** One rule broken on the page: its id, impact, what it asks and (a few of) the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Every axe-core violation on the page as it is now (axe is injected once per document). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the app's Content-Security-Policy (script-src 'self') blocks inline scripts.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${AXE_SOURCE}\n;0`);
  // A string, not a callback: the root tsconfig has no DOM types for the page's globals.
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'], rules: ${RULES} }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`,
  )) as AxeViolation[];
  return violations;
}

/** Throws, naming each rule and element, when the page has a serious or critical violation. */
export async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => FAILING.has(v.impact ?? ''));
  if (serious.length)
    throw new Error(
      `axe found serious or critical violations on ${where}:\n${serious
        .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.join('\n    ')}`)
        .join('\n')}`,
    );
}
