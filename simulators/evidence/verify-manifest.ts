/**
 * Checks a sealed evidence directory against its manifest and says, per file, what changed:
 *
 * - `signature` manifest.json does not match manifest.json.sig under the key (pinned, or else the
 *               one the manifest names), or the key file beside the bundle is another key;
 * - `manifest`  manifest.json is absent, not a manifest, or its hash chain breaks (edited by hand);
 * - `altered`   a file's bytes differ from the recorded SHA-256/size (or it became a link);
 * - `missing`   a recorded file is gone;
 * - `added`     a file that the manifest does not list;
 * - `reordered` the recorded order changed: manifest entries moved, two files' contents swapped
 *               (or one's bytes moved to another recorded name), or index.json now lists the
 *               messages in another order. A file renamed to a new name is `missing` + `added`,
 *               each detail naming the other.
 *
 * Never throws on what it reads: a hostile directory gives problems, not exceptions, and links,
 * FIFOs and paths outside the directory are never opened.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { basename, join } from 'node:path';
import { keyFingerprint } from './manifest.ts';
import { digestAll, readRegularFile, recordingOrder, walkBundle, type FileDigest } from './manifest-files.ts';
import {
  chainOf,
  GENESIS_CHAIN,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  PUBLIC_KEY_FILE,
  readManifestBytes,
  SIGNATURE_FILE,
  type EvidenceManifest,
  type EvidenceProblem,
  type ManifestEntry,
} from './manifest-format.ts';

export type { EvidenceProblem, ProblemKind } from './manifest-format.ts';

export interface VerifyOptions {
  /** The key to trust (SPKI PEM). Without it the key named in the manifest is used: that catches accidents, not an attacker who re-signs. */
  readonly publicKeyPem?: string | Uint8Array;
  readonly concurrency?: number;
}

export interface EvidenceVerification {
  readonly ok: boolean;
  readonly problems: readonly EvidenceProblem[];
  /** Files the manifest lists (0 when it cannot be read). */
  readonly entries: number;
  readonly head?: string;
  /** Whether the signature was checked against a key given by the caller. */
  readonly pinned: boolean;
  /** Fingerprint of the key the signature was checked against. */
  readonly keyFingerprint?: string;
}

export async function verifyEvidence(dir: string, options: VerifyOptions = {}): Promise<EvidenceVerification> {
  const pinned = options.publicKeyPem !== undefined;
  const problems: EvidenceProblem[] = [];
  const done = (extra: Partial<EvidenceVerification> = {}): EvidenceVerification => ({ ok: problems.length === 0, problems, entries: 0, pinned, ...extra });

  let bytes: Buffer | undefined;
  try {
    bytes = await readRegularFile(join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES);
  } catch (err) {
    problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return done();
  }
  if (!bytes) {
    problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: 'absent: the directory was never sealed, or its manifest was deleted' });
    return done();
  }
  const reading = readManifestBytes(bytes);
  const manifest = reading.ok ? reading.manifest : undefined;
  const key = await signatureProblems(dir, bytes, manifest, options.publicKeyPem, problems);
  const fingerprint = key ? { keyFingerprint: keyFingerprint(key) } : {};
  if (!reading.ok) {
    problems.push(...reading.problems);
    return done(fingerprint);
  }
  chainProblems(reading.manifest, problems);
  await fileProblems(dir, reading.manifest, options.concurrency, problems);
  return done({ entries: reading.manifest.entries.length, head: reading.manifest.head, ...fingerprint });
}

