import { describe, expect, it } from 'vitest';
import { CODING_SCHEMES, DCM, LN, namesScheme, OID_BY_DESIGNATOR, SCT, schemeNames } from './coding-schemes.ts';

describe('coding schemes (PS3.16 Table 8-1)', () => {
  it('maps designators to OIDs', () => {
    expect(OID_BY_DESIGNATOR).toEqual(expect.objectContaining({
      DCM: '1.2.840.10008.2.16.4', SCT: '2.16.840.1.113883.6.96', SRT: '2.16.840.1.113883.6.96', LN: '2.16.840.1.113883.6.1',
      SNM3: '2.16.840.1.113883.6.51', DCMUID: '1.2.840.10008.2.6.1',
    }));
  });

  it('never gives two schemes one OID or one designator', () => {
    expect(new Set(CODING_SCHEMES.map((s) => s.oid)).size).toBe(CODING_SCHEMES.length);
    const designators = CODING_SCHEMES.flatMap((s) => [s.designator, ...s.otherDesignators]);
    expect(new Set(designators).size).toBe(designators.length);
  });

  it('recognises a scheme by designator, OID, urn:oid and URI', () => {
    for (const v of ['SCT', 'SRT', '2.16.840.1.113883.6.96', 'urn:oid:2.16.840.1.113883.6.96', 'http://snomed.info/sct']) expect(namesScheme(SCT, v)).toBe(true);
    expect(namesScheme(DCM, 'http://dicom.nema.org/resources/ontology/DCM')).toBe(true);
    expect(namesScheme(SCT, LN.oid)).toBe(false);
    expect(namesScheme(SCT, undefined)).toBe(false);
    expect(schemeNames(LN).has('LOINC')).toBe(true);
  });
});
