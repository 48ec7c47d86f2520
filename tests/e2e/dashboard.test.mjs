// The committee's dashboard through the real UI against the real server and database:
// every chart drawn from stored responses, figures equal to the API's, filters, waves,
// and a ballot tallied live on the projector page while members vote on their phones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, ROOT } from './support/server.mjs';
import { launchDesktop, launchPhone, freshPage, closeAll, ARTIFACTS } from './support/browser.mjs';
import { DashboardPage } from './pages/dashboard_page.mjs';
import { axeViolations, serious } from './support/axe.mjs';
import { SurveyPage } from './pages/survey_page.mjs';
import { xlsxText } from './support/xlsx.mjs';

const STAFF = { username: 'wang.staff', password: 'a long staff password' };
const RESPONSES_2023 = 120;
const RESPONSES_2022 = 40;
let server;
let desktop;
let phone;

/** POST answers through the public API, as respondents' browsers do. */
async function submitAll(surveyId, answersList, channel) {
  for (const answers of answersList) {
    const body = { id: crypto.randomUUID(), answers, ...(channel ? { channel } : {}) };
    const res = await fetch(`${server.url}/api/surveys/${surveyId}/responses`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, await res.text());
  }
}

before(async () => {
  server = await startServer({
    prepare(cli, dir) {
      cli(['user', 'add', STAFF.username, '--role', 'staff'], { MANYI_PASSWORD: STAFF.password });
      // Last year's wave of the same survey (same questions, another id), for the comparison.
      const lastYear = JSON.parse(readFileSync(join(ROOT, 'src/domain/templates/yingshang.json'), 'utf8'));
      Object.assign(lastYear, { id: 'yingshang-2022', wave: '2022', title: '2022年度全区营商环境满意度测评' });
      const file = join(dir, 'yingshang-2022.json');
      writeFileSync(file, JSON.stringify(lastYear));
      cli(['survey-add', file, '--status', 'open']);
    },
  });
  desktop = await launchDesktop();
  phone = await launchPhone();
  await submitAll('yingshang-2023', server.sampleAnswers('yingshang-2023', RESPONSES_2023 - 20, 7));
  await submitAll('yingshang-2023', server.sampleAnswers('yingshang-2023', 20, 8), 'dongcheng');
  await submitAll('yingshang-2022', server.sampleAnswers('yingshang-2022', RESPONSES_2022, 9));
});

after(() => closeAll(desktop, phone, server));

test('results need a staff sign-in; a wrong password is refused in Chinese', async () => {
  const res = await fetch(`${server.url}/api/staff/surveys/yingshang-2023/results`);
  assert.equal(res.status, 401);
  const page = await freshPage(desktop);
  await page.goto(`${server.url}/staff/`);
  await page.getByTestId('login-username').fill(STAFF.username);
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').filter({ hasText: '用户名或密码不正确' }).waitFor();
  const violations = await axeViolations(page);
  assert.deepEqual(serious(violations), [], 'sign-in page');
  await page.close();
});