/** Checks manifest.json.sig; returns the key it was checked against, if one could be had. */
async function signatureProblems(dir: string, bytes: Buffer, manifest: EvidenceManifest | undefined, pinnedPem: string | Uint8Array | undefined, problems: EvidenceProblem[]): Promise<KeyObject | undefined> {
  const beside = await readOptional(join(dir, PUBLIC_KEY_FILE), problems);
  const besideKey = beside === undefined ? undefined : publicKeyOf(beside);
  const namedKey = manifest ? publicKeyOf(manifest.publicKey) : undefined;
  if (manifest && !namedKey) problems.push({ kind: 'signature', path: MANIFEST_FILE, detail: 'publicKey is not an Ed25519 public key in PEM' });
  if (beside !== undefined && !besideKey) problems.push({ kind: 'signature', path: PUBLIC_KEY_FILE, detail: 'not an Ed25519 public key in PEM' });
  if (!pinnedPem && besideKey && namedKey && !sameKey(besideKey, namedKey)) {
    problems.push({ kind: 'signature', path: PUBLIC_KEY_FILE, detail: `is key ${keyFingerprint(besideKey)}, but manifest.json names ${keyFingerprint(namedKey)}` });
  }

  const key = pinnedPem !== undefined ? publicKeyOf(pinnedPem) : (namedKey ?? besideKey);
  if (pinnedPem !== undefined && !key) {
    problems.push({ kind: 'signature', path: MANIFEST_FILE, detail: 'the pinned key is not an Ed25519 key in PEM, nothing to check the signature against' });
    return undefined;
  }
  if (!key) {
    problems.push({ kind: 'signature', path: MANIFEST_FILE, detail: 'no key to check the signature against (none pinned, none readable in the manifest or beside it)' });
    return undefined;
  }

  const text = await readOptional(join(dir, SIGNATURE_FILE), problems);
  if (text === undefined) {
    if (!problems.some((p) => p.path === SIGNATURE_FILE)) problems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: 'absent: the manifest is not signed' });
    return key;
  }
  const encoded = text.toString('latin1').trim();
  const signature = Buffer.from(encoded, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || signature.byteLength !== 64) {
    problems.push({ kind: 'signature', path: SIGNATURE_FILE, detail: 'not the base64 of a 64-byte Ed25519 signature' });
    return key;
  }
  let valid = false;
  try {
    valid = verify(null, bytes, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    const other = pinnedPem !== undefined && namedKey && !sameKey(key, namedKey) ? `; the manifest names key ${keyFingerprint(namedKey)}, not the pinned one` : '';
    problems.push({ kind: 'signature', path: MANIFEST_FILE, detail: `does not match ${SIGNATURE_FILE} under key ${keyFingerprint(key)}: edited after signing, or signed by another key${other}` });
  }
  return key;
}

/**
 * Entries out of their numbered place are `reordered`; numbers never seen were removed; an
 * in-place entry whose chain does not follow from the one before was edited.
 */
function chainProblems(manifest: EvidenceManifest, problems: EvidenceProblem[]): void {
  const entries = manifest.entries;
  const inPlace = longestIncreasing(entries.map((e) => e.index));
  const indices = new Set(entries.map((e) => e.index));
  if (indices.size !== entries.length) problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: 'two entries carry the same index' });
  const highest = [...indices].reduce((a, b) => Math.max(a, b), 0);
  const removed = [];
  for (let i = 1; i <= highest && removed.length < 20; i++) if (!indices.has(i)) removed.push(`#${i}`);
  if (removed.length > 0) problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: `entries ${removed.join(', ')} were removed from the manifest` });

  entries.forEach((entry, position) => {
    if (!inPlace.has(position)) {
      problems.push({ kind: 'reordered', path: entry.path, detail: `entry #${entry.index} is listed at position ${position + 1}: the entries of manifest.json were reordered` });
      return;
    }
    const previous = position === 0 ? GENESIS_CHAIN : entries[position - 1]!.chain;
    const follows = position === 0 ? entry.index === 1 : inPlace.has(position - 1) && entries[position - 1]!.index === entry.index - 1;
    if (follows && chainOf(previous, entry.path, entry.sha256, entry.size) !== entry.chain) {
      problems.push({ kind: 'manifest', path: entry.path, detail: `the hash chain breaks at entry #${entry.index}: its path, size or SHA-256 was changed in manifest.json after it was written` });
    }
  });
  const last = entries.at(-1)?.chain ?? GENESIS_CHAIN;
  if (manifest.head !== last) problems.push({ kind: 'manifest', path: MANIFEST_FILE, detail: 'head is not the last entry\'s chain: entries were removed from or added to the end' });
}

