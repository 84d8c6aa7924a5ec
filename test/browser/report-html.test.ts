/**
 * The HTML report looked at as a person would (issue 6 §4): `ixh run --all --report DIR` with the
 * real CLI, then report.html opened from disk in headless Debian Chromium (playwright-core, no
 * browser download): a screenshot, the sequence diagrams and the findings table are there, a
 * finding's message link lands on that message, and the page logs no error. Skipped locally
 * without /usr/bin/chromium; under CI a missing browser fails.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasBinary, peerDescribe } from '../interop/require-peer.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

const describeBrowser = await peerDescribe('chromium', () => hasBinary(CHROMIUM));

describeBrowser('HTML report of ixh run --all in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-report-html-'));
    // Exit code 1 (a run failed) still writes every report; only a crash or a harness error (2) is ours.
    await run(process.execPath, ['bin/ixh.mjs', 'run', '--all', '--report', dir], { cwd: REPO, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }).catch((err: { code?: number; stdout?: string; stderr?: string }) => {
      if (err.code === 1) return;
      throw new Error(`ixh run --all failed (${String(err.code)}): ${err.stderr ?? ''}`);
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`file://${join(dir, 'report.html')}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every rendering next to the HTML report', async () => {
    for (const name of ['junit.xml', 'report.json', 'report.html']) expect((await stat(join(dir, name))).isFile()).toBe(true);
    expect((await stat(join(dir, 'allure-results'))).isDirectory()).toBe(true);
  });

  it('takes a screenshot of the page', async () => {
    const file = join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: false });
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it('shows a sequence diagram with lanes and linked arrows per run, and the findings table', async () => {
    const diagrams = page.locator('svg.seq');
    expect(await diagrams.count()).toBeGreaterThan(0);
    await expect.poll(() => diagrams.first().isVisible()).toBe(true);
    expect(await page.locator('svg.seq a.arrow').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.waterfall').count()).toBe(await diagrams.count());
    const table = page.locator('#findings-table');
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator('tr.finding').count()).toBeGreaterThan(0);
  });

  it("lands on a finding's message when its link is clicked", async () => {
    const link = page.locator('#findings-table a.msg-link').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#msg-\d+$/);
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(href);
    const target = page.locator(href!);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await target.evaluate((el) => el.matches(':target') && (el.tagName !== 'DETAILS' || (el as HTMLDetailsElement).open))).toBe(true);
    const box = await target.boundingBox();
    expect(box && box.y >= 0 && box.y < 1000).toBe(true);
  });

  it('logs no console error and throws no page error', () => {
    expect(problems).toEqual([]);
  });
});
