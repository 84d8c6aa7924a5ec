/**
 * The service end to end in one process: sessions over the dashboard API, a SOAP request to a
 * session's URL and a C-STORE with a session's calling AE title are attributed to that session
 * (stored before the sender is answered, then validated), sessions are isolated (401/404, SSE),
 * and the evidence download untars into a directory that verifies.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyDicom } from '../../peers/testing/tiny-dicom.ts';
import { associate } from '../dimse/index.ts';
import { verifyEvidence } from '../evidence/verify-manifest.ts';
import { postSoap, startTestService, type TestService } from './test-service.ts';

const run = promisify(execFile);
const XCPD = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'xcpd-nl-unknown.xml');
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

interface Opened { id: string; token: string; endpoints: { countries: { code: string; soap: { actor: string; url: string }[]; pacs?: { aeTitle: string; host: string; port: number } }[] } }

let t: TestService;
let base: string;
let a: Opened;
let b: Opened;
let tmp: string;

async function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${base}${path}`, { ...init, headers });
}

async function open(body: unknown): Promise<Response> {
  return api('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function soapUrl(s: Opened, country: string, actor: string): string {
  return s.endpoints.countries.find((c) => c.code === country)!.soap.find((e) => e.actor === actor)!.url;
}

async function storeTiny(callingAe: string): Promise<number> {
  const pacs = a.endpoints.countries.find((c) => c.code === 'CZ')!.pacs!;
  const file = join(tmp, `${callingAe}.dcm`);
  await writeTinyDicom(file);
  const assoc = await associate({ host: pacs.host, port: pacs.port, callingAe, calledAe: pacs.aeTitle, contexts: [{ abstractSyntax: SECONDARY_CAPTURE }] });
  const result = await assoc.store(file);
  await assoc.release();
  return result.status;
}

/** Collects the SSE events of one session until `stop()`. */
function subscribe(s: Opened): { events: { event: string; data: { message?: { seq: number; sessionId: string; transaction: string } } }[]; ready: Promise<void>; stop(): void } {
  const events: { event: string; data: { message?: { seq: number; sessionId: string; transaction: string } } }[] = [];
  let response: IncomingMessage | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const req = get(`${base}/api/sessions/${s.id}/events?token=${encodeURIComponent(s.token)}`, (res) => {
      response = res;
      let buffer = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      });
      resolve();
    });
    req.once('error', reject);
  });
  return { events, ready, stop: () => response?.destroy() };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ixh-connectathon-test-'));
  t = await startTestService();
  base = t.service.dashboardUrl;
  a = (await (await open({ vendor: 'Acme', role: 'pacs', aeTitle: 'ACME_SCU' })).json()) as Opened;
  b = (await (await open({ vendor: 'Bravo', role: 'gateway', aeTitle: 'BRAVO_SCU' })).json()) as Opened;
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('opening a session', () => {
  it('answers the token, the session URLs of every country and the world AE titles', async () => {
    expect(a.token.length).toBeGreaterThanOrEqual(40);
    const cz = a.endpoints.countries.find((c) => c.code === 'CZ')!;
    expect(cz.soap.map((s) => s.actor)).toEqual(expect.arrayContaining(['ncpInitiating', 'ncpResponding.xcpd', 'registry']));
    for (const s of cz.soap) expect(new URL(s.url).pathname.startsWith(`/s/${a.id}/`)).toBe(true);
    expect(cz.pacs?.aeTitle).toBeTruthy();
  });

  it('issues a TLS certificate of the world CA, downloadable with the token only', async () => {
    const answer = (await (await open({ vendor: 'Cert Co', role: 'other' })).json()) as { id: string; token: string; certificates: { certPem: string; keyPem: string; caCertPem: string } };
    expect(answer.certificates.certPem).toMatch(/BEGIN CERTIFICATE/);
    expect(answer.certificates.keyPem).toMatch(/PRIVATE KEY/);
    const own = await api(`/api/sessions/${answer.id}/certificates`, { token: answer.token });
    expect(((await own.json()) as { certPem: string }).certPem).toBe(answer.certificates.certPem);
    expect((await api(`/api/sessions/${answer.id}/certificates`, { token: a.token })).status).toBe(404);
  });

  it('refuses a bad role, a world AE title and an AE title another open session holds', async () => {
    expect((await open({ vendor: 'X', role: 'toaster' })).status).toBe(400);
    expect((await open({ vendor: 'X', role: 'pacs', aeTitle: 'IXH_CZ_NCPB' })).status).toBe(400);
    const taken = await open({ vendor: 'X', role: 'pacs', aeTitle: 'ACME_SCU' });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: string }).error).toMatch(/already used/);
    expect((await open({ vendor: '', role: 'pacs' })).status).toBe(400);
  });
});

