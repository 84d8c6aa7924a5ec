import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import { CliError } from '../command.ts';
import { exitCodeFor, renderVerdicts, selectScenarios } from './run.ts';

const run = (outcome: ScenarioRun['outcome'], variant = 'main'): ScenarioRun => ({
  scenarioId: 'ms-attack',
  variant,
  outcome,
  steps: [
    {
      stepId: 'identify', title: 'identify', actor: 'CZ hospital', outcome: outcome === 'pass' ? 'pass' : outcome, durationMs: 12, bytes: 0, notes: [], requirements: ['GEN-01'],
      findings: outcome === 'fail' ? [{ ruleId: 'ms-attack.identify.patient-found', severity: 'error', requirements: ['GEN-01'], specRef: 'scenario ms-attack step identify', subject: 's', path: '', message: 'not found', expected: 'OK', actual: 'NF' }] : [],
      ...(outcome === 'error' && { error: 'boom' }),
    },
  ],
  durationMs: 12,
  requirements: ['UC-541'],
});

describe('ixh run', () => {
  it('selects scenarios by id or --all, and names the known ids for an unknown one', () => {
    expect(selectScenarios(['ms-attack'], false).map((s) => s.id)).toEqual(['ms-attack']);
    expect(selectScenarios([], true).map((s) => s.id)).toContain('ms-attack');
    expect(() => selectScenarios(['nope'], false)).toThrow(CliError);
    expect(() => selectScenarios(['nope'], false)).toThrow(/unknown scenario "nope"; scenarios: .*ms-attack/);
    expect(() => selectScenarios([], false)).toThrow(/usage: ixh run/);
  });

  it('exits 2 on any harness error (it wins), else 1 on any fail, else 0', () => {
    expect(exitCodeFor([run('pass'), run('pass', 'v')])).toBe(0);
    expect(exitCodeFor([run('pass'), run('fail', 'v')])).toBe(1);
    expect(exitCodeFor([run('fail'), run('error', 'v')])).toBe(2);
  });

  it('prints one row per step, failing findings under their step, and a summary', () => {
    const text = renderVerdicts([run('fail'), run('error', 'unknown-patient')]);
    expect(text).toMatch(/^scenario\s+variant\s+step\s+outcome\s+time ms\s+findings$/m);
    expect(text).toMatch(/ms-attack\s+main\s+identify\s+fail\s+12\s+1/);
    expect(text).toContain('ms-attack.identify.patient-found [GEN-01] not found (expected OK, actual NF)');
    expect(text).toContain('harness error: boom');
    expect(text).toContain('2 runs: 0 pass, 1 fail, 1 harness error');
    expect(text).not.toMatch(/\u001b/);
  });
});
