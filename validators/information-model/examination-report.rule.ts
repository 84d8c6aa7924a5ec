/**
 * ExaminationReport (Annex III §10.6) as the report states it: result text (1), imaging study type
 * (1..*), modalities from the DICOM list, at most one conclusion. Rules say nothing when the study
 * travels without a report (GEN-07); the report family judges the document's own structure.
 */
import { LN } from '../codes/coding-schemes.ts';
import type { Rule } from '../rule.ts';
import { allSections } from '../report/extracted-report.ts';
import { cardinality, codeInList, specRef, type InformationModelSubject } from './subject.ts';

/** LOINC as CDA (OID), FHIR (URI) or a urn:oid: names it; a designator is no system. */
const LOINC = new Set([LN.oid, `urn:oid:${LN.oid}`, LN.uri]);

export const reportResultText: Rule<InformationModelSubject> = {
  id: 'im.report.result-text',
  title: 'The examination report has one results section with narrative text',
  severity: 'error',
  requirements: ['REP-05'],
  specRef: specRef('10.6 Results, ResultText'),
  *check({ report }) {
    if (!report) return;
    const findings = allSections(report).filter((s) => s.kind === 'findings');
    yield* cardinality('ExaminationReport', 'Results', findings, 'ExaminationReport.Results');
    for (const s of findings) {
      if (s.text.trim() === '') yield { path: s.path, message: 'results section without narrative text', expected: 'ResultText (1)', actual: 'empty' };
    }
  },
};

export const reportStudyType: Rule<InformationModelSubject> = {
  id: 'im.report.imaging-study-type',
  title: 'The examination report states at least one imaging study type (LOINC)',
  severity: 'error',
  requirements: ['REP-02'],
  specRef: specRef('10.6 ImagingStudyType'),
  *check({ report }) {
    if (!report) return;
    const type = report.procedureCode;
    yield* cardinality('ExaminationReport', 'ImagingStudyType', type?.value.code, type?.path ?? 'ExaminationReport.ImagingStudyType');
    if (type && type.value.system !== undefined && !LOINC.has(type.value.system)) {
      yield { path: type.path, message: `imaging study type ${type.value.code} is not a LOINC code`, expected: `LOINC (${LN.oid})`, actual: type.value.system };
    }
  },
};

export const reportModality: Rule<InformationModelSubject> = {
  id: 'im.report.modality-code',
  title: 'Modalities the report names are DICOM modality codes',
  severity: 'error',
  requirements: ['REP-02', 'MET-03'],
  specRef: specRef('10.6 ModalityCodelist'),
  *check({ report }) {
    if (!report) return;
    for (const [i, m] of report.modalities.entries()) yield* codeInList('modality', m, `ExaminationReport.Modality[${i}]`, 'Report modality');
  },
};

export const reportConclusion: Rule<InformationModelSubject> = {
  id: 'im.report.conclusion-cardinality',
  title: 'The examination report has at most one conclusion',
  severity: 'error',
  requirements: ['REP-06'],
  specRef: specRef('10.6 Conclusion'),
  *check({ report }) {
    if (!report) return;
    const conclusions = allSections(report).filter((s) => s.kind === 'conclusion');
    yield* cardinality('ExaminationReport', 'Conclusion', conclusions, conclusions[1]?.path ?? 'ExaminationReport.Conclusion');
  },
};

export const examinationReportRules = [reportResultText, reportStudyType, reportModality, reportConclusion] as const;
