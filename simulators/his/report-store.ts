/**
 * The HIS/RIS report store of country B (GEN-06): where the initiating NCP files the reports
 * (CDA, PDF) it retrieved across the border, so users and scenarios can see that a report arrived
 * with its images. SQLite (better-sqlite3): a file under `dir`, or in memory without one.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface ReportInput {
  /** CX form (id^^^&oid&ISO) as the metadata carried it. */
  readonly patientId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
  readonly studyInstanceUid?: string;
  readonly accessionNumber?: string;
  /** homeCommunityId the report came from. */
  readonly sourceCommunity: string;
}

export interface ReportRecord {
  readonly id: number;
  readonly patientId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly size: number;
  readonly studyInstanceUid?: string;
  readonly accessionNumber?: string;
  readonly sourceCommunity: string;
  /** ISO time of the (last) filing. */
  readonly receivedAt: string;
}

export interface ReportFilter {
  readonly patientId?: string;
  readonly studyInstanceUid?: string;
  readonly sourceCommunity?: string;
  readonly documentUniqueId?: string;
}

export interface ReportStore {
  /** Files a report; the same document from the same community again replaces the earlier copy (same id). */
  put(report: ReportInput): ReportRecord;
  /** Newest first. */
  list(filter?: ReportFilter): ReportRecord[];
  get(id: number): { readonly record: ReportRecord; readonly bytes: Buffer } | undefined;
  close(): void;
}

interface Row {
  id: number;
  patient_id: string;
  document_unique_id: string;
  mime_type: string;
  size: number;
  study_instance_uid: string | null;
  accession_number: string | null;
  source_community: string;
  received_at: string;
}

const COLUMNS = 'id, patient_id, document_unique_id, mime_type, size, study_instance_uid, accession_number, source_community, received_at';

export function createReportStore(options: { readonly dir?: string } = {}): ReportStore {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const db = new Database(options.dir ? join(options.dir, 'reports.sqlite') : ':memory:');
  if (options.dir) db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS report (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id TEXT NOT NULL,
    document_unique_id TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    study_instance_uid TEXT,
    accession_number TEXT,
    source_community TEXT NOT NULL,
    received_at TEXT NOT NULL,
    bytes BLOB NOT NULL,
    UNIQUE (source_community, document_unique_id)
  );
  CREATE INDEX IF NOT EXISTS report_patient ON report (patient_id);`);

  const upsert = db.prepare(`INSERT INTO report (patient_id, document_unique_id, mime_type, size, study_instance_uid, accession_number, source_community, received_at, bytes)
    VALUES (@patientId, @documentUniqueId, @mimeType, @size, @studyInstanceUid, @accessionNumber, @sourceCommunity, @receivedAt, @bytes)
    ON CONFLICT (source_community, document_unique_id) DO UPDATE SET
      patient_id = excluded.patient_id, mime_type = excluded.mime_type, size = excluded.size, study_instance_uid = excluded.study_instance_uid,
      accession_number = excluded.accession_number, received_at = excluded.received_at, bytes = excluded.bytes
    RETURNING ${COLUMNS}`);
  const byId = db.prepare<[number], Row & { bytes: Buffer }>(`SELECT ${COLUMNS}, bytes FROM report WHERE id = ?`);

  return {
    put(report) {
      for (const key of ['patientId', 'documentUniqueId', 'mimeType', 'sourceCommunity'] as const) {
        if (typeof report[key] !== 'string' || report[key] === '') throw new Error(`report store: ${key} is required`);
      }
      const row = upsert.get({
        patientId: report.patientId,
        documentUniqueId: report.documentUniqueId,
        mimeType: report.mimeType,
        size: report.bytes.byteLength,
        studyInstanceUid: report.studyInstanceUid ?? null,
        accessionNumber: report.accessionNumber ?? null,
        sourceCommunity: report.sourceCommunity,
        receivedAt: new Date().toISOString(),
        bytes: Buffer.from(report.bytes.buffer, report.bytes.byteOffset, report.bytes.byteLength),
      }) as Row;
      return toRecord(row);
    },
    list(filter = {}) {
      const where: string[] = [];
      const params: string[] = [];
      const add = (column: string, value: string | undefined): void => {
        if (value === undefined) return;
        where.push(`${column} = ?`);
        params.push(value);
      };
      add('patient_id', filter.patientId);
      add('study_instance_uid', filter.studyInstanceUid);
      add('source_community', filter.sourceCommunity);
      add('document_unique_id', filter.documentUniqueId);
      const sql = `SELECT ${COLUMNS} FROM report ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, id DESC`;
      return (db.prepare(sql).all(...params) as Row[]).map(toRecord);
    },
    get(id) {
      const row = Number.isSafeInteger(id) ? byId.get(id) : undefined;
      return row ? { record: toRecord(row), bytes: row.bytes } : undefined;
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function toRecord(row: Row): ReportRecord {
  return {
    id: row.id,
    patientId: row.patient_id,
    documentUniqueId: row.document_unique_id,
    mimeType: row.mime_type,
    size: row.size,
    ...(row.study_instance_uid !== null && { studyInstanceUid: row.study_instance_uid }),
    ...(row.accession_number !== null && { accessionNumber: row.accession_number }),
    sourceCommunity: row.source_community,
    receivedAt: row.received_at,
  };
}
