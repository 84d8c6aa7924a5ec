/**
 * `ixh run --report DIR`: every rendering of one run model into DIR — `junit.xml`,
 * `allure-results/`, `report.json` and `report.html`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAllure } from './allure.ts';
import { renderHtml } from './html/render-html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import type { RunReport } from './run-model.ts';

export const REPORT_FILES = { junit: 'junit.xml', allure: 'allure-results', json: 'report.json', html: 'report.html' } as const;

export async function writeReports(dir: string, report: RunReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, REPORT_FILES.json), renderJson(report));
  await writeFile(join(dir, REPORT_FILES.junit), renderJunit(report));
  const allureDir = join(dir, REPORT_FILES.allure);
  // Allure reads every file in its directory: results of an earlier run there would be merged in.
  await rm(allureDir, { recursive: true, force: true });
  await mkdir(allureDir, { recursive: true });
  for (const file of renderAllure(report)) await writeFile(join(allureDir, file.name), file.content);
  await writeFile(join(dir, REPORT_FILES.html), renderHtml(report));
}
