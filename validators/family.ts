/**
 * A validator family: the rules of one kind of artifact, listed explicitly (docs/validators.md and
 * `ixh requirements` read them from here), plus the entry point that turns raw input into the
 * family's subject and runs the rules. Each family folder exports one from its `index.ts`.
 */
import type { Rule, ValidationProfile } from './rule.ts';
import type { RuleRun } from './run-rules.ts';

export interface ValidateOptions {
  /** What findings name as their subject (a file name, a document id). */
  readonly subjectName: string;
  readonly profile?: ValidationProfile;
}

export interface ValidatorFamily<S> {
  /** e.g. "dicom", "manifest", "metadata", "report.cda", "report.fhir", "information-model", "consistency". */
  readonly name: string;
  /** One line for docs: what the family checks. */
  readonly description: string;
  /** Every rule of the family, in the order they run. */
  readonly rules: readonly Rule<S>[];
}

export type { Rule, RuleRun, ValidationProfile };
