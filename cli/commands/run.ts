/**
 * `ixh run <scenario...|--all> [--world FILE] [--profile xca-i|ehdsi-orcd] [--seed N] [--evidence DIR] [--report DIR] [--json]`:
 * (or `ixh run --suite ncp-a|ncp-b [--sut URL] …`: an NCP suite, scenarios/suites/index.ts — with
 * `--sut` against the system under test in the suite's seat, without it as a self-test on ixh's own
 * NCP plus one negative variant per named fault)
 * runs scenarios and their negative variants (worlds started on free ports, shared between runs
 * that need the same world) and prints a verdict table, one row per step, failing findings under
 * their step, and a summary line. Progress goes to stderr (cli/progress.ts): one plain line per
 * step, plus a live status line (bytes, throughput, ETA) when stderr is a terminal.
 *
 * Exit codes: 2 when any run ended in a harness error (`error`: some verdicts are missing, so
 * nothing may be read as a pass — it wins over fail), 1 when any run failed (the SUT broke a
 * requirement, or a negative variant's fault went undetected), 0 when every run passed. A usage
 * error (unknown scenario, bad option) is also 2, from main.ts.
 *
 * With `--evidence DIR` the run also writes `DIR/runs.json` (the verdicts with their findings) and
 * `DIR/findings.json` (the replay pass over the recorded messages; see replay.ts and `ixh replay`),
 * then seals the directory: `DIR/manifest.json`, every file hashed and chained in recording order
 * and signed with Ed25519 (`--sign-key FILE`, a PKCS#8 PEM key, or a generated key whose public half
 * is written to `DIR/evidence-signing-key.pub.pem`); `ixh verify-evidence DIR` checks it.
 * With `--report DIR` it writes the run's reports there (reports/write-reports.ts): `junit.xml`,
 * `allure-results/`, `report.json` and `report.html`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runScenarios } from '../../scenarios/engine/run-scenario.ts';
import { SCENARIOS, scenarioById } from '../../scenarios/index.ts';
import { isSuiteId, selfTest, SUITE_IDS, SUITES, suiteWithSut } from '../../scenarios/suites/index.ts';
import type { ScenarioDefinition, ScenarioRun } from '../../scenarios/scenario.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { parseWorld } from '../../simulators/world/load-world.ts';
import { WorldFileError } from '../../simulators/world/world-file-error.ts';
import type { WorldFile } from '../../simulators/world/world-schema.ts';
import { parseYamlSource } from '../../simulators/world/yaml-source.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import { DEFAULT_PROFILE } from '../../simulators/world/world-defaults.ts';
import { CliError, integerOption, parseOptions, type Command } from '../command.ts';
import { writeRunRecord } from './replay.ts';
import { buildRunReport } from '../../reports/run-model.ts';
import { writeReports } from '../../reports/write-reports.ts';
import { toolVersion } from '../tool-version.ts';
import { EvidenceManifestError, signingKeyFromPem, writeEvidenceManifest } from '../../simulators/evidence/manifest.ts';
import type { KeyObject } from 'node:crypto';
import { createProgress, progressTotal } from '../progress.ts';

export const RUN_USAGE = 'usage: ixh run <scenario...|--all> | --suite ncp-a|ncp-b [--sut URL]  [--world FILE] [--profile xca-i|ehdsi-orcd] [--seed N] [--evidence DIR [--sign-key FILE]] [--report DIR] [--json]';
const PROFILES: readonly ValidationProfile[] = ['xca-i', 'ehdsi-orcd'];

export const runCommand: Command = async (argv) => {
  const { values, positionals } = parseOptions(argv, {
    all: { type: 'boolean' },
    world: { type: 'string' },
    profile: { type: 'string' },
    seed: { type: 'string' },
    evidence: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
    suite: { type: 'string' },
    sut: { type: 'string' },
    'sign-key': { type: 'string' },
  });
  const definitions = values.suite !== undefined || values.sut !== undefined
    ? selectSuite(values.suite, values.sut, positionals.length > 0 || (values.all ?? false))
    : selectScenarios(positionals, values.all ?? false);
  const profile = values.profile as ValidationProfile | undefined;
  if (profile !== undefined && !PROFILES.includes(profile)) throw new CliError(`--profile must be one of ${PROFILES.join(', ')}, got "${values.profile}"`);
  const seed = values.seed === undefined ? undefined : integerOption(values.seed, 'seed', 0);
  const worldFile = values.world ? await readWorldFile(resolve(values.world)) : undefined;
  // Read before the run, so a bad key fails in a second rather than after the scenarios.
  const signKey = values['sign-key'] === undefined ? undefined : await readSigningKey(values['sign-key'], values.evidence);
  const evidence = values.evidence ? createEvidenceRecorder({ dir: resolve(values.evidence) }) : createEvidenceRecorder();
  const progress = createProgress({ stream: process.stderr, tty: process.stderr.isTTY === true, total: progressTotal(definitions) });
  let runs: ScenarioRun[];
  const startedAt = new Date();
  try {
    runs = await runScenarios(definitions, {
      evidence,
      ...(worldFile && { worldFile }),
      ...(profile && { profile }),
      ...(seed !== undefined && { seed }),
      onStep: (run, step) => progress.onStep(run, step),
    });
  } finally {
    progress.finish();
    await evidence.flush();
  }
  if (values.report) {
    const report = await buildRunReport({ definitions, runs, evidence, profile: profile ?? worldFile?.profile ?? DEFAULT_PROFILE, ...(seed !== undefined && { seed }), startedAt, finishedAt: new Date(), toolVersion: await toolVersion() });
    await writeReports(resolve(values.report), report);
  }
  await evidence.close();
  // The verdicts and the replay pass beside the evidence, so that `ixh replay DIR` can check them.
  let sealed = true;
  if (values.evidence) {
    await writeRunRecord(resolve(values.evidence), { profile: profile ?? worldFile?.profile ?? DEFAULT_PROFILE, ...(seed !== undefined && { seed }), runs });
    sealed = await sealEvidence(resolve(values.evidence), signKey);
  }
  // An evidence directory that could not be sealed is a harness error: nothing proves it later.
  const exitCode = sealed ? exitCodeFor(runs) : 2;
  process.stdout.write(values.json ? `${JSON.stringify({ runs, exitCode }, null, 2)}\n` : renderVerdicts(runs));
  return exitCode;
};

export function selectScenarios(ids: readonly string[], all: boolean): ScenarioDefinition[] {
  const known = SCENARIOS.map((s) => s.id).join(', ');
  if (all && ids.length > 0) throw new CliError(`give scenario ids or --all, not both\n${RUN_USAGE}`);
  if (all) return [...SCENARIOS];
  if (ids.length === 0) throw new CliError(`${RUN_USAGE}\nscenarios: ${known}`);
  return ids.map((id) => {
    const definition = scenarioById(id);
    if (!definition) throw new CliError(`unknown scenario "${id}"; scenarios: ${known}`);
    return definition;
  });
}

/**
 * `--suite ID [--sut URL]`: the suite with the SUT in its seat, or without `--sut` its self-test
 * (the suite on ixh's own NCP, then one negative variant per named fault of that NCP).
 */
