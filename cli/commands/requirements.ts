/**
 * `ixh requirements [--json]`: the requirements catalogue with, per id, the validator rules that
 * cover it (from validators/families.ts) and the scenario steps that do (every step of every
 * scenario in scenarios/index.ts, with the scenario's own ids), flagging uncovered ids.
 */
import { allFamilies, allRules, type FamilyListing } from '../../validators/families.ts';
import { REQUIREMENTS, unknownRequirementIds, type Requirement } from '../../validators/requirements.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { parseOptions, type Command } from '../command.ts';

/** Anything else that claims requirements: a scenario step, later a peer test. */
export interface CoverageSource {
  readonly id: string;
  readonly requirements: readonly string[];
}

/** Every scenario step (`<scenario>/<step>`), claiming its own ids and its scenario's. */
export const SCENARIO_STEP_SOURCES: readonly CoverageSource[] = SCENARIOS.flatMap((scenario) =>
  scenario.steps.map((step) => ({ id: `${scenario.id}/${step.id}`, requirements: [...new Set([...scenario.requirements, ...step.requirements])] })),
);

export interface RequirementCoverage {
  readonly id: string;
  readonly group: Requirement['group'];
  readonly text: string;
  readonly rules: readonly string[];
  readonly steps: readonly string[];
  readonly covered: boolean;
}

export interface CoverageReport {
  readonly requirements: readonly RequirementCoverage[];
  readonly uncovered: readonly string[];
  /** Ids named by a rule or step that the catalogue does not know: a typo must not pass silently. */
  readonly unknown: readonly { readonly source: string; readonly ids: readonly string[] }[];
}

export function requirementsCoverage(families: readonly FamilyListing[] = allFamilies, steps: readonly CoverageSource[] = SCENARIO_STEP_SOURCES): CoverageReport {
  // A rule shared by two families (the report content rules) counts once.
  const rules = [...new Map(allRules(families).map(({ rule }) => [rule.id, { id: rule.id, requirements: rule.requirements }])).values()];
  const claimedBy = (sources: readonly CoverageSource[], id: string) => sources.filter((s) => s.requirements.includes(id)).map((s) => s.id);
  const requirements = REQUIREMENTS.map((req) => {
    const byRules = claimedBy(rules, req.id);
    const bySteps = claimedBy(steps, req.id);
    return { id: req.id, group: req.group, text: req.text, rules: byRules, steps: bySteps, covered: byRules.length + bySteps.length > 0 };
  });
  const unknown = [...rules, ...steps].map((s) => ({ source: s.id, ids: unknownRequirementIds(s.requirements) })).filter((u) => u.ids.length > 0);
  return { requirements, uncovered: requirements.filter((r) => !r.covered).map((r) => r.id), unknown };
}

export function renderCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  let group: string | undefined;
  for (const r of report.requirements) {
    if (r.group !== group) {
      group = r.group;
      lines.push('', `== ${group} ==`);
    }
    lines.push(`${r.id}${r.covered ? '' : '  UNCOVERED'}  ${r.text}`);
    lines.push(`    rules: ${r.rules.length ? r.rules.join(', ') : '—'}`);
    lines.push(`    scenario steps: ${r.steps.length ? r.steps.join(', ') : '—'}`);
  }
  for (const u of report.unknown) lines.push(`UNKNOWN requirement ids in ${u.source}: ${u.ids.join(', ')}`);
  const total = report.requirements.length;
  lines.push('', `${total - report.uncovered.length}/${total} requirements covered; uncovered: ${report.uncovered.length ? report.uncovered.join(', ') : 'none'}`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

export const requirementsCommand: Command = async (argv) => {
  const { values } = parseOptions(argv, { json: { type: 'boolean' } });
  const report = requirementsCoverage();
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderCoverage(report));
  return 0;
};
