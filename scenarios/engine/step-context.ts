/**
 * What a step sees (`StepContext`) and how one step is run: its expectations and validator runs
 * collected as findings, its time measured against its SLA budget, its bytes and notes kept.
 */
import type { CountryCode } from '../../fixtures/model.ts';
import { ncpBClient, type NcpBClient } from '../../simulators/consumer/ncp-b-client.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import type { RunningWorld } from '../../simulators/world/start-world.ts';
import type { Finding, HarnessError } from '../../validators/finding.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import type { ScenarioDefinition, Step, StepContext, StepRun } from '../scenario.ts';

export const SLA_BUDGET_RULE = 'scenario.sla.budget';

export interface StepRecord {
  readonly context: StepContext;
  readonly findings: Finding[];
  readonly harnessErrors: HarnessError[];
  readonly notes: string[];
  bytes(): number;
}

export interface StepContextInput {
  readonly definition: ScenarioDefinition;
  readonly world: RunningWorld;
  readonly evidence: EvidenceSink;
  readonly profile: ValidationProfile;
  readonly state: Map<string, unknown>;
  readonly runStartedAt: number;
  readonly stepId: string;
  readonly requirements: readonly string[];
}

export function createStepContext(input: StepContextInput): StepRecord {
  const { definition, world, stepId } = input;
  const findings: Finding[] = [];
  const harnessErrors: HarnessError[] = [];
  const notes: string[] = [];
  let bytes = 0;
  const country = (code: CountryCode) => {
    const c = world.countries.get(code);
    if (!c) throw new Error(`the world has no country ${code}`);
    return c;
  };
  let client: NcpBClient | undefined;
  const context: StepContext = {
    world,
    fixtures: world.fixtures,
    evidence: input.evidence,
    // Built on first use, so that a world without NCP-B only breaks (as a harness error) the steps that call it.
    get client() {
      const url = country(definition.world.treating).url('ncpInitiating');
      if (!url) throw new Error(`${definition.world.treating} has no NCP-B to call`);
      client ??= ncpBClient({ url, evidence: input.evidence, timeoutMs: 60_000 });
      return client;
    },
    country,
    patient(key) {
      const p = world.fixtures.patients.find((x) => x.key === key);
      if (!p) throw new Error(`the fixtures have no patient "${key}"`);
      return p;
    },
    state: input.state,
    runStartedAt: input.runStartedAt,
    profile: input.profile,
    expect(ok, checkId, message, details = {}) {
      if (!ok) {
        findings.push({
          ruleId: checkId,
          severity: details.severity ?? 'error',
          requirements: [...new Set([...input.requirements, ...(details.requirements ?? [])])],
          specRef: `scenario ${definition.id} step ${stepId}`,
          subject: `${definition.id}/${stepId}`,
          path: '',
          message,
          ...(details.expected !== undefined && { expected: details.expected }),
          ...(details.actual !== undefined && { actual: details.actual }),
        });
      }
      return ok;
    },
    validate(run) {
      findings.push(...run.findings);
      harnessErrors.push(...run.harnessErrors);
    },
    addBytes(n) {
      bytes += n;
    },
    note(text) {
      notes.push(text);
    },
  };
  return { context, findings, harnessErrors, notes, bytes: () => bytes };
}

/** Runs one step within its budget: a step still running at the budget fails (it is not awaited further). */
export async function runStep(step: Step, record: StepRecord, budgetMs: number): Promise<StepRun> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<'overrun'>((resolve) => {
    timer = setTimeout(() => resolve('overrun'), budgetMs);
  });
  let error: string | undefined;
  let timedOut = false;
  try {
    const running = step.run(record.context).then(() => 'done' as const);
    running.catch(() => {}); // a step abandoned at its budget may still throw later: not an unhandled rejection
    timedOut = (await Promise.race([running, overrun])) === 'overrun';
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
  const durationMs = Math.round(performance.now() - started);
  const findings = [...record.findings];
  if (timedOut || durationMs > budgetMs) {
    findings.push({
      ruleId: SLA_BUDGET_RULE,
      severity: 'error',
      requirements: [...step.requirements],
      specRef: `scenario step ${step.id} SLA budget`,
      subject: step.id,
      path: '',
      message: timedOut ? `the step was still running at its budget of ${budgetMs} ms` : `the step took ${durationMs} ms, over its budget of ${budgetMs} ms`,
      expected: `≤ ${budgetMs} ms`,
      actual: timedOut ? `> ${durationMs} ms (stopped waiting)` : `${durationMs} ms`,
    });
  }
  if (!error && record.harnessErrors.length > 0) error = record.harnessErrors.map((h) => `validator rule ${h.ruleId} threw on ${h.subject}: ${h.message}`).join('; ');
  const outcome = error ? 'error' : findings.some((f) => f.severity === 'error') ? 'fail' : 'pass';
  return {
    stepId: step.id,
    title: step.title,
    actor: step.actor,
    outcome,
    durationMs,
    budgetMs,
    bytes: record.bytes(),
    findings,
    notes: [...record.notes],
    ...(error && { error }),
    requirements: [...step.requirements],
  };
}
