/**
 * One Allure test per scenario run, as neutral data: name, labels, parameters, steps with their
 * status and the raw messages each step caused. Both Allure paths read it, so they cannot drift:
 * `renderAllure` (allure.ts) serialises it to result files for `ixh run --report DIR`, and the
 * vitest entry hands it to the allure runtime (allure-runtime.ts) for allure-vitest.
 *
 * It reads the run model only and decides nothing: a run's outcome becomes the Allure status
 * (pass → passed, fail → failed, error → broken, skip → skipped). A negative variant passes when
 * it detected its planted fault, so its failing step is shown `passed` with an "expected failure"
 * parameter and message, never as a red step inside a green test.
 */
import { createHash } from 'node:crypto';
import type { ScenarioRun, StepRun } from '../scenarios/scenario.ts';
import type { Finding } from '../validators/finding.ts';
import { REQUIREMENTS } from '../validators/requirements.ts';
import { findingMessage, MESSAGE_TEXT_LIMIT, runName, stepMessages, type ReportMessage, type RunReport, type ScenarioInfo } from './run-model.ts';

/** Messages attached per step; the rest stay in the evidence directory (a step can cause 1,000+). */
export const ALLURE_MESSAGES_PER_STEP = 20;
/** The vitest entry whose tests these are: allure-vitest names them `<project>:<file>#<describe> <it>`. */
export const VITEST_ENTRY = 'scenarios/scenarios.test.ts';
/** package.json's name, which allure-vitest puts before the file (a test pins the two together). */
export const ALLURE_PROJECT = 'imaging-exchange-harness';
/** How Allure sorts failures: the SUT broke a requirement, or the harness itself broke. */
export const ALLURE_CATEGORIES = [
  { name: 'SUT failures', matchedStatuses: ['failed'] },
  { name: 'Harness errors', matchedStatuses: ['broken'] },
] as const;

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped';

export interface AllureLabel {
  readonly name: string;
  readonly value: string;
}

export interface AllureParameter {
  readonly name: string;
  readonly value: string;
}

export interface AllureAttachmentBody {
  /** The evidence file name of the message (or "findings.json"). */
  readonly name: string;
  readonly contentType: 'text/xml' | 'application/json' | 'text/plain';
  /** Without the dot, e.g. "xml". */
  readonly fileExtension: string;
  readonly content: string;
}

export interface AllureStepDescription {
  readonly name: string;
  readonly status: AllureStatus;
  readonly message?: string;
  /** Epoch ms, from the step's recorded start and duration. */
  readonly start: number;
  readonly stop: number;
  readonly parameters: readonly AllureParameter[];
  readonly attachments: readonly AllureAttachmentBody[];
}

export interface AllureTestDescription {
  /** `scenario/variant`, shown as the test's name (a display name in the vitest path). */
  readonly name: string;
  /** As allure-vitest derives it for the vitest entry, so both paths name the same test. */
  readonly fullName: string;
  /** Project, entry file path and describe() names, as allure-vitest sets them. */
  readonly titlePath: readonly string[];
  readonly testCaseId: string;
  readonly historyId: string;
  /** describe() names; allure-vitest turns them into parentSuite/suite/subSuite labels itself. */
  readonly suitePath: readonly string[];
  /** Every label but the suite ones. */
  readonly labels: readonly AllureLabel[];
  readonly parameters: readonly AllureParameter[];
  /** Markdown. */
  readonly description: string;
  readonly status: AllureStatus;
  /** Why the test did not pass (absent when it passed). */
  readonly message?: string;
  readonly start: number;
  readonly stop: number;
  readonly steps: readonly AllureStepDescription[];
}

const STATUS: Readonly<Record<ScenarioRun['outcome'], AllureStatus>> = { pass: 'passed', fail: 'failed', error: 'broken', skip: 'skipped' };

/** The Allure test of one run of the report. */
export function allureTestOf(report: Pick<RunReport, 'scenarios' | 'messages' | 'startedAt'>, run: ScenarioRun): AllureTestDescription {
  const scenario = report.scenarios.find((s) => s.id === run.scenarioId);
  const id = md5(`ixh:${runName(run)}`);
  const start = epoch(run.startedAt) ?? epoch(report.startedAt) ?? 0;
  const steps = stepTimes(run, start).map(({ step, start: s }) => allureStep(report, run, step, s));
  return {
    name: runName(run),
    fullName: `${ALLURE_PROJECT}:${VITEST_ENTRY}#${run.scenarioId} ${run.variant}`,
    titlePath: [ALLURE_PROJECT, ...VITEST_ENTRY.split('/'), run.scenarioId],
    testCaseId: id,
    historyId: id,
    suitePath: [run.scenarioId],
    labels: labelsOf(scenario, run),
    parameters: [{ name: 'variant', value: run.variant }, ...(run.expectedFailure ? [{ name: 'expected failure', value: run.expectedFailure.ruleId }] : [])],
    description: descriptionOf(scenario, run),
    ...allureVerdict(run),
    start,
    stop: start + run.durationMs,
    steps,
  };
}

