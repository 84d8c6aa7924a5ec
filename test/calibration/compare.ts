/**
 * Compares, per file, the attributes ixh's DICOM validators call errors with those dciodvfy calls
 * errors. The comparison is made at the innermost attribute: dciodvfy never prints the sequence
 * path of a nested attribute (a Code Meaning missing from any code sequence item is just
 * <CodeMeaning>), so ixh's "(0040,A730)[0].(0040,A010)" is compared as "(0040,A010)". Messages
 * naming no attribute on either side (dciodvfy's "Information Object Not found", its KOS
 * cross-reference checks; an ixh finding whose path is not a tag path) are kept for the report
 * but not compared.
 */
import type { Finding } from '../../validators/finding.ts';

const TAG = /\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)/g;

/** Last "(gggg,eeee)" of a DICOM tag path, upper-case; undefined when the path does not start with a tag. */
export function innermostTag(path: string): string | undefined {
  if (!/^\s*\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)/.test(path)) return undefined;
  const tags = [...path.matchAll(TAG)];
  const last = tags[tags.length - 1];
  return last ? `(${last[1]!.toUpperCase()},${last[2]!.toUpperCase()})` : undefined;
}

export function ixhErrorFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

/** Innermost tags of ixh's error-level findings. */
export function ixhErrorTags(findings: readonly Finding[]): Set<string> {
  return new Set(ixhErrorFindings(findings).flatMap((f) => {
    const tag = innermostTag(f.path);
    return tag ? [tag] : [];
  }));
}

export type DifferenceSide = 'only-dciodvfy' | 'only-ixh';

/** A known difference, accepted after reading PS3.3: which verdict is right and why. */
export interface AllowedDifference {
  readonly file: string;
  readonly tag: string;
  readonly keyword: string;
  readonly side: DifferenceSide;
  /** Who is right according to PS3.3 (or "both" when the standard allows either reading). */
  readonly right: 'dciodvfy' | 'ixh' | 'both';
  readonly reason: string;
}

export interface Difference {
  readonly tag: string;
  readonly side: DifferenceSide;
}

export interface FileComparison {
  readonly file: string;
  readonly dciodvfy: readonly string[];
  readonly ixh: readonly string[];
  /** Every difference, allowed or not. */
  readonly differences: readonly Difference[];
  readonly allowed: readonly AllowedDifference[];
  /** Differences no allow-list entry explains: calibration failures. */
  readonly unexplained: readonly Difference[];
  /** Same tag sets, before any allowance. */
  readonly identical: boolean;
}

const sorted = (tags: Iterable<string>): string[] => [...tags].sort();

export function compareTagSets(file: string, dciodvfy: ReadonlySet<string>, ixh: ReadonlySet<string>, allowList: readonly AllowedDifference[]): FileComparison {
  const differences: Difference[] = [
    ...sorted(dciodvfy).filter((t) => !ixh.has(t)).map((tag) => ({ tag, side: 'only-dciodvfy' as const })),
    ...sorted(ixh).filter((t) => !dciodvfy.has(t)).map((tag) => ({ tag, side: 'only-ixh' as const })),
  ];
  const allowanceFor = (d: Difference): AllowedDifference | undefined => allowList.find((a) => a.file === file && a.tag === d.tag && a.side === d.side);
  return {
    file,
    dciodvfy: sorted(dciodvfy),
    ixh: sorted(ixh),
    differences,
    allowed: differences.flatMap((d) => allowanceFor(d) ?? []),
    unexplained: differences.filter((d) => !allowanceFor(d)),
    identical: differences.length === 0,
  };
}

/** Allow-list entries that match no actual difference: stale, and so no longer justified. */
export function staleAllowances(allowList: readonly AllowedDifference[], comparisons: readonly FileComparison[]): AllowedDifference[] {
  const used = new Set(comparisons.flatMap((c) => c.allowed));
  return allowList.filter((a) => !used.has(a));
}

export interface Agreement {
  readonly total: number;
  /** Files whose two tag sets are identical. */
  readonly identical: number;
  /** identical / total. */
  readonly rate: number;
  /** Files whose every difference is on the allow-list. */
  readonly explained: number;
}

export function agreement(comparisons: readonly FileComparison[]): Agreement {
  const total = comparisons.length;
  const identical = comparisons.filter((c) => c.identical).length;
  return { total, identical, rate: total === 0 ? 0 : identical / total, explained: comparisons.filter((c) => c.unexplained.length === 0).length };
}

export function formatRate(a: Agreement): string {
  return `${a.identical}/${a.total} files identical (${(a.rate * 100).toFixed(1)} %), ${a.explained}/${a.total} after the allow-list`;
}
