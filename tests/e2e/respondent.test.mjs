// The respondent's path through the real UI against the real server and database, in
// Chromium at phone size: each evaluation, the draft across a reload, the offline outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from './support/server.mjs';
import { launchPhone, failOnErrors, ARTIFACTS } from './support/browser.mjs';
import { SurveyPage } from './pages/survey_page.mjs';
import { axeViolations } from './support/axe.mjs';

const RECEIPT = /^[0-9A-F]{4}-[0-9A-F]{4}$/;
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

async function freshPage() {
  return failOnErrors(await browser.newPage());
}

test('the home page lists the three evaluations', async () => {
  const page = await freshPage();
  await page.goto(server.url);
  for (const id of ['yingshang-2023', 'shenji-2023', 'shuangjian-2023']) {
    await page.getByTestId(`survey-link-${id}`).waitFor();
  }
  assert.match(await page.getByTestId('survey-link-yingshang-2023').innerText(), /营商环境/);
  await page.screenshot({ path: join(ARTIFACTS, 'home.png') });
  await page.close();
});

for (const [id, name] of [['yingshang-2023', 'yingshang'], ['shuangjian-2023', 'shuangjian']]) {
  test(`${name}: fill every screen and submit through the UI`, async () => {
    const page = await freshPage();
    await page.goto(server.url);
    await page.getByTestId(`survey-link-${id}`).click();
    const survey = new SurveyPage(page, server.url);
    await page.getByTestId('survey-form').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `${name}-first-screen.png`), fullPage: true });
    // Every screen, empty and answered, with no accessibility violation of any impact.
    await survey.fillToEnd(async (screen) => {
      assert.deepEqual(await axeViolations(page), [], `${name}, ${screen}`);
    });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-last-screen.png`), fullPage: true });
    await survey.submit();
    assert.match(await survey.receiptCode(), RECEIPT);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-receipt.png`) });
    await page.close();
  });
}

test('shenji: a committee member votes with the code from the ballot slip', async () => {
  const [fromLink, typed] = server.issueCodes('shenji-2023', 2);
  const page = await freshPage();
  const survey = new SurveyPage(page, server.url);
  // The QR code on the slip carries the code in the link, after `#`.
  await survey.openWithCode('shenji-2023', fromLink);
  assert.equal(await page.getByTestId('code-input').inputValue(), fromLink);
  assert.ok(!page.url().includes(fromLink), `the code stays in the address bar: ${page.url()}`);
  assert.deepEqual(await axeViolations(page), [], 'the ballot, empty');
  await survey.answerScreen();
  assert.deepEqual(await axeViolations(page), [], 'the ballot, marked');
  await page.screenshot({ path: join(ARTIFACTS, 'shenji-ballot.png'), fullPage: true });
  await survey.submit();
  assert.match(await survey.receiptCode(), RECEIPT);
  assert.deepEqual(await axeViolations(page), [], 'the receipt');

  // A second member types the code; first without it, which is refused inline.
  await survey.open('shenji-2023');
  await survey.answerScreen();
  await page.getByTestId('submit').click();
  await page.locator('#err-code').filter({ hasText: '必答' }).waitFor();
  await page.getByTestId('code-input').fill(typed.toLowerCase());
  await survey.submit();
  assert.match(await survey.receiptCode(), RECEIPT);

  // A spent code is refused by the server; the phone forgets the refused ballot's code and
  // marks (kept, they would tell anyone holding it how its owner voted), and the member
  // fills it in again. A slip printed before codes moved behind `#` still works.
  await survey.open('shenji-2023', `?code=${encodeURIComponent(fromLink)}`);
  assert.ok(!page.url().includes(fromLink), `the code stays in the address bar: ${page.url()}`);
  await survey.answerScreen();
  await survey.submit();
  await page.getByTestId('refused').filter({ hasText: '已经使用过' }).waitFor();
  await page.getByTestId('refused').filter({ hasText: '已清除' }).waitFor();
  const stored = await survey.storedLocally();
  for (const secret of [fromLink, typed, 'satisfied', 'basic']) {
    assert.ok(!stored.includes(secret), `local storage keeps ${secret}: ${stored}`);
  }
  await page.getByTestId('correct').click();
  await page.getByTestId('survey-form').waitFor();
  assert.equal(await page.getByTestId('code-input').inputValue(), '');
  await page.close();
});

