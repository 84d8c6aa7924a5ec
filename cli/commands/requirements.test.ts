import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import type { FamilyListing } from '../../validators/families.ts';
import { REQUIREMENTS } from '../../validators/requirements.ts';
import { renderCoverage, requirementsCoverage } from './requirements.ts';

const IXH = join(import.meta.dirname, '..', '..', 'bin', 'ixh.mjs');

const family: FamilyListing = {
  name: 'demo',
  description: 'd',
  rules: [
    { id: 'demo.a', title: 't', severity: 'error', requirements: ['GEN-01', 'MET-01'], specRef: 's' },
    { id: 'demo.typo', title: 't', severity: 'error', requirements: ['GEN-1'], specRef: 's' },
  ],
};

describe('requirementsCoverage', () => {
  const report = requirementsCoverage([family], [{ id: 'storage.push#1', requirements: ['UC-543', 'GEN-01'] }]);

  it('lists rules and scenario steps per requirement', () => {
    expect(report.requirements.find((r) => r.id === 'GEN-01')).toMatchObject({ rules: ['demo.a'], steps: ['storage.push#1'], covered: true });
    expect(report.requirements.find((r) => r.id === 'UC-543')).toMatchObject({ rules: [], steps: ['storage.push#1'], covered: true });
  });
  it('flags uncovered ids and unknown ones', () => {
    expect(report.uncovered).toHaveLength(REQUIREMENTS.length - 3);
    expect(report.uncovered).toContain('GEN-02');
    expect(report.unknown).toEqual([{ source: 'demo.typo', ids: ['GEN-1'] }]);
    const text = renderCoverage(report);
    expect(text).toMatch(/^GEN-02  UNCOVERED/m);
    expect(text).toMatch(/UNKNOWN requirement ids in demo\.typo: GEN-1/);
    expect(text).toMatch(new RegExp(`3/${REQUIREMENTS.length} requirements covered`));
  });
});

describe('ixh requirements', () => {
  it('prints the catalogue with the real families, and JSON with --json', async () => {
    const text = await runTool(process.execPath, [IXH, 'requirements'], { timeoutMs: 30_000 });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^GEN-08 .*\n {4}rules: .*message\.atna\.event-identification/m);
    const json = await runTool(process.execPath, [IXH, 'requirements', '--json'], { timeoutMs: 30_000 });
    const doc = JSON.parse(json.stdout) as { requirements: { id: string }[]; unknown: unknown[] };
    expect(doc.requirements.map((r) => r.id)).toEqual(REQUIREMENTS.map((r) => r.id));
    expect(doc.unknown).toEqual([]);
  });
});
