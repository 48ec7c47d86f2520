// The fill page before its WebAssembly (docs/architecture.md#the-respondents-first-screen):
// the server's first screen is readable without JavaScript, accessible, and the app takes
// it over without moving anything or losing what was ticked or typed on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from './support/server.mjs';
import { launchPhone, failOnErrors, ARTIFACTS } from './support/browser.mjs';
import { axeViolations } from './support/axe.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchPhone();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page whose wasm is held back until `release()`: the first screen stays the server's. */
async function pageWithWasmHeld() {
  const page = failOnErrors(await browser.newPage());
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  // Every layout shift from the first paint on, whether or not input preceded it.
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return { page, release };
}

test('without JavaScript the survey is readable and says how to fill it in', async () => {
  const noScript = await launchPhone({ javaScriptEnabled: false });
  try {
    const page = await noScript.newPage();
    await page.goto(`${server.url}/s/yingshang-2023`);
    const screen = page.getByTestId('first-screen');
    await screen.waitFor();
    assert.match(await screen.locator('h1').innerText(), /营商环境满意度测评/);
    assert.match(await screen.locator('.intro').innerText(), /\S{20}/, 'the intro is there');
    assert.equal(await page.getByTestId('section-title').innerText(), '企业基本情况');
    const questions = await page.locator('[data-testid^="question-"][data-kind]').count();
    assert.ok(questions >= 4, `the first screen's questions: ${questions}`);
    assert.match(await page.getByTestId('question-town').innerText(), /乡镇/);
    assert.match(await page.getByTestId('noscript-note').innerText(), /启用 JavaScript/);
    await page.screenshot({ path: join(ARTIFACTS, 'first-screen-no-javascript.png'), fullPage: true });
  } finally {
    await noScript.close();
  }
});

test('a tap and a typed code before the app arrives are kept, and nothing moves', async () => {
  const { page, release } = await pageWithWasmHeld();
  await page.goto(`${server.url}/s/yingshang-2023`, { waitUntil: 'commit' });
  const early = page.getByTestId('first-screen');
  await early.waitFor();
  // The server's screen is accessible as it stands, and its buttons wait for the app.
  assert.deepEqual(await axeViolations(page), [], 'the first screen before the app');
  assert.equal(await page.getByTestId('next').isDisabled(), true);

  const type = page.getByTestId('question-ent_type');
  await type.locator('label.option').nth(1).click();
  const town = page.getByTestId('question-town').locator('select');
  await town.selectOption({ index: 2 });
  const townPicked = await town.inputValue();
  const before = await type.boundingBox();
  release();
  await page.getByTestId('survey-form').waitFor();
  assert.equal(await early.count(), 0, 'the server\'s screen is gone');
  assert.equal(await town.inputValue(), townPicked, 'the early pick in a list is kept');
  const kept = await type.locator('input:checked').evaluateAll((nodes) => nodes.map((n) => n.value));
  assert.equal(kept.length, 1, 'the early tap is the form\'s answer');
  assert.deepEqual(await type.boundingBox(), before, 'the question did not move');
  const shifts = await page.evaluate(() => window.__shifts);
  assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `layout shifts: ${shifts}`);
  // The app holds the answer too: it is in the draft.
  const drafted = await page.evaluate(
    () => JSON.parse(localStorage.getItem('manyi:draft:yingshang-2023')).answers.ent_type);
  assert.equal(drafted, kept[0]);
  await page.close();
});

test('a ballot code typed before the app arrives is kept', async () => {
  const { page, release } = await pageWithWasmHeld();
  await page.goto(`${server.url}/s/shenji-2023`, { waitUntil: 'commit' });
  await page.getByTestId('first-screen').waitFor();
  await page.locator('#access-code').fill('ABCD-EFGH');
  // Enter in the field submits nothing before the app (no GET with the marks in the URL).
  await page.locator('#access-code').press('Enter');
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).search, '', `the form was sent: ${page.url()}`);
  release();
  await page.getByTestId('survey-form').waitFor();
  assert.equal(await page.getByTestId('code-input').inputValue(), 'ABCD-EFGH');
  assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'access-code', 'the focus stays');
  await page.close();
});

test('the large-text preference holds from the first paint', async () => {
  const { page, release } = await pageWithWasmHeld();
  await page.goto(`${server.url}/`);
  await page.evaluate(() => localStorage.setItem('manyi:large-text', 'true'));
  await page.goto(`${server.url}/s/yingshang-2023`, { waitUntil: 'commit' });
  await page.getByTestId('first-screen').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.className), 'large-text');
  release();
  await page.getByTestId('survey-form').waitFor();
  assert.equal(await page.getByTestId('toggle-large-text').getAttribute('aria-pressed'), 'true');
  const shifts = await page.evaluate(() => window.__shifts);
  assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `layout shifts: ${shifts}`);
  await page.evaluate(() => localStorage.clear());
  await page.close();
});

test('a restored draft keeps its answers, and an early tap fills what it left open', async () => {
  const { page, release } = await pageWithWasmHeld();
  release();
  await page.goto(`${server.url}/s/yingshang-2023`);
  // No draft from the tests before: this one makes its own.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('survey-form').waitFor();
  const type = page.getByTestId('question-ent_type');
  await type.locator('label.option').nth(0).click();
  const drafted = await type.locator('input:checked').inputValue();

  // Back with the wasm held: the server's screen is blank, the draft is in the browser.
  const { page: again, release: releaseAgain } = await pageWithWasmHeld();
  await again.goto(`${server.url}/s/yingshang-2023`, { waitUntil: 'commit' });
  await again.getByTestId('first-screen').waitFor();
  const earlyType = again.getByTestId('question-ent_type');
  await earlyType.locator('label.option').nth(1).click();
  const town = again.getByTestId('question-town').locator('select');
  await town.selectOption({ index: 2 });
  const townPicked = await town.inputValue();
  releaseAgain();
  await again.getByTestId('draft-restored').waitFor();
  const kept = await earlyType.locator('input:checked').evaluateAll((nodes) => nodes.map((n) => n.value));
  assert.deepEqual(kept, [drafted], 'the draft\'s answer stays');
  assert.equal(await town.inputValue(), townPicked, 'the early pick fills an open question');
  const answers = await again.evaluate(
    () => JSON.parse(localStorage.getItem('manyi:draft:yingshang-2023')).answers);
  assert.equal(answers.ent_type, drafted);
  assert.equal(answers.town, townPicked);
  await again.close();
  await page.close();
});
