import { describe, expect, it } from 'vitest';
import { MODALITY_DEFINED_TERMS, MODALITY_TERMS, modalityMeaning, RETIRED_MODALITY_TERMS } from './modality-defined-terms.ts';

describe('PS3.3 C.7.3.1.1.1 Modality defined terms', () => {
  it('holds the 79 current terms once each', () => {
    expect(MODALITY_TERMS).toHaveLength(79);
    expect(MODALITY_DEFINED_TERMS.size).toBe(79);
  });

  it('includes the recent terms and no retired one', () => {
    for (const m of ['ANN', 'CFM', 'DMS', 'PA', 'POS', 'RTINTENT', 'RTRAD', 'RTSEGANN', 'XAPROTOCOL', 'CTPROTOCOL', 'TEXTUREMAP']) expect(MODALITY_DEFINED_TERMS.has(m)).toBe(true);
    expect([...RETIRED_MODALITY_TERMS].filter((m) => MODALITY_DEFINED_TERMS.has(m))).toEqual([]);
    expect(RETIRED_MODALITY_TERMS.size).toBe(18);
  });

  it('knows no invented term (SC, XAPS)', () => {
    expect(MODALITY_DEFINED_TERMS.has('SC')).toBe(false);
    expect(MODALITY_DEFINED_TERMS.has('XAPS')).toBe(false);
  });

  it('gives meanings', () => {
    expect(modalityMeaning('MR')).toBe('Magnetic Resonance');
    expect(modalityMeaning('XX')).toBeUndefined();
  });
});
