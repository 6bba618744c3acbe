/**
 * The one harness every browser test file uses: the local environment on free
 * ports with its own data directory, a hotelier's token, Debian's Chromium
 * (playwright-core) launched headless, the API called as the hotelier (or as
 * anyone), pages that record their script errors, screenshots (and one of every
 * page still open when a test fails, in SHOTS as `failed-…`), and teardown.
 * Call `useBrowserHarness` once at the top of a file: it registers the
 * beforeAll/afterAll hooks, and the file's own beforeAll runs after it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { issueHotelierToken } from '../../../lambdas/adapters/auth/local-jwt';
import type { Region } from '../../../lambdas/domain/regions';
import { type LocalEnvironment, startLocalEnvironment } from '../../../local/environment';
import { callRegion, type HttpAnswer, testEnvironmentBasics } from '../../support/local';

const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots land. */
export const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
/** The browser's flags: no sandbox (containers), no GPU, and nothing that phones home mid-test. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The `YYYY-MM-DD` UTC date `n` days from now. */
export const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** What a browser test file gets from the harness; its fields are set once beforeAll has run. */
export interface BrowserHarness {
  readonly env: LocalEnvironment;
  readonly browser: Browser;
  /** The hotelier's bearer token. */
  readonly token: string;
  /** Script errors of every page opened by `newPage`, prefixed with the page's URL. */
  readonly pageErrors: string[];
  /**
   * Calls `region`'s API (us-east-1 unless given) with a JSON body, as the hotelier unless
   * `bearer` is given (null: no token at all).
   */
  api(
    method: string,
    path: string,
    body?: unknown,
    bearer?: string | null,
    region?: Region,
  ): Promise<HttpAnswer>;
  /** A browser context on the web app; `signedIn` puts the hotelier's token in session storage. */
  newContext(options?: BrowserContextOptions & { signedIn?: boolean }): Promise<BrowserContext>;
  /** A page of `context` whose steps time out before the test does and whose script errors are kept. */
  newPage(context: BrowserContext): Promise<Page>;
  /** A full-page screenshot in SHOTS. */
  shot(page: Page, name: string): Promise<void>;
}

/** Starts the local environment and the browser for this file, and stops them after it. */
export function useBrowserHarness(options: { name: string; seedHotels: number }): BrowserHarness {
  const dataDir = mkdtempSync(join(tmpdir(), `hotels-${options.name}-`));
  let env: LocalEnvironment | undefined;
  let browser: Browser | undefined;
  let token = '';
  const pageErrors: string[] = [];
  // The pages the running test opened and has not closed: what it was looking at if it fails.
  const openPages = new Set<Page>();
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser harness has not started (${what})`);
    return value;
  };

  const harness: BrowserHarness = {
    get env() {
      return started(env, 'env');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get token() {
      return token;
    },
    pageErrors,
    api: (method, path, body, bearer = token, region = 'us-east-1') =>
      callRegion(
        harness.env,
        region,
        method,
        path,
        body,
        bearer ? { authorization: `Bearer ${bearer}` } : {},
      ),
    async newContext({ signedIn, ...contextOptions } = {}) {
      const context = await harness.browser.newContext({
        baseURL: harness.env.urls.web,
        viewport: { width: 1200, height: 900 },
        ...contextOptions,
      });
      // The pages read the hotelier's token from the tab's session storage.
      if (signedIn)
        await context.addInitScript(`sessionStorage.setItem('hotelierToken', ${JSON.stringify(token)})`);
      return context;
    },
    async newPage(context) {
      const page = await context.newPage();
      // Shorter than the test's own timeout, so a failure names the step that waited.
      page.setDefaultTimeout(8_000);
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      openPages.add(page);
      page.on('close', () => openPages.delete(page));
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    mkdirSync(SHOTS, { recursive: true });
    env = await startLocalEnvironment({
      ...(await testEnvironmentBasics()),
      dataDir,
      seedHotels: options.seedHotels,
      crossRegionLatencyMs: 0,
    });
    token = await issueHotelierToken(env.jwtKeys, `${options.name}-hotelier`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);

  // A failed test leaves a screenshot of each page it had open, named after the file and the test.
  afterEach(async ({ task }) => {
    const pages = [...openPages];
    openPages.clear(); // the next test's failure shows the next test's pages only
    if (task.result?.state !== 'fail') return;
    const name = `failed-${options.name}-${task.name}`.replace(/[^\w-]+/g, '-').slice(0, 120);
    let n = 0;
    for (const page of pages)
      await page
        .screenshot({ path: join(SHOTS, `${name}${n++ ? `-${n}` : ''}.png`), fullPage: true, timeout: 5_000 })
        .catch(() => undefined); // a page that cannot be drawn any more must not hide the test's own error
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  return harness;
}
