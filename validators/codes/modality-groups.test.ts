import { describe, expect, it } from 'vitest';
import { CID29_ACQUISITION_MODALITIES } from './cid29-acquisition-modality.ts';
import { IONISING_MODALITIES, PROJECTION_XRAY_MODALITIES } from './modality-groups.ts';

describe('modality groups', () => {
  it('stay inside CID 29, projection X-ray inside ionising', () => {
    expect([...IONISING_MODALITIES].filter((m) => !CID29_ACQUISITION_MODALITIES.has(m))).toEqual([]);
    expect([...PROJECTION_XRAY_MODALITIES].filter((m) => !IONISING_MODALITIES.has(m))).toEqual([]);
  });

  it('count CT and PET as ionising, not MR or US', () => {
    expect(['CT', 'PT', 'NM', 'MG'].every((m) => IONISING_MODALITIES.has(m))).toBe(true);
    expect(['MR', 'US'].some((m) => IONISING_MODALITIES.has(m))).toBe(false);
  });
});
