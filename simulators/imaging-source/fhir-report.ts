/**
 * The study's imaging report as a FHIR R4 document Bundle, shaped after the HL7 Europe Imaging
 * Report IG (hl7-eu/imaging: CompositionEuImaging, DiagnosticReportEuImaging, ImagingStudyEuImaging):
 * Composition first (type LOINC 18748-4, legal attester, sections with narrative in the report's
 * language), then DiagnosticReport, Patient, Practitioner, Organization, ImagingStudy and the
 * coded Observations (BI-RADS category, UC-545; dose totals, UC-546).
 *
 * Same content as the CDA and the PDF (`cda-content.ts`), so the formats of one report cannot
 * drift apart. Pure: same input, same bytes; every id is a `urn:uuid:` derived from the study.
 */
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import type { RadiationExposure } from '../../fixtures/model.ts';
import { BIRADS_ASSESSMENT_CONCEPT, BIRADS_CODE } from './cda-birads.ts';
import type { ComparisonStudy } from './cda-comparison.ts';
import { reportContent, type ReportSection, type SectionKey } from './cda-content.ts';
import { DOSE_CODE } from './cda-radiation.ts';
import { DIAGNOSTIC_IMAGING_REPORT_CODE } from './cda-report.ts';
import { cdaTimestamp, type CdaCode } from './cda-values.ts';
import { codingOf, FHIR_SYSTEM, fhirDate, fhirDateTime, modelCoding, narrativeDiv, stableUuid, type Coding } from './fhir-values.ts';
import { COUNTRY_TIME_ZONE, type WorldStudy } from './study-from-world.ts';
import { modalityCode } from './xds-codes.ts';
import { splitDateTime } from './xds-time.ts';

export interface FhirReportOptions {
  /** Root for derived ids (default organisation OID), as for the CDA. */
  readonly uidRoot: string;
  readonly custodian?: { readonly name: string; readonly oid: string };
  readonly exposure?: RadiationExposure;
  readonly comparison?: ComparisonStudy;
}

export interface FhirReport {
  readonly bundle: FhirResource;
  readonly json: string;
  readonly bytes: Uint8Array;
  /** The report's document id (the world report id, as in the CDA). */
  readonly uniqueId: string;
  readonly mimeType: 'application/fhir+json';
}

/** A FHIR resource as plain JSON. */
export type FhirResource = { readonly resourceType: string; readonly id?: string } & Record<string, unknown>;

/**
 * Section codes of the HL7 EU Composition (its slices): the reason travels in the order section,
 * the rest keep the LOINC codes the CDA uses.
 */
