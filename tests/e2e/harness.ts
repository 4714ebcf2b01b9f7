// What every browser test needs: a real Rapport server on port 0 over a temp data directory,
// serving the built designer, and Debian's Chromium driven headless by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { type RunningServer, startServer } from '../../server/main.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshots = join(root, 'tests', 'e2e', 'screenshots');

export const admin = { email: 'admin@example.com', password: 'correct-horse-42' };

export interface Harness {
  server: RunningServer;
  url: string;
  browser: Browser;
  /** JSON over HTTP as an API client would (bearer token), to check what the browser did. */
  // biome-ignore lint/suspicious/noExplicitAny: test code reads whatever JSON the API answered
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  login(email: string, password: string): Promise<string>;
  context(): Promise<BrowserContext>;
  shot(page: Page, name: string): Promise<void>;
  /** Signs in through the sign-in screen and waits for the home screen. */
  signIn(page: Page, email: string, password: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
  process.env.RAPPORT_ADMIN_EMAIL = admin.email;
  process.env.RAPPORT_ADMIN_PASSWORD = admin.password;
  const server = await startServer({ port: 0, dataDir: dir, designerDir: join(root, 'designer', 'dist') });
  const browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
  const tokens = new Map<string, string>();
  const api: Harness['api'] = async (method, path, body, token) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const contexts: BrowserContext[] = [];
  return {
    server,
    url: server.url,
    browser,
    api,
    async login(email, password) {
      const known = tokens.get(email);
      if (known) return known;
      const { status, body } = await api('POST', '/api/auth/login', { email, password });
      if (status !== 200) throw new Error(`login ${email}: ${status} ${JSON.stringify(body)}`);
      tokens.set(email, body.token);
      return body.token as string;
    },
    async context() {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context;
    },
    async shot(page, name) {
      await page.screenshot({ path: join(screenshots, `${name}.png`) });
    },
    async signIn(page, email, password) {
      await page.goto(`${server.url}/signin`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects the page's uncaught errors, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Reads until `ok` holds or `ms` pass, and returns the last value read (for the test to assert on). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
