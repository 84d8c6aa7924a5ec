/**
 * `ixh validate FILE... [--json] [--profile P]`: every file through `validateFile`, findings printed
 * grouped by severity, one summary line per file.
 *
 * Exit codes, most serious cause first: 3 when the harness broke (a rule threw: some verdicts are
 * missing, so no "pass" may be read from the run), 2 when an input could not be read (or a usage
 * error), 1 when an error-level finding exists, 0 otherwise. 3 matches main.ts's internal errors.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Finding, HarnessError, Severity } from '../../validators/finding.ts';
import { SEVERITY_ORDER } from '../../validators/finding.ts';
import { VALIDATION_PROFILES, type ValidationProfile } from '../../validators/rule.ts';
import { validateFile, type ValidateFileResult } from '../../validators/validate-file.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

export const EXIT = { pass: 0, errorFinding: 1, unreadable: 2, harnessError: 3 } as const;

export const validateCommand: Command = async (argv) => {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, profile: { type: 'string' } });
  const profile = (values.profile ?? 'base') as ValidationProfile;
  if (!VALIDATION_PROFILES.includes(profile)) throw new CliError(`--profile must be one of ${VALIDATION_PROFILES.join(', ')}, got "${values.profile}"`);
  if (positionals.length === 0) throw new CliError('usage: ixh validate FILE... [--json] [--profile base|xca-i|ehdsi-orcd|mado]');

  const files: string[] = [];
  for (const arg of positionals) files.push(...(await expandPattern(arg)));
  const results: ValidateFileResult[] = [];
  for (const file of files) {
    const result = await validateFile(file, { profile });
    results.push(result);
    if (!values.json) process.stdout.write(renderText(result));
    if ('unreadable' in result) process.stderr.write(`ixh: cannot validate ${file}: ${result.unreadable}\n`);
  }
  const summary = summarise(results);
  const exitCode = exitCodeFor(summary);
  if (values.json) process.stdout.write(`${JSON.stringify(toJson(results, profile, summary, exitCode), null, 2)}\n`);
  else process.stdout.write(renderTotals(summary, profile));
  return exitCode;
};

const GLOB_CHARS = /[*?[]/;

/**
 * A pattern the shell passed through unexpanded (`/tmp/f/NL/**\/*.dcm` in a shell without
 * globstar, or quoted): expanded here with `**`, `*`, `?` and `[...]`, matching files only, sorted.
 * An argument that names an existing path, or a pattern matching nothing, is kept as it is (and
 * then reported unreadable).
 */
export async function expandPattern(arg: string): Promise<string[]> {
  if (!GLOB_CHARS.test(arg) || (await stat(arg).then(() => true, () => false))) return [arg];
  const parts = arg.split(/[\\/]/);
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join('/') || (arg.startsWith('/') ? '/' : '.');
  const pattern = patternRegExp(parts.slice(firstGlob).join('/'));
  let entries;
  try {
    entries = await readdir(base, { recursive: true, withFileTypes: true });
  } catch {
    return [arg];
  }
  const matches = entries
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .filter((path) => pattern.test(relative(base, path).split(sep).join('/')))
    .sort();
  return matches.length > 0 ? matches : [arg];
}

function patternRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export interface Summary {
  readonly files: number;
  readonly failed: number;
  /** Files with no error finding but a rule that threw: neither pass nor fail. */
  readonly broken: number;
  readonly unreadable: number;
  readonly harnessErrors: number;
  readonly counts: Record<Severity, number>;
}

export function summarise(results: readonly ValidateFileResult[]): Summary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let failed = 0;
  let broken = 0;
  let unreadable = 0;
  let harnessErrors = 0;
  for (const r of results) {
    if ('unreadable' in r) {
      unreadable++;
      continue;
    }
    for (const f of r.run.findings) counts[f.severity]++;
    if (r.run.findings.some((f) => f.severity === 'error')) failed++;
    else if (r.run.harnessErrors.length > 0) broken++;
    harnessErrors += r.run.harnessErrors.length;
  }
  return { files: results.length, failed, broken, unreadable, harnessErrors, counts };
}

export function exitCodeFor(s: Summary): number {
  if (s.harnessErrors > 0) return EXIT.harnessError;
  if (s.unreadable > 0) return EXIT.unreadable;
  if (s.counts.error > 0) return EXIT.errorFinding;
  return EXIT.pass;
}

export function renderText(result: ValidateFileResult): string {
  if ('unreadable' in result) return `${result.file}: UNREADABLE: ${result.unreadable}\n`;
  const { run } = result;
  const kind = result.bodyKind ? `${result.kind}/${result.bodyKind}` : result.kind;
  const lines: string[] = [];
  const sorted = [...run.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  let current: Severity | undefined;
  for (const f of sorted) {
    if (f.severity !== current) {
      current = f.severity;
      lines.push(`  ${current.toUpperCase()}`);
    }
    lines.push(`    ${renderFinding(f)}`);
  }
  for (const h of run.harnessErrors) lines.push(`  HARNESS ERROR ${renderHarnessError(h)}`);
  const c = countBySeverity(run.findings);
  const verdict = run.harnessErrors.length > 0 ? 'HARNESS ERROR' : c.error > 0 ? 'FAIL' : 'PASS';
  const summary = `${result.file}: ${verdict} (${kind}) ${c.error} errors, ${c.warning} warnings, ${c.info} info; ${run.rulesRun.length} rules run${run.harnessErrors.length ? `, ${run.harnessErrors.length} harness errors` : ''}`;
  return `${[summary, ...lines].join('\n')}\n`;
}

function renderFinding(f: Finding): string {
  const detail = [f.expected !== undefined && `expected ${f.expected}`, f.actual !== undefined && `actual ${f.actual}`].filter(Boolean).join(', ');
  return `${f.ruleId} [${f.requirements.join(', ')}] ${f.path}: ${f.message}${detail ? ` (${detail})` : ''} — ${f.specRef}`;
}

function renderHarnessError(h: HarnessError): string {
  return `${h.ruleId}: ${h.message.split('\n')[0]} (the rule threw; this file was not judged by it)`;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function renderTotals(s: Summary, profile: ValidationProfile): string {
  const passed = s.files - s.failed - s.broken - s.unreadable;
  return `\n${s.files} files (profile ${profile}): ${passed} pass, ${s.failed} fail, ${s.broken} not judged (harness error), ${s.unreadable} unreadable; ${s.counts.error} errors, ${s.counts.warning} warnings, ${s.counts.info} info; ${s.harnessErrors} harness errors\n`;
}

function toJson(results: readonly ValidateFileResult[], profile: ValidationProfile, summary: Summary, exitCode: number) {
  return {
    profile,
    files: results.map((r) =>
      'unreadable' in r
        ? { file: r.file, unreadable: r.unreadable }
        : { file: r.file, kind: r.kind, ...(r.bodyKind && { bodyKind: r.bodyKind }), findings: r.run.findings, harnessErrors: r.run.harnessErrors, rulesRun: r.run.rulesRun },
    ),
    summary,
    exitCode,
  };
}
