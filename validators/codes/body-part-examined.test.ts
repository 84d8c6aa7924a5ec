import { describe, expect, it } from 'vitest';
import { ANNEX_L_REGION, BODY_PART_DEFINED_TERMS, PAIRED_BODY_PARTS, PAIRED_REGION_CODES, regionOfBodyPart } from './body-part-examined.ts';
import { isSctid } from './sctid.ts';

describe('PS3.16 Annex L body parts', () => {
  it('maps only defined terms, each to a valid SCTID', () => {
    for (const [term, region] of Object.entries(ANNEX_L_REGION)) {
      expect(BODY_PART_DEFINED_TERMS.has(term)).toBe(true);
      expect(isSctid(region.code)).toBe(true);
    }
  });

  it('knows every paired term as a defined term', () => {
    expect([...PAIRED_BODY_PARTS].filter((t) => !BODY_PART_DEFINED_TERMS.has(t))).toEqual([]);
  });

  it('gives paired terms paired regions', () => {
    for (const term of ['BREAST', 'KNEE', 'SHOULDER', 'LUNG', 'ANKLE', 'OVARY']) expect(PAIRED_REGION_CODES.has(regionOfBodyPart(term)!)).toBe(true);
    for (const code of PAIRED_REGION_CODES) expect(isSctid(code)).toBe(true);
  });

  it('uses the current Annex L codes for CHEST and ABDOMEN', () => {
    expect(regionOfBodyPart('CHEST')).toBe('43799004');
    expect(regionOfBodyPart('ABDOMEN')).toBe('818981001');
    expect(regionOfBodyPart('HEADX')).toBeUndefined();
    expect(regionOfBodyPart('constructor')).toBeUndefined();
  });
});
