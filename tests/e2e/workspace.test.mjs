// A whole evaluation run from the committee's workspace, with no file or database touched by
// hand: staff build a survey in the builder, open it, hand out a channel link, a respondent
// answers on a phone, staff close and publish, and the public page is checked against the
// downloaded data. Then a ballot session runs on codes printed from the code sheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './support/server.mjs';
import { launchDesktop, launchPhone, freshPage, closeAll, ARTIFACTS } from './support/browser.mjs';
import { DashboardPage } from './pages/dashboard_page.mjs';
import { BuilderPage } from './pages/builder_page.mjs';
import { PublicPage } from './pages/public_page.mjs';
import { SurveyPage } from './pages/survey_page.mjs';
import { axeViolations, serious } from './support/axe.mjs';
import { surveyIndex, groupSizes } from './support/recompute.mjs';
import { xlsxText } from './support/xlsx.mjs';

const STAFF = { username: 'wang.staff', password: 'a long enough staff password' };
const ID = 'bianmin-2026';
let server;
let desktop;
let phone;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

before(async () => {
  server = await startServer({
    prepare(cli) {
      cli(['user', 'add', STAFF.username, '--role', 'staff'], { MANYI_PASSWORD: STAFF.password });
    },
  });
  desktop = await launchDesktop();
  phone = await launchPhone();
});

after(() => closeAll(desktop, phone, server));

async function submit(answers, channel) {
  const res = await fetch(`${server.url}/api/surveys/${ID}/responses`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: crypto.randomUUID(), answers, ...(channel ? { channel } : {}) }),
  });
  assert.equal(res.status, 201, await res.text());
}

/** Build the 便民服务 survey: profile, a show-if follow-up, rated items moved into order. */
async function buildSurvey(builder) {
  await builder.settings({ title: '2026年度街道便民服务满意度测评', id: ID, wave: '2026' });
  await builder.section(0, '基本情况');
  await builder.question(0, 0, {
    title: '您所在的街道', id: 'street', profile: true,
    options: [['chengguan', '城关街道'], ['nanhu', '南湖街道'], ['gaoxin', '高新区']],
  });
  await builder.addQuestion(0);
  await builder.question(0, 1, { title: '近一年是否到政务服务窗口办理过业务', id: 'visited', options: [['yes', '是'], ['no', '否']] });
  await builder.addQuestion(0);
  await builder.question(0, 2, { kind: 'long_text', title: '对窗口服务的意见和建议', id: 'window', required: false });
  await builder.showIf(0, 2, 'visited', 'yes');
  await builder.addSection();
  await builder.section(1, '服务评价');
  await builder.question(1, 0, { kind: 'scale', title: '窗口工作人员态度', id: 'attitude', dimension: '服务' });
  await builder.addQuestion(1);
  await builder.question(1, 1, { kind: 'scale', title: '办事效率', id: 'speed', dimension: '效率' });
  // Efficiency first: move it up.
  await builder.page.getByRole('button', { name: '上移第 5 题' }).click();
  await builder.addQuestion(1);
  await builder.question(1, 2, { kind: 'scale', title: '总体满意度', id: 'overall' });
  // Every other kind, optional, on a last screen.
  await builder.addSection();
  await builder.section(2, '其他情况');
  for (const [i, [kind, id, title]] of EXTRA_KINDS.entries()) {
    if (i > 0) await builder.addQuestion(2);
    await builder.question(2, i, { kind, id, title, required: false });
  }
}

const EXTRA_KINDS = [
  ['multiple_choice', 'services', '您办理过哪些业务'],
  ['dropdown', 'age', '您的年龄段'],
  ['matrix', 'facilities', '对以下服务设施的评价'],
  ['nps', 'recommend', '您向亲友推荐到服务中心办事的可能性'],
  ['number', 'visits', '办成一件事平均跑几次'],
  ['short_text', 'place', '您最常去的服务点'],
];

