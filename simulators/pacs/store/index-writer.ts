/**
 * Writes to the index: upsert of one instance (with its patient, study and series), delete,
 * pruning of parents left empty, and upkeep of the computed study/series attributes.
 *
 * Attribute updates are "last writer wins for present values": an attribute absent from the
 * newer instance keeps its stored value (COALESCE), because instances of one study routinely
 * differ in which optional attributes they carry.
 *
 * The computed attributes (counts, modalities, SOP classes) of the series and studies a
 * transaction touched are recomputed at its end, except after `upsertDeferred`: the C-STORE path,
 * where recounting a study per instance would sit between the data set and its response. There
 * the touched rows are only remembered, and `refreshPending()` (which the index runs before any
 * read, and shortly after a burst of C-STOREs) brings them up to date.
 */
import type Database from 'better-sqlite3';
import type { IndexRecord, Row, StoredFile } from './index-record.ts';
import { foldColumn, storedKeysOf, type Level } from './query-keys.ts';

export interface UpsertResult {
  /** True when an instance with the same SOPInstanceUID was already indexed. */
  readonly replaced: boolean;
  /** File of the replaced instance, so the store can delete it if it owns it and it moved. */
  readonly previousFile?: StoredFile;
}

export interface IndexWriter {
  upsert(record: IndexRecord): UpsertResult;
  /**
   * Upserts one record and then runs `alongside` in the same transaction (a throw rolls both
   * back); computed attributes are left for `refreshPending()`.
   */
  upsertDeferred(record: IndexRecord, alongside?: () => void): UpsertResult;
  /** Whether `upsertDeferred` left computed attributes to recompute. */
  readonly pending: boolean;
  /** Recomputes the computed attributes `upsertDeferred` left behind (one transaction). */
  refreshPending(): void;
  /** Upserts all records in one transaction (all or none). */
  upsertMany(records: readonly IndexRecord[]): UpsertResult[];
  /** Removes the instance and any series/study/patient it leaves empty; returns its file. */
  remove(sopInstanceUid: string): StoredFile | undefined;
  /** Forgets cached row ids; call when an enclosing transaction rolled back. */
  reset(): void;
}

function columnsOf(level: Level, skip: readonly string[] = []): string[] {
  return storedKeysOf(level)
    .filter((k) => !skip.includes(k.keyword))
    .flatMap((k) => (k.vr === 'PN' ? [k.keyword, foldColumn(k.keyword)] : [k.keyword]));
}

/** `INSERT … ON CONFLICT(key) DO UPDATE SET c = COALESCE(excluded.c, c) … RETURNING pk` with named params. */
function upsertSql(table: string, parent: string | null, conflict: readonly string[], columns: readonly string[], extra: readonly string[] = []): string {
  const all = [...(parent ? [parent] : []), ...conflict, ...columns, ...extra];
  const updates = [
    ...(parent ? [`${parent} = excluded.${parent}`] : []),
    ...columns.map((c) => `${c} = COALESCE(excluded.${c}, ${c})`),
    ...extra.map((c) => `${c} = excluded.${c}`),
  ];
  return `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${updates.join(', ')} RETURNING pk`;
}

interface PkRow { pk: number }
interface ChainRow { series_pk: number; study_pk: number; patient_pk: number; transfer_syntax_uid: string; file_path: string; file_size: number }

function sameRow(a: Row, b: Row): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  return true;
}

