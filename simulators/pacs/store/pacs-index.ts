/**
 * The PACS simulator's index: SQLite tables patients / studies / series / instances (schema
 * from the key catalog), upsert/delete, C-FIND matching and C-MOVE/C-GET selection.
 *
 * Datasets in and out are dcmjs naturalized objects (keyword → value). Inputs may use either
 * the string or the array form of multi-valued attributes and PN (`'A^B'` or
 * `[{ Alphabetic: 'A^B' }]`); outputs always use dcmjs's own form: PN as `[{ Alphabetic }]`,
 * IS as numbers, multi-valued computed keys as arrays, zero-length as `''` (or `[]` for PN/SQ).
 *
 * `find` returns an array, not a lazy cursor: a cursor would hold the connection busy across
 * the awaits of the DIMSE layer and make a concurrent C-STORE fail.
 */
import Database from 'better-sqlite3';
import { planFind, toResponse, type FindOptions, type ResponseIdentifier } from './find-query.ts';
import { recordFromDataset, type IndexRecord, type StoredFile } from './index-record.ts';
import { createIndexWriter, type UpsertResult } from './index-writer.ts';
import { QueryError } from './query-error.ts';
import type { Level, Model } from './query-keys.ts';
import { planRetrieve, type RetrieveItem } from './retrieve-plan.ts';
import { applySchema } from './schema.ts';

export interface PacsIndexCounts {
  readonly patients: number;
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
}

export interface PacsIndex {
  /** Indexes one instance from its (header) dataset; same SOPInstanceUID again replaces it. */
  insert(ds: Record<string, unknown>, file: StoredFile): UpsertResult;
  /**
   * Indexes one instance from a record already extracted (`recordFromDataset`); same
   * SOPInstanceUID again replaces it. `alongside` runs in the same transaction (the store renames
   * the file there: a throw rolls the index back). The computed study/series attributes are
   * recomputed `REFRESH_DELAY_MS` later (once for all instances stored meanwhile, after their
   * C-STORE responses went out), or before any read through this index, whichever comes first.
   */
  insertRecord(record: IndexRecord, alongside?: () => void): UpsertResult;
  /** Upserts prepared records in one transaction: the bulk-load path (benchmarks, imports). */
  bulkInsert(records: readonly IndexRecord[]): void;
  /** Removes an instance (and parents left empty); returns its file, or undefined if unknown. */
  remove(sopInstanceUid: string): StoredFile | undefined;
  /** C-FIND: response identifiers, one per match. Throws `QueryError` for a refused identifier. */
  find(model: Model, level: Level, identifier: Record<string, unknown>, options?: FindOptions): ResponseIdentifier[];
  /** C-MOVE / C-GET: the instances selected by unique keys. Throws `QueryError`. */
  selectForRetrieve(model: Model, level: Level, identifier: Record<string, unknown>): RetrieveItem[];
  counts(): PacsIndexCounts;
  /** The file of an indexed instance, if any. */
  fileOf(sopInstanceUid: string): StoredFile | undefined;
  /** Runs `fn` in one transaction (store commit uses it to make rename + index atomic). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface PacsIndexOptions {
  /** SQLite file path, or ':memory:'. */
  readonly path: string;
}

const STATEMENT_CACHE_SIZE = 256;
/**
 * How long computed study/series attributes may lag behind C-STOREs (reads never see the lag:
 * they refresh first). One refresh per burst of instances instead of one per instance: a study
 * recount visits all its instances, so refreshing per C-STORE grows with the square of the study.
 */
export const REFRESH_DELAY_MS = 50;

export function createPacsIndex(options: PacsIndexOptions): PacsIndex {
  const isFile = options.path !== ':memory:' && options.path !== '';
  const db = new Database(options.path);
  applySchema(db, isFile);
  const writer = createIndexWriter(db);
  let closed = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  /** Brings deferred computed attributes up to date; reads call it first. */
  function refreshPending(): void {
    if (!closed) writer.refreshPending();
  }
  function scheduleRefresh(): void {
    if (refreshTimer || !writer.pending) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      refreshPending();
    }, REFRESH_DELAY_MS);
  }

  // Identifiers repeat (same keys, new values), so SQL texts repeat: keep their statements.
  const statements = new Map<string, Database.Statement>();
  function statement(sql: string): Database.Statement {
    let s = statements.get(sql);
    if (s === undefined) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  }

  /** SQLite failures on a valid identifier are the SCP's problem: status 0xC000, not a crash. */
  function run<T>(sql: string, params: readonly unknown[], raw = false): T[] {
    try {
      // Raw rows (arrays) cost a third less than objects to materialise; find() shapes them itself.
      return statement(sql).raw(raw).all(...params) as T[];
    } catch (err) {
      throw new QueryError('unable-to-process', `index query failed: ${(err as Error).message}`);
    }
  }

  const fileOfStmt = db.prepare<[string], { path: string; transferSyntaxUid: string; size: number }>(
    'SELECT file_path AS path, transfer_syntax_uid AS transferSyntaxUid, file_size AS size FROM instances WHERE SOPInstanceUID = ?');
  const countStmt = db.prepare<[], PacsIndexCounts>(`SELECT
    (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM studies) AS studies,
    (SELECT count(*) FROM series) AS series, (SELECT count(*) FROM instances) AS instances`);

  return {
    insert: (ds, file) => writer.upsert(recordFromDataset(ds, file)),
    insertRecord(record, alongside) {
      const result = writer.upsertDeferred(record, alongside);
      scheduleRefresh();
      return result;
    },
    bulkInsert: (records) => void writer.upsertMany(records),
    remove: (sopInstanceUid) => writer.remove(sopInstanceUid),
    find(model, level, identifier, findOptions = {}) {
      refreshPending();
      const plan = planFind(model, level, identifier);
      return run<unknown[]>(plan.sql, plan.params, true).map((row) => toResponse(level, plan, row, findOptions));
    },
    selectForRetrieve(model, level, identifier) {
      refreshPending();
      const plan = planRetrieve(model, level, identifier);
      return run<RetrieveItem>(plan.sql, plan.params);
    },
    counts() {
      refreshPending();
      return countStmt.get()!;
    },
    fileOf: (sopInstanceUid) => fileOfStmt.get(sopInstanceUid),
    transaction<T>(fn: () => T): T {
      try {
        return db.transaction(fn)();
      } catch (err) {
        writer.reset(); // rows the writer cached may have been rolled back
        throw err;
      }
    },
    close() {
      clearTimeout(refreshTimer);
      refreshPending();
      closed = true;
      db.close();
    },
  };
}
