// Debian's Chromium, headless, as a phone (390×844), never reaching outside the machine.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  locale: 'zh-CN',
};

/** A phone; `javaScriptEnabled: false` for one whose browser runs no script. */
export async function launchPhone({ javaScriptEnabled = true } = {}) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'manyi-chromium-')), {
    ...CHROMIUM,
    javaScriptEnabled,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}

/** A staff laptop or the meeting-room projector: `width`×`height`, one profile of its own. */
export async function launchDesktop(width = 1366, height = 900) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'manyi-chromium-')), {
    ...CHROMIUM,
    viewport: { width, height },
    deviceScaleFactor: 1,
  });
}

/** Fail the test on any uncaught page error and on anything the page's CSP refused. */
export function failOnErrors(page) {
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      throw new Error(`${page.url()}: ${message.text()}`);
    }
  });
  return page;
}

/** A new tab in `context` that fails the test on any uncaught page error or CSP refusal. */
export async function freshPage(context) {
  return failOnErrors(await context.newPage());
}

/** Close the browsers and stop the server, whichever of them were started. */
export async function closeAll(...things) {
  for (const thing of things) {
    if (thing?.stop) await thing.stop();
    else await thing?.close();
  }
}
