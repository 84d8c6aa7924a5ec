/**
 * Large message bodies (DICOM instances above 1 MiB) live as files beside the database:
 * `<dbdir>/bodies/<sessionId>/<seq>`. The store writes and fsyncs the file (and, when new, its
 * directory entry) BEFORE the row naming it commits, so a committed row never points at a file
 * that a crash lost. A crash between the two leaves an orphan file under a seq that the next
 * append takes again and overwrites.
 *
 * Synchronous on purpose: it runs inside a better-sqlite3 transaction, which cannot await.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { SessionStoreError } from './session-store-error.ts';

/** Bodies up to this size sit in the database row; larger ones in a file. */
export const INLINE_BODY_LIMIT = 1024 * 1024;
const BODIES_DIR = 'bodies';

export function bodyFileName(sessionId: string, seq: number): string {
  return `${BODIES_DIR}/${sessionId}/${seq}`;
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates `dir` (and missing parents) durably: each new entry's parent is fsynced. */
function ensureDirectory(root: string, parts: readonly string[]): string {
  let dir = root;
  for (const part of parts) {
    const parent = dir;
    dir = join(dir, part);
    if (mkdirSync(dir, { recursive: true }) !== undefined) fsyncDirectory(parent);
  }
  return dir;
}

export interface BodyFiles {
  /** Writes and fsyncs one body; returns the relative name to keep in the row. */
  write(sessionId: string, seq: number, bytes: Uint8Array): string;
  read(relative: string): Uint8Array;
}

export function bodyFilesIn(root: string): BodyFiles {
  const known = new Set<string>();
  function pathOf(relative: string): string {
    const path = resolve(root, relative);
    // Rows are ours, but a hand-edited database must not make the store read outside its directory.
    if (!path.startsWith(resolve(root, BODIES_DIR) + sep)) throw new SessionStoreError(`body file "${relative}" lies outside ${join(root, BODIES_DIR)}`);
    return path;
  }
  return {
    write(sessionId, seq, bytes) {
      if (!known.has(sessionId)) {
        ensureDirectory(root, [BODIES_DIR, sessionId]);
        known.add(sessionId);
      }
      const relative = bodyFileName(sessionId, seq);
      const fd = openSync(pathOf(relative), 'w');
      try {
        let written = 0;
        while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // The file is new (or an orphan being reused): its directory entry must be durable too.
      fsyncDirectory(join(root, BODIES_DIR, sessionId));
      return relative;
    },
    read(relative) {
      try {
        return readFileSync(pathOf(relative));
      } catch (err) {
        if (err instanceof SessionStoreError) throw err;
        throw new SessionStoreError(`the stored body ${relative} cannot be read: ${(err as Error).message}`);
      }
    },
  };
}
