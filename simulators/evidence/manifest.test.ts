import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceManifestError, keyFingerprint, signingKeyFromPem, writeEvidenceManifest } from './manifest.ts';
import { GENESIS_CHAIN, type EvidenceManifest } from './manifest-format.ts';
import { MESSAGE_FILES, writeTestEvidence } from './test-bundle.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-manifest-'));
  await writeTestEvidence(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The chain formula of docs/evidence.md, written out again byte by byte. */
function chainByHand(previous: string, path: string, sha256: string, size: number): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from(previous), Buffer.of(0), Buffer.from(path), Buffer.of(0), Buffer.from(sha256), Buffer.of(0), Buffer.from(String(size))])).digest('hex');
}

describe('writeEvidenceManifest', () => {
  it('lists every file in recording order with size, SHA-256 and a chain, and signs the exact bytes', async () => {
    const written = await writeEvidenceManifest(dir, { tool: 'ixh test', now: () => new Date('2026-01-02T03:04:05Z') });
    const bytes = await readFile(written.manifestPath);
    const manifest = JSON.parse(bytes.toString('utf8')) as EvidenceManifest;

    expect(manifest.entries.map((e) => e.path)).toEqual([...MESSAGE_FILES, 'index.json', 'runs.json']);
    expect(manifest).toMatchObject({ format: 'ixh-evidence-manifest', version: 1, tool: 'ixh test', createdAt: '2026-01-02T03:04:05.000Z', algorithm: 'Ed25519' });
    let previous = GENESIS_CHAIN;
    for (const [i, entry] of manifest.entries.entries()) {
      const content = await readFile(join(dir, entry.path));
      expect(entry).toEqual({ index: i + 1, path: entry.path, size: content.byteLength, sha256: createHash('sha256').update(content).digest('hex'), chain: chainByHand(previous, entry.path, entry.sha256, content.byteLength) });
      previous = entry.chain;
    }
    expect(manifest.head).toBe(previous);

    const signature = Buffer.from((await readFile(written.signaturePath, 'utf8')).trim(), 'base64');
    expect(verify(null, bytes, await readFile(written.publicKeyPath, 'utf8'), signature)).toBe(true);
    expect(manifest.publicKey).toBe(await readFile(written.publicKeyPath, 'utf8'));
  });

  it('forgets a generated private key: nothing in the directory holds it', async () => {
    const written = await writeEvidenceManifest(dir);
    expect(written.generatedKey).toBe(true);
    for (const name of await readdir(dir)) expect(await readFile(join(dir, name), 'utf8')).not.toMatch(/PRIVATE KEY/);
  });

  it('signs with a given PKCS#8 key, and refuses a key that is not Ed25519', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const written = await writeEvidenceManifest(dir, { privateKeyPem: pem });
    expect(written.generatedKey).toBe(false);
    expect(keyFingerprint(signingKeyFromPem(pem))).toBe(keyFingerprint(publicKey));
    const signature = Buffer.from((await readFile(written.signaturePath, 'utf8')).trim(), 'base64');
    expect(verify(null, await readFile(written.manifestPath), publicKey, signature)).toBe(true);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => signingKeyFromPem(rsa)).toThrow(/rsa, an Ed25519 key is needed/);
    expect(() => signingKeyFromPem('not a key')).toThrow(EvidenceManifestError);
  });

  it('orders message files by seq from index.json, not by name, then the rest by path', async () => {
    const other = await mkdtemp(join(tmpdir(), 'ixh-manifest-order-'));
    try {
      await writeFile(join(other, 'b.xml'), 'first');
      await writeFile(join(other, 'a.xml'), 'second');
      await mkdir(join(other, 'sub'));
      await writeFile(join(other, 'sub', 'z.txt'), 'z');
      await writeFile(join(other, 'c.txt'), 'c');
      await writeFile(join(other, 'index.json'), JSON.stringify({ messages: [{ seq: 2, file: 'a.xml' }, { seq: 1, file: 'b.xml' }, { seq: 3, file: 'gone.xml' }] }));
      const { manifest } = await writeEvidenceManifest(other);
      expect(manifest.entries.map((e) => e.path)).toEqual(['b.xml', 'a.xml', 'c.txt', 'index.json', 'sub/z.txt']);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('re-seals its own manifest but will not overwrite a foreign manifest.json or follow a link', async () => {
    await writeEvidenceManifest(dir);
    const again = await writeEvidenceManifest(dir);
    expect(again.manifest.entries.map((e) => e.path)).not.toContain('manifest.json');

    await writeFile(join(dir, 'manifest.json'), '{"patients":[]}');
    await expect(writeEvidenceManifest(dir)).rejects.toThrow(/not an evidence manifest; refusing/);
    await rm(join(dir, 'manifest.json'));
    await symlink('/etc/hostname', join(dir, 'link.txt'));
    await expect(writeEvidenceManifest(dir)).rejects.toThrow(/not regular files.*link\.txt/);
  });

  it('can be checked by hand with openssl (docs/evidence.md)', async () => {
    const openssl = await promisify(execFile)('openssl', ['version']).then(() => true, () => false);
    if (!openssl) return; // the formula test above already proves the signature with Node's own verify
    const written = await writeEvidenceManifest(dir);
    const sigBin = `${dir}.sig.bin`; // outside the bundle, so it is not an added file
    await writeFile(sigBin, Buffer.from((await readFile(written.signaturePath, 'utf8')).trim(), 'base64'));
    try {
      const { stdout } = await promisify(execFile)('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', written.publicKeyPath, '-rawin', '-in', written.manifestPath, '-sigfile', sigBin]);
      expect(stdout).toMatch(/Signature Verified Successfully/);
    } finally {
      await rm(sigBin, { force: true });
    }
  });
});
