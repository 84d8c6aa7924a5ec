/**
 * The vitest entry: every scenario of `scenarios/index.ts` and each of its variants as a test
 * (`describe(scenario.id)` → `it('main')`, `it(variant.id)`). The worlds they need are started once
 * for the file (runs whose world files are equal share one) and the verdict must be `pass`: for a
 * variant, that the harness detected the fault it plants.
 *
 * Under CI allure-vitest reports each test; it then gets the Allure description `ixh run --report`
 * writes natively (reports/allure-model.ts): labels, one step per scenario step with its status,
 * and the step's raw messages attached. Without an allure runtime nothing is built or sent.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { allureTestOf, allureVerdict } from '../reports/allure-model.ts';
import { activeAllureRuntime, sendAllureTest, verdictError } from '../reports/allure-runtime.ts';
import { buildRunReport } from '../reports/run-model.ts';
import { createEvidenceRecorder } from '../simulators/evidence/recorder.ts';
import { DEFAULT_PROFILE } from '../simulators/world/world-defaults.ts';
import { MAIN_RUN, runIn } from './engine/run-scenario.ts';
import { createWorldPool, scenarioWorldFile, type WorldPool } from './engine/scenario-worlds.ts';
import { SCENARIOS } from './index.ts';
import type { ScenarioDefinition, ScenarioRun, Variant } from './scenario.ts';

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

/** The run as the native Allure results show it, sent to allure-vitest when it is listening. */
async function reportToAllure(scenario: ScenarioDefinition, variant: Variant | undefined, run: ScenarioRun, startedAt: Date): Promise<void> {
  const runtime = activeAllureRuntime();
  if (!runtime) return;
  const profile = scenarioWorldFile(scenario, variant).profile ?? DEFAULT_PROFILE;
  const report = await buildRunReport({ definitions: [scenario], runs: [run], evidence, profile, startedAt, finishedAt: new Date(), toolVersion: 'vitest' });
  await sendAllureTest(allureTestOf(report, run), runtime);
}

for (const scenario of SCENARIOS) {
  describe(scenario.id, () => {
    for (const variant of [undefined, ...(scenario.variants ?? [])]) {
      it(variant?.id ?? MAIN_RUN, async (ctx) => {
        const startedAt = new Date();
        const run = await runIn(pool, scenario, variant, { evidence });
        await reportToAllure(scenario, variant, run, startedAt);
        if (run.outcome === 'skip') ctx.skip();
        // fail → an assertion error (Allure: failed), error → a harness error (Allure: broken), as `ixh run` reports them
        const error = verdictError(allureVerdict(run));
        if (error) throw error; // (no expect() on a pass: allure-vitest would show it as an extra step)
      }, 60_000);
    }
  });
}
