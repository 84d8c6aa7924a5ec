/**
 * The connectathon session store: sessions, the messages attributed to them (metadata and body
 * bytes) and the findings of their validation, in one SQLite file (WAL, synchronous = FULL).
 *
 * A message is acknowledged to its sender only after `appendMessage` returns, and it returns only
 * after its transaction committed: under FULL the WAL is fsynced by then, so the message outlives a
 * SIGKILL or a power cut. Sequence numbers are per session, from 1, taken inside the transaction
 * from what is stored, so a reopened store simply continues.
 *
 * Isolation lives here, not only in the dashboard: every read is keyed by session id, and tokens
 * are kept as SHA-256 hashes (see session-token.ts).
 */
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { bodyFilesIn, INLINE_BODY_LIMIT } from './body-files.ts';
import { checkFinding, checkMessage, checkSessionId, checkSessionInput, SESSION_ID } from './session-input.ts';
import { SessionStoreError } from './session-store-error.ts';
import { looksLikeToken, newSessionToken, tokenHash, tokenMatches } from './session-token.ts';
import { openStoreDatabase, type Synchronous } from './store-schema.ts';

export { SessionStoreError } from './session-store-error.ts';
export { INLINE_BODY_LIMIT } from './body-files.ts';

export interface SessionRecord {
  readonly id: string;
  /**
   * The secret, 32 random bytes base64url. Only the record `createSession` returns carries it;
   * records read later carry '' because the store keeps only its hash. Never compare tokens
   * yourself: use `sessionByToken` or `authorize`.
   */
  readonly token: string;
  readonly vendor: string;
  readonly role: string;
  /** What the vendor declared: e.g. { aeTitle: 'ACME_PACS', host: '127.0.0.1', port: 11112 } or { url: 'http://…' } */
  readonly addresses: Readonly<Record<string, string | number>>;
  readonly createdAt: string;
  readonly closedAt?: string;
}

export interface StoredMessage {
  readonly sessionId: string;
  /** Per session, from 1. */
  readonly seq: number;
  readonly time: string;
  readonly actor: string;
  readonly peer: string;
  readonly transaction: string;
  readonly direction: 'request' | 'response';
  readonly status?: string;
  readonly bytes: number;
  readonly durationMs?: number;
  readonly association?: string;
  readonly format: 'dcm' | 'xml' | 'json' | 'txt' | 'bin';
}

export interface StoredFinding {
  readonly sessionId: string;
  readonly messageSeq: number;
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly requirements: readonly string[];
  readonly specRef: string;
  readonly subject: string;
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export type NewMessage = Omit<StoredMessage, 'sessionId' | 'seq' | 'bytes'>;

/** One message of a group commit (`appendMessages`). */
export interface MessageToAppend {
  readonly sessionId: string;
  readonly message: NewMessage;
  readonly body: Uint8Array;
}

export interface SessionStore {
  createSession(input: { vendor: string; role: string; addresses: Record<string, string | number> }): SessionRecord;
  session(id: string): SessionRecord | undefined;
  /** Constant-time compare of the token's hash; undefined for anything that is not a live token. */
  sessionByToken(token: string): SessionRecord | undefined;
  /** The session `id` if `token` is its token, else undefined (the same for an unknown id: existence is not revealed). */
  authorize(id: string, token: string): SessionRecord | undefined;
  sessions(): readonly SessionRecord[];
  /** Marks the session closed (idempotent); later appends to it are refused. */
  closeSession(id: string): void;
  /** Stores the message and its body in ONE transaction, committed (fsynced under synchronous=FULL) before it returns: only then may the sender be acknowledged. */
  appendMessage(sessionId: string, message: NewMessage, body: Uint8Array): StoredMessage;
  /**
   * Group commit: all messages in one transaction (one fsync), in the order given; all or none.
   * Acknowledge each sender only after this returns.
   */
  appendMessages(batch: readonly MessageToAppend[]): readonly StoredMessage[];
  /** Messages of the session with seq > `after`, in seq order, at most `limit`; [] for an unknown session. */
  messages(sessionId: string, after?: number, limit?: number): readonly StoredMessage[];
  body(sessionId: string, seq: number): Uint8Array | undefined;
  addFindings(sessionId: string, messageSeq: number, findings: readonly Omit<StoredFinding, 'sessionId' | 'messageSeq'>[]): void;
  /** Findings of the session (of one message if `messageSeq` is given), in the order added. */
  findings(sessionId: string, messageSeq?: number): readonly StoredFinding[];
  close(): void;
}

export interface SessionStoreOptions {
  readonly file: string;
  /** Default 'full'. 'normal' survives a process kill but not a power cut: for measurements only. */
  readonly synchronous?: Synchronous;
  readonly now?: () => Date;
}

interface SessionRow { id: string; vendor: string; role: string; addresses: string; created_at: string; closed_at: string | null }
interface MessageRow {
  session_id: string; seq: number; time: string; actor: string; peer: string; txn: string; direction: StoredMessage['direction'];
  status: string | null; bytes: number; duration_ms: number | null; association: string | null; format: StoredMessage['format'];
}
interface FindingRow {
  session_id: string; message_seq: number; rule_id: string; severity: StoredFinding['severity']; requirements: string; spec_ref: string;
  subject: string; path: string; message: string; expected: string | null; actual: string | null;
}

const MESSAGE_COLUMNS = 'session_id, seq, time, actor, peer, txn, direction, status, bytes, duration_ms, association, format';
const FINDING_COLUMNS = 'session_id, message_seq, rule_id, severity, requirements, spec_ref, subject, path, message, expected, actual';
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

function toSession(row: SessionRow, token = ''): SessionRecord {
  return {
    id: row.id,
    token,
    vendor: row.vendor,
    role: row.role,
    addresses: JSON.parse(row.addresses) as Record<string, string | number>,
    createdAt: row.created_at,
    ...(row.closed_at !== null ? { closedAt: row.closed_at } : {}),
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    sessionId: row.session_id,
    seq: row.seq,
    time: row.time,
    actor: row.actor,
    peer: row.peer,
    transaction: row.txn,
    direction: row.direction,
    ...(row.status !== null ? { status: row.status } : {}),
    bytes: row.bytes,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.association !== null ? { association: row.association } : {}),
    format: row.format,
  };
}

