/**
 * The consistency family (MET-07, MET-02, MET-05): one study's instances, manifest, reports and
 * document metadata must say the same identifiers, references, codes and dates. Each mismatch is
 * one finding naming both places (`manifest:(0020,000D) ≠ instance 1.2.3:(0020,000D)`).
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import type { Rule } from '../rule.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import type { StudyArtifacts } from './artifacts.ts';
import { codeRules } from './codes.rule.ts';
import { dateRules } from './dates.rule.ts';
import { identifierRules } from './identifiers.rule.ts';
import { referenceRules } from './references.rule.ts';

export type { StudyArtifacts };

export const consistencyRules: readonly Rule<StudyArtifacts>[] = [...identifierRules, ...referenceRules, ...codeRules, ...dateRules];

export const consistencyFamily: ValidatorFamily<StudyArtifacts> = {
  name: 'consistency',
  description: 'Identifiers, references, codes and dates agree across the instances, manifest, reports and document metadata of one study',
  rules: consistencyRules,
};

export function validateConsistency(artifacts: StudyArtifacts, options: ValidateOptions): RuleRun {
  return runRules(consistencyFamily.rules, artifacts, options);
}
