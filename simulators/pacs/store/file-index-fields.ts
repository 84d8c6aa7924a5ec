/**
 * The indexed attributes of a Part 10 file on disk, for folder imports: small files are read
 * whole and decoded by the fast walker of `index-fields.ts`; anything it declines (or a file too
 * large to read whole cheaply) goes through dcmjs via `readHeader`.
 */
import { open, stat } from 'node:fs/promises';
import { HeaderReadError, readHeader } from './read-header.ts';
import { indexFieldsFromPrefix } from './index-fields.ts';

/** Files up to this size are read in one go; fixture files at 64×64 are about 10 kB. */
const WHOLE_FILE_LIMIT = 256 * 1024;

export interface FileIndexFields {
  readonly transferSyntaxUid: string;
  readonly ds: Record<string, unknown>;
  readonly size: number;
}

/**
 * Fields already read, by path, checked against size and mtime: every world of a scenario run
 * indexes the same cached fixture files, and parsing them again cost a second per world.
 */
const known = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly fields: FileIndexFields }>();
const KNOWN_LIMIT = 100_000;

export async function fileIndexFields(path: string): Promise<FileIndexFields> {
  let stats: { size: number; mtimeMs: number } | undefined;
  try {
    stats = await stat(path);
  } catch {
    // reported by the read below, with the same error as before
  }
  const hit = stats && known.get(path);
  if (hit && stats && hit.size === stats.size && hit.mtimeMs === stats.mtimeMs) return hit.fields;
  const fields = await readIndexFields(path);
  if (stats && fields.size === stats.size) {
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(path, { size: stats.size, mtimeMs: stats.mtimeMs, fields });
  }
  return fields;
}

async function readIndexFields(path: string): Promise<FileIndexFields> {
  let bytes: Buffer | undefined;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      size = (await handle.stat()).size;
      if (size <= WHOLE_FILE_LIMIT) {
        bytes = Buffer.allocUnsafe(size);
        const { bytesRead } = await handle.read(bytes, 0, size, 0);
        bytes = bytes.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new HeaderReadError('io', path, (err as Error).message);
  }
  const fields = bytes ? indexFieldsFromPrefix(bytes) : undefined;
  if (fields) return { ...fields, size };
  const header = await readHeader(path);
  return { transferSyntaxUid: header.meta.TransferSyntaxUID, ds: header.ds, size: header.size };
}
