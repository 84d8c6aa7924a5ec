/**
 * The session store's SQLite file: opened with the pragmas that make an acknowledged message
 * durable, and its schema created or checked by `PRAGMA user_version`.
 */
import Database from 'better-sqlite3';
import { SessionStoreError } from './session-store-error.ts';

/** Raise with a migration in `migrate` when the tables change; older files are upgraded on open. */
export const SCHEMA_VERSION = 1;

/**
 * `FULL` fsyncs the WAL at every commit, so an acknowledged message survives a power cut as well
 * as a SIGKILL. `NORMAL` survives a SIGKILL only; it is here to measure what FULL costs.
 */
export type Synchronous = 'full' | 'normal';

const SCHEMA_V1 = `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,      -- SHA-256 of the token; the token itself is never stored
  vendor TEXT NOT NULL,
  role TEXT NOT NULL,
  addresses TEXT NOT NULL,              -- JSON object
  created_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE TABLE messages (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  peer TEXT NOT NULL,
  txn TEXT NOT NULL,
  direction TEXT NOT NULL,
  status TEXT,
  bytes INTEGER NOT NULL,
  duration_ms REAL,
  association TEXT,
  format TEXT NOT NULL,
  body_file TEXT,                       -- path relative to the database directory, for large bodies
  body BLOB,                            -- last, so listing messages never reads the bytes
  PRIMARY KEY (session_id, seq)
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  message_seq INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  requirements TEXT NOT NULL,           -- JSON array
  spec_ref TEXT NOT NULL,
  subject TEXT NOT NULL,
  path TEXT NOT NULL,
  message TEXT NOT NULL,
  expected TEXT,
  actual TEXT,
  FOREIGN KEY (session_id, message_seq) REFERENCES messages(session_id, seq)
);
CREATE INDEX findings_message ON findings (session_id, message_seq);
`;

export function openStoreDatabase(file: string, synchronous: Synchronous): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    // A second process (an export, a sqlite3 shell) may hold the lock for a moment: wait, do not fail.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof SessionStoreError) throw err;
    throw new SessionStoreError(`cannot open the session store ${file}: ${(err as Error).message}`);
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) throw new SessionStoreError(`${file} has session store schema ${version}, newer than this ixh understands (${SCHEMA_VERSION})`);
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (version === 0 && tables.n > 0) throw new SessionStoreError(`${file} is an SQLite file of something else, not a session store`);
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
