/**
 * Before any IOD rule can speak, the bytes must be a DICOM file: PS3.10 preamble, "DICM", a File
 * Meta Information group and a data set dcmjs can walk. A file that is not is one error finding,
 * and no other DICOM rule claims to have checked it.
 */
import type { ValidatorFamily } from '../family.ts';
import type { Rule } from '../rule.ts';

/** What the reader said about the bytes: `reason` is set when they could not be read. */
export interface DicomFileRead {
  readonly reason?: string;
}

export const fileReadable: Rule<DicomFileRead> = {
  id: 'dicom.file.unreadable',
  title: 'The file is a readable DICOM Part 10 file (preamble, DICM, File Meta Information, data set).',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.10 7.1',
  *check(read) {
    if (read.reason !== undefined) yield { path: '', message: read.reason };
  },
};

export const dicomFileFamily: ValidatorFamily<DicomFileRead> = {
  name: 'dicom.file',
  description: 'whether the bytes are a DICOM Part 10 file at all (runs instead of the dicom family when they are not)',
  rules: [fileReadable],
};
