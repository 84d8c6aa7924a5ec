/**
 * The run model every renderer reads: the verdicts of a run (scenarios, variants, steps, outcomes,
 * findings, timings), the messages that crossed the wire with the step that caused them, and the
 * requirement coverage. Built once after a run (`buildRunReport`); renderers (junit.ts, allure.ts,
 * json.ts, html/) are pure functions of it and never compute a verdict of their own.
 */
import { isStepMarker } from '../scenarios/engine/step-markers.ts';
import type { ScenarioDefinition, ScenarioRun, StepRun } from '../scenarios/scenario.ts';
import type { EvidenceEntry, EvidenceSink } from '../simulators/evidence/evidence.ts';
import type { Finding } from '../validators/finding.ts';
import { REQUIREMENTS } from '../validators/requirements.ts';
import type { ValidationProfile } from '../validators/rule.ts';

export const RUN_REPORT_VERSION = 1;
/** Text bodies longer than this are cut in the report (the evidence directory keeps them whole). */
export const MESSAGE_TEXT_LIMIT = 16 * 1024;

export interface ReportMessage {
  readonly seq: number;
  /** ISO time the message was recorded. */
  readonly time: string;
  readonly actor: string;
  readonly peer: string;
  readonly transaction: string;
  readonly direction: 'request' | 'response';
  readonly status?: string;
  readonly bytes: number;
  readonly durationMs?: number;
  readonly association?: string;
  /** The evidence file name (also its name inside an evidence directory). */
  readonly file: string;
  /** The body when it is text (xml, json, txt), cut at MESSAGE_TEXT_LIMIT; absent for DICOM and other binaries. */
  readonly text?: string;
  readonly truncated?: boolean;
  /** `scenario/variant/step` of the step during which the message was recorded. */
  readonly step: string;
}

export type CoverageStatus = 'passed' | 'failed' | 'not-covered';

export interface RequirementCoverage {
  readonly id: string;
  readonly group: string;
  readonly text: string;
  readonly status: CoverageStatus;
  /** `scenario/variant` of every run that names the requirement (itself, a step or a finding). */
  readonly runs: readonly string[];
}

export interface ScenarioInfo {
  readonly id: string;
  readonly title: string;
  readonly priority: 1 | 2;
  readonly requirements: readonly string[];
  readonly treating: string;
  readonly countries: readonly string[];
  readonly steps: readonly { readonly id: string; readonly title: string; readonly actor: string; readonly transactions: readonly string[] }[];
  readonly variants: readonly { readonly id: string; readonly title: string; readonly expectedRuleId: string }[];
}

export interface RunSummary {
  readonly runs: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly steps: number;
  /** 0 all pass, 1 a fail, 2 a harness error (as `ixh run` exits). */
  readonly exitCode: 0 | 1 | 2;
}