function toFinding(row: FindingRow): StoredFinding {
  return {
    sessionId: row.session_id,
    messageSeq: row.message_seq,
    ruleId: row.rule_id,
    severity: row.severity,
    requirements: JSON.parse(row.requirements) as string[],
    specRef: row.spec_ref,
    subject: row.subject,
    path: row.path,
    message: row.message,
    ...(row.expected !== null ? { expected: row.expected } : {}),
    ...(row.actual !== null ? { actual: row.actual } : {}),
  };
}

/** A seq or count from a caller: a non-negative safe integer, or the default. */
function wholeNumber(what: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new SessionStoreError(`${what} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return value;
}

export function openSessionStore(options: SessionStoreOptions): SessionStore {
  if (typeof options?.file !== 'string' || options.file === '' || options.file === ':memory:') {
    throw new SessionStoreError('the session store needs a database file path (it must outlive the process)');
  }
  const file = resolve(options.file);
  const now = options.now ?? (() => new Date());
  const db = openStoreDatabase(file, options.synchronous ?? 'full');
  const bodies = bodyFilesIn(dirname(file));

  const insertSession = db.prepare('INSERT INTO sessions (id, token_hash, vendor, role, addresses, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const sessionById = db.prepare<[string], SessionRow>('SELECT id, vendor, role, addresses, created_at, closed_at FROM sessions WHERE id = ?');
  const sessionByHash = db.prepare<[Buffer], SessionRow & { token_hash: Buffer }>('SELECT id, token_hash, vendor, role, addresses, created_at, closed_at FROM sessions WHERE token_hash = ?');
  const hashById = db.prepare<[string], { token_hash: Buffer }>('SELECT token_hash FROM sessions WHERE id = ?');
  const allSessions = db.prepare<[], SessionRow>('SELECT id, vendor, role, addresses, created_at, closed_at FROM sessions ORDER BY created_at, id');
  const markClosed = db.prepare('UPDATE sessions SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
  const lastSeq = db.prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE session_id = ?');
  const insertMessage = db.prepare(`INSERT INTO messages (${MESSAGE_COLUMNS}, body_file, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const messagesAfter = db.prepare<[string, number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?`);
  const bodyOf = db.prepare<[string, number], { body_file: string | null; body: Buffer | null }>('SELECT body_file, body FROM messages WHERE session_id = ? AND seq = ?');
  const messageExists = db.prepare<[string, number], { seq: number }>('SELECT seq FROM messages WHERE session_id = ? AND seq = ?');
  const insertFinding = db.prepare(`INSERT INTO findings (${FINDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const findingsOfSession = db.prepare<[string], FindingRow>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE session_id = ? ORDER BY id`);
  const findingsOfMessage = db.prepare<[string, number], FindingRow>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE session_id = ? AND message_seq = ? ORDER BY id`);

  let closed = false;
  function open(): void {
    if (closed) throw new SessionStoreError('the session store is closed');
  }

  /** The session, refusing unknown and closed ones: only an open session receives messages. */
  function openSession(sessionId: unknown): string {
    const id = checkSessionId(sessionId);
    const row = sessionById.get(id);
    if (!row) throw new SessionStoreError(`no session ${id}`);
    if (row.closed_at !== null) throw new SessionStoreError(`session ${id} was closed at ${row.closed_at}`);
    return id;
  }

  /** Must run inside a write transaction: the seq is read and taken atomically. */
  function appendOne(sessionId: string, message: NewMessage, body: Uint8Array): StoredMessage {
    const m = checkMessage(message, body);
    const seq = lastSeq.get(sessionId)!.seq + 1;
    const large = body.byteLength > INLINE_BODY_LIMIT;
    // The file is durable before the row that names it is even written.
    const bodyFile = large ? bodies.write(sessionId, seq, body) : null;
    insertMessage.run(sessionId, seq, m.time, m.actor, m.peer, m.transaction, m.direction, m.status ?? null, body.byteLength,
      m.durationMs ?? null, m.association ?? null, m.format, bodyFile, large ? null : body);
    return { sessionId, seq, ...m, bytes: body.byteLength };
  }

  const appendBatch = db.transaction((batch: readonly MessageToAppend[]) => {
    const sessionsSeen = new Set<string>();
    return batch.map((item, i) => {
      if (typeof item !== 'object' || item === null) throw new SessionStoreError(`batch item ${i + 1} is not { sessionId, message, body }`);
      const id = sessionsSeen.has(item.sessionId) ? item.sessionId : openSession(item.sessionId);
      sessionsSeen.add(id);
      return appendOne(id, item.message, item.body);
    });
  });

  return {
    createSession(input) {
      open();
      const checked = checkSessionInput(input);
      const token = newSessionToken();
      const row: SessionRow = {
        id: randomBytes(8).toString('hex'),
        vendor: checked.vendor,
        role: checked.role,
        addresses: JSON.stringify(checked.addresses),
        created_at: now().toISOString(),
        closed_at: null,
      };
      insertSession.run(row.id, tokenHash(token), row.vendor, row.role, row.addresses, row.created_at);
      return toSession(row, token);
    },
    session(id) {
      open();
      if (typeof id !== 'string' || !SESSION_ID.test(id)) return undefined;
      const row = sessionById.get(id);
      return row ? toSession(row) : undefined;
    },
    sessionByToken(token) {
      open();
      if (!looksLikeToken(token)) return undefined;
      // The lookup by hash is an index search on a value the caller cannot steer byte by byte;
      // the final equality is checked in constant time anyway.
      const row = sessionByHash.get(tokenHash(token));
      return row && tokenMatches(token, row.token_hash) ? toSession(row) : undefined;
    },
    authorize(id, token) {
      open();
      if (typeof id !== 'string' || !SESSION_ID.test(id) || !looksLikeToken(token)) return undefined;
      const stored = hashById.get(id);
      if (!stored || !tokenMatches(token, stored.token_hash)) return undefined;
      const row = sessionById.get(id);
      return row ? toSession(row) : undefined;
    },
    sessions() {
      open();
      return allSessions.all().map((row) => toSession(row));
    },
    closeSession(id) {
      open();
      const checked = checkSessionId(id);
      if (!sessionById.get(checked)) throw new SessionStoreError(`no session ${checked}`);
      markClosed.run(now().toISOString(), checked);
    },
    appendMessage(sessionId, message, body) {
      open();
      return appendBatch.immediate([{ sessionId, message, body }])[0]!;
    },
    appendMessages(batch) {
      open();
      if (!Array.isArray(batch)) throw new SessionStoreError('appendMessages needs an array of { sessionId, message, body }');
      if (batch.length === 0) return [];
      return appendBatch.immediate(batch);
    },
    messages(sessionId, after, limit) {
      open();
      if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) return [];
      const from = wholeNumber('after', after, 0);
      const count = wholeNumber('limit', limit, MAX_SEQ);
      return messagesAfter.all(sessionId, from, count).map(toMessage);
    },
    body(sessionId, seq) {
      open();
      if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId) || !Number.isSafeInteger(seq)) return undefined;
      const row = bodyOf.get(sessionId, seq);
      if (!row) return undefined;
      if (row.body_file !== null) return bodies.read(row.body_file);
      return row.body ?? new Uint8Array(0);
    },
    addFindings(sessionId, messageSeq, findings) {
      open();
      const id = checkSessionId(sessionId);
      const seq = wholeNumber('messageSeq', messageSeq, 0);
      if (!Array.isArray(findings)) throw new SessionStoreError('findings must be an array');
      const checked = findings.map(checkFinding);
      db.transaction(() => {
        if (!messageExists.get(id, seq)) throw new SessionStoreError(`session ${id} has no message ${seq}`);
        for (const f of checked) {
          insertFinding.run(id, seq, f.ruleId, f.severity, JSON.stringify(f.requirements), f.specRef, f.subject, f.path, f.message, f.expected ?? null, f.actual ?? null);
        }
      }).immediate();
    },
    findings(sessionId, messageSeq) {
      open();
      if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) return [];
      const rows = messageSeq === undefined ? findingsOfSession.all(sessionId) : findingsOfMessage.all(sessionId, wholeNumber('messageSeq', messageSeq, 0));
      return rows.map(toFinding);
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
