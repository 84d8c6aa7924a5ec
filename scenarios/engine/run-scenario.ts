/**
 * The engine: runs a scenario (or one of its variants) on a started world and returns per-step
 * verdicts. Expectations and error-level validator findings make a step `fail`; anything a step
 * throws, or a validator rule that threw, makes it `error` (the harness broke, never the SUT); a
 * step over its SLA budget fails with `scenario.sla.budget` (the world file's `sla` overrides a
 * step's budget). After the first step that does not
 * pass, the rest are `skip`. A variant passes only when its run fails with the expected finding.
 */
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import type { RunningWorld } from '../../simulators/world/start-world.ts';
import type { WorldFile } from '../../simulators/world/world-schema.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import type { ScenarioDefinition, ScenarioRun, Step, StepRun, Variant } from '../scenario.ts';
import { createWorldPool, scenarioWorldFile, type WorldPool } from './scenario-worlds.ts';
import { createStepContext, runStep } from './step-context.ts';
import { withStepMarkers } from './step-markers.ts';

export const MAIN_RUN = 'main';
/** The SLA of a step that names none: generous, so that only a hung step trips it. */
export const DEFAULT_STEP_BUDGET_MS = 30_000;
/** Worlds runScenarios starts at once in the background (one JS thread: more only adds contention). */
const WORLD_START_CONCURRENCY = 1;

export interface RunOptions {
  /** A variant id; the scenario itself when absent. */
  readonly variant?: string;
  /** A started world to run on (it is not stopped); otherwise one is started and stopped. */
  readonly world?: RunningWorld;
  /** The base world file (restricted to the scenario's countries); the embedded default when absent. */
  readonly worldFile?: WorldFile;
  readonly evidence?: EvidenceSink;
  /** The validation profile; the world's exchange profile when absent. */
  readonly profile?: ValidationProfile;
  readonly seed?: number;
  /** Called after each step (progress lines). */
  readonly onStep?: (run: { readonly scenarioId: string; readonly variant: string }, step: StepRun) => void;
}

export async function runScenario(definition: ScenarioDefinition, options: RunOptions = {}): Promise<ScenarioRun> {
  const variant = findVariant(definition, options.variant);
  if (options.world) return runOn(definition, variant, options.world, options);
  const evidence = options.evidence ?? createEvidenceRecorder();
  const pool = createWorldPool({ evidence });
  try {
    return await runIn(pool, definition, variant, { ...options, evidence });
  } finally {
    await pool.stop();
  }
}

/** The main run and every variant of each definition, in order; worlds shared where their files are equal. */
export async function runScenarios(definitions: readonly ScenarioDefinition[], options: Omit<RunOptions, 'variant' | 'world'> = {}): Promise<ScenarioRun[]> {
  const evidence = options.evidence ?? createEvidenceRecorder();
  const pool = createWorldPool({ evidence });
  const runs: ScenarioRun[] = [];
  try {
    // Every world starts in the background while the first runs go: runs spend much of their
    // time waiting on links and SLAs, start-up fills those gaps. Each world tags its evidence
    // (WorldPool.tagOf), so a start-up message recorded during another run's step is never taken
    // for that step's. A world that fails to start is the harness error of the runs that need it.
    void startWorlds(pool, definitions.flatMap((d) => [undefined, ...(d.variants ?? [])].map((v) => scenarioWorldFileOrUndefined(d, v, options))));
    for (const definition of definitions) {
      for (const variant of [undefined, ...(definition.variants ?? [])]) runs.push(await runIn(pool, definition, variant, { ...options, evidence }));
    }
  } finally {
    await pool.stop();
  }
  return runs;
}

/** Starts the worlds, `WORLD_START_CONCURRENCY` at a time; failures are left for the runs to report. */
async function startWorlds(pool: WorldPool, files: readonly (WorldFile | undefined)[]): Promise<void> {
  const queue = files.filter((f): f is WorldFile => f !== undefined);
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file; file = queue.shift()) await pool.worldFor(file).catch(() => undefined);
  };
  await Promise.all(Array.from({ length: WORLD_START_CONCURRENCY }, worker));
}

function scenarioWorldFileOrUndefined(definition: ScenarioDefinition, variant: Variant | undefined, options: Omit<RunOptions, 'variant' | 'world'>): WorldFile | undefined {
  try {
    return scenarioWorldFile(definition, variant, options.worldFile, options.seed);
  } catch {
    return undefined; // the run reports it
  }
}

/** One run on the pool's world for it; a world that fails to start is a harness error of the run. */
export async function runIn(pool: WorldPool, definition: ScenarioDefinition, variant: Variant | undefined, options: Omit<RunOptions, 'variant' | 'world'>): Promise<ScenarioRun> {
  let world: RunningWorld;
  try {
    world = await pool.worldFor(scenarioWorldFile(definition, variant, options.worldFile, options.seed));
  } catch (err) {
    return harnessFailure(definition, variant, `the world did not start: ${(err as Error).message}`);
  }
  const tag = pool.tagOf(world);
  return runOn(definition, variant, world, { ...options, ...(tag !== undefined && { worldTag: tag }) });
}

