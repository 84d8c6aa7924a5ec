/**
 * The registry's metadata store (SQLite via better-sqlite3, a file or ':memory:'). Each registry
 * object is kept whole as JSON (ebrim-model.ts shape) with the columns stored queries filter on;
 * coded values and reference ids sit in a side table, associations in another.
 */
import Database from 'better-sqlite3';
import type { Association, RimObject } from './ebrim-model.ts';
import { codes, dtmKey, slotValue, slotValues, type XdsKind } from './xds-view.ts';
import { DocScheme } from './xds-constants.ts';

export interface StoredObject {
  readonly object: RimObject;
  readonly kind: XdsKind;
  readonly patientId?: string;
  readonly uniqueId?: string;
}

export interface MetadataStore {
  /** Inserts a whole submission atomically, applying status changes (RPLC deprecations) in the same transaction. */
  insert(objects: readonly StoredObject[], deprecate?: readonly string[]): void;
  byId(id: string): StoredObject | undefined;
  byUniqueId(uniqueId: string, kind?: XdsKind): StoredObject[];
  /** Runs a filtered selection of document entries (see FindDocumentsFilter). */
  findDocuments(filter: FindDocumentsFilter): StoredObject[];
  /** Associations whose source or target is one of the ids. */
  associationsOf(ids: readonly string[]): StoredObject[];
  close(): void;
}

