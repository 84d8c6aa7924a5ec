import type { RunReport } from './run-model.ts';

/** A file of an Allure results directory: `<uuid>-result.json`, `<uuid>-attachment.<ext>`, … */
export interface AllureFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Allure results written natively (placeholder until the renderer lands). */
export function renderAllure(report: RunReport): AllureFile[] {
  void report;
  throw new Error('renderAllure: not built yet');
}
