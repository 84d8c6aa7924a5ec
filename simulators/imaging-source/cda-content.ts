/**
 * What the imaging report says, independent of its encoding: the header facts and the ordered
 * narrative sections. The CDA (`cda-report.ts`) and the PDF (`pdf-report.ts`) both render this,
 * so the two documents of one report cannot drift apart.
 */
import type { RadiationExposure, Report } from '../../fixtures/model.ts';
import type { ComparisonStudy } from './cda-comparison.ts';
import { headingsFor, PREGNANCY_TEXT, type HeadingKey } from './cda-headings.ts';
import type { WorldStudy } from './study-from-world.ts';

export type SectionKey = 'reason' | 'procedure' | 'comparison' | 'findings' | 'conclusion' | 'recommendation' | 'addendum' | 'radiation';

export interface ReportSection {
  readonly key: SectionKey;
  readonly heading: string;
  /** Narrative paragraphs, in the report's original language. */
  readonly paragraphs: readonly string[];
}

export interface ReportContent {
  readonly report: Report;
  readonly headings: Readonly<Record<HeadingKey, string>>;
  readonly sections: readonly ReportSection[];
  /** Label/value pairs of the header block (patient, study, facility, author, date). */
  readonly header: readonly (readonly [string, string])[];
}

/** The study's report, or a clear error: a study without report (GEN-07) has no report document. */
export function requireReport(ws: WorldStudy): Report {
  if (!ws.report) throw new Error(`study ${ws.study.studyInstanceUid} (accession ${ws.study.accessionNumber}) has no report`);
  return ws.report;
}

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

/** YYYYMMDD → YYYY-MM-DD; YYYYMMDDHHMMSS → YYYY-MM-DD HH:MM (ISO 8601, language-neutral). */
export function isoDate(dicom: string): string {
  const date = `${dicom.slice(0, 4)}-${dicom.slice(4, 6)}-${dicom.slice(6, 8)}`;
  return dicom.length >= 12 ? `${date} ${dicom.slice(8, 10)}:${dicom.slice(10, 12)}` : date;
}

const number = (v: number) => String(v);

export function radiationParagraphs(exposure: RadiationExposure, h: Readonly<Record<HeadingKey, string>>): string[] {
  const phases = exposure.phases.map((p) => `${p.phase.meaning}: ${h.ctdiVol} ${number(p.ctdiVolMGy)} mGy, ${h.dlp} ${number(p.dlpMGyCm)} mGy·cm`);
  return [
    ...phases,
    `${h.dlpTotal}: ${number(exposure.totalDlpMGyCm)} mGy·cm`,
    `${h.effectiveDose}: ${number(exposure.effectiveDoseMSv)} mSv`,
    `${h.pregnancy}: ${PREGNANCY_TEXT[exposure.pregnancyStatus]}`,
  ];
}

export function comparisonParagraphs(prior: ComparisonStudy, h: Readonly<Record<HeadingKey, string>>): string[] {
  return [`${prior.description ?? prior.studyInstanceUid}, ${isoDate(prior.date)} (${h.accession} ${prior.accessionNumber})`];
}

/** Sections in PS3.20 order: clinical information, procedure (radiation), comparison, findings, impression, recommendation, addendum. */
export function reportContent(ws: WorldStudy, exposure?: RadiationExposure, comparison?: ComparisonStudy): ReportContent {
  const report = requireReport(ws);
  const h = headingsFor(report.language);
  const { study, patient } = ws;
  const modalities = [...new Set(study.series.map((s) => s.modality))].join(', ');
  const procedure = [
    study.description ?? '',
    study.procedure ? `${study.procedure.meaning} (LOINC ${study.procedure.code})` : '',
    `${h.modality}: ${modalities}`,
    study.anatomicRegion ? `${h.bodyPart}: ${study.anatomicRegion.meaning}` : '',
  ].filter((p) => p !== '');
  const sections: ReportSection[] = [
    { key: 'reason', heading: h.reason, paragraphs: paragraphs(report.reason) },
    { key: 'procedure', heading: h.procedure, paragraphs: procedure },
    ...(exposure ? [{ key: 'radiation' as const, heading: h.radiation, paragraphs: radiationParagraphs(exposure, h) }] : []),
    ...(comparison ? [{ key: 'comparison' as const, heading: h.comparison, paragraphs: comparisonParagraphs(comparison, h) }] : []),
    { key: 'findings', heading: h.findings, paragraphs: paragraphs(report.findings) },
    { key: 'conclusion', heading: h.conclusion, paragraphs: paragraphs(report.conclusion) },
    ...(report.recommendation ? [{ key: 'recommendation' as const, heading: h.recommendation, paragraphs: paragraphs(report.recommendation) }] : []),
    ...(report.addendum ? [{ key: 'addendum' as const, heading: h.addendum, paragraphs: paragraphs(report.addendum) }] : []),
  ];
  const header: [string, string][] = [
    [h.patient, `${patient.name.family}, ${patient.name.given}`],
    [h.patientId, `${patient.id} (${patient.issuer.localId ?? patient.issuer.oid})`],
    ...(patient.birthDate ? [[h.birthDate, isoDate(patient.birthDate)] as [string, string]] : []),
    ...(patient.sex ? [[h.sex, patient.sex] as [string, string]] : []),
    [h.study, study.description ?? study.procedure?.meaning ?? study.studyInstanceUid],
    [h.accession, study.accessionNumber],
    [h.studyDate, isoDate(`${study.date}${study.time}`)],
    [h.facility, `${ws.facility.name}, ${ws.facility.city}`],
    [h.author, `${report.author.given} ${report.author.family}`],
    [h.reportDate, isoDate(report.dateTime)],
  ];
  return { report, headings: h, sections, header };
}
