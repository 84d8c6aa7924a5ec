/**
 * Translates one C-FIND key into an SQL condition, per PS3.4 C.2.2.2:
 * - universal matching: zero-length value, or a value that is only `*` (C.2.2.2.3/4)
 * - single value matching: `=`; case-sensitive, except PN (see below)
 * - wildcard matching `*` / `?` on AE CS LO LT PN SH ST UC UR UT only (C.2.2.2.4), as SQLite
 *   GLOB (case-sensitive, `[` escaped as `[[]`) plus a prefix range so the index is used
 * - range matching on DA, TM, DT: `a-b`, `-b`, `a-`; bounds are inclusive and respect the
 *   precision given (`-1200` includes 12:00:59), by comparing strings with `~` appended to the
 *   upper bound (`~` sorts after every digit and `.`)
 * - list of UID matching (backslash-separated, C.2.2.2.2); other multi-valued keys match when
 *   any value matches
 * - PN: matched on the folded alphabetic group (accent- and case-insensitive), see `foldPersonName`.
 */
import { foldPersonName, singleText, textValues } from './dicom-values.ts';
import { QueryError } from './query-error.ts';

export interface SqlCondition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export const WILDCARD_VRS: ReadonlySet<string> = new Set(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);
const SINGLE_VALUED_TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
const INTEGER_VRS = new Set(['IS', 'SL', 'SS', 'UL', 'US', 'SV', 'UV']);
const TEMPORAL_PATTERN: Readonly<Record<string, RegExp>> = {
  DA: /^\d{4}(\d{2}(\d{2})?)?$/,
  TM: /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/,
  DT: /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/,
};

/** The query values of a key, or `undefined` for universal matching. */
export function queryValues(vr: string, value: unknown): string[] | undefined {
  const values = SINGLE_VALUED_TEXT_VRS.has(vr) ? [singleText(value)].filter((v): v is string => v !== undefined) : textValues(value);
  if (values.length === 0 || values.includes('*')) return undefined;
  return values;
}

const or = (parts: SqlCondition[]): SqlCondition =>
  parts.length === 1 ? parts[0]! : { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };

/** GLOB pattern for a DICOM wildcard value: `*` and `?` keep their meaning, `[` becomes literal. */
export function toGlob(value: string): string {
  return value.replace(/\[/g, '[[]');
}

/** Smallest string greater than every string starting with `prefix` (code-point order = UTF-8 byte order). */
function prefixUpperBound(prefix: string): string {
  if (prefix === '') return '\u{10FFFF}';
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  let next = last + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return next > 0x10ffff ? `${prefixUpperBound(chars.join(''))}` : chars.join('') + String.fromCodePoint(next);
}

function textCondition(column: string, value: string, wildcards: boolean): SqlCondition {
  if (!wildcards || !/[*?]/.test(value)) return { sql: `${column} = ?`, params: [value] };
  const prefix = value.slice(0, value.search(/[*?]/));
  const glob: SqlCondition = { sql: `${column} GLOB ?`, params: [toGlob(value)] };
  if (prefix === '') return glob;
  return { sql: `(${column} >= ? AND ${column} < ? AND ${glob.sql})`, params: [prefix, prefixUpperBound(prefix), ...glob.params] };
}

/** Splits a DT range at the `-` that leaves a valid DT (or nothing) on both sides; DT offsets also use `-`. */
function splitRange(vr: string, value: string): [string, string] | undefined {
  if (!value.includes('-')) return undefined;
  const pattern = TEMPORAL_PATTERN[vr]!;
  for (let i = value.indexOf('-'); i >= 0; i = value.indexOf('-', i + 1)) {
    const [a, b] = [value.slice(0, i), value.slice(i + 1)];
    if ((a === '' || pattern.test(a)) && (b === '' || pattern.test(b))) return [a, b];
  }
  return undefined;
}

function temporalCondition(vr: string, keyword: string, column: string, value: string): SqlCondition | undefined {
  const normalised = vr === 'TM' ? value.replace(/:/g, '') : vr === 'DA' ? value.replace(/\./g, '') : value;
  const range = splitRange(vr, normalised);
  const [lower, upper] = range ?? [normalised, normalised];
  if (lower === '' && upper === '') return undefined;
  for (const bound of [lower, upper]) {
    if (bound !== '' && !TEMPORAL_PATTERN[vr]!.test(bound)) {
      throw new QueryError('invalid-value', `${keyword}: "${value}" is neither a ${vr} value nor a ${vr} range`, keyword);
    }
  }
  const parts: string[] = [];
  const params: string[] = [];
  if (lower !== '') { parts.push(`${column} >= ?`); params.push(lower); }
  if (upper !== '') { parts.push(`${column} <= ?`); params.push(`${upper}~`); }
  return { sql: `(${parts.join(' AND ')})`, params };
}

function integerCondition(keyword: string, column: string, values: string[]): SqlCondition {
  const numbers = values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new QueryError('invalid-value', `${keyword}: "${v}" is not an integer`, keyword);
    return n;
  });
  return numbers.length === 1 ? { sql: `${column} = ?`, params: numbers } : { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(numbers)] };
}

/**
 * Condition for a stored (non-sequence) key, or `undefined` for universal matching.
 * `column` is the SQL column expression; `foldedColumn` is required for PN.
 */
export function valueCondition(keyword: string, vr: string, column: string, value: unknown, foldedColumn?: string): SqlCondition | undefined {
  const values = queryValues(vr, value);
  if (values === undefined) return undefined;
  if (vr === 'UI') {
    return values.length === 1 ? { sql: `${column} = ?`, params: values } : { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
  }
  if (INTEGER_VRS.has(vr)) return integerCondition(keyword, column, values);
  if (vr in TEMPORAL_PATTERN) {
    const parts = values.map((v) => temporalCondition(vr, keyword, column, v));
    return parts.includes(undefined) ? undefined : or(parts as SqlCondition[]);
  }
  if (vr === 'PN') {
    if (!foldedColumn) throw new Error(`PN key ${keyword} needs a folded column`);
    const folded = values.map(foldPersonName).filter((v) => v !== '');
    if (folded.length === 0 || folded.includes('*')) return undefined;
    return or(folded.map((v) => textCondition(foldedColumn, v, true)));
  }
  return or(values.map((v) => textCondition(column, v, WILDCARD_VRS.has(vr))));
}
