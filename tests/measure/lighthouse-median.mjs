// Medians of several Lighthouse JSON reports of one page: the scores and the metrics the
// budgets name (docs/architecture.md#budgets). Usage: lighthouse-median.mjs LABEL REPORT...
import { readFileSync } from 'node:fs';

const [label, ...files] = process.argv.slice(2);
const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rows = [
  ['performance', (r) => r.categories.performance.score * 100, ''],
  ['accessibility', (r) => r.categories.accessibility.score * 100, ''],
  ['FCP', (r) => r.audits['first-contentful-paint'].numericValue, ' ms'],
  ['LCP', (r) => r.audits['largest-contentful-paint'].numericValue, ' ms'],
  ['TBT', (r) => r.audits['total-blocking-time'].numericValue, ' ms'],
  ['CLS', (r) => r.audits['cumulative-layout-shift'].numericValue, ''],
  ['speed index', (r) => r.audits['speed-index'].numericValue, ' ms'],
  ['transfer', (r) => r.audits['total-byte-weight'].numericValue / 1000, ' KB'],
];

console.log(`== ${label}: median of ${reports.length} Lighthouse runs (mobile, simulated slow 4G)`);
for (const [name, read, unit] of rows) {
  const values = reports.map(read);
  const shown = (v) => (unit === '' && name === 'CLS' ? v.toFixed(3) : Math.round(v));
  console.log(`${name.padEnd(14)} ${String(shown(median(values))).padStart(7)}${unit}   (runs: ${values.map(shown).join(', ')})`);
}
const failing = reports.flatMap((r) => Object.values(r.audits)
  .filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0 && r.categories.accessibility.auditRefs.some((ref) => ref.id === a.id))
  .map((a) => a.id));
if (failing.length) console.log(`accessibility audits failing: ${[...new Set(failing)].join(', ')}`);
