/**
 * The subject of the information-model rules: one study as extracted from its DICOM objects, with
 * the report about it when there is one (images travel without a report too, GEN-07), and helpers
 * the rule files share to phrase findings from the model's own tables.
 */
import type { RuleFinding } from '../rule.ts';
import type { ExtractedReport } from '../report/extracted-report.ts';
import { cardinalityHolds, CODE_LISTS, element, inCodeList, type CodeListName } from './model.ts';
import type { ExtractedSeries, ExtractedStudy } from './extracted-study.ts';

export interface InformationModelSubject {
  readonly study: ExtractedStudy;
  readonly report?: ExtractedReport;
}

export const SPEC_ANNEX_III = 'X-eHealth functional specification, Annex III';

export const specRef = (section: string): string => `${SPEC_ANNEX_III} §${section}`;

/** A series named by its UID, or by its position when it has none. */
export function seriesPath(series: ExtractedSeries, index: number): string {
  return `ImagingSeries[${series.uid ?? `#${index + 1}`}]`;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A finding when a single-valued element's presence breaks its cardinality in the model. */
export function* cardinality(conceptName: string, elementName: string, value: unknown, path: string): Generator<RuleFinding> {
  const el = element(conceptName, elementName);
  const count = Array.isArray(value) ? value.filter(present).length : present(value) ? 1 : 0;
  if (!cardinalityHolds(el.cardinality, count)) {
    yield { path, message: `${conceptName}.${elementName} occurs ${count} time(s); the model allows ${el.cardinality}`, expected: el.cardinality, actual: String(count) };
  }
}

/** A finding when a code is not in the model's code list (warning for lists the seed calls examples). */
export function* codeInList(list: CodeListName, value: string | undefined, path: string, what: string): Generator<RuleFinding> {
  if (value === undefined || inCodeList(list, value)) return;
  const cl = CODE_LISTS[list];
  yield {
    path,
    message: `${what} "${value}" is not in the ${cl.system} code list of the information model`,
    expected: cl.entries.length <= 12 ? cl.entries.map((c) => c.code).join(' | ') : `a code of ${cl.system}`,
    actual: value,
    ...(cl.extensible && { severity: 'warning' as const }),
  };
}
