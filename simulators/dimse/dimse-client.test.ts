/** The SCU against DCMTK storescp and against our own host (find/cancel/get/move/timeouts). */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../peers/free-port.ts';
import { runTool, startTool, type RunningTool } from '../../peers/run-tool.ts';
import { associate, type DimseClientAssociation } from './dimse-client.ts';
import { SopClass, TransferSyntax } from './dimse-constants.ts';
import { DimseStatusError } from './dimse-status-error.ts';
import { createDimseHost, type DimseHost } from './dimse-host.ts';
import type { DimseHandlers } from './host-handlers.ts';
import { supportedSyntaxes } from './negotiation.ts';
import { readPart10Info, readDatasetBytes } from './part10.ts';
import { writeCtFiles } from './test-ct-files.ts';
import { eventually, recordEvidence, waitForPort, type RecordedEvidence } from './test-recorder.ts';

const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
let dir: string;
let evidence: RecordedEvidence;
let host: DimseHost | undefined;
let storescp: RunningTool | undefined;
let assoc: DimseClientAssociation | undefined;

beforeEach(async () => {
  evidence = recordEvidence();
  dir = await mkdtemp(join(tmpdir(), 'ixh-dimse-client-'));
});

afterEach(async () => {
  assoc?.abort();
  assoc = undefined;
  await host?.stop();
  host = undefined;
  await storescp?.stop();
  storescp = undefined;
  await rm(dir, { recursive: true, force: true });
});


async function startStorescp(extra: string[] = []): Promise<{ port: number; out: string }> {
  const out = join(dir, 'storescp');
  await mkdir(out);
  const port = await freePort();
  storescp = startTool('storescp', [...extra, '-aet', 'STORESCP', '-od', out, String(port)]);
  await waitForPort(port);
  return { port, out };
}

async function startHost(handlers: DimseHandlers, abstractSyntaxes: Record<string, readonly string[]>): Promise<DimseHost> {
  host = createDimseHost({ negotiate: supportedSyntaxes({ abstractSyntaxes, acceptScpRoleFor: [SopClass.CtImageStorage] }), handlers, observer: evidence.observer });
  await host.start();
  return host;
}

describe('DIMSE client with DCMTK storescp', () => {
  it('stores Part 10 files without re-encoding: storescp writes the same data set bytes', async () => {
    const files = await writeCtFiles(dir, 3, { size: 128 });
    const { port, out } = await startStorescp();
    assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }], observer: evidence.observer });
    for (const f of files) expect((await assoc.store(f.path)).status).toBe(0);
    await assoc.release();
    const written = await readdir(out);
    expect(written).toHaveLength(3);
    const want = await Promise.all(files.map((f) => readDatasetBytes(f.path)));
    const got = await Promise.all(written.map((w) => readDatasetBytes(join(out, w))));
    expect(got.map((g) => want.findIndex((w) => w.equals(g))).sort()).toEqual([0, 1, 2]);
    expect(evidence.datasets.map((d) => d.direction)).toEqual(['sent', 'sent', 'sent']);
    expect(evidence.associations.map((a) => a.phase)).toEqual(['accepted', 'released']);
  });

  it('converts Explicit to Implicit VR Little Endian when only that was accepted', async () => {
    const [file] = await writeCtFiles(dir, 1, { size: 32 });
    const { port, out } = await startStorescp(['+xi']);
    assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }], observer: evidence.observer });
    expect(assoc.contexts[0]?.transferSyntax).toBe(TransferSyntax.ImplicitVrLittleEndian);
    expect((await assoc.store(file!.path)).status).toBe(0);
    await assoc.release();
    const [written] = await readdir(out);
    const info = await readPart10Info(join(out, written!));
    expect(info).toMatchObject({ transferSyntaxUid: TransferSyntax.ImplicitVrLittleEndian, sopInstanceUid: file!.sopInstanceUid });
    const dump = await runTool('dcmdump', [join(out, written!)]);
    expect(dump.code).toBe(0);
    expect(dump.stdout).toContain('(7fe0,0010) OW');
  });
});

