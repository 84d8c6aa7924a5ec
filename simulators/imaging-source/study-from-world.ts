/**
 * Adapter from the fixtures world (fixtures/model.ts) to the publishing input: one entry per
 * study with its patient, facility and country resolved. The PACS index path fills the same
 * `SourcePatient`/`SourceStudy` shapes from its rows.
 */
import type { Country, CountryCode, Facility, FixtureWorld, Patient, Report, Study } from '../../fixtures/model.ts';
import type { ImagingDocumentContext } from './document-metadata.ts';
import type { XdsCode } from './document-entry.ts';
import type { SourcePatient, SourceStudy } from './manifest-input.ts';
import { HOSPITAL_FACILITY_TYPE, RADIOLOGY_PRACTICE_SETTING } from './xds-codes.ts';

/** IANA zone of each member state's site clocks (the world model's DICOM times are local). */
export const COUNTRY_TIME_ZONE: Readonly<Record<CountryCode, string>> = {
  CZ: 'Europe/Prague', FR: 'Europe/Paris', NL: 'Europe/Amsterdam', AT: 'Europe/Vienna', BE: 'Europe/Brussels', DE: 'Europe/Berlin',
};

export interface WorldStudy {
  readonly patient: SourcePatient;
  readonly study: SourceStudy;
  readonly country: Country;
  readonly facility: Facility;
  /** The model's patient key, e.g. "ms-follow-up". */
  readonly patientKey: string;
  readonly report?: Report;
}

export function sourcePatient(patient: Patient, country: Country): SourcePatient {
  return {
    id: patient.nationalId,
    issuer: { localId: country.nationalIdScheme.name, oid: country.nationalIdScheme.oid },
    name: patient.name,
    birthDate: patient.birthDate,
    sex: patient.sex,
  };
}

export function sourceStudy(study: Study, facility: Facility): SourceStudy {
  return {
    studyInstanceUid: study.studyInstanceUid,
    accessionNumber: study.accessionNumber,
    accessionIssuer: { localId: facility.id, oid: facility.accessionIssuerOid },
    date: study.date,
    time: study.time,
    description: study.description,
    // The fixture writers use the accession number as StudyID; the manifest says the same.
    studyId: study.accessionNumber,
    referringPhysician: study.referringPhysician,
    procedure: study.procedure,
    anatomicRegion: study.bodyPart.region,
    series: study.series.map((s) => ({
      seriesInstanceUid: s.seriesInstanceUid,
      modality: s.modality,
      instances: [...s.instances]
        .sort((a, b) => a.instanceNumber - b.instanceNumber)
        .map((i) => ({ sopClassUid: i.sopClassUid, sopInstanceUid: i.sopInstanceUid })),
    })),
  };
}

/** Every study of the world, in world order. Throws when a study points at an unknown country or facility. */
export function worldStudies(world: FixtureWorld): WorldStudy[] {
  const out: WorldStudy[] = [];
  for (const patient of world.patients) {
    const country = world.countries.find((c) => c.code === patient.country);
    if (!country) throw new Error(`patient ${patient.key}: country ${patient.country} is not in the world`);
    for (const study of patient.studies) {
      const facility = world.countries.flatMap((c) => c.facilities).find((f) => f.id === study.facilityId);
      if (!facility) throw new Error(`study ${study.accessionNumber}: facility ${study.facilityId} is not in the world`);
      out.push({
        patient: sourcePatient(patient, country),
        study: sourceStudy(study, facility),
        country,
        facility,
        patientKey: patient.key,
        ...(study.report ? { report: study.report } : {}),
      });
    }
  }
  return out;
}

export function worldStudy(world: FixtureWorld, studyInstanceUid: string): WorldStudy {
  const found = worldStudies(world).find((w) => w.study.studyInstanceUid === studyInstanceUid);
  if (!found) throw new Error(`no study ${studyInstanceUid} in the world`);
  return found;
}

export interface WorldContextOptions {
  readonly repositoryUniqueId?: string;
  readonly healthcareFacilityTypeCode?: XdsCode;
  readonly practiceSettingCode?: XdsCode;
}

/** Document metadata context of a world study: patient id under the national scheme, the country's zone and language. */
export function worldDocumentContext(ws: WorldStudy, options: WorldContextOptions = {}): ImagingDocumentContext {
  return {
    patient: ws.patient,
    study: ws.study,
    timeZone: COUNTRY_TIME_ZONE[ws.country.code],
    languageCode: `${ws.country.language}-${ws.country.code}`,
    institution: { name: ws.facility.name },
    healthcareFacilityTypeCode: options.healthcareFacilityTypeCode ?? HOSPITAL_FACILITY_TYPE,
    practiceSettingCode: options.practiceSettingCode ?? RADIOLOGY_PRACTICE_SETTING,
    ...(options.repositoryUniqueId ? { repositoryUniqueId: options.repositoryUniqueId } : {}),
  };
}
