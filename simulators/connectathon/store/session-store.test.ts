import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INLINE_BODY_LIMIT, openSessionStore, SessionStoreError } from './session-store.ts';
import { tokenHash } from './session-token.ts';
import { ACME, bytesOf, cStore, finding, GLOBEX, tempStore, type TempStore } from './test-store.ts';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => {
  t.remove();
});

describe('sessions', () => {
  it('creates a session, returns its token once, and reads it back without the token', () => {
    const created = t.store.createSession(ACME);
    expect(created).toMatchObject({ vendor: 'ACME Imaging', role: 'pacs', addresses: ACME.addresses });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(created.token, 'base64url').byteLength).toBe(32);
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    const read = t.store.session(created.id);
    expect(read).toEqual({ ...created, token: '' });
    expect(t.store.sessions().map((s) => s.id)).toEqual([created.id]);
    expect(t.store.session('0000000000000000')).toBeUndefined();
    expect(t.store.session('../../etc/passwd')).toBeUndefined();
  });

  it('keeps only the hash of the token in the file', () => {
    const created = t.store.createSession(ACME);
    t.store.close();
    const raw = new Database(t.file, { readonly: true });
    const row = raw.prepare('SELECT * FROM sessions').get() as Record<string, unknown>;
    raw.close();
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(Buffer.compare(row.token_hash as Buffer, tokenHash(created.token))).toBe(0);
    t.reopen();
  });

  it('finds a session by its token only: right token yes, wrong or another session\'s no', () => {
    const acme = t.store.createSession(ACME);
    const globex = t.store.createSession(GLOBEX);
    expect(t.store.sessionByToken(acme.token)?.id).toBe(acme.id);
    expect(t.store.sessionByToken(globex.token)?.id).toBe(globex.id);
    expect(t.store.sessionByToken(acme.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
    expect(t.store.sessionByToken('')).toBeUndefined();

    expect(t.store.authorize(acme.id, acme.token)?.vendor).toBe('ACME Imaging');
    expect(t.store.authorize(acme.id, globex.token)).toBeUndefined();
    expect(t.store.authorize(acme.id, '')).toBeUndefined();
    expect(t.store.authorize('ffffffffffffffff', acme.token)).toBeUndefined();
  });

  it('closes a session: kept and readable, but it takes no more messages', () => {
    const s = t.store.createSession(ACME);
    t.store.appendMessage(s.id, cStore(), bytesOf(10, 1));
    t.store.closeSession(s.id);
    t.store.closeSession(s.id);
    expect(t.store.session(s.id)?.closedAt).toBeDefined();
    expect(() => t.store.appendMessage(s.id, cStore(), bytesOf(10, 2))).toThrow(/was closed/);
    expect(t.store.messages(s.id)).toHaveLength(1);
    expect(() => t.store.closeSession('0123456789abcdef')).toThrow(/no session/);
  });
});

describe('messages', () => {
  it('numbers messages per session from 1, in order, with the metadata given', () => {
    const acme = t.store.createSession(ACME);
    const globex = t.store.createSession(GLOBEX);
    const a1 = t.store.appendMessage(acme.id, cStore({ status: '0x0000', durationMs: 1.25 }), bytesOf(100, 1));
    const g1 = t.store.appendMessage(globex.id, cStore({ actor: 'ncp-a', transaction: 'ITI-38', format: 'xml' }), bytesOf(50, 2));
    const a2 = t.store.appendMessage(acme.id, cStore({ direction: 'response' }), bytesOf(0, 3));
    expect([a1.seq, g1.seq, a2.seq]).toEqual([1, 1, 2]);
    expect(a1).toEqual({ sessionId: acme.id, seq: 1, ...cStore({ status: '0x0000', durationMs: 1.25 }), bytes: 100 });

    expect(t.store.messages(acme.id)).toEqual([a1, a2]);
    expect(t.store.messages(acme.id, 1)).toEqual([a2]);
    expect(t.store.messages(acme.id, 0, 1)).toEqual([a1]);
    expect(t.store.messages(globex.id)).toEqual([g1]);
  });

  it('keeps bodies exactly: empty, small and at the inline limit in the row, larger in a file', () => {
    const s = t.store.createSession(ACME);
    const sizes = [0, 10_000, INLINE_BODY_LIMIT, INLINE_BODY_LIMIT + 1, 3 * INLINE_BODY_LIMIT];
    const stored = sizes.map((size, i) => t.store.appendMessage(s.id, cStore(), bytesOf(size, i)));
    for (const [i, m] of stored.entries()) {
      expect(m.bytes).toBe(sizes[i]);
      expect(Buffer.compare(Buffer.from(t.store.body(s.id, m.seq)!), Buffer.from(bytesOf(sizes[i]!, i)))).toBe(0);
    }
    expect(readdirSync(join(t.dir, 'bodies', s.id)).sort()).toEqual(['4', '5']);
    expect(t.store.body(s.id, 99)).toBeUndefined();
  });

  it('says so when a large body file went missing, rather than returning nothing', () => {
    const s = t.store.createSession(ACME);
    const m = t.store.appendMessage(s.id, cStore(), bytesOf(INLINE_BODY_LIMIT + 1, 1));
    rmSync(join(t.dir, 'bodies', s.id, String(m.seq)));
    expect(() => t.store.body(s.id, m.seq)).toThrow(SessionStoreError);
  });

  it('group-commits a batch in order, all or none', () => {
    const acme = t.store.createSession(ACME);
    const globex = t.store.createSession(GLOBEX);
    const stored = t.store.appendMessages([
      { sessionId: acme.id, message: cStore(), body: bytesOf(10, 1) },
      { sessionId: globex.id, message: cStore(), body: bytesOf(10, 2) },
      { sessionId: acme.id, message: cStore(), body: bytesOf(INLINE_BODY_LIMIT + 5, 3) },
    ]);
    expect(stored.map((m) => [m.sessionId, m.seq])).toEqual([[acme.id, 1], [globex.id, 1], [acme.id, 2]]);
    expect(t.store.body(acme.id, 2)?.byteLength).toBe(INLINE_BODY_LIMIT + 5);

    expect(() => t.store.appendMessages([
      { sessionId: acme.id, message: cStore(), body: bytesOf(10, 4) },
      { sessionId: acme.id, message: cStore({ format: 'exe' as 'bin' }), body: bytesOf(10, 5) },
    ])).toThrow(/format must be one of/);
    expect(t.store.messages(acme.id)).toHaveLength(2);
    expect(t.store.appendMessages([])).toEqual([]);
  });
});

describe('findings', () => {
  it('stores findings per message and returns them per session or per message', () => {
    const s = t.store.createSession(ACME);
    t.store.appendMessage(s.id, cStore(), bytesOf(10, 1));
    t.store.appendMessage(s.id, cStore(), bytesOf(10, 2));
    const { actual: _, ...withoutActual } = finding({ severity: 'info', ruleId: 'x.y', expected: 'a' });
    t.store.addFindings(s.id, 1, [finding(), withoutActual]);
    t.store.addFindings(s.id, 2, [finding({ requirements: [] })]);
    t.store.addFindings(s.id, 2, []);

    expect(t.store.findings(s.id, 1)).toEqual([
      { sessionId: s.id, messageSeq: 1, ...finding() },
      { sessionId: s.id, messageSeq: 1, ...withoutActual },
    ]);
    expect(t.store.findings(s.id, 1)[1]).not.toHaveProperty('actual');
    expect(t.store.findings(s.id).map((f) => f.messageSeq)).toEqual([1, 1, 2]);
    expect(t.store.findings(s.id, 2)[0]?.requirements).toEqual([]);
  });

  it('refuses findings for a message the session does not have', () => {
    const s = t.store.createSession(ACME);
    expect(() => t.store.addFindings(s.id, 1, [finding()])).toThrow(/has no message 1/);
  });

  it('cuts an overlong finding text visibly instead of losing the finding', () => {
    const s = t.store.createSession(ACME);
    t.store.appendMessage(s.id, cStore(), bytesOf(10, 1));
    t.store.addFindings(s.id, 1, [finding({ actual: 'x'.repeat(100_000) })]);
    expect(t.store.findings(s.id, 1)[0]?.actual).toMatch(/… \[cut: 100000 characters\]$/);
  });
});

describe('isolation', () => {
  it('never returns one session\'s messages, bodies or findings for another', () => {
    const acme = t.store.createSession(ACME);
    const globex = t.store.createSession(GLOBEX);
    t.store.appendMessage(acme.id, cStore(), bytesOf(10, 1));
    t.store.appendMessage(acme.id, cStore(), bytesOf(INLINE_BODY_LIMIT + 1, 2));
    t.store.addFindings(acme.id, 1, [finding()]);

    expect(t.store.messages(globex.id)).toEqual([]);
    expect(t.store.body(globex.id, 1)).toBeUndefined();
    expect(t.store.body(globex.id, 2)).toBeUndefined();
    expect(t.store.findings(globex.id)).toEqual([]);
    expect(() => t.store.addFindings(globex.id, 1, [finding()])).toThrow(/has no message/);
    expect(t.store.messages(acme.id)).toHaveLength(2);
  });
});

describe('reopening', () => {
  it('resumes: sessions, messages, bodies and findings are there and seq continues from the max', () => {
    const acme = t.store.createSession(ACME);
    const globex = t.store.createSession(GLOBEX);
    for (let i = 1; i <= 3; i++) t.store.appendMessage(acme.id, cStore(), bytesOf(100, i));
    t.store.appendMessage(globex.id, cStore(), bytesOf(INLINE_BODY_LIMIT + 1, 9));
    t.store.addFindings(acme.id, 3, [finding()]);

    const store = t.reopen();
    expect(store.sessions().map((s) => s.id).sort()).toEqual([acme.id, globex.id].sort());
    expect(store.sessionByToken(acme.token)?.id).toBe(acme.id);
    expect(store.findings(acme.id)).toHaveLength(1);
    expect(store.body(globex.id, 1)?.byteLength).toBe(INLINE_BODY_LIMIT + 1);
    expect(store.appendMessage(acme.id, cStore(), bytesOf(1, 4)).seq).toBe(4);
    expect(store.appendMessage(globex.id, cStore(), bytesOf(1, 5)).seq).toBe(2);
  });

  it('refuses files it cannot use, with the reason', () => {
    const notDb = join(t.dir, 'not-a-db');
    writeFileSync(notDb, 'hello, this is text and not SQLite at all. '.repeat(10));
    expect(() => openSessionStore({ file: notDb })).toThrow(/cannot open the session store .*not a database/);

    const foreign = join(t.dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => openSessionStore({ file: foreign })).toThrow(/something else, not a session store/);

    const newer = join(t.dir, 'newer.db');
    const future = new Database(newer);
    future.pragma('user_version = 99');
    future.close();
    expect(() => openSessionStore({ file: newer })).toThrow(/schema 99, newer/);

    expect(() => openSessionStore({ file: ':memory:' })).toThrow(SessionStoreError);
    expect(() => openSessionStore({ file: join(t.dir, 'no', 'such', 'dir', 'x.db') })).toThrow(SessionStoreError);
  });

  it('refuses calls after close()', () => {
    t.store.close();
    expect(() => t.store.sessions()).toThrow(/closed/);
    t.reopen();
    expect(existsSync(t.file)).toBe(true);
  });
});

describe('bad input', () => {
  const refused: [string, unknown, RegExp][] = [
    ['no object', null, /needs \{ vendor, role, addresses \}/],
    ['blank vendor', { ...ACME, vendor: '  ' }, /vendor must not be empty/],
    ['vendor too long', { ...ACME, vendor: 'v'.repeat(101) }, /at most 100/],
    ['control character', { ...ACME, vendor: 'ACME\u0000' }, /unprintable/],
    ['bidi override', { ...ACME, vendor: 'ACME\u202e' }, /unprintable/],
    ['role with spaces', { ...ACME, role: 'pacs; drop' }, /must start with a letter/],
    ['role not a string', { ...ACME, role: 7 }, /role must be a string, got number/],
    ['addresses an array', { ...ACME, addresses: ['x'] }, /got an array/],
    ['address value an object', { ...ACME, addresses: { host: { a: 1 } } }, /must be a string, got object/],
    ['address port NaN', { ...ACME, addresses: { port: Number.NaN } }, /finite number/],
    ['address name odd', { ...ACME, addresses: { 'a b': 'x' } }, /address name/],
    ['too many addresses', { ...ACME, addresses: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])) }, /at most 16/],
    ['address too long', { ...ACME, addresses: { url: `http://${'x'.repeat(600)}` } }, /at most 512/],
  ];
  it.each(refused)('refuses a session with %s', (_, input, reason) => {
    expect(() => t.store.createSession(input as typeof ACME)).toThrow(SessionStoreError);
    expect(() => t.store.createSession(input as typeof ACME)).toThrow(reason);
    expect(t.store.sessions()).toEqual([]);
  });

  it('accepts vendors in any script', () => {
    expect(t.store.createSession({ ...ACME, vendor: 'Åbo Röntgen Oy — 医用画像' }).vendor).toBe('Åbo Röntgen Oy — 医用画像');
  });

  it('refuses bad messages and unknown sessions with a reason, storing nothing', () => {
    const s = t.store.createSession(ACME);
    const bad: [unknown, unknown, unknown, RegExp][] = [
      ['nope', cStore(), bytesOf(1, 1), /not a session id/],
      ['0123456789abcdef', cStore(), bytesOf(1, 1), /no session 0123456789abcdef/],
      [s.id, cStore(), 'text', /body must be bytes/],
      [s.id, null, bytesOf(1, 1), /message must be an object/],
      [s.id, cStore({ time: 'yesterday' }), bytesOf(1, 1), /not a date-time/],
      [s.id, cStore({ direction: 'sideways' as 'request' }), bytesOf(1, 1), /direction must be one of/],
      [s.id, cStore({ durationMs: -1 }), bytesOf(1, 1), /durationMs/],
      [s.id, cStore({ actor: '' }), bytesOf(1, 1), /actor must not be empty/],
    ];
    for (const [id, message, body, reason] of bad) {
      expect(() => t.store.appendMessage(id as string, message as ReturnType<typeof cStore>, body as Uint8Array)).toThrow(reason);
    }
    expect(t.store.messages(s.id)).toEqual([]);
    expect(() => t.store.messages(s.id, -1)).toThrow(/after must be a whole number/);
    expect(() => t.store.addFindings(s.id, 1, [{ ...finding(), severity: 'fatal' as 'error' }])).toThrow(/severity must be one of/);
  });
});
