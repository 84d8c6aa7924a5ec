import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './dimse-constants.ts';
import { encodeFileMetaHeader } from './meta-header.ts';
import { encodeDataset, sampleDataset, SECONDARY_CAPTURE, EXPLICIT_VR_LE } from '../pacs/store/sample-datasets.ts';

const meta = { mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: '1.2.3.4.5', transferSyntaxUID: EXPLICIT_VR_LE, sourceApplicationEntityTitle: 'MODALITY1' };
let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ixh-meta-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('encodeFileMetaHeader', () => {
  it('writes preamble, DICM and a group length equal to the bytes of group 0002 that follow', () => {
    const bytes = encodeFileMetaHeader(meta);
    expect(bytes.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(bytes.toString('latin1', 128, 132)).toBe('DICM');
    expect(bytes.toString('latin1', 136, 138)).toBe('UL');
    expect(bytes.readUInt32LE(140)).toBe(bytes.length - 144);
    expect(bytes.length % 2).toBe(0);
  });

  it('round-trips through dcmjs with every element', () => {
    const ds = sampleDataset({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: '1.2.3.4.5' });
    const file = Buffer.concat([encodeFileMetaHeader(meta), encodeDataset(ds)]);
    const dict = dcmjs.data.DicomMessage.readFile(new Uint8Array(file).buffer);
    expect(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta)).toMatchObject({
      MediaStorageSOPClassUID: SECONDARY_CAPTURE, MediaStorageSOPInstanceUID: '1.2.3.4.5', TransferSyntaxUID: EXPLICIT_VR_LE,
      ImplementationClassUID: IMPLEMENTATION_CLASS_UID, ImplementationVersionName: IMPLEMENTATION_VERSION_NAME, SourceApplicationEntityTitle: 'MODALITY1',
    });
    expect(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict)).toMatchObject({ SOPInstanceUID: '1.2.3.4.5', PatientID: 'PID-1' });
  });

  it('is accepted by DCMTK dcmdump', async () => {
    const ds = sampleDataset({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: '1.2.3.4.5' });
    const path = join(dir, 'x.dcm');
    await writeFile(path, Buffer.concat([encodeFileMetaHeader({ ...meta, sourceApplicationEntityTitle: 'ODD' }), encodeDataset(ds)]));
    const out = execFileSync('dcmdump', ['-M', '+E', path], { encoding: 'utf8' });
    expect(out).toMatch(/\(0002,0000\) UL \d+/);
    expect(out).toMatch(/\(0002,0016\) AE \[ODD \]|\(0002,0016\) AE \[ODD\]/);
    expect(out).toContain('(0008,0018) UI [1.2.3.4.5]');
    expect(out).not.toMatch(/[Ee]rror|W: /);
  });

  it('refuses values that cannot be encoded', () => {
    expect(() => encodeFileMetaHeader({ ...meta, mediaStorageSOPInstanceUID: '1.2.x' })).toThrow(RangeError);
    expect(() => encodeFileMetaHeader({ ...meta, sourceApplicationEntityTitle: 'A_VERY_LONG_AE_TITLE' })).toThrow(RangeError);
  });
});
