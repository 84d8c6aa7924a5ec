import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstanceStore, incomingFiles, spareFiles, type InstanceStore } from './instance-store.ts';
import { datasetExtent } from './dataset-extent.ts';
import type { IncomingFile } from './incoming-file.ts';
import { encodeFileMetaHeader } from '../../dimse/meta-header.ts';
import { recordFromDataset } from './index-record.ts';
import { createPacsIndex, type PacsIndex } from './pacs-index.ts';
import { headerFromPrefix, readHeader } from './read-header.ts';
import { encodeDataset, EXPLICIT_VR_LE, sampleDataset, SECONDARY_CAPTURE } from './sample-datasets.ts';

let dir: string;
let index: PacsIndex;
let store: InstanceStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-store-'));
  index = createPacsIndex({ path: join(dir, 'index.sqlite') });
  store = createInstanceStore({ dataDir: dir, index });
});
afterEach(async () => {
  store.close();
  index.close();
  await rm(dir, { recursive: true, force: true });
});

const meta = (sop: string) => ({ mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: sop, transferSyntaxUID: EXPLICIT_VR_LE, sourceApplicationEntityTitle: 'MODALITY' });
const dataset = (sop: string, extra: Record<string, unknown> = {}) => encodeDataset(sampleDataset({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: sop }, extra));

/** Streams the dataset into `receive()`'s sink in small chunks, as PDV fragments would arrive. */
async function receive(sop: string, bytes: Buffer) {
  return receiveLight(store, sop, bytes);
}

async function eventually(check: () => Promise<void>, ms = 2000): Promise<void> {
  for (const start = Date.now(); ; await new Promise((r) => setTimeout(r, 10))) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > ms) throw err;
    }
  }
}

