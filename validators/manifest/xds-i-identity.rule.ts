/**
 * The manifest's own identity attributes are what the registry metadata, the report and the
 * consumer's import are matched on (MET-01, MET-07): the patient with an assigning authority (the
 * Issuer of Patient ID Macro allows a local namespace or a universal id), the study UID and the
 * accession number, whose issuer the XDS referenceIdList needs (`^^^&<oid>&ISO`).
 */
import { items, text } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import type { RuleFinding } from '../rule.ts';
import { evidenceStudies } from './references.ts';

export const xdsiPatientStudyIdentity = datasetRule({
  id: 'manifest.xds-i.patient-study-identity',
  title: 'Patient ID with its issuer, Study Instance UID and Accession Number (with issuer) are present and the study is one the manifest references',
  severity: 'error',
  requirements: ['MET-01', 'MET-07', 'GEN-09', 'RISK-MISSING'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.2; DICOM PS3.3 C.7.1.1 (Issuer of Patient ID Macro), C.7.2.1',
  profiles: ['xca-i'],
  *check(ds) {
    const missing = (path: string, what: string): RuleFinding => ({ path, message: `${what} absent or empty`, expected: 'a value', actual: '(absent)' });
    if (text(ds.PatientID) === undefined) yield missing('(0010,0020)', 'Patient ID');
    const issuerOid = text(items(ds.IssuerOfPatientIDQualifiersSequence)[0]?.UniversalEntityID);
    if (text(ds.IssuerOfPatientID) === undefined && issuerOid === undefined) {
      yield { path: '(0010,0021)', message: 'Patient ID has no assigning authority (neither Issuer of Patient ID nor a Universal Entity ID in its qualifiers)', expected: 'IssuerOfPatientID and/or (0010,0024)[0].(0040,0032)', actual: '(absent)' };
    }
    const studyUid = text(ds.StudyInstanceUID);
    if (studyUid === undefined) yield missing('(0020,000D)', 'Study Instance UID');
    if (text(ds.AccessionNumber) === undefined) {
      yield missing('(0008,0050)', 'Accession Number');
    } else if (text(items(ds.IssuerOfAccessionNumberSequence)[0]?.UniversalEntityID) === undefined && text(items(ds.IssuerOfAccessionNumberSequence)[0]?.LocalNamespaceEntityID) === undefined) {
      yield { path: '(0008,0051)', severity: 'warning', message: 'Accession Number has no issuer: it cannot be matched across facilities', expected: 'Issuer of Accession Number Sequence with a Universal Entity ID', actual: '(absent)' };
    }
    const referenced = evidenceStudies(ds).map((s) => s.studyInstanceUid).filter((u): u is string => u !== undefined);
    if (studyUid !== undefined && referenced.length > 0 && !referenced.includes(studyUid)) {
      yield { path: '(0020,000D)', severity: 'warning', message: `the manifest's Study Instance UID is not one of the studies it references`, expected: referenced.join(', '), actual: studyUid };
    }
  },
});
