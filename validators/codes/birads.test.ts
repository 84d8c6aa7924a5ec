import { describe, expect, it } from 'vitest';
import { biradsCategory, biradsCategoryField, BIRADS_CATEGORY_BY_CODE } from './birads.ts';

describe('CID 6027 BI-RADS', () => {
  it('covers categories 0–6 with 4A/4B/4C', () => {
    expect(new Set(Object.values(BIRADS_CATEGORY_BY_CODE))).toEqual(new Set(['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6']));
  });

  it('reads a category, and nothing for another code', () => {
    expect(biradsCategory('397141009')).toBe('2');
    expect(biradsCategoryField('MA.II.A.5.4B')).toEqual({ category: '4B' });
    expect(biradsCategoryField('12345')).toEqual({});
    expect(biradsCategory('toString')).toBeUndefined();
  });
});