export function findVariant(definition: ScenarioDefinition, id: string | undefined): Variant | undefined {
  if (id === undefined || id === MAIN_RUN) return undefined;
  const variant = definition.variants?.find((v) => v.id === id);
  if (!variant) throw new Error(`scenario ${definition.id} has no variant "${id}" (it has: ${[MAIN_RUN, ...(definition.variants ?? []).map((v) => v.id)].join(', ')})`);
  return variant;
}

async function runOn(definition: ScenarioDefinition, variant: Variant | undefined, world: RunningWorld, options: Omit<RunOptions, 'variant' | 'world'> & { readonly worldTag?: string }): Promise<ScenarioRun> {
  const started = performance.now();
  const runStartedAt = Date.now();
  const startedAt = new Date(runStartedAt).toISOString();
  const runId = { scenarioId: definition.id, variant: variant?.id ?? MAIN_RUN };
  const evidence = options.evidence ?? createEvidenceRecorder();
  const profile = options.profile ?? world.config.profile;
  const state = new Map<string, unknown>();
  const steps: StepRun[] = [];
  let arrangeError: string | undefined;
  if (variant?.arrange) {
    try {
      await variant.arrange(createStepContext({ definition, world, evidence, profile, state, runStartedAt, stepId: 'arrange', requirements: [] }).context);
    } catch (err) {
      arrangeError = `arrange of variant ${variant.id} threw: ${(err as Error).message}`;
      options.onStep?.(runId, arrangeStep(arrangeError));
    }
  }
  for (const step of definition.steps) {
    const blocked = arrangeError !== undefined || steps.some((s) => s.outcome !== 'pass');
    const run = blocked
      ? { stepId: step.id, title: step.title, actor: step.actor, outcome: 'skip' as const, durationMs: 0, bytes: 0, findings: [], notes: [], requirements: step.requirements, ...(step.budgetMs !== undefined && { budgetMs: step.budgetMs }) }
      : await withStepMarkers(evidence, runId, step.id, () => runStep(step, createStepContext({ definition, world, evidence, profile, state, runStartedAt, stepId: step.id, requirements: step.requirements }), budgetFor(definition.id, step, world)));
    steps.push(run);
    options.onStep?.(runId, run);
  }
  const requirements = [...new Set([...definition.requirements, ...(variant?.requirements ?? [])])];
  const durationMs = Math.round(performance.now() - started);
  const base = { ...runId, steps, ...(options.worldTag !== undefined && { world: options.worldTag }), startedAt, durationMs, requirements };
  const harnessBroke = arrangeError !== undefined || steps.some((s) => s.outcome === 'error');
  if (!variant) return { ...base, outcome: harnessBroke ? 'error' : steps.some((s) => s.outcome === 'fail') ? 'fail' : 'pass' };
  const expected = variant.expectFailure;
  const detected = steps.some((s) => s.outcome === 'fail' && (expected.stepId === undefined || s.stepId === expected.stepId) && s.findings.some((f) => f.ruleId === expected.ruleId));
  const withArrange = arrangeError ? { ...base, steps: [arrangeStep(arrangeError), ...steps] } : base;
  return { ...withArrange, outcome: harnessBroke ? 'error' : detected ? 'pass' : 'fail', expectedFailure: { ...expected, detected } };
}

/** The world file's `sla` (`<scenario>.<step>`, then `<step>`) over the step's own budget, else the default. */
export function budgetFor(scenarioId: string, step: Pick<Step, 'id' | 'budgetMs'>, world: Pick<RunningWorld, 'config'>): number {
  const sla = world.config.sla ?? {};
  return sla[`${scenarioId}.${step.id}`] ?? sla[step.id] ?? step.budgetMs ?? DEFAULT_STEP_BUDGET_MS;
}

function arrangeStep(error: string): StepRun {
  return { stepId: 'arrange', title: 'arrange the variant', actor: 'harness', outcome: 'error', durationMs: 0, bytes: 0, findings: [], notes: [], error, requirements: [] };
}

function harnessFailure(definition: ScenarioDefinition, variant: Variant | undefined, error: string): ScenarioRun {
  return {
    scenarioId: definition.id,
    variant: variant?.id ?? MAIN_RUN,
    outcome: 'error',
    ...(variant && { expectedFailure: { ...variant.expectFailure, detected: false } }),
    steps: [{ stepId: 'world', title: 'start the world', actor: 'harness', outcome: 'error', durationMs: 0, bytes: 0, findings: [], notes: [], error, requirements: [] }],
    durationMs: 0,
    requirements: [...definition.requirements],
  };
}
