/**
 * Modality: in base DICOM a defined term of C.7.3.1.1.1 (an unknown one is a warning, as in
 * dciodvfy: defined terms may be extended); under the exchange profiles an image's Modality must
 * be a CID 29 acquisition modality (MET-03), since the registry metadata codes it that way.
 */
import { firstString } from './dicom-subject.ts';
import { CID29_ACQUISITION_MODALITIES } from '../codes/cid29-acquisition-modality.ts';
import { MODALITY_DEFINED_TERMS, RETIRED_MODALITY_TERMS } from '../codes/modality-defined-terms.ts';
import { EXCHANGE_PROFILES, isDocumentSopClass, type DicomRule } from './dicom-rule.ts';

export const modalityDefinedTerm: DicomRule = {
  id: 'dicom.code.modality-defined-term',
  title: 'Modality is a defined term of PS3.3 C.7.3.1.1.1',
  severity: 'warning',
  requirements: ['MET-03', 'RISK-CODES'],
  specRef: 'DICOM PS3.3 C.7.3.1.1.1',
  *check(subject) {
    const modality = firstString(subject.dict, '00080060');
    if (modality === undefined || modality === '' || MODALITY_DEFINED_TERMS.has(modality)) return;
    const why = RETIRED_MODALITY_TERMS.has(modality) ? 'is a retired defined term' : 'is not a defined term';
    yield { path: '(0008,0060)', message: `Modality "${modality}" ${why}`, expected: 'a current C.7.3.1.1.1 defined term', actual: modality };
  },
};

export const modalityCid29: DicomRule = {
  id: 'dicom.code.modality-cid29',
  title: 'An image Modality is a CID 29 acquisition modality',
  severity: 'error',
  requirements: ['MET-03', 'RISK-CODES'],
  specRef: 'DICOM PS3.16 CID 29',
  profiles: [...EXCHANGE_PROFILES],
  *check(subject) {
    if (isDocumentSopClass(subject.sopClassUid)) return;
    const modality = firstString(subject.dict, '00080060') ?? '';
    if (CID29_ACQUISITION_MODALITIES.has(modality)) return;
    yield { path: '(0008,0060)', message: `Modality "${modality}" is not in CID 29 (Acquisition Modality)`, expected: 'a CID 29 code', actual: modality };
  },
};
