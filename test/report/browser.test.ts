import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.js';
import { report } from './helpers.js';

/**
 * report.html in headless Chromium: Debian's chromium package driven by playwright-core
 * (never a downloaded browser; .ci/run installs the package when it can). Without it the
 * tests are skipped and say why. UPDATE_SCREENSHOT=1 also refreshes docs/images/report*.png.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

interface Visit {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

let browser: Browser | undefined;

async function visit(file: string, viewport = { width: 1280, height: 1800 }): Promise<Visit> {
  const page = await browser!.newPage({ viewport });
  const url = pathToFileURL(file).href;
  const v: Visit = { page, requests: [], errors: [], dialogs: [] };
  // Route everything: the file itself loads, any other request fails the test.
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    v.requests.push(u);
    return route.abort();
  });
  page.on('console', (m) => m.type() === 'error' && v.errors.push(m.text()));
  page.on('pageerror', (e) => v.errors.push(e.message));
  page.on('dialog', (d) => {
    v.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return v;
}

describe.skipIf(!HAVE_CHROMIUM)(`report.html in headless Chromium${HAVE_CHROMIUM ? '' : ' (skipped: /usr/bin/chromium not installed; apt-get install chromium)'}`, () => {
  let demo = '';
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    demo = join((await report('fixtures/demo/calls.csv.gz', 'browser')).dir, 'report.html');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console errors and no network requests; every chart is visible; tables are present', async () => {
    const v = await visit(demo);
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    const charts = await v.page.locator('figure.chart svg').all();
    expect(charts.length).toBe(8);
    for (const svg of charts) {
      await svg.scrollIntoViewIfNeeded();
      const box = await svg.boundingBox();
      expect(box && box.width > 100 && box.height > 50).toBe(true);
      expect(await svg.isVisible()).toBe(true);
      expect(await svg.getAttribute('role')).toBe('img');
      expect((await svg.getAttribute('aria-label'))?.length).toBeGreaterThan(40);
    }
    expect(await v.page.locator('main table').count()).toBeGreaterThan(15);
    expect(await v.page.locator('figure.chart details table').count()).toBe(8);
    expect(await v.page.locator('#headline li').count()).toBeGreaterThan(5);
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await v.page.evaluate(() => window.scrollTo(0, 0));
    await v.page.screenshot({ path: join(ROOT, 'test-output', 'report.png') });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
      await v.page.screenshot({ path: join(ROOT, 'docs', 'images', 'report.png') });
      await v.page.locator('#chart-savings').screenshot({ path: join(ROOT, 'docs', 'images', 'report-savings.png') });
    }
    await v.page.close();
  });

  it('is readable on a phone: nothing wider than the screen except inside scrolling table boxes', async () => {
    const v = await visit(demo, { width: 390, height: 844 });
    const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    const widest = await v.page.evaluate(() => Math.max(...[...document.querySelectorAll('figure.chart svg')].map((s) => s.getBoundingClientRect().width)));
    expect(widest).toBeLessThanOrEqual(390);
    await v.page.screenshot({ path: join(ROOT, 'test-output', 'report-phone.png') });
    await v.page.close();
  });

  it('prints: the contents list is hidden on paper and a PDF comes out', async () => {
    const v = await visit(demo);
    await v.page.emulateMedia({ media: 'print' });
    expect(await v.page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await v.page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
    await v.page.close();
  });

  it('the XSS fixture runs no script: no dialog, no error, no request', async () => {
    const xss = join((await report('fixtures/hostile/calls-xss.csv', 'browser-xss')).dir, 'report.html');
    const v = await visit(xss);
    expect(v.dialogs).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(await v.page.locator('img, script, iframe').count()).toBe(0);
    expect(await v.page.getByText('<img src=x onerror=alert(1)>').first().isVisible()).toBe(true);
    await v.page.close();
  });
});
