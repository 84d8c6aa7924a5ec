/**
 * The vitest entry: every scenario of `scenarios/index.ts` and each of its variants as a test
 * (`describe(scenario.id)` → `it('main')`, `it(variant.id)`). The worlds they need are started once
 * for the file (runs whose world files are equal share one) and the verdict must be `pass`: for a
 * variant, that the harness detected the fault it plants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../simulators/evidence/recorder.ts';
import { MAIN_RUN, runIn } from './engine/run-scenario.ts';
import { createWorldPool, scenarioWorldFile, type WorldPool } from './engine/scenario-worlds.ts';
import { SCENARIOS } from './index.ts';
import type { ScenarioRun } from './scenario.ts';

const evidence = createEvidenceRecorder();
let pool: WorldPool;

beforeAll(async () => {
  pool = createWorldPool({ evidence });
  const files = SCENARIOS.flatMap((s) => [undefined, ...(s.variants ?? [])].map((v) => scenarioWorldFile(s, v)));
  await Promise.all(files.map((f) => pool.worldFor(f)));
}, 120_000);

afterAll(async () => {
  await pool?.stop();
  await evidence.close();
});

/** What went wrong, step by step, for the assertion message. */
function explain(run: ScenarioRun): string {
  const lines = [`${run.scenarioId}/${run.variant}: ${run.outcome}`];
  if (run.expectedFailure) lines.push(`  expected finding ${run.expectedFailure.ruleId}${run.expectedFailure.stepId ? ` in step ${run.expectedFailure.stepId}` : ''}: ${run.expectedFailure.detected ? 'detected' : 'NOT detected'}`);
  for (const step of run.steps.filter((s) => s.outcome === 'fail' || s.outcome === 'error')) {
    lines.push(`  step ${step.stepId} ${step.outcome} (${step.durationMs} ms)${step.error ? `: ${step.error}` : ''}`);
    for (const f of step.findings.filter((x) => x.severity === 'error')) lines.push(`    ${f.ruleId} [${f.requirements.join(', ')}] ${f.message}${f.actual !== undefined ? ` (actual ${f.actual})` : ''}`);
  }
  return lines.join('\n');
}

for (const scenario of SCENARIOS) {
  describe(scenario.id, () => {
    for (const variant of [undefined, ...(scenario.variants ?? [])]) {
      it(variant?.id ?? MAIN_RUN, async () => {
        const run = await runIn(pool, scenario, variant, { evidence });
        expect(run.outcome, explain(run)).toBe('pass');
      }, 60_000);
    }
  });
}