export interface FindDocumentsFilter {
  readonly patientId: string;
  readonly statuses: readonly string[];
  readonly objectTypes: readonly string[];
  /** Per scheme, groups that are ANDed; the codes inside a group are ORed. */
  readonly codeGroups: readonly { readonly scheme: string; readonly anyOf: readonly { code: string; codingScheme: string }[] }[];
  readonly referenceIds?: readonly string[];
  readonly times: readonly { readonly column: 'creation_time' | 'service_start' | 'service_stop'; readonly from?: string; readonly to?: string }[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, kind TEXT NOT NULL, status TEXT, object_type TEXT,
  patient_id TEXT, unique_id TEXT, creation_time TEXT, service_start TEXT, service_stop TEXT, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS objects_patient ON objects (patient_id, kind);
CREATE INDEX IF NOT EXISTS objects_unique ON objects (unique_id);
CREATE TABLE IF NOT EXISTS codes (object_id TEXT NOT NULL, scheme TEXT NOT NULL, code TEXT NOT NULL, coding_scheme TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS codes_object ON codes (object_id, scheme);
CREATE TABLE IF NOT EXISTS assocs (id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS assocs_source ON assocs (source);
CREATE INDEX IF NOT EXISTS assocs_target ON assocs (target);
`;

const SCHEMES = Object.values(DocScheme);
export const REFERENCE_ID_SCHEME = 'urn:ihe:iti:xds:2013:referenceIdList';

export function openMetadataStore(path = ':memory:'): MetadataStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  let seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM objects').get() as { s: number }).s;
  const insertObject = db.prepare(
    'INSERT INTO objects (id, seq, kind, status, object_type, patient_id, unique_id, creation_time, service_start, service_stop, json) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insertCode = db.prepare('INSERT INTO codes (object_id, scheme, code, coding_scheme) VALUES (?,?,?,?)');
  const insertAssoc = db.prepare('INSERT INTO assocs (id, source, target, type) VALUES (?,?,?,?)');
  const selectById = db.prepare('SELECT kind, patient_id, unique_id, json FROM objects WHERE id = ?');
  const updateStatus = db.prepare('UPDATE objects SET status = ?, json = ? WHERE id = ?');

  type Row = { kind: string; patient_id: string | null; unique_id: string | null; json: string };
  const toStored = (r: Row): StoredObject => ({
    object: JSON.parse(r.json) as RimObject,
    kind: r.kind as XdsKind,
    ...(r.patient_id !== null && { patientId: r.patient_id }),
    ...(r.unique_id !== null && { uniqueId: r.unique_id }),
  });

  const insertAll = db.transaction((objects: readonly StoredObject[], deprecate: readonly string[]) => {
    for (const s of objects) {
      const o = s.object;
      const isDoc = o.type === 'ExtrinsicObject';
      insertObject.run(
        o.id, ++seq, s.kind, o.status ?? null, o.objectType ?? null, s.patientId ?? null, s.uniqueId ?? null,
        isDoc ? key(slotValue(o, 'creationTime')) : null,
        isDoc ? key(slotValue(o, 'serviceStartTime')) : null,
        isDoc ? key(slotValue(o, 'serviceStopTime')) : null,
        JSON.stringify(o),
      );
      if (o.type === 'ExtrinsicObject') {
        for (const scheme of SCHEMES) for (const c of codes(o, scheme)) insertCode.run(o.id, scheme, c.code, c.codingScheme);
        for (const ref of slotValues(o, 'urn:ihe:iti:xds:2013:referenceIdList')) insertCode.run(o.id, REFERENCE_ID_SCHEME, ref, '');
      }
      if (o.type === 'Association') insertAssoc.run(o.id, o.sourceObject, o.targetObject, o.associationType);
    }
    for (const [id, status] of deprecate.map((id) => [id, 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated'] as const)) {
      const row = selectById.get(id) as Row | undefined;
      if (!row) continue;
      const o = JSON.parse(row.json) as RimObject;
      o.status = status;
      updateStatus.run(status, JSON.stringify(o), id);
    }
  });

  return {
    insert: (objects, deprecate = []) => insertAll(objects, deprecate),
    byId(id) {
      const row = selectById.get(id) as Row | undefined;
      return row && toStored(row);
    },
    byUniqueId(uniqueId, kind) {
      const rows = kind
        ? db.prepare('SELECT kind, patient_id, unique_id, json FROM objects WHERE unique_id = ? AND kind = ? ORDER BY seq').all(uniqueId, kind)
        : db.prepare('SELECT kind, patient_id, unique_id, json FROM objects WHERE unique_id = ? ORDER BY seq').all(uniqueId);
      return (rows as Row[]).map(toStored);
    },
    findDocuments(f) {
      const where: string[] = ["kind = 'DocumentEntry'", 'patient_id = ?'];
      const args: unknown[] = [f.patientId];
      where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
      args.push(...f.statuses);
      where.push(`object_type IN (${f.objectTypes.map(() => '?').join(',')})`);
      args.push(...f.objectTypes);
      for (const g of f.codeGroups) {
        const alternatives = g.anyOf.map(() => '(code = ? AND coding_scheme = ?)').join(' OR ');
        where.push(`EXISTS (SELECT 1 FROM codes c WHERE c.object_id = objects.id AND c.scheme = ? AND (${alternatives}))`);
        args.push(g.scheme, ...g.anyOf.flatMap((c) => [c.code, c.codingScheme]));
      }
      if (f.referenceIds && f.referenceIds.length > 0) {
        where.push(`EXISTS (SELECT 1 FROM codes c WHERE c.object_id = objects.id AND c.scheme = ? AND c.code IN (${f.referenceIds.map(() => '?').join(',')}))`);
        args.push(REFERENCE_ID_SCHEME, ...f.referenceIds);
      }
      for (const t of f.times) {
        if (t.from !== undefined) {
          where.push(`${t.column} >= ?`);
          args.push(dtmKey(t.from));
        }
        if (t.to !== undefined) {
          where.push(`${t.column} < ?`);
          args.push(dtmKey(t.to));
        }
      }
      const rows = db.prepare(`SELECT kind, patient_id, unique_id, json FROM objects WHERE ${where.join(' AND ')} ORDER BY seq`).all(...args) as Row[];
      return rows.map(toStored);
    },
    associationsOf(ids) {
      if (ids.length === 0) return [];
      const marks = ids.map(() => '?').join(',');
      const rows = db
        .prepare(`SELECT o.kind, o.patient_id, o.unique_id, o.json FROM assocs a JOIN objects o ON o.id = a.id WHERE a.source IN (${marks}) OR a.target IN (${marks}) ORDER BY o.seq`)
        .all(...ids, ...ids) as Row[];
      return rows.map(toStored);
    },
    close: () => db.close(),
  };
}

function key(v: string | undefined): string | null {
  return v === undefined ? null : dtmKey(v);
}

export type { Association };
