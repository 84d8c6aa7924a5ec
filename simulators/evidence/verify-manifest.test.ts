import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeEvidenceManifest } from './manifest.ts';
import type { EvidenceManifest } from './manifest-format.ts';
import { MESSAGE_FILES, writeTestEvidence } from './test-bundle.ts';
import { longestIncreasing, verifyEvidence } from './verify-manifest.ts';

let dir: string;
let publicKeyPem: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-verify-'));
  await writeTestEvidence(dir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeEvidenceManifest(dir, { key: privateKey });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const [XML_REQUEST, XML_RESPONSE, DCM_1, , DCM_2] = MESSAGE_FILES;
/** Replaces a file with new bytes (unlink first: the recorder may have hard-linked it). */
async function replace(name: string, bytes: Uint8Array | string): Promise<void> {
  await unlink(join(dir, name));
  await writeFile(join(dir, name), bytes);
}
async function readManifest(): Promise<EvidenceManifest & { entries: EvidenceManifest['entries'][number][] }> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as EvidenceManifest & { entries: EvidenceManifest['entries'][number][] };
}
async function writeManifest(manifest: EvidenceManifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
const kinds = async (): Promise<[string, string][]> => (await verifyEvidence(dir, { publicKeyPem })).problems.map((p) => [p.kind, p.path]);

describe('verifyEvidence', () => {
  it('finds an untouched bundle intact, pinned or not', async () => {
    const pinnedResult = await verifyEvidence(dir, { publicKeyPem });
    expect(pinnedResult).toMatchObject({ ok: true, problems: [], entries: MESSAGE_FILES.length + 2, pinned: true });
    expect(await verifyEvidence(dir)).toMatchObject({ ok: true, pinned: false });
  });

  it('altered: one byte changed in a DICOM body', async () => {
    const bytes = await readFile(join(dir, DCM_1));
    bytes[1000] = bytes[1000]! ^ 0xff;
    await replace(DCM_1, bytes);
    expect(await kinds()).toEqual([['altered', DCM_1]]);
  });

  it('missing: a message file deleted', async () => {
    await unlink(join(dir, XML_RESPONSE));
    expect(await kinds()).toEqual([['missing', XML_RESPONSE]]);
  });

  it('added: a file slipped in, also in a sub-directory', async () => {
    await writeFile(join(dir, '000007-pacs-C-STORE-request.dcm'), 'forged');
    await writeFile(join(dir, 'manifest.json.tmp'), 'leftover');
    expect(await kinds()).toEqual([['added', '000007-pacs-C-STORE-request.dcm'], ['added', 'manifest.json.tmp']]);
  });

  it('reordered: two message files swap names (their contents trade places)', async () => {
    await rename(join(dir, DCM_1), join(dir, 'swap'));
    await rename(join(dir, DCM_2), join(dir, DCM_1));
    await rename(join(dir, 'swap'), join(dir, DCM_2));
    expect(await kinds()).toEqual([['reordered', DCM_1], ['reordered', DCM_2]]);
  });

  it('reordered: index.json edited so that the messages come in another order', async () => {
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { messages: { seq: number }[] };
    [index.messages[0]!.seq, index.messages[1]!.seq] = [index.messages[1]!.seq, index.messages[0]!.seq];
    await replace('index.json', JSON.stringify(index));
    const problems = await kinds();
    expect(problems).toContainEqual(['altered', 'index.json']);
    expect(problems.filter(([kind]) => kind === 'reordered').map(([, path]) => path)).toHaveLength(1);
    expect([XML_REQUEST, XML_RESPONSE]).toContain(problems.find(([kind]) => kind === 'reordered')![1]);
  });

  it('renamed to a new seq: missing + added, each naming the other', async () => {
    await rename(join(dir, XML_REQUEST), join(dir, '000009-ncp-b-ITI-55-request.xml'));
    const { problems } = await verifyEvidence(dir, { publicKeyPem });
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'missing', path: XML_REQUEST, detail: expect.stringMatching(/000009-ncp-b-ITI-55-request\.xml \(renamed\)/) }),
      expect.objectContaining({ kind: 'added', path: '000009-ncp-b-ITI-55-request.xml', detail: expect.stringContaining(XML_REQUEST) }),
    ]);
  });

  it('entries swapped inside manifest.json: reordered and signature', async () => {
    const manifest = await readManifest();
    [manifest.entries[1], manifest.entries[4]] = [manifest.entries[4]!, manifest.entries[1]!];
    await writeManifest(manifest);
    const problems = await kinds();
    expect(problems).toContainEqual(['signature', 'manifest.json']);
    expect(problems).toContainEqual(['reordered', XML_RESPONSE]);
    expect(problems.filter(([kind]) => kind !== 'signature' && kind !== 'reordered')).toEqual([]);
  });

  it('a file altered and its manifest entry fixed to match: signature, and the chain names the file', async () => {
    await replace(XML_REQUEST, '<forged/>');
    const manifest = await readManifest();
    const { createHash } = await import('node:crypto');
    manifest.entries[0] = { ...manifest.entries[0]!, size: 9, sha256: createHash('sha256').update('<forged/>').digest('hex') };
    await writeManifest(manifest);
    expect(await kinds()).toEqual([['signature', 'manifest.json'], ['manifest', XML_REQUEST]]);
  });

  it('re-signed by an attacker with a new key: caught only when the key is pinned', async () => {
    await replace(XML_REQUEST, '<forged/>');
    await writeEvidenceManifest(dir); // a fresh key, its public half written beside the bundle
    expect((await verifyEvidence(dir)).ok).toBe(true);
    const pinned = await verifyEvidence(dir, { publicKeyPem });
    expect(pinned.problems).toEqual([expect.objectContaining({ kind: 'signature', path: 'manifest.json', detail: expect.stringMatching(/not the pinned one/) })]);
  });

  it('wrong --pub: signature problem', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await verifyEvidence(dir, { publicKeyPem: other })).problems.map((p) => [p.kind, p.path])).toEqual([['signature', 'manifest.json']]);
    expect((await verifyEvidence(dir, { publicKeyPem: 'garbage' })).problems.map((p) => p.kind)).toEqual(['signature']);
  });

  it('signature file deleted or mangled, key beside the bundle swapped', async () => {
    await writeFile(join(dir, 'manifest.json.sig'), 'not base64 !!');
    expect(await kinds()).toEqual([['signature', 'manifest.json.sig']]);
    await unlink(join(dir, 'manifest.json.sig'));
    expect(await kinds()).toEqual([['signature', 'manifest.json.sig']]);
    await writeFile(join(dir, 'evidence-signing-key.pub.pem'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await verifyEvidence(dir)).problems.map((p) => [p.kind, p.path])).toEqual([['signature', 'evidence-signing-key.pub.pem'], ['signature', 'manifest.json.sig']]);
  });

  it('an entry removed from the manifest, and one appended', async () => {
    const manifest = await readManifest();
    await writeManifest({ ...manifest, entries: manifest.entries.filter((e) => e.index !== 3) });
    expect(await kinds()).toEqual([['signature', 'manifest.json'], ['manifest', 'manifest.json'], ['added', DCM_1]]);
  });

  it.each([
    ['garbage', 'not json {'],
    ['null', 'null'],
    ['an array', '[1,2]'],
    ['a foreign manifest', '{"patients":[]}'],
    ['entries of the wrong shape', JSON.stringify({ format: 'ixh-evidence-manifest', version: 1, algorithm: 'Ed25519', publicKey: '', head: '0'.repeat(64), entries: [null, { path: '../../etc/passwd' }, { path: 'x', index: 'one' }] })],
  ])('manifest.json that is %s: a manifest problem, no crash', async (_what, text) => {
    await writeFile(join(dir, 'manifest.json'), text);
    const result = await verifyEvidence(dir, { publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'manifest' }));
    expect(result.problems.some((p) => p.path.includes('..'))).toBe(false);
  });

  it('an unsealed directory, a manifest that is a link, a recorded file that became a link', async () => {
    expect((await verifyEvidence(join(dir, 'nowhere'))).problems).toEqual([expect.objectContaining({ kind: 'manifest', path: 'manifest.json', detail: expect.stringMatching(/absent/) })]);
    await unlink(join(dir, XML_RESPONSE));
    await symlink('/dev/zero', join(dir, XML_RESPONSE));
    expect(await kinds()).toEqual([['altered', XML_RESPONSE]]);
    await rename(join(dir, 'manifest.json'), join(dir, 'real-manifest'));
    await symlink(join(dir, 'real-manifest'), join(dir, 'manifest.json'));
    expect((await verifyEvidence(dir)).problems).toEqual([expect.objectContaining({ kind: 'manifest', detail: expect.stringMatching(/not a regular file/) })]);
  });
});

describe('longestIncreasing', () => {
  it('keeps what stayed in order and leaves out what moved', () => {
    expect([...longestIncreasing([0, 4, 2, 3, 1, 5])].sort()).toEqual([0, 2, 3, 5]);
    expect(longestIncreasing([]).size).toBe(0);
    expect(longestIncreasing([3, 2, 1]).size).toBe(1);
  });
});