async function fileProblems(dir: string, manifest: EvidenceManifest, concurrency: number | undefined, problems: EvidenceProblem[]): Promise<void> {
  let walk: Awaited<ReturnType<typeof walkBundle>>;
  try {
    walk = await walkBundle(dir);
  } catch (err) {
    problems.push({ kind: 'manifest', path: '.', detail: `the directory cannot be listed: ${(err as Error).message}` });
    return;
  }
  const present = new Set(walk.files);
  const irregular = new Set(walk.irregular);
  const recorded = new Map(manifest.entries.map((e) => [e.path, e]));
  const added = walk.files.filter((f) => !recorded.has(f));
  const digests = await digestAll(dir, [...manifest.entries.filter((e) => present.has(e.path)).map((e) => e.path), ...added], concurrency);
  const current = (path: string): FileDigest | undefined => {
    const d = digests.get(path);
    return d instanceof Error ? undefined : d;
  };
  const intact = (e: ManifestEntry): boolean => current(e.path)?.sha256 === e.sha256 && current(e.path)?.size === e.size;
  const bySha = new Map<string, ManifestEntry[]>();
  for (const e of manifest.entries) bySha.set(e.sha256, [...(bySha.get(e.sha256) ?? []), e]);
  const missing = manifest.entries.filter((e) => !present.has(e.path) && !irregular.has(e.path));
  const renamedTo = new Map<string, string>();
  for (const path of added) {
    const from = missing.find((e) => e.sha256 === current(path)?.sha256 && !renamedTo.has(e.path));
    if (from) renamedTo.set(from.path, path);
  }

  for (const entry of manifest.entries) {
    const digest = digests.get(entry.path);
    if (irregular.has(entry.path)) problems.push({ kind: 'altered', path: entry.path, detail: 'is no longer a regular file (a link, FIFO or device now); not followed' });
    else if (!present.has(entry.path)) {
      const to = renamedTo.get(entry.path);
      problems.push({ kind: 'missing', path: entry.path, detail: to ? `entry #${entry.index} is gone; its bytes are now at ${to} (renamed)` : `entry #${entry.index} (${entry.size} bytes) is gone` });
    } else if (digest instanceof Error) problems.push({ kind: 'altered', path: entry.path, detail: `cannot be read: ${digest.message}` });
    else if (digest && !intact(entry)) {
      const source = bySha.get(digest.sha256)?.find((q) => q.path !== entry.path && !intact(q));
      problems.push(source
        ? { kind: 'reordered', path: entry.path, detail: `holds the bytes recorded for #${source.index} ${source.path}, not those of #${entry.index}: contents swapped or moved` }
        : { kind: 'altered', path: entry.path, detail: `SHA-256 ${digest.sha256.slice(0, 16)}…, ${digest.size} bytes; recorded ${entry.sha256.slice(0, 16)}…, ${entry.size} bytes` });
    }
  }
  for (const path of added.sort()) {
    const from = [...renamedTo].find(([, to]) => to === path)?.[0];
    const digest = current(path);
    problems.push({ kind: 'added', path, detail: from ? `not in the manifest; same bytes as #${recorded.get(from)!.index} ${from}, which is missing (renamed)` : `not in the manifest${digest ? ` (${digest.size} bytes)` : ''}` });
  }
  for (const path of [...irregular].filter((p) => !recorded.has(p)).sort()) problems.push({ kind: 'added', path, detail: 'not in the manifest, and not a regular file (not followed)' });

  await orderProblems(dir, manifest, walk.files.filter((f) => recorded.has(f)), problems);
}

/** The recorded files still present, in today's recording order (index.json), against the manifest's. */
async function orderProblems(dir: string, manifest: EvidenceManifest, files: readonly string[], problems: EvidenceProblem[]): Promise<void> {
  // By recorded number, not by position in the list, so entries moved inside manifest.json are not counted twice.
  const entryOf = new Map(manifest.entries.map((e) => [e.path, e]));
  const today = await recordingOrder(dir, files);
  const kept = longestIncreasing(today.map((p) => entryOf.get(p)!.index));
  const flagged = new Set(problems.filter((p) => p.kind === 'reordered').map((p) => p.path));
  today.forEach((path, i) => {
    if (kept.has(i) || flagged.has(path)) return;
    const entry = entryOf.get(path)!;
    problems.push({ kind: 'reordered', path, detail: `recorded as #${entry.index}, now at place ${i + 1}${i > 0 ? ` after ${today[i - 1]}` : ''}: index.json lists the messages in another order` });
  });
}

/** Positions of one longest strictly increasing subsequence: what stayed in order (O(n log n)). */
export function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

function publicKeyOf(pem: string | Uint8Array): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: typeof pem === 'string' ? pem : Buffer.from(pem), format: 'pem' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

/** A key or signature file; unreadable is a `signature` problem (a key and a signature are a few hundred bytes). */
async function readOptional(path: string, problems: EvidenceProblem[]): Promise<Buffer | undefined> {
  try {
    return await readRegularFile(path, 64 * 1024);
  } catch (err) {
    problems.push({ kind: 'signature', path: basename(path), detail: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return undefined;
  }
}
