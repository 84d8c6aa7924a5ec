/**
 * The one comparison every identifier rule makes: many artifacts state one fact; the instances'
 * majority value is the reference (so one odd instance is named alone, not every other one), and
 * each statement that disagrees with it becomes exactly one finding naming both places.
 */
import type { RuleFinding } from '../rule.ts';
import type { Statement } from './artifacts.ts';

export const mismatchPath = (s: Statement, ref: Statement): string => `${s.place}:${s.where} ≠ ${ref.place}:${ref.where}`;

/** The reference statement: the most common value among instances (first seen wins a tie), else the first statement. */
export function reference(statements: readonly Statement[], key: (s: Statement) => string = (s) => s.value): Statement | undefined {
  const fromInstances = statements.filter((s) => s.place.startsWith('instance '));
  const pool = fromInstances.length > 0 ? fromInstances : statements;
  const counts = new Map<string, number>();
  for (const s of pool) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  let best: Statement | undefined;
  for (const s of pool) if (best === undefined || counts.get(key(s))! > counts.get(key(best))!) best = s;
  return best;
}

export function* disagreements(
  statements: readonly Statement[],
  what: string,
  same: (a: Statement, b: Statement) => boolean = (a, b) => a.value === b.value,
): Generator<RuleFinding> {
  const ref = reference(statements);
  if (!ref) return;
  for (const s of statements) {
    if (s === ref || same(s, ref)) continue;
    yield { path: mismatchPath(s, ref), message: `${what} "${s.value}" in ${s.place} differs from "${ref.value}" in ${ref.place}`, expected: ref.value, actual: s.value };
  }
}
