/**
 * The vitest path against the native one: the runtime messages the vitest entry sends are played
 * into allure-js-commons' own ReporterRuntime (what allure-vitest runs), and the test it writes
 * must equal the one `renderAllure` writes, but for what vitest itself adds (uuid, times of the
 * test, framework labels) and the attachment file names.
 */
import { getStatusFromError } from 'allure-js-commons/sdk';
import { getProjectName, InMemoryWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { MessageHolderTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { TestResult, StepResult } from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import { ALLURE_PROJECT, allureTestOf, allureVerdict } from './allure-model.ts';
import { activeAllureRuntime, allureRuntimeMessages, sendAllureTest, verdictError } from './allure-runtime.ts';
import { demoReport } from './allure-test-fixture.ts';
import { renderAllure, suiteLabels } from './allure.ts';

const report = demoReport();

/** What allure-vitest's reporter does with a finished task: start, apply the test's messages, stop, write. */
async function throughAllureVitest(index: number): Promise<{ result: TestResult; attachments: Record<string, Buffer> }> {
  const run = report.runs[index]!;
  const test = allureTestOf(report, run);
  const holder = new MessageHolderTestRuntime();
  await sendAllureTest(test, holder);
  const writer = new InMemoryWriter();
  const runtime = new ReporterRuntime({ writer });
  const uuid = runtime.startTest({ name: run.variant, start: test.start });
  runtime.updateTest(uuid, (r) => {
    r.fullName = test.fullName;
    r.titlePath = [...test.titlePath];
    r.labels.push({ name: 'framework', value: 'vitest' }, ...suiteLabels([run.scenarioId]));
  });
  runtime.applyRuntimeMessages(uuid, holder.messages());
  runtime.updateTest(uuid, (r) => { r.status = test.status as TestResult['status']; r.stage = 'finished' as TestResult['stage']; });
  runtime.stopTest(uuid, { stop: test.stop });
  runtime.writeTest(uuid);
  return { result: writer.tests[0]!, attachments: writer.attachments as Record<string, Buffer> };
}

function native(index: number): { result: TestResult; content: (source: string) => string } {
  const files = renderAllure(report);
  const run = report.runs[index]!;
  const result = files.filter((f) => f.name.endsWith('-result.json')).map((f) => JSON.parse(f.content as string) as TestResult).find((r) => r.name === `${run.scenarioId}/${run.variant}`)!;
  return { result, content: (source) => files.find((f) => f.name === source)!.content as string };
}

const comparable = (r: TestResult) => ({
  name: r.name, fullName: r.fullName, titlePath: r.titlePath, testCaseId: r.testCaseId, historyId: r.historyId, description: r.description,
  parameters: r.parameters, labels: r.labels.filter((l) => l.name !== 'framework' && l.name !== 'language'),
});
const comparableStep = (s: StepResult, content: (source: string) => string) => ({
  name: s.name, status: s.status, statusDetails: s.statusDetails, start: s.start, stop: s.stop, parameters: s.parameters.map(({ name, value }) => ({ name, value })), steps: s.steps,
  attachments: s.attachments.map((a) => ({ name: a.name, type: a.type, ext: a.source.split('.').pop(), content: content(a.source) })),
});

describe('the vitest path to Allure', () => {
  report.runs.forEach((run, index) => {
    it(`writes the same test, steps and attachments as renderAllure for ${run.scenarioId}/${run.variant}`, async () => {
      const vitest = await throughAllureVitest(index);
      const ixh = native(index);
      expect(comparable(vitest.result)).toEqual(comparable(ixh.result));
      const fromVitest = (source: string): string => vitest.attachments[source]!.toString('utf8');
      expect(vitest.result.steps.map((s) => comparableStep(s, fromVitest))).toEqual(ixh.result.steps.map((s) => comparableStep(s, ixh.content)));
    });
  });

  it('fails the vitest test so that Allure files it as the native path does', () => {
    for (const run of report.runs) {
      const verdict = allureVerdict(run);
      const error = verdictError(verdict);
      if (verdict.status === 'failed' || verdict.status === 'broken') expect(getStatusFromError(error!)).toBe(verdict.status);
      else expect(error).toBeUndefined();
    }
  });

  it('sends the metadata first, then each step with its attachments between start and stop', () => {
    const messages = allureRuntimeMessages(allureTestOf(report, report.runs[0]!));
    expect(messages.map((m) => m.type)).toEqual(['metadata', 'step_start', 'step_metadata', 'attachment_content', 'attachment_content', 'step_stop', 'step_start', 'step_metadata', ...Array<string>(21).fill('attachment_content'), 'step_stop']);
  });

  it('names tests with the project name allure-vitest reads from package.json', () => {
    expect(getProjectName()).toBe(ALLURE_PROJECT);
  });

  it('finds no allure runtime outside CI, so the entry builds and sends nothing', () => {
    if (process.env.CI) return; // allure-vitest installs its runtime under CI
    expect(activeAllureRuntime()).toBeUndefined();
  });
});
