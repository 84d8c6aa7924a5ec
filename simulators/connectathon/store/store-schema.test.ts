import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoreDatabase, SCHEMA_VERSION } from './store-schema.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ixh-store-schema-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openStoreDatabase', () => {
  it('opens in WAL with synchronous FULL, a busy timeout and the current schema version', () => {
    const db = openStoreDatabase(join(dir, 's.db'), 'full');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('uses NORMAL only when asked, and opens an existing store without recreating it', () => {
    const file = join(dir, 's.db');
    const first = openStoreDatabase(file, 'full');
    first.prepare("INSERT INTO sessions (id, token_hash, vendor, role, addresses, created_at) VALUES ('0123456789abcdef', x'00', 'v', 'r', '{}', 'now')").run();
    first.close();
    const again = openStoreDatabase(file, 'normal');
    expect(again.pragma('synchronous', { simple: true })).toBe(1);
    expect(again.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    again.close();
  });
});
