/**
 * Identifiers every artifact of a study repeats (MET-07, MET-02, MET-05): patient id and its
 * issuer, Study Instance UID, accession number and its issuer. One table says where each artifact
 * states each identifier; one comparison (compare.ts) judges them all. An artifact that does not
 * state an identifier is not compared here: its own family says whether the absence is a defect.
 */
import type { Rule } from '../rule.ts';
import {
  datasets, entryPlace, instancePlace, items, MANIFEST, manifestOf, referenceIds, REFERENCE_TYPE, reportPlace, sourcePatient, text,
  type Statement, type StudyArtifacts,
} from './artifacts.ts';
import { disagreements } from './compare.ts';

type Ds = Record<string, unknown>;

/** Where one identifier sits in each kind of artifact. */
interface IdentifierTable {
  /** From a DICOM data set (instance or manifest), as [where, value] pairs. */
  readonly dicom: (ds: Ds, isManifest: boolean) => [string, string | undefined][];
  readonly report: (r: NonNullable<StudyArtifacts['reports']>[number]) => [string, string | undefined][];
  readonly entry: (e: NonNullable<StudyArtifacts['documentEntries']>[number]) => [string, string | undefined][];
}

const REQUEST = 'ReferencedRequestSequence';
const issuerOid = (ds: Ds, seq: string): string | undefined => {
  const item = items(ds, seq)[0];
  return item ? text(item, 'UniversalEntityID') : undefined;
};

const TABLES: Record<'patientId' | 'patientIssuer' | 'studyUid' | 'accession' | 'accessionIssuer', IdentifierTable> = {
  patientId: {
    dicom: (ds) => [['(0010,0020)', text(ds, 'PatientID')]],
    report: (r) => [[r.patient?.path ?? 'patient', r.patient?.value.id]],
    // The affinity domain's patientId may legitimately differ (a national id); the source id may not.
    entry: (e) => [['sourcePatientId', sourcePatient(e)?.id]],
  },
  patientIssuer: {
    dicom: (ds) => [['(0010,0024)[0].(0040,0032)', issuerOid(ds, 'IssuerOfPatientIDQualifiersSequence')]],
    report: (r) => [[r.patient?.path ?? 'patient', r.patient?.value.issuerOid]],
    entry: (e) => [['sourcePatientId CX.4', sourcePatient(e)?.authorityOid]],
  },
  studyUid: {
    dicom: (ds, isManifest) => [
      ['(0020,000D)', text(ds, 'StudyInstanceUID')],
      ...(isManifest
        ? [
            ...items(ds, 'CurrentRequestedProcedureEvidenceSequence').map((it, i): [string, string | undefined] => [`(0040,A375)[${i}].(0020,000D)`, text(it, 'StudyInstanceUID')]),
            ...items(ds, REQUEST).map((it, i): [string, string | undefined] => [`(0040,A370)[${i}].(0020,000D)`, text(it, 'StudyInstanceUID')]),
          ]
        : []),
    ],
    report: (r) => [[r.studyInstanceUid?.path ?? 'studyInstanceUid', r.studyInstanceUid?.value]],
    entry: (e) => referenceIds(e, REFERENCE_TYPE.studyInstanceUid).map(({ cx, index }) => [`referenceIdList[${index}]`, cx.id]),
  },
  accession: {
    dicom: (ds, isManifest) => [
      ['(0008,0050)', text(ds, 'AccessionNumber')],
      ...(isManifest ? items(ds, REQUEST).map((it, i): [string, string | undefined] => [`(0040,A370)[${i}].(0008,0050)`, text(it, 'AccessionNumber')]) : []),
    ],
    report: (r) => [[r.accession?.path ?? 'accession', r.accession?.value.value]],
    entry: (e) => referenceIds(e, REFERENCE_TYPE.accession).map(({ cx, index }) => [`referenceIdList[${index}]`, cx.id]),
  },
  accessionIssuer: {
    dicom: (ds, isManifest) => [
      ['(0008,0051)[0].(0040,0032)', issuerOid(ds, 'IssuerOfAccessionNumberSequence')],
      ...(isManifest ? items(ds, REQUEST).map((it, i): [string, string | undefined] => [`(0040,A370)[${i}].(0008,0051)[0].(0040,0032)`, issuerOid(it, 'IssuerOfAccessionNumberSequence')]) : []),
    ],
    report: (r) => [[r.accession?.path ?? 'accession', r.accession?.value.issuerOid]],
    entry: (e) => referenceIds(e, REFERENCE_TYPE.accession).map(({ cx, index }) => [`referenceIdList[${index}] CX.4`, cx.authorityOid]),
  },
};

export function identifierStatements(a: StudyArtifacts, table: IdentifierTable): Statement[] {
  const out: Statement[] = [];
  const add = (place: string, pairs: [string, string | undefined][]) => {
    for (const [where, value] of pairs) if (value !== undefined && value.trim() !== '') out.push({ place, where, value: value.trim() });
  };
  datasets(a).forEach((ds, i) => add(instancePlace(ds, i), table.dicom(ds, false)));
  const manifest = manifestOf(a);
  if (manifest) add(MANIFEST, table.dicom(manifest, true));
  (a.reports ?? []).forEach((r, i) => add(reportPlace(r, i), table.report(r)));
  for (const e of a.documentEntries ?? []) add(entryPlace(e), table.entry(e));
  return out;
}

function identifierRule(id: string, key: keyof typeof TABLES, what: string, requirements: string[], specRef: string): Rule<StudyArtifacts> {
  return {
    id,
    title: `${what[0]!.toUpperCase()}${what.slice(1)} is the same in the instances, the manifest, the reports and the document metadata`,
    severity: 'error',
    requirements,
    specRef,
    check: (a) => disagreements(identifierStatements(a, TABLES[key]), what),
  };
}

export const patientIdAgrees = identifierRule('consistency.patient.id', 'patientId', 'patient id', ['MET-07', 'GEN-09'], 'DICOM PS3.3 C.7.1.1; IHE ITI TF-3 4.2.3.2.24; HL7 CDA recordTarget');
export const patientIssuerAgrees = identifierRule('consistency.patient.issuer', 'patientIssuer', 'patient id issuer', ['MET-07', 'GEN-09'], 'DICOM PS3.3 C.7.1.1 (0010,0024); IHE ITI TF-3 4.2.3.1.7 CX.4');
export const studyUidAgrees = identifierRule('consistency.study.uid', 'studyUid', 'Study Instance UID', ['MET-07', 'MET-02', 'MET-01'], 'DICOM PS3.3 C.7.2.1, C.17.6.2; IHE RAD TF-3 4.68.4.1.2.3.2 referenceIdList');
export const accessionAgrees = identifierRule('consistency.study.accession', 'accession', 'accession number', ['MET-07', 'MET-02', 'MET-05'], 'DICOM PS3.3 C.7.2.1, C.17.6.1; IHE RAD TF-3 4.68.4.1.2.3.2 referenceIdList');
export const accessionIssuerAgrees = identifierRule('consistency.study.accession-issuer', 'accessionIssuer', 'accession number issuer', ['MET-07', 'MET-05'], 'DICOM PS3.3 C.7.2.1 (0008,0051); IHE ITI TF-3 4.2.3.1.7 CX.4');

export const identifierRules = [patientIdAgrees, patientIssuerAgrees, studyUidAgrees, accessionAgrees, accessionIssuerAgrees] as const;
