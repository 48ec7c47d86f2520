// Page object of the fill page: answers whatever questions are shown, screen by screen,
// through the same controls a respondent taps.
import assert from 'node:assert/strict';

export class SurveyPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(surveyId, query = '') {
    await this.page.goto(`${this.baseUrl}/s/${surveyId}${query}`);
    await this.page.getByTestId('survey-form').waitFor();
  }

  /** A ballot slip's link: the code rides after `#`, so no server or proxy ever logs it. */
  async openWithCode(surveyId, code) {
    await this.open(surveyId, `#code=${encodeURIComponent(code)}`);
  }

  /** Everything this origin keeps in the browser's local storage, as one string. */
  async storedLocally() {
    return this.page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  }

  sectionTitle() {
    return this.page.getByTestId('section-title').innerText();
  }

  /** Ids of the questions on the current screen. */
  async shownQuestions() {
    return this.page.locator('[data-testid^="question-"][data-kind]').evaluateAll((nodes) =>
      nodes.map((n) => ({ id: n.dataset.testid.slice('question-'.length), kind: n.dataset.kind })));
  }

  async isAnswered(id, kind) {
    const q = this.page.getByTestId(`question-${id}`);
    switch (kind) {
      case 'dropdown': return (await q.locator('select').inputValue()) !== '';
      case 'number':
      case 'short_text': return (await q.locator('input').inputValue()) !== '';
      case 'long_text': return (await q.locator('textarea').inputValue()) !== '';
      case 'matrix': {
        const rows = await q.locator('fieldset.matrix-row').count();
        return (await q.locator('fieldset.matrix-row input:checked').count()) === rows;
      }
      default: return (await q.locator('input:checked').count()) > 0;
    }
  }

  /** Answer one question the way a person would: tap, pick or type. */
  async answer(id, kind) {
    const q = this.page.getByTestId(`question-${id}`);
    switch (kind) {
      case 'dropdown': return q.locator('select').selectOption({ index: 1 });
      case 'number': return q.locator('input').fill('9');
      case 'short_text': return q.locator('input').fill('测试意见');
      case 'long_text': return q.locator('textarea').fill('建议进一步提高办事效率。');
      case 'matrix': {
        const rows = q.locator('fieldset.matrix-row');
        for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('label.option').first().click();
        return;
      }
      case 'nps': return q.locator('label.nps-point').nth(3).click();
      default: return q.locator('label.option').first().click();
    }
  }

  /** The first shown question still without an answer. */
  async firstUnanswered() {
    for (const { id, kind } of await this.shownQuestions()) {
      if (!(await this.isAnswered(id, kind))) return { id, kind };
    }
    return null;
  }

  /** Answer every shown question. An answer can show or hide others, so look again after each. */
  async answerScreen() {
    for (let answered = 0; answered < 60; answered++) {
      const next = await this.firstUnanswered();
      if (!next) return;
      await this.answer(next.id, next.kind);
    }
    assert.fail('questions kept appearing on this screen');
  }

  async hasSubmit() {
    return this.page.getByTestId('submit').isVisible();
  }

  async next() {
    const before = await this.sectionTitle();
    await this.page.getByTestId('next').click();
    await this.page.waitForFunction(
      (title) => document.querySelector('[data-testid="section-title"]')?.innerText !== title, before);
  }

  /** Answer every screen up to the last one (not submitted); `onScreen(title)` runs on each
   * screen as it opens and again once it is answered. */
  async fillToEnd(onScreen = async () => {}) {
    for (let screens = 0; screens < 30; screens++) {
      const title = await this.sectionTitle();
      await onScreen(title);
      await this.answerScreen();
      await onScreen(`${title}（已作答）`);
      if (await this.hasSubmit()) return;
      await this.next();
    }
    assert.fail('the survey never reached its last screen');
  }

  async submit() {
    await this.page.getByTestId('submit').click();
    await this.page.waitForURL(/\/done\//);
  }

  async receiptCode() {
    const code = this.page.getByTestId('receipt-code');
    await code.waitFor({ timeout: 15_000 });
    return code.innerText();
  }
}
