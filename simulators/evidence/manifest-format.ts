/**
 * The evidence manifest: what `manifest.json` holds, the hash-chain formula, and the reader that
 * turns hostile bytes into either a manifest or a list of problems (never an exception).
 *
 * Chain formula (entry i, 1-based; hex is lowercase; ‖ is concatenation; 0x00 is one NUL byte):
 *
 *   chain_0 = "0" × 64
 *   chain_i = hex( SHA-256( chain_{i-1} ‖ 0x00 ‖ path_i ‖ 0x00 ‖ sha256_i ‖ 0x00 ‖ decimal(size_i) ) )
 *
 * with `path_i` the file's path relative to the directory, '/'-separated, UTF-8. NUL separates the
 * fields because it is the one byte a POSIX file name cannot contain, so no two different entry
 * lists give the same input. In a shell:
 *   printf '%s\0%s\0%s\0%s' "$prev" "$path" "$sha" "$size" | sha256sum
 * `head` is the last entry's chain (chain_0 for an empty directory).
 */
import { createHash } from 'node:crypto';

export const MANIFEST_FILE = 'manifest.json';
/** Base64 of the 64-byte Ed25519 signature over the exact bytes of manifest.json. */
export const SIGNATURE_FILE = 'manifest.json.sig';
/** The signing key's public half (SPKI PEM), beside the bundle for convenience; not a trust anchor. */
export const PUBLIC_KEY_FILE = 'evidence-signing-key.pub.pem';
/** Files that describe the bundle and are therefore outside it. */
export const BUNDLE_FILES: ReadonlySet<string> = new Set([MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]);

export const MANIFEST_FORMAT = 'ixh-evidence-manifest';
export const MANIFEST_VERSION = 1;
export const GENESIS_CHAIN = '0'.repeat(64);
export const ORDER_RULE = 'messages of index.json by seq, then every other file by path (UTF-8 byte order)';
/** A manifest of 2000 entries is about 0.5 MB; anything far beyond is not one of ours. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ManifestEntry {
  /** Position in the recorded order, 1-based. */
  readonly index: number;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly chain: string;
}

export interface EvidenceManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  readonly tool: string;
  readonly createdAt: string;
  readonly algorithm: 'Ed25519';
  readonly hash: 'SHA-256';
  readonly order: string;
  /** SPKI PEM of the key whose signature is in manifest.json.sig. */
  readonly publicKey: string;
  readonly entries: readonly ManifestEntry[];
  readonly head: string;
}

export type ProblemKind = 'altered' | 'missing' | 'added' | 'reordered' | 'signature' | 'manifest';

export interface EvidenceProblem {
  readonly kind: ProblemKind;
  /** The file concerned, relative to the directory. */
  readonly path: string;
  readonly detail: string;
}

export function chainOf(previous: string, path: string, sha256: string, size: number): string {
  const nul = Buffer.of(0);
  return createHash('sha256')
    .update(previous)
    .update(nul)
    .update(path, 'utf8')
    .update(nul)
    .update(sha256)
    .update(nul)
    .update(String(size))
    .digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A path a manifest may name: relative, '/'-separated, no empty, '.' or '..' segment, no NUL or
 * backslash — so a hostile manifest can never make the verifier read outside the directory.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 4096 || path.startsWith('/') || /[\0\\]/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export type ManifestReading =
  | { readonly ok: true; readonly manifest: EvidenceManifest }
  | { readonly ok: false; readonly problems: readonly EvidenceProblem[] };

/** Parses and checks the shape of manifest.json; every defect is a `manifest` problem. */
export function readManifestBytes(bytes: Uint8Array): ManifestReading {
  const fail = (detail: string): ManifestReading => ({ ok: false, problems: [{ kind: 'manifest', path: MANIFEST_FILE, detail }] });
  if (bytes.byteLength > MAX_MANIFEST_BYTES) return fail(`${bytes.byteLength} bytes, more than any evidence manifest (${MAX_MANIFEST_BYTES})`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return fail(`not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(value)) return fail('not a JSON object');
  if (value.format !== MANIFEST_FORMAT) return fail(`format is ${JSON.stringify(value.format)}, expected "${MANIFEST_FORMAT}"`);
  if (value.version !== MANIFEST_VERSION) return fail(`version ${JSON.stringify(value.version)} is not supported (expected ${MANIFEST_VERSION})`);
  if (value.algorithm !== 'Ed25519') return fail(`algorithm ${JSON.stringify(value.algorithm)}, expected "Ed25519"`);
  if (typeof value.publicKey !== 'string') return fail('publicKey is not a string');
  if (typeof value.head !== 'string' || !HEX64.test(value.head)) return fail('head is not 64 lowercase hex digits');
  if (!Array.isArray(value.entries)) return fail('entries is not an array');

  const problems: EvidenceProblem[] = [];
  const seen = new Set<string>();
  value.entries.forEach((raw: unknown, position) => {
    const where = `entry at position ${position + 1}`;
    if (!isRecord(raw)) return problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: `${where} is not an object` });
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    const problem = (detail: string): void => void problems.push({ kind: 'manifest', path: path !== undefined && isSafeRelativePath(path) ? path : MANIFEST_FILE, detail: `${where}: ${detail}` });
    if (path === undefined || !isSafeRelativePath(path)) return problem(`path ${JSON.stringify(raw.path)} is not a safe relative path`);
    if (BUNDLE_FILES.has(path)) return problem(`names ${path}, which is part of the seal, not of the bundle`);
    if (seen.has(path)) return problem('the path is listed twice');
    seen.add(path);
    if (!Number.isSafeInteger(raw.index) || (raw.index as number) < 1) return problem(`index ${JSON.stringify(raw.index)} is not a positive integer`);
    if (!Number.isSafeInteger(raw.size) || (raw.size as number) < 0) return problem(`size ${JSON.stringify(raw.size)} is not a non-negative integer`);
    if (typeof raw.sha256 !== 'string' || !HEX64.test(raw.sha256)) return problem('sha256 is not 64 lowercase hex digits');
    if (typeof raw.chain !== 'string' || !HEX64.test(raw.chain)) return problem('chain is not 64 lowercase hex digits');
    return undefined;
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, manifest: value as unknown as EvidenceManifest };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
