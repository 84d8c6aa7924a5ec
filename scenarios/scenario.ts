/**
 * The scenario DSL: a seed use case as typed data plus step functions. A scenario names the world
 * it needs, its steps (who acts, what they do, what must hold, the SLA budget) and named variants
 * (negative cases where a simulator misbehaves and the verdict must be `fail` with a named
 * finding). The engine (run-scenario.ts) runs it; `ixh run` and the vitest entry are its faces.
 *
 * Outcomes never mix: `fail` = the system under test broke a requirement (a failed expectation or
 * an error-level validator finding); `error` = the harness broke (a step threw anything else).
 */
import type { CountryCode } from '../fixtures/model.ts';
import type { FixtureWorld, Patient } from '../fixtures/model.ts';
import type { NcpBClient } from '../simulators/consumer/ncp-b-client.ts';
import type { EvidenceSink } from '../simulators/evidence/evidence.ts';
import type { RunningCountry, RunningWorld } from '../simulators/world/start-world.ts';
import type { WorldFile } from '../simulators/world/world-schema.ts';
import type { Finding, Severity } from '../validators/finding.ts';
import type { RuleRun } from '../validators/run-rules.ts';
import type { ValidationProfile } from '../validators/rule.ts';

export type Outcome = 'pass' | 'fail' | 'skip' | 'error';

/** What a step (or a variant) expects to go wrong: the finding that must be raised. */
export interface ExpectedFinding {
  /** Rule id of a validator, or the `check` id of a step expectation (e.g. "ms-attack.list.newest-first"). */
  readonly ruleId: string;
  /** The step that must raise it; any step when absent. */
  readonly stepId?: string;
}

export interface StepContext {
  readonly world: RunningWorld;
  readonly fixtures: FixtureWorld;
  /** The evidence of this run (world actors and the scenario's own consumer). */
  readonly evidence: EvidenceSink;
  /** The treating country's NCP-B, as a local hospital system there calls it. */
  readonly client: NcpBClient;
  /** The world's countries as the scenario names them. */
  country(code: CountryCode): RunningCountry;
  /** A named patient of the fixtures (e.g. "ms-follow-up"). */
  patient(key: string): Patient;
  /** Values steps hand to later steps (e.g. the document list). */
  readonly state: Map<string, unknown>;
  /** When the run began (epoch ms): what a shared world recorded before it belongs to other runs. */
  readonly runStartedAt: number;
  /**
   * An expectation about the system under test. When `ok` is false it records a `fail` finding
   * with `checkId` as its rule id and the step goes on (so one step can report several problems).
   */
  expect(ok: boolean, checkId: string, message: string, details?: { readonly requirements?: readonly string[]; readonly expected?: string; readonly actual?: string; readonly severity?: Severity }): boolean;
  /** Adds a validator run's findings: error-level findings make the step fail; a harness error in it makes the step `error`. */
  validate(run: RuleRun): void;
  /** The validation profile of this run (the world's exchange profile unless overridden). */
  readonly profile: ValidationProfile;
  /** Bytes moved by the step, for throughput in reports (add what you send or receive). */
  addBytes(n: number): void;
  /** Free-form note shown in the verdict table (e.g. "34 documents, 17 MR studies"). */
  note(text: string): void;
}

export interface Step {
  readonly id: string;
  readonly title: string;
  /** Who acts, e.g. "CZ hospital", "CZ NCP-B", "FR PACS". */
  readonly actor: string;
  /** The transactions this step drives, e.g. ["ITI-55"]. */
  readonly transactions?: readonly string[];
  readonly requirements: readonly string[];
  /** SLA: the step fails with the budget and the measured time when it takes longer. */
  readonly budgetMs?: number;
  run(ctx: StepContext): Promise<void>;
}

export interface Variant {
  readonly id: string;
  readonly title: string;
  readonly requirements?: readonly string[];
  /** Changes to the scenario's world file for this variant (a fault, a consent list, a slow link). */
  readonly world?: (file: WorldFile) => WorldFile;
  /** Runs before the steps (e.g. to make a simulator misbehave); may replace steps' inputs via `ctx.state`. */
  readonly arrange?: (ctx: StepContext) => Promise<void>;
  /** The finding the harness must raise: the variant passes only when the run fails with it. */
  readonly expectFailure: ExpectedFinding;
}

export interface ScenarioDefinition {
  /** Stable kebab-case id, e.g. "ms-attack". */
  readonly id: string;
  readonly title: string;
  readonly priority: 1 | 2;
  /** Requirement ids the scenario covers (use cases, GEN-*, MET-*…). */
  readonly requirements: readonly string[];
  /** The world: the countries it needs (a subset of the default world keeps runs fast) and who treats. */
  readonly world: {
    readonly countries: readonly CountryCode[];
    /** Country B: whose NCP-B the hospital calls. */
    readonly treating: CountryCode;
    /** Adjusts the world file (consent, links, faults) for the scenario as a whole. */
    readonly configure?: (file: WorldFile) => WorldFile;
  };
  readonly steps: readonly Step[];
  readonly variants?: readonly Variant[];
}

export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}

export interface StepRun {
  readonly stepId: string;
  readonly title: string;
  readonly actor: string;
  readonly outcome: Outcome;
  readonly durationMs: number;
  readonly budgetMs?: number;
  readonly bytes: number;
  readonly findings: readonly Finding[];
  readonly notes: readonly string[];
  /** For `error`: what broke in the harness. */
  readonly error?: string;
  readonly requirements: readonly string[];
  /** ISO time the step started (absent for a skipped step). */
  readonly startedAt?: string;
  /** The evidence recorded while the step ran: messages with from < seq < to (the engine's step markers). */
  readonly evidence?: { readonly from: number; readonly to: number };
}

export interface ScenarioRun {
  readonly scenarioId: string;
  /** "main" for the scenario itself, else the variant id. */
  readonly variant: string;
  /**
   * For a negative variant: `pass` when the expected failure was detected, `fail` when the run
   * passed or failed with other findings (the harness missed the fault), `error` on a harness error.
   */
  readonly outcome: Outcome;
  readonly expectedFailure?: ExpectedFinding & { readonly detected: boolean };
  readonly steps: readonly StepRun[];
  /** The tag the run's world marks its evidence with (runs of a pool; see WorldPool.tagOf). */
  readonly world?: string;
  /** ISO time the run started. */
  readonly startedAt?: string;
  readonly durationMs: number;
  readonly requirements: readonly string[];
}
