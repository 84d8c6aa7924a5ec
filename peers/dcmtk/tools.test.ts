import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, peerDescribe } from '../../test/interop/require-peer.ts';
import { writeTinyDicom } from '../testing/tiny-dicom.ts';
import { assertToolOk, dcmdumpTags, echoscu, parseDcmdump, storescu } from './tools.ts';

const DUMP = `
# Dicom-Meta-Information-Header
(0002,0010) UI [1.2.840.10008.1.2.1]                    #  20, 1 TransferSyntaxUID
# Dicom-Data-Set
(0008,0050) SH (no value available)                     #   0, 0 AccessionNumber
(0010,0020) LO [PAT 1]                                  #   6, 1 PatientID
(0028,0010) US 512                                      #   2, 1 Rows
(0040,0275) SQ (Sequence with explicit length #=1)      #  20, 1 RequestAttributesSequence
  (fffe,e000) na (Item with explicit length #=1)          #  12, 1 Item
    (0040,0009) SH [SPS1]                                 #   4, 1 ScheduledProcedureStepID
`;

describe('parseDcmdump', () => {
  const tags = parseDcmdump(DUMP);

  it('keys elements by keyword and by tag', () => {
    expect(tags.get('PatientID')).toEqual({ tag: '0010,0020', vr: 'LO', keyword: 'PatientID', value: 'PAT 1' });
    expect(tags.get('0010,0020')?.value).toBe('PAT 1');
  });

  it('reads numbers, empty values and the meta header', () => {
    expect(tags.get('Rows')?.value).toBe('512');
    expect(tags.get('AccessionNumber')?.value).toBe('');
    expect(tags.get('TransferSyntaxUID')?.value).toBe('1.2.840.10008.1.2.1');
  });

  it('leaves out elements nested in sequences', () => {
    expect(tags.has('ScheduledProcedureStepID')).toBe(false);
  });
});

describe('SCU wrappers', () => {
  it('refuse any host but 127.0.0.1', async () => {
    await expect(echoscu('10.0.0.1', 104, 'ANY')).rejects.toThrow(/only dial 127\.0\.0\.1/);
    await expect(storescu('localhost', 104, 'ANY', [])).rejects.toThrow(/only dial 127\.0\.0\.1/);
  });

  it('report a refused association as a non-zero exit', async () => {
    // Nothing listens on port 1 of loopback, so the association cannot be made.
    const result = await echoscu('127.0.0.1', 1, 'NOBODY', { timeoutMs: 10_000 });
    expect(result.code).not.toBe(0);
    expect(() => assertToolOk('echoscu', result)).toThrow(/echoscu exited with/);
  });
});

const describeDcmdump = await peerDescribe('dcmdump', () => hasBinary('dcmdump'));

describeDcmdump('dcmdumpTags', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-dcmdump-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what writeTinyDicom wrote, UIDs as numbers', async () => {
    const ids = await writeTinyDicom(join(dir, 'a.dcm'), { PatientID: 'DUMP-1', PatientName: 'DOE^JANE' });
    const tags = await dcmdumpTags(join(dir, 'a.dcm'));
    expect(tags.get('PatientID')?.value).toBe('DUMP-1');
    expect(tags.get('PatientName')?.value).toBe('DOE^JANE');
    expect(tags.get('SOPClassUID')?.value).toBe(ids.SOPClassUID);
    expect(tags.get('StudyInstanceUID')?.value).toBe(ids.StudyInstanceUID);
    expect(tags.get('TransferSyntaxUID')?.value).toBe('1.2.840.10008.1.2.1');
  });

  it('throws with dcmdump output for a file that is not DICOM', async () => {
    await expect(dcmdumpTags(join(dir, 'missing.dcm'))).rejects.toThrow(/dcmdump exited with/);
  });
});
