/**
 * The repository's document bytes, by document uniqueId. With a directory, files are named by
 * their SHA-1 and written to a temporary name first, so a document is either whole or absent;
 * without one, bytes are kept in memory. `stage` + `commit` let the repository keep a document
 * only once the registry has accepted its metadata.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredDocument {
  readonly uniqueId: string;
  readonly mimeType: string;
  readonly sha1: string;
  readonly size: number;
}

export interface StagedDocument extends StoredDocument {
  readonly bytes: Uint8Array;
}

export interface DocumentStore {
  get(uniqueId: string): (StoredDocument & { read(): Uint8Array }) | undefined;
  /** Adds documents atomically (all or none). */
  commit(documents: readonly StagedDocument[]): void;
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export function openDocumentStore(dir?: string): DocumentStore {
  const index = new Map<string, StoredDocument & { read(): Uint8Array }>();
  if (dir) mkdirSync(dir, { recursive: true });
  return {
    get: (uniqueId) => index.get(uniqueId),
    commit(documents) {
      const entries = documents.map((d) => {
        const meta = { uniqueId: d.uniqueId, mimeType: d.mimeType, sha1: d.sha1, size: d.size };
        if (!dir) {
          const bytes = d.bytes;
          return { ...meta, read: () => bytes };
        }
        const path = join(dir, d.sha1);
        const temp = join(dir, `.${randomUUID()}.tmp`);
        try {
          writeFileSync(temp, d.bytes);
          renameSync(temp, path);
        } catch (err) {
          rmSync(temp, { force: true });
          throw err;
        }
        return { ...meta, read: () => readFileSync(path) };
      });
      for (const e of entries) index.set(e.uniqueId, e);
    },
  };
}
