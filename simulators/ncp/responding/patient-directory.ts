/**
 * Country A's patients as NCP-A sees them: looked up by national identifier (the eHDSI XCPD
 * livingSubjectId), giving the demographics to answer with and the XDS affinity-domain patient id
 * (CX `id^^^&oid&ISO`) its registry files documents under.
 */
import type { CountryCode, FixtureWorld } from '../../../fixtures/model.ts';
import { cx } from '../../imaging-source/hl7-values.ts';
import type { AdministrativeGender } from '../xcpd/patient-discovery-query.ts';

export interface NationalId {
  /** Assigning authority OID. */
  readonly root: string;
  readonly extension: string;
}

export interface DirectoryPatient {
  readonly nationalId: NationalId;
  readonly name: { readonly family: string; readonly given: string };
  readonly gender: AdministrativeGender;
  /** YYYYMMDD */
  readonly birthDate: string;
  /** CX `id^^^&oid&ISO`, as in XDSDocumentEntry.patientId. */
  readonly xdsPatientId: string;
}

export interface PatientDirectory {
  /** OID of the national identifier this country's NCP answers for. */
  readonly nationalIdRoot: string;
  find(id: NationalId): DirectoryPatient | undefined;
  /** Every patient, e.g. for the registry's patient identity feed. */
  all(): readonly DirectoryPatient[];
}

export function patientDirectory(nationalIdRoot: string, patients: Iterable<DirectoryPatient>): PatientDirectory {
  const byId = new Map<string, DirectoryPatient>();
  for (const p of patients) {
    if (p.nationalId.root !== nationalIdRoot) throw new Error(`patient ${p.nationalId.extension} is identified under ${p.nationalId.root}, not the directory's ${nationalIdRoot}`);
    byId.set(p.nationalId.extension, p);
  }
  return { nationalIdRoot, find: (id) => (id.root === nationalIdRoot ? byId.get(id.extension) : undefined), all: () => [...byId.values()] };
}

/** The directory of one country of a fixtures world (patients affiliated with `countryCode`). */
export function patientDirectoryFromWorld(world: FixtureWorld, countryCode: CountryCode): PatientDirectory {
  const country = world.countries.find((c) => c.code === countryCode);
  if (!country) throw new Error(`the world has no country ${countryCode} (it has ${world.countries.map((c) => c.code).join(', ')})`);
  const root = country.nationalIdScheme.oid;
  return patientDirectory(
    root,
    world.patients
      .filter((p) => p.country === countryCode)
      .map((p) => ({
        nationalId: { root, extension: p.nationalId },
        name: p.name,
        gender: p.sex === 'O' ? 'UN' : p.sex,
        birthDate: p.birthDate,
        xdsPatientId: cx(p.nationalId, root),
      })),
  );
}
