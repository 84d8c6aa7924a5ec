/**
 * The files of a bundle: which ones (a walk that never follows links or opens a FIFO), in which
 * order (the recording order), and their SHA-256 (streamed, a few files at a time).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FILES } from './manifest-format.ts';

export interface BundleFiles {
  /** Regular files, '/'-separated paths relative to the directory, bundle files excluded. */
  readonly files: readonly string[];
  /** Symlinks, FIFOs, sockets, devices: never read (a link could point anywhere, a FIFO blocks). */
  readonly irregular: readonly string[];
}

export async function walkBundle(dir: string): Promise<BundleFiles> {
  const files: string[] = [];
  const irregular: string[] = [];
  async function visit(relative: string): Promise<void> {
    const entries = await readdir(relative ? join(dir, relative) : dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (!relative && BUNDLE_FILES.has(entry.name)) continue;
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) files.push(path);
      else irregular.push(path);
    }
  }
  await visit('');
  return { files, irregular };
}

/**
 * Reads a small file only if it is a regular file no bigger than `maxBytes`: a FIFO would block
 * the read forever and a link could point anywhere. `undefined` when absent.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer | undefined> {
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > maxBytes) throw new Error(`${info.size} bytes, more than the ${maxBytes} allowed`);
  return readFile(path);
}

export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const INDEX_FILE = 'index.json';
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/**
 * The recording order: the message files index.json lists, by seq (the recorder's call order),
 * then every other file by path in UTF-8 byte order. Files index.json names but the directory
 * lacks are left out; an index.json that is absent or unreadable orders nothing (all by path).
 */
export async function recordingOrder(dir: string, files: readonly string[]): Promise<string[]> {
  const present = new Set(files);
  const indexed = present.has(INDEX_FILE) ? await indexedFiles(join(dir, INDEX_FILE)) : [];
  const ordered: string[] = [];
  const placed = new Set<string>();
  for (const file of indexed) {
    if (!present.has(file) || placed.has(file)) continue;
    placed.add(file);
    ordered.push(file);
  }
  return [...ordered, ...files.filter((f) => !placed.has(f)).sort(byUtf8)];
}

async function indexedFiles(path: string): Promise<string[]> {
  let messages: unknown;
  try {
    const bytes = await readRegularFile(path, MAX_INDEX_BYTES);
    if (!bytes) return [];
    messages = (JSON.parse(bytes.toString('utf8')) as { messages?: unknown } | null)?.messages;
  } catch {
    // An unreadable index only loses the seq order; the verifier reports index.json itself as altered.
    return [];
  }
  if (!Array.isArray(messages)) return [];
  const listed = messages.flatMap((m: unknown, position) => {
    const { seq, file } = (m ?? {}) as { seq?: unknown; file?: unknown };
    if (typeof file !== 'string') return [];
    return [{ file, seq: typeof seq === 'number' && Number.isFinite(seq) ? seq : Number.POSITIVE_INFINITY, position }];
  });
  listed.sort((a, b) => a.seq - b.seq || a.position - b.position);
  return listed.map((l) => l.file);
}

export interface FileDigest {
  readonly size: number;
  readonly sha256: string;
}

/** SHA-256 and size of one file, streamed; the size is the bytes hashed, not a separate stat. */
export function digestFile(path: string): Promise<FileDigest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    stream.on('data', (chunk) => {
      size += chunk.length;
      hash.update(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ size, sha256: hash.digest('hex') }));
  });
}

/**
 * Digests of `paths` (relative to `dir`), `concurrency` at a time: enough to overlap I/O and
 * hashing without opening thousands of descriptors. A file that cannot be read maps to its error.
 */
export async function digestAll(dir: string, paths: readonly string[], concurrency = 8): Promise<Map<string, FileDigest | Error>> {
  const results = new Map<string, FileDigest | Error>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const path = paths[next++]!;
      try {
        // Checked again at open time: between the walk and now the file may have become a link.
        if (!(await lstat(join(dir, path))).isFile()) throw new Error('not a regular file');
        results.set(path, await digestFile(join(dir, path)));
      } catch (err) {
        results.set(path, err as Error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return results;
}
