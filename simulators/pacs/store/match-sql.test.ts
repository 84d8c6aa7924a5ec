import { describe, expect, it } from 'vitest';
import { queryValues, toGlob, valueCondition } from './match-sql.ts';

describe('valueCondition', () => {
  it('is universal for empty values and a lone *', () => {
    expect(valueCondition('AccessionNumber', 'SH', 'c', '')).toBeUndefined();
    expect(valueCondition('AccessionNumber', 'SH', 'c', [])).toBeUndefined();
    expect(valueCondition('StudyDate', 'DA', 'c', '*')).toBeUndefined();
    expect(valueCondition('StudyDate', 'DA', 'c', '-')).toBeUndefined();
  });
  it('uses a prefix range plus GLOB for a leading literal, and GLOB alone otherwise', () => {
    expect(valueCondition('AccessionNumber', 'SH', 'c', 'AB*')).toEqual({ sql: '(c >= ? AND c < ? AND c GLOB ?)', params: ['AB', 'AC', 'AB*'] });
    expect(valueCondition('AccessionNumber', 'SH', 'c', '*B')).toEqual({ sql: 'c GLOB ?', params: ['*B'] });
  });
  it('does not apply wildcards on VRs that do not allow them', () => {
    expect(valueCondition('SOPInstanceUID', 'UI', 'c', '1.2*')).toEqual({ sql: 'c = ?', params: ['1.2*'] });
  });
  it('folds PN values before matching', () => {
    expect(valueCondition('PatientName', 'PN', 'c', [{ Alphabetic: 'Müller^Jürgen^^^' }], 'f')).toEqual({ sql: 'f = ?', params: ['MULLER^JURGEN'] });
  });
  it('splits DT ranges at the right hyphen despite UTC offsets', () => {
    expect(valueCondition('AcquisitionDateTime', 'DT', 'c', '20240101120000-0500-20240102')).toEqual({ sql: '(c >= ? AND c <= ?)', params: ['20240101120000-0500', '20240102~'] });
  });
  it('matches any of several values and integer lists', () => {
    expect(valueCondition('Modality', 'CS', 'c', 'CT\\MR')).toEqual({ sql: '(c = ? OR c = ?)', params: ['CT', 'MR'] });
    expect(valueCondition('SeriesNumber', 'IS', 'c', '1\\2')).toEqual({ sql: 'c IN (SELECT value FROM json_each(?))', params: ['[1,2]'] });
    expect(() => valueCondition('SeriesNumber', 'IS', 'c', 'x')).toThrow(expect.objectContaining({ code: 'invalid-value' }));
  });
});

describe('helpers', () => {
  it('escapes [ for GLOB', () => expect(toGlob('A[1]*')).toBe('A[[]1]*'));
  it('keeps backslashes in LT/ST/UT values', () => expect(queryValues('LT', 'a\\b')).toEqual(['a\\b']));
});
