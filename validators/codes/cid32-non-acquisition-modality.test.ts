import { describe, expect, it } from 'vitest';
import { CID29_ACQUISITION_MODALITIES } from './cid29-acquisition-modality.ts';
import { CID32_NON_ACQUISITION_MODALITIES, NON_ACQUISITION_MODALITIES } from './cid32-non-acquisition-modality.ts';
import { MODALITY_DEFINED_TERMS } from './modality-defined-terms.ts';

describe('PS3.16 CID 32 Non-Acquisition Modality', () => {
  it('has 23 rows, disjoint from CID 29, all defined terms', () => {
    expect(CID32_NON_ACQUISITION_MODALITIES.size).toBe(23);
    expect([...CID32_NON_ACQUISITION_MODALITIES].filter((m) => CID29_ACQUISITION_MODALITIES.has(m) || !MODALITY_DEFINED_TERMS.has(m))).toEqual([]);
  });

  it('non-acquisition = defined terms outside CID 29: CID 32 and the five newer terms', () => {
    expect([...NON_ACQUISITION_MODALITIES].filter((m) => !CID32_NON_ACQUISITION_MODALITIES.has(m)).sort()).toEqual(['ANN', 'RTINTENT', 'RTRAD', 'RTSEGANN', 'XAPROTOCOL']);
    expect(NON_ACQUISITION_MODALITIES.size + CID29_ACQUISITION_MODALITIES.size).toBe(MODALITY_DEFINED_TERMS.size);
  });

  it('leaves an unknown code out, so rules still see it', () => {
    expect(NON_ACQUISITION_MODALITIES.has('SC')).toBe(false);
    expect(NON_ACQUISITION_MODALITIES.has('OT')).toBe(true);
  });
});
