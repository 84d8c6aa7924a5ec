/**
 * Turns a naturalized dataset (from a file header, or a plain attribute object for bulk loads)
 * into the per-level column values the index stores. Text is stored as decoded Unicode;
 * dcmjs has already applied SpecificCharacterSet when it parsed the bytes.
 */
import { firstText, foldPersonName, personName, sequenceItems, singleText, textValues } from './dicom-values.ts';
import { foldColumn, storedKeysOf, type Level } from './query-keys.ts';

export type ColumnValue = string | number | null;
export type Row = Record<string, ColumnValue>;

/** Where and how the instance is stored on disk. */
export interface StoredFile {
  readonly path: string;
  readonly transferSyntaxUid: string;
  readonly size: number;
}

export interface IndexRecord {
  readonly patient: Row;
  readonly study: Row;
  readonly series: Row;
  readonly instance: Row;
  readonly file: StoredFile;
  readonly specificCharacterSet: string | null;
}

export class IndexRecordError extends Error {
  override readonly name = 'IndexRecordError';
  constructor(readonly missing: readonly string[]) {
    super(`dataset lacks required attribute(s): ${missing.join(', ')}`);
  }
}

const REQUIRED = ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'SOPClassUID'] as const;
const LONG_TEXT_VRS = new Set(['LT', 'ST', 'UT']);

/** DA/TM/DT are compared as strings, so drop the ACR-NEMA separators ("2020.01.01", "12:30:00"). */
function normaliseTemporal(vr: string, s: string): string {
  return vr === 'TM' ? s.replace(/:/g, '') : vr === 'DA' ? s.replace(/\./g, '') : s;
}

function columnValue(vr: string, v: unknown): ColumnValue {
  if (vr === 'SQ') {
    const items = sequenceItems(v).map(({ _vrMap, ...rest }) => rest);
    return items.length === 0 ? null : JSON.stringify(items);
  }
  if (vr === 'PN') return personName(v) ?? null;
  if (vr === 'IS') {
    const s = firstText(v);
    const n = s === undefined ? NaN : Number(s);
    return Number.isInteger(n) ? n : null;
  }
  const s = LONG_TEXT_VRS.has(vr) ? singleText(v) : textValues(v).join('\\') || undefined;
  return s === undefined ? null : (vr === 'DA' || vr === 'TM' ? normaliseTemporal(vr, s) : s);
}

// Computed once: record extraction runs per instance on the bulk-load path.
const KEYS_BY_LEVEL: Readonly<Record<Level, ReturnType<typeof storedKeysOf>>> = {
  PATIENT: storedKeysOf('PATIENT'), STUDY: storedKeysOf('STUDY'), SERIES: storedKeysOf('SERIES'), IMAGE: storedKeysOf('IMAGE'),
};

function rowFor(level: Level, ds: Record<string, unknown>): Row {
  const row: Row = {};
  for (const key of KEYS_BY_LEVEL[level]) {
    const value = columnValue(key.vr, ds[key.keyword]);
    row[key.keyword] = value;
    if (key.vr === 'PN') row[foldColumn(key.keyword)] = typeof value === 'string' ? foldPersonName(value) : null;
  }
  return row;
}

/**
 * Extracts an `IndexRecord`. Throws `IndexRecordError` when a UID the hierarchy needs is
 * absent, so a malformed instance is refused rather than indexed under an empty key.
 */
export function recordFromDataset(ds: Record<string, unknown>, file: StoredFile): IndexRecord {
  const missing = REQUIRED.filter((k) => firstText(ds[k]) === undefined);
  if (missing.length > 0) throw new IndexRecordError(missing);
  const patient = rowFor('PATIENT', ds);
  // UNIQUE (PatientID, IssuerOfPatientID) needs '' rather than NULL for "absent".
  patient.PatientID ??= '';
  patient.IssuerOfPatientID ??= '';
  return {
    patient,
    study: rowFor('STUDY', ds),
    series: rowFor('SERIES', ds),
    instance: rowFor('IMAGE', ds),
    file,
    specificCharacterSet: textValues(ds.SpecificCharacterSet).join('\\') || null,
  };
}
