/**
 * The narrative sections every imaging report needs, judged on the extracted model so that CDA and
 * FHIR answer to the same rule ids: why (REP-03), how (REP-04), results (REP-05), conclusion and
 * recommendation (REP-06), and readable text with its language stated (REP-08).
 */
import type { RuleFinding } from '../rule.ts';
import { allSections, type ExtractedReport, type ExtractedSectionKind } from './extracted-report.ts';
import { CONTENT_SPEC, rootPath, type ContentRule, type ReportSubject } from './report-subject.ts';

/** A rule demanding one narrative section (any of `kinds`) with text. */
function sectionRule(id: string, title: string, requirements: string[], kinds: readonly ExtractedSectionKind[], codes: string): ContentRule {
  return {
    id, title, severity: 'error', requirements,
    specRef: `${CONTENT_SPEC}; section ${codes}`,
    *check({ extracted: r, parseError }: ReportSubject): Iterable<RuleFinding> {
      if (parseError) return;
      const found = allSections(r).filter((s) => kinds.includes(s.kind));
      if (found.length === 0) yield { path: rootPath(r), message: `no ${kinds.join(' or ')} section`, expected: `a section coded ${codes}` };
      else if (found.every((s) => s.text === '')) yield { path: found[0]!.path, message: `the ${found[0]!.kind} section has no text`, expected: 'narrative text' };
    },
  };
}

export const whyReasonRule = sectionRule('report.why.reason', 'The report states the reason for the study / clinical question', ['REP-03'],
  ['reason', 'clinical-information'], 'LOINC 55752-0, 18785-6 or 55115-0');
export const howProcedureRule = sectionRule('report.how.procedure', 'The report describes the imaging procedure performed', ['REP-04'],
  ['procedure'], 'LOINC 55111-9');
export const resultsFindingsRule = sectionRule('report.results.findings', 'Narrative findings are present (mandatory)', ['REP-05'],
  ['findings'], 'LOINC 59776-5');

export const conclusionRule: ContentRule = {
  id: 'report.conclusion',
  title: 'The report has an impression/conclusion with text; a recommendation section, when present, has text',
  severity: 'error',
  requirements: ['REP-06'],
  specRef: `${CONTENT_SPEC}; sections LOINC 19005-8, 18783-1`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    const sections = allSections(r);
    const conclusions = sections.filter((s) => s.kind === 'conclusion');
    if (conclusions.length === 0) yield { path: rootPath(r), message: 'no conclusion (impression) section', expected: 'a section coded LOINC 19005-8' };
    else if (conclusions.every((s) => s.text === '')) yield { path: conclusions[0]!.path, message: 'the conclusion section has no text', expected: 'narrative text' };
    for (const s of sections.filter((x) => x.kind === 'recommendation' && x.text === '')) {
      yield { path: s.path, message: 'the recommendation section has no text', expected: 'narrative text (or no recommendation section)' };
    }
  },
};

/** BCP 47 as reports use it: a language subtag, optionally a region. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2}|-\d{3})?$/;

function textless(r: ExtractedReport) {
  // The DICOM object catalog is a machine section: PS3.20 gives it no narrative.
  return allSections(r).filter((s) => s.kind !== 'catalog' && s.text === '' && s.subsections.every((sub) => sub.text === ''));
}

export const languageRule: ContentRule = {
  id: 'report.language',
  title: 'The report states its language (BCP 47) and every narrative section has human-readable text',
  severity: 'error',
  requirements: ['REP-08'],
  specRef: `${CONTENT_SPEC}; CDA languageCode, FHIR Composition.language, section text`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.language) yield { path: rootPath(r), message: 'no language tag', expected: 'a BCP 47 tag such as fr-FR' };
    else if (!LANGUAGE_TAG.test(r.language.value)) yield { path: r.language.path, message: 'the language tag is not BCP 47', expected: 'll or ll-CC', actual: r.language.value };
    for (const s of textless(r)) yield { path: s.path, message: `the ${s.kind} section has no narrative text`, expected: 'text a person can read' };
  },
};

export const NARRATIVE_RULES: readonly ContentRule[] = [whyReasonRule, howProcedureRule, resultsFindingsRule, conclusionRule, languageRule];
