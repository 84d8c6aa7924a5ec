import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { aeTitleOfPeer, createAttributingSink, type AttributingSink } from './attributing-sink.ts';
import { createValidationQueue } from './live-validation.ts';
import { createSessionEvents, type SessionEvent } from './session-events.ts';
import { createSessionScope } from './session-scope.ts';
import { openSessionStore, type SessionRecord, type SessionStore } from './store/session-store.ts';

let dir: string;
let store: SessionStore;
let acme: SessionRecord;
let sink: AttributingSink;
let inner: ReturnType<typeof createEvidenceRecorder>;
let validation: ReturnType<typeof createValidationQueue>;
const seen: { sessionId: string; event: SessionEvent }[] = [];
const scope = createSessionScope(() => true);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-attrib-'));
  store = openSessionStore({ file: join(dir, 's.db') });
  acme = store.createSession({ vendor: 'Acme', role: 'pacs', addresses: { aeTitle: 'ACME' } });
  const events = createSessionEvents();
  events.subscribe(acme.id, (event) => seen.push({ sessionId: acme.id, event }));
  inner = createEvidenceRecorder();
  validation = createValidationQueue();
  sink = createAttributingSink({ inner, store, scope, sessionOfAeTitle: (ae) => (ae === 'ACME' ? acme.id : undefined), profileOf: () => 'base', events, validation });
  seen.length = 0;
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

it('reads the AE title of DIMSE peers only', () => {
  expect(aeTitleOfPeer('ACME@127.0.0.1:4000')).toBe('ACME');
  expect(aeTitleOfPeer('http://u@host/x')).toBeUndefined();
  expect(aeTitleOfPeer('127.0.0.1:4000')).toBeUndefined();
});

it('has the message committed in the store when record() returns, before its promise is awaited', async () => {
  const pending = sink.record({ actor: 'CZ.pacs', peer: 'ACME@127.0.0.1:4000', transaction: 'A-ASSOCIATE', direction: 'request', format: 'json', body: { json: { a: 1 } } });
  expect(store.messages(acme.id).map((m) => m.transaction)).toEqual(['A-ASSOCIATE']);
  expect(Buffer.from(store.body(acme.id, 1)!).toString()).toBe(JSON.stringify({ a: 1 }, null, 2));
  expect(await pending).toMatchObject({ transaction: 'A-ASSOCIATE' });
  expect(seen.map((s) => s.event.type)).toEqual(['message']);
});

it('sends what no session claims to the ordinary evidence only', async () => {
  await sink.record({ actor: 'CZ.pacs', peer: 'IXH_NL_PACS@127.0.0.1:4000', transaction: 'C-FIND', direction: 'request', format: 'json', body: { json: {} } });
  await sink.record({ actor: 'CZ.ncp-a', peer: '127.0.0.1:5000', transaction: 'ITI-55', direction: 'request', format: 'xml', body: '<x/>' });
  expect(store.messages(acme.id)).toEqual([]);
  expect(inner.entries()).toHaveLength(2);
  expect(sink.counts().attributed).toBe(0);
});

it('attributes by session scope, then validates after the acknowledgement and publishes the findings', async () => {
  await scope.run(acme.id, () => sink.record({ actor: 'CZ.ncp-a', peer: '127.0.0.1:5000', transaction: 'ITI-55', direction: 'request', format: 'xml', body: '<not-soap/>' }));
  expect(seen.map((s) => s.event.type)).toEqual(['message']);
  await validation.idle();
  const findings = store.findings(acme.id, 1);
  expect(findings.length).toBeGreaterThan(0);
  expect(seen.map((s) => s.event.type)).toEqual(['message', 'findings']);
  expect(seen[1]!.event).toMatchObject({ type: 'findings', seq: 1 });
});
