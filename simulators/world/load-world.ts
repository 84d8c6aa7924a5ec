/**
 * Reads a world file: YAML (positions kept) → schema check → defaults → semantic checks. Any
 * problem with the file, at whatever stage, ends as one `WorldFileError` listing every problem
 * found at that stage with `file:line:col`; nothing else is thrown for a bad file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { checkSchema } from './schema-problems.ts';
import { applyDefaults } from './world-defaults.ts';
import { checkWorld } from './world-checks.ts';
import type { WorldConfig } from './world-config.ts';
import { orderProblems, WorldFileError, type WorldProblem } from './world-file-error.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

/** Larger than any sensible world; a bigger file is a mistake (or an attack on the parser). */
export const MAX_WORLD_FILE_BYTES = 1024 * 1024;

/**
 * Parses world-file text. `source` names it in messages (usually the path); its base name,
 * without extension, is the world's name when the file gives none. `evidenceDir` is kept as
 * written; `loadWorldFile` resolves it against the file's folder.
 */
export function parseWorld(text: string, source: string): WorldConfig {
  if (Buffer.byteLength(text) > MAX_WORLD_FILE_BYTES) {
    throw new WorldFileError(source, [{ path: '', line: 1, col: 1, message: `the file is larger than ${MAX_WORLD_FILE_BYTES} bytes` }]);
  }
  const yaml = parseYamlSource(text);
  if (yaml.problems.length > 0) {
    fail(source, yaml.problems.map((p) => ({ path: '', ...p })), yaml);
  }
  const checked = checkSchema(yaml.data, yaml);
  if (!checked.ok) fail(source, checked.problems, yaml);

  const { world, faultProblems } = applyDefaults(checked.file, worldNameOf(source));
  const problems: WorldProblem[] = faultProblems.map((f) => located(yaml, `/countries/${f.country}/${f.actor ?? 'pacs'}/fault/${f.fault}`, f.message));
  for (const finding of checkWorld(world)) problems.push(located(yaml, finding.path, finding.message));
  if (problems.length > 0) fail(source, problems, yaml);
  return world;
}

export async function loadWorldFile(path: string): Promise<WorldConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new WorldFileError(path, [{ path: '', line: 1, col: 1, message: `cannot read the world file: ${reason}` }]);
  }
  const world = parseWorld(text, path);
  return world.evidenceDir === undefined ? world : { ...world, evidenceDir: resolve(dirname(path), world.evidenceDir) };
}

function worldNameOf(source: string): string {
  const base = basename(source, extname(source));
  return base === '' ? 'world' : base;
}

/** A problem with a default value points at the nearest key the file does have, and says so. */
function located(yaml: YamlSource, path: string, message: string): WorldProblem {
  return { path, ...yaml.positionOf(path), message: yaml.has(path) ? message : `${message} (a default: set it in the file)` };
}

function fail(source: string, problems: readonly WorldProblem[], yaml: YamlSource): never {
  throw new WorldFileError(source, orderProblems(problems), yaml);
}
