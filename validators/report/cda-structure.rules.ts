/**
 * CDA-specific structure of the PS3.20 imaging report: the document parses as a v3
 * ClinicalDocument, declares the Imaging Report template, and its sections are coded the way
 * their PS3.20 templates require. Content is judged by the shared rules.
 */
import { attr, elements, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { CdaReportSubject } from './extract-cda.ts';
import { PS320_IMAGING_REPORT_TEMPLATE, PS320_SECTION_TEMPLATE_CODE } from './report-codes.ts';

const V3 = 'urn:hl7-org:v3';

export const cdaDocumentRule: Rule<CdaReportSubject> = {
  id: 'report.cda.document',
  title: 'The report is well-formed XML whose root is an HL7 v3 ClinicalDocument',
  severity: 'error',
  requirements: ['REP-08'],
  specRef: 'HL7 CDA R2 (POCD_HD000040)',
  *check(subject): Iterable<RuleFinding> {
    if (subject.parseError) yield { path: '/', message: `cannot read the CDA document: ${subject.parseError}` };
  },
};

export const cdaTemplateRule: Rule<CdaReportSubject> = {
  id: 'report.cda.template',
  title: 'The ClinicalDocument declares the DICOM PS3.20 Imaging Report template 1.2.840.10008.9.1',
  severity: 'error',
  requirements: ['REP-01'],
  specRef: 'DICOM PS3.20 8.1 Imaging Report (templateId 1.2.840.10008.9.1)',
  *check({ document, parseError }): Iterable<RuleFinding> {
    if (!document || parseError) return;
    const roots = elements(document, V3, 'templateId').map((t) => attr(t, 'root'));
    if (!roots.includes(PS320_IMAGING_REPORT_TEMPLATE)) {
      yield { path: '/ClinicalDocument/templateId', message: 'the PS3.20 Imaging Report template is not declared', expected: PS320_IMAGING_REPORT_TEMPLATE, actual: roots.join(', ') || '(none)' };
    }
  },
};

function* sections(parent: XmlElement, path: string): Generator<{ section: XmlElement; path: string }> {
  for (const [i, component] of elements(parent, V3, 'component').entries()) {
    for (const section of elements(component, V3, 'section')) {
      const p = `${path}/component[${i}]/section`;
      yield { section, path: p };
      yield* sections(section, p);
    }
  }
}

export const cdaSectionCodesRule: Rule<CdaReportSubject> = {
  id: 'report.cda.section-codes',
  title: 'Every body section is coded, and a section declaring a PS3.20 section template carries that template\'s code',
  severity: 'error',
  requirements: ['REP-08', 'MET-04'],
  specRef: 'DICOM PS3.20 9.2-9.12 section templates; CDA R2 section.code',
  *check({ document, parseError }): Iterable<RuleFinding> {
    if (!document || parseError) return;
    const body = elements(document, V3, 'component').flatMap((c) => elements(c, V3, 'structuredBody'))[0];
    if (!body) {
      yield { path: '/ClinicalDocument/component', message: 'no structuredBody', expected: 'a structured body with coded sections' };
      return;
    }
    for (const { section, path } of sections(body, '/ClinicalDocument/component/structuredBody')) {
      const code = elements(section, V3, 'code')[0];
      const value = code ? attr(code, 'code') : undefined;
      if (!code || !value || !attr(code, 'codeSystem')) {
        yield { path: `${path}/code`, message: 'section without code and codeSystem', expected: 'a LOINC or DCM section code' };
        continue;
      }
      for (const t of elements(section, V3, 'templateId')) {
        const required = PS320_SECTION_TEMPLATE_CODE[attr(t, 'root') ?? ''];
        if (required && required !== value) {
          yield { path: `${path}/code`, message: `section template ${attr(t, 'root')} requires code ${required}`, expected: required, actual: value };
        }
      }
    }
  },
};

export const CDA_STRUCTURE_RULES: readonly Rule<CdaReportSubject>[] = [cdaDocumentRule, cdaTemplateRule, cdaSectionCodesRule];
