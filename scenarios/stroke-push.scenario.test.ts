/**
 * stroke-push on its own: the main run passes over the mobile uplink, and each negative variant
 * fails with the finding it plants (the full suite is scenarios.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { runScenarios } from './engine/run-scenario.ts';
import { strokePush } from './stroke-push.scenario.ts';
import { wholeStudyBudgetMs } from './steps/push-study.ts';

describe('stroke-push', () => {
  it('pushes the CT within its SLA and detects the slow link and the aborted transfer', async () => {
    const runs = await runScenarios([strokePush]);
    const verdicts = Object.fromEntries(runs.map((r) => [r.variant, r.outcome]));
    expect(verdicts).toEqual({ main: 'pass', 'slow-link': 'pass', 'aborted-mid-transfer': 'pass' });
    const main = runs.find((r) => r.variant === 'main')!;
    expect(main.steps.map((s) => s.stepId)).toEqual(['first-image', 'whole-study', 'arrival-notice']);
    const slow = runs.find((r) => r.variant === 'slow-link')!;
    expect(slow.steps.find((s) => s.stepId === 'whole-study')!.findings.map((f) => f.ruleId)).toContain('scenario.sla.budget');
  }, 120_000);

  it('budgets the whole study at 1.5 × the mobile uplink\'s physical time plus 2 s', () => {
    // 2.5 MB at 20 Mbit/s = 1000 ms, plus 2 round trips of 40 ms.
    expect(wholeStudyBudgetMs(2_500_000)).toBe(Math.round(1080 * 1.5 + 2000));
  });
});
