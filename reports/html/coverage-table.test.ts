import { describe, expect, it } from 'vitest';
import { coverageCounts, coverageSection } from './coverage-table.ts';
import { testReport } from './test-report.ts';

describe('coverage table', () => {
  it('counts covered as passed plus failed and lists every requirement', () => {
    const { coverage } = testReport();
    const counts = coverageCounts(coverage);
    expect(counts.covered).toBe(counts.passed + counts.failed);
    expect(counts.failed).toBeGreaterThan(0);
    expect(counts.covered + counts.notCovered).toBe(coverage.length);
    const html = coverageSection(coverage);
    expect(html.match(/<tr class="cov /g)).toHaveLength(coverage.length);
    expect(html).toContain('<span class="badge failed">failed</span>');
  });
});
