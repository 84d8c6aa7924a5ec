/**
 * dose-report's content-fault variants publish into the source country after the world starts, so
 * each must have a world of its own. (The runs themselves are in scenarios.test.ts, the vitest
 * entry for every scenario and variant.)
 */
import { expect, it } from 'vitest';
import { scenarioWorldFile, stableJson } from './engine/scenario-worlds.ts';
import { doseReport } from './dose-report.scenario.ts';

it('runs each content fault on a world of its own (a fault published into a shared world would leak)', () => {
  const files = [undefined, ...(doseReport.variants ?? [])].map((v) => stableJson(scenarioWorldFile(doseReport, v)));
  expect(files.length).toBeGreaterThan(1);
  expect(new Set(files).size).toBe(files.length);
});
