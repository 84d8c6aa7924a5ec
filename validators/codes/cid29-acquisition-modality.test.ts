import { describe, expect, it } from 'vitest';
import { CID29_ACQUISITION_MODALITIES, CID34_WAVEFORM_ACQUISITION_MODALITIES } from './cid29-acquisition-modality.ts';
import { MODALITY_DEFINED_TERMS } from './modality-defined-terms.ts';

describe('PS3.16 CID 29 Acquisition Modality', () => {
  it('has its 43 rows plus the 8 of CID 34', () => {
    expect(CID34_WAVEFORM_ACQUISITION_MODALITIES.size).toBe(8);
    expect(CID29_ACQUISITION_MODALITIES.size).toBe(51);
    for (const m of CID34_WAVEFORM_ACQUISITION_MODALITIES) expect(CID29_ACQUISITION_MODALITIES.has(m)).toBe(true);
  });

  it('is a subset of the PS3.3 defined terms', () => {
    expect([...CID29_ACQUISITION_MODALITIES].filter((m) => !MODALITY_DEFINED_TERMS.has(m))).toEqual([]);
  });

  it('holds the codes the family copies had lost (RTIMAGE, POS, CFM, DMS, EEG) and no derived object', () => {
    for (const m of ['RTIMAGE', 'POS', 'CFM', 'DMS', 'EEG', 'EMG', 'EOG', 'PA', 'XC']) expect(CID29_ACQUISITION_MODALITIES.has(m)).toBe(true);
    for (const m of ['KO', 'SR', 'PR', 'DOC', 'SEG', 'OT', 'XAPS']) expect(CID29_ACQUISITION_MODALITIES.has(m)).toBe(false);
  });
});
