/**
 * Seals a directory of evidence: `manifest.json` lists every file with its size and SHA-256 in
 * the recording order, each entry chained to the one before (formula in manifest-format.ts), and
 * `manifest.json.sig` holds an Ed25519 signature over the exact bytes of manifest.json. Signing
 * the file's bytes rather than a re-serialised object means there is no canonical form to agree
 * on: a verifier in any language (or `openssl pkeyutl -verify -rawin`) checks what is on disk.
 *
 * Works on any directory (an `ixh run --evidence` directory, a connectathon session download);
 * see docs/evidence.md for the format and how to verify by hand.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncPath } from '../fsync-path.ts';
import { digestAll, recordingOrder, walkBundle } from './manifest-files.ts';
import {
  chainOf,
  GENESIS_CHAIN,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  ORDER_RULE,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  type EvidenceManifest,
  type ManifestEntry,
} from './manifest-format.ts';

/** The directory cannot be sealed as asked (bad key, unreadable file, a link in the tree …). */
export class EvidenceManifestError extends Error {}

export interface ManifestOptions {
  /** PKCS#8 PEM of an Ed25519 private key (`--sign-key FILE`). */
  readonly privateKeyPem?: string | Uint8Array;
  /** Or the key itself. Without either a key pair is generated and its private half forgotten. */
  readonly key?: KeyObject;
  /** Written into the manifest, e.g. "ixh 0.1.0". */
  readonly tool?: string;
  readonly now?: () => Date;
  /** Files hashed at the same time. */
  readonly concurrency?: number;
}

export interface WrittenManifest {
  readonly manifestPath: string;
  readonly signaturePath: string;
  /** The signing key's public half, beside the bundle; pin a copy kept elsewhere to resist re-signing. */
  readonly publicKeyPath: string;
  readonly generatedKey: boolean;
  readonly manifest: EvidenceManifest;
}

/** Reads an Ed25519 private key; anything else (RSA, encrypted, not a key) is a clear error. */
export function signingKeyFromPem(pem: string | Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: typeof pem === 'string' ? pem : Buffer.from(pem), format: 'pem' });
  } catch (err) {
    throw new EvidenceManifestError(`not a usable PEM private key (an unencrypted PKCS#8 Ed25519 key is needed): ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new EvidenceManifestError(`the signing key is ${key.asymmetricKeyType ?? 'of an unknown type'}, an Ed25519 key is needed`);
  return key;
}

/** "SHA256:<base64 of the SPKI DER digest>", the way ssh shows key fingerprints. */
export function keyFingerprint(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(spki).digest('base64').replace(/=+$/, '')}`;
}

/** The manifest of `dir` as it is now (not signed, nothing written). */
export async function buildEvidenceManifest(dir: string, publicKeyPem: string, options: Pick<ManifestOptions, 'tool' | 'now' | 'concurrency'> = {}): Promise<EvidenceManifest> {
  const { files, irregular } = await walkBundle(dir);
  if (irregular.length > 0) throw new EvidenceManifestError(`cannot seal ${dir}: not regular files (links are not followed): ${irregular.join(', ')}`);
  const order = await recordingOrder(dir, files);
  const digests = await digestAll(dir, order, options.concurrency);
  const entries: ManifestEntry[] = [];
  let previous = GENESIS_CHAIN;
  for (const path of order) {
    const digest = digests.get(path);
    if (!digest || digest instanceof Error) throw new EvidenceManifestError(`cannot read ${join(dir, path)}: ${digest?.message ?? 'not hashed'}`);
    const chain = chainOf(previous, path, digest.sha256, digest.size);
    entries.push({ index: entries.length + 1, path, size: digest.size, sha256: digest.sha256, chain });
    previous = chain;
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: options.tool ?? 'ixh',
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    algorithm: 'Ed25519',
    hash: 'SHA-256',
    order: ORDER_RULE,
    publicKey: publicKeyPem,
    entries,
    head: previous,
  };
}

/** Hashes, chains and signs every file of `dir`, then writes manifest.json, its signature and the public key. */
export async function writeEvidenceManifest(dir: string, options: ManifestOptions = {}): Promise<WrittenManifest> {
  await refuseForeignManifest(dir);
  const generatedKey = options.key === undefined && options.privateKeyPem === undefined;
  const privateKey = options.key ?? (options.privateKeyPem !== undefined ? signingKeyFromPem(options.privateKeyPem) : generateKeyPairSync('ed25519').privateKey);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new EvidenceManifestError('the signing key must be an Ed25519 private key');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();

  const manifest = await buildEvidenceManifest(dir, publicKeyPem, options);
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = sign(null, bytes, privateKey);

  const manifestPath = join(dir, MANIFEST_FILE);
  const signaturePath = join(dir, SIGNATURE_FILE);
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE);
  await writeDurably(publicKeyPath, Buffer.from(publicKeyPem, 'utf8'));
  await writeDurably(signaturePath, Buffer.from(`${signature.toString('base64')}\n`, 'utf8'));
  await writeDurably(manifestPath, bytes);
  await fsyncPath(dir);
  return { manifestPath, signaturePath, publicKeyPath, generatedKey, manifest };
}

/** Never overwrite a manifest.json that is not ours (a fixtures directory has one of its own). */
async function refuseForeignManifest(dir: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new EvidenceManifestError(`cannot read ${join(dir, MANIFEST_FILE)}: ${(err as Error).message}`);
  }
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown } | null)?.format;
  } catch {
    format = undefined;
  }
  if (format !== MANIFEST_FORMAT) throw new EvidenceManifestError(`${join(dir, MANIFEST_FILE)} exists and is not an evidence manifest; refusing to overwrite it`);
}

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}
