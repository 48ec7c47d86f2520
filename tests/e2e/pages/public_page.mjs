// Page object of the public results page (no sign-in), a page from the server: figures,
// downloads, the audit check (the one script, run on request).
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

  /** Check the audit chain in the browser; its verdict. */
  async auditVerdict() {
    await this.page.getByRole('button', { name: '核对操作记录' }).click();
    const verdict = this.page.locator('[data-testid="audit-verdict"][data-checked]');
    await verdict.waitFor();
    return (await verdict.innerText()).trim();
  }

  /** How many marks (bars, lines, text) an inline SVG chart has, and its width on screen. */
  async chartMarks(testid) {
    return this.page.getByTestId(testid).evaluate((svg) => ({
      marks: svg.querySelectorAll('rect, line, polyline, path, circle, text').length,
      width: svg.getBoundingClientRect().width,
    }));
  }
}
