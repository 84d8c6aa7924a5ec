import { describe, expect, it } from 'vitest';
import { hasErrors } from './finding.ts';
import type { Rule } from './rule.ts';
import { mergeRuns, runRules } from './run-rules.ts';

const positive: Rule<number> = {
  id: 'test.number.positive',
  title: 'the number is positive',
  severity: 'error',
  requirements: ['MET-01'],
  specRef: 'test',
  *check(n) {
    if (n <= 0) yield { path: '/', message: `${n} is not positive`, expected: '> 0', actual: String(n) };
  },
};
const xcaOnly: Rule<number> = { ...positive, id: 'test.number.xca', profiles: ['xca-i'], severity: 'warning' };
const throwing: Rule<number> = { ...positive, id: 'test.number.throws', check: () => { throw new Error('boom'); } };

describe('runRules', () => {
  it('fills in the rule\'s identity and passes a good subject', () => {
    expect(runRules([positive], 3, { subjectName: 'n' })).toEqual({ findings: [], harnessErrors: [], rulesRun: ['test.number.positive'] });
    const run = runRules([positive], -1, { subjectName: 'n' });
    expect(run.findings).toEqual([{ ruleId: 'test.number.positive', severity: 'error', requirements: ['MET-01'], specRef: 'test', subject: 'n', path: '/', message: '-1 is not positive', expected: '> 0', actual: '-1' }]);
    expect(hasErrors(run.findings)).toBe(true);
  });

  it('runs profile rules only under their profile', () => {
    expect(runRules([xcaOnly], -1, { subjectName: 'n' }).rulesRun).toEqual([]);
    expect(runRules([xcaOnly], -1, { subjectName: 'n', profile: 'xca-i' }).findings.map((f) => f.severity)).toEqual(['warning']);
    expect(runRules([xcaOnly], -1, { subjectName: 'n', profile: 'mado' }).rulesRun).toEqual([]);
  });

  it('reports a throwing rule as a harness error, never as a pass, and runs the others', () => {
    const run = mergeRuns([runRules([throwing, positive], -1, { subjectName: 'n' })]);
    expect(run.harnessErrors).toEqual([expect.objectContaining({ ruleId: 'test.number.throws', message: 'boom' })]);
    expect(run.rulesRun).toEqual(['test.number.positive']);
    expect(run.findings).toHaveLength(1);
  });
});
