/**
 * junit.xml: the run model as CI systems read test results (Jenkins, GitLab, GitHub actions'
 * test reporters). One `<testsuite>` per run (`scenario/variant`), one `<testcase>` per step.
 *
 * CI turns red on `<failure>` and `<error>`, so these must mean what the run's verdict means:
 * - a main run: step outcomes map one to one (fail → failure, error → error, skip → skipped);
 * - a negative variant plants a fault, so its failing steps are what the harness was meant to see.
 *   When the verdict is pass they render as passed testcases saying "expected failure detected";
 *   each variant also carries a testcase "expected failure <ruleId>" that fails when the fault
 *   went unnoticed (the harness's own miss, which must turn CI red).
 * So the suite has failures or errors exactly when the run's verdict is not pass.
 */
import { el, serializeXml, type XmlOut } from '../simulators/soap/xml-write.ts';
import type { ScenarioRun, StepRun } from '../scenarios/scenario.ts';
import type { Finding } from '../validators/finding.ts';
import { runName, type RunReport, type ScenarioInfo } from './run-model.ts';

/** `type` of an `<error>`: the harness broke, not the system under test. */
export const HARNESS_ERROR_TYPE = 'ixh.harness-error';
/** `type` of a `<failure>` for a failed step that carries no error finding (should not happen; kept visible). */
export const STEP_FAILED_TYPE = 'ixh.step.failed';
export const EXPECTED_FAILURE_CASE = 'expected failure';

type Verdict = 'passed' | 'failure' | 'error' | 'skipped';

interface TestCase {
  readonly xml: XmlOut;
  readonly verdict: Verdict;
}

export function renderJunit(report: RunReport): string {
  const suites = report.runs.map((run) => testSuite(run, report.scenarios.find((s) => s.id === run.scenarioId)));
  const total = (attr: 'tests' | 'failures' | 'errors' | 'skipped'): number => suites.reduce((n, s) => n + Number(s.attrs?.[attr] ?? 0), 0);
  const root = el(
    'testsuites',
    { name: 'ixh', tests: total('tests'), failures: total('failures'), errors: total('errors'), skipped: total('skipped'), time: seconds(report.durationMs), timestamp: junitTime(report.startedAt) },
    suites,
  );
  return `${withoutLoneSurrogates(serializeXml(root, { declaration: true }))}\n`;
}

/**
 * serializeXml drops the control characters XML 1.0 forbids; half a surrogate pair (a finding
 * quoting a cut UTF-16 string) is forbidden too and would not even encode as UTF-8.
 */
