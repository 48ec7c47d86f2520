// Page object of the public results page (no sign-in): figures, downloads, the audit check.
export class PublicPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  async open(surveyId) {
    await this.page.goto(`${this.baseUrl}/results/${surveyId}`);
    await this.page.getByTestId('public-title').waitFor();
  }

  async text(testid) {
    return (await this.page.getByTestId(testid).innerText()).trim();
  }

  /** The href of a download link, made absolute. */
  async href(testid) {
    const href = await this.page.getByTestId(testid).getAttribute('href');
    return new URL(href, this.baseUrl).toString();
  }

  /** Fetch a download the way the link does; the bytes. */
  async download(testid) {
    const res = await this.page.request.get(await this.href(testid));
    if (!res.ok()) throw new Error(`${testid}: HTTP ${res.status()}`);
    return Buffer.from(await res.body());
  }

  async auditVerdict() {
    const verdict = this.page.getByTestId('audit-verdict');
    await verdict.filter({ hasText: /条/ }).waitFor();
    return (await verdict.innerText()).trim();
  }
}
