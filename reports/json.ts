import type { RunReport } from './run-model.ts';

/** The run model as JSON, valid against run-report.schema.json (placeholder until the renderer lands). */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
