// Publication through the real UI against the real server and database: staff review the
// free text, close and publish; the public page (no sign-in, on a phone, a page from the
// server that reads the same with JavaScript off) shows figures that an independent
// recomputation from the downloaded data reproduces, digests that match the files and the
// audit chain, and no small group anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer } from './support/server.mjs';
import { launchDesktop, launchPhone, freshPage, closeAll, ARTIFACTS } from './support/browser.mjs';
import { DashboardPage } from './pages/dashboard_page.mjs';
import { PublicPage } from './pages/public_page.mjs';
import { SurveyPage } from './pages/survey_page.mjs';
import { axeViolations, serious } from './support/axe.mjs';
import { surveyIndex, itemFigures, groupSizes, items } from './support/recompute.mjs';
import { xlsxText } from './support/xlsx.mjs';

const STAFF = { username: 'li.staff', password: 'another long staff password' };
const RESPONSES = 30;
const SMALL_TOWN = '高新技术产业开发区';
let server;
let desktop;
let phone;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function submit(surveyId, answers) {
  const res = await fetch(`${server.url}/api/surveys/${surveyId}/responses`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: crypto.randomUUID(), answers }),
  });
  assert.equal(res.status, 201, await res.text());
}

before(async () => {
  server = await startServer({
    prepare(cli) {
      cli(['user', 'add', STAFF.username, '--role', 'staff'], { MANYI_PASSWORD: STAFF.password });
    },
  });
  desktop = await launchDesktop();
  phone = await launchPhone();
  const samples = server.sampleAnswers('yingshang-2023', RESPONSES, 21);
  for (const [i, answers] of samples.entries()) {
    // Two enterprises from the 高新区: too few to show on their own.
    answers.town = i < 2 ? 'gaoxin' : (answers.town === 'gaoxin' ? 'nanhu' : answers.town);
    delete answers.suggestions;
    delete answers.nps_reason;
    if (i < 3) answers.suggestions = `第${i}条建议：审批材料再精简一些`;
    await submit('yingshang-2023', answers);
  }
});

after(() => closeAll(desktop, phone, server));

async function auditChain(surveyId) {
  return (await fetch(`${server.url}/api/surveys/${surveyId}/audit`)).json();
}

/** The data file is the one the digest was taken of; both digests, and the chain's head
 * at publication, are in the audit chain. The data file's bytes. */
async function digestsMatch(pub) {
  const file = await pub.download('download-data-json');
  assert.equal(sha256(file), await pub.text('data-digest'));
  const chain = await auditChain('yingshang-2023');
  const closed = JSON.parse(chain.find((e) => e.action === 'close').detail);
  const published = JSON.parse(chain.find((e) => e.action === 'publish').detail);
  assert.equal(published.data_digest, await pub.text('data-digest'));
  assert.equal(closed.digest, await pub.text('frozen-digest'));
  assert.equal(closed.responses, RESPONSES);
  const head = await pub.text('audit-head');
  assert.ok(chain.some((e) => e.hash === head), `head ${head}`);
  return file;
}

/** Every headline figure, recomputed here from the data alone; no group smaller than 5, on
 * the page or in the data (the 高新区 is merged away). */
async function figuresMatchTheData(pub, page, file) {
  const data = JSON.parse(file.toString('utf8'));
  assert.equal(data.records.length, RESPONSES);
  const recomputed = surveyIndex(data);
  assert.equal(await pub.text('public-index'), recomputed.index.toFixed(1));
  for (const [name, value] of Object.entries(recomputed.dimensions)) {
    assert.equal(await pub.text(`public-dimension-${name}`), value.toFixed(1), name);
  }
  const overall = itemFigures(data.records, items(data.survey).find((i) => i.id === 'overall'));
  assert.equal(await pub.text('public-overall-rate'), `${(overall.satisfaction * 100).toFixed(1)}%`);
  const towns = groupSizes(data, 'town');
  assert.ok(!('gaoxin' in towns), 'the small town is in the data');
  for (const [town, n] of Object.entries(towns)) {
    assert.ok(n >= 5, `${town}: ${n}`);
    assert.equal(await pub.text(`group-n-town-${town}`), String(n), town);
  }
  assert.equal(await page.getByTestId('group-n-town-gaoxin').count(), 0);
  assert.equal(await page.getByTestId('groups-town').getByText(SMALL_TOWN).count(), 0);
}

