/**
 * A validator rule: a pure function from a subject (a parsed DICOM data set, a KOS manifest, a
 * DocumentEntry, a report…) to what is wrong with it. Rules never talk to the network and never
 * throw on bad input: a malformed subject is a finding. A rule that throws anyway is a harness
 * error (run-rules.ts), never a pass.
 */
import type { Severity } from './finding.ts';

/**
 * Which rule sets run: `base` is the base standards alone (DICOM, CDA, FHIR, ebRS) and always
 * runs; the others add what an exchange profile requires on top.
 */
export type ValidationProfile = 'base' | 'xca-i' | 'ehdsi-orcd' | 'mado';
export const VALIDATION_PROFILES: readonly ValidationProfile[] = ['base', 'xca-i', 'ehdsi-orcd', 'mado'];

/** What a rule reports; the runner adds the rule's id, requirements, specRef and the subject. */
export interface RuleFinding {
  readonly path: string;
  readonly message: string;
  /** The rule's default severity when absent. */
  readonly severity?: Severity;
  readonly expected?: string;
  readonly actual?: string;
  /** More specific than the rule's own (e.g. the module of the attribute). */
  readonly specRef?: string;
  /** Extra requirement ids for this finding, besides the rule's. */
  readonly requirements?: readonly string[];
}

export interface Rule<S> {
  /** Stable and dotted: "<family>.<area>.<what>". */
  readonly id: string;
  /** One line saying what the rule demands, for docs/validators.md and `ixh requirements`. */
  readonly title: string;
  readonly severity: Severity;
  readonly requirements: readonly string[];
  readonly specRef: string;
  /** Profiles that add this rule; absent = base (runs under every profile). */
  readonly profiles?: readonly Exclude<ValidationProfile, 'base'>[];
  check(subject: S): Iterable<RuleFinding>;
}

/** Whether `rule` runs under `profile`. */
export function ruleApplies(rule: Pick<Rule<unknown>, 'profiles'>, profile: ValidationProfile): boolean {
  return rule.profiles === undefined || (profile !== 'base' && rule.profiles.includes(profile));
}
