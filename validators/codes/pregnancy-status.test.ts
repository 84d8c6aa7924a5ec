import { describe, expect, it } from 'vitest';
import { PREGNANCY_STATUS_BY_DICOM_VALUE, SEED_PREGNANCY_STATUS } from './pregnancy-status.ts';
import { isSctid } from './sctid.ts';

describe('pregnancy status', () => {
  it('maps the four DICOM enumerated values to SNOMED CT', () => {
    expect(Object.keys(PREGNANCY_STATUS_BY_DICOM_VALUE)).toEqual(['1', '2', '3', '4']);
    for (const c of Object.values(PREGNANCY_STATUS_BY_DICOM_VALUE)) expect(isSctid(c.code)).toBe(true);
    expect(PREGNANCY_STATUS_BY_DICOM_VALUE[3]!.code).toBe('77386006');
  });

  it('the seed list is the DICOM mapping without "possible pregnancy"', () => {
    const mapped = Object.values(PREGNANCY_STATUS_BY_DICOM_VALUE).map((c) => c.code);
    expect(SEED_PREGNANCY_STATUS.map((c) => c.code)).toEqual(['77386006', '60001007', '261665006']);
    expect(mapped.filter((c) => !SEED_PREGNANCY_STATUS.some((s) => s.code === c))).toEqual(['102874004']);
  });
});
