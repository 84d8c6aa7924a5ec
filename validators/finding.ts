/**
 * One findings model for every validator family. A finding says which rule spoke, how bad it is,
 * which requirements (ids of the catalogue in requirements.ts) it bears on, where the rule comes
 * from in the standards (specRef), what was looked at (subject, path) and what was expected
 * against what was found.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable, dotted, e.g. "dicom.attribute.type1-missing". */
  readonly ruleId: string;
  readonly severity: Severity;
  /** Requirement ids (GEN-*, MET-*, REP-*, IM-*, UC-*, RISK-*) the finding bears on. */
  readonly requirements: readonly string[];
  /** Where the rule comes from, e.g. "DICOM PS3.3 C.7.1.1" or "IHE ITI TF-3 4.2.3.2.7". */
  readonly specRef: string;
  /** What was checked: a file name, a document uniqueId, "KOS 1.2.3", an evidence entry. */
  readonly subject: string;
  /** Where inside it: a DICOM tag path "(0040,A730)[0].(0008,1199)", an XPath-like path, a JSON pointer. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** A rule that threw: the harness broke, the subject was not judged by that rule. Never a pass. */
export interface HarnessError {
  readonly ruleId: string;
  readonly subject: string;
  readonly message: string;
  readonly stack?: string;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
