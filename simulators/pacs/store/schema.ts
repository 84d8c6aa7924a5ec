/**
 * SQLite schema of the PACS index, generated from the key catalog. Column names are the DICOM
 * keywords themselves (so SQL reads like the standard); bookkeeping columns are snake_case so
 * they can never collide with a keyword.
 */
import type Database from 'better-sqlite3';
import { columnType, foldColumn, storedKeysOf, type Level } from './query-keys.ts';

function keyColumns(level: Level, skip: readonly string[]): string[] {
  return storedKeysOf(level)
    .filter((k) => !skip.includes(k.keyword))
    .flatMap((k) => [`${k.keyword} ${columnType(k.vr)}`, ...(k.vr === 'PN' ? [`${foldColumn(k.keyword)} TEXT`] : [])]);
}

function ddl(): string {
  return `
CREATE TABLE IF NOT EXISTS patients (
  pk INTEGER PRIMARY KEY,
  -- Patient identity is (PatientID, IssuerOfPatientID): the same PatientID under two national
  -- issuers is two patients. '' stands for absent so the UNIQUE constraint applies.
  PatientID TEXT NOT NULL DEFAULT '',
  IssuerOfPatientID TEXT NOT NULL DEFAULT '',
  ${keyColumns('PATIENT', ['PatientID', 'IssuerOfPatientID']).join(',\n  ')},
  UNIQUE (PatientID, IssuerOfPatientID)
);
CREATE TABLE IF NOT EXISTS studies (
  pk INTEGER PRIMARY KEY,
  patient_pk INTEGER NOT NULL REFERENCES patients(pk),
  StudyInstanceUID TEXT NOT NULL UNIQUE,
  ${keyColumns('STUDY', ['StudyInstanceUID']).join(',\n  ')},
  -- Computed attributes kept up to date by the writer, so C-FIND reads them per row for free.
  series_count INTEGER NOT NULL DEFAULT 0,
  instance_count INTEGER NOT NULL DEFAULT 0,
  modalities TEXT,
  sop_classes TEXT
);
CREATE TABLE IF NOT EXISTS series (
  pk INTEGER PRIMARY KEY,
  study_pk INTEGER NOT NULL REFERENCES studies(pk),
  SeriesInstanceUID TEXT NOT NULL UNIQUE,
  ${keyColumns('SERIES', ['SeriesInstanceUID']).join(',\n  ')},
  instance_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS instances (
  pk INTEGER PRIMARY KEY,
  series_pk INTEGER NOT NULL REFERENCES series(pk),
  SOPInstanceUID TEXT NOT NULL UNIQUE,
  ${keyColumns('IMAGE', ['SOPInstanceUID']).join(',\n  ')},
  specific_character_set TEXT,
  transfer_syntax_uid TEXT NOT NULL,
  file_path TEXT NOT NULL,
  file_size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS patients_name ON patients (PatientName_fold);
CREATE INDEX IF NOT EXISTS patients_birth_date ON patients (PatientBirthDate);
CREATE INDEX IF NOT EXISTS studies_patient ON studies (patient_pk);
CREATE INDEX IF NOT EXISTS studies_date ON studies (StudyDate, StudyTime);
CREATE INDEX IF NOT EXISTS studies_accession ON studies (AccessionNumber);
CREATE INDEX IF NOT EXISTS studies_study_id ON studies (StudyID);
CREATE INDEX IF NOT EXISTS studies_referring ON studies (ReferringPhysicianName_fold);
CREATE INDEX IF NOT EXISTS series_study ON series (study_pk, Modality);
-- ModalitiesInStudy matching walks from modality to studies.
CREATE INDEX IF NOT EXISTS series_modality ON series (Modality, study_pk);
CREATE INDEX IF NOT EXISTS instances_series ON instances (series_pk, SOPClassUID);
`;
}

/** Creates tables and indexes if absent; WAL for file databases (readers never block the C-STORE writer). */
export function applySchema(db: Database.Database, isFile: boolean): void {
  if (isFile) {
    db.pragma('journal_mode = WAL');
    // Durability of each C-STORE comes from fsync of the instance file; losing the last index
    // transaction on power loss is repaired by re-import, so NORMAL is enough.
    db.pragma('synchronous = NORMAL');
  }
  db.exec(ddl());
}
