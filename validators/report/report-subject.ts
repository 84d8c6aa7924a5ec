/**
 * What the shared content rules see: the extracted model, whichever format it came from. A
 * subject that could not be parsed carries `parseError`; the format's own parse rule reports it
 * and the content rules stay silent rather than flood the run with "missing" findings.
 */
import type { Rule } from '../rule.ts';
import type { ExtractedReport } from './extracted-report.ts';

export interface ReportSubject {
  readonly extracted: ExtractedReport;
  readonly parseError?: string;
}

export type ContentRule = Rule<ReportSubject>;

/** The spec a content rule cites, in both its forms. */
export const CONTENT_SPEC = 'DICOM PS3.20 Imaging Report 1.2.840.10008.9.1 / HL7 EU Imaging Report (Composition, DiagnosticReport)';

/** Path of the document root, for findings about something absent. */
export function rootPath(report: ExtractedReport): string {
  return report.format === 'cda' ? '/ClinicalDocument' : '/entry/0/resource';
}