test('staff approve one suggestion, close and publish; the public page recomputes from its data', async () => {
  const staff = await freshPage(desktop);
  const dashboard = new DashboardPage(staff, server.url);
  await dashboard.signIn(STAFF.username, STAFF.password);
  await staff.goto(`${server.url}/staff/s/yingshang-2023`);
  await dashboard.waitForText('figure-responses', RESPONSES);
  await dashboard.view('questions');
  const review = staff.getByTestId('text-review');
  await review.locator('li', { hasText: '第0条建议' }).getByText('同意公开').click();
  await review.locator('li', { hasText: '第1条建议' }).getByText('不公开').click();
  await staff.getByTestId('save-text-review').click();
  await staff.getByText('已保存：同意公开 1 条，不公开 1 条').waitFor();

  staff.on('dialog', (d) => d.accept());
  await dashboard.closeAndPublish();
  await staff.screenshot({ path: join(ARTIFACTS, 'dashboard-published.png'), fullPage: true });

  const page = await freshPage(phone);
  const pub = new PublicPage(page, server.url);
  await pub.open('yingshang-2023');
  assert.equal(await pub.text('public-responses'), String(RESPONSES));

  const file = await digestsMatch(pub);
  await figuresMatchTheData(pub, page, file);
  const downloads = {
    'data.json': file.toString('utf8'),
    'data.csv': (await pub.download('download-data-csv')).toString('utf8'),
    'figures.csv': (await pub.download('download-figures-csv')).toString('utf8'),
    'figures.xlsx': xlsxText(await pub.download('download-figures-xlsx')),
    // The method note names the options merged into 其他（合并）; no figure of them is anywhere.
    'figures.json': JSON.stringify({ ...JSON.parse(await pub.download('download-figures-json')), coarsening: [] }),
  };
  assert.match(await pub.text('suppression-note'), new RegExp(`并入“其他（合并）”：.*${SMALL_TOWN}`));
  for (const [name, text] of Object.entries(downloads)) {
    assert.ok(!text.includes('gaoxin') && !text.includes(`"${SMALL_TOWN}"`) && !text.includes(`,${SMALL_TOWN},`),
      `${name} shows the small town's figures`);
    assert.ok(!text.includes('第1条建议') && !text.includes('第2条建议'), `${name} shows unapproved text`);
  }
  assert.ok(downloads['figures.csv'].includes('其他（合并）'));
  assert.ok(downloads['figures.xlsx'].includes('其他（合并）'));
  await page.getByTestId('texts-suggestions').filter({ hasText: '第0条建议' }).waitFor();

  // Charts drawn, the audit chain verified here in the browser, nothing inaccessible.
  const chart = await pub.chartMarks('chart-dimensions');
  assert.ok(chart.marks > 10 && chart.width > 300, JSON.stringify(chart));
  assert.match(await pub.auditVerdict(), /记录链完整/);
  const violations = await axeViolations(page);
  assert.deepEqual(serious(violations), [], 'public results page');
  if (violations.length) console.log('public page, minor accessibility findings:', violations);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the public page is ${overflow}px wider than a phone`);
  await page.screenshot({ path: join(ARTIFACTS, 'public-results.png'), fullPage: true });

  // `manyi verify` recomputes every figure from the public files alone.
  const [code, report] = server.verify(`${server.url}/results/yingshang-2023`);
  assert.equal(code, 0, report);
  assert.match(report, /每个公布的数字都能由公开数据重新算出/);

  // The list of published results links to it.
  await page.goto(`${server.url}/results`);
  await page.getByTestId('published-yingshang-2023').click();
  await page.getByTestId('public-title').waitFor();
  await Promise.all([staff.close(), page.close()]);
});

test('with JavaScript off the page reads the same: every figure, the digests, the charts', async () => {
  const noScript = await launchPhone({ javaScriptEnabled: false });
  try {
    const page = await freshPage(noScript);
    const pub = new PublicPage(page, server.url);
    await pub.open('yingshang-2023');
    assert.equal(await pub.text('public-responses'), String(RESPONSES));
    await figuresMatchTheData(pub, page, await digestsMatch(pub));
    assert.match(await pub.text('suppression-note'), new RegExp(`并入“其他（合并）”：.*${SMALL_TOWN}`));
    await page.getByTestId('texts-suggestions').filter({ hasText: '第0条建议' }).waitFor();
    const chart = await pub.chartMarks('chart-dimensions');
    assert.ok(chart.marks > 10 && chart.width > 300, JSON.stringify(chart));
    // The check needs the script: its button stays hidden; the chain's link is there.
    assert.equal(await page.getByRole('button', { name: '核对操作记录' }).count(), 0);
    assert.ok(await page.getByRole('link', { name: '下载记录链（JSON）' }).isVisible());
    await page.screenshot({ path: join(ARTIFACTS, 'public-results-no-js.png'), fullPage: true });
    // Printed, it is a report: no bar, no buttons or chart links; the figures and the
    // downloads' addresses stay.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.top-bar').isVisible(), false, 'the bar is printed');
    assert.equal(await page.getByText('下载图表（SVG）').first().isVisible(), false, 'chart links are printed');
    assert.ok(await page.getByTestId('public-index').isVisible());
    await page.pdf({ path: join(ARTIFACTS, 'public-results.pdf') });
    await page.emulateMedia({ media: 'screen' });
    // The list reads without JavaScript too.
    await page.goto(`${server.url}/results`);
    await page.getByTestId('published-yingshang-2023').click();
    await page.getByTestId('public-title').waitFor();
    await page.close();
  } finally {
    await noScript.close();
  }
});

test('an altered audit entry is caught by the check in the browser', async () => {
  const page = await freshPage(phone);
  await page.route('**/api/surveys/yingshang-2023/audit', async (route) => {
    const response = await route.fetch();
    const chain = await response.json();
    chain[0].detail = chain[0].detail.replace(/\d/, '9');
    await route.fulfill({ response, json: chain });
  });
  const pub = new PublicPage(page, server.url);
  await pub.open('yingshang-2023');
  assert.match(await pub.auditVerdict(), /第 1 条记录校验失败/);
  await page.close();
});

test('a ballot session ends in published verdicts and ballots that recompute the frozen digest', async () => {
  const codes = server.issueCodes('shenji-2023', 4);
  const staff = await freshPage(desktop);
  await new DashboardPage(staff, server.url).ensureSignedIn(STAFF.username, STAFF.password);
  await staff.goto(`${server.url}/staff/s/shenji-2023`);
  await new DashboardPage(staff, server.url).enterAttendance(7, 6);
  const ballot = await freshPage(phone);
  const member = new SurveyPage(ballot, server.url);
  for (const code of codes) {
    await member.openWithCode('shenji-2023', code);
    await member.answerScreen();
    await member.submit();
    await member.receiptCode();
  }
  // One member voted on paper: staff enter the slip, item by item.
  await staff.getByTestId('paper-open').click();
  for (const item of ['report', 'budget', 'special_funds', 'state_assets', 'debt']) {
    await staff.getByTestId(`paper-${item}-satisfied`).check();
  }
  await staff.getByTestId('paper-livelihood-invalid').check();
  await staff.getByTestId('paper-submit').click();
  await staff.getByTestId('paper-message').filter({ hasText: '已录入一张纸质票' }).waitFor({ timeout: 10_000 }).catch(async (e) => {
    throw new Error(`${e.message}\n${await staff.getByTestId('paper-message').innerText().catch(() => 'no message')}`);
  });
  await staff.getByTestId('ballot-meta').filter({ hasText: '纸质 1 张' }).waitFor();
  staff.on('dialog', (d) => d.accept());
  await new DashboardPage(staff, server.url).closeAndPublish({ ballot: true });

  const page = await freshPage(phone);
  const pub = new PublicPage(page, server.url);
  await pub.open('shenji-2023');
  // Every member chose 满意: 5 of 7 members is more than half.
  assert.equal(await pub.text('verdict-report'), '满意');
  assert.match(await pub.text('public-attendance'), /应到 7 人，实到 6 人.*电子票 4 张，纸质票 1 张/);
  const data = JSON.parse((await pub.download('download-data-json')).toString('utf8'));
  assert.equal(data.records.length, 5);
  // Nothing tells which ballot came on paper: only how many did, frozen with the ballots.
  assert.ok(data.records.every((r) => Object.keys(r).join() === 'answers'), 'a record is its answers only');
  assert.deepEqual(data.session, { attendance: { members: 7, present: 6 }, paper_ballots: 1 });
  assert.equal(data.records.filter((r) => !('livelihood' in r.answers)).length, 1, 'the invalid item is blank on one ballot');
  const session = `#session members=7 present=6 paper=1`;
  const lines = data.records
    .map((r) => Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(r.answers).sort()))))
    .concat([Buffer.from(session)])
    .sort(Buffer.compare);
  const digest = sha256(Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
  assert.equal(digest, await pub.text('frozen-digest'));
  const chain = await auditChain('shenji-2023');
  // `manyi verify` checks the same from the public files alone.
  const [code, report] = server.verify(`${server.url}/results/shenji-2023`);
  assert.equal(code, 0, report);
  assert.match(report, /重算的冻结摘要与结束时的一致/);
  assert.match(report, /全部 \d+ 项核对通过/);
  // The page names the chain's head at publication; the public chain holds it.
  const head = await pub.text('audit-head');
  assert.ok(chain.some((e) => e.hash === head && e.action === 'close'), `head ${head}`);
  const logged = chain.filter((e) => e.action === 'paper_ballot');
  assert.equal(logged.length, 1, 'the paper ballot is logged');
  assert.ok(!/satisfied|report/.test(logged[0].detail), `a paper ballot's marks are never logged: ${logged[0].detail}`);
  const ballotViolations = await axeViolations(page);
  assert.deepEqual(serious(ballotViolations), [], `public ballot page: ${JSON.stringify(ballotViolations)}`);
  await page.screenshot({ path: join(ARTIFACTS, 'public-ballot.png'), fullPage: true });
  await Promise.all([staff.close(), ballot.close(), page.close()]);
});
