/**
 * `ixh replay DIR [--json]`: re-runs the validators over a run recorded with `ixh run --evidence DIR`,
 * with no network and no world, and compares the findings with the ones the run recorded.
 *
 * The replay pass (`replayFindings`) judges every recorded message body that is DICOM or XML (SOAP
 * envelopes with their SAML assertions and ebRIM/HL7v3 bodies, DICOM instances, KOS manifests, CDA
 * reports, MTOM parts saved on their own) with `validateBytes` — the per-message validators of
 * `ixh validate` — under the run's profile. `ixh run --evidence DIR` runs the same pass at the end
 * and writes it to `DIR/findings.json` beside `DIR/runs.json` (the verdicts), so a replay of an
 * untouched directory gives the same findings by construction: what it proves is that the evidence
 * alone carries them, and that nothing recorded was changed afterwards. Exit 0 same findings, 1 a
 * difference (printed as a diff), 2 a directory that is not a recorded run.
 *
 * Identical bodies (an image relayed by four actors) are judged once, keyed by their SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import type { EvidenceEntry } from '../../simulators/evidence/evidence.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import { validateBytes } from '../../validators/validate-file.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

export const REPLAY_USAGE = 'usage: ixh replay DIR [--json]';
export const RUNS_FILE = 'runs.json';
export const FINDINGS_FILE = 'findings.json';
/** Recorded bodies the per-message validators judge; JSON bodies are the harness's own notes (DIMSE commands, notices). */
const JUDGED = /\.(dcm|xml)$/;

/** What `ixh run --evidence DIR` writes to `DIR/runs.json`. */
export interface RunRecord {
  readonly profile: ValidationProfile;
  readonly seed?: number;
  readonly runs: readonly ScenarioRun[];
}

export interface MessageFindings {
  readonly file: string;
  readonly kind: string;
  /** `<severity> <ruleId> <path>: <message>`, sorted. */
  readonly findings: readonly string[];
}

export interface FindingsRecord {
  readonly profile: ValidationProfile;
  readonly messages: readonly MessageFindings[];
}

/** The replay pass: every judged body listed in `DIR/index.json`, validated under `profile`. */
export async function replayFindings(dir: string, profile: ValidationProfile): Promise<FindingsRecord> {
  const index = await readJson<{ messages?: EvidenceEntry[] }>(join(dir, 'index.json'), 'the evidence index');
  if (!Array.isArray(index.messages)) throw new CliError(`${join(dir, 'index.json')} lists no messages`);
  const byHash = new Map<string, Omit<MessageFindings, 'file'>>();
  const messages: MessageFindings[] = [];
  for (const entry of index.messages) {
    if (typeof entry.file !== 'string' || !JUDGED.test(entry.file)) continue;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, entry.file));
    } catch (err) {
      messages.push({ file: entry.file, kind: 'unreadable', findings: [`error replay.evidence.missing : ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] });
      continue;
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    let judged = byHash.get(hash);
    if (!judged) {
      const { kind, run } = validateBytes(bytes, entry.file, { subjectName: 'message', profile });
      const findings = [...run.findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}: ${f.message}`), ...run.harnessErrors.map((h) => `harness-error ${h.ruleId}: ${h.message}`)].sort();
      judged = { kind, findings };
      byHash.set(hash, judged);
    }
    messages.push({ file: entry.file, ...judged });
  }
  return { profile, messages };
}

/** Lines only in `recorded` (-) and only in `replayed` (+), per message file. */
export function diffFindings(recorded: FindingsRecord, replayed: FindingsRecord): string[] {
  const lines = (r: FindingsRecord): Set<string> => new Set(r.messages.flatMap((m) => [`${m.file} [${m.kind}]`, ...m.findings.map((f) => `${m.file} ${f}`)]));
  const before = lines(recorded);
  const after = lines(replayed);
  return [...[...before].filter((l) => !after.has(l)).map((l) => `- ${l}`), ...[...after].filter((l) => !before.has(l)).map((l) => `+ ${l}`)];
}

/** Called by `ixh run --evidence DIR` once the evidence is closed: the verdicts and the replay pass. */
export async function writeRunRecord(dir: string, record: RunRecord): Promise<FindingsRecord> {
  await writeFile(join(dir, RUNS_FILE), `${JSON.stringify(record, null, 2)}\n`);
  const findings = await replayFindings(dir, record.profile);
  await writeFile(join(dir, FINDINGS_FILE), `${JSON.stringify(findings, null, 2)}\n`);
  return findings;
}

export const replayCommand: Command = async (argv) => {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliError(REPLAY_USAGE);
  const dir = resolve(positionals[0]!);
  const runs = await readJson<Partial<RunRecord>>(join(dir, RUNS_FILE), 'the run record (written by `ixh run --evidence DIR`)');
  const recorded = await readJson<FindingsRecord>(join(dir, FINDINGS_FILE), 'the recorded findings');
  if (typeof runs.profile !== 'string' || !Array.isArray(recorded.messages)) throw new CliError(`${dir} is not a run recorded by \`ixh run --evidence\` (no profile or no findings list)`);
  const replayed = await replayFindings(dir, runs.profile);
  const diff = diffFindings(recorded, replayed);
  const count = replayed.messages.reduce((n, m) => n + m.findings.length, 0);
  if (values.json) process.stdout.write(`${JSON.stringify({ same: diff.length === 0, messages: replayed.messages.length, findings: count, diff }, null, 2)}\n`);
  else {
    const verdicts = (runs.runs ?? []).map((r) => `${r.scenarioId}/${r.variant} ${r.outcome}`).join(', ');
    process.stdout.write(`replayed ${replayed.messages.length} messages of ${dir} (${verdicts || 'no runs'}): ${count} findings, ${diff.length === 0 ? 'same as recorded' : `${diff.length} lines differ from the recorded findings`}\n`);
    if (diff.length) process.stdout.write(`${diff.join('\n')}\n`);
  }
  return diff.length === 0 ? 0 : 1;
};

async function readJson<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} is not JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${path} is not a JSON object`);
  return value as T;
}
