// The respondent's first load: every file on the critical path of index.html (the HTML,
// its JS, wasm and CSS), raw, gzip and brotli, against the budget
// (docs/architecture.md#budgets).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

// BUDGET_KB=0 reports without judging (the staff dashboard is not on a respondent's path).
const BUDGET_KB = Number(process.env.BUDGET_KB ?? 150);
const dir = process.argv[2] ?? 'dist';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const referenced = readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f) && html.includes(f));
const files = ['index.html', ...referenced];
const kb = (n) => (n / 1024).toFixed(1);
let total = { raw: 0, gzip: 0, brotli: 0 };
console.log('file'.padEnd(44), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), 'brotli KB'.padStart(10));
for (const file of files) {
  const raw = readFileSync(join(dir, file));
  const sizes = {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += sizes[k];
  console.log(file.padEnd(44), kb(sizes.raw).padStart(9), kb(sizes.gzip).padStart(9), kb(sizes.brotli).padStart(10));
}
console.log('total'.padEnd(44), kb(total.raw).padStart(9), kb(total.gzip).padStart(9), kb(total.brotli).padStart(10));
console.log(BUDGET_KB > 0
  ? `brotli total ${kb(total.brotli)} KB: budget ${BUDGET_KB} KB`
  : `brotli total ${kb(total.brotli)} KB`);
if (BUDGET_KB > 0 && total.brotli > BUDGET_KB * 1024) {
  console.error(`over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
