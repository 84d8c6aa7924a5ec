import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../../fixtures/world/build-world.ts';
import { patientDirectory, patientDirectoryFromWorld } from './patient-directory.ts';

describe('patient directory', () => {
  const world = buildWorld({ seed: 7, patients: 1, countries: ['NL', 'FR'] });

  it('finds a world patient of the country by national id, with the XDS patient id', () => {
    const nl = world.countries.find((c) => c.code === 'NL')!;
    const patient = world.patients.find((p) => p.country === 'NL')!;
    const dir = patientDirectoryFromWorld(world, 'NL');
    expect(dir.nationalIdRoot).toBe(nl.nationalIdScheme.oid);
    const found = dir.find({ root: nl.nationalIdScheme.oid, extension: patient.nationalId });
    expect(found).toMatchObject({ name: patient.name, birthDate: patient.birthDate, xdsPatientId: `${patient.nationalId}^^^&${nl.nationalIdScheme.oid}&ISO` });
  });

  it('does not find another country\'s patient nor an id under another root', () => {
    const fr = world.patients.find((p) => p.country === 'FR')!;
    const frOid = world.countries.find((c) => c.code === 'FR')!.nationalIdScheme.oid;
    const dir = patientDirectoryFromWorld(world, 'NL');
    expect(dir.find({ root: frOid, extension: fr.nationalId })).toBeUndefined();
    const nlPatient = world.patients.find((p) => p.country === 'NL')!;
    expect(dir.find({ root: frOid, extension: nlPatient.nationalId })).toBeUndefined();
  });

  it('refuses an unknown country and a patient under a foreign root', () => {
    expect(() => patientDirectoryFromWorld(world, 'DE')).toThrow('the world has no country DE');
    const p = { nationalId: { root: '1.2', extension: 'x' }, name: { family: 'a', given: 'b' }, gender: 'F' as const, birthDate: '19700101', xdsPatientId: 'x^^^&1.2&ISO' };
    expect(() => patientDirectory('1.3', [p])).toThrow('not the directory');
  });
});
