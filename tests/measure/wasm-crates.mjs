// Bytes of a wasm module per crate, from `twiggy top -f csv`: each function counted under
// the crate its (demangled) name starts with, the data segments apart, custom sections left
// out. Usage: wasm-crates.mjs ITEMS.csv [how many, default 15]
import { readFileSync } from 'node:fs';

const [file, limit = '15'] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);

/** The crate a twiggy item name belongs to (`<T as serde::de::…>` counts under its trait's). */
function crateOf(name) {
  if (/^data\[/.test(name)) return '(data segments)';
  if (/^(elem|table|memory|global|type)\[/.test(name)) return '(tables and globals)';
  let path = name.replace(/^"|"$/g, '').replace(/^<+/, '').replace(/^(&(mut )?|dyn )/, '');
  // `<T as tachys::view::…>::f`: a generic impl counts under the trait's crate.
  const blanket = /^[^<>:]+ as (.*)$/.exec(path);
  if (blanket) path = blanket[1];
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(path);
  return match ? match[1] : '(unnamed)';
}

const bytes = new Map();
let total = 0;
for (const line of lines) {
  // Name may be quoted with commas inside; the size is the first field after it.
  const match = /^("(?:[^"]|"")*"|[^,]*),(\d+),/.exec(line);
  if (!match) continue;
  const name = match[1].replace(/""/g, '"');
  if (/section|subsection/.test(name)) continue;
  const size = Number(match[2]);
  const crate = crateOf(name);
  bytes.set(crate, (bytes.get(crate) ?? 0) + size);
  total += size;
}
const rows = [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(limit));
for (const [crate, size] of rows) {
  console.log(`${String(size).padStart(9)}  ${((size * 100) / total).toFixed(1).padStart(5)} %  ${crate}`);
}
console.log(`${String(total).padStart(9)}  100.0 %  (all code and data)`);
