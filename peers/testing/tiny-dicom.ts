import { writeFile } from 'node:fs/promises';
import dcmjs from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID } from '../../simulators/dimse/dimse-constants.ts';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
// UUID-derived root (PS3.5 B.2) so the file never claims another organisation's UID space.

export interface TinyDicomIds {
  readonly PatientID: string;
  readonly PatientName: string;
  readonly StudyInstanceUID: string;
  readonly SeriesInstanceUID: string;
  readonly SOPInstanceUID: string;
  readonly SOPClassUID: string;
}

/**
 * Writes a 2×2 8-bit Secondary Capture image: the smallest object every Storage SCP accepts, for
 * tests that check a peer stored and indexed what was sent. Unset ids get fresh UIDs.
 */
export async function writeTinyDicom(path: string, ids: Partial<TinyDicomIds> = {}): Promise<TinyDicomIds> {
  const all: TinyDicomIds = {
    PatientID: ids.PatientID ?? 'IXH-PAT-1',
    PatientName: ids.PatientName ?? 'IXH^TINY',
    StudyInstanceUID: ids.StudyInstanceUID ?? DicomMetaDictionary.uid(),
    SeriesInstanceUID: ids.SeriesInstanceUID ?? DicomMetaDictionary.uid(),
    SOPInstanceUID: ids.SOPInstanceUID ?? DicomMetaDictionary.uid(),
    SOPClassUID: ids.SOPClassUID ?? SECONDARY_CAPTURE,
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: all.SOPClassUID,
    MediaStorageSOPInstanceUID: all.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const dataset = {
    ...all,
    Modality: 'OT',
    ConversionType: 'WSD',
    StudyDate: '20240101',
    StudyTime: '120000',
    AccessionNumber: '',
    ReferringPhysicianName: '',
    StudyID: '1',
    SeriesNumber: '1',
    InstanceNumber: '1',
    PatientBirthDate: '',
    PatientSex: 'O',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: 2,
    Columns: 2,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    PixelData: [new Uint8Array([0, 85, 170, 255]).buffer],
    _vrMap: { PixelData: 'OB' },
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  await writeFile(path, Buffer.from(dict.write()));
  return all;
}
