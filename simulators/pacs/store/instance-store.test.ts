import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstanceStore, incomingFiles, type InstanceStore } from './instance-store.ts';
import { createPacsIndex, type PacsIndex } from './pacs-index.ts';
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
  index.close();
  await rm(dir, { recursive: true, force: true });
});

const meta = (sop: string) => ({ mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: sop, transferSyntaxUID: EXPLICIT_VR_LE, sourceApplicationEntityTitle: 'MODALITY' });
const dataset = (sop: string, extra: Record<string, unknown> = {}) => encodeDataset(sampleDataset({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: sop }, extra));

/** Streams the dataset in small chunks, as PDV fragments would arrive. */
async function receive(sop: string, bytes: Buffer) {
  const incoming = await store.begin(meta(sop));
  for (let o = 0; o < bytes.length; o += 100) incoming.stream.write(bytes.subarray(o, o + 100));
  return incoming;
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
