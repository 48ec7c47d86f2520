// One file to deploy: the `manyi` binary, copied alone into an empty directory, serves
// every page and every file of the three apps — the very bytes the build wrote, brotli
// when the browser takes it — and the respondent's page works in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ROOT } from './support/server.mjs';
import { launchPhone, freshPage, closeAll } from './support/browser.mjs';
import { SurveyPage } from './pages/survey_page.mjs';

const BUILT = join(ROOT, 'dist');
let server;
let phone;

before(async () => {
  const alone = mkdtempSync(join(tmpdir(), 'manyi-one-file-'));
  const bin = join(alone, 'manyi');
  copyFileSync(process.env.MANYI_BIN ?? join(ROOT, 'target/debug/manyi'), bin);
  server = await startServer({ bin });
  assert.ok(!existsSync(join(server.dir, 'dist')), 'the server runs beside no dist/');
  phone = await launchPhone();
});

after(() => closeAll(phone, server));

/** The scripts, WebAssembly and styles an index.html loads (minified: attributes may be
 * unquoted), as URL paths. */
function referencedFiles(html, base) {
  // In attributes, and quoted in the start-up script (the wasm is loaded from there).
  const found = html.matchAll(/(?:(?:src|href)=["']?|["'`])([^"'`\s>]+\.(?:js|wasm|css))/g);
  const refs = [...new Set([...found].map((m) => m[1]))];
  return refs.map((ref) => (ref.startsWith('/') ? ref : `${base}${ref}`));
}

const pages = [
  { path: '/', app: '' },
  { path: '/s/yingshang-2023', app: '' },
  { path: '/staff/', app: 'staff' },
  { path: '/staff/s/shenji-2023/tally', app: 'staff' },
  { path: '/staff/new', app: 'builder' },
  { path: '/staff/s/yingshang-2023/edit', app: 'builder' },
];

test('every page of the three apps is served from the binary alone', async () => {
  for (const { path, app } of pages) {
    const res = await fetch(`${server.url}${path}`);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /^text\/html/, path);
    const html = await res.text();
    const built = readFileSync(join(BUILT, app, 'index.html'), 'utf8');
    const base = app ? `/${app}/` : '/';
    assert.deepEqual(referencedFiles(html, base), referencedFiles(built, base), path);
  }
});

test('the public results are pages from the server, in no app', async () => {
  const res = await fetch(`${server.url}/results`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const html = await res.text();
  assert.deepEqual(referencedFiles(html, '/'), [], 'the list loads no script');
  assert.match(html, /测评结果公开/);
  assert.equal((await fetch(`${server.url}/results/yingshang-2023`)).status, 404, 'not published');
});

test('the apps\' files are the built bytes, precompressed when accepted', async () => {
  for (const app of ['', 'staff', 'builder']) {
    const built = readFileSync(join(BUILT, app, 'index.html'), 'utf8');
    const files = referencedFiles(built, app ? `/${app}/` : '/');
    assert.ok(files.some((f) => f.endsWith('.wasm')), `the ${app || 'respondent'} app loads wasm`);
    for (const file of files) {
      const res = await fetch(`${server.url}${file}`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('content-encoding'), 'br', file);
      if (file.endsWith('.wasm')) assert.equal(res.headers.get('content-type'), 'application/wasm');
      assert.match(res.headers.get('cache-control'), /immutable/, file);
      // fetch decodes brotli: what arrives is the file Trunk wrote.
      const body = Buffer.from(await res.arrayBuffer());
      const onDisk = readFileSync(join(BUILT, file.replace(/^\//, '')));
      assert.ok(body.equals(onDisk), `${file} is the built file`);
    }
  }
  const gone = await fetch(`${server.url}/manyi-app-0000000000000000_bg.wasm`);
  assert.equal(gone.status, 404, 'a file of another release is missing, not a page');
});

test('the respondent fills a survey served from the binary alone', async () => {
  const page = await freshPage(phone);
  const survey = new SurveyPage(page, server.url);
  await survey.open('yingshang-2023');
  await survey.fillToEnd();
  await survey.submit();
  assert.match(await survey.receiptCode(), /\S/);
  assert.equal(server.storedCounts()['yingshang-2023'], 1);
  await page.close();
});
