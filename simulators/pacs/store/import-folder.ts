/**
 * Indexes the `*.dcm` files of a folder tree in place (no copy: the index stores their paths),
 * e.g. the output of `ixh fixtures generate`, for `ixh serve pacs --data DIR`. Unreadable or
 * unindexable files are skipped and listed with the reason, never fatal.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IndexRecordError, recordFromDataset, type IndexRecord } from './index-record.ts';
import type { PacsIndex } from './pacs-index.ts';
import { fileIndexFields } from './file-index-fields.ts';
import { HeaderReadError } from './read-header.ts';

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

/** Files read at once: enough to keep the disk and the thread pool busy while one is parsed. */
const CONCURRENCY = 16;

export interface ImportOptions {
  /**
   * The folder never changes once written (the fixture cache: written aside, then renamed): its
   * index records are read once per process and reused by every PACS that imports it.
   */
  readonly immutable?: boolean;
}

/** Records of immutable folders already read, by folder. */
const immutableFolders = new Map<string, { readonly records: readonly IndexRecord[]; readonly skipped: readonly SkippedFile[] }>();

export async function importFolder(index: PacsIndex, dir: string, options: ImportOptions = {}): Promise<ImportReport> {
  const known = options.immutable ? immutableFolders.get(resolve(dir)) : undefined;
  if (known) {
    for (let i = 0; i < known.records.length; i += BATCH) index.bulkInsert(known.records.slice(i, i + BATCH));
    return { indexed: known.records.length, skipped: known.skipped };
  }
  const kept: IndexRecord[] | undefined = options.immutable ? [] : undefined;
  const skipped: SkippedFile[] = [];
  const files = await listDcmFiles(dir);
  let indexed = 0;
  let batch: IndexRecord[] = [];
  const flush = (): void => {
    index.bulkInsert(batch);
    kept?.push(...batch);
    indexed += batch.length;
    batch = [];
  };
  const read = async (path: string): Promise<IndexRecord | SkippedFile> => {
    try {
      const fields = await fileIndexFields(path);
      return recordFromDataset(fields.ds, { path, transferSyntaxUid: fields.transferSyntaxUid, size: fields.size });
    } catch (err) {
      const code = err instanceof HeaderReadError ? err.code : err instanceof IndexRecordError ? 'missing-attributes' : 'error';
      return { path, code, reason: (err as Error).message };
    }
  };
  // A sliding window of reads, consumed in file order so the import stays deterministic.
  const inFlight: Promise<IndexRecord | SkippedFile>[] = files.slice(0, CONCURRENCY).map(read);
  for (let next = CONCURRENCY, i = 0; i < files.length; i++) {
    const result = await inFlight.shift()!;
    if (next < files.length) inFlight.push(read(files[next++]!));
    if ('reason' in result) skipped.push(result);
    else batch.push(result);
    if (batch.length >= BATCH) flush();
  }
  flush();
  if (kept) immutableFolders.set(resolve(dir), { records: kept, skipped: [...skipped] });
  return { indexed, skipped };
}
