/**
 * DICOM TLS between our own requestor and acceptor (the DCMTK proof is test/interop/dimse-tls.test.ts):
 * a requestor with a certificate of the trusted CA associates and stores; one without a certificate,
 * with one from another CA, or not speaking TLS at all is refused at the handshake — each side
 * names why, nothing crashes or hangs, and the host keeps serving.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../security/test-pki.ts';
import { associate } from './dimse-client.ts';
import { SopClass, TransferSyntax } from './dimse-constants.ts';
import { createDimseHost, type DimseHost } from './dimse-host.ts';
import type { DimseTlsClient, DimseTlsServer } from './dimse-tls.ts';
import { explainTlsFailure } from './dimse-tls.ts';
import { supportedSyntaxes } from './negotiation.ts';
import { writeCtFiles } from './test-ct-files.ts';
import { eventually, recordEvidence, type RecordedEvidence } from './test-recorder.ts';

const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
const negotiate = supportedSyntaxes({ abstractSyntaxes: { [SopClass.Verification]: LE, [SopClass.CtImageStorage]: LE } });
const ECHO = [{ abstractSyntax: SopClass.Verification }];

let dir: string;
let serverTls: DimseTlsServer;
let client: Required<Omit<DimseTlsClient, 'servername'>>;
let foreign: Required<Omit<DimseTlsClient, 'servername'>>;
let host: DimseHost | undefined;
let evidence: RecordedEvidence;
const sockets: Socket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-dimse-tls-'));
  const pki = await createTestPki(join(dir, 'pki'));
  const other = await createTestPki(join(dir, 'foreign-pki'));
  const [server, scu, intruder] = await Promise.all([
    pki.issue({ name: 'pacs', commonName: 'localhost', usage: 'tls-server' }),
    pki.issue({ name: 'scu', commonName: 'scu.ixh.test', usage: 'tls-client' }),
    other.issue({ name: 'intruder', commonName: 'intruder.ixh.test', usage: 'tls-both' }),
  ]);
  serverTls = { certPem: server.certPem, keyPem: server.keyPem, caPem: pki.caCertPem, requireClientCert: true };
  client = { caPem: pki.caCertPem, certPem: scu.certPem, keyPem: scu.keyPem };
  foreign = { caPem: other.caCertPem, certPem: intruder.certPem, keyPem: intruder.keyPem };
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await host?.stop();
  host = undefined;
});

async function startHost(tls: DimseTlsServer | undefined, timeouts?: { artimMs?: number }): Promise<DimseHost> {
  evidence = recordEvidence();
  const received: string[] = [];
  host = createDimseHost({
    negotiate,
    observer: evidence.observer,
    ...(tls && { tls }),
    ...(timeouts && { timeouts }),
    handlers: {
      onEcho: () => 0,
      onStore: (rq) => ({ sink: new Writable({ write: (_c, _e, cb) => cb() }), complete: () => (received.push(rq.sopInstanceUid), 0) }),
    },
  });
  await host.start();
  return host;
}

const echoWith = (port: number, tls: DimseTlsClient | undefined) =>
  associate({ host: '127.0.0.1', port, callingAe: 'TLS_SCU', calledAe: 'IXH', contexts: ECHO, ...(tls && { tls }), timeouts: { connectMs: 3_000, associateMs: 3_000 } });

/** The evidence the host left for a refused handshake. */
const refusals = () => evidence.associations.filter((a) => a.phase === 'closed' && a.associationId.startsWith('tls-'));

describe('DICOM TLS (PS3.15 B.1) between ixh requestor and acceptor', () => {
  it('associates, echoes and stores over TLS when the requestor has a certificate of the trusted CA', async () => {
    const h = await startHost(serverTls);
    const assoc = await echoWith(h.port, client);
    expect(await assoc.echo()).toBe(0);
    await assoc.release();

    const [file] = await writeCtFiles(dir, 1);
    const store = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'TLS_SCU', calledAe: 'IXH', contexts: [{ abstractSyntax: SopClass.CtImageStorage }], tls: client });
    expect((await store.store(file!.path)).status).toBe(0);
    await store.release();
    expect(evidence.associations.filter((a) => a.phase === 'accepted')).toHaveLength(2);
    expect(refusals()).toEqual([]);
  });

  it('refuses a requestor without a client certificate: the requestor learns why, the host records it', async () => {
    const h = await startHost(serverTls);
    const err = await echoWith(h.port, { caPem: client.caPem }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/client certificate/);
    await eventually(() => expect(refusals()[0]).toMatchObject({ side: 'acceptor', phase: 'closed', detail: expect.stringMatching(/no client certificate/) }));
    expect(evidence.associations.filter((a) => a.phase === 'accepted')).toEqual([]);
    // The host still serves a requestor that has one.
    const assoc = await echoWith(h.port, client);
    expect(await assoc.echo()).toBe(0);
    await assoc.release();
  });

  it('refuses a certificate from another CA, and the requestor refuses a server it cannot verify', async () => {
    const h = await startHost(serverTls);
    await expect(echoWith(h.port, { ...foreign, caPem: client.caPem })).rejects.toThrow(/client certificate/);
    await eventually(() => expect(refusals()[0]?.phase === 'closed' && refusals()[0]).toMatchObject({ detail: expect.stringMatching(/not issued by a trusted CA/) }));
    await expect(echoWith(h.port, foreign)).rejects.toThrow(/acceptor's certificate is not issued by our CA/);
  });

  it('accepts an anonymous requestor when client certificates are not required', async () => {
    const h = await startHost({ ...serverTls, requireClientCert: false });
    const assoc = await echoWith(h.port, { caPem: client.caPem });
    expect(await assoc.echo()).toBe(0);
    await assoc.release();
  });

  it('fails clearly, without hanging, when one side speaks TLS and the other does not', async () => {
    const tlsHost = await startHost(serverTls);
    await expect(echoWith(tlsHost.port, undefined)).rejects.toThrow(/connection closed during negotiation|ECONNRESET/);
    await eventually(() => expect(refusals()[0]).toMatchObject({ detail: expect.stringMatching(/does not speak TLS|TLS handshake failed/) }));
    await tlsHost.stop();

    const plain = await startHost(undefined, { artimMs: 1_000 });
    await expect(echoWith(plain.port, client)).rejects.toThrow(/TLS|socket|closed/i);
  });

  it('stops promptly while a requestor is stuck in its TLS handshake', async () => {
    const h = await startHost(serverTls);
    const silent = connect({ host: '127.0.0.1', port: h.port });
    sockets.push(silent);
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    const started = Date.now();
    await h.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    host = undefined;
  });

  it('names a handshake timeout when the requestor never completes it', async () => {
    const h = await startHost(serverTls, { artimMs: 300 });
    const silent = connect({ host: '127.0.0.1', port: h.port });
    sockets.push(silent);
    await eventually(() => expect(refusals()[0]).toMatchObject({ detail: expect.stringMatching(/did not complete in time/) }), 3_000);
  });
});

describe('explainTlsFailure', () => {
  it('tells which certificate is at fault', () => {
    expect(explainTlsFailure('tlsv13 alert certificate required')).toMatch(/our client certificate/);
    expect(explainTlsFailure('unable to verify the first certificate')).toMatch(/acceptor's certificate/);
    expect(explainTlsFailure('wrong version number')).toMatch(/speak TLS/);
    expect(explainTlsFailure('connection closed during negotiation: connection closed by peer')).toMatch(/refuse our client certificate/);
    expect(explainTlsFailure('no A-ASSOCIATE-AC')).toBe('no A-ASSOCIATE-AC');
  });
});