function withoutLoneSurrogates(xml: string): string {
  return xml.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

function testSuite(run: ScenarioRun, scenario: ScenarioInfo | undefined): XmlOut {
  const cases = [...run.steps.map((step) => testCase(run, step)), ...expectedFailureCase(run)];
  const count = (v: Verdict): number => cases.filter((c) => c.verdict === v).length;
  const variant = scenario?.variants.find((v) => v.id === run.variant);
  return el(
    'testsuite',
    {
      name: runName(run),
      tests: cases.length,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped'),
      time: seconds(run.durationMs),
      timestamp: run.startedAt === undefined ? undefined : junitTime(run.startedAt),
    },
    el(
      'properties',
      undefined,
      property('title', scenario?.title ?? run.scenarioId),
      variant && property('variant', variant.title),
      property('verdict', run.outcome),
      run.expectedFailure && property('expected-failure', `${run.expectedFailure.ruleId}${run.expectedFailure.stepId ? ` in step ${run.expectedFailure.stepId}` : ''}: ${run.expectedFailure.detected ? 'detected' : 'NOT detected'}`),
      run.requirements.map((id) => property('requirement', id)),
    ),
    cases.map((c) => c.xml),
  );
}

function testCase(run: ScenarioRun, step: StepRun): TestCase {
  const attrs = { classname: className(run), name: `${step.stepId} - ${step.title}`, time: seconds(step.durationMs) };
  const properties = requirementProperties([...step.requirements, ...step.findings.flatMap((f) => f.requirements)]);
  const out = systemOut(step);
  const negative = run.expectedFailure !== undefined;
  switch (step.outcome) {
    case 'pass':
      return { verdict: 'passed', xml: el('testcase', attrs, properties, out) };
    case 'skip':
      return { verdict: 'skipped', xml: el('testcase', attrs, properties, el('skipped', { message: 'not run: an earlier step of this run did not pass' }), out) };
    case 'error':
      return { verdict: 'error', xml: el('testcase', attrs, properties, el('error', { message: firstLine(step.error ?? 'the harness broke'), type: HARNESS_ERROR_TYPE }, step.error ?? ''), out) };
    case 'fail': {
      const errors = step.findings.filter((f) => f.severity === 'error');
      if (negative && run.outcome === 'pass') {
        const detected = `expected failure detected: ${run.expectedFailure!.ruleId}`;
        return { verdict: 'passed', xml: el('testcase', attrs, properties, el('system-out', undefined, [detected, ...errors.map(describeFinding), ...outLines(step)].join('\n\n'))) };
      }
      const first = errors[0];
      const failure = el('failure', { message: first ? failureMessage(errors) : 'the step failed without an error finding', type: first?.ruleId ?? STEP_FAILED_TYPE }, errors.map(describeFinding).join('\n\n'));
      return { verdict: 'failure', xml: el('testcase', attrs, properties, failure, out) };
    }
  }
}

/** A negative variant's own verdict as a testcase: did the harness raise the planted fault's finding? */
function expectedFailureCase(run: ScenarioRun): TestCase[] {
  const expected = run.expectedFailure;
  if (!expected) return [];
  const attrs = { classname: className(run), name: `${EXPECTED_FAILURE_CASE} ${expected.ruleId}`, time: seconds(0) };
  const where = expected.stepId ? ` in step ${expected.stepId}` : '';
  if (run.outcome === 'pass') {
    return [{ verdict: 'passed', xml: el('testcase', attrs, el('system-out', undefined, `expected failure detected: ${expected.ruleId}${where}`)) }];
  }
  if (run.outcome !== 'fail') {
    return [{ verdict: 'skipped', xml: el('testcase', attrs, el('skipped', { message: `not judged: the run ended in ${run.outcome === 'error' ? 'a harness error' : run.outcome}` })) }];
  }
  const raised = [...new Set(run.steps.flatMap((s) => s.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)))];
  const text = `the planted fault should have raised ${expected.ruleId}${where}; raised instead: ${raised.length ? raised.join(', ') : 'nothing'}`;
  const message = expected.detected ? `verdict fail although ${expected.ruleId} was detected` : `expected failure NOT detected: ${expected.ruleId}`;
  return [{ verdict: 'failure', xml: el('testcase', attrs, el('failure', { message, type: expected.ruleId }, text)) }];
}

/** Every error finding of a step, one block each: what, which requirements, where, expected/actual. */
export function describeFinding(f: Finding): string {
  return [
    `${f.ruleId} [${f.requirements.join(', ')}]${f.specRef ? ` (${f.specRef})` : ''}`,
    `  ${f.message}`,
    `  subject: ${f.subject}${f.path ? `  path: ${f.path}` : ''}`,
    ...(f.expected !== undefined ? [`  expected: ${f.expected}`] : []),
    ...(f.actual !== undefined ? [`  actual: ${f.actual}`] : []),
  ].join('\n');
}

function failureMessage(errors: readonly Finding[]): string {
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (+${errors.length - 1} more: ${errors.slice(1).map((f) => f.ruleId).join(', ')})` : '';
  return `${first.ruleId}: ${firstLine(first.message)}${more}`;
}

/** Notes and the findings that did not fail the step (warnings, info), for a reader of the testcase. */
function outLines(step: StepRun): string[] {
  return [...step.notes, ...step.findings.filter((f) => f.severity !== 'error').map((f) => `${f.severity}: ${describeFinding(f)}`)];
}

function systemOut(step: StepRun): XmlOut | undefined {
  const lines = outLines(step);
  return lines.length ? el('system-out', undefined, lines.join('\n')) : undefined;
}

function requirementProperties(ids: readonly string[]): XmlOut | undefined {
  const unique = [...new Set(ids)];
  return unique.length ? el('properties', undefined, unique.map((id) => property('requirement', id))) : undefined;
}

function property(name: string, value: string): XmlOut {
  return el('property', { name, value });
}

function className(run: ScenarioRun): string {
  return `ixh.${run.scenarioId}.${run.variant}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit's timestamp is an ISO date-time without zone or fraction; ours are UTC. */
function junitTime(iso: string): string {
  return iso.slice(0, 19);
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!;
}