/** The test's Allure status, with what went wrong when it did not pass. */
export function allureVerdict(run: ScenarioRun): Pick<AllureTestDescription, 'status' | 'message'> {
  return { status: STATUS[run.outcome], ...(run.outcome !== 'pass' && { message: verdictMessage(run) }) };
}

/** What went wrong, step by step: the vitest assertion message and the Allure status message. */
export function verdictMessage(run: ScenarioRun): string {
  const lines = [`${runName(run)}: ${run.outcome}`];
  if (run.expectedFailure) lines.push(`  expected finding ${run.expectedFailure.ruleId}${run.expectedFailure.stepId ? ` in step ${run.expectedFailure.stepId}` : ''}: ${run.expectedFailure.detected ? 'detected' : 'NOT detected'}`);
  for (const step of run.steps.filter((s) => s.outcome === 'fail' || s.outcome === 'error')) {
    lines.push(`  step ${step.stepId} ${step.outcome} (${step.durationMs} ms)${step.error ? `: ${step.error}` : ''}`);
    for (const f of errorFindings(step)) lines.push(`    ${findingLine(f)}`);
  }
  return lines.join('\n');
}

function labelsOf(scenario: ScenarioInfo | undefined, run: ScenarioRun): AllureLabel[] {
  const useCase = REQUIREMENTS.find((r) => r.group === 'use-case' && /^UC-\d+$/.test(r.id) && run.requirements.includes(r.id));
  const requirements = unique([...run.requirements, ...run.steps.flatMap((s) => [...s.requirements, ...s.findings.flatMap((f) => f.requirements)])]);
  const variant = scenario?.variants.find((v) => v.id === run.variant);
  const label = (name: string, value: string): AllureLabel => ({ name, value });
  return [
    label('epic', useCase ? `${useCase.id} ${useCase.text}` : 'no use case'),
    label('feature', scenario ? `${scenario.id}: ${scenario.title}` : run.scenarioId),
    label('story', variant ? `${variant.id}: ${variant.title}` : run.variant),
    label('severity', scenario?.priority === 2 ? 'normal' : 'critical'),
    label('tag', run.expectedFailure ? 'negative' : 'positive'),
    ...(scenario ? [label('tag', `priority-${scenario.priority}`), label('tag', `treating-${scenario.treating}`)] : []),
    ...unique(scenario?.steps.flatMap((s) => s.transactions) ?? []).map((t) => label('tag', t)),
    ...requirements.map((r) => label('requirement', r)),
    ...unique(run.steps.map((s) => s.actor)).map((a) => label('actor', a)),
  ];
}

