import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import { writeEvidenceManifest } from '../../simulators/evidence/manifest.ts';
import { MESSAGE_FILES, writeTestEvidence } from '../../simulators/evidence/test-bundle.ts';
import { CliError } from '../command.ts';
import { runCommand } from './run.ts';
import { verifyEvidenceCommand } from './verify-evidence.ts';

const IXH = join(import.meta.dirname, '..', '..', 'bin', 'ixh.mjs');
let root: string;
let dir: string;
let pubFile: string;
let stdout: string[];
let stderr: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ixh-verify-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(root, 'bundle-'));
  await writeTestEvidence(dir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  pubFile = `${dir}.pub.pem`;
  await writeFile(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
  await writeEvidenceManifest(dir, { key: privateKey });
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => Boolean(stdout.push(String(chunk))));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => Boolean(stderr.push(String(chunk))));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('ixh verify-evidence', () => {
  it('exit 0 for an intact bundle, and warns that an unpinned key resists accidents only', async () => {
    expect(await verifyEvidenceCommand([dir])).toBe(0);
    expect(stdout.join('')).toMatch(/intact — 8 files, head [0-9a-f]{64}, signed by key SHA256:\S+ \(named in the manifest, not pinned\)/);
    expect(stderr.join('')).toMatch(/no --pub given.*re-sign.*--pub KEY/);

    stdout.length = 0;
    stderr.length = 0;
    expect(await verifyEvidenceCommand([dir, '--pub', pubFile])).toBe(0);
    expect(stdout.join('')).toMatch(/\(pinned\)/);
    expect(stderr.join('')).toBe('');
  });

  it('exit 1 with one line per problem naming the kind and the file', async () => {
    await unlink(join(dir, MESSAGE_FILES[0]));
    await writeFile(join(dir, MESSAGE_FILES[0]), '<forged/>');
    await unlink(join(dir, MESSAGE_FILES[1]));
    expect(await verifyEvidenceCommand([dir, '--pub', pubFile])).toBe(1);
    const lines = stdout.join('').trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^altered +${MESSAGE_FILES[0]}: SHA-256`)),
      expect.stringMatching(new RegExp(`^missing +${MESSAGE_FILES[1]}: entry #2`)),
      expect.stringMatching(/TAMPERED — 2 problems in 8 recorded files/),
    ]);
  });

  it('--json gives the problems as data', async () => {
    await writeFile(join(dir, 'extra.txt'), 'x');
    expect(await verifyEvidenceCommand([dir, '--pub', pubFile, '--json'])).toBe(1);
    const result = JSON.parse(stdout.join('')) as { ok: boolean; pinned: boolean; problems: { kind: string; path: string }[] };
    expect(result).toMatchObject({ ok: false, pinned: true, problems: [{ kind: 'added', path: 'extra.txt' }] });
  });

  it('usage errors and directories with nothing to verify are CliErrors (exit 2)', async () => {
    await expect(verifyEvidenceCommand([])).rejects.toThrow(/usage: ixh verify-evidence/);
    await expect(verifyEvidenceCommand([join(root, 'absent')])).rejects.toThrow(/cannot read .*ENOENT/);
    await mkdir(join(root, 'unsealed'), { recursive: true });
    await expect(verifyEvidenceCommand([join(root, 'unsealed')])).rejects.toThrow(/has no manifest\.json/);
    await expect(verifyEvidenceCommand([dir, '--pub', join(root, 'no-key.pem')])).rejects.toThrow(CliError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    await writeFile(join(root, 'rsa.pem'), rsa);
    await expect(verifyEvidenceCommand([dir, '--pub', join(root, 'rsa.pem')])).rejects.toThrow(/not an Ed25519 public key.*rsa/);
  });

  it('a garbage manifest is tampering (exit 1), not a crash', async () => {
    await writeFile(join(dir, 'manifest.json'), '\u0000{{{');
    expect(await verifyEvidenceCommand([dir, '--pub', pubFile])).toBe(1);
    expect(stdout.join('')).toMatch(/^manifest +manifest\.json: not JSON/m);
  });
});

describe('ixh run --sign-key', () => {
  it('refuses a key without --evidence, and a key that is not Ed25519, before running anything', async () => {
    await expect(runCommand(['ms-attack', '--sign-key', pubFile])).rejects.toThrow(/--sign-key needs --evidence/);
    await expect(runCommand(['ms-attack', '--evidence', join(root, 'ev'), '--sign-key', pubFile])).rejects.toThrow(/--sign-key .*not a usable PEM private key/);
    await expect(runCommand(['ms-attack', '--evidence', join(root, 'ev'), '--sign-key', join(root, 'none.pem')])).rejects.toThrow(/cannot read the signing key/);
  });
});

describe('through bin/ixh.mjs', () => {
  it('exits 0 intact, 1 tampered, 2 unsealed', async () => {
    const ixh = (...args: string[]) => runTool(process.execPath, [IXH, ...args], { timeoutMs: 30_000 });
    expect((await ixh('verify-evidence', dir, '--pub', pubFile)).code).toBe(0);
    await writeFile(join(dir, MESSAGE_FILES[3]), `${await readFile(join(dir, MESSAGE_FILES[3]), 'utf8')} `);
    const tampered = await ixh('verify-evidence', dir, '--pub', pubFile);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(new RegExp(`^altered +${MESSAGE_FILES[3]}:`, 'm'));
    const unsealed = await ixh('verify-evidence', root);
    expect(unsealed.code).toBe(2);
    expect(unsealed.stderr).toMatch(/has no manifest\.json/);
  });
});
