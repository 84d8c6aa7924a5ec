/**
 * Runs a family's rules over one subject. Each rule is isolated: one that throws becomes a
 * harness error naming it, and the others still run. Findings come out in rule order.
 */
import type { Finding, HarnessError } from './finding.ts';
import { ruleApplies, type Rule, type ValidationProfile } from './rule.ts';

export interface RuleRun {
  readonly findings: readonly Finding[];
  readonly harnessErrors: readonly HarnessError[];
  /** Ids of the rules that ran to completion (a report can say what was checked, not only what failed). */
  readonly rulesRun: readonly string[];
}

export function runRules<S>(rules: readonly Rule<S>[], subject: S, options: { readonly subjectName: string; readonly profile?: ValidationProfile }): RuleRun {
  const profile = options.profile ?? 'base';
  const findings: Finding[] = [];
  const harnessErrors: HarnessError[] = [];
  const rulesRun: string[] = [];
  for (const rule of rules) {
    if (!ruleApplies(rule, profile)) continue;
    let produced: Finding[];
    try {
      produced = [...rule.check(subject)].map((f) => ({
        ruleId: rule.id,
        severity: f.severity ?? rule.severity,
        requirements: f.requirements ? [...new Set([...rule.requirements, ...f.requirements])] : rule.requirements,
        specRef: f.specRef ?? rule.specRef,
        subject: options.subjectName,
        path: f.path,
        message: f.message,
        ...(f.expected !== undefined && { expected: f.expected }),
        ...(f.actual !== undefined && { actual: f.actual }),
      }));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      harnessErrors.push({ ruleId: rule.id, subject: options.subjectName, message: e.message, ...(e.stack && { stack: e.stack }) });
      continue;
    }
    findings.push(...produced);
    rulesRun.push(rule.id);
  }
  return { findings, harnessErrors, rulesRun };
}

/** Joins the runs of several families or subjects into one. */
export function mergeRuns(runs: readonly RuleRun[]): RuleRun {
  return {
    findings: runs.flatMap((r) => r.findings),
    harnessErrors: runs.flatMap((r) => r.harnessErrors),
    rulesRun: [...new Set(runs.flatMap((r) => r.rulesRun))],
  };
}
