/** The host against DCMTK peers (echoscu, storescu, findscu, getscu) on real loopback sockets. */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../peers/free-port.ts';
import { runTool, startTool } from '../../peers/run-tool.ts';
import { associate } from './dimse-client.ts';
import { SopClass, TransferSyntax } from './dimse-constants.ts';
import { createDimseHost, type DimseHost } from './dimse-host.ts';
import type { DimseHandlers } from './host-handlers.ts';
import { supportedSyntaxes } from './negotiation.ts';
import { readDatasetBytes } from './part10.ts';
import { writeCtFiles } from './test-ct-files.ts';
import { eventually, recordEvidence, waitForPort, type RecordedEvidence } from './test-recorder.ts';

const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
const syntaxes = {
  [SopClass.Verification]: [TransferSyntax.ImplicitVrLittleEndian],
  [SopClass.CtImageStorage]: LE,
  [SopClass.StudyRootFind]: LE,
  [SopClass.StudyRootGet]: LE,
  [SopClass.StudyRootMove]: LE,
  [SopClass.PatientRootFind]: LE,
};

let host: DimseHost | undefined;
let dir: string;
let evidence: RecordedEvidence;

async function startHost(handlers: DimseHandlers): Promise<DimseHost> {
  host = createDimseHost({
    negotiate: supportedSyntaxes({ abstractSyntaxes: syntaxes, acceptScpRoleFor: [SopClass.CtImageStorage] }),
    handlers,
    observer: evidence.observer,
  });
  await host.start();
  return host;
}


/** A sink that keeps what it receives, per SOP Instance UID. */
function memorySinks(): { received: Map<string, Buffer>; handlers: Pick<DimseHandlers, 'onStore'> } {
  const received = new Map<string, Buffer>();
  return {
    received,
    handlers: {
      onStore(rq) {
        const parts: Buffer[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _enc, cb) {
            parts.push(Buffer.from(chunk));
            cb();
          },
          final(cb) {
            received.set(rq.sopInstanceUid, Buffer.concat(parts));
            cb();
          },
        });
        return { sink };
      },
    },
  };
}

beforeEach(async () => {
  evidence = recordEvidence();
  dir = await mkdtemp(join(tmpdir(), 'ixh-dimse-host-'));
});