export function selectSuite(id: string | undefined, sut: string | undefined, withScenarios: boolean): ScenarioDefinition[] {
  if (id === undefined) throw new CliError(`--sut needs --suite (${SUITE_IDS.join(' or ')})\n${RUN_USAGE}`);
  if (withScenarios) throw new CliError(`give scenario ids, --all or --suite, not several\n${RUN_USAGE}`);
  if (!isSuiteId(id)) throw new CliError(`unknown suite "${id}"; suites: ${SUITE_IDS.join(', ')}`);
  if (sut === undefined) return [selfTest(SUITES[id])];
  let url: URL;
  try {
    url = new URL(sut);
  } catch {
    throw new CliError(`--sut must be an http(s) URL, got "${sut}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--sut must be an http(s) URL, got "${sut}"`);
  return [suiteWithSut(SUITES[id], sut)];
}

/** Writes manifest.json and its signature; false (with the reason on stderr) when the directory cannot be sealed. */
async function sealEvidence(dir: string, key: KeyObject | undefined): Promise<boolean> {
  try {
    const sealed = await writeEvidenceManifest(dir, { ...(key && { key }), tool: `ixh ${await toolVersion()}` });
    process.stderr.write(`ixh run: evidence sealed: ${sealed.manifestPath} (${sealed.manifest.entries.length} files, head ${sealed.manifest.head.slice(0, 16)}…), public key ${sealed.publicKeyPath}${sealed.generatedKey ? ' (generated key: verifiers should pin a copy kept apart from the bundle)' : ''}\n`);
    return true;
  } catch (err) {
    if (!(err instanceof EvidenceManifestError)) throw err;
    process.stderr.write(`ixh run: harness error: cannot seal the evidence: ${err.message}\n`);
    return false;
  }
}

async function readSigningKey(path: string, evidence: string | undefined): Promise<KeyObject> {
  if (evidence === undefined) throw new CliError(`--sign-key needs --evidence DIR (it signs the evidence manifest)\n${RUN_USAGE}`);
  let pem: string;
  try {
    pem = await readFile(resolve(path), 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the signing key ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return signingKeyFromPem(pem);
  } catch (err) {
    if (err instanceof EvidenceManifestError) throw new CliError(`--sign-key ${path}: ${err.message}`);
    throw err;
  }
}

/** The file as written (the engine restricts it and frees its ports), after the same checks `serve world` applies. */
async function readWorldFile(path: string): Promise<WorldFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the world file ${path}: ${(err as Error).message}`);
  }
  try {
    parseWorld(text, path);
  } catch (err) {
    if (err instanceof WorldFileError) throw new CliError(err.message);
    throw err;
  }
  return parseYamlSource(text).data as WorldFile;
}

export function exitCodeFor(runs: readonly ScenarioRun[]): number {
  if (runs.some((r) => r.outcome === 'error')) return 2;
  if (runs.some((r) => r.outcome === 'fail')) return 1;
  return 0;
}

export function renderVerdicts(runs: readonly ScenarioRun[]): string {
  const rows: string[][] = [['scenario', 'variant', 'step', 'outcome', 'time ms', 'findings']];
  const details = new Map<number, string[]>();
  for (const run of runs) {
    for (const step of run.steps) {
      rows.push([run.scenarioId, run.variant, step.stepId, step.outcome, String(step.durationMs), String(step.findings.length)]);
      const lines = [
        ...(step.error ? [`harness error: ${step.error}`] : []),
        ...step.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} [${f.requirements.join(', ')}] ${f.message}${f.expected !== undefined ? ` (expected ${f.expected}` : ''}${f.actual !== undefined ? `${f.expected !== undefined ? ', ' : ' ('}actual ${f.actual})` : f.expected !== undefined ? ')' : ''}`),
      ];
      if (lines.length) details.set(rows.length - 1, lines);
    }
    const expected = run.expectedFailure ? `, expected ${run.expectedFailure.ruleId} ${run.expectedFailure.detected ? 'detected' : 'NOT detected'}` : '';
    rows.push([run.scenarioId, run.variant, '=> verdict', run.outcome, String(run.durationMs), expected ? expected.slice(2) : '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = rows.map((r, i) => [r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]!))).join('  ').trimEnd(), ...(details.get(i) ?? []).map((d) => `      ${d}`)].join('\n'));
  const count = (o: string): number => runs.filter((r) => r.outcome === o).length;
  const summary = `${runs.length} runs: ${count('pass')} pass, ${count('fail')} fail, ${count('error')} harness error; ${runs.reduce((n, r) => n + r.steps.length, 0)} steps in ${runs.reduce((n, r) => n + r.durationMs, 0)} ms`;
  return `${out.join('\n')}\n\n${summary}\n`;
}