describe('DIMSE client with our host', () => {
  it('sees an unsupported SOP class rejected and refuses to send on it', async () => {
    const h = await startHost({}, { [SopClass.Verification]: [TransferSyntax.ImplicitVrLittleEndian] });
    const [file] = await writeCtFiles(dir, 1, { size: 16 });
    assoc = await associate({
      host: '127.0.0.1',
      port: h.port,
      callingAe: 'IXH',
      calledAe: 'HOST',
      contexts: [{ abstractSyntax: SopClass.Verification }, { abstractSyntax: SopClass.CtImageStorage }],
      observer: evidence.observer,
    });
    expect(assoc.contexts.map((c) => c.abstractSyntax)).toEqual([SopClass.Verification]);
    await expect(assoc.store(file!.path)).rejects.toThrow(/no accepted presentation context.*refusing/);
    expect(await assoc.echo()).toBe(0);
    for (const side of ['acceptor', 'requestor']) {
      const accepted = evidence.associations.find((a) => a.phase === 'accepted' && a.side === side);
      expect(accepted && 'contexts' in accepted && accepted.contexts[1]).toMatchObject({ abstractSyntax: SopClass.CtImageStorage, result: 3, resultName: 'abstract-syntax-not-supported' });
    }
  });

  it('cancels a running C-FIND: the host stops and answers 0xFE00', async () => {
    const cancels: boolean[] = [];
    const h = await startHost(
      {
        async *onFind(rq) {
          for (let i = 0; !rq.signal.aborted; i++) {
            yield { StudyInstanceUID: `1.2.${i}` };
            await new Promise((r) => setTimeout(r, 10));
          }
        },
        onCancel: (n) => cancels.push(n.matched),
      },
      { [SopClass.StudyRootFind]: LE },
    );
    assoc = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'IXH', calledAe: 'HOST', contexts: [{ abstractSyntax: SopClass.StudyRootFind }], observer: evidence.observer });
    const op = assoc.find('STUDY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '' });
    let seen = 0;
    for await (const match of op) {
      expect(match.StudyInstanceUID).toBe(`1.2.${seen}`);
      if (++seen === 3) await op.cancel();
    }
    expect((await op.done).status).toBe(0xfe00);
    expect(cancels).toEqual([true]);
    expect(await assoc.echo().catch((e: Error) => e.message)).toMatch(/no accepted presentation context/);
  });

  it('retrieves with C-GET: sub-operations arrive in the store sink on the same association', async () => {
    const files = await writeCtFiles(dir, 2, { size: 32 });
    const h = await startHost(
      {
        async onGet(rq) {
          for (const f of files) await rq.store(f.path);
          return undefined;
        },
      },
      { [SopClass.StudyRootGet]: LE, [SopClass.CtImageStorage]: LE },
    );
    assoc = await associate({
      host: '127.0.0.1',
      port: h.port,
      callingAe: 'IXH',
      calledAe: 'HOST',
      contexts: [{ abstractSyntax: SopClass.StudyRootGet }, { abstractSyntax: SopClass.CtImageStorage }],
      roles: [{ sopClassUid: SopClass.CtImageStorage, scuRole: false, scpRole: true }],
      observer: evidence.observer,
    });
    const received = new Map<string, Buffer>();
    const op = assoc.get('STUDY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '1.2.3' }, (rq) => {
      const parts: Buffer[] = [];
      return {
        sink: new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()), final: (cb) => (received.set(rq.sopInstanceUid, Buffer.concat(parts)), cb()) }),
      };
    });
    expect(await op.done).toMatchObject({ status: 0, completed: 2, failed: 0, warning: 0 });
    for (const f of files) expect(received.get(f.sopInstanceUid)?.equals(await readDatasetBytes(f.path))).toBe(true);
  });

  it('reports C-MOVE progress and the final counts', async () => {
    const h = await startHost(
      {
        async onMove(rq) {
          for (let i = 1; i <= 2; i++) await rq.progress({ remaining: 2 - i, completed: i, failed: 0, warning: 0 });
          return { completed: 2, failed: 1, failedSopInstanceUids: ['1.2.3.4'] };
        },
      },
      { [SopClass.PatientRootMove]: LE },
    );
    assoc = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'IXH', calledAe: 'HOST', contexts: [{ abstractSyntax: SopClass.PatientRootMove }] });
    const progress: (number | undefined)[] = [];
    const op = assoc.move('PATIENT', 'DEST', { QueryRetrieveLevel: 'PATIENT', PatientID: 'P1' }, (p) => progress.push(p.remaining));
    expect(await op.done).toMatchObject({ status: 0xb000, completed: 2, failed: 1, identifier: { FailedSOPInstanceUIDList: '1.2.3.4' } });
    expect(progress).toEqual([1, 0]);
  });

  it('answers a DimseStatusError with its status and records no harness error', async () => {
    const h = await startHost(
      {
        // eslint-disable-next-line require-yield
        *onFind() {
          throw new DimseStatusError(0xa900, 'identifier does not match');
        },
      },
      { [SopClass.StudyRootFind]: LE },
    );
    assoc = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'IXH', calledAe: 'HOST', contexts: [{ abstractSyntax: SopClass.StudyRootFind }], observer: evidence.observer });
    const op = assoc.find('STUDY', { QueryRetrieveLevel: 'STUDY' });
    expect(await op.done).toMatchObject({ status: 0xa900, response: { ErrorComment: 'identifier does not match' } });
    expect(evidence.harnessErrors).toEqual([]);
  });

  it('turns a missing response into a timeout error', async () => {
    const h = await startHost({ onEcho: () => new Promise(() => undefined) }, { [SopClass.Verification]: [TransferSyntax.ImplicitVrLittleEndian] });
    assoc = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'IXH', calledAe: 'HOST', contexts: [{ abstractSyntax: SopClass.Verification }], timeouts: { dimseMs: 200 } });
    await expect(assoc.echo()).rejects.toThrow(/no response to C-ECHO-RQ .* within 200 ms/);
  });

  it('reports the release and closes both sides', async () => {
    const h = await startHost({}, { [SopClass.Verification]: [TransferSyntax.ImplicitVrLittleEndian] });
    assoc = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'IXH', calledAe: 'HOST', contexts: [{ abstractSyntax: SopClass.Verification }], observer: evidence.observer });
    await assoc.release();
    await eventually(() => expect(h.associationCount).toBe(0));
    expect(evidence.associations.filter((a) => a.phase === 'released').map((a) => [a.side, 'initiator' in a && a.initiator]).sort()).toEqual([
      ['acceptor', 'peer'],
      ['requestor', 'local'],
    ]);
  });
});
