/** Requirement coverage: counts (covered = passed + failed) and one row per catalogue requirement. */
import type { CoverageStatus, RequirementCoverage } from '../run-model.ts';
import { esc } from './escape.ts';

export interface CoverageCounts {
  readonly total: number;
  readonly covered: number;
  readonly passed: number;
  readonly failed: number;
  readonly notCovered: number;
}

export function coverageCounts(coverage: readonly RequirementCoverage[]): CoverageCounts {
  const count = (s: CoverageStatus): number => coverage.filter((c) => c.status === s).length;
  const passed = count('passed');
  const failed = count('failed');
  return { total: coverage.length, covered: passed + failed, passed, failed, notCovered: count('not-covered') };
}

export function coverageSection(coverage: readonly RequirementCoverage[]): string {
  const c = coverageCounts(coverage);
  const rows = coverage.map(
    (r) =>
      `<tr class="cov ${esc(r.status)}"><td><code>${esc(r.id)}</code></td><td>${esc(r.group)}</td><td>${esc(r.text)}</td><td><span class="badge ${esc(r.status)}">${esc(r.status)}</span></td><td>${r.runs.map((n) => esc(n)).join('<br>')}</td></tr>`,
  );
  return [
    '<section id="coverage"><h2>Requirement coverage</h2>',
    `<table class="counts" id="coverage-counts"><tr><th>covered</th><th>passed</th><th>failed</th><th>not covered</th><th>total</th></tr>`,
    `<tr><td>${c.covered}</td><td class="passed">${c.passed}</td><td class="failed">${c.failed}</td><td class="not-covered">${c.notCovered}</td><td>${c.total}</td></tr></table>`,
    `<table class="coverage" id="coverage-table"><thead><tr><th>Requirement</th><th>Group</th><th>Text</th><th>Status</th><th>Runs</th></tr></thead><tbody>`,
    ...rows,
    '</tbody></table></section>',
  ].join('\n');
}
