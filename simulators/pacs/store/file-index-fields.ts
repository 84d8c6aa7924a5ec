/**
 * The indexed attributes of a Part 10 file on disk, for folder imports: small files are read
 * whole and decoded by the fast walker of `index-fields.ts`; anything it declines (or a file too
 * large to read whole cheaply) goes through dcmjs via `readHeader`.
 */
import { open } from 'node:fs/promises';
import { HeaderReadError, readHeader } from './read-header.ts';
import { indexFieldsFromPrefix } from './index-fields.ts';

/** Files up to this size are read in one go; fixture files at 64×64 are about 10 kB. */
const WHOLE_FILE_LIMIT = 256 * 1024;

export interface FileIndexFields {
  readonly transferSyntaxUid: string;
  readonly ds: Record<string, unknown>;
  readonly size: number;
}

export async function fileIndexFields(path: string): Promise<FileIndexFields> {
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
