/**
 * The body part: Body Part Examined a PS3.16 Annex L defined term (base, warning, as dciodvfy);
 * under the exchange profiles an image must say what was examined (MET-03) and an Anatomic Region
 * Sequence code must be SNOMED CT (CID 4 is SCT-coded; 'SRT' is the retired designator).
 */
import { firstString, formatPath, getElement, sequenceItems } from './dicom-subject.ts';
import { BODY_PART_DEFINED_TERMS } from '../codes/body-part-examined.ts';
import { SCT } from '../codes/coding-schemes.ts';
import { isSctid } from '../codes/sctid.ts';
import { EXCHANGE_PROFILES, isDocumentSopClass, type DicomRule } from './dicom-rule.ts';

const BODY_PART = '00180015';
const ANATOMIC_REGION = '00082218';

export const bodyPartDefinedTerm: DicomRule = {
  id: 'dicom.code.body-part-defined-term',
  title: 'Body Part Examined is a defined term of PS3.16 Annex L',
  severity: 'warning',
  requirements: ['MET-03', 'RISK-CODES'],
  specRef: 'DICOM PS3.16 Annex L',
  *check(subject) {
    const value = firstString(subject.dict, BODY_PART);
    if (value === undefined || value === '' || BODY_PART_DEFINED_TERMS.has(value)) return;
    yield { path: '(0018,0015)', message: `BodyPartExamined "${value}" is not a defined term`, expected: 'a PS3.16 Annex L defined term', actual: value };
  },
};

export const bodyPartPresent: DicomRule = {
  id: 'dicom.series.body-part-present',
  title: 'An image says what was examined: Body Part Examined or Anatomic Region Sequence',
  severity: 'error',
  requirements: ['MET-03', 'IM-SERIES', 'RISK-MISSING'],
  specRef: 'X-eHealth MET-03; DICOM PS3.3 C.7.3.1',
  profiles: [...EXCHANGE_PROFILES],
  *check(subject) {
    if (isDocumentSopClass(subject.sopClassUid)) return;
    if ((firstString(subject.dict, BODY_PART) ?? '') !== '') return;
    if (sequenceItems(getElement(subject.dict, [{ tag: ANATOMIC_REGION }])).length > 0) return;
    yield { path: '(0018,0015)', message: 'neither BodyPartExamined nor AnatomicRegionSequence gives the body part', expected: 'a body part' };
  },
};

export const anatomicRegionCid4: DicomRule = {
  id: 'dicom.code.anatomic-region-cid4',
  title: 'Anatomic Region Sequence codes are SNOMED CT (CID 4, scheme SCT, valid SCTID)',
  severity: 'error',
  requirements: ['MET-03', 'RISK-CODES'],
  specRef: 'DICOM PS3.16 CID 4',
  profiles: [...EXCHANGE_PROFILES],
  *check(subject) {
    for (const [i, item] of sequenceItems(subject.dict[ANATOMIC_REGION]).entries()) {
      const scheme = firstString(item, '00080102') ?? '';
      const code = firstString(item, '00080100') ?? '';
      const at = (tag: string): string => formatPath([{ tag: ANATOMIC_REGION, item: i }, { tag }]);
      if (scheme !== SCT.designator) {
        yield { path: at('00080102'), message: `AnatomicRegionSequence CodingSchemeDesignator "${scheme}" is not SCT`, expected: 'SCT', actual: scheme };
      } else if (!isSctid(code)) {
        yield { path: at('00080100'), message: `AnatomicRegionSequence CodeValue "${code}" is not a valid SNOMED CT identifier`, expected: 'SCTID with Verhoeff check digit', actual: code };
      }
    }
  },
};
