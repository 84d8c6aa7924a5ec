/**
 * Every scenario, in the order `ixh run --all` and the vitest entry run them. A new scenario is a
 * new `<id>.scenario.ts` file plus one line here (no globbing, no discovery).
 */
import { acuteSpine } from './acute-spine.scenario.ts';
import { doseReport } from './dose-report.scenario.ts';
import { holidayReport } from './holiday-report.scenario.ts';
import { ichBreakTheGlass } from './ich-break-the-glass.scenario.ts';
import { mdtBreast } from './mdt-breast.scenario.ts';
import { msAttack } from './ms-attack.scenario.ts';
import { strokePush } from './stroke-push.scenario.ts';
import type { ScenarioDefinition } from './scenario.ts';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  msAttack,
  acuteSpine,
  holidayReport,
  ichBreakTheGlass,
  mdtBreast,
  doseReport,
  strokePush,
];

export function scenarioById(id: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
