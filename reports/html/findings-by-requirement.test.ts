import { describe, expect, it } from 'vitest';
import type { Finding } from '../../validators/finding.ts';
import { findingRows, findingsSection, groupByRequirement } from './findings-by-requirement.ts';
import { testReport } from './test-report.ts';

describe('findings by requirement', () => {
  it('links each finding to the message it concerns and groups it under its requirement', () => {
    const report = testReport();
    const rows = findingRows(report);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requirement: 'GEN-02', message: expect.objectContaining({ seq: 12 }) });
    const html = findingsSection(report);
    expect(html).toContain('id="findings-table"');
    expect(html).toContain('<tbody class="req-group" data-requirement="GEN-02">');
    expect(html).toContain('href="#msg-12"');
    expect(html).toContain('the query answers &lt;Success&gt;');
  });

  it('folds repeated info findings of a rule in a step and lists errors first', () => {
    const report = testReport();
    const info: Finding = { ruleId: 'x.info', severity: 'info', requirements: ['GEN-01'], specRef: '', subject: 's', path: '', message: 'not evaluated' };
    const step = { ...report.runs[0]!.steps[0]!, findings: [info, info, info] };
    const run = { ...report.runs[0]!, steps: [step, report.runs[0]!.steps[1]!] };
    const rows = findingRows({ ...report, runs: [run] });
    expect(rows.map((r) => [r.requirement, r.finding.severity, r.count])).toEqual([
      ['GEN-01', 'info', 3],
      ['GEN-02', 'error', 1],
    ]);
    expect(groupByRequirement(rows, ['GEN-01', 'GEN-02']).map(([id]) => id)).toEqual(['GEN-02', 'GEN-01']);
  });
});
