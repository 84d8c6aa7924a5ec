/**
 * The connectathon dashboard used as a vendor uses it (issue 7 §5): the service runs in-process
 * with a two-country world; headless Debian Chromium opens the dashboard and creates a session
 * through the form with AE title ACME_SCU; DCMTK `storescu` (calling AE ACME_SCU) and `curl`
 * (an XCPD request to the session's NCP-B URL) act as the vendor's systems. The messages must
 * appear live on the page with their findings, the diagram must draw them, the evidence download
 * must verify with `ixh verify-evidence`, and the page must log no error. Skipped locally without
 * Chromium or DCMTK; under CI a missing one fails.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import { writeTinyDicom } from '../../peers/testing/tiny-dicom.ts';
import { startTestService, type TestService } from '../../simulators/connectathon/test-service.ts';
import { allOf, hasBinary, peerDescribe } from '../interop/require-peer.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = join(import.meta.dirname, '..', '..');
const XCPD = join(REPO, 'docs', 'examples', 'xcpd-nl-unknown.xml');
const run = promisify(execFile);

const describeVendor = await peerDescribe('chromium and dcmtk', allOf(() => hasBinary(CHROMIUM), () => hasBinary('storescu'), () => hasBinary('curl')));

describeVendor('connectathon dashboard in headless Chromium, with storescu and curl as the vendor', () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let session: { id: string; token: string };
  let endpoints: { countries: { code: string; soap: { actor: string; url: string }[]; pacs?: { aeTitle: string; host: string; port: number } }[] };
  const problems: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-dashboard-'));
    t = await startTestService();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(t.service.dashboardUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates a session through the form and shows its endpoints', async () => {
    await page.fill('input[name=vendor]', 'Acme Imaging');
    await page.selectOption('select[name=role]', 'pacs');
    await page.fill('input[name=aeTitle]', 'ACME_SCU');
    await page.click('#create');
    await page.waitForSelector('#session:not(.hidden)');
    session = { id: (await page.textContent('#session-id'))!, token: (await page.textContent('#session-token'))! };
    expect(session.id).toMatch(/^[0-9a-f]{16}$/);
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live');
    const res = await fetch(`${t.service.dashboardUrl}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${session.token}` } });
    endpoints = ((await res.json()) as { endpoints: typeof endpoints }).endpoints;
    const shown = await page.textContent('#endpoints');
    expect(shown).toContain(`/s/${session.id}/ncp/initiating`);
  });

  it('shows a storescu C-STORE (calling AE ACME_SCU) live, with its findings and requirement ids', async () => {
    const pacs = endpoints.countries.find((c) => c.code === 'CZ')!.pacs!;
    const file = join(dir, 'tiny.dcm');
    await writeTinyDicom(file);
    const sent = await runTool('storescu', ['-aet', 'ACME_SCU', '-aec', pacs.aeTitle, pacs.host, String(pacs.port), file], { timeoutMs: 30_000 });
    expect(sent.code, sent.stderr).toBe(0);
    const row = page.locator('tr.msg', { hasText: 'C-STORE' }).filter({ has: page.locator('td.validation[data-state=done]') }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.locator('li.finding').first().waitFor();
    expect(await row.locator('span.req').count()).toBeGreaterThan(0);
    expect(await row.textContent()).toContain('ACME_SCU@');
  });

  it('shows a curl XCPD request to the session URL live, validated', async () => {
    const url = endpoints.countries.find((c) => c.code === 'CZ')!.soap.find((s) => s.actor === 'ncpInitiating')!.url;
    const action = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
    const curl = await runTool('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-H', `content-type: application/soap+xml; charset=UTF-8; action="${action}"`, '--data-binary', `@${XCPD}`, url], { timeoutMs: 30_000 });
    expect(curl.code, curl.stderr).toBe(0);
    expect(curl.stdout).toMatch(/^[2-5]\d\d$/);
    const row = page.locator('tr.msg', { hasText: 'CZ.ncp-b' }).filter({ hasText: 'request' }).filter({ has: page.locator('td.validation[data-state=done]') }).first();
    await row.waitFor({ timeout: 15_000 });
  });

  it('draws the sequence diagram of the session', async () => {
    await page.waitForSelector('#diagram svg.seq');
    await page.waitForFunction(() => /C-STORE/.test(document.querySelector('#diagram svg')?.textContent ?? ''));
  });

  it('saves a screenshot', async () => {
    const file = join(tmpdir(), 'ixh-dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it('downloads evidence that ixh verify-evidence accepts (exit 0)', async () => {
    const res = await fetch(`${t.service.dashboardUrl}/api/sessions/${session.id}/evidence`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(res.status).toBe(200);
    const tar = join(dir, 'evidence.tar');
    await writeFile(tar, Buffer.from(await res.arrayBuffer()));
    const out = join(dir, 'evidence');
    await mkdir(out);
    await run('tar', ['-xf', tar, '-C', out]);
    const verified = await run(process.execPath, ['bin/ixh.mjs', 'verify-evidence', join(out, `ixh-session-${session.id}`)], { cwd: REPO, timeout: 60_000 }).catch((err: { code?: number; stdout?: string }) => ({ ...err, failed: true }));
    expect(verified, JSON.stringify(verified)).not.toHaveProperty('failed');
  });

  it('logs no error in the page', () => {
    expect(problems).toEqual([]);
  });
});
