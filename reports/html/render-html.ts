import type { RunReport } from '../run-model.ts';

/** One self-contained HTML file (placeholder until the renderer lands). */
export function renderHtml(report: RunReport): string {
  void report;
  throw new Error('renderHtml: not built yet');
}
