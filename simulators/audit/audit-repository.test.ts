import { mkdtemp, rm } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { connect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { createTestPki, type IssuedCertificate, type TestPki } from '../security/test-pki.ts';
import { serializeXml } from '../soap/xml-write.ts';
import { createAuditRepository, type AuditRepository } from './audit-repository.ts';
import { createAuditSender, type AuditSender } from './audit-sender.ts';
import { frameOctetCounted, serializeSyslog } from './syslog-frame.ts';
import { AUDITS } from './test-audits.ts';

let dir: string;
let pki: TestPki;
let server: IssuedCertificate;
let client: IssuedCertificate;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-audit-'));
  pki = await createTestPki(join(dir, 'pki'));
  [server, client] = await Promise.all([
    pki.issue({ name: 'arr-server', commonName: 'localhost', usage: 'tls-server' }),
    pki.issue({ name: 'arr-client', commonName: 'ncp-a.ixh.test', usage: 'tls-client' }),
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let repository: AuditRepository | undefined;
let sender: AuditSender | undefined;
afterEach(async () => {
  await sender?.close();
  await repository?.stop();
  sender = repository = undefined;
});

const start = async (requireClientCert = false) => {
  const evidence = createEvidenceRecorder();
  repository = createAuditRepository({
    evidence,
    tls: { certPem: server.certPem, keyPem: server.keyPem, caPem: pki.caCertPem, requireClientCert },
    judge: (msg) => (msg.local === 'AuditMessage' ? [{ ruleId: 'test.judged', severity: 'info', path: '/', message: 'seen' }] : []),
  });
  await repository.start();
  return { evidence, repository };
};

describe('audit record repository', () => {
  it('receives over UDP and TLS, records ITI-20 evidence and judges each message', async () => {
    const { evidence, repository: arr } = await start();
    const udp = createAuditSender({ transport: { kind: 'udp', host: '127.0.0.1', port: arr.address.udpPort! }, appName: 'ncp-b' });
    sender = createAuditSender({ transport: { kind: 'tls', host: '127.0.0.1', port: arr.address.tlsPort!, caPem: pki.caCertPem, servername: 'localhost' }, appName: 'ncp-a' });
    udp.send(AUDITS['ITI-38 query']!);
    for (const msg of Object.values(AUDITS)) sender.send(msg);
    expect((await sender.flush()).queued).toBe(0);
    expect((await udp.flush()).sent).toBe(1);
    await udp.close();
    const records = await arr.waitFor((r) => r.length === 1 + Object.keys(AUDITS).length);
    expect(records.filter((r) => r.transport === 'udp')).toHaveLength(1);
    for (const r of records) {
      expect(r.problem).toBeUndefined();
      expect(r.message?.local).toBe('AuditMessage');
      expect(r.syslog).toMatchObject({ msgId: 'IHE+RFC-3881', facility: 10, severity: 5, bom: true });
      expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'test.judged' })]);
    }
    await evidence.flush();
    expect(evidence.entries().filter((e) => e.transaction === 'ITI-20' && e.file.endsWith('.xml'))).toHaveLength(records.length);
  });

  it('records a malformed datagram and garbage on TLS as problems, closes that connection, and keeps serving', async () => {
    const { evidence, repository: arr } = await start();
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.send(Buffer.from('not syslog'), arr.address.udpPort!, '127.0.0.1', () => resolve()));
    socket.close();
    const tls = connect({ host: '127.0.0.1', port: arr.address.tlsPort!, ca: pki.caCertPem, servername: 'localhost' });
    await new Promise<void>((resolve) => tls.once('secureConnect', () => resolve()));
    const closed = new Promise<void>((resolve) => tls.once('close', () => resolve()));
    tls.write(Buffer.concat([frameOctetCounted(serializeSyslog({ msg: '<NotAudit/>' })), Buffer.from('garbage without length')]));
    await closed;
    const records = await arr.waitFor((r) => r.length === 3);
    expect(records.map((r) => r.problem)).toEqual([
      expect.stringMatching(/not an RFC 5424 message: no PRI/),
      expect.stringMatching(/not the DICOM AuditMessage/),
      expect.stringMatching(/MSG-LEN.*connection closed/),
    ]);
    await evidence.flush();
    expect(evidence.entries().filter((e) => e.status?.startsWith('refused:'))).toHaveLength(2);
    sender = createAuditSender({ transport: { kind: 'udp', host: '127.0.0.1', port: arr.address.udpPort! }, appName: 'x' });
    sender.send(serializeXml(AUDITS['ITI-55 query']!));
    await arr.waitFor((r) => r.length === 4 && r[3]!.problem === undefined);
  });

  it('refuses a TLS client without certificate when client auth is required, and accepts one with', async () => {
    const { repository: arr } = await start(true);
    const port = arr.address.tlsPort!;
    const anonymous = createAuditSender({ transport: { kind: 'tls', host: '127.0.0.1', port, caPem: pki.caCertPem, servername: 'localhost' }, appName: 'anon', reconnectDelayMs: 50 });
    anonymous.send(AUDITS['ITI-38 query']!);
    const stats = await anonymous.flush(300);
    await anonymous.close();
    expect(stats.sent + stats.queued).toBe(1);
    sender = createAuditSender({ transport: { kind: 'tls', host: '127.0.0.1', port, caPem: pki.caCertPem, servername: 'localhost', certPem: client.certPem, keyPem: client.keyPem }, appName: 'ncp-a' });
    sender.send(AUDITS['ITI-39 export']!);
    await sender.flush();
    const records = await arr.waitFor((r) => r.some((x) => x.message !== undefined));
    expect(records.filter((r) => r.message)).toHaveLength(1);
  });

  it('stops while a peer holds a connection open in its handshake (a vendor system that never speaks)', async () => {
    const { repository: arr } = await start();
    const silent = createConnection({ host: '127.0.0.1', port: arr.address.tlsPort! });
    silent.on('error', () => {});
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    const stopped = await Promise.race([arr.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('hung'), 3_000))]);
    expect(stopped).toBe('stopped');
    silent.destroy();
    repository = undefined;
  });
});

describe('audit sender', () => {
  it('never blocks nor throws when the repository is down: queues (bounded) and delivers once it is up', async () => {
    const { repository: arr } = await start();
    const port = arr.address.tlsPort!;
    await arr.stop();
    sender = createAuditSender({ transport: { kind: 'tls', host: '127.0.0.1', port, caPem: pki.caCertPem, servername: 'localhost' }, appName: 'ncp-a', maxQueue: 2, reconnectDelayMs: 20 });
    const before = Date.now();
    for (let i = 0; i < 3; i++) sender.send(AUDITS['ITI-38 query']!);
    expect(Date.now() - before).toBeLessThan(50);
    const down = await sender.flush(100);
    expect(down).toMatchObject({ sent: 0, queued: 2, dropped: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    repository = createAuditRepository({ evidence: createEvidenceRecorder(), udpPort: false, tls: { port, certPem: server.certPem, keyPem: server.keyPem, caPem: pki.caCertPem, requireClientCert: false } });
    await repository.start();
    expect(await sender.flush(5_000)).toMatchObject({ sent: 2, queued: 0 });
    await repository.waitFor((r) => r.length === 2);
  });
});