export function createIndexWriter(db: Database.Database): IndexWriter {
  const upsertPatient = db.prepare<Row, PkRow>(upsertSql('patients', null, ['PatientID', 'IssuerOfPatientID'], columnsOf('PATIENT', ['PatientID', 'IssuerOfPatientID'])));
  const upsertStudy = db.prepare<Row, PkRow>(upsertSql('studies', 'patient_pk', ['StudyInstanceUID'], columnsOf('STUDY', ['StudyInstanceUID'])));
  const upsertSeries = db.prepare<Row, PkRow>(upsertSql('series', 'study_pk', ['SeriesInstanceUID'], columnsOf('SERIES', ['SeriesInstanceUID'])));
  const upsertInstance = db.prepare<Row, PkRow>(upsertSql('instances', 'series_pk', ['SOPInstanceUID'], columnsOf('IMAGE', ['SOPInstanceUID']),
    ['specific_character_set', 'transfer_syntax_uid', 'file_path', 'file_size']));

  const chainOfInstance = db.prepare<[string], ChainRow>(`
    SELECT i.series_pk, se.study_pk, st.patient_pk, i.transfer_syntax_uid, i.file_path, i.file_size
    FROM instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk
    WHERE i.SOPInstanceUID = ?`);
  const parentOfSeries = db.prepare<[string], { study_pk: number }>('SELECT study_pk FROM series WHERE SeriesInstanceUID = ?');
  const parentOfStudy = db.prepare<[string], { patient_pk: number }>('SELECT patient_pk FROM studies WHERE StudyInstanceUID = ?');
  const deleteInstance = db.prepare<[string]>('DELETE FROM instances WHERE SOPInstanceUID = ?');
  const pruneSeries = db.prepare<{ pk: number }>('DELETE FROM series WHERE pk = @pk AND NOT EXISTS (SELECT 1 FROM instances WHERE series_pk = @pk)');
  const pruneStudy = db.prepare<{ pk: number }>('DELETE FROM studies WHERE pk = @pk AND NOT EXISTS (SELECT 1 FROM series WHERE study_pk = @pk)');
  const prunePatient = db.prepare<{ pk: number }>('DELETE FROM patients WHERE pk = @pk AND NOT EXISTS (SELECT 1 FROM studies WHERE patient_pk = @pk)');
  const refreshSeries = db.prepare<{ pk: number }>('UPDATE series SET instance_count = (SELECT count(*) FROM instances WHERE series_pk = @pk) WHERE pk = @pk');
  const refreshStudy = db.prepare<{ pk: number }>(`UPDATE studies SET
    series_count = (SELECT count(*) FROM series WHERE study_pk = @pk),
    instance_count = (SELECT total(instance_count) FROM series WHERE study_pk = @pk),
    modalities = (SELECT group_concat(m) FROM (SELECT DISTINCT Modality AS m FROM series WHERE study_pk = @pk AND Modality IS NOT NULL ORDER BY 1)),
    sop_classes = (SELECT group_concat(c) FROM (SELECT DISTINCT i.SOPClassUID AS c FROM series s JOIN instances i ON i.series_pk = s.pk WHERE s.study_pk = @pk ORDER BY 1))
    WHERE pk = @pk`);

  // Consecutive instances mostly share patient, study and series: skipping an unchanged upsert
  // is what makes the bulk path fast. Any deletion or failed transaction invalidates the memo.
  const memo = new Map<string, { row: Row; pk: number }>();
  // Touched by the running transaction; and left by committed `upsertDeferred` transactions.
  const dirtySeries = new Set<number>();
  const dirtyStudies = new Set<number>();
  const pendingSeries = new Set<number>();
  const pendingStudies = new Set<number>();

  /** Upserts unless identical to the previous row of the table; reports the row's previous parent when it existed. */
  function upsertParent(table: string, stmt: Database.Statement<Row, PkRow>, row: Row, previousParent?: () => number | undefined): { pk: number; previousParent?: number } {
    const last = memo.get(table);
    if (last !== undefined && sameRow(row, last.row)) return { pk: last.pk };
    const before = previousParent?.();
    const pk = stmt.get(row)?.pk;
    if (pk === undefined) throw new Error(`upsert into ${table} returned no row`);
    memo.set(table, { row, pk });
    return { pk, previousParent: before };
  }

  function prune(seriesPks: readonly number[], studyPks: readonly number[], patientPks: readonly number[]): void {
    let deleted = 0;
    for (const pk of seriesPks) deleted += pruneSeries.run({ pk }).changes;
    for (const pk of studyPks) deleted += pruneStudy.run({ pk }).changes;
    for (const pk of patientPks) deleted += prunePatient.run({ pk }).changes;
    if (deleted > 0) memo.clear();
  }

  function upsertOne(record: IndexRecord): UpsertResult {
    const before = chainOfInstance.get(String(record.instance.SOPInstanceUID));
    // A re-sent instance may move its series to another study, or its study to another patient
    // (corrected demographics); remember the old parents so they can be pruned if left empty.
    const patientPk = upsertParent('patients', upsertPatient, record.patient).pk;
    const study = upsertParent('studies', upsertStudy, { ...record.study, patient_pk: patientPk },
      () => parentOfStudy.get(String(record.study.StudyInstanceUID))?.patient_pk);
    const studyPk = study.pk;
    const oldPatientOfStudy = study.previousParent;
    const series = upsertParent('series', upsertSeries, { ...record.series, study_pk: studyPk },
      () => parentOfSeries.get(String(record.series.SeriesInstanceUID))?.study_pk);
    const seriesPk = series.pk;
    const oldStudyOfSeries = series.previousParent;
    upsertInstance.get({
      ...record.instance,
      series_pk: seriesPk,
      specific_character_set: record.specificCharacterSet,
      transfer_syntax_uid: record.file.transferSyntaxUid,
      file_path: record.file.path,
      file_size: record.file.size,
    });
    dirtySeries.add(seriesPk);
    dirtyStudies.add(studyPk);
    if (before) { dirtySeries.add(before.series_pk); dirtyStudies.add(before.study_pk); }
    if (oldStudyOfSeries !== undefined) dirtyStudies.add(oldStudyOfSeries);

    prune(
      before ? [before.series_pk] : [],
      [before?.study_pk, oldStudyOfSeries].filter((pk): pk is number => pk !== undefined && pk !== studyPk),
      [before?.patient_pk, oldPatientOfStudy].filter((pk): pk is number => pk !== undefined && pk !== patientPk),
    );
    if (!before) return { replaced: false };
    return { replaced: true, previousFile: { path: before.file_path, transferSyntaxUid: before.transfer_syntax_uid, size: before.file_size } };
  }

  /** Recomputes counts and value lists of the series and studies touched by this transaction. */
  function refreshComputed(): void {
    for (const pk of dirtySeries) refreshSeries.run({ pk });
    for (const pk of dirtyStudies) refreshStudy.run({ pk });
    dirtySeries.clear();
    dirtyStudies.clear();
  }

  function inTransaction<A, R>(fn: (arg: A) => R): (arg: A) => R {
    const tx = db.transaction((arg: A) => {
      const result = fn(arg);
      refreshComputed();
      return result;
    });
    return (arg) => {
      try {
        return tx(arg);
      } catch (err) {
        reset();
        throw err;
      }
    };
  }

  const deferredTx = db.transaction((record: IndexRecord, alongside?: () => void) => {
    const result = upsertOne(record);
    alongside?.();
    return result;
  });

  /** Refreshes pending rows still in the tables (a later delete may have pruned them). */
  const refreshPendingTx = db.transaction(() => {
    for (const pk of pendingSeries) dirtySeries.add(pk);
    for (const pk of pendingStudies) dirtyStudies.add(pk);
    refreshComputed();
    pendingSeries.clear();
    pendingStudies.clear();
  });

  function reset(): void {
    memo.clear();
    dirtySeries.clear();
    dirtyStudies.clear();
  }

  return {
    reset,
    upsert: inTransaction(upsertOne),
    upsertDeferred(record, alongside) {
      let result: UpsertResult;
      try {
        result = deferredTx(record, alongside);
      } catch (err) {
        reset();
        throw err;
      }
      for (const pk of dirtySeries) pendingSeries.add(pk);
      for (const pk of dirtyStudies) pendingStudies.add(pk);
      dirtySeries.clear();
      dirtyStudies.clear();
      return result;
    },
    get pending() {
      return pendingSeries.size > 0 || pendingStudies.size > 0;
    },
    refreshPending() {
      if (pendingSeries.size === 0 && pendingStudies.size === 0) return;
      try {
        refreshPendingTx();
      } catch (err) {
        dirtySeries.clear();
        dirtyStudies.clear();
        throw err;
      }
    },
    // One transaction for the batch, not a savepoint per record: this is the bulk-load path.
    upsertMany: inTransaction((records: readonly IndexRecord[]) => records.map(upsertOne)),
    remove: inTransaction((sopInstanceUid: string): StoredFile | undefined => {
      const before = chainOfInstance.get(sopInstanceUid);
      if (!before) return undefined;
      deleteInstance.run(sopInstanceUid);
      dirtySeries.add(before.series_pk);
      dirtyStudies.add(before.study_pk);
      prune([before.series_pk], [before.study_pk], [before.patient_pk]);
      return { path: before.file_path, transferSyntaxUid: before.transfer_syntax_uid, size: before.file_size };
    }),
  };
}
