import { describe, expect, it } from 'vitest';
import type { CalibrationRow } from './calibrate.ts';
import { compareTagSets } from './compare.ts';
import { BEGIN, END, renderSection, spliceSection } from './report-section.ts';

describe('spliceSection', () => {
  const section = `${BEGIN}\nnew\n${END}`;

  it('replaces only what lies between the markers', () => {
    const doc = `# V\n\n## Rules\n\nrules\n\n## DICOM calibration\n\n${BEGIN}\nold\n${END}\n\n## After\n`;
    expect(spliceSection(doc, section)).toBe(`# V\n\n## Rules\n\nrules\n\n## DICOM calibration\n\n${section}\n\n## After\n`);
  });

  it('appends a section when the markers are missing', () => {
    expect(spliceSection('# V\n', section)).toBe(`# V\n\n## DICOM calibration\n\n${section}\n`);
  });
});

describe('renderSection', () => {
  const row = (file: string, dciodvfy: string[], ixh: string[]): CalibrationRow => ({
    entry: { file, path: `/x/${file}`, iod: 'ct' },
    dciodvfy: { errors: dciodvfy.map((tag) => ({ tag, message: `dciodvfy on ${tag}` })), warnings: [], exitCode: 0, output: '' },
    ixh: { findings: ixh.map((path) => ({ ruleId: 'dicom.x', severity: 'error', requirements: [], specRef: 'PS3.3', subject: file, path, message: `ixh on ${path}` })), harnessErrors: [], rulesRun: [] },
    comparison: compareTagSets(file, new Set(dciodvfy), new Set(ixh), []),
    unattributed: { dciodvfy: [], ixh: [] },
  });

  it('lists every file and each open mismatch with what both sides say', () => {
    const text = renderSection([row('ct-clean.dcm', [], []), row('ct-x.dcm', ['(0008,0020)'], [])], { total: 2, identical: 1, rate: 0.5, explained: 1 }, 'k');
    expect(text.startsWith(BEGIN) && text.endsWith(END)).toBe(true);
    expect(text).toContain('1/2 files identical (50.0 %)');
    expect(text).toContain('| `ct-clean.dcm` | none (clean) |');
    expect(text).toMatch(/\| `ct-x\.dcm` \| `\(0008,0020\)` StudyDate \| dciodvfy on \(0008,0020\) \| no error \|/);
  });

  it('lists files on which ixh said a check was not evaluated', () => {
    const partial = row('pt-clean.dcm', [], []);
    const withInfo = { ...partial, ixh: { ...partial.ixh, findings: [{ ruleId: 'dicom.iod.known-sop-class', severity: 'info' as const, requirements: [], specRef: 'PS3.3', subject: 'pt-clean.dcm', path: '(0008,0016)', message: 'presence was not evaluated' }] } };
    expect(renderSection([withInfo], { total: 1, identical: 1, rate: 1, explained: 1 }, 'k')).toContain('- `pt-clean.dcm`: dicom.iod.known-sop-class: presence was not evaluated');
    expect(renderSection([partial], { total: 1, identical: 1, rate: 1, explained: 1 }, 'k')).not.toContain('judged only in part');
  });
});
