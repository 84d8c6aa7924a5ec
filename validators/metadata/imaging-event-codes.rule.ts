/**
 * eventCodeList of an imaging document (RAD TF-3 4.68.4.1.2.3.2): the study's acquisition
 * modalities from DICOM CID 29 (scheme DCM, OID 1.2.840.10008.2.16.4) and its anatomic region
 * (CID 4, SNOMED CT 2.16.840.1.113883.6.96). They are what a clinician abroad filters the list by
 * (GEN-02, GEN-03), so their absence is an error, not a nicety.
 */
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { codes } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import { CID29_ACQUISITION_MODALITIES } from '../codes/cid29-acquisition-modality.ts';
import { DCM, OID_BY_DESIGNATOR, SCT } from '../codes/coding-schemes.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { codeText, objectPath } from './xds-values.ts';

export const imagingEventCodes: Rule<SubmissionSubject> = {
  id: 'metadata.imaging.event-codes',
  title: 'eventCodeList holds at least one CID 29 modality (DCM) and one anatomic region (SNOMED CT)',
  severity: 'error',
  requirements: ['MET-03', 'MET-04', 'GEN-02', 'GEN-03'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.3.2; DICOM PS3.16 CID 29, CID 4',
  profiles: ['xca-i', 'mado'],
  *check(subject) {
    for (const d of subject.entries) yield* checkEntry(d);
  },
};

function* checkEntry(d: ExtrinsicObject): Generator<RuleFinding> {
  const at = objectPath('DocumentEntry', d, 'eventCodeList');
  const events = codes(d, DocScheme.eventCodeList);
  for (const e of events) {
    const oid = Object.hasOwn(OID_BY_DESIGNATOR, e.codingScheme) ? OID_BY_DESIGNATOR[e.codingScheme] : undefined;
    if (oid) yield { path: at, message: `event code ${e.code} names its scheme by the designator "${e.codingScheme}"; XDS carries the OID`, expected: `${e.code}@${oid}`, actual: codeText(e), requirements: ['RISK-CODES'] };
  }
  const dcm = events.filter((e) => e.codingScheme === DCM.oid || e.codingScheme === DCM.designator);
  for (const e of dcm) {
    // CID 29 is extensible: a DCM code outside it may be legitimate, but a consumer will not filter by it.
    if (!CID29_ACQUISITION_MODALITIES.has(e.code)) yield { path: at, severity: 'warning', message: `DCM event code ${e.code} is not a CID 29 acquisition modality`, actual: codeText(e) };
  }
  if (!dcm.some((e) => CID29_ACQUISITION_MODALITIES.has(e.code))) yield { path: at, message: 'no acquisition modality (CID 29, scheme DCM) in eventCodeList', expected: `e.g. CT@${DCM.oid}`, actual: events.map(codeText).join(', ') || '(empty)' };
  if (!events.some((e) => e.codingScheme === SCT.oid || e.codingScheme === SCT.designator)) {
    yield { path: at, message: 'no anatomic region (SNOMED CT) in eventCodeList', expected: `a CID 4 code @${SCT.oid}`, actual: events.map(codeText).join(', ') || '(empty)' };
  }
}
