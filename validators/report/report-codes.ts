/**
 * The codes the report validators recognise, written out here rather than imported from the
 * renderers: the validators are an independent oracle, so a wrong code in a renderer shows up as a
 * finding instead of agreeing with itself. Scheme identifiers, the LOINC document type and BI-RADS
 * come from validators/codes, shared with the other families.
 */
import type { ExtractedSectionKind } from './extracted-report.ts';

/** PS3.20 Imaging Report document template (PS3.6 Table A-4). */
export const PS320_IMAGING_REPORT_TEMPLATE = '1.2.840.10008.9.1';

/** Section code (LOINC or DCM heading) → what the section is. */
export const SECTION_KIND_BY_CODE: Readonly<Record<string, ExtractedSectionKind>> = {
  '55752-0': 'clinical-information', '11329-0': 'clinical-information', '121060': 'clinical-information',
  '18785-6': 'reason', '55115-0': 'reason', '121109': 'reason',
  '55111-9': 'procedure', '121064': 'procedure',
  '18834-2': 'comparison',
  '59776-5': 'findings', '18782-3': 'findings', '121070': 'findings',
  '19005-8': 'conclusion', '121072': 'conclusion', '121076': 'conclusion', '121077': 'conclusion',
  '18783-1': 'recommendation', '121074': 'recommendation', '121075': 'recommendation',
  '55107-7': 'addendum', '121078': 'addendum',
  '73569-6': 'radiation',
  '121181': 'catalog',
};

export function sectionKindOf(codes: readonly (string | undefined)[]): ExtractedSectionKind {
  for (const c of codes) if (c !== undefined && SECTION_KIND_BY_CODE[c]) return SECTION_KIND_BY_CODE[c]!;
  return 'other';
}

/** PS3.20 section templates and the section code each requires (PS3.20 9.x). */
export const PS320_SECTION_TEMPLATE_CODE: Readonly<Record<string, string>> = {
  '1.2.840.10008.9.2': '55752-0',
  '1.2.840.10008.9.3': '55111-9',
  '1.2.840.10008.9.4': '18834-2',
  '1.2.840.10008.9.5': '19005-8',
  '1.2.840.10008.9.6': '55107-7',
  '1.2.840.10008.9.8': '73569-6',
  '1.2.840.10008.9.12': '18783-1',
};

/** Radiation dose quantities (DCM, CID 10050) read back from either format. */
export const DOSE = { dlpTotal: '113813', effectiveDose: '113839' } as const;
