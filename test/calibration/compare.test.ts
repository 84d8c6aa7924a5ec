import { describe, expect, it } from 'vitest';
import type { Finding } from '../../validators/finding.ts';
import { agreement, compareTagSets, innermostTag, ixhErrorTags, staleAllowances, type AllowedDifference } from './compare.ts';

const finding = (path: string, severity: Finding['severity'] = 'error'): Finding => ({
  ruleId: 'dicom.test', severity, requirements: [], specRef: 'PS3.3', subject: 'f.dcm', path, message: 'm',
});

describe('innermostTag', () => {
  it.each([
    ['(0020,000d)', '(0020,000D)'],
    ['(0040,A730)[0].(0040,a160)', '(0040,A160)'],
    ['(0054,0016)[0].(0054,0300)[0].(0008,0100)', '(0008,0100)'],
  ])('%s → %s', (path, tag) => expect(innermostTag(path)).toBe(tag));

  it('is undefined for a path that is no tag path', () => {
    expect(innermostTag('')).toBeUndefined();
    expect(innermostTag('file meta')).toBeUndefined();
  });
});

describe('ixhErrorTags', () => {
  it('keeps error findings only', () => {
    expect([...ixhErrorTags([finding('(0008,0020)'), finding('(0008,0030)', 'warning'), finding('(0008,1032)[0].(0008,0104)')])]).toEqual(['(0008,0020)', '(0008,0104)']);
  });
});

describe('compareTagSets', () => {
  const allow: AllowedDifference = { file: 'a.dcm', tag: '(0008,0119)', keyword: 'LongCodeValue', side: 'only-dciodvfy', right: 'ixh', reason: 'r' };

  it('finds nothing to say about identical sets', () => {
    const c = compareTagSets('a.dcm', new Set(['(0008,0100)']), new Set(['(0008,0100)']), []);
    expect(c).toEqual(expect.objectContaining({ identical: true, differences: [], unexplained: [] }));
  });

  it('reports each side’s extra tags and explains those on the allow-list', () => {
    const c = compareTagSets('a.dcm', new Set(['(0008,0100)', '(0008,0119)']), new Set(['(0008,0100)', '(0010,0010)']), [allow]);
    expect(c.identical).toBe(false);
    expect(c.allowed).toEqual([allow]);
    expect(c.unexplained).toEqual([{ tag: '(0010,0010)', side: 'only-ixh' }]);
  });

  it('does not let an entry for another file or side explain a difference', () => {
    expect(compareTagSets('b.dcm', new Set(['(0008,0119)']), new Set(), [allow]).unexplained).toHaveLength(1);
    expect(compareTagSets('a.dcm', new Set(), new Set(['(0008,0119)']), [allow]).unexplained).toHaveLength(1);
  });

  it('flags allow-list entries that no difference uses', () => {
    const c = compareTagSets('a.dcm', new Set(), new Set(), [allow]);
    expect(staleAllowances([allow], [c])).toEqual([allow]);
  });

  it('computes the agreement rate on identical files', () => {
    const same = compareTagSets('a.dcm', new Set(), new Set(), []);
    const explained = compareTagSets('a.dcm', new Set(['(0008,0119)']), new Set(), [allow]);
    const other = compareTagSets('c.dcm', new Set(['(0008,0119)']), new Set(), []);
    expect(agreement([same, explained, other])).toEqual({ total: 3, identical: 1, rate: 1 / 3, explained: 2 });
  });
});
