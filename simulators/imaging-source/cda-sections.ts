/**
 * Section codes of the CDA imaging report (DICOM PS3.20 section templates, CID 7001 headings).
 * Each narrative section carries its LOINC code with the DCM heading as translation; the PS3.20
 * templateId is written only where the section's code is the one that template requires.
 */
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import { el, type XmlChild, type XmlOut } from '../soap/xml-write.ts';
import type { ReportSection, SectionKey } from './cda-content.ts';
import { codeElement, dcm, ii, loinc, type CdaCode } from './cda-values.ts';

interface SectionCoding {
  readonly templateIds: readonly string[];
  readonly code: CdaCode;
  readonly translation?: CdaCode;
}

/** PS3.20 template ids (PS3.6 Table A-4) and the C-CDA DIR ones PS3.20 reuses. */
export const CDA_TEMPLATE = {
  imagingReport: '1.2.840.10008.9.1',
  generalHeader: '1.2.840.10008.9.20',
  imagingHeader: '1.2.840.10008.9.21',
  clinicalInformation: '1.2.840.10008.9.2',
  procedureDescription: '1.2.840.10008.9.3',
  comparison: '1.2.840.10008.9.4',
  impression: '1.2.840.10008.9.5',
  addendum: '1.2.840.10008.9.6',
  radiationExposure: '1.2.840.10008.9.8',
  recommendation: '1.2.840.10008.9.12',
  studyAct: '1.2.840.10008.9.16',
  seriesAct: '1.2.840.10008.9.17',
  sopInstanceObservation: '1.2.840.10008.9.18',
  findings: '2.16.840.1.113883.10.20.6.1.2',
  dicomObjectCatalog: '2.16.840.1.113883.10.20.6.1.1',
} as const;

export const SECTION_CODING: Readonly<Record<SectionKey, SectionCoding>> = {
  // The world's reason for study is the whole of what the report knows clinically, so it is the Clinical Information section.
  reason: { templateIds: [CDA_TEMPLATE.clinicalInformation], code: loinc('55752-0', 'Clinical information') },
  procedure: { templateIds: [CDA_TEMPLATE.procedureDescription], code: loinc('55111-9', 'Current imaging procedure descriptions'), translation: dcm('121064', 'Current Procedure Descriptions') },
  radiation: { templateIds: [CDA_TEMPLATE.radiationExposure], code: loinc('73569-6', 'Radiation exposure and protection information') },
  comparison: { templateIds: [CDA_TEMPLATE.comparison], code: loinc('18834-2', 'Radiology Comparison study') },
  addendum: { templateIds: [CDA_TEMPLATE.addendum], code: loinc('55107-7', 'Addendum') },
  findings: { templateIds: [CDA_TEMPLATE.findings], code: loinc('59776-5', 'Procedure findings'), translation: dcm('121070', 'Findings') },
  conclusion: { templateIds: [CDA_TEMPLATE.impression], code: loinc('19005-8', 'Radiology Impression'), translation: dcm('121076', 'Conclusions') },
  recommendation: { templateIds: [CDA_TEMPLATE.recommendation], code: loinc('18783-1', 'Radiology Study recommendation'), translation: dcm('121074', 'Recommendations') },
};

export interface SectionOptions {
  readonly uidRoot: string;
  readonly reportId: string;
  readonly entries?: readonly XmlOut[];
  readonly subsections?: readonly XmlOut[];
}

/** Narrative text block: one <paragraph> per paragraph, text in the report's language. */
export function narrative(paragraphs: readonly string[]): XmlOut {
  return el('text', undefined, paragraphs.map((p) => el('paragraph', undefined, p)));
}

/** `<component><section>…</section></component>` with a stable section id derived from the report id. */
export function sectionComponent(section: ReportSection, options: SectionOptions): XmlOut {
  const coding = SECTION_CODING[section.key];
  const children: XmlChild[] = [
    ...coding.templateIds.map((root) => el('templateId', { root })),
    ii(deriveUid(options.uidRoot, 'cda-section', options.reportId, section.key)),
    codeElement('code', coding.code, coding.translation ? [coding.translation] : []),
    el('title', undefined, section.heading),
    narrative(section.paragraphs),
    ...(options.entries ?? []).map((e) => el('entry', undefined, e)),
    ...(options.subsections ?? []),
  ];
  return el('component', undefined, el('section', undefined, ...children));
}
