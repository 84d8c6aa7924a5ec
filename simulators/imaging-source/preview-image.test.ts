import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { instanceContexts } from '../../fixtures/dicom/context.ts';
import { builderFor } from '../../fixtures/dicom/iods/index.ts';
import { encodePart10 } from '../../fixtures/dicom/part10.ts';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { implementationClassUid } from '../../fixtures/dicom/uids.ts';
import { PreviewError, renderPreview, type PreviewErrorReason } from './preview-image.ts';
import { decodePng } from './preview-test-png.ts';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const SC = '1.2.840.10008.5.1.4.1.1.7';

function part10(ds: Record<string, unknown>, transferSyntax = EXPLICIT_LE): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SC,
    MediaStorageSOPInstanceUID: '2.25.1',
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: '2.25.2',
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset({ SOPClassUID: SC, SOPInstanceUID: '2.25.1', ...ds });
  return new Uint8Array(dict.write());
}

function mono16(values: number[], rows: number, columns: number, extra: Record<string, unknown> = {}): Uint8Array {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return part10({
    SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', Rows: rows, Columns: columns,
    BitsAllocated: 16, BitsStored: 16, HighBit: 15, PixelRepresentation: 1,
    PixelData: [b.buffer.slice(b.byteOffset, b.byteOffset + b.length)], _vrMap: { PixelData: 'OW' }, ...extra,
  });
}

function expectPreviewError(fn: () => unknown, reason: PreviewErrorReason): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PreviewError);
  expect((caught as PreviewError).reason).toBe(reason);
}

describe('renderPreview', () => {
  it('windows signed 16-bit CT values after rescale, with the file window', () => {
    // Stored 0, 1024, 1064, 2047 with intercept −1024 → HU −1024, 0, 40, 1023; window 40/400 on HU.
    const dcm = mono16([0, 1024, 1064, 2047], 2, 2, { RescaleSlope: '1', RescaleIntercept: '-1024', WindowCenter: '40', WindowWidth: '400' });
    const preview = renderPreview(dcm);
    expect([preview.mimeType, preview.width, preview.height]).toEqual(['image/png', 2, 2]);
    expect(Array.from(decodePng(preview.bytes).data)).toEqual([0, 102, 128, 255]);
  });

  it('lets the caller override the window', () => {
    const dcm = mono16([0, 100, 200, 300], 2, 2, { WindowCenter: '40', WindowWidth: '1' });
    expect(Array.from(decodePng(renderPreview(dcm, { windowCenter: 150.5, windowWidth: 301 }).bytes).data)).toEqual([0, 85, 170, 255]);
  });

  it('uses the value range when the file has no window, and inverts MONOCHROME1', () => {
    const plain = mono16([0, 100, 200, 300], 2, 2);
    expect(Array.from(decodePng(renderPreview(plain).bytes).data)).toEqual([0, 85, 170, 255]);
    const inverted = mono16([0, 100, 200, 300], 2, 2, { PhotometricInterpretation: 'MONOCHROME1' });
    expect(Array.from(decodePng(renderPreview(inverted).bytes).data)).toEqual([255, 170, 85, 0]);
  });

  it('reads 8-bit images and RGB (interleaved and planar)', () => {
    const gray = part10({ SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', Rows: 1, Columns: 2, BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0, PixelData: [Uint8Array.from([0, 255]).buffer], _vrMap: { PixelData: 'OB' } });
    expect(Array.from(decodePng(renderPreview(gray).bytes).data)).toEqual([0, 255]);
    const rgb = (planar: 0 | 1, bytes: number[]) => part10({ SamplesPerPixel: 3, PhotometricInterpretation: 'RGB', PlanarConfiguration: planar, Rows: 1, Columns: 2, BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0, PixelData: [Uint8Array.from(bytes).buffer], _vrMap: { PixelData: 'OB' } });
    const interleaved = decodePng(renderPreview(rgb(0, [255, 0, 0, 0, 0, 255])).bytes);
    expect(interleaved.colourType).toBe(2);
    expect(Array.from(interleaved.data)).toEqual([255, 0, 0, 0, 0, 255]);
    expect(Array.from(decodePng(renderPreview(rgb(1, [255, 0, 0, 0, 0, 255])).bytes).data)).toEqual([255, 0, 0, 0, 0, 255]);
  });

  it('downsamples to fit maxSize, keeping the aspect ratio', () => {
    const dcm = mono16(Array.from({ length: 300 * 200 }, (_, i) => i % 300), 200, 300);
    const preview = renderPreview(dcm, { maxSize: 64 });
    expect([preview.width, preview.height]).toEqual([64, 43]);
    expect(decodePng(preview.bytes).data.length).toBe(64 * 43);
  });

  it('renders a fixture CT image of the test world (non-diagnostic preview, GEN-04)', () => {
    const ctx = [...instanceContexts(testWorld, 64)].find((c) => c.series.modality === 'CT')!;
    const dcm = encodePart10(builderFor(ctx.instance.sopClassUid)!.build(ctx), implementationClassUid(testWorld.uidRoot));
    const preview = renderPreview(dcm, { maxSize: 32 });
    expect([preview.width, preview.height]).toEqual([32, 32]);
    const data = decodePng(preview.bytes).data;
    expect(Math.max(...data)).toBeGreaterThan(Math.min(...data)); // not a flat picture
    expect(Buffer.from(renderPreview(dcm, { maxSize: 32 }).bytes).equals(Buffer.from(preview.bytes))).toBe(true);
  });

  describe('refuses what it cannot render, with a reason', () => {
    it('not a Part 10 file', () => expectPreviewError(() => renderPreview(new Uint8Array(200)), 'not-dicom'));
    it('garbage after the DICM prefix', () => {
      const bytes = new Uint8Array(400).fill(0xff);
      bytes.set(Buffer.from('DICM'), 128);
      expect(() => renderPreview(bytes)).toThrow(PreviewError);
    });
    it('a compressed transfer syntax', () => expectPreviewError(() => renderPreview(part10({ Rows: 2, Columns: 2 }, '1.2.840.10008.1.2.4.50')), 'compressed'));
    it('no pixel data', () => expectPreviewError(() => renderPreview(part10({ Rows: 2, Columns: 2, SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', BitsAllocated: 16 })), 'no-pixel-data'));
    it('pixel data shorter than Rows × Columns', () => expectPreviewError(() => renderPreview(mono16([0, 1, 2, 3], 4, 4)), 'truncated'));
    it('a palette colour image', () => expectPreviewError(() => renderPreview(mono16([0, 1, 2, 3], 2, 2, { PhotometricInterpretation: 'PALETTE COLOR' })), 'unsupported'));
    it('bad options', () => {
      const dcm = mono16([0, 1, 2, 3], 2, 2);
      expectPreviewError(() => renderPreview(dcm, { maxSize: 0 }), 'bad-option');
      expectPreviewError(() => renderPreview(dcm, { windowCenter: 10 }), 'bad-option');
      expectPreviewError(() => renderPreview(dcm, { windowCenter: 10, windowWidth: 0 }), 'bad-option');
    });
  });
});
