/**
 * A small constructed run report for the Allure tests: one scenario ("demo") with a main run that
 * passes, a variant that detects its fault, one that misses it, a harness error, a skipped run, and
 * a step with more messages than Allure gets (one of them named by a finding).
 */
import type { ScenarioRun, StepRun } from '../scenarios/scenario.ts';
import type { Finding } from '../validators/finding.ts';
import { summarize, type ReportMessage, type RunReport } from './run-model.ts';

export const BUSY_STEP_MESSAGES = 25;
/** The message (index in the busy step) a finding names: beyond the first 20, so it must be picked. */
export const NAMED_MESSAGE = 23;

const T0 = Date.parse('2026-01-02T03:04:05.000Z');
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

function finding(ruleId: string, requirements: string[], subject = 'response'): Finding {
  return { ruleId, severity: 'error', requirements, specRef: 'IHE ITI TF-2', subject, path: '/', message: `${ruleId} broke`, expected: 'x', actual: 'y' };
}

function step(stepId: string, outcome: StepRun['outcome'], at: number, extra: Partial<StepRun> = {}): StepRun {
  return {
    stepId,
    title: `the ${stepId} step`,
    actor: stepId === 'list' ? 'NL NCP-A' : 'CZ hospital',
    outcome,
    durationMs: outcome === 'skip' ? 0 : 10,
    bytes: 100,
    findings: [],
    notes: [],
    requirements: stepId === 'list' ? ['GEN-01'] : ['GEN-09'],
    ...(outcome !== 'skip' && { startedAt: iso(at) }),
    ...extra,
  };
}

function message(run: string, stepId: string, seq: number, file: string, extra: Partial<ReportMessage> = {}): ReportMessage {
  const text = file.endsWith('.xml') ? `<m seq="${seq}"/>` : file.endsWith('.json') ? `{"seq":${seq}}` : undefined;
  return {
    seq,
    time: iso(seq),
    actor: 'consumer',
    peer: 'http://127.0.0.1:1/ncp',
    transaction: 'ITI-55',
    direction: seq % 2 === 0 ? 'request' : 'response',
    bytes: 1234,
    file,
    step: `${run}/${stepId}`,
    ...(text !== undefined && { text }),
    ...extra,
  };
}

export function demoReport(startedAt = '2026-01-02T03:04:05.000Z'): RunReport {
  const busy = Array.from({ length: BUSY_STEP_MESSAGES }, (_, i) => message('demo/main', 'list', 100 + i, `${100 + i}-consumer-RAD-69-${i % 3 === 0 ? 'response.dcm' : 'request.xml'}`));
  const named = busy[NAMED_MESSAGE]!.file;
  const runs: ScenarioRun[] = [
    { scenarioId: 'demo', variant: 'main', outcome: 'pass', startedAt: iso(0), durationMs: 30, requirements: ['UC-541', 'GEN-01'], steps: [step('identify', 'pass', 0, { notes: ['one patient'] }), step('list', 'pass', 10, { findings: [{ ...finding('demo.list.warning', ['MET-04'], named), severity: 'warning' }] })] },
    {
      scenarioId: 'demo', variant: 'bad-list', outcome: 'pass', startedAt: iso(100), durationMs: 30, requirements: ['UC-541', 'GEN-01'],
      expectedFailure: { ruleId: 'demo.list.status', stepId: 'list', detected: true },
      steps: [step('identify', 'pass', 100), step('list', 'fail', 110, { findings: [finding('demo.list.status', ['GEN-10'])] })],
    },
    {
      scenarioId: 'demo', variant: 'missed', outcome: 'fail', startedAt: iso(200), durationMs: 30, requirements: ['UC-541'],
      expectedFailure: { ruleId: 'demo.list.status', stepId: 'list', detected: false },
      steps: [step('identify', 'fail', 200, { findings: [finding('demo.identify.found', ['GEN-09'])] }), step('list', 'skip', 0)],
    },
    { scenarioId: 'gone', variant: 'main', outcome: 'error', durationMs: 0, requirements: ['UC-542'], steps: [{ ...step('world', 'error', 300), actor: 'harness', error: 'world did not start: port in use' }] },
    { scenarioId: 'demo', variant: 'later', outcome: 'skip', startedAt: iso(400), durationMs: 0, requirements: ['UC-541'], steps: [step('identify', 'skip', 0), step('list', 'skip', 0)] },
  ];
  const messages: ReportMessage[] = [
    message('demo/main', 'identify', 1, '001-consumer-ITI-55-request.xml'),
    message('demo/main', 'identify', 2, '002-consumer-ITI-55-response.xml', { truncated: true }),
    ...busy,
    message('demo/bad-list', 'list', 201, '201-consumer-ITI-38-response.json'),
  ];
  return {
    version: 1,
    tool: { name: 'ixh', version: '0.1.0' },
    startedAt,
    finishedAt: iso(1000),
    durationMs: 1000,
    profile: 'xca-i',
    seed: 7,
    scenarios: [{
      id: 'demo', title: 'Demo exchange', priority: 1, requirements: ['UC-541', 'GEN-01'], treating: 'CZ', countries: ['CZ', 'NL'],
      steps: [{ id: 'identify', title: 'the identify step', actor: 'CZ hospital', transactions: ['ITI-55'] }, { id: 'list', title: 'the list step', actor: 'NL NCP-A', transactions: ['ITI-38'] }],
      variants: [{ id: 'bad-list', title: 'the list is refused', expectedRuleId: 'demo.list.status' }, { id: 'missed', title: 'a fault the harness misses', expectedRuleId: 'demo.list.status' }, { id: 'later', title: 'not run', expectedRuleId: 'x' }],
    }],
    runs,
    messages,
    otherMessages: 3,
    coverage: [],
    summary: summarize(runs),
  };
}