describe('isolation', () => {
  it('needs a token (401), and a token of another session or none at all reads as unknown (404)', async () => {
    expect((await api(`/api/sessions/${a.id}`)).status).toBe(401);
    expect((await api(`/api/sessions/${a.id}`, { token: b.token })).status).toBe(404);
    expect((await api(`/api/sessions/${a.id}/messages`, { token: b.token })).status).toBe(404);
    expect((await api(`/api/sessions/${a.id}/evidence`, { token: b.token })).status).toBe(404);
    expect((await api(`/api/sessions/${a.id}`, { token: 'not-a-token' })).status).toBe(404);
    expect((await api('/api/sessions/0123456789abcdef', { token: a.token })).status).toBe(404);
    expect((await api(`/api/sessions/${a.id}/events?token=${encodeURIComponent(b.token)}`)).status).toBe(404);
    const own = await api(`/api/sessions/${a.id}`, { token: a.token });
    expect(own.status).toBe(200);
    expect(JSON.stringify(await own.json())).not.toContain(a.token);
  });

  it("never carries B's messages on A's event stream", async () => {
    const streamA = subscribe(a);
    const streamB = subscribe(b);
    await Promise.all([streamA.ready, streamB.ready]);
    expect(await storeTiny('BRAVO_SCU')).toBe(0);
    expect(await storeTiny('ACME_SCU')).toBe(0);
    await until(() => streamA.events.some((e) => e.data.message?.transaction === 'C-STORE') && streamB.events.some((e) => e.data.message?.transaction === 'C-STORE'), 'C-STORE events on both streams');
    streamA.stop();
    streamB.stop();
    const sessionsOnA = new Set(streamA.events.flatMap((e) => (e.data.message ? [e.data.message.sessionId] : [])));
    expect([...sessionsOnA]).toEqual([a.id]);
    expect(t.store.messages(b.id).every((m) => m.peer.startsWith('BRAVO_SCU@'))).toBe(true);
  });
});

describe('attribution', () => {
  it('stores a SOAP request sent to the session URL before the answer arrives, then validates it', async () => {
    const before = t.store.messages(a.id).length;
    const answer = await postSoap(soapUrl(a, 'CZ', 'ncpInitiating'), await readFile(XCPD, 'utf8'));
    expect(answer.status).toBeLessThan(600);
    const mine = t.store.messages(a.id, before);
    const request = mine.find((m) => m.actor === 'CZ.ncp-b' && m.direction === 'request' && m.format === 'xml');
    expect(request, JSON.stringify(mine)).toBeDefined();
    await t.service.idle();
    // The XCPD example names NCP-B's own URL in wsa:To, not the session's: whatever the rules say, they ran and were stored.
    const list = (await (await api(`/api/sessions/${a.id}/messages?after=${before}`, { token: a.token })).json()) as { messages: { message: { seq: number }; validation: string }[] };
    expect(list.messages.find((m) => m.message.seq === request!.seq)?.validation).toBe('done');
    expect(t.store.messages(b.id).some((m) => m.actor === 'CZ.ncp-b')).toBe(false);
  });

  it('judges a C-STORE data set and stores the findings with requirement ids', async () => {
    await t.service.idle();
    const store = t.store.messages(a.id).find((m) => m.transaction === 'C-STORE' && m.format === 'dcm');
    expect(store).toBeDefined();
    const findings = t.store.findings(a.id, store!.seq);
    // The tiny Secondary Capture lacks attributes the imaging profiles require: at least one finding, each traceable.
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => Array.isArray(f.requirements) && f.ruleId.length > 0)).toBe(true);
  });

  it('leaves a URL prefix naming no open session unanswered (404) and unattributed', async () => {
    const url = soapUrl(a, 'CZ', 'ncpInitiating').replace(a.id, 'ffffffffffffffff');
    const before = t.store.messages(a.id).length + t.store.messages(b.id).length;
    expect((await postSoap(url, await readFile(XCPD, 'utf8'))).status).toBe(404);
    expect(t.store.messages(a.id).length + t.store.messages(b.id).length).toBe(before);
  });

  it('draws the session as a sequence diagram', async () => {
    const res = await api(`/api/sessions/${a.id}/diagram`, { token: a.token });
    expect(res.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg class="seq"/);
    expect(svg).toContain('C-STORE');
  });
});

describe('evidence download', () => {
  it('is a tar of a sealed directory that verifies, holding only this session', async () => {
    const res = await api(`/api/sessions/${a.id}/evidence?token=${encodeURIComponent(a.token)}`);
    expect(res.status).toBe(200);
    const tar = join(tmp, 'a.tar');
    await writeFile(tar, Buffer.from(await res.arrayBuffer()));
    const out = join(tmp, 'untar');
    await mkdir(out);
    await run('tar', ['-xf', tar, '-C', out]);
    const dir = join(out, `ixh-session-${a.id}`);
    const verified = await verifyEvidence(dir);
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { messages: { seq: number; peer: string }[] };
    expect(index.messages.length).toBe(t.store.messages(a.id).length);
    expect(index.messages.some((m) => m.peer.startsWith('BRAVO_SCU@'))).toBe(false);
    expect(await readFile(join(dir, 'session.json'), 'utf8')).not.toContain(a.token);
  });
});
