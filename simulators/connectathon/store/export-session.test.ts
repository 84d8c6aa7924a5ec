import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeEvidenceManifest } from '../../evidence/manifest.ts';
import { verifyEvidence } from '../../evidence/verify-manifest.ts';
import { evidenceFileName } from '../../evidence/recorder.ts';
import { runTool } from '../../../peers/run-tool.ts';
import { sessionEvidenceDir } from './export-session.ts';
import { INLINE_BODY_LIMIT } from './session-store.ts';
import { ACME, bytesOf, cStore, finding, GLOBEX, tempStore, type TempStore } from './test-store.ts';

const IXH = join(import.meta.dirname, '..', '..', '..', 'bin', 'ixh.mjs');
let t: TempStore;
let out: string;
beforeEach(async () => {
  t = tempStore();
  out = await mkdtemp(join(tmpdir(), 'ixh-session-evidence-'));
});
afterEach(async () => {
  t.remove();
  await rm(out, { recursive: true, force: true });
});

function fillSessions(): { acme: string; globex: string } {
  const acme = t.store.createSession(ACME).id;
  const globex = t.store.createSession(GLOBEX).id;
  t.store.appendMessage(acme, cStore({ status: '0x0000', durationMs: 2.5 }), bytesOf(3000, 1));
  t.store.appendMessage(globex, cStore({ actor: 'ncp-a', transaction: 'ITI-38', format: 'xml' }), Buffer.from('<secret-of-globex/>'));
  t.store.appendMessage(acme, cStore({ direction: 'response', format: 'json', association: undefined }), Buffer.from('{"status":"0x0000"}'));
  t.store.appendMessage(acme, cStore({ transaction: 'C-STORE/large' }), bytesOf(INLINE_BODY_LIMIT + 10, 3));
  t.store.addFindings(acme, 1, [finding()]);
  return { acme, globex };
}

describe('sessionEvidenceDir', () => {
  it('writes the session in the recorder\'s layout: its messages only, index.json, session and findings', async () => {
    const { acme } = fillSessions();
    const written = await sessionEvidenceDir(t.store, acme, out);
    expect(written).toEqual({ dir: out, messages: 3, findings: 1 });

    const messages = t.store.messages(acme);
    const names = messages.map((m) => evidenceFileName(m.seq, m));
    expect(names[2]).toBe('000003-pacs-C-STORE_large-request.dcm');
    expect((await readdir(out)).sort()).toEqual([...names, 'findings.json', 'index.json', 'session.json'].sort());
    for (const m of messages) expect(Buffer.compare(await readFile(join(out, evidenceFileName(m.seq, m))), Buffer.from(t.store.body(acme, m.seq)!))).toBe(0);

    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { messages: Record<string, unknown>[] };
    expect(index.messages[0]).toEqual({ seq: 1, time: '2026-03-01T10:00:00.000Z', actor: 'pacs', peer: 'ACME_PACS@127.0.0.1:50412', transaction: 'C-STORE', direction: 'request', status: '0x0000', bytes: 3000, durationMs: 2.5, association: 'a1', file: names[0] });
    expect(index.messages[1]).not.toHaveProperty('association');

    const session = await readFile(join(out, 'session.json'), 'utf8');
    expect(JSON.parse(session)).toMatchObject({ id: acme, vendor: 'ACME Imaging' });
    expect(session).not.toContain('token');
    const everything = (await Promise.all((await readdir(out)).map((f) => readFile(join(out, f), 'utf8')))).join('');
    expect(everything).not.toContain('secret-of-globex');
  });

  it('is sealed by writeEvidenceManifest and verifies, message files in seq order; tampering shows', async () => {
    const { acme } = fillSessions();
    await sessionEvidenceDir(t.store, acme, out);
    const { manifest } = await writeEvidenceManifest(out);
    const names = t.store.messages(acme).map((m) => evidenceFileName(m.seq, m));
    expect(manifest.entries.map((e) => e.path)).toEqual([...names, 'findings.json', 'index.json', 'session.json']);
    expect(await verifyEvidence(out)).toMatchObject({ ok: true, entries: 6 });

    // The real command, as a vendor runs it on the download.
    const intact = await runTool(process.execPath, [IXH, 'verify-evidence', out], { timeoutMs: 30_000 });
    expect(intact.code, intact.stderr).toBe(0);
    await writeFile(join(out, names[0]!), 'edited');
    const tampered = await runTool(process.execPath, [IXH, 'verify-evidence', out], { timeoutMs: 30_000 });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(new RegExp(`^altered +${names[0]}:`, 'm'));
  });

  it('writes an empty but verifiable bundle for a session without messages', async () => {
    const id = t.store.createSession(ACME).id;
    expect(await sessionEvidenceDir(t.store, id, out)).toMatchObject({ messages: 0, findings: 0 });
    await writeEvidenceManifest(out);
    expect((await verifyEvidence(out)).ok).toBe(true);
  });

  it('refuses an unknown session and a directory that is not empty', async () => {
    const { acme } = fillSessions();
    await expect(sessionEvidenceDir(t.store, '0123456789abcdef', out)).rejects.toThrow(/no session/);
    await writeFile(join(out, 'stray.txt'), 'x');
    await expect(sessionEvidenceDir(t.store, acme, out)).rejects.toThrow(/not empty/);
  });
});
