import { describe, expect, it } from 'vitest';
import { datasetExtent } from './dataset-extent.ts';
import { encodeFileMetaHeader } from '../../dimse/meta-header.ts';
import { encodeDataset, EXPLICIT_VR_LE, IMPLICIT_VR_LE, sampleDataset, SECONDARY_CAPTURE } from './sample-datasets.ts';

// A sequence nested in a sequence exercises the item walk; dcmjs writes SQ with undefined length.
const ds = sampleDataset({ studyUid: '1.2', seriesUid: '1.2.1', sopUid: '1.2.1.1' }, {
  ReferencedStudySequence: [{ ReferencedSOPClassUID: '1.2.3', ReferencedSOPInstanceUID: '1.2.3.4', PurposeOfReferenceCodeSequence: [{ CodeValue: 'X', CodingSchemeDesignator: 'DCM', CodeMeaning: 'x' }] }],
});
const file = (ts: string): Buffer => Buffer.concat([
  encodeFileMetaHeader({ mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: '1.2.1.1', transferSyntaxUID: ts }),
  encodeDataset(ds, ts),
]);

describe('datasetExtent', () => {
  it.each([EXPLICIT_VR_LE, IMPLICIT_VR_LE])('finds Pixel Data past nested sequences (%s)', (ts) => {
    const buf = file(ts);
    const extent = datasetExtent(buf);
    expect(extent.kind).toBe('pixel-data');
    const offset = (extent as { offset: number }).offset;
    expect(buf.readUInt16LE(offset)).toBe(0x7fe0);
    expect(buf.readUInt16LE(offset + 2)).toBe(0x0010);
  });

  it('asks for more when the buffer ends inside an element, at any cut', () => {
    const buf = file(EXPLICIT_VR_LE);
    const pixel = (datasetExtent(buf) as { offset: number }).offset;
    for (let cut = 100; cut < pixel; cut += 7) {
      const kind = datasetExtent(buf.subarray(0, cut)).kind;
      expect(['need-more', 'complete']).toContain(kind);
    }
    expect(datasetExtent(buf.subarray(0, pixel)).kind).toBe('complete');
    expect(datasetExtent(buf.subarray(0, pixel - 1)).kind).toBe('need-more');
  });

  it('throws on a structure it cannot walk', () => {
    const buf = Buffer.from(file(EXPLICIT_VR_LE));
    buf.writeUInt32LE(0x00050006, 132);
    expect(() => datasetExtent(buf)).toThrow(/group length/);
  });
});