test('the dashboard draws every chart from the stored responses and shows the API figures', async () => {
  const page = await freshPage(desktop);
  const dashboard = new DashboardPage(page, server.url);
  await dashboard.signIn(STAFF.username, STAFF.password);
  await dashboard.openSurvey('yingshang-2023');
  await dashboard.waitForText('figure-responses', RESPONSES_2023);

  const api = await (await page.request.get(`${server.url}/api/staff/surveys/yingshang-2023/results`)).json();
  assert.equal(api.results.responses, RESPONSES_2023);
  assert.equal(await dashboard.text('figure-index'), api.results.index.value.toFixed(1));
  for (const d of api.results.dimensions) {
    assert.equal(await dashboard.text(`figure-dimension-${d.name}`), d.index.value.toFixed(1), d.name);
  }
  const overall = api.results.questions.find((q) => q.id === 'overall').items[0].satisfaction.value;
  assert.equal(await dashboard.text('figure-overall-rate'), `${(overall * 100).toFixed(1)}%`);
  await page.getByTestId('channel-table').filter({ hasText: 'dongcheng' }).waitFor();
  const waves = await (await page.request.get(`${server.url}/api/staff/surveys/yingshang-2023/waves`)).json();
  assert.deepEqual(waves.waves.map((w) => [w.wave, w.responses]), [['2022', RESPONSES_2022], ['2023', RESPONSES_2023]]);

  // Each kind of chart, in the view of its task: progress and ranking in 概览; grades,
  // choices and 0–10 in 题目; breakdown and waves in 分组与对比.
  const views = {
    overview: ['chart-timeline', 'chart-dimensions'],
    questions: ['chart-zwfw_efficiency', 'chart-ent_size', 'chart-improve', 'chart-nps'],
    groups: ['chart-breakdown', 'chart-waves'],
  };
  for (const [view, charts] of Object.entries(views)) {
    await dashboard.view(view);
    for (const chart of charts) {
      const ink = await dashboard.inkRatio(chart);
      assert.ok(ink > 0.01, `${view}: ${chart} has nothing drawn (${ink})`);
    }
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${view}.png`), fullPage: true });
    const violations = await axeViolations(page);
    assert.deepEqual(serious(violations), [], `dashboard, ${view}`);
    if (violations.length) console.log(`dashboard ${view}, minor accessibility findings:`, violations);
  }
  // The breakdown compares any index: the survey's by default, here one dimension's.
  const breakdown = page.getByTestId('chart-breakdown');
  const bySurvey = await breakdown.getAttribute('aria-label');
  await page.getByTestId('breakdown-figure').selectOption('dimension:政务服务');
  await page.waitForFunction((before) =>
    document.querySelector('[data-testid="chart-breakdown"]').getAttribute('aria-label') !== before, bySurvey);
  const byTown = await (await page.request.get(`${server.url}/api/staff/surveys/yingshang-2023/breakdown?by=town`)).json();
  const first = byTown.groups[0];
  const zwfw = first.results.dimensions.find((d) => d.name === '政务服务').index.value.toFixed(1);
  assert.ok((await breakdown.getAttribute('aria-label')).startsWith(`${first.label} ${zwfw}`), 'first group, 政务服务');
  assert.ok(await dashboard.inkRatio('chart-breakdown') > 0.01);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

  // 发放 and 流程与记录: the survey's link, the lifecycle and the audit chain.
  await dashboard.view('distribution');
  await page.getByTestId('survey-link').waitFor();
  await dashboard.view('process');
  await page.getByTestId('lifecycle').waitFor();
  await page.getByTestId('audit-verdict').waitFor();
  for (const view of ['distribution', 'process']) {
    await dashboard.view(view);
    assert.deepEqual(serious(await axeViolations(page)), [], `dashboard, ${view}`);
  }

  // Each view has its own address: a link opens that view, its tab marked.
  await page.goto(`${server.url}/staff/s/yingshang-2023/groups`);
  await page.locator('[data-testid="view-groups"][aria-current="page"]').waitFor();
  assert.ok(await dashboard.inkRatio('chart-breakdown') > 0.01, 'a link to 分组与对比 draws the breakdown');
  assert.equal(await page.getByTestId('lifecycle').count(), 0, 'only the view the address names');

  // On a laptop screen the views use its width: the overview's two columns side by side.
  await dashboard.view('overview');
  const [left, right] = await page.locator('.view-columns > div').evaluateAll((cols) =>
    cols.map((c) => c.getBoundingClientRect().left));
  assert.ok(right - left > 400, `the overview's columns stand side by side (${left}, ${right})`);
  await page.close();
});

test('a filter on a profile answer narrows every figure to the API\'s filtered figures', async () => {
  const page = await freshPage(desktop);
  const dashboard = new DashboardPage(page, server.url);
  await dashboard.ensureSignedIn(STAFF.username, STAFF.password);
  await page.goto(`${server.url}/staff/s/yingshang-2023`);
  await dashboard.waitForText('figure-responses', RESPONSES_2023);
  const filtered = await (await page.request.get(
    `${server.url}/api/staff/surveys/yingshang-2023/results?filter=${encodeURIComponent('ent_size:small')}`)).json();
  assert.ok(filtered.results.responses > 0 && filtered.results.responses < RESPONSES_2023);
  await dashboard.filter('ent_size', 'small');
  await dashboard.waitForText('figure-responses', filtered.results.responses);
  assert.equal(await dashboard.text('figure-index'), filtered.results.index.value.toFixed(1));
  // The filter holds across views: 题目 shows the filtered charts.
  await dashboard.view('questions');
  assert.equal(await page.getByTestId('filter-ent_size').inputValue(), 'small');
  const before = await dashboard.inkRatio('chart-ent_size');
  assert.ok(before > 0.005, 'the filtered chart is drawn');
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-filtered.png'), fullPage: true });
  await page.getByTestId('filter-clear').click();
  await dashboard.view('overview');
  await dashboard.waitForText('figure-responses', RESPONSES_2023);

  // Down to a tablet held upright: nothing wider than the screen, charts redrawn to fit.
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a tablet`);
  const canvasWidth = await page.getByTestId('chart-dimensions').evaluate((c) => c.getBoundingClientRect().width);
  assert.ok(canvasWidth <= 768, `chart ${canvasWidth}px wide`);
  assert.ok(await dashboard.inkRatio('chart-dimensions') > 0.01);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-tablet.png') });
  for (const view of ['questions', 'groups', 'distribution', 'process']) {
    await dashboard.view(view);
    await page.waitForTimeout(300);
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wider <= 0, `${view} is ${wider}px wider than a tablet`);
  }
  await page.close();
});

test('an export downloads every response while the page follows it to the end', async () => {
  const page = await freshPage(desktop);
  const dashboard = new DashboardPage(page, server.url);
  await dashboard.ensureSignedIn(STAFF.username, STAFF.password);
  await page.goto(`${server.url}/staff/s/yingshang-2022`);
  await dashboard.waitForText('figure-responses', RESPONSES_2022);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  const sheet = xlsxText(readFileSync(await download.path()));
  assert.ok(sheet.includes('答卷编号'), 'the workbook has its header');
  await page.getByTestId('job-summary').filter({ hasText: '已完成' }).waitFor();

  // An export the server refuses says why on the page, not only in the downloads bar.
  await page.goto(`${server.url}/staff/s/shenji-2023`);
  await page.getByTestId('dashboard-title').waitFor();
  await page.getByTestId('export-csv').click();
  await page.getByTestId('job-summary').filter({ hasText: '未完成：投票结束前不能导出测评票' }).waitFor();
  await page.close();
});

test('a new response appears on an open dashboard without a reload', async () => {
  const page = await freshPage(desktop);
  const dashboard = new DashboardPage(page, server.url);
  await dashboard.ensureSignedIn(STAFF.username, STAFF.password);
  await page.goto(`${server.url}/staff/s/shuangjian-2023`);
  await dashboard.waitForText('figure-responses', 0);
  // 题目 is open when the responses arrive: its chart is redrawn in place.
  await dashboard.view('questions');
  const chart = page.getByTestId('chart-after_school_service');
  const empty = await chart.getAttribute('aria-label');
  await submitAll('shuangjian-2023', server.sampleAnswers('shuangjian-2023', 3, 11));
  await page.waitForFunction((before) => document.querySelector(
    '[data-testid="chart-after_school_service"]').getAttribute('aria-label') !== before, empty);
  assert.ok(await dashboard.inkRatio('chart-after_school_service') > 0.01, 'the matrix is drawn');
  // A live update keeps the page as it is: the tab keeps the focus it was given.
  await page.getByTestId('view-questions').focus();
  await submitAll('shuangjian-2023', server.sampleAnswers('shuangjian-2023', 1, 12));
  await dashboard.view('overview');
  await dashboard.waitForText('figure-responses', 4);
  await page.getByTestId('view-overview').focus();
  await submitAll('shuangjian-2023', server.sampleAnswers('shuangjian-2023', 1, 13));
  await dashboard.waitForText('figure-responses', 5);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'view-overview',
    'the focus stays through a live update');
  await page.close();
});

test('ballots cast on phones are counted live on the projector without per-item figures; closing shows the verdicts', async () => {
  const codes = server.issueCodes('shenji-2023', 3);
  const staffPage = await freshPage(desktop);
  await new DashboardPage(staffPage, server.url).ensureSignedIn(STAFF.username, STAFF.password);
  await staffPage.goto(`${server.url}/staff/s/shenji-2023`);
  await staffPage.getByTestId('attendance-form').waitFor();
  await staffPage.getByTestId('attendance-members').fill('5');
  await staffPage.getByTestId('attendance-present').fill('4');
  await staffPage.getByTestId('attendance-save').click();
  await staffPage.getByText('已保存').waitFor();

  const tally = await freshPage(desktop);
  await tally.setViewportSize({ width: 1600, height: 900 });
  await tally.goto(`${server.url}/staff/s/shenji-2023/tally`);
  const projector = new DashboardPage(tally, server.url);
  await projector.waitForText('tally-count', 0);

  const ballot = await freshPage(phone);
  const member = new SurveyPage(ballot, server.url);
  // What a proxy's log would see of each ballot: its length, the same whatever the marks.
  const lengths = [];
  ballot.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/responses')) lengths.push(Buffer.byteLength(r.postData() ?? ''));
  });
  for (const [i, code] of codes.entries()) {
    await member.openWithCode('shenji-2023', code);
    if (i === 1) await ballot.getByTestId('question-report').locator('label.option').nth(1).click();
    // The code is taken out of the address bar (and so out of the history).
    assert.ok(!ballot.url().includes(code), ballot.url());
    await member.answerScreen();
    await member.submit();
    await member.receiptCode();
    // Once accepted, the phone keeps neither the code nor the marks.
    const stored = await member.storedLocally();
    for (const secret of [code, 'satisfied', 'basic', 'unsatisfied']) {
      assert.ok(!stored.includes(secret), `local storage keeps ${secret}: ${stored}`);
    }
    await projector.waitForText('tally-count', i + 1);
    await staffPage.getByTestId('ballot-meta').filter({ hasText: `已收回测评票 ${i + 1} 张` }).waitFor({ timeout: 15_000 });
  }
  assert.deepEqual(lengths, [1024, 1024, 1024], 'every ballot is sent padded to one length');
  // While the vote is open, the projector and the dashboard show only the count.
  assert.match(await projector.text('tally-state'), /进行中/);
  await tally.getByTestId('tally-sealed').waitFor();
  assert.equal(await tally.getByTestId('chart-tally').count(), 0);
  assert.equal(await tally.locator('[data-testid^="verdict-"]').count(), 0);
  await staffPage.getByTestId('ballot-sealed').waitFor();
  assert.equal(await staffPage.getByTestId('chart-ballot').count(), 0);
  const sealed = await (await tally.request.get(`${server.url}/api/staff/surveys/shenji-2023/ballot`)).json();
  assert.equal(sealed.outcome, null);
  assert.equal(sealed.progress.electronic_ballots, 3);

  // Close from the dashboard; the projector shows the verdicts without a reload.
  staffPage.on('dialog', (d) => d.accept());
  await staffPage.getByTestId('ballot-toggle').click();
  await tally.getByTestId('verdict-report').waitFor({ timeout: 15_000 });
  // The report: 2 满意 and 1 基本满意 of 5 members — 满意 alone is not more than half, with
  // 基本满意 it is: 基本满意. Every other item: 3 满意 of 5, 满意.
  assert.equal(await projector.text('verdict-report'), '基本满意');
  assert.equal(await projector.text('verdict-budget'), '满意');
  assert.ok(await projector.inkRatio('chart-tally') > 0.01);
  const api = await (await tally.request.get(`${server.url}/api/staff/surveys/shenji-2023/ballot`)).json();
  assert.equal(api.status, 'closed');
  assert.equal(api.outcome.items[0].verdict, 'basic');
  await tally.screenshot({ path: join(ARTIFACTS, 'tally.png'), fullPage: true });
  // The code batch, the attendance and the closing are in the survey's audit chain, which
  // the dashboard verifies in the browser.
  await new DashboardPage(staffPage, server.url).view('process');
  await staffPage.getByTestId('audit-verdict').filter({ hasText: '记录链完整：3 条' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(serious(await axeViolations(tally)), [], 'tally');
  assert.deepEqual(serious(await axeViolations(staffPage)), [], 'ballot dashboard, 流程与记录');
  await new DashboardPage(staffPage, server.url).view('overview');
  await staffPage.getByTestId('ballot-meta').waitFor();
  assert.deepEqual(serious(await axeViolations(staffPage)), [], 'ballot dashboard, 概览');
  assert.equal(await staffPage.getByTestId('view-groups').count(), 0, 'a ballot has no 分组 view');
  await staffPage.screenshot({ path: join(ARTIFACTS, 'dashboard-ballot.png'), fullPage: true });
  await Promise.all([staffPage.close(), tally.close(), ballot.close()]);
});
