/**
 * The one catalog of attributes the PACS index knows: which level each belongs to, its VR
 * (which decides how it is stored and matched, PS3.4 C.2.2.2), and the computed attributes
 * (C.3.4 / C.6.1.1). The SQLite schema, the record extraction and the matching engine are all
 * derived from this list, so adding a key is one line here.
 */

export type Level = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
/** Patient Root (`PATIENT`) or Study Root (`STUDY`) Query/Retrieve Information Model. */
export type Model = 'PATIENT' | 'STUDY';

export const LEVEL_ORDER: Readonly<Record<Level, number>> = { PATIENT: 0, STUDY: 1, SERIES: 2, IMAGE: 3 };

export const UNIQUE_KEY: Readonly<Record<Level, string>> = {
  PATIENT: 'PatientID',
  STUDY: 'StudyInstanceUID',
  SERIES: 'SeriesInstanceUID',
  IMAGE: 'SOPInstanceUID',
};

export const TABLE: Readonly<Record<Level, { name: string; alias: string }>> = {
  PATIENT: { name: 'patients', alias: 'p' },
  STUDY: { name: 'studies', alias: 'st' },
  SERIES: { name: 'series', alias: 'se' },
  IMAGE: { name: 'instances', alias: 'i' },
};

export interface StoredKey {
  readonly keyword: string;
  readonly vr: string;
  readonly level: Level;
  readonly computed?: undefined;
}

export interface ComputedKey {
  readonly keyword: string;
  readonly vr: string;
  readonly level: Level;
  /** SQL expression over the aliases of `TABLE`; multi-valued results are comma-joined. */
  readonly computed: string;
  readonly multiValued?: boolean;
}

export type QueryKey = StoredKey | ComputedKey;

const stored = (level: Level, vr: string, ...keywords: string[]): StoredKey[] => keywords.map((keyword) => ({ keyword, vr, level }));

export const STORED_KEYS: readonly StoredKey[] = [
  ...stored('PATIENT', 'PN', 'PatientName'),
  ...stored('PATIENT', 'LO', 'PatientID', 'IssuerOfPatientID'),
  ...stored('PATIENT', 'SQ', 'IssuerOfPatientIDQualifiersSequence'),
  ...stored('PATIENT', 'DA', 'PatientBirthDate'),
  ...stored('PATIENT', 'TM', 'PatientBirthTime'),
  ...stored('PATIENT', 'CS', 'PatientSex'),

  ...stored('STUDY', 'UI', 'StudyInstanceUID'),
  ...stored('STUDY', 'DA', 'StudyDate'),
  ...stored('STUDY', 'TM', 'StudyTime'),
  ...stored('STUDY', 'SH', 'AccessionNumber', 'StudyID'),
  ...stored('STUDY', 'SQ', 'IssuerOfAccessionNumberSequence'),
  ...stored('STUDY', 'PN', 'ReferringPhysicianName'),
  ...stored('STUDY', 'LO', 'StudyDescription', 'InstitutionName'),
  ...stored('STUDY', 'AS', 'PatientAge'),

  ...stored('SERIES', 'UI', 'SeriesInstanceUID'),
  ...stored('SERIES', 'CS', 'Modality', 'BodyPartExamined', 'Laterality'),
  ...stored('SERIES', 'IS', 'SeriesNumber'),
  ...stored('SERIES', 'LO', 'SeriesDescription', 'ProtocolName', 'Manufacturer'),
  ...stored('SERIES', 'SH', 'StationName'),
  ...stored('SERIES', 'DA', 'SeriesDate'),
  ...stored('SERIES', 'TM', 'SeriesTime'),

  ...stored('IMAGE', 'UI', 'SOPInstanceUID', 'SOPClassUID'),
  ...stored('IMAGE', 'IS', 'InstanceNumber', 'NumberOfFrames'),
  ...stored('IMAGE', 'DA', 'ContentDate'),
  ...stored('IMAGE', 'TM', 'ContentTime'),
];

// Study and series counts and value lists are maintained by the index writer (see schema.ts);
// patient-level ones are summed from the studies of the patient.
export const COMPUTED_KEYS: readonly ComputedKey[] = [
  { keyword: 'NumberOfPatientRelatedStudies', vr: 'IS', level: 'PATIENT', computed: '(SELECT count(*) FROM studies x WHERE x.patient_pk = p.pk)' },
  { keyword: 'NumberOfPatientRelatedSeries', vr: 'IS', level: 'PATIENT', computed: '(SELECT total(x.series_count) FROM studies x WHERE x.patient_pk = p.pk)' },
  { keyword: 'NumberOfPatientRelatedInstances', vr: 'IS', level: 'PATIENT', computed: '(SELECT total(x.instance_count) FROM studies x WHERE x.patient_pk = p.pk)' },
  { keyword: 'ModalitiesInStudy', vr: 'CS', level: 'STUDY', multiValued: true, computed: 'st.modalities' },
  { keyword: 'SOPClassesInStudy', vr: 'UI', level: 'STUDY', multiValued: true, computed: 'st.sop_classes' },
  { keyword: 'NumberOfStudyRelatedSeries', vr: 'IS', level: 'STUDY', computed: 'st.series_count' },
  { keyword: 'NumberOfStudyRelatedInstances', vr: 'IS', level: 'STUDY', computed: 'st.instance_count' },
  { keyword: 'NumberOfSeriesRelatedInstances', vr: 'IS', level: 'SERIES', computed: 'se.instance_count' },
];

export const QUERY_KEYS: ReadonlyMap<string, QueryKey> = new Map<string, QueryKey>(
  [...STORED_KEYS, ...COMPUTED_KEYS].map((k) => [k.keyword, k]),
);

export function storedKeysOf(level: Level): StoredKey[] {
  return STORED_KEYS.filter((k) => k.level === level);
}

/** Column holding the accent/case-folded form of a PN key (see `foldPersonName`). */
export function foldColumn(keyword: string): string {
  return `${keyword}_fold`;
}

/** SQLite column type for a stored key: integers for IS, JSON text for SQ, text otherwise. */
export function columnType(vr: string): 'INTEGER' | 'TEXT' {
  return vr === 'IS' ? 'INTEGER' : 'TEXT';
}
