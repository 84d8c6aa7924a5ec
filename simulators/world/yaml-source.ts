/**
 * A YAML text parsed with its positions kept, so a problem found later in the plain data (by
 * the schema or a semantic check) can point at `line:col` of the file. Paths are JSON pointers,
 * the form ajv reports (`/countries/1/pacs/port`).
 */
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface YamlProblem extends Position {
  readonly message: string;
}

export interface YamlSource {
  /** The data as plain JavaScript values; undefined when the text has syntax errors. */
  readonly data: unknown;
  /** Syntax errors and warnings; the data is only trusted when this is empty. */
  readonly problems: readonly YamlProblem[];
  /**
   * Where the value at `pointer` starts, or its key when `at: 'key'` (for an unknown key). A path
   * that is not in the file (a default) falls back to its nearest ancestor that is.
   */
  positionOf(pointer: string, at?: 'key' | 'value'): Position;
  /** Whether the file itself has a value at `pointer` (false for a default). */
  has(pointer: string): boolean;
  /** The source line (1-based), for excerpts. */
  lineText(line: number): string;
}

const START: Position = { line: 1, col: 1 };

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e): YamlProblem => {
    const at = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return { line: at.line, col: at.col, message: firstLine(e.message) };
  });
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // e.g. an alias bomb past maxAliasCount: still a problem with the file, not a crash.
      problems.push({ ...START, message: (err as Error).message });
    }
  }
  const lines = text.split(/\r?\n/);
  return {
    data,
    problems,
    positionOf: (pointer, at = 'value') => positionOf(doc, lineCounter, pointer, at),
    has: (pointer) => doc.hasIn(pointerSegments(pointer)),
    lineText: (line) => lines[line - 1] ?? '',
  };
}

/** `/countries/1/pacs` → ['countries', 1, 'pacs'] (RFC 6901 unescaping). */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function positionOf(doc: Document, lineCounter: LineCounter, pointer: string, at: 'key' | 'value'): Position {
  let node: Node | null | undefined = doc.contents;
  let best: number | undefined = node?.range?.[0];
  const segments = pointerSegments(pointer);
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyNode = isNode(pair.key) ? pair.key : undefined;
      if (last && at === 'key' && keyNode?.range) return lineCounter.linePos(keyNode.range[0]);
      node = isNode(pair.value) && !isEmptyScalar(pair.value) ? pair.value : undefined;
      // `key:` with no value has no value node: the key is the best we can point at.
      best = node?.range?.[0] ?? keyNode?.range?.[0] ?? best;
      if (!node) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else {
      break;
    }
  }
  return best === undefined ? START : lineCounter.linePos(best);
}

/** `key:` with nothing after it: a null scalar of zero width, at the end of the line. */
function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}

/** prettyErrors appends " at line L, column C:" and an excerpt; the position is kept separately. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