function descriptionOf(scenario: ScenarioInfo | undefined, run: ScenarioRun): string {
  const lines = [scenario ? `**${scenario.title}**` : `**${run.scenarioId}**`];
  const variant = scenario?.variants.find((v) => v.id === run.variant);
  if (variant) lines.push('', `Variant *${variant.title}*: passes only when the harness raises \`${variant.expectedRuleId}\`.`);
  if (run.expectedFailure) lines.push('', `Expected finding \`${run.expectedFailure.ruleId}\`${run.expectedFailure.stepId ? ` in step \`${run.expectedFailure.stepId}\`` : ''}: ${run.expectedFailure.detected ? 'detected' : '**not detected**'}.`);
  if (scenario) lines.push('', `World: ${scenario.countries.join(', ')}; treating country ${scenario.treating}.`);
  lines.push('', `At most ${ALLURE_MESSAGES_PER_STEP} messages are attached per step (those error and warning findings point to first, then the earliest); the evidence directory has them all.`);
  return lines.join('\n');
}

/** Skipped steps have no start: they sit at the end of the step before them. */
function stepTimes(run: ScenarioRun, runStart: number): { step: StepRun; start: number }[] {
  let previousStop = runStart;
  return run.steps.map((step) => {
    const start = epoch(step.startedAt) ?? previousStop;
    previousStop = start + step.durationMs;
    return { step, start };
  });
}

function allureStep(report: Pick<RunReport, 'messages'>, run: ScenarioRun, step: StepRun, start: number): AllureStepDescription {
  const expected = isExpectedFailure(run, step);
  const all = stepMessages(report, run, step);
  const attached = attachedMessages(report, run, step, all);
  const message = stepMessage(step, expected);
  return {
    name: `${step.stepId}: ${step.title}`,
    status: expected ? 'passed' : STATUS[step.outcome],
    ...(message !== undefined && { message }),
    start,
    stop: start + step.durationMs,
    parameters: stepParameters(run, step, all, attached, expected),
    attachments: [...attached.map(messageAttachment), ...(step.findings.length > 0 ? [findingsAttachment(step.findings)] : [])],
  };
}

/** As the engine decides a variant detected its fault: this step failed with the expected rule. */
function isExpectedFailure(run: ScenarioRun, step: StepRun): boolean {
  const expected = run.expectedFailure;
  if (!expected?.detected || step.outcome !== 'fail') return false;
  return (expected.stepId === undefined || expected.stepId === step.stepId) && step.findings.some((f) => f.ruleId === expected.ruleId);
}

function stepMessage(step: StepRun, expected: boolean): string | undefined {
  const findings = errorFindings(step).map(findingLine);
  if (expected) return ['expected failure detected:', ...findings].join('\n');
  if (step.outcome === 'error') return step.error ?? 'the harness broke in this step';
  if (step.outcome === 'fail') return findings.join('\n') || 'the step failed';
  if (step.outcome === 'skip') return 'not run: an earlier step did not pass';
  return undefined;
}

function stepParameters(run: ScenarioRun, step: StepRun, all: readonly ReportMessage[], attached: readonly ReportMessage[], expected: boolean): AllureParameter[] {
  const param = (name: string, value: string): AllureParameter => ({ name, value });
  const cut = attached.filter((m) => m.truncated).length;
  return [
    param('actor', step.actor),
    param('duration', `${step.durationMs} ms${step.budgetMs !== undefined ? ` (budget ${step.budgetMs} ms)` : ''}`),
    param('bytes', `${step.bytes}`),
    ...(all.length > 0 ? [param('messages', `${attached.length} of ${all.length} attached${cut > 0 ? `, ${cut} cut at ${MESSAGE_TEXT_LIMIT} bytes` : ''}`)] : []),
    ...(expected && run.expectedFailure ? [param('expected failure', run.expectedFailure.ruleId)] : []),
    ...step.notes.map((n) => param('note', n)),
  ];
}

/** The messages error and warning findings point to, then the earliest, up to the limit; in the order they crossed the wire. */
function attachedMessages(report: Pick<RunReport, 'messages'>, run: ScenarioRun, step: StepRun, all: readonly ReportMessage[]): ReportMessage[] {
  if (all.length <= ALLURE_MESSAGES_PER_STEP) return [...all];
  const chosen = new Set<ReportMessage>();
  for (const finding of step.findings.filter((f) => f.severity !== 'info')) {
    const m = findingMessage(report, run, step, finding);
    if (m && chosen.size < ALLURE_MESSAGES_PER_STEP) chosen.add(m);
  }
  for (const m of all) {
    if (chosen.size >= ALLURE_MESSAGES_PER_STEP) break;
    chosen.add(m);
  }
  return all.filter((m) => chosen.has(m));
}

function messageAttachment(m: ReportMessage): AllureAttachmentBody {
  if (m.text !== undefined) {
    const ext = m.file.split('.').pop() ?? 'txt';
    const contentType = ext === 'xml' ? 'text/xml' : ext === 'json' ? 'application/json' : 'text/plain';
    return { name: m.file, contentType, fileExtension: ext === 'xml' || ext === 'json' ? ext : 'txt', content: m.text };
  }
  // A binary body (DICOM) is not in the run model: say where it is and how big it was.
  const stub = { file: m.file, bytes: m.bytes, transaction: m.transaction, direction: m.direction, actor: m.actor, peer: m.peer, body: 'binary; in the evidence directory under this file name' };
  return { name: m.file, contentType: 'application/json', fileExtension: 'json', content: JSON.stringify(stub, null, 2) };
}

function findingsAttachment(findings: readonly Finding[]): AllureAttachmentBody {
  return { name: 'findings.json', contentType: 'application/json', fileExtension: 'json', content: JSON.stringify(findings, null, 2) };
}

function errorFindings(step: StepRun): Finding[] {
  return step.findings.filter((f) => f.severity === 'error');
}

function findingLine(f: Finding): string {
  return `${f.ruleId} [${f.requirements.join(', ')}] ${f.message}${f.expected !== undefined ? ` (expected ${f.expected})` : ''}${f.actual !== undefined ? ` (actual ${f.actual})` : ''}`;
}

function epoch(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
