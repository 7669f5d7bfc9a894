/**
 * Debian's chromium driven by playwright-core, headless, in a fresh profile: never a downloaded
 * browser build. A missing /usr/bin/chromium fails the test that asked for it (install the Debian
 * package; `.ci/run` does), it is never skipped. Every request the pages make is recorded, so a test
 * can prove that nothing leaves for an outside host.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { HubFixture } from './hub-fixture.js';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of the main pages, kept as test artefacts (git-ignored). */
export const ARTEFACTS = path.resolve('test/artifacts/console');

export interface TestBrowser {
  context: BrowserContext;
  /** Every URL any page of the context requested. */
  requests: string[];
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the console tests need a real browser`,
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'zz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  const requests: string[] = [];
  context.on('request', (request) => void requests.push(request.url()));
  mkdirSync(ARTEFACTS, { recursive: true });
  return {
    context,
    requests,
    newPage: () => context.newPage(),
    screenshot: async (page, name) => void (await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true })),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the console's form as a user would, and waits for the landing page. */
export async function signInThroughForm(page: Page, hubUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${hubUrl}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${hubUrl}/console`);
}

/** Staff accounts made through `POST /v1/users`, and pages signed in as them (cookies cleared first: one user at a time). */
export function staffAccounts(fixture: Pick<HubFixture, 'call' | 'hub'>, browser: TestBrowser) {
  const passwords: Record<string, string> = {};
  return {
    passwords,
    async create(username: string, role: string, department?: string): Promise<void> {
      const created = await fixture.call('POST', '/v1/users', { username, role, ...(department ? { department } : {}) });
      if (created.status !== 201) throw new Error(`user ${username}: ${created.status} ${await created.text()}`);
      passwords[username] = ((await created.json()) as { password: string }).password;
    },
    async signedIn(username: string): Promise<Page> {
      const page = await browser.newPage();
      await page.context().clearCookies();
      await signInThroughForm(page, fixture.hub.url, username, passwords[username] as string);
      return page;
    },
  };
}