export interface RunReport {
  readonly version: typeof RUN_REPORT_VERSION;
  readonly tool: { readonly name: 'ixh'; readonly version: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly profile: ValidationProfile;
  readonly seed?: number;
  readonly scenarios: readonly ScenarioInfo[];
  readonly runs: readonly ScenarioRun[];
  /** The messages recorded during steps (world start-up, e.g. publishing the fixtures, is only counted). */
  readonly messages: readonly ReportMessage[];
  /** Messages recorded outside every step (world start-up and teardown). */
  readonly otherMessages: number;
  readonly coverage: readonly RequirementCoverage[];
  readonly summary: RunSummary;
}

export interface RunReportInput {
  readonly definitions: readonly ScenarioDefinition[];
  readonly runs: readonly ScenarioRun[];
  /** The run's evidence (flushed); message bodies are read from it. */
  readonly evidence: EvidenceSink;
  readonly profile: ValidationProfile;
  readonly seed?: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly toolVersion: string;
}

const TEXT_FORMATS = /\.(xml|json|txt)$/;

export async function buildRunReport(input: RunReportInput): Promise<RunReport> {
  const stepOf = stepBySeq(input.runs);
  const messages: ReportMessage[] = [];
  let otherMessages = 0;
  for (const entry of input.evidence.entries()) {
    if (isStepMarker(entry)) continue;
    const step = stepOf(entry);
    if (step === undefined) otherMessages++;
    else messages.push(await reportMessage(entry, input.evidence, step));
  }
  return {
    version: RUN_REPORT_VERSION,
    tool: { name: 'ixh', version: input.toolVersion },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    profile: input.profile,
    ...(input.seed !== undefined && { seed: input.seed }),
    scenarios: input.definitions.map(scenarioInfo),
    runs: input.runs,
    messages,
    otherMessages,
    coverage: requirementCoverage(input.runs),
    summary: summarize(input.runs),
  };
}

/** `scenario/variant` — the name of a run in reports. */
export function runName(run: Pick<ScenarioRun, 'scenarioId' | 'variant'>): string {
  return `${run.scenarioId}/${run.variant}`;
}

/** The messages recorded while the step ran, in order. */
export function stepMessages(report: Pick<RunReport, 'messages'>, run: ScenarioRun, step: StepRun): ReportMessage[] {
  const name = `${runName(run)}/${step.stepId}`;
  return report.messages.filter((m) => m.step === name);
}

/**
 * The message a finding is about: among the step's messages, the last one whose file or
 * transaction the finding's subject names, else the step's last response (what the SUT answered),
 * else its last message. Undefined when the step recorded none.
 */
export function findingMessage(report: Pick<RunReport, 'messages'>, run: ScenarioRun, step: StepRun, finding: Finding): ReportMessage | undefined {
  const messages = stepMessages(report, run, step);
  const named = messages.filter((m) => finding.subject.includes(m.file) || (m.transaction.length > 2 && finding.subject.includes(m.transaction)));
  return named.at(-1) ?? messages.filter((m) => m.direction === 'response').at(-1) ?? messages.at(-1);
}

export function summarize(runs: readonly ScenarioRun[]): RunSummary {
  const count = (o: string): number => runs.filter((r) => r.outcome === o).length;
  const error = count('error');
  const fail = count('fail');
  return { runs: runs.length, pass: count('pass'), fail, error, steps: runs.reduce((n, r) => n + r.steps.length, 0), exitCode: error > 0 ? 2 : fail > 0 ? 1 : 0 };
}

/**
 * Per catalogue requirement: `failed` when a run naming it did not pass, `passed` when every run
 * naming it passed (for a negative variant, pass = the planted fault was detected), else `not-covered`.
 */
export function requirementCoverage(runs: readonly ScenarioRun[]): RequirementCoverage[] {
  const named = new Map<string, ScenarioRun[]>();
  for (const run of runs) {
    const ids = new Set([...run.requirements, ...run.steps.flatMap((s) => [...s.requirements, ...s.findings.flatMap((f) => f.requirements)])]);
    for (const id of ids) named.set(id, [...(named.get(id) ?? []), run]);
  }
  return REQUIREMENTS.map((req) => {
    const covering = named.get(req.id) ?? [];
    const status: CoverageStatus = covering.length === 0 ? 'not-covered' : covering.every((r) => r.outcome === 'pass') ? 'passed' : 'failed';
    return { id: req.id, group: req.group, text: req.text, status, runs: covering.map(runName) };
  });
}

/**
 * The step a message was recorded in: its seq between the step's markers, and — when both say —
 * recorded by the run's own world (another world may be starting in the background meanwhile).
 */
function stepBySeq(runs: readonly ScenarioRun[]): (entry: Pick<EvidenceEntry, 'seq' | 'world'>) => string | undefined {
  const ranges = runs.flatMap((run) => run.steps.flatMap((s) => (s.evidence ? [{ ...s.evidence, world: run.world, name: `${runName(run)}/${s.stepId}` }] : [])));
  return (entry) => ranges.find((r) => entry.seq > r.from && entry.seq < r.to && (entry.world === undefined || r.world === undefined || entry.world === r.world))?.name;
}

async function reportMessage(entry: EvidenceEntry, evidence: EvidenceSink, step: string): Promise<ReportMessage> {
  const base: ReportMessage = {
    seq: entry.seq,
    time: entry.time,
    actor: entry.actor,
    peer: entry.peer,
    transaction: entry.transaction,
    direction: entry.direction,
    ...(entry.status !== undefined && { status: entry.status }),
    bytes: entry.bytes,
    ...(entry.durationMs !== undefined && { durationMs: entry.durationMs }),
    ...(entry.association !== undefined && { association: entry.association }),
    file: entry.file,
    step,
  };
  if (!TEXT_FORMATS.test(entry.file)) return base;
  let bytes: Uint8Array;
  try {
    bytes = await evidence.read(entry);
  } catch {
    return base; // a body that cannot be read back is shown without its text; the evidence failure is reported by the sink
  }
  const truncated = bytes.byteLength > MESSAGE_TEXT_LIMIT;
  const text = new TextDecoder().decode(truncated ? bytes.subarray(0, MESSAGE_TEXT_LIMIT) : bytes);
  return { ...base, text, ...(truncated && { truncated }) };
}

function scenarioInfo(definition: ScenarioDefinition): ScenarioInfo {
  return {
    id: definition.id,
    title: definition.title,
    priority: definition.priority,
    requirements: definition.requirements,
    treating: definition.world.treating,
    countries: definition.world.countries,
    steps: definition.steps.map((s) => ({ id: s.id, title: s.title, actor: s.actor, transactions: s.transactions ?? [] })),
    variants: (definition.variants ?? []).map((v) => ({ id: v.id, title: v.title, expectedRuleId: v.expectFailure.ruleId })),
  };
}
