/**
 * DICOM TLS (PS3.15 B.1) against a real peer, DCMTK built with OpenSSL: `echoscu`/`storescu
 * --enable-tls` against ixh's PACS requiring client certificates (a certificate of the CA passes;
 * none, or one of another CA, is refused), and ixh's DIMSE client against `storescp --enable-tls`.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStorescp, type RunningStorescp } from '../../peers/dcmtk/storescp.ts';
import { runTool, type ToolResult } from '../../peers/run-tool.ts';
import { associate, SopClass } from '../../simulators/dimse/index.ts';
import { writeCtFiles } from '../../simulators/dimse/test-ct-files.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { createPacs, type Pacs } from '../../simulators/pacs/pacs.ts';
import { createTestPki, type IssuedCertificate, type TestPki } from '../../simulators/security/test-pki.ts';
import { allOf, hasBinary, peerDescribe } from './require-peer.ts';

/** DCMTK without OpenSSL has no --enable-tls: then the peer is missing, not the test passing. */
async function dcmtkWithTls(): Promise<boolean> {
  const help = await runTool('storescu', ['--help'], { timeoutMs: 10_000 });
  return /--enable-tls/.test(help.stdout + help.stderr);
}

const describePeer = await peerDescribe('dcmtk with TLS', allOf(...['echoscu', 'storescu', 'storescp'].map((t) => () => hasBinary(t)), dcmtkWithTls));

let dir: string;
let pki: TestPki;
let pacsCert: IssuedCertificate;
let scu: IssuedCertificate;
let intruder: IssuedCertificate;
let pacs: Pacs;
let evidence: EvidenceSink;
let storescp: RunningStorescp | undefined;

/** DCMTK's TLS options: PEM key and certificate, the CA to trust, no key password. */
const tlsArgs = (cert: IssuedCertificate | undefined, caFile: string): string[] =>
  cert ? ['--enable-tls', cert.keyFile, cert.certFile, '--null-passwd', '--add-cert-file', caFile] : ['--anonymous-tls', '--add-cert-file', caFile];

const dcmtk = (tool: string, args: string[]): Promise<ToolResult> => runTool(tool, args, { timeoutMs: 30_000 });
const says = (r: ToolResult): string => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

describePeer('DICOM TLS with DCMTK', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-dimse-tls-dcmtk-'));
    pki = await createTestPki(join(dir, 'pki'));
    const foreign = await createTestPki(join(dir, 'foreign-pki'));
    [pacsCert, scu, intruder] = await Promise.all([
      pki.issue({ name: 'pacs', commonName: 'localhost', usage: 'tls-both' }),
      pki.issue({ name: 'dcmtk-scu', commonName: 'dcmtk.ixh.test', usage: 'tls-client' }),
      foreign.issue({ name: 'intruder', commonName: 'intruder.ixh.test', usage: 'tls-client' }),
    ]);
    pacs = createPacs(
      {
        aeTitle: 'IXH_TLS_PACS',
        port: 0,
        storageDir: join(dir, 'pacs'),
        tls: { server: { certPem: pacsCert.certPem, keyPem: pacsCert.keyPem, caPem: pki.caCertPem, requireClientCert: true } },
      },
      (evidence = createEvidenceRecorder()),
    );
    await pacs.start();
  }, 60_000);

  afterAll(async () => {
    await storescp?.stop();
    await pacs?.stop();
    await evidence?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pacsArgs = (): string[] => ['-aec', 'IXH_TLS_PACS', '-aet', 'DCMTK_SCU', '127.0.0.1', String(pacs.address.port)];

  it('echoscu and storescu with a certificate of the CA reach ixh\'s PACS over TLS', async () => {
    const echo = await dcmtk('echoscu', [...tlsArgs(scu, pki.caCertFile), ...pacsArgs()]);
    expect(echo.code, says(echo)).toBe(0);
    const [file] = await writeCtFiles(dir, 1);
    const store = await dcmtk('storescu', [...tlsArgs(scu, pki.caCertFile), ...pacsArgs(), file!.path]);
    expect(store.code, says(store)).toBe(0);
    expect(pacs.index.fileOf(file!.sopInstanceUid)).toBeDefined();
  });

  it('refuses echoscu without a client certificate, with one of another CA, and without TLS', async () => {
    const anonymous = await dcmtk('echoscu', [...tlsArgs(undefined, pki.caCertFile), ...pacsArgs()]);
    expect(anonymous.code, says(anonymous)).not.toBe(0);
    const foreign = await dcmtk('echoscu', [...tlsArgs(intruder, pki.caCertFile), ...pacsArgs()]);
    expect(foreign.code, says(foreign)).not.toBe(0);
    const plain = await dcmtk('echoscu', pacsArgs());
    expect(plain.code, says(plain)).not.toBe(0);
    // The PACS says why in its evidence: DCMTK only reports "Peer aborted Association".
    const refusals = evidence.entries().filter((e) => e.transaction === 'TRANSPORT-CLOSED' && e.association?.startsWith('tls-'));
    const details = await Promise.all(refusals.map(async (e) => (JSON.parse(Buffer.from(await evidence.read(e)).toString('utf8')) as { detail: string }).detail));
    expect(details).toEqual(expect.arrayContaining([expect.stringMatching(/no client certificate/), expect.stringMatching(/not issued by a trusted CA/), expect.stringMatching(/does not speak TLS|TLS handshake failed/)]));
    // …and still serves the one that has a certificate.
    const ok = await dcmtk('echoscu', [...tlsArgs(scu, pki.caCertFile), ...pacsArgs()]);
    expect(ok.code, says(ok)).toBe(0);
  });

  it('ixh\'s DIMSE client stores into storescp --enable-tls with its certificate, and is refused without one', async () => {
    storescp = await startStorescp({ aeTitle: 'DCMTK_TLS', outDir: join(dir, 'storescp'), extraArgs: tlsArgs(pacsCert, pki.caCertFile) });
    const target = { host: '127.0.0.1', port: storescp.port, callingAe: 'IXH_SCU', calledAe: 'DCMTK_TLS', contexts: [{ abstractSyntax: SopClass.CtImageStorage }] };
    const [file] = await writeCtFiles(dir, 1);
    const a = await associate({ ...target, tls: { caPem: pki.caCertPem, certPem: scu.certPem, keyPem: scu.keyPem } });
    expect((await a.store(file!.path)).status).toBe(0);
    await a.release();
    expect((await readdir(storescp.outDir)).some((f) => f.includes(file!.sopInstanceUid)), storescp.output()).toBe(true);

    await expect(associate({ ...target, tls: { caPem: pki.caCertPem }, timeouts: { connectMs: 5_000, associateMs: 5_000 } })).rejects.toThrow(/TLS|certificate|closed/);
  }, 30_000);
});
