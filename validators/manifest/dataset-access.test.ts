import { describe, expect, it } from 'vitest';
import { firstCode, items, tagPath, text, uidProblem, under } from './dataset-access.ts';

describe('tolerant data set access', () => {
  it('reads strings, numbers, PN and multi-values; treats empty and padding as absent', () => {
    expect(text(' MR ')).toBe('MR');
    expect(text(3)).toBe('3');
    expect(text([{ Alphabetic: 'Doe^Jane' }])).toBe('Doe^Jane');
    expect(text(['A', 'B'])).toBe('A');
    expect(text('\0')).toBeUndefined();
    expect(text({})).toBeUndefined();
  });

  it('reads sequences given as arrays or a lone item, and nothing else', () => {
    expect(items([{ a: 1 }, null, 2])).toEqual([{ a: 1 }]);
    expect(items({ a: 1 })).toEqual([{ a: 1 }]);
    expect(items('x')).toEqual([]);
    expect(firstCode([{ CodeValue: '113030', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Manifest' }])).toEqual({ value: '113030', scheme: 'DCM', meaning: 'Manifest' });
  });

  it('writes tag paths in the finding format', () => {
    expect(tagPath('CurrentRequestedProcedureEvidenceSequence', 0, 'ReferencedSeriesSequence', 1, 'RetrieveLocationUID')).toBe('(0040,A375)[0].(0008,1115)[1].(0040,E011)');
    expect(under('(0040,A730)[2]', 'ContentSequence', 0)).toBe('(0040,A730)[2].(0040,A730)[0]');
    expect(under('(0040,A370)', 0, 'AccessionNumber')).toBe('(0040,A370)[0].(0008,0050)');
  });

  it('judges UID form (PS3.5 9.1)', () => {
    expect(uidProblem('1.2.840.10008.5.1.4.1.1.88.59')).toBeUndefined();
    expect(uidProblem('1.02')).toMatch(/leading zeros/);
    expect(uidProblem(`1.${'1'.repeat(64)}`)).toMatch(/more than 64/);
    expect(uidProblem(undefined)).toMatch(/absent/);
  });
});