export const FHIR_SECTION_CODE: Readonly<Record<SectionKey | 'imagingstudy', CdaCode>> = {
  imagingstudy: { code: '18726-0', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Radiology studies (set)' },
  reason: { code: '55115-0', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Requested imaging studies information' },
  procedure: { code: '55111-9', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Current imaging procedure descriptions' },
  radiation: { code: '73569-6', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Radiation exposure and protection information' },
  comparison: { code: '18834-2', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Radiology Comparison study' },
  findings: { code: '59776-5', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Procedure findings' },
  conclusion: { code: '19005-8', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Radiology Impression' },
  recommendation: { code: '18783-1', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Radiology Study recommendation' },
  addendum: { code: '55107-7', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Addendum' },
};

const GENDER = { F: 'female', M: 'male', O: 'other' } as const;
const ref = (fullUrl: string) => ({ reference: fullUrl });
const concept = (...codings: Coding[]) => ({ coding: codings });

export function renderFhirImagingReport(ws: WorldStudy, options: FhirReportOptions): FhirReport {
  const content = reportContent(ws, options.exposure, options.comparison);
  const { report, headings } = content;
  const { patient, study } = ws;
  const zone = COUNTRY_TIME_ZONE[ws.country.code];
  const { date, time } = splitDateTime(report.dateTime);
  const reportTime = fhirDateTime(cdaTimestamp(date, time, zone));
  const studyStart = fhirDateTime(cdaTimestamp(study.date, study.time, zone));
  const language = `${report.language}-${ws.country.code}`;
  const custodian = options.custodian ?? { name: ws.facility.name, oid: deriveUid(options.uidRoot, 'organization', ws.facility.id) };

  const uuid = (kind: string) => stableUuid('ixh-fhir-report', study.studyInstanceUid, report.id, kind);
  const url = (kind: string) => `urn:uuid:${uuid(kind)}`;
  const U = {
    composition: url('Composition'), report: url('DiagnosticReport'), patient: url('Patient'), author: url('Practitioner'),
    organization: url('Organization'), study: url('ImagingStudy'), birads: url('Observation/birads'),
    dlpTotal: url('Observation/dlp-total'), effectiveDose: url('Observation/effective-dose'),
  };
  const idOf = (fullUrl: string) => fullUrl.slice('urn:uuid:'.length);
  const documentIdentifier = { system: FHIR_SYSTEM.rfc3986, value: `urn:oid:${report.id}` };
  const reportType = concept(codingOf(DIAGNOSTIC_IMAGING_REPORT_CODE));
  const radiology = concept({ system: FHIR_SYSTEM.v2_0074, code: 'RAD', display: 'Radiology' });

  const patientResource: FhirResource = {
    resourceType: 'Patient', id: idOf(U.patient),
    identifier: [{ system: `urn:oid:${patient.issuer.oid}`, value: patient.id }],
    name: [{ family: patient.name.family, given: [patient.name.given] }],
    ...(patient.sex ? { gender: GENDER[patient.sex] } : {}),
    ...(patient.birthDate ? { birthDate: fhirDate(patient.birthDate) } : {}),
  };
  const practitioner: FhirResource = {
    resourceType: 'Practitioner', id: idOf(U.author),
    name: [{ family: report.author.family, given: [report.author.given] }],
  };
  const organization: FhirResource = {
    resourceType: 'Organization', id: idOf(U.organization),
    identifier: [{ system: FHIR_SYSTEM.rfc3986, value: `urn:oid:${custodian.oid}` }],
    name: custodian.name,
    address: [{ city: ws.facility.city, country: ws.country.code }],
  };

  const bodySite = study.anatomicRegion ? modelCoding(study.anatomicRegion) : undefined;
  const modalityCodings = [...new Set(study.series.map((s) => s.modality))].flatMap((m) => {
    const c = modalityCode(m);
    return c ? [{ system: FHIR_SYSTEM.dcm, code: c.code, display: c.displayName }] : [];
  });
  const imagingStudy: FhirResource = {
    resourceType: 'ImagingStudy', id: idOf(U.study),
    identifier: [
      { system: FHIR_SYSTEM.dicomUid, value: `urn:oid:${study.studyInstanceUid}` },
      {
        type: concept({ system: FHIR_SYSTEM.v2_0203, code: 'ACSN', display: 'Accession ID' }),
        system: `urn:oid:${study.accessionIssuer.oid}`, value: study.accessionNumber,
      },
    ],
    status: 'available',
    modality: modalityCodings,
    subject: ref(U.patient),
    started: studyStart,
    numberOfSeries: study.series.length,
    numberOfInstances: study.series.reduce((n, s) => n + s.instances.length, 0),
    ...(study.procedure ? { procedureCode: [concept(modelCoding(study.procedure))] } : {}),
    ...(study.description ? { description: study.description } : {}),
    series: study.series.map((s, i) => ({
      uid: s.seriesInstanceUid,
      number: i + 1,
      modality: { system: FHIR_SYSTEM.dcm, code: s.modality },
      numberOfInstances: s.instances.length,
      ...(bodySite ? { bodySite } : {}),
      instance: s.instances.map((inst, n) => ({
        uid: inst.sopInstanceUid,
        sopClass: { system: FHIR_SYSTEM.rfc3986, code: `urn:oid:${inst.sopClassUid}` },
        number: n + 1,
      })),
    })),
  };

  const observation = (fullUrl: string, code: CdaCode, value: Record<string, unknown>): FhirResource => ({
    resourceType: 'Observation', id: idOf(fullUrl), status: 'final',
    code: concept(codingOf(code)), subject: ref(U.patient), effectiveDateTime: studyStart, ...value,
  });
  const birads = report.birads
    ? observation(U.birads, BIRADS_ASSESSMENT_CONCEPT, { valueCodeableConcept: concept(codingOf(BIRADS_CODE[report.birads])) })
    : undefined;
  const quantity = (value: number, unit: string) => ({ valueQuantity: { value, unit, system: FHIR_SYSTEM.ucum, code: unit } });
  const dose = options.exposure
    ? [
        observation(U.dlpTotal, DOSE_CODE.dlpTotal, quantity(options.exposure.totalDlpMGyCm, 'mGy.cm')),
        observation(U.effectiveDose, DOSE_CODE.effectiveDose, quantity(options.exposure.effectiveDoseMSv, 'mSv')),
      ]
    : [];

  const text = (paragraphs: readonly string[]) => ({ status: 'generated', div: narrativeDiv(paragraphs, language) });
  const sectionOf = (s: ReportSection, entries: string[] = [], nested: unknown[] = []) => ({
    title: s.heading,
    code: concept(codingOf(FHIR_SECTION_CODE[s.key])),
    text: text(s.paragraphs),
    ...(entries.length ? { entry: entries.map(ref) } : {}),
    ...(nested.length ? { section: nested } : {}),
  });
  const radiation = content.sections.find((s) => s.key === 'radiation');
  const studyLine = [study.description ?? study.procedure?.meaning ?? study.studyInstanceUid, `${headings.accession} ${study.accessionNumber}`, studyStart.slice(0, 10)].join(', ');
  const sections = [
    {
      title: headings.study,
      code: concept(codingOf(FHIR_SECTION_CODE.imagingstudy)),
      text: text([studyLine]),
      entry: [ref(U.study)],
    },
    ...content.sections.filter((s) => s.key !== 'radiation').map((s) => {
      if (s.key === 'procedure' && radiation) return sectionOf(s, [], [sectionOf(radiation, dose.map((d) => `urn:uuid:${d.id}`))]);
      if (s.key === 'conclusion' && birads) return sectionOf(s, [U.birads]);
      return sectionOf(s);
    }),
  ];

  const composition: FhirResource = {
    resourceType: 'Composition', id: idOf(U.composition), language,
    text: text([`${DIAGNOSTIC_IMAGING_REPORT_CODE.displayName}: ${studyLine}`]),
    identifier: documentIdentifier,
    status: 'final',
    type: reportType,
    category: [radiology],
    subject: ref(U.patient),
    date: reportTime,
    author: [ref(U.author), ref(U.organization)],
    title: study.description ?? study.procedure?.meaning ?? DIAGNOSTIC_IMAGING_REPORT_CODE.displayName,
    confidentiality: 'N',
    attester: [{ mode: 'legal', time: reportTime, party: ref(U.author) }],
    custodian: ref(U.organization),
    event: [{ period: { start: studyStart }, detail: [ref(U.study)] }],
    section: sections,
  };
  const conclusion = content.sections.find((s) => s.key === 'conclusion');
  const diagnosticReport: FhirResource = {
    resourceType: 'DiagnosticReport', id: idOf(U.report), language,
    identifier: [documentIdentifier],
    status: 'final',
    category: [radiology],
    code: reportType,
    subject: ref(U.patient),
    effectiveDateTime: studyStart,
    issued: reportTime,
    performer: [ref(U.organization)],
    resultsInterpreter: [ref(U.author)],
    ...(birads || dose.length ? { result: [...(birads ? [ref(U.birads)] : []), ...dose.map((d) => ref(`urn:uuid:${d.id}`))] } : {}),
    imagingStudy: [ref(U.study)],
    ...(conclusion ? { conclusion: conclusion.paragraphs.join('\n\n') } : {}),
    ...(report.birads ? { conclusionCode: [concept(codingOf(BIRADS_CODE[report.birads]))] } : {}),
  };

  const resources = [composition, diagnosticReport, patientResource, practitioner, organization, imagingStudy, ...(birads ? [birads] : []), ...dose];
  const bundle: FhirResource = {
    resourceType: 'Bundle', id: uuid('Bundle'), language,
    identifier: documentIdentifier,
    type: 'document',
    timestamp: reportTime,
    entry: resources.map((r) => ({ fullUrl: `urn:uuid:${r.id}`, resource: r })),
  };
  const json = JSON.stringify(bundle, null, 2);
  return { bundle, json, bytes: new TextEncoder().encode(json), uniqueId: report.id, mimeType: 'application/fhir+json' };
}
