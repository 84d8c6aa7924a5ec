/**
 * What is wrong with a world file, each problem at `file:line:col` and a readable path, so the
 * CLI can print the error and exit without a stack trace.
 */
import { pointerSegments, type YamlSource } from './yaml-source.ts';

export interface WorldProblem {
  /** JSON pointer into the file's data, e.g. `/countries/1/pacs/port`; '' for the whole file. */
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export class WorldFileError extends Error {
  override readonly name = 'WorldFileError';

  constructor(
    readonly source: string,
    readonly problems: readonly WorldProblem[],
    excerpts: YamlSource | undefined = undefined,
  ) {
    super(renderProblems(source, problems, excerpts));
  }
}

/** `/countries/1/pacs/port` → `countries[1].pacs.port` */
export function displayPath(pointer: string): string {
  return pointerSegments(pointer)
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

/**
 * One line per problem, `world.yaml:14:11 countries[1].pacs.port: must be integer ≤ 65535`,
 * followed by the source line and a caret when the text is at hand.
 */
export function renderProblems(source: string, problems: readonly WorldProblem[], excerpts?: YamlSource): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = [`${source}: ${count} in the world file`];
  for (const p of problems) {
    const where = p.path === '' ? '' : `${displayPath(p.path)}: `;
    lines.push(`${source}:${p.line}:${p.col} ${where}${p.message}`);
    const text = excerpts?.lineText(p.line);
    if (text) {
      const gutter = `${p.line} | `;
      lines.push(`  ${gutter}${text}`, `  ${' '.repeat(gutter.length + p.col - 1)}^`);
    }
  }
  return lines.join('\n');
}

/** Problems in reading order, each reported once. */
export function orderProblems(problems: readonly WorldProblem[]): WorldProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path))
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.path}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The candidate closest to `word` by edit distance (case-insensitive), if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
