import type { RunReport } from './run-model.ts';

/** JUnit XML: one testcase per step (placeholder until the renderer lands). */
export function renderJunit(report: RunReport): string {
  void report;
  throw new Error('renderJunit: not built yet');
}
