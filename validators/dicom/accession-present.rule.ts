/**
 * MET-01: the exchange finds and links a study by its Accession Number, which DICOM leaves Type 2
 * (may be empty). Under the exchange profiles it must have a value.
 */
import { firstString } from './dicom-subject.ts';
import { EXCHANGE_PROFILES, type DicomRule } from './dicom-rule.ts';

export const accessionPresent: DicomRule = {
  id: 'dicom.study.accession-present',
  title: 'The study has an Accession Number with a value',
  severity: 'error',
  requirements: ['MET-01', 'IM-STUDY', 'RISK-MISSING'],
  specRef: 'X-eHealth MET-01; DICOM PS3.3 C.7.2.1',
  profiles: [...EXCHANGE_PROFILES],
  *check(subject) {
    if ((firstString(subject.dict, '00080050') ?? '') !== '') return;
    yield { path: '(0008,0050)', message: 'AccessionNumber is missing or empty', expected: 'an accession number' };
  },
};
