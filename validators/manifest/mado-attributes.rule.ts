/**
 * The header attributes MADO raises to R+ (IHE RAD MADO TF-3 6.X.2.5 to 6.X.2.11) so that a
 * manifest can be found and matched without opening the images: a globally unique patient
 * identity, the study date and time, who made the manifest and in which time zone, and the order
 * (accession and placer order number, each with its issuer) the study fulfils.
 */
import type { RuleFinding } from '../rule.ts';
import { items, tagPath, text, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { evidenceStudies } from './references.ts';

function absent(path: string, what: string, expected = 'a value'): RuleFinding {
  return { path, message: `${what} absent or empty`, expected, actual: '(absent)' };
}

/** HL7v2 Hierarchic Designator Macro as MADO profiles it (Table 6.X.2.12-1): one item, a universal id and its type. */
function* issuerProblems(sequence: unknown, path: string, what: string): Generator<RuleFinding> {
  const issuers = items(sequence);
  if (issuers.length !== 1) {
    yield { path, message: `${what} has ${issuers.length} items`, expected: 'exactly one item', actual: String(issuers.length) };
    return;
  }
  if (text(issuers[0]!.UniversalEntityID) === undefined) yield absent(under(path, 0, 'UniversalEntityID'), `${what} Universal Entity ID`);
  if (text(issuers[0]!.UniversalEntityIDType) === undefined) yield absent(under(path, 0, 'UniversalEntityIDType'), `${what} Universal Entity ID Type`, 'e.g. ISO');
}

export const madoPatientIdentity = datasetRule({
  id: 'manifest.mado.patient-identity',
  title: 'Patient ID with a single-item Issuer of Patient ID Qualifiers Sequence (universal id and type), and Other Patient IDs Sequence repeating the Patient ID',
  severity: 'error',
  requirements: ['GEN-09', 'MET-07', 'RISK-MISSING'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.5 (Tables 6.X.2.5.1-1, 6.X.2.5.1.1.3-1)',
  profiles: ['mado'],
  *check(ds) {
    const patientId = text(ds.PatientID);
    if (patientId === undefined) yield absent('(0010,0020)', 'Patient ID');
    yield* issuerProblems(ds.IssuerOfPatientIDQualifiersSequence, tagPath('IssuerOfPatientIDQualifiersSequence'), 'Issuer of Patient ID Qualifiers Sequence');
    const others = items(ds.OtherPatientIDsSequence);
    if (others.length === 0) {
      yield absent(tagPath('OtherPatientIDsSequence'), 'Other Patient IDs Sequence', 'one item per known identifier, including the Patient ID');
    } else if (patientId !== undefined && !others.some((o) => text(o.PatientID) === patientId)) {
      yield { path: tagPath('OtherPatientIDsSequence'), message: 'Other Patient IDs Sequence does not repeat the Patient ID', expected: patientId, actual: others.map((o) => text(o.PatientID) ?? '?').join(', ') };
    }
  },
});

/** PS3.5 SH "&ZZXX": sign, hours 00-14, minutes. */
const TIMEZONE_OFFSET = /^[+-](0\d|1[0-4])[0-5]\d$/;

export const madoStudyAttributes = datasetRule({
  id: 'manifest.mado.study-attributes',
  title: 'Study date and time, accession (or the Referenced Request), manufacturer, institution and time-zone offset present; the manifest covers exactly its own study',
  severity: 'error',
  requirements: ['MET-01', 'MET-07', 'GEN-02', 'RISK-PROVENANCE', 'RISK-MISSING'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.2, 6.X.2.6, 6.X.2.7, 6.X.2.10',
  profiles: ['mado'],
  *check(ds) {
    if (text(ds.StudyDate) === undefined) yield absent('(0008,0020)', 'Study Date');
    if (text(ds.StudyTime) === undefined) yield absent('(0008,0030)', 'Study Time');
    const accession = text(ds.AccessionNumber);
    if (accession !== undefined) {
      yield* issuerProblems(ds.IssuerOfAccessionNumberSequence, tagPath('IssuerOfAccessionNumberSequence'), 'Issuer of Accession Number Sequence');
    } else if (!items(ds.ReferencedRequestSequence).some((r) => text(r.AccessionNumber) !== undefined)) {
      yield absent('(0008,0050)', 'Accession Number (and none in the Referenced Request Sequence)');
    }
    if (text(ds.Manufacturer) === undefined) yield absent('(0008,0070)', 'Manufacturer');
    if (text(ds.InstitutionName) === undefined) yield absent('(0008,0080)', 'Institution Name');
    const offset = text(ds.TimezoneOffsetFromUTC);
    if (offset === undefined) yield absent('(0008,0201)', 'Timezone Offset From UTC', '±HHMM');
    else if (!TIMEZONE_OFFSET.test(offset)) yield { path: '(0008,0201)', message: `Timezone Offset From UTC "${offset}" is not ±HHMM`, expected: '±HHMM', actual: offset };
    const studies = evidenceStudies(ds);
    const studyUid = text(ds.StudyInstanceUID);
    if (studies.length !== 1 || studies[0]!.studyInstanceUid !== studyUid) {
      yield { path: tagPath('CurrentRequestedProcedureEvidenceSequence'), message: 'a MADO manifest covers exactly one study, its own', expected: `one study item ${studyUid ?? ''}`.trim(), actual: studies.map((s) => s.studyInstanceUid ?? '?').join(', ') || '(none)' };
    }
  },
});

export const madoReferencedRequest = datasetRule({
  id: 'manifest.mado.referenced-request',
  title: 'Referenced Request Sequence has ≥ 1 item, each with the study UID, accession number, placer order number and their issuers',
  severity: 'error',
  requirements: ['MET-01', 'MET-02', 'MET-05', 'MET-07'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.8, 6.X.2.11 (Table 6.X.2.11-1)',
  profiles: ['mado'],
  *check(ds) {
    const requests = items(ds.ReferencedRequestSequence);
    if (requests.length === 0) {
      yield absent(tagPath('ReferencedRequestSequence'), 'Referenced Request Sequence', '≥ 1 item');
      return;
    }
    const studyUid = text(ds.StudyInstanceUID);
    for (const [n, request] of requests.entries()) {
      const at = (...parts: (string | number)[]): string => tagPath('ReferencedRequestSequence', n, ...parts);
      const requestStudy = text(request.StudyInstanceUID);
      if (requestStudy === undefined) yield absent(at('StudyInstanceUID'), 'Study Instance UID of the request');
      else if (studyUid !== undefined && requestStudy !== studyUid) yield { path: at('StudyInstanceUID'), message: 'request names another study', expected: studyUid, actual: requestStudy };
      if (text(request.AccessionNumber) === undefined) yield absent(at('AccessionNumber'), 'Accession Number of the request');
      yield* issuerProblems(request.IssuerOfAccessionNumberSequence, at('IssuerOfAccessionNumberSequence'), 'request Issuer of Accession Number Sequence');
      if (text(request.PlacerOrderNumberImagingServiceRequest) === undefined) yield absent(at('PlacerOrderNumberImagingServiceRequest'), 'Placer Order Number / Imaging Service Request');
      else yield* issuerProblems(request.OrderPlacerIdentifierSequence, at('OrderPlacerIdentifierSequence'), 'Order Placer Identifier Sequence');
    }
  },
});

