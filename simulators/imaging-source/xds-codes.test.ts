import { describe, expect, it } from 'vitest';
import { modalityCode, xdsCode } from './xds-codes.ts';

describe('xds-codes', () => {
  it('codes acquisition modalities in DCM (CID 29) and skips derived objects', () => {
    expect(modalityCode('PT')).toEqual({ code: 'PT', codingScheme: '1.2.840.10008.2.16.4', displayName: 'Positron emission tomography' });
    expect(modalityCode('SR')).toBeUndefined();
    expect(modalityCode('KO')).toBeUndefined();
    expect(() => modalityCode('ZZ')).toThrow(/CID 29/);
  });
  it('maps DICOM designators to XDS coding scheme OIDs', () => {
    expect(xdsCode({ code: '12738006', scheme: 'SCT', meaning: 'Brain' }).codingScheme).toBe('2.16.840.1.113883.6.96');
    expect(xdsCode({ code: '24590-2', scheme: 'LN', meaning: 'MR Brain' }).codingScheme).toBe('2.16.840.1.113883.6.1');
    expect(() => xdsCode({ code: 'NC', scheme: '99IXH', meaning: 'x' })).toThrow(/99IXH/);
  });
});