afterEach(async () => {
  await host?.stop();
  host = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('DimseHost with DCMTK peers', () => {
  it('answers echoscu and records association, command and release', async () => {
    const h = await startHost({});
    const result = await runTool('echoscu', ['-aet', 'ECHOSCU', '-aec', 'IXH', '127.0.0.1', String(h.port)], { timeoutMs: 15_000 });
    expect(result.code, result.stderr).toBe(0);
    await eventually(() => expect(evidence.associations.map((a) => a.phase)).toEqual(['accepted', 'released']));
    const accepted = evidence.associations[0]!;
    expect(accepted).toMatchObject({ side: 'acceptor', remote: { ae: 'ECHOSCU', address: '127.0.0.1' }, local: { ae: 'IXH' } });
    expect(evidence.commands.map((c) => [c.direction, c.command, c.status])).toEqual([
      ['received', 'C-ECHO-RQ', undefined],
      ['sent', 'C-ECHO-RSP', 0],
    ]);
  });

  it('sends 0x0110 and records a harness error when a handler throws', async () => {
    const h = await startHost({
      onEcho() {
        throw new Error('boom');
      },
    });
    const result = await runTool('echoscu', ['-v', '-aec', 'IXH', '127.0.0.1', String(h.port)], { timeoutMs: 15_000 });
    expect(result.stdout + result.stderr).toMatch(/0x0?110/);
    await eventually(() => expect(evidence.commands.find((c) => c.command === 'C-ECHO-RSP')?.status).toBe(0x0110));
    expect(evidence.harnessErrors).toEqual([expect.objectContaining({ where: 'onEcho', message: 'boom' })]);
  });

  it('streams C-STORE data sets from storescu byte-identical to the files', async () => {
    const files = await writeCtFiles(dir, 3, { size: 128 });
    const { received, handlers } = memorySinks();
    const h = await startHost(handlers);
    const result = await runTool('storescu', ['-aec', 'IXH', '127.0.0.1', String(h.port), ...files.map((f) => f.path)], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    for (const f of files) expect(received.get(f.sopInstanceUid)?.equals(await readDatasetBytes(f.path))).toBe(true);
    await eventually(() => expect(evidence.datasets).toHaveLength(3));
    expect(evidence.datasets[0]).toMatchObject({ direction: 'received', sopClassUid: SopClass.CtImageStorage, transferSyntax: TransferSyntax.ExplicitVrLittleEndian });
    expect(evidence.commands.filter((c) => c.command === 'C-STORE-RSP').map((c) => c.status)).toEqual([0, 0, 0]);
  });

  it('answers findscu with pending matches then success, and records the identifier', async () => {
    const studies = ['1.2.3.1', '1.2.3.2', '1.2.3.3'];
    const h = await startHost({
      *onFind(rq) {
        for (const uid of studies) yield { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: uid, PatientID: rq.identifier.PatientID };
      },
    });
    const result = await runTool(
      'findscu',
      ['-v', '-S', '-aec', 'IXH', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientID=P1', '-k', 'StudyInstanceUID', '127.0.0.1', String(h.port)],
      { timeoutMs: 15_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout + result.stderr;
    for (const uid of studies) expect(out).toContain(uid);
    await eventually(() => expect(evidence.commands.filter((c) => c.command === 'C-FIND-RSP').map((c) => c.status)).toEqual([0xff00, 0xff00, 0xff00, 0]));
    expect(evidence.commands.find((c) => c.command === 'C-FIND-RQ')?.dataset).toMatchObject({ QueryRetrieveLevel: 'STUDY', PatientID: 'P1' });
  });

  it('serves getscu with C-STORE sub-operations on the same association', async () => {
    const files = await writeCtFiles(join(dir), 2, { size: 64 });
    const out = join(dir, 'got');
    await mkdir(out);
    const h = await startHost({
      async onGet(rq) {
        expect(rq.identifier.StudyInstanceUID).toBe('1.2.3');
        for (const f of files) await rq.store(f.path);
      },
    });
    const result = await runTool(
      'getscu',
      ['-S', '-aec', 'IXH', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyInstanceUID=1.2.3', '-od', out, '127.0.0.1', String(h.port)],
      { timeoutMs: 30_000 },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const written = await readdir(out);
    expect(written).toHaveLength(2);
    const got = await Promise.all(written.map((w) => readDatasetBytes(join(out, w))));
    const want = await Promise.all(files.map((f) => readDatasetBytes(f.path)));
    expect(got.map((g) => want.findIndex((w) => w.equals(g))).sort()).toEqual([0, 1]);
    await eventually(() => expect(evidence.commands.find((c) => c.command === 'C-GET-RSP' && c.status === 0)?.commandSet).toMatchObject({ NumberOfCompletedSuboperations: 2, NumberOfFailedSuboperations: 0 }));
    const accepted = evidence.associations.find((a) => a.phase === 'accepted');
    expect(accepted && 'roles' in accepted && accepted.roles).toContainEqual({ sopClassUid: SopClass.CtImageStorage, scuRole: false, scpRole: true });
  });

  it('runs a C-MOVE from movescu, storing to a DCMTK storescp through our client', async () => {
    const files = await writeCtFiles(dir, 3, { size: 64 });
    const out = join(dir, 'moved');
    await mkdir(out);
    const destPort = await freePort();
    const storescp = startTool('storescp', ['-aet', 'DEST', '-od', out, String(destPort)]);
    try {
      await waitForPort(destPort);
      const progress: number[] = [];
      const h = await startHost({
        async onMove(rq) {
          if (rq.destinationAe !== 'DEST') return { status: 0xa801 };
          const assoc = await associate({ host: '127.0.0.1', port: destPort, callingAe: 'IXH', calledAe: 'DEST', contexts: [{ abstractSyntax: SopClass.CtImageStorage }], observer: evidence.observer });
          let completed = 0;
          for (const f of files) {
            const stored = await assoc.store(f.path, { moveOriginator: { ae: rq.association.remote.ae, messageId: rq.messageId } });
            if (stored.status === 0) completed++;
            progress.push(completed);
            await rq.progress({ remaining: files.length - completed, completed, failed: 0, warning: 0 });
          }
          await assoc.release();
          return { completed };
        },
      });
      const result = await runTool(
        'movescu',
        ['-v', '-S', '-aet', 'MOVER', '-aec', 'IXH', '-aem', 'DEST', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyInstanceUID=1.2.3', '127.0.0.1', String(h.port)],
        { timeoutMs: 30_000 },
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(progress).toEqual([1, 2, 3]);
      expect(await readdir(out)).toHaveLength(3);
      await eventually(() =>
        expect(evidence.commands.filter((c) => c.command === 'C-MOVE-RSP' && c.side === 'acceptor').map((c) => c.status)).toEqual([0xff00, 0xff00, 0xff00, 0]),
      );
      // The sub-operations are evidence too: the client association reported its stores.
      expect(evidence.datasets.filter((d) => d.direction === 'sent')).toHaveLength(3);
    } finally {
      await storescp.stop();
    }
  });

  it('aborts only the association that sent a malformed PDU', async () => {
    const h = await startHost({});
    const good = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'GOOD', calledAe: 'IXH', contexts: [{ abstractSyntax: SopClass.Verification }] });
    const raw = connect({ host: '127.0.0.1', port: h.port });
    const reply = new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      raw.on('data', (d: Buffer) => parts.push(d));
      raw.on('close', () => resolve(Buffer.concat(parts)));
    });
    await new Promise((r) => raw.once('connect', r));
    raw.write(Buffer.from([0x0b, 0, 0, 0, 0, 2, 0xde, 0xad]));
    const bytes = await reply;
    expect([...bytes]).toEqual([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 1]); // A-ABORT, provider, unrecognized PDU
    expect(await good.echo()).toBe(0);
    await good.release();
    await eventually(() =>
      expect(evidence.associations).toContainEqual(expect.objectContaining({ phase: 'aborted', initiator: 'local', source: 2, reason: 1, side: 'acceptor' })),
    );
  });

  it('aborts one association on request (abort-after faults) and reports it', async () => {
    const h = await startHost({});
    const a = await associate({ host: '127.0.0.1', port: h.port, callingAe: 'A', calledAe: 'IXH', contexts: [{ abstractSyntax: SopClass.Verification }], observer: evidence.observer });
    const id = evidence.associations.find((e) => e.phase === 'accepted' && e.side === 'acceptor')!.associationId;
    expect(h.abortAssociation(id)).toBe(true);
    await a.closed;
    await expect(a.echo()).rejects.toThrow(/ended|cannot send/);
    expect(h.abortAssociation(id)).toBe(false);
    expect(evidence.associations).toContainEqual(expect.objectContaining({ phase: 'aborted', side: 'requestor', initiator: 'peer', source: 0 }));
  });
});
