// Write .br and .gz beside every text/wasm file in a directory, at the highest levels, so the
// server sends compressed files without compressing on every request.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kinds = new Set(['.html', '.js', '.wasm', '.css', '.json', '.svg', '.txt']);
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !kinds.has(extname(name))) continue;
  const raw = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: extname(name) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  }));
  writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
}
