import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFileMetaHeader } from '../../dimse/meta-header.ts';
import { readHeader } from './read-header.ts';
import { encodeDataset, IMPLICIT_VR_LE, sampleDataset, SECONDARY_CAPTURE, writePart10 } from './sample-datasets.ts';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ixh-header-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
const ds = sampleDataset({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: '1.2.3.1.1', patientName: 'Dvořák^Jiří' });

describe('readHeader', () => {
  it('reads meta and dataset but not the pixel data', async () => {
    const path = join(dir, 'a.dcm');
    await writePart10(path, ds);
    const h = await readHeader(path);
    expect(h.meta).toMatchObject({ TransferSyntaxUID: '1.2.840.10008.1.2.1', MediaStorageSOPInstanceUID: '1.2.3.1.1' });
    expect(h.ds).toMatchObject({ SOPInstanceUID: '1.2.3.1.1', PatientName: [{ Alphabetic: 'Dvořák^Jiří' }], Rows: 2 });
    expect(h.ds).not.toHaveProperty('PixelData');
  });

  it('needs more than the first chunk when the header is large', async () => {
    const path = join(dir, 'big.dcm');
    await writePart10(path, { ...ds, ImageComments: 'x'.repeat(200_000) });
    const h = await readHeader(path);
    expect(h.ds.ImageComments).toHaveLength(200_000);
    expect(h.ds.SOPInstanceUID).toBe('1.2.3.1.1');
  });

  it('reads an implicit VR dataset after our own meta header', async () => {
    const path = join(dir, 'implicit.dcm');
    await writeFile(path, Buffer.concat([
      encodeFileMetaHeader({ mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: '1.2.3.1.1', transferSyntaxUID: IMPLICIT_VR_LE }),
      encodeDataset(ds, IMPLICIT_VR_LE),
    ]));
    const h = await readHeader(path);
    expect(h.meta.TransferSyntaxUID).toBe(IMPLICIT_VR_LE);
    expect(h.ds).toMatchObject({ StudyInstanceUID: '1.2.3', PatientID: 'PID-1' });
  });

  it('throws typed errors for missing, non-Part-10 and truncated files', async () => {
    await expect(readHeader(join(dir, 'none.dcm'))).rejects.toMatchObject({ name: 'HeaderReadError', code: 'io' });
    const text = join(dir, 'text.dcm');
    await writeFile(text, 'hello');
    await expect(readHeader(text)).rejects.toMatchObject({ code: 'not-part10' });
    const good = join(dir, 'good.dcm');
    await writePart10(good, { ...ds, ImageComments: 'y'.repeat(1000) });
    const cut = join(dir, 'cut.dcm');
    await writeFile(cut, (await readFile(good)).subarray(0, 700));
    await expect(readHeader(cut)).rejects.toMatchObject({ code: 'truncated' });
  });
});