test('a survey built in the builder runs from a channel link to the public page', async () => {
  const staff = await freshPage(desktop);
  staff.on('dialog', (d) => d.accept());
  await new DashboardPage(staff, server.url).signIn(STAFF.username, STAFF.password);
  const builder = new BuilderPage(staff, server.url);
  await builder.openNew();

  // An empty save names what is missing, in Chinese, by place.
  await builder.field('save-survey').click();
  const missing = await builder.problems();
  assert.ok(missing.some((p) => p.includes('基本信息') && p.includes('请填写测评标题')), missing.join('\n'));

  await buildSurvey(builder);
  assert.equal(await builder.q(1, 0, 'id').inputValue(), 'speed', 'moved up');

  // The phone preview shows the survey at phone width, with show-if working.
  const preview = builder.preview();
  assert.ok((await preview.boundingBox()).width <= 390);
  await preview.getByText('城关街道').waitFor();
  assert.equal(await preview.getByTestId('question-window').count(), 0);
  await preview.getByTestId('question-visited').getByText('是', { exact: true }).click();
  await preview.getByTestId('question-window').waitFor();
  await preview.getByTestId('question-visited').getByText('否', { exact: true }).click();
  await preview.getByTestId('question-window').waitFor({ state: 'detached' });
  await builder.field('preview-section').selectOption('1');
  const previewOrder = await preview.locator('[data-testid^="question-"][data-kind]').evaluateAll((n) => n.map((x) => x.dataset.testid));
  assert.deepEqual(previewOrder, ['question-speed', 'question-attitude', 'question-overall']);
  await builder.field('preview-section').selectOption('2');
  const previewKinds = await preview.locator('[data-testid^="question-"][data-kind]').evaluateAll((n) => n.map((x) => x.dataset.kind));
  assert.deepEqual(previewKinds, EXTRA_KINDS.map(([kind]) => kind));

  // Export the definition, then import a broken file and a file with mistakes, then the good one.
  const [download] = await Promise.all([staff.waitForEvent('download'), builder.field('export-definition').click()]);
  const exported = readFileSync(await download.path(), 'utf8');
  const definition = JSON.parse(exported);
  assert.equal(definition.id, ID);
  assert.deepEqual(definition.sections[1].questions.map((q) => q.id), ['speed', 'attitude', 'overall']);
  assert.deepEqual(definition.sections[0].questions[2].show_if, { op: 'equals', question: 'visited', value: 'yes' });
  const broken = join(ARTIFACTS, 'broken-definition.json');
  writeFileSync(broken, exported.replace('"sections"', '"sections" "oops"'));
  await builder.field('import-definition').setInputFiles(broken);
  await builder.field('builder-message').filter({ hasText: /第 \d+ 行第 \d+ 列/ }).waitFor();
  const untitled = join(ARTIFACTS, 'untitled-definition.json');
  writeFileSync(untitled, JSON.stringify({ ...definition, title: '' }));
  await builder.field('import-definition').setInputFiles(untitled);
  await builder.field('definition-problems').filter({ hasText: '请填写测评标题' }).waitFor();
  const good = join(ARTIFACTS, 'good-definition.json');
  writeFileSync(good, exported);
  await builder.field('import-definition').setInputFiles(good);
  await builder.field('definition-problems').waitFor({ state: 'hidden' });
  await staff.screenshot({ path: join(ARTIFACTS, 'builder.png'), fullPage: true });
  const builderViolations = await axeViolations(staff);
  assert.deepEqual(serious(builderViolations), [], `builder: ${JSON.stringify(builderViolations)}`);

  // Create (a draft), open, hand out a channel link.
  await builder.field('save-survey').click();
  await staff.waitForURL(`${server.url}/staff/s/${ID}`);
  const dashboard = new DashboardPage(staff, server.url);
  await dashboard.view('distribution');
  await staff.getByTestId('draft-link-note').waitFor();
  assert.equal((await fetch(`${server.url}/api/surveys/${ID}`)).status, 404, 'a draft is not public');
  await dashboard.view('process');
  await staff.getByTestId('open-survey').click();
  await staff.getByTestId('close-survey').waitFor();
  await dashboard.view('distribution');
  await staff.getByTestId('draft-link-note').waitFor({ state: 'detached' });
  await staff.getByTestId('channel-label').fill('城关街道社区服务中心');
  await staff.getByTestId('channel-id').fill('chengguan');
  await staff.getByTestId('add-channel').click();
  const link = await staff.getByTestId('channel-link-chengguan').inputValue();
  assert.equal(link, `${server.url}/s/${ID}?c=chengguan`);
  const qrLoaded = await staff.locator('img.qr').evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(qrLoaded, 'the survey QR code is drawn');
  const dashboardViolations = await axeViolations(staff);
  assert.deepEqual(serious(dashboardViolations), [], `dashboard: ${JSON.stringify(dashboardViolations)}`);

  // Answers are taken from an hour ago until tomorrow (Beijing time).
  const beijing = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
  await staff.getByTestId('schedule-opens').fill(beijing(Date.now() - 3600_000));
  await staff.getByTestId('schedule-closes').fill(beijing(Date.now() + 86_400_000));
  await staff.getByTestId('save-schedule').click();
  await staff.getByTestId('schedule-current').filter({ hasText: '至' }).waitFor();

  // A resident opens the channel link on a phone and answers every screen.
  const resident = await freshPage(phone);
  await resident.goto(link);
  const form = new SurveyPage(resident, server.url);
  await resident.getByTestId('survey-form').waitFor();
  assert.match(await resident.getByTestId('survey-window').innerText(), /^填写时间：.* 至 .*（北京时间）$/);
  await form.fillToEnd();
  await form.submit();
  await form.receiptCode();
  const overflow = await resident.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false);

  // More residents, by the API: two from the small 高新区.
  const answers = (street, i) => ({ street, visited: 'no', speed: String(1 + (i % 5)), attitude: String(1 + ((i * 3) % 5)), overall: String(1 + ((i + 2) % 5)) });
  for (let i = 0; i < 6; i++) await submit(answers('chengguan', i), i < 4 ? 'chengguan' : undefined);
  for (let i = 0; i < 5; i++) await submit(answers('nanhu', i + 6));
  for (let i = 0; i < 2; i++) await submit(answers('gaoxin', i + 11));
  await staff.reload();
  await staff.getByTestId('channel-count-chengguan').filter({ hasText: '5' }).waitFor();

  // Editing a survey with answers makes a new draft version; the answered one stays.
  await staff.getByTestId('edit-survey').click();
  await staff.getByTestId('version-note').waitFor();
  await builder.q(1, 2, 'title').fill('总体而言，您对便民服务是否满意');
  await builder.field('save-survey').click();
  await staff.waitForURL(`${server.url}/staff/s/${ID}-v2/edit`);
  await builder.field('builder-message').filter({ hasText: `${ID}-v2` }).waitFor();
  const original = await (await staff.request.get(`${server.url}/api/staff/surveys/${ID}/definition`)).json();
  assert.equal(original.survey.sections[1].questions[2].title, '总体满意度');
  assert.equal(original.responses, 14);

  // Close and publish the answered survey.
  await staff.goto(`${server.url}/staff/s/${ID}`);
  await new DashboardPage(staff, server.url).closeAndPublish();

  // The public page, on a phone: figures recomputed from the published data, digests, suppression.
  const page = await freshPage(phone);
  const pub = new PublicPage(page, server.url);
  await pub.open(ID);
  assert.equal(await pub.text('public-responses'), '14');
  const file = await pub.download('download-data-json');
  assert.equal(sha256(file), await pub.text('data-digest'));
  const chain = await (await fetch(`${server.url}/api/surveys/${ID}/audit`)).json();
  assert.deepEqual(chain.map((e) => e.action).slice(0, 5), ['create', 'open', 'channel', 'schedule', 'edit']);
  assert.equal(JSON.parse(chain.find((e) => e.action === 'close').detail).digest, await pub.text('frozen-digest'));
  const data = JSON.parse(file.toString('utf8'));
  assert.equal(data.records.length, 14);
  const recomputed = surveyIndex(data);
  assert.equal(await pub.text('public-index'), recomputed.index.toFixed(1));
  for (const [name, value] of Object.entries(recomputed.dimensions)) {
    assert.equal(await pub.text(`public-dimension-${name}`), value.toFixed(1), name);
  }
  for (const [group, n] of Object.entries(groupSizes(data, 'street'))) assert.ok(n >= 5, `${group}: ${n}`);
  assert.ok((await pub.chartMarks('chart-dimensions')).marks > 10, 'the dimension chart is drawn');
  const files = {
    'data.json': file.toString('utf8'),
    'data.csv': (await pub.download('download-data-csv')).toString('utf8'),
    'figures.csv': (await pub.download('download-figures-csv')).toString('utf8'),
    'figures.xlsx': xlsxText(await pub.download('download-figures-xlsx')),
  };
  for (const [name, text] of Object.entries(files)) {
    assert.ok(!text.includes('高新区') && !text.includes('gaoxin'), `${name} names the small group`);
  }
  assert.equal(await page.getByTestId('groups-street').getByText('高新区').count(), 0);
  assert.equal(await pub.auditVerdict(), `记录链完整：${chain.length} 条记录的哈希逐条校验通过`);
  const violations = await axeViolations(page);
  assert.deepEqual(serious(violations), [], JSON.stringify(violations));
  await page.close();
  await resident.close();
  await staff.close();
});

