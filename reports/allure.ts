/**
 * Allure 2 results written natively (`ixh run --report DIR` → DIR/allure-results): one
 * `<uuid>-result.json` per scenario run, `<uuid>-attachment.<ext>` per attached message, and
 * `categories.json`, `environment.properties`, `executor.json`. The tests are the ones the vitest
 * entry reports through allure-vitest (same description, allure-model.ts); the result shape is
 * allure-js-commons' `TestResult` as its ReporterRuntime writes it.
 *
 * Pure: every uuid is derived from the report (its start time and the run's name), every time
 * from the recorded ones, so the same report gives the same files.
 */
import type { Attachment, StepResult, TestResult } from 'allure-js-commons';
import { ALLURE_CATEGORIES, allureTestOf, md5, type AllureLabel, type AllureStepDescription, type AllureTestDescription } from './allure-model.ts';
import { runName, type RunReport } from './run-model.ts';

/** A file of an Allure results directory: `<uuid>-result.json`, `<uuid>-attachment.<ext>`, … */
export interface AllureFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

export function renderAllure(report: RunReport): AllureFile[] {
  const files: AllureFile[] = [];
  for (const run of report.runs) {
    const uuid = uuidFrom(`${report.startedAt}|${runName(run)}`);
    const test = allureTestOf(report, run);
    const attachments: AllureFile[] = [];
    const result = testResult(uuid, test, (source, content) => attachments.push({ name: source, content }));
    files.push({ name: `${uuid}-result.json`, content: JSON.stringify(result, null, 2) }, ...attachments);
  }
  files.push(
    { name: 'categories.json', content: JSON.stringify(ALLURE_CATEGORIES, null, 2) },
    { name: 'environment.properties', content: environmentProperties(report) },
    { name: 'executor.json', content: JSON.stringify({ name: report.tool.name, type: report.tool.name, buildName: `${report.tool.name} ${report.tool.version} run ${report.startedAt}` }, null, 2) },
  );
  return files;
}

/** allure-vitest's labels from describe(): parentSuite, suite, then subSuite joined by " > ". */
export function suiteLabels(path: readonly string[]): AllureLabel[] {
  const [parentSuite, suite, ...sub] = path;
  return [
    ...(parentSuite ? [{ name: 'parentSuite', value: parentSuite }] : []),
    ...(suite ? [{ name: 'suite', value: suite }] : []),
    ...(sub.length > 0 ? [{ name: 'subSuite', value: sub.join(' > ') }] : []),
  ];
}

type WriteAttachment = (source: string, content: string) => void;
/** allure-js-commons' types with its string enums (Status, Stage) as the strings they serialise to. */
type Plain<T> = T extends string ? `${T}` : T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

function testResult(uuid: string, test: AllureTestDescription, write: WriteAttachment): Plain<TestResult> {
  return {
    uuid,
    historyId: test.historyId,
    testCaseId: test.testCaseId,
    name: test.name,
    fullName: test.fullName,
    titlePath: [...test.titlePath],
    status: test.status,
    statusDetails: test.message !== undefined ? { message: test.message } : {},
    stage: 'finished',
    description: test.description,
    start: test.start,
    stop: test.stop,
    labels: [{ name: 'framework', value: 'ixh' }, { name: 'language', value: 'javascript' }, ...suiteLabels(test.suitePath), ...test.labels], // allure-vitest's order
    links: [],
    parameters: test.parameters.map((p) => ({ ...p })),
    steps: test.steps.map((step, i) => stepResult(`${uuid}/${i}`, step, write)),
    attachments: [],
  };
}

function stepResult(key: string, step: AllureStepDescription, write: WriteAttachment): Plain<StepResult> {
  const attachments: Plain<Attachment>[] = step.attachments.map((a, i) => {
    const source = `${uuidFrom(`${key}/${i}/${a.name}`)}-attachment.${a.fileExtension}`;
    write(source, a.content);
    return { name: a.name, source, type: a.contentType };
  });
  return {
    name: step.name,
    status: step.status,
    statusDetails: step.message !== undefined ? { message: step.message } : {},
    stage: 'finished',
    start: step.start,
    stop: step.stop,
    parameters: step.parameters.map((p) => ({ ...p })),
    steps: [],
    attachments,
  };
}

function environmentProperties(report: RunReport): string {
  const entries: [string, string][] = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['profile', report.profile],
    ...(report.seed !== undefined ? [['seed', `${report.seed}`] as [string, string]] : []),
    ['startedAt', report.startedAt],
    ['finishedAt', report.finishedAt],
  ];
  // Java properties: escape the characters that would end or split a key or a value.
  const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/([=:#!])/g, '\\$1');
  return entries.map(([k, v]) => `${escape(k)}=${escape(v)}`).join('\n') + '\n';
}

/** A v4-shaped uuid from a digest, so the same input names the same files. */
function uuidFrom(text: string): string {
  const h = md5(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
