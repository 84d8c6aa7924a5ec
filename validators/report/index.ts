/**
 * Imaging report validators, two families over one content model: `report.cda` (DICOM PS3.20 CDA)
 * and `report.fhir` (HL7 Europe Imaging Report FHIR R4 Bundle). Each family runs its format's
 * structure rules, then the shared content rules on the extracted model, so one content defect
 * (no conclusion, no accession…) is reported under the same rule id whatever the format.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import { CDA_STRUCTURE_RULES } from './cda-structure.rules.ts';
import { readCdaReport, type CdaReportSubject } from './extract-cda.ts';
import { readFhirReport, type FhirReportSubject } from './extract-fhir.ts';
import { FHIR_STRUCTURE_RULES } from './fhir-structure.rules.ts';
import { HEADER_RULES } from './header.rules.ts';
import { NARRATIVE_RULES } from './narrative.rules.ts';
import { PROFILE_RULES } from './profile.rules.ts';
import type { ContentRule } from './report-subject.ts';
import { STUDY_RULES } from './study.rules.ts';

/** The shared content rules, in the order they run (after the format's structure rules). */
export const REPORT_CONTENT_RULES: readonly ContentRule[] = [...HEADER_RULES, ...STUDY_RULES, ...NARRATIVE_RULES, ...PROFILE_RULES];

export const cdaReportFamily: ValidatorFamily<CdaReportSubject> = {
  name: 'report.cda',
  description: 'CDA imaging report (DICOM PS3.20): document structure, then the shared report content rules',
  rules: [...CDA_STRUCTURE_RULES, ...REPORT_CONTENT_RULES],
};

export const fhirReportFamily: ValidatorFamily<FhirReportSubject> = {
  name: 'report.fhir',
  description: 'FHIR R4 imaging report Bundle (HL7 Europe Imaging Report): R4 schema and document structure, then the shared report content rules',
  rules: [...FHIR_STRUCTURE_RULES, ...REPORT_CONTENT_RULES],
};

export function validateCdaReport(bytes: string | Uint8Array, options: ValidateOptions): RuleRun {
  return runRules(cdaReportFamily.rules, readCdaReport(bytes), options);
}

export function validateFhirReport(bytesOrJson: string | Uint8Array | object, options: ValidateOptions): RuleRun {
  return runRules(fhirReportFamily.rules, readFhirReport(bytesOrJson), options);
}

export { extractCdaReport, readCdaReport, type CdaReportSubject } from './extract-cda.ts';
export { extractFhirReport, readFhirReport, type FhirReportSubject } from './extract-fhir.ts';
export { checkFhirSchema } from './fhir-schema.ts';
export type { ExtractedReport, ExtractedSection, ExtractedSectionKind } from './extracted-report.ts';
