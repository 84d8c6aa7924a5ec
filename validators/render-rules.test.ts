import { describe, expect, it } from 'vitest';
import type { FamilyListing } from './families.ts';
import { renderRulesSection, spliceRulesSection } from './render-rules.ts';

const family: FamilyListing = {
  name: 'demo',
  description: 'A demo family.',
  rules: [
    { id: 'demo.a', title: 'A | pipe', severity: 'error', requirements: ['GEN-01', 'MET-01'], specRef: 'DICOM PS3.3 C.7.1.1' },
    { id: 'demo.b', title: 'B', severity: 'warning', requirements: ['GEN-08'], specRef: 'x', profiles: ['xca-i', 'mado'] },
  ],
};

describe('renderRulesSection', () => {
  it('renders one table per family with escaped cells and base/profile columns', () => {
    const text = renderRulesSection([family]);
    expect(text.startsWith('## Rules\n')).toBe(true);
    expect(text).toContain('### demo');
    expect(text).toContain('| `demo.a` | error | base | GEN-01, MET-01 | DICOM PS3.3 C.7.1.1 | A \\| pipe |');
    expect(text).toContain('| `demo.b` | warning | xca-i, mado | GEN-08 | x | B |');
  });
});

describe('spliceRulesSection', () => {
  const section = '## Rules\n\nNEW\n';
  it('creates the document when there is none', () => expect(spliceRulesSection(undefined, section)).toBe('# Validators\n\n## Rules\n\nNEW\n'));
  it('appends the section when the document has none', () => expect(spliceRulesSection('# V\n\n## Calibration\n\ntext\n', section)).toBe('# V\n\n## Calibration\n\ntext\n\n## Rules\n\nNEW\n'));
  it('replaces only the Rules section, keeping what comes before and after', () => {
    const doc = '# V\n\n## Calibration\n\nkeep me\n\n## Rules\n\nOLD\n### sub\nold too\n\n## Later\n\nkeep me too\n';
    const out = spliceRulesSection(doc, section);
    expect(out).toBe('# V\n\n## Calibration\n\nkeep me\n\n## Rules\n\nNEW\n\n## Later\n\nkeep me too\n');
    expect(spliceRulesSection(out, section)).toBe(out);
  });
});
