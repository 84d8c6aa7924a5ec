/**
 * referenceIdList of an imaging document (ITI TF-3 4.2.3.2 referenceIdList, RAD TF-3 4.68.4.1.2.3.2): the
 * accession number with its issuer (`acc^^^&OID&ISO^urn:ihe:iti:xds:2013:accession`) and the Study
 * Instance UID (`uid^^^^urn:ihe:iti:xds:2016:studyInstanceUID`). X-eHealth makes both mandatory:
 * they link a report to its study (MET-02, MET-05).
 */
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { slotValues } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath, oidProblem, parseCx } from './xds-values.ts';

export const REFERENCE_ID_LIST_SLOT = 'urn:ihe:iti:xds:2013:referenceIdList';
const ACCESSION = 'urn:ihe:iti:xds:2013:accession';
const STUDY_UID = 'urn:ihe:iti:xds:2016:studyInstanceUID';

export const imagingReferenceIds: Rule<SubmissionSubject> = {
  id: 'metadata.imaging.reference-ids',
  title: 'referenceIdList carries the accession number (with its issuer) and the Study Instance UID',
  severity: 'error',
  requirements: ['MET-01', 'MET-02', 'MET-05'],
  specRef: 'IHE ITI TF-3 4.2.3.2 (referenceIdList); IHE RAD TF-3 4.68.4.1.2.3.2',
  profiles: ['xca-i', 'mado'],
  *check(subject) {
    for (const d of subject.entries) yield* checkEntry(d);
  },
};

function* checkEntry(d: ExtrinsicObject): Generator<RuleFinding> {
  const at = objectPath('DocumentEntry', d, `Slot[${REFERENCE_ID_LIST_SLOT}]`);
  const refs = slotValues(d, REFERENCE_ID_LIST_SLOT).map((v) => ({ v, cx: parseCx(v) }));
  const accessions = refs.filter((r) => r.cx.identifierType === ACCESSION);
  const studies = refs.filter((r) => r.cx.identifierType === STUDY_UID);
  if (accessions.length === 0) yield { path: at, message: 'no accession number (CX.5 urn:ihe:iti:xds:2013:accession) in referenceIdList', expected: `<accession>^^^&<issuer OID>&ISO^${ACCESSION}` };
  for (const { v, cx } of accessions) {
    if (!cx.id) yield { path: at, message: 'accession reference without an accession number (CX.1)', actual: v };
    // The issuer is what makes an accession number unique beyond its hospital.
    else if (cx.authorityType !== 'ISO' || oidProblem(cx.authorityOid)) yield { path: at, message: 'accession reference without an ISO OID assigning authority (CX.4)', expected: `${cx.id}^^^&<OID>&ISO^${ACCESSION}`, actual: v };
  }
  if (studies.length === 0) yield { path: at, message: 'no Study Instance UID (CX.5 urn:ihe:iti:xds:2016:studyInstanceUID) in referenceIdList', expected: `<Study Instance UID>^^^^${STUDY_UID}` };
  for (const { v, cx } of studies) {
    const p = oidProblem(cx.id);
    if (p) yield { path: at, message: `Study Instance UID "${cx.id}" ${p}`, actual: v };
  }
}
