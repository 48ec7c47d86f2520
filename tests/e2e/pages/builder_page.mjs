// Page object of the survey builder: fill in the survey, its sections and questions through
// the same fields staff use, and read the phone preview.
export class BuilderPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async openNew() {
    await this.page.goto(`${this.baseUrl}/staff/`);
    await this.page.getByTestId('new-survey').click();
    await this.page.getByTestId('save-survey').waitFor();
  }

  field(testid) {
    return this.page.getByTestId(testid);
  }

  async settings({ title, id, wave }) {
    await this.field('survey-title').fill(title);
    await this.field('survey-id').fill(id);
    await this.field('survey-wave').fill(wave);
  }

  async section(si, title) {
    await this.field(`section-${si}-title`).fill(title);
  }

  q(si, qi, part) {
    return this.field(`question-${si}-${qi}-${part}`);
  }

  /** Set a question's wording, kind and flags; `options` as [[id, label], …]. */
  async question(si, qi, { title, kind, id, required, profile, dimension, options }) {
    if (kind) await this.q(si, qi, 'kind').selectOption(kind);
    if (id) await this.q(si, qi, 'id').fill(id);
    await this.q(si, qi, 'title').fill(title);
    if (required !== undefined) await this.q(si, qi, 'required').setChecked(required);
    if (profile !== undefined) await this.q(si, qi, 'profile').setChecked(profile);
    if (dimension) await this.q(si, qi, 'dimension').fill(dimension);
    if (options) {
      const rows = () => this.page.locator(`[data-testid^="choice-${si}-${qi}-"][data-testid$="-label"]`);
      while ((await rows().count()) < options.length) await this.field(`choice-${si}-${qi}-add`).click();
      while ((await rows().count()) > options.length) {
        await this.field(`choice-${si}-${qi}-${(await rows().count()) - 1}-remove`).click();
      }
      for (const [i, [optionId, label]] of options.entries()) {
        await this.field(`choice-${si}-${qi}-${i}-id`).fill(optionId);
        await this.field(`choice-${si}-${qi}-${i}-label`).fill(label);
      }
    }
  }

  async addQuestion(si) {
    await this.field(`section-${si}-add-question`).click();
  }

  async addSection() {
    await this.field('add-section').click();
  }

  async showIf(si, qi, question, value) {
    await this.field(`show-if-${si}-${qi}-question`).selectOption(question);
    await this.field(`show-if-${si}-${qi}-value`).selectOption(value);
  }

  preview() {
    return this.field('phone-preview');
  }

  async problems() {
    const list = this.field('definition-problems');
    if (!(await list.isVisible())) return [];
    return list.locator('li').allInnerTexts();
  }
}