async function filesUnder(sub: string): Promise<string[]> {
  return (await readdir(join(dir, sub), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('instance store', () => {
  it('commits a streamed dataset as a Part 10 file DCMTK reads, and indexes it', async () => {
    const result = await store.commit(await receive('1.2.3.1.1', dataset('1.2.3.1.1')));
    expect(result).toMatchObject({ replaced: false, mismatches: [], path: store.pathFor('1.2.3', '1.2.3.1', '1.2.3.1.1') });
    const dump = execFileSync('dcmdump', ['+E', '-M', result.path], { encoding: 'utf8' });
    expect(dump).toContain('(0002,0003) UI [1.2.3.1.1]');
    expect(dump).toContain('(0002,0016) AE [MODALITY]');
    expect(dump).toContain('(0010,0020) LO [PID-1]');
    expect(index.selectForRetrieve('STUDY', 'STUDY', { StudyInstanceUID: '1.2.3' })).toEqual([
      expect.objectContaining({ sopInstanceUid: '1.2.3.1.1', path: result.path, transferSyntaxUid: EXPLICIT_VR_LE }),
    ]);
    expect(incomingFiles(dir)).toEqual([]);
  });

  it('discard (aborted association) leaves nothing in incoming, instances or the index', async () => {
    const bytes = dataset('1.2.3.1.2');
    const incoming = await receive('1.2.3.1.2', bytes.subarray(0, bytes.length / 2));
    await store.discard(incoming);
    expect(existsSync(incoming.path)).toBe(false);
    expect(incomingFiles(dir)).toEqual([]);
    expect(await filesUnder('instances')).toEqual([]);
    expect(index.counts().instances).toBe(0);
  });

  it('a truncated dataset fails commit with a typed error and leaves nothing behind', async () => {
    const bytes = dataset('1.2.3.1.3', { ImageComments: 'z'.repeat(500) });
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from('zzzz')) + 10);
    await expect(store.commit(await receive('1.2.3.1.3', cut))).rejects.toMatchObject({ name: 'HeaderReadError', code: 'truncated' });
    expect(incomingFiles(dir)).toEqual([]);
    expect(await filesUnder('instances')).toEqual([]);
    expect(index.counts().instances).toBe(0);
  });

  it('storing the same SOP Instance again replaces file and index entry; mismatching command UIDs are reported', async () => {
    await store.commit(await receive('1.2.3.1.4', dataset('1.2.3.1.4', { PatientID: 'OLD' })));
    const again = await store.commit(await receive('9.9.9', dataset('1.2.3.1.4', { PatientID: 'NEW' })));
    expect(again).toMatchObject({ replaced: true, mismatches: [{ field: 'SOPInstanceUID', meta: '9.9.9', dataset: '1.2.3.1.4' }] });
    expect(await filesUnder('instances')).toHaveLength(1);
    expect(index.find('STUDY', 'STUDY', { StudyInstanceUID: '1.2.3', PatientID: '' })).toEqual([expect.objectContaining({ PatientID: 'NEW' })]);
    expect(index.counts()).toMatchObject({ patients: 1, instances: 1 });
  });

  it('clears leftovers of a crash from incoming/ when opened', async () => {
    await writeFile(join(dir, 'incoming', 'left.part'), 'partial');
    createInstanceStore({ dataDir: dir, index });
    expect(incomingFiles(dir)).toEqual([]);
  });
});

/** The light path: `receive()` and its DatasetSink, fed in small chunks as PDVs would arrive. */
function receiveLight(s: InstanceStore, sop: string, bytes: Buffer, step = 100) {
  const incoming = s.receive(meta(sop));
  for (let o = 0; o < bytes.length; o += step) incoming.sink.write(bytes.subarray(o, o + step));
  return incoming;
}

describe('instance store, receive() + DatasetSink', () => {
  it('writes the meta header followed by the received bytes, exactly, whatever the chunking', async () => {
    const bytes = dataset('1.2.3.1.10', { ImageComments: 'light' });
    const one = await store.commit(receiveLight(store, '1.2.3.1.10', bytes, bytes.length));
    const first = await readFile(one.path);
    expect(first.equals(Buffer.concat([encodeFileMetaHeader(meta('1.2.3.1.10')), bytes]))).toBe(true);
    const again = await store.commit(receiveLight(store, '1.2.3.1.10', bytes, 7));
    expect(again.replaced).toBe(true);
    expect(again.record).toEqual(one.record);
    expect((await readFile(again.path)).equals(first)).toBe(true);
    expect(incomingFiles(dir)).toEqual([]);
    expect(store.durability).toBe('process');
  });

  it('parses the header from the bytes it kept: the file is not read back', async () => {
    const bytes = dataset('1.2.3.1.11', { PatientName: 'Dvořák^Jiří', ImageComments: 'c'.repeat(3000) });
    const incoming = receiveLight(store, '1.2.3.1.11', bytes, 1000);
    await incoming.sink.end();
    const fromFile = await readHeader(incoming.path);
    // Spoil the file's header on disk: a read-back would now fail.
    const fd = openSync(incoming.path, 'r+');
    writeSync(fd, Buffer.alloc(200, 0x41), 0, 200, 132);
    closeSync(fd);
    const result = await store.commit(incoming);
    expect(result.record).toEqual(recordFromDataset(fromFile.ds, { path: result.path, transferSyntaxUid: EXPLICIT_VR_LE, size: fromFile.size }));
    expect(index.find('STUDY', 'STUDY', { StudyInstanceUID: '1.2.3', PatientName: '' })).toEqual([expect.objectContaining({ PatientName: [{ Alphabetic: 'Dvořák^Jiří' }] })]);
  });

  it('header from the kept prefix equals the header read from the file, with and without Pixel Data', async () => {
    for (const sop of ['1.2.3.1.12', '1.2.3.1.13']) {
      let bytes = dataset(sop);
      if (sop === '1.2.3.1.13') {
        // Without Pixel Data (as an SR would be): cut the data set where Pixel Data starts.
        const head = encodeFileMetaHeader(meta(sop));
        const extent = datasetExtent(Buffer.concat([head, bytes]));
        bytes = bytes.subarray(0, (extent as { offset: number }).offset - head.length);
      }
      const incoming = receiveLight(store, sop, bytes, 37);
      await incoming.sink.end();
      const file = incoming.sink as IncomingFile;
      const prefix = file.prefix()!;
      expect(prefix.complete).toBe(sop === '1.2.3.1.13'); // no Pixel Data: the whole data set is the header
      const whole = await readFile(incoming.path);
      expect(whole.subarray(0, prefix.bytes.length).equals(prefix.bytes)).toBe(true);
      expect(headerFromPrefix(incoming.path, prefix.bytes, file.size, prefix.complete)).toEqual(await readHeader(incoming.path));
      await store.discard(incoming);
    }
  });

  it('indexes what only dcmjs decodes (an issuer sequence with items, ISO 2022 text) as dcmjs decodes it', async () => {
    const cases = [
      { IssuerOfAccessionNumberSequence: [{ LocalNamespaceEntityID: 'RIS-Ä', UniversalEntityID: '1.2.3.99', UniversalEntityIDType: 'ISO' }] },
      { SpecificCharacterSet: 'ISO_IR 100', IssuerOfPatientIDQualifiersSequence: [{ UniversalEntityID: 'x', UniversalEntityIDType: 'DNS' }] },
    ];
    for (const [i, extra] of cases.entries()) {
      const sop = `1.2.3.1.3${i}`;
      const incoming = receiveLight(store, sop, dataset(sop, extra));
      await incoming.sink.end();
      const fromFile = await readHeader(incoming.path);
      const result = await store.commit(incoming);
      expect(result.record).toEqual(recordFromDataset(fromFile.ds, { path: result.path, transferSyntaxUid: EXPLICIT_VR_LE, size: fromFile.size }));
    }
    expect(index.find('STUDY', 'STUDY', { StudyInstanceUID: '1.2.3', IssuerOfAccessionNumberSequence: [] })).toEqual([
      expect.objectContaining({ IssuerOfAccessionNumberSequence: [expect.objectContaining({ UniversalEntityID: '1.2.3.99' })] }),
    ]);
  });

  it('a truncated dataset fails commit with a typed error and leaves nothing behind', async () => {
    const bytes = dataset('1.2.3.1.14', { ImageComments: 'z'.repeat(500) });
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from('zzzz')) + 10);
    await expect(store.commit(receiveLight(store, '1.2.3.1.14', cut))).rejects.toMatchObject({ name: 'HeaderReadError', code: 'truncated' });
    expect(incomingFiles(dir)).toEqual([]);
    expect(index.counts().instances).toBe(0);
  });

  it('destroy (association ended mid-transfer) and discard leave nothing', async () => {
    const bytes = dataset('1.2.3.1.15');
    const a = receiveLight(store, '1.2.3.1.15', bytes.subarray(0, 300));
    a.sink.destroy(new Error('aborted by peer'));
    const b = receiveLight(store, '1.2.3.1.16', bytes.subarray(0, 300));
    await store.discard(b);
    expect(incomingFiles(dir)).toEqual([]);
    expect(await filesUnder('instances')).toEqual([]);
    await expect(store.commit(a)).rejects.toThrow(/not receiving/);
  });

  it('receives into spare files made ahead once they are ready; close() removes unused spares', async () => {
    const first = receiveLight(store, '1.2.3.1.40', dataset('1.2.3.1.40'));
    expect(first.path).toContain(`${join(dir, 'incoming')}`); // no spare yet: created on demand
    await store.commit(first);
    await eventually(async () => expect(spareFiles(dir)).toHaveLength(2));
    const spares = spareFiles(dir);
    expect(new Set(spares.map((p) => dirname(p))).size).toBe(2); // two spare directories of three
    const second = receiveLight(store, '1.2.3.1.41', dataset('1.2.3.1.41'));
    expect(spares).toContain(second.path);
    const committed = await store.commit(second);
    expect((await readFile(committed.path)).equals(Buffer.concat([encodeFileMetaHeader(meta('1.2.3.1.41')), dataset('1.2.3.1.41')]))).toBe(true);
    await eventually(async () => expect(spareFiles(dir)).toHaveLength(2));
    const aborted = receiveLight(store, '1.2.3.1.42', dataset('1.2.3.1.42').subarray(0, 300));
    expect(incomingFiles(dir)).toHaveLength(1); // a spare being filled is listed
    aborted.sink.destroy(new Error('aborted by peer'));
    expect(incomingFiles(dir)).toEqual([]);
    await eventually(async () => expect(spareFiles(dir)).toHaveLength(2));
    store.close();
    // A spare whose creation was still in flight is removed as soon as it exists.
    await eventually(async () => expect(spareFiles(dir)).toEqual([]));
    const late = receiveLight(store, '1.2.3.1.43', dataset('1.2.3.1.43')); // still works, on demand
    expect(late.path).toContain(join(dir, 'incoming'));
    await store.commit(late);
    expect(index.counts().instances).toBe(3);
  });

  it("durability 'power-loss' commits the same way (with fsyncs)", async () => {
    const durable = createInstanceStore({ dataDir: join(dir, 'durable'), index, durability: 'power-loss' });
    expect(durable.durability).toBe('power-loss');
    const result = await durable.commit(receiveLight(durable, '1.2.3.1.17', dataset('1.2.3.1.17')));
    expect(existsSync(result.path)).toBe(true);
    const second = await durable.commit(receiveLight(durable, '1.2.3.1.18', dataset('1.2.3.1.18'), 1 << 20));
    expect(existsSync(second.path)).toBe(true);
    expect(index.counts().instances).toBe(2);
  });
});
