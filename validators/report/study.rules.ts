/**
 * What was done (REP-02, MET-03) and which study the report is about (MET-02): the report must
 * let a reader find its images by Accession Number and by Study Instance UID.
 */
import type { RuleFinding } from '../rule.ts';
import { CONTENT_SPEC, rootPath, type ContentRule } from './report-subject.ts';
import { LN, SCT } from '../codes/coding-schemes.ts';

const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/;

export const whatStudyRule: ContentRule = {
  id: 'report.what.study',
  title: 'The report states the modality, the body part (SNOMED CT) and the imaging study type (LOINC)',
  severity: 'error',
  requirements: ['REP-02', 'MET-03'],
  specRef: `${CONTENT_SPEC}; CDA serviceEvent/code (+translations), FHIR ImagingStudy.modality/series.bodySite/procedureCode`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (r.modalities.length === 0) yield { path: rootPath(r), message: 'no modality', expected: 'a DICOM CID 29 modality code' };
    const snomed = r.format === 'cda' ? SCT.oid : SCT.uri;
    if (!r.bodyPart) yield { path: rootPath(r), message: 'no body part', expected: 'a SNOMED CT anatomic region' };
    else if (r.bodyPart.value.system !== snomed) yield { path: r.bodyPart.path, message: 'the body part is not a SNOMED CT code', expected: snomed, actual: r.bodyPart.value.system ?? '(no system)' };
    const loinc = r.format === 'cda' ? LN.oid : LN.uri;
    if (!r.procedureCode) yield { path: rootPath(r), message: 'no imaging study type', expected: 'a LOINC imaging procedure code' };
    else if (r.procedureCode.value.system !== loinc) yield { path: r.procedureCode.path, message: 'the study type is not a LOINC code', expected: loinc, actual: r.procedureCode.value.system ?? '(no system)' };
  },
};

export const studyReferenceRule: ContentRule = {
  id: 'report.study-reference',
  title: 'The report points to its study by Accession Number (with issuer) and by Study Instance UID',
  severity: 'error',
  requirements: ['MET-02', 'MET-05'],
  specRef: `${CONTENT_SPEC}; CDA inFulfillmentOf/order + serviceEvent/id, FHIR ImagingStudy.identifier (ACSN, urn:dicom:uid)`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.accession) yield { path: rootPath(r), message: 'no accession number', expected: 'the study\'s Accession Number' };
    else if (!r.accession.value.issuerOid) yield { path: r.accession.path, message: 'the accession number has no issuer', expected: 'Issuer of Accession Number (OID)' };
    if (!r.studyInstanceUid) yield { path: rootPath(r), message: 'no Study Instance UID', expected: 'the study\'s Study Instance UID' };
    else if (!UID.test(r.studyInstanceUid.value) || r.studyInstanceUid.value.length > 64) {
      yield { path: r.studyInstanceUid.path, message: 'the Study Instance UID is not a DICOM UID', expected: 'dotted digits, at most 64 characters', actual: r.studyInstanceUid.value };
    }
  },
};

export const STUDY_RULES: readonly ContentRule[] = [whatStudyRule, studyReferenceRule];
