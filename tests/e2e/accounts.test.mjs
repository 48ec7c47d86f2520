// 账号管理 through the real UI: an admin disables a colleague's account and the dashboard
// the colleague has open is signed out on its next request; the account cannot sign in
// until enabled again; a reset password is shown once and is the one that signs in; an
// account added in the form can sign in; every change is in the audit chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { join } from 'node:path';
import { launchDesktop, freshPage, closeAll, ARTIFACTS } from './support/browser.mjs';
import { DashboardPage } from './pages/dashboard_page.mjs';
import { AccountsPage } from './pages/accounts_page.mjs';
import { axeViolations, serious } from './support/axe.mjs';

const ADMIN = { username: 'li.admin', password: 'a long admin password' };
const STAFF = { username: 'wang.staff', password: 'a long staff password' };
let server;
let adminBrowser;
let staffBrowser;

before(async () => {
  server = await startServer({
    prepare(cli) {
      cli(['user', 'add', ADMIN.username, '--role', 'admin'], { MANYI_PASSWORD: ADMIN.password });
      cli(['user', 'add', STAFF.username, '--role', 'staff'], { MANYI_PASSWORD: STAFF.password });
    },
  });
  // Two profiles: two people, each with their own session cookie.
  adminBrowser = await launchDesktop();
  staffBrowser = await launchDesktop();
});

after(() => closeAll(adminBrowser, staffBrowser, server));

test('account disable ends the open dashboard session at its next request', async () => {
  const staffPage = await freshPage(staffBrowser);
  const staff = new DashboardPage(staffPage, server.url);
  await staff.signIn(STAFF.username, STAFF.password);
  await staffPage.getByTestId('dashboard-link-yingshang-2023').waitFor();
  assert.equal(await staffPage.getByTestId('accounts-link').count(), 0, 'no 账号管理 for staff');

  const adminPage = await freshPage(adminBrowser);
  await new DashboardPage(adminPage, server.url).signIn(ADMIN.username, ADMIN.password);
  const accounts = new AccountsPage(adminPage);
  await accounts.open();
  assert.equal(await accounts.state(STAFF.username), '可登录');
  assert.equal(await accounts.sessions(STAFF.username), 1);
  assert.equal(await adminPage.getByTestId(`account-toggle-${ADMIN.username}`).count(), 0,
    'an admin cannot disable their own account');
  assert.deepEqual(serious(await axeViolations(adminPage)), [], 'accounts page');

  await accounts.disable(STAFF.username);
  assert.equal(await accounts.sessions(STAFF.username), 0);
  await adminPage.screenshot({ path: join(ARTIFACTS, 'accounts.png'), fullPage: true });

  // The colleague's next step asks the server, which no longer knows the session.
  await staffPage.getByTestId('dashboard-link-yingshang-2023').click();
  await staffPage.getByTestId('login-form').waitFor();
  await staffPage.getByTestId('login-username').fill(STAFF.username);
  await staffPage.getByTestId('login-password').fill(STAFF.password);
  await staffPage.getByTestId('login-submit').click();
  await staffPage.getByTestId('login-error').filter({ hasText: '该账号已停用' }).waitFor();

  await accounts.enable(STAFF.username);
  await staffPage.getByTestId('login-submit').click();
  await staffPage.getByTestId('signed-in-as').waitFor();
  await staffPage.close();
  await adminPage.close();
});

test('a reset password is shown once and is the only one that signs in', async () => {
  const staffPage = await freshPage(staffBrowser);
  const staff = new DashboardPage(staffPage, server.url);
  await staff.ensureSignedIn(STAFF.username, STAFF.password);
  const adminPage = await freshPage(adminBrowser);
  await new DashboardPage(adminPage, server.url).ensureSignedIn(ADMIN.username, ADMIN.password);
  const accounts = new AccountsPage(adminPage);
  await accounts.open();
  const generated = await accounts.resetPassword(STAFF.username);
  assert.equal(generated.length, 20);

  await staffPage.reload();
  await staffPage.getByTestId('login-form').waitFor();
  await staffPage.getByTestId('login-username').fill(STAFF.username);
  await staffPage.getByTestId('login-password').fill(STAFF.password);
  await staffPage.getByTestId('login-submit').click();
  await staffPage.getByTestId('login-error').filter({ hasText: '用户名或密码不正确' }).waitFor();
  await staff.signIn(STAFF.username, generated);

  // Reloading the page does not show the password again.
  await adminPage.reload();
  await adminPage.getByTestId('account-table').waitFor();
  assert.equal(await adminPage.getByTestId('generated-password').count(), 0);
  await staffPage.close();
  await adminPage.close();
});

test('an account added in the form signs in, and every change is in the audit chain', async () => {
  const adminPage = await freshPage(adminBrowser);
  await new DashboardPage(adminPage, server.url).ensureSignedIn(ADMIN.username, ADMIN.password);
  const accounts = new AccountsPage(adminPage);
  await accounts.open();
  await accounts.add({ username: 'zhao.viewer', role: 'viewer', password: 'short' }, '密码至少需要 10 个字符');
  await accounts.add({ username: 'zhao.viewer', role: 'viewer', password: 'a long viewer password' },
    '已添加账号 zhao.viewer');
  await accounts.waitForState('zhao.viewer', '可登录');

  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zhao.viewer', password: 'a long viewer password' }),
  });
  assert.equal(res.status, 200);

  const chain = await (await adminPage.request.get(`${server.url}/api/staff/audit`)).json();
  const changes = chain.filter((e) => e.actor === ADMIN.username && e.action.startsWith('user_'))
    .map((e) => e.action);
  assert.deepEqual(changes, ['user_disable', 'user_enable', 'user_password', 'user_add']);
  for (const entry of chain) {
    assert.ok(!entry.detail.includes('password":"'), `${entry.action} holds no password`);
    assert.ok(!entry.detail.includes('a long'), `${entry.action} holds no password`);
  }
  await adminPage.close();
});
