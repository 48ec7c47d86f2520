// Page object of 账号管理 (admins): the account table, 停用/启用, 重置密码, adding an account.
// Confirmation dialogs are accepted.
export class AccountsPage {
  constructor(page) {
    this.page = page;
    page.on('dialog', (d) => d.accept());
  }

  /** Follow the bar's link (an admin's dashboard). */
  async open() {
    await this.page.getByTestId('accounts-link').click();
    await this.page.getByTestId('account-table').waitFor();
  }

  async state(username) {
    return (await this.page.getByTestId(`account-state-${username}`).innerText()).trim();
  }

  async sessions(username) {
    return Number((await this.page.getByTestId(`account-sessions-${username}`).innerText()).trim());
  }

  /** Wait until the account's state cell reads `text` (after the list reloads). */
  async waitForState(username, text) {
    await this.page.getByTestId(`account-state-${username}`).filter({ hasText: text }).waitFor();
  }

  async disable(username) {
    await this.page.getByTestId(`account-toggle-${username}`).filter({ hasText: '停用' }).click();
    await this.waitForState(username, '已停用');
  }

  async enable(username) {
    await this.page.getByTestId(`account-toggle-${username}`).filter({ hasText: '启用' }).click();
    await this.waitForState(username, '可登录');
  }

  /** Reset the password; the generated one, shown once. */
  async resetPassword(username) {
    await this.page.getByTestId(`account-reset-${username}`).click();
    await this.page.getByTestId('generated-password-notice').filter({ hasText: username }).waitFor();
    return (await this.page.getByTestId('generated-password').innerText()).trim();
  }

  /** Fill and send the form; wait for its answer to read `expected`. */
  async add({ username, role, password }, expected) {
    await this.page.getByTestId('new-account-username').fill(username);
    await this.page.getByTestId('new-account-role').selectOption(role);
    await this.page.getByTestId('new-account-password').fill(password);
    await this.page.getByTestId('new-account-submit').click();
    await this.page.getByTestId('new-account-message').filter({ hasText: expected }).waitFor();
  }
}
