import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTinyDicom } from './tiny-dicom.ts';

describe('writeTinyDicom', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-tiny-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a Part 10 file whose meta header and dataset carry the returned ids', async () => {
    const ids = await writeTinyDicom(join(dir, 't.dcm'), { PatientID: 'P-9' });
    const bytes = await readFile(join(dir, 't.dcm'));
    expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');

    const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    expect(meta.MediaStorageSOPInstanceUID).toBe(ids.SOPInstanceUID);
    expect(ds).toMatchObject({ PatientID: 'P-9', SOPInstanceUID: ids.SOPInstanceUID, StudyInstanceUID: ids.StudyInstanceUID, Rows: 2 });
  });

  it('gives every file fresh UIDs unless told otherwise', async () => {
    const a = await writeTinyDicom(join(dir, 'a.dcm'));
    const b = await writeTinyDicom(join(dir, 'b.dcm'), { StudyInstanceUID: a.StudyInstanceUID });
    expect(b.SOPInstanceUID).not.toBe(a.SOPInstanceUID);
    expect(b.StudyInstanceUID).toBe(a.StudyInstanceUID);
  });
});
