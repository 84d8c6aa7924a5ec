/**
 * Indexes the `*.dcm` files of a folder tree in place (no copy: the index stores their paths),
 * e.g. the output of `ixh fixtures generate`, for `ixh serve pacs --data DIR`. Unreadable or
 * unindexable files are skipped and listed with the reason, never fatal.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IndexRecordError, recordFromDataset, type IndexRecord } from './index-record.ts';
import type { PacsIndex } from './pacs-index.ts';
import { HeaderReadError, readHeader } from './read-header.ts';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
  /** `HeaderReadError.code`, `missing-attributes`, or `error` for anything unexpected. */
  readonly code: string;
}

export interface ImportReport {
  readonly indexed: number;
  readonly skipped: readonly SkippedFile[];
}

const BATCH = 500;

async function listDcmFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.dcm'))
    .map((e) => resolve(join(e.parentPath ?? e.path, e.name)))
    .sort();
}

export async function importFolder(index: PacsIndex, dir: string): Promise<ImportReport> {
  const skipped: SkippedFile[] = [];
  let indexed = 0;
  let batch: IndexRecord[] = [];
  const flush = (): void => {
    index.bulkInsert(batch);
    indexed += batch.length;
    batch = [];
  };
  for (const path of await listDcmFiles(dir)) {
    try {
      const header = await readHeader(path);
      batch.push(recordFromDataset(header.ds, { path, transferSyntaxUid: header.meta.TransferSyntaxUID, size: header.size }));
    } catch (err) {
      const code = err instanceof HeaderReadError ? err.code : err instanceof IndexRecordError ? 'missing-attributes' : 'error';
      skipped.push({ path, code, reason: (err as Error).message });
      continue;
    }
    if (batch.length >= BATCH) flush();
  }
  flush();
  return { indexed, skipped };
}