test('a ballot session runs on codes printed from the code sheet', async () => {
  const staff = await freshPage(desktop);
  staff.on('dialog', (d) => d.accept());
  await new DashboardPage(staff, server.url).ensureSignedIn(STAFF.username, STAFF.password);
  await staff.goto(`${server.url}/staff/s/shenji-2023/distribution`);

  // Print a sheet of six codes.
  await staff.getByTestId('code-count').fill('6');
  await staff.getByTestId('code-label').fill('第二十次会议');
  await staff.getByTestId('issue-codes').click();
  const slips = staff.getByTestId('code-slip');
  await slips.first().waitFor();
  assert.equal(await slips.count(), 6);
  const codes = await staff.getByTestId('slip-code').allInnerTexts();
  const links = await staff.getByTestId('slip-link').allInnerTexts();
  assert.deepEqual(links, codes.map((c) => `${server.url}/s/shenji-2023#code=${c}`));
  const slipQrDrawn = await slips.locator('img').evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0));
  assert.ok(slipQrDrawn, 'every slip has its QR code');
  const csvHref = await staff.getByTestId('download-codes-csv').getAttribute('href');
  const csv = decodeURIComponent(csvHref.slice(csvHref.indexOf(',') + 1));
  for (const code of codes) assert.ok(csv.includes(code));
  await staff.screenshot({ path: join(ARTIFACTS, 'code-sheet.png'), fullPage: true });
  const sheetViolations = await axeViolations(staff);
  assert.deepEqual(serious(sheetViolations), [], `code sheet: ${JSON.stringify(sheetViolations)}`);

  // One slip is lost: revoke it.
  await staff.getByTestId('revoke-code-input').fill(codes[5]);
  await staff.getByTestId('revoke-code').click();
  await staff.getByTestId('codes-message').filter({ hasText: '已作废该测评码' }).waitFor();

  await new DashboardPage(staff, server.url).enterAttendance(7, 5);

  // Four members vote on their phones from the slips' links; two rate the report 基本满意.
  const member = await freshPage(phone);
  const ballot = new SurveyPage(member, server.url);
  for (const [i, link] of links.slice(0, 4).entries()) {
    await member.goto(link);
    await member.getByTestId('survey-form').waitFor();
    await ballot.answerScreen();
    if (i < 2) await member.getByTestId('question-report').locator('label.option').nth(1).click();
    await ballot.submit();
    await ballot.receiptCode();
  }
  // The lost slip no longer votes.
  await member.goto(links[5]);
  await member.getByTestId('survey-form').waitFor();
  await ballot.answerScreen();
  await ballot.submit();
  await member.getByText(/已作废/).first().waitFor();

  // While the vote is open the sheet tells nothing of which slips were used.
  const dashboard = new DashboardPage(staff, server.url);
  await staff.reload();
  await dashboard.view('distribution');
  await staff.getByTestId('batch-1-spent').filter({ hasText: '投票结束后显示' }).waitFor();
  await dashboard.closeAndPublish({ ballot: true });
  await staff.reload();
  await dashboard.view('distribution');
  await staff.getByTestId('batch-1-spent').filter({ hasText: '4' }).waitFor();
  assert.equal(await staff.getByTestId('batch-1-revoked').innerText(), '1');

  const page = await freshPage(phone);
  const pub = new PublicPage(page, server.url);
  await pub.open('shenji-2023');
  // Report: 2 满意 + 2 基本满意, not a majority of 满意 but of both: 基本满意. Others: 4 满意.
  assert.equal(await pub.text('verdict-report'), '基本满意');
  assert.equal(await pub.text('verdict-budget'), '满意');
  assert.match(await pub.text('public-attendance'), /应到 7 人，实到 5 人.*电子票 4 张/);
  const chain = await (await fetch(`${server.url}/api/surveys/shenji-2023/audit`)).json();
  assert.ok(chain.some((e) => e.action === 'code_batch'));
  assert.ok(chain.some((e) => e.action === 'code_revoke'));
  assert.ok(!JSON.stringify(chain).includes(codes[0]), 'no code in the audit log');

  // The 基本满意 report goes to a second round: started from the list, linked to the first.
  await staff.goto(`${server.url}/staff/`);
  await staff.getByTestId('copy-link-shenji-2023').click();
  await staff.getByTestId('survey-id').filter({ hasText: '' }).waitFor();
  assert.equal(await staff.getByTestId('survey-id').inputValue(), 'shenji-2023-round2');
  await staff.getByTestId('save-survey').click();
  await staff.waitForURL(`${server.url}/staff/s/shenji-2023-round2`);
  await staff.getByTestId('dashboard-title').waitFor();
  const round2 = await (await staff.request.get(`${server.url}/api/staff/surveys/shenji-2023-round2/definition`)).json();
  assert.deepEqual([round2.status, round2.survey.ballot.round, round2.survey.ballot.previous], ['draft', 2, 'shenji-2023']);
  await page.close();
  await member.close();
  await staff.close();
});
