import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { associate, AssociationRejectedError, QUERY_MODELS, SopClass, TransferSyntax, type DimseClientAssociation } from '../dimse/index.ts';
import { encodeCommandSet } from '../dimse/command-set.ts';
import { encodeAbort, encodeAssociateRq, encodePdvHeader } from '../dimse/pdu-writer.ts';
import { writeCtFiles } from '../dimse/test-ct-files.ts';
import { eventually } from '../dimse/test-recorder.ts';
import { readDatasetBytes } from '../dimse/part10.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { parseFault, type PacsFault } from './behaviour.ts';
import { createPacs, type Pacs } from './pacs.ts';

const STUDY = '1.2.826.0.1.3680043.10.999.1';
const SERIES = '1.2.826.0.1.3680043.10.999.1.1';
let dir: string;
let files: { path: string; sopInstanceUid: string }[];
const running: { stop(): Promise<void> }[] = [];
const open: DimseClientAssociation[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-pacs-'));
  await mkdir(join(dir, 'fixtures'));
  files = await writeCtFiles(join(dir, 'fixtures'), 4, { studyInstanceUid: STUDY, seriesInstanceUid: SERIES, patientId: 'PAT-1' });
});
afterEach(async () => {
  for (const a of open.splice(0)) a.abort();
  for (const r of running.splice(0)) await r.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startPacs(options: { faults?: PacsFault[]; importFixtures?: boolean; ae?: string; storage?: string } = {}): Promise<{ pacs: Pacs; evidence: EvidenceSink }> {
  const evidence = createEvidenceRecorder();
  const pacs = createPacs(
    {
      aeTitle: options.ae ?? 'IXH_PACS',
      port: 0,
      storageDir: options.storage ?? join(dir, 'store-' + (options.ae ?? 'IXH_PACS')),
      importDirs: options.importFixtures === false ? [] : [join(dir, 'fixtures')],
      behaviour: { faults: options.faults ?? [] },
    },
    evidence,
  );
  await pacs.start();
  running.push(pacs);
  return { pacs, evidence };
}

async function connectTo(pacs: Pacs, contexts: string[]): Promise<DimseClientAssociation> {
  const association = await associate({
    host: '127.0.0.1',
    port: pacs.address.port,
    callingAe: 'TEST_SCU',
    calledAe: pacs.address.aeTitle ?? 'IXH_PACS',
    contexts: contexts.map((abstractSyntax) => ({ abstractSyntax })),
    roles: contexts.includes(SopClass.CtImageStorage) ? [{ sopClassUid: SopClass.CtImageStorage, scuRole: true, scpRole: true }] : [],
  });
  open.push(association);
  return association;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('PACS simulator, conformant', () => {
  it('indexes the import folder and answers C-ECHO and a study-level C-FIND', async () => {
    const { pacs, evidence } = await startPacs();
    expect(pacs.stats()).toMatchObject({ studies: 1, series: 1, instances: 4, skipped: 0 });
    const a = await connectTo(pacs, [SopClass.Verification, QUERY_MODELS.STUDY.find]);
    expect(await a.echo()).toBe(0);
    const find = a.find('STUDY', { QueryRetrieveLevel: 'STUDY', PatientID: 'PAT-1', StudyInstanceUID: '', NumberOfStudyRelatedInstances: '' });
    const matches = await collect(find);
    expect((await find.done).status).toBe(0);
    expect(matches).toEqual([expect.objectContaining({ StudyInstanceUID: STUDY, NumberOfStudyRelatedInstances: 4 })]);
    await a.release();
    await eventually(() => {
      const transactions = evidence.entries().map((e) => `${e.transaction}/${e.direction}`);
      expect(transactions).toEqual(expect.arrayContaining(['A-ASSOCIATE/request', 'A-ASSOCIATE/response', 'C-ECHO/request', 'C-ECHO/response', 'C-FIND/request', 'C-FIND/response', 'A-RELEASE/request']));
    });
  });

  it('answers an identifier without QueryRetrieveLevel with 0xA900, not a harness error', async () => {
    const { pacs, evidence } = await startPacs();
    const a = await connectTo(pacs, [QUERY_MODELS.STUDY.find]);
    const find = a.find('STUDY', { PatientID: 'PAT-1' });
    expect(await collect(find)).toEqual([]);
    expect((await find.done).status).toBe(0xa900);
    expect(evidence.entries().filter((e) => e.transaction === 'harness-error')).toEqual([]);
  });

  it('stores an instance, and C-GET returns it byte for byte on the same association', async () => {
    const { pacs } = await startPacs({ importFixtures: false });
    const a = await connectTo(pacs, [SopClass.CtImageStorage, QUERY_MODELS.STUDY.get]);
    const stored = await a.store(files[0]!.path);
    expect(stored.status).toBe(0);
    expect(pacs.stats().instances).toBe(1);

    const received: Buffer[] = [];
    const get = a.get('STUDY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: STUDY }, () => ({ sink: collectingSink((ds) => received.push(ds)) }));
    const outcome = await get.done;
    expect(outcome).toMatchObject({ status: 0, completed: 1, failed: 0 });
    const original = await readDatasetBytes(files[0]!.path);
    expect(received).toHaveLength(1);
    expect(received[0]!.equals(original)).toBe(true);
  });

  it('moves a study to a known destination and refuses an unknown one with 0xA801', async () => {
    const { pacs: source } = await startPacs();
    const { pacs: destination } = await startPacs({ ae: 'DEST_PACS', importFixtures: false });
    source.addPeer('DEST_PACS', { host: '127.0.0.1', port: destination.address.port });
    const a = await connectTo(source, [QUERY_MODELS.STUDY.move]);

    const progress: number[] = [];
    const move = a.move('STUDY', 'DEST_PACS', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: STUDY }, (p) => progress.push(p.remaining ?? -1));
    expect(await move.done).toMatchObject({ status: 0, completed: 4, failed: 0, warning: 0 });
    expect(progress).toEqual([3, 2, 1]);
    expect(destination.stats().instances).toBe(4);

    const unknown = a.move('STUDY', 'NOBODY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: STUDY });
    expect((await unknown.done).status).toBe(0xa801);
  });
});

describe('PACS simulator, named faults', () => {
  it('reject-association: every association is rejected', async () => {
    const { pacs } = await startPacs({ faults: [parseFault('reject-association')] });
    await expect(connectTo(pacs, [SopClass.Verification])).rejects.toBeInstanceOf(AssociationRejectedError);
  });

  it('refuse-sop-class: that context is rejected, the others accepted', async () => {
    const { pacs } = await startPacs({ faults: [parseFault(`refuse-sop-class:${SopClass.CtImageStorage}`)] });
    const a = await connectTo(pacs, [SopClass.Verification, SopClass.CtImageStorage]);
    expect(a.contexts.map((c) => c.abstractSyntax)).toEqual([SopClass.Verification]);
    await expect(a.store(files[0]!.path)).rejects.toThrow(/no accepted presentation context/);
  });

  it('abort-after: the association is aborted at the next C-STORE and that instance is not kept', async () => {
    const { pacs } = await startPacs({ importFixtures: false, faults: [parseFault('abort-after:2')] });
    const a = await connectTo(pacs, [SopClass.CtImageStorage]);
    expect((await a.store(files[0]!.path)).status).toBe(0);
    expect((await a.store(files[1]!.path)).status).toBe(0);
    await expect(a.store(files[2]!.path)).rejects.toThrow();
    await a.closed;
    expect(pacs.stats().instances).toBe(2);
  });

  it('C-CANCEL during a slow C-MOVE ends it with 0xFE00 and the counts so far', async () => {
    const { pacs: source } = await startPacs({ faults: [parseFault('slow:200')] });
    const { pacs: destination } = await startPacs({ ae: 'DEST_PACS', importFixtures: false });
    source.addPeer('DEST_PACS', { host: '127.0.0.1', port: destination.address.port });
    const a = await connectTo(source, [QUERY_MODELS.STUDY.move]);
    const move = a.move('STUDY', 'DEST_PACS', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: STUDY }, (p) => {
      if (p.completed === 1) void move.cancel();
    });
    const outcome = await move.done;
    expect(outcome.status).toBe(0xfe00);
    expect(outcome.completed).toBeGreaterThanOrEqual(1);
    expect(outcome.completed).toBeLessThan(4);
    expect(outcome.remaining).toBe(4 - (outcome.completed ?? 0));
  });

  it('wrong-status and slow: the C-STORE is answered late with the given status', async () => {
    const { pacs } = await startPacs({ importFixtures: false, faults: [parseFault('wrong-status:0xA700'), parseFault('slow:150')] });
    const a = await connectTo(pacs, [SopClass.CtImageStorage]);
    const started = performance.now();
    expect((await a.store(files[0]!.path)).status).toBe(0xa700);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('PACS simulator, a peer that aborts mid C-STORE', () => {
  it('keeps no partial instance in the index or on disk, and keeps serving', async () => {
    const storage = join(dir, 'store-abort');
    const { pacs } = await startPacs({ importFixtures: false, storage });
    const dataset = await readDatasetBytes(files[0]!.path);

    const socket = connect({ host: '127.0.0.1', port: pacs.address.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const replies = waitForBytes(socket);
    socket.write(
      encodeAssociateRq({
        protocolVersion: 1,
        calledAe: 'IXH_PACS',
        callingAe: 'RAW_SCU',
        applicationContext: '1.2.840.10008.3.1.1.1',
        contexts: [{ id: 1, abstractSyntax: SopClass.CtImageStorage, transferSyntaxes: [TransferSyntax.ExplicitVrLittleEndian] }],
        userInfo: { maxPduLength: 16384, implementationClassUid: '2.25.1' },
      }),
    );
    await replies.next(); // A-ASSOCIATE-AC
    const command = encodeCommandSet({
      CommandField: 0x0001,
      AffectedSOPClassUID: SopClass.CtImageStorage,
      AffectedSOPInstanceUID: files[0]!.sopInstanceUid,
      MessageID: 1,
      Priority: 0,
      CommandDataSetType: 0x0000,
    });
    socket.write(Buffer.concat([encodePdvHeader({ contextId: 1, isCommand: true, isLast: true }, command.length), command]));
    const half = dataset.subarray(0, Math.floor(dataset.length / 2));
    socket.write(Buffer.concat([encodePdvHeader({ contextId: 1, isCommand: false, isLast: false }, half.length), half]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.end(encodeAbort({ source: 0, reason: 0 }));

    await eventually(async () => expect(await readdir(join(storage, 'incoming'))).toEqual([]));
    expect(pacs.stats().instances).toBe(0);
    expect(await readdir(join(storage, 'instances'))).toEqual([]);

    const a = await connectTo(pacs, [SopClass.CtImageStorage]);
    expect((await a.store(files[0]!.path)).status).toBe(0);
    expect(pacs.stats().instances).toBe(1);
  });
});

function waitForBytes(socket: Socket): { next(): Promise<Buffer> } {
  const queue: Buffer[] = [];
  const waiters: ((b: Buffer) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    const waiter = waiters.shift();
    if (waiter) waiter(chunk);
    else queue.push(chunk);
  });
  return { next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift()!) : waiters.push(resolve))) };
}

/** A sink that collects one received data set and hands it over when it ends. */
function collectingSink(onEnd: (dataset: Buffer) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      onEnd(Buffer.concat(chunks));
      callback();
    },
  });
}