test('a survey link opens without a second request for its definition', async () => {
  const page = await freshPage();
  const apiCalls = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) apiCalls.push(r.url()); });
  const survey = new SurveyPage(page, server.url);
  await survey.open('yingshang-2023');
  assert.equal(await survey.sectionTitle(), '企业基本情况');
  assert.deepEqual(apiCalls, [], 'the definition came inlined in the page');
  await page.close();
});

test('a required question left empty is flagged in Chinese before moving on', async () => {
  const page = await freshPage();
  const survey = new SurveyPage(page, server.url);
  await survey.open('yingshang-2023');
  const title = await survey.sectionTitle();
  await page.getByTestId('next').click();
  await page.getByTestId('form-errors').filter({ hasText: '还有 5 处' }).waitFor();
  await page.getByTestId('question-town').getByText('此题为必答题，请作答').waitFor();
  assert.equal(await survey.sectionTitle(), title, 'stays on the same screen');
  // Answering clears the message at once.
  await survey.answer('ent_type', 'single_choice');
  assert.equal(await page.getByTestId('question-ent_type').locator('.field-error').isVisible(), false);
  await page.close();
});

test('the draft survives a reload mid-survey', async () => {
  const page = await freshPage();
  const survey = new SurveyPage(page, server.url);
  await survey.open('shuangjian-2023');
  await survey.answerScreen();
  await survey.next();
  const secondScreen = await survey.sectionTitle();
  await survey.answerScreen();
  await page.reload();
  await page.getByTestId('draft-restored').waitFor();
  assert.equal(await survey.sectionTitle(), secondScreen, 'back on the same screen');
  for (const { id, kind } of await survey.shownQuestions()) {
    assert.ok(await survey.isAnswered(id, kind), `answer to ${id} restored`);
  }
  await survey.fillToEnd();
  await survey.submit();
  assert.match(await survey.receiptCode(), RECEIPT);
  await page.close();
});

test('a submission made offline waits in the outbox and is delivered once online', async () => {
  const page = await freshPage();
  const survey = new SurveyPage(page, server.url);
  await survey.open('yingshang-2023');
  await survey.fillToEnd();
  await page.context().setOffline(true);
  await survey.submit();
  await page.getByTestId('outbox-pending').waitFor();
  // At least one delivery attempt fails while offline.
  await page.getByTestId('attempts').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'outbox-offline.png') });
  await page.context().setOffline(false);
  assert.match(await survey.receiptCode(), RECEIPT);
  // The receipt is kept on the device.
  await page.reload();
  assert.match(await survey.receiptCode(), RECEIPT);
  await page.close();
});

test('the database holds exactly one response per submission', async () => {
  const before = server.storedCounts();
  const page = await freshPage();
  const survey = new SurveyPage(page, server.url);
  // One submission delivered at once, and one made offline that fails at least once and is
  // delivered when the phone is back online.
  await survey.open('shuangjian-2023');
  await survey.fillToEnd();
  await survey.submit();
  assert.match(await survey.receiptCode(), RECEIPT);
  await survey.open('yingshang-2023');
  await survey.fillToEnd();
  await page.context().setOffline(true);
  await survey.submit();
  await page.getByTestId('attempts').waitFor({ timeout: 10_000 });
  await page.context().setOffline(false);
  assert.match(await survey.receiptCode(), RECEIPT);
  // Reloading the receipt sends nothing again.
  await page.reload();
  assert.match(await survey.receiptCode(), RECEIPT);
  await page.close();
  const oneMore = (id) => (before[id] ?? 0) + 1;
  assert.deepEqual(server.storedCounts(), {
    ...before,
    'shuangjian-2023': oneMore('shuangjian-2023'),
    'yingshang-2023': oneMore('yingshang-2023'),
  });
});
