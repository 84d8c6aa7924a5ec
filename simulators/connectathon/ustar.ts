/**
 * A minimal POSIX ustar writer: regular files and directories, names up to 100 bytes (or 255
 * with the prefix field), sizes below 8 GiB. Enough for a session's evidence download, which
 * every `tar` reads; no dependency for it.
 */
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1;

export interface TarEntry {
  /** '/'-separated path inside the archive; a trailing '/' makes a directory. */
  readonly name: string;
  /** File on disk whose bytes go in (absent for a directory). */
  readonly source?: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  throw new Error(`tar: name too long for ustar: ${name}`);
}

export function ustarHeader(entryName: string, size: number, directory: boolean, mtime: number): Buffer {
  if (size > MAX_SIZE) throw new Error(`tar: ${entryName} is ${size} bytes, more than ustar holds`);
  const { name, prefix } = splitName(entryName);
  const header = Buffer.alloc(BLOCK, 0);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(directory ? 0o755 : 0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(directory ? '5' : '0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write('ixh', 265, 'ascii');
  header.write('ixh', 297, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** The archive as a stream of chunks: each file streamed from disk, never whole in memory. */
export async function* tarChunks(entries: readonly TarEntry[], now = Date.now()): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if (!entry.source) {
      yield ustarHeader(entry.name.endsWith('/') ? entry.name : `${entry.name}/`, 0, true, now);
      continue;
    }
    const info = await lstat(entry.source);
    if (!info.isFile()) throw new Error(`tar: ${entry.source} is not a regular file`);
    yield ustarHeader(entry.name, info.size, false, info.mtimeMs);
    let written = 0;
    for await (const chunk of createReadStream(entry.source)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== info.size) throw new Error(`tar: ${entry.source} changed size while being archived`);
    const pad = (BLOCK - (info.size % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad, 0);
  }
  yield Buffer.alloc(BLOCK * 2, 0);
}

/** Entries for every file under `dir`, inside a top folder `top/`, in the given relative order. */
export function entriesOf(dir: string, top: string, files: readonly string[]): TarEntry[] {
  return [{ name: `${top}/` }, ...files.map((f) => ({ name: `${top}/${f}`, source: join(dir, f) }))];
}
