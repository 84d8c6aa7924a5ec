/**
 * Synthetic CT Image Storage files for tests and the throughput probe, written by dcmjs.
 * Pixel values are a cheap function of the index so files differ and compress poorly.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { SopClass, TransferSyntax } from './dimse-constants.ts';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export interface CtFileOptions {
  readonly size?: number;
  readonly transferSyntaxUid?: string;
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly patientId?: string;
}

/** Writes `count` CT files into `dir`; returns their paths and SOP Instance UIDs. */
export async function writeCtFiles(dir: string, count: number, options: CtFileOptions = {}): Promise<{ path: string; sopInstanceUid: string }[]> {
  const size = options.size ?? 64;
  const ts = options.transferSyntaxUid ?? TransferSyntax.ExplicitVrLittleEndian;
  const study = options.studyInstanceUid ?? DicomMetaDictionary.uid();
  const series = options.seriesInstanceUid ?? DicomMetaDictionary.uid();
  const out: { path: string; sopInstanceUid: string }[] = [];
  for (let i = 0; i < count; i++) {
    const sopInstanceUid = DicomMetaDictionary.uid();
    const pixels = new Uint16Array(size * size);
    for (let p = 0; p < pixels.length; p++) pixels[p] = (p * 7 + i * 13) & 0x0fff;
    const meta = DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: SopClass.CtImageStorage,
      MediaStorageSOPInstanceUID: sopInstanceUid,
      TransferSyntaxUID: ts,
      ImplementationClassUID: '2.25.1',
      _vrMap: { FileMetaInformationVersion: 'OB' },
    });
    const dict = new DicomDict(meta);
    dict.dict = DicomMetaDictionary.denaturalizeDataset({
      SOPClassUID: SopClass.CtImageStorage,
      SOPInstanceUID: sopInstanceUid,
      StudyInstanceUID: study,
      SeriesInstanceUID: series,
      PatientID: options.patientId ?? 'IXH-0001',
      PatientName: 'Test^Patient',
      Modality: 'CT',
      InstanceNumber: String(i + 1),
      Rows: size,
      Columns: size,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      PixelData: [pixels.buffer],
      _vrMap: { PixelData: 'OW' },
    });
    const path = join(dir, `ct-${String(i + 1).padStart(4, '0')}.dcm`);
    await writeFile(path, Buffer.from(dict.write()));
    out.push({ path, sopInstanceUid });
  }
  return out;
}
