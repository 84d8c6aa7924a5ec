import { describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { worldDocumentContext, worldStudies, worldStudy } from './study-from-world.ts';

describe('study-from-world', () => {
  it('resolves patient issuer, accession issuer and instance order from the model', () => {
    const all = worldStudies(testWorld);
    expect(all).toHaveLength(testWorld.patients.flatMap((p) => p.studies).length);
    const ws = worldStudy(testWorld, all[0]!.study.studyInstanceUid);
    expect(ws.patient.issuer).toEqual({ localId: 'RČ', oid: '1.2.203.24341.1.1' });
    expect(ws.study.accessionIssuer).toEqual({ localId: 'CZ-FNM', oid: '1.2.203.99.1.1' });
    expect(ws.study.anatomicRegion?.code).toBe('69536005');
    expect(ws.study.series[0]!.instances.map((i) => i.sopInstanceUid)).toEqual(testWorld.patients[0]!.studies[0]!.series[0]!.instances.map((i) => i.sopInstanceUid));
    expect(worldDocumentContext(ws)).toMatchObject({ timeZone: 'Europe/Prague', languageCode: 'cs-CZ', institution: { name: 'Fakultní nemocnice Motol' } });
  });
  it('throws for an unknown study', () => {
    expect(() => worldStudy(testWorld, '1.2.3')).toThrow(/no study/);
  });
});
