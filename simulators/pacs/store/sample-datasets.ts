/**
 * Small synthetic instances for the store's tests and the index benchmark: a naturalized
 * dataset builder, and a Part 10 writer (dcmjs) with a tiny pixel-data element so header
 * reading has something to stop before.
 */
import { writeFile } from 'node:fs/promises';
import dcmjs from 'dcmjs';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';

export interface SampleKeys {
  readonly patientId?: string;
  readonly patientName?: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopUid: string;
  readonly modality?: string;
  readonly studyDate?: string;
  readonly studyTime?: string;
  readonly accession?: string;
}

/** A naturalized dataset with the attributes the index reads; `extra` overrides or adds any. */
export function sampleDataset(keys: SampleKeys, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: keys.sopUid,
    StudyDate: keys.studyDate ?? '20240115',
    StudyTime: keys.studyTime ?? '101500',
    AccessionNumber: keys.accession ?? 'ACC-1',
    Modality: keys.modality ?? 'CT',
    ReferringPhysicianName: [{ Alphabetic: 'Martin^Claire' }],
    StudyDescription: 'CT head',
    SeriesDescription: 'axial',
    PatientName: [{ Alphabetic: keys.patientName ?? 'DOE^JOHN' }],
    PatientID: keys.patientId ?? 'PID-1',
    IssuerOfPatientID: 'NL-BSN',
    PatientBirthDate: '19700101',
    PatientSex: 'M',
    StudyInstanceUID: keys.studyUid,
    SeriesInstanceUID: keys.seriesUid,
    StudyID: '1',
    SeriesNumber: 1,
    InstanceNumber: 1,
    ...extra,
  };
}

const PIXEL_MODULE = {
  SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', Rows: 2, Columns: 2,
  BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0,
};

/** Dataset (no meta) encoded in `transferSyntaxUid` (explicit or implicit VR LE) with pixel data. */
export function encodeDataset(ds: Record<string, unknown>, transferSyntaxUid = EXPLICIT_VR_LE): Buffer {
  const dict = new dcmjs.data.DicomDict({});
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ ...ds, ...PIXEL_MODULE, PixelData: [new Uint8Array([1, 2, 3, 4]).buffer], _vrMap: { PixelData: 'OB' } });
  // DicomDict.write always prepends preamble + meta; cut them off to get the bare dataset.
  const meta = { TransferSyntaxUID: transferSyntaxUid, MediaStorageSOPClassUID: ds.SOPClassUID, MediaStorageSOPInstanceUID: ds.SOPInstanceUID };
  dict.meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta);
  const part10 = Buffer.from(dict.write());
  const groupLength = part10.readUInt32LE(132 + 8);
  return part10.subarray(132 + 12 + groupLength);
}

/** Writes a complete Part 10 file with dcmjs (independent of our own meta-header encoder). */
export async function writePart10(path: string, ds: Record<string, unknown>): Promise<void> {
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LE,
    ImplementationClassUID: '2.25.1',
  }));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ ...ds, ...PIXEL_MODULE, PixelData: [new Uint8Array([1, 2, 3, 4]).buffer], _vrMap: { PixelData: 'OB' } });
  await writeFile(path, Buffer.from(dict.write()));
}
