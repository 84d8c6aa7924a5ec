/**
 * A small hand-built run model for renderer tests: every outcome (pass, fail, error, skip) and
 * both kinds of negative variant (fault detected, fault missed), with findings whose text holds
 * markup, quotes and control characters. Counts a renderer must reproduce are in CONSTRUCTED_COUNTS.
 */
import type { ScenarioRun, StepRun } from '../scenarios/scenario.ts';
import type { Finding } from '../validators/finding.ts';
import { requirementCoverage, summarize, type RunReport, type ScenarioInfo } from './run-model.ts';

/** Text a careless renderer would break on: markup, entities, quotes, a control char, a lone surrogate. */
export const NASTY_TEXT = 'got <Status code="x">&amp; \'NF\'</Status>\u0001\u0007 \uD800 end';

const T0 = '2026-01-02T10:00:00.000Z';

export function finding(ruleId: string, over: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'error', requirements: ['GEN-01'], specRef: 'IHE ITI TF-2b 3.55', subject: '000012-consumer-ITI-55-response.xml', path: '/Envelope/Body', message: 'the patient is found', expected: 'OK', actual: 'NF', ...over };
}

function step(stepId: string, outcome: StepRun['outcome'], over: Partial<StepRun> = {}): StepRun {
  return { stepId, title: `do ${stepId}`, actor: 'CZ hospital', outcome, durationMs: outcome === 'skip' ? 0 : 250, bytes: outcome === 'skip' ? 0 : 1_000_000, findings: [], notes: [], requirements: ['GEN-01'], ...(outcome !== 'skip' && { startedAt: T0 }), ...over };
}

const alpha: ScenarioInfo = {
  id: 'alpha',
  title: 'Alpha & <friends>: identify, list, retrieve',
  priority: 1,
  requirements: ['UC-541', 'GEN-01'],
  treating: 'CZ',
  countries: ['CZ', 'NL'],
  steps: ['identify', 'list', 'retrieve'].map((id) => ({ id, title: `do ${id}`, actor: 'CZ hospital', transactions: ['ITI-55'] })),
  variants: [
    { id: 'unknown-patient', title: 'nobody has this BSN', expectedRuleId: 'alpha.identify.found' },
    { id: 'silent-fault', title: 'a fault the harness misses', expectedRuleId: 'alpha.list.status' },
  ],
};
const beta: ScenarioInfo = { ...alpha, id: 'beta', title: 'Beta', variants: [] };

const runs: ScenarioRun[] = [
  // main, fail: identify passes, list fails with two error findings and a warning, retrieve skipped.
  {
    scenarioId: 'alpha', variant: 'main', outcome: 'fail', startedAt: T0, durationMs: 500, requirements: ['UC-541', 'GEN-01'],
    steps: [
      step('identify', 'pass', { notes: ['1 patient'] }),
      step('list', 'fail', { findings: [finding('alpha.list.status', { message: NASTY_TEXT, requirements: ['GEN-02', 'GEN-13'] }), finding('alpha.list.count'), finding('alpha.list.style', { severity: 'warning' })] }),
      step('retrieve', 'skip'),
    ],
  },
  // negative variant, fault detected: verdict pass although its identify step failed.
  {
    scenarioId: 'alpha', variant: 'unknown-patient', outcome: 'pass', startedAt: T0, durationMs: 250, requirements: ['UC-541', 'GEN-01'],
    expectedFailure: { ruleId: 'alpha.identify.found', stepId: 'identify', detected: true },
    steps: [step('identify', 'fail', { findings: [finding('alpha.identify.found')] }), step('list', 'skip'), step('retrieve', 'skip')],
  },
  // negative variant, fault missed: every step passed, so the verdict is fail.
  {
    scenarioId: 'alpha', variant: 'silent-fault', outcome: 'fail', startedAt: T0, durationMs: 750, requirements: ['UC-541', 'GEN-01'],
    expectedFailure: { ruleId: 'alpha.list.status', stepId: 'list', detected: false },
    steps: [step('identify', 'pass'), step('list', 'pass'), step('retrieve', 'pass')],
  },
  // main, harness error in list.
  {
    scenarioId: 'beta', variant: 'main', outcome: 'error', startedAt: T0, durationMs: 300, requirements: ['GEN-01'],
    steps: [step('identify', 'pass'), step('list', 'error', { error: 'TypeError: cannot read <undefined>\n    at list (list.ts:1)' }), step('retrieve', 'skip')],
  },
];

/** Per run (`scenario/variant`), the testcase counts a JUnit rendering must give. */
export const CONSTRUCTED_COUNTS = {
  'alpha/main': { tests: 3, failures: 1, errors: 0, skipped: 1 },
  'alpha/unknown-patient': { tests: 4, failures: 0, errors: 0, skipped: 2 }, // 3 steps + "expected failure"
  'alpha/silent-fault': { tests: 4, failures: 1, errors: 0, skipped: 0 },
  'beta/main': { tests: 3, failures: 0, errors: 1, skipped: 1 },
} as const;

export function constructedReport(): RunReport {
  return {
    version: 1,
    tool: { name: 'ixh', version: '0.0.0-test' },
    startedAt: T0,
    finishedAt: '2026-01-02T10:00:02.000Z',
    durationMs: 2000,
    profile: 'xca-i',
    seed: 7,
    scenarios: [alpha, beta],
    runs,
    messages: [
      { seq: 12, time: T0, actor: 'consumer', peer: 'http://127.0.0.1:1/ncp', transaction: 'ITI-55', direction: 'response', status: '200 NF', bytes: 900, durationMs: 12, association: 'urn:uuid:1', file: '000012-consumer-ITI-55-response.xml', text: '<Envelope/>', step: 'alpha/main/list' },
      { seq: 13, time: T0, actor: 'NL ncp-a', peer: 'CZ', transaction: 'RAD-69', direction: 'request', bytes: 10, file: '000013-x.xml', text: '<x/>', truncated: true, step: 'alpha/main/list' },
    ],
    otherMessages: 3,
    coverage: requirementCoverage(runs),
    summary: summarize(runs),
  };
}
