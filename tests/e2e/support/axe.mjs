// axe-core run inside the page under test: the accessibility violations it finds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Violations as {id, impact, nodes, help}; WCAG 2.1 A and AA rules. */
export async function axeViolations(page) {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy refuses inline
  // scripts it does not know, and the test must not loosen it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
}

/**
 * Fail on critical or serious violations (docs/architecture.md#budgets); return the rest
 * for the log.
 */
export function serious(violations) {
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}
