// Page object of the staff dashboard: sign in, open a survey's results, read figures,
// filter, and check that a chart's canvas really has something drawn on it.
export class DashboardPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async signIn(username, password) {
    await this.page.goto(`${this.baseUrl}/staff/`);
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('signed-in-as').waitFor();
  }

  /** Sign in unless this browser profile already has a session. */
  async ensureSignedIn(username, password) {
    await this.page.goto(`${this.baseUrl}/staff/`);
    await this.page.locator('[data-testid="signed-in-as"], [data-testid="login-form"]').first().waitFor();
    if (await this.page.getByTestId('login-form').isVisible()) await this.signIn(username, password);
  }

  async openSurvey(id) {
    await this.page.getByTestId(`dashboard-link-${id}`).click();
    await this.page.getByTestId('dashboard-title').waitFor();
    await this.page.getByTestId('figure-responses').waitFor();
  }

  async text(testid) {
    return (await this.page.getByTestId(testid).innerText()).trim();
  }

  /** Wait until a figure shows `expected`. */
  async waitForText(testid, expected, timeout = 15_000) {
    await this.page.waitForFunction(
      ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.innerText.trim() === want,
      [testid, String(expected)], { timeout });
  }

  /**
   * Show one of the survey's views by its tab: `overview` (概览), `questions` (题目),
   * `groups` (分组与对比), `distribution` (发放) or `process` (流程与记录).
   */
  async view(name) {
    const current = this.page.locator(`[data-testid="view-${name}"][aria-current="page"]`);
    if (await current.count()) return;
    await this.page.getByTestId(`view-${name}`).click();
    await current.waitFor();
  }

  /** 应到 and 实到 of a ballot (in its overview), saved. */
  async enterAttendance(members, present) {
    await this.view('overview');
    await this.page.getByTestId('attendance-members').fill(String(members));
    await this.page.getByTestId('attendance-present').fill(String(present));
    await this.page.getByTestId('attendance-save').click();
    await this.page.getByText('已保存').first().waitFor();
  }

  /**
   * Close (a ballot from its panel in the overview, a questionnaire in 流程与记录) and
   * publish (in 流程与记录).
   */
  async closeAndPublish({ ballot = false } = {}) {
    if (ballot) {
      await this.view('overview');
      await this.page.getByTestId('ballot-toggle').filter({ hasText: '结束投票' }).click();
      // A closed ballot has no next step in its panel.
      await this.page.getByTestId('ballot-toggle').waitFor({ state: 'detached', timeout: 15_000 });
      await this.view('process');
    } else {
      await this.view('process');
      await this.page.getByTestId('close-survey').click();
      await this.page.getByTestId('lifecycle-done').filter({ hasText: '已结束' }).waitFor();
    }
    await this.page.getByTestId('publish-survey').click();
    await this.page.getByTestId('public-link').waitFor({ timeout: 30_000 });
  }

  async filter(question, option) {
    await this.page.getByTestId(`filter-${question}`).selectOption(option);
  }

  /**
   * Share of a canvas's pixels that are neither blank nor white (0 when nothing was drawn).
   * A view loads its data when it opens, so this waits up to `timeout` for the first ink.
   */
  async inkRatio(testid, timeout = 10_000) {
    const canvas = this.page.getByTestId(testid);
    await canvas.scrollIntoViewIfNeeded();
    const deadline = Date.now() + timeout;
    for (;;) {
      const ink = await this.#ink(canvas);
      if (ink > 0 || Date.now() > deadline) return ink;
      await this.page.waitForTimeout(100);
    }
  }

  async #ink(canvas) {
    return canvas.evaluate((c) => {
      if (!c.width || !c.height) return 0;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 0 && (r < 235 || g < 235 || b < 235)) ink++;
      }
      return ink / (data.length / 4);
    });
  }
}
