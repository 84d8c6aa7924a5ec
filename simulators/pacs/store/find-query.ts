/**
 * C-FIND over the index: builds one SQL statement per identifier (hierarchy checked first), runs
 * it, and shapes each row into a response identifier holding exactly the requested keys.
 *
 * Policy where the standard leaves room (documented for the conformance statement):
 * - keys of levels *above* the query level are matched and returned (as most PACS do), keys
 *   *below* it are not matched and come back zero-length, like keys the index does not know;
 * - computed counts are returned but not matched; ModalitiesInStudy / SOPClassesInStudy match
 *   when any series / instance of the study has one of the values;
 * - sequence keys match on the simple string items of their first query item
 *   (e.g. IssuerOfAccessionNumberSequence > UniversalEntityID); empty items are universal;
 * - private or unknown tags in the identifier are ignored and not returned;
 * - SpecificCharacterSet `ISO_IR 192` is added when a response holds non-ASCII text.
 */
import dcmjs from 'dcmjs';
import { containsNonAscii, isEmptySequenceQuery, personNameToNatural, sequenceItems, textValues } from './dicom-values.ts';
import { checkHierarchy } from './hierarchy.ts';
import { valueCondition, type SqlCondition } from './match-sql.ts';
import { foldColumn, LEVEL_ORDER, QUERY_KEYS, TABLE, UNIQUE_KEY, type Level, type Model, type QueryKey } from './query-keys.ts';

export type ResponseIdentifier = Record<string, unknown>;

export interface FindOptions {
  /** Fills RetrieveAETitle when requested (the actor knows its AE title, the index does not). */
  readonly retrieveAETitle?: string;
  /** Fills InstanceAvailability when requested; defaults to ONLINE. */
  readonly instanceAvailability?: 'ONLINE' | 'NEARLINE' | 'OFFLINE' | 'UNAVAILABLE';
}

export interface FindPlan {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Requested keywords in identifier order, plus the level's unique key. */
  readonly requested: readonly string[];
  /** Position of each selected keyword in a raw result row. */
  readonly columnIndex: ReadonlyMap<string, number>;
}

const NOT_REQUESTED = new Set(['_vrMap', 'QueryRetrieveLevel', 'SpecificCharacterSet']);
const FILLED_BY_ACTOR = new Set(['RetrieveAETitle', 'InstanceAvailability']);

export function fromClause(level: Level): string {
  const joins = [
    `${TABLE.PATIENT.name} ${TABLE.PATIENT.alias}`,
    `JOIN ${TABLE.STUDY.name} ${TABLE.STUDY.alias} ON ${TABLE.STUDY.alias}.patient_pk = ${TABLE.PATIENT.alias}.pk`,
    `JOIN ${TABLE.SERIES.name} ${TABLE.SERIES.alias} ON ${TABLE.SERIES.alias}.study_pk = ${TABLE.STUDY.alias}.pk`,
    `JOIN ${TABLE.IMAGE.name} ${TABLE.IMAGE.alias} ON ${TABLE.IMAGE.alias}.series_pk = ${TABLE.SERIES.alias}.pk`,
  ];
  return joins.slice(0, LEVEL_ORDER[level] + 1).join(' ');
}

function vrOf(keyword: string): string | undefined {
  return QUERY_KEYS.get(keyword)?.vr ?? dcmjs.data.DicomMetaDictionary.nameMap[keyword]?.vr;
}

function emptyValue(vr: string | undefined): unknown {
  return vr === 'PN' || vr === 'SQ' ? [] : '';
}

const SAFE_KEYWORD = /^[A-Za-z][A-Za-z0-9]*$/;

/** Every non-empty string field of the first query item must equal that field in some stored item. */
function sequenceCondition(column: string, value: unknown): SqlCondition | undefined {
  if (isEmptySequenceQuery(value)) return undefined;
  const item = sequenceItems(value)[0] ?? {};
  const fields = Object.entries(item).flatMap(([k, v]) => {
    const s = textValues(v)[0];
    return SAFE_KEYWORD.test(k) && s !== undefined && s !== '*' ? [[k, s] as const] : [];
  });
  if (fields.length === 0) return undefined;
  return {
    sql: `EXISTS (SELECT 1 FROM json_each(${column}) j WHERE ${fields.map(([k]) => `json_extract(j.value, '$.${k}') = ?`).join(' AND ')})`,
    params: fields.map(([, s]) => s),
  };
}

function keyCondition(key: QueryKey, value: unknown): SqlCondition | undefined {
  const alias = TABLE[key.level].alias;
  if (key.computed === undefined) {
    if (key.vr === 'SQ') return sequenceCondition(`${alias}.${key.keyword}`, value);
    return valueCondition(key.keyword, key.vr, `${alias}.${key.keyword}`, value, key.vr === 'PN' ? `${alias}.${foldColumn(key.keyword)}` : undefined);
  }
  if (key.keyword === 'ModalitiesInStudy') {
    const c = valueCondition(key.keyword, 'CS', 'x.Modality', value);
    return c && { sql: `EXISTS (SELECT 1 FROM series x WHERE x.study_pk = st.pk AND ${c.sql})`, params: c.params };
  }
  if (key.keyword === 'SOPClassesInStudy') {
    const c = valueCondition(key.keyword, 'UI', 'x.SOPClassUID', value);
    return c && { sql: `EXISTS (SELECT 1 FROM series y JOIN instances x ON x.series_pk = y.pk WHERE y.study_pk = st.pk AND ${c.sql})`, params: c.params };
  }
  return undefined;
}

/** Validates the identifier and builds the SQL; throws `QueryError` on a refused identifier. */
export function planFind(model: Model, level: Level, identifier: Record<string, unknown>): FindPlan {
  checkHierarchy(model, level, identifier);
  const requested = Object.keys(identifier).filter((k) => !NOT_REQUESTED.has(k) && SAFE_KEYWORD.test(k) && vrOf(k) !== undefined);
  if (!requested.includes(UNIQUE_KEY[level])) requested.push(UNIQUE_KEY[level]);

  const columns: string[] = [];
  const columnIndex = new Map<string, number>();
  const where: SqlCondition[] = [];
  for (const keyword of requested) {
    const key = QUERY_KEYS.get(keyword);
    if (key === undefined || LEVEL_ORDER[key.level] > LEVEL_ORDER[level]) continue;
    columnIndex.set(key.keyword, columns.length);
    columns.push(key.computed ?? `${TABLE[key.level].alias}.${key.keyword}`);
    const condition = keyCondition(key, identifier[keyword]);
    if (condition) where.push(condition);
  }
  const sql = `SELECT ${columns.join(', ')} FROM ${fromClause(level)}${where.length ? ` WHERE ${where.map((w) => w.sql).join(' AND ')}` : ''}`;
  return { sql, params: where.flatMap((w) => w.params), requested, columnIndex };
}

function responseValue(keyword: string, stored: unknown): unknown {
  const key = QUERY_KEYS.get(keyword);
  if (stored === null || stored === undefined || key === undefined) return emptyValue(vrOf(keyword));
  if (key.computed !== undefined && key.multiValued) return String(stored).split(',').sort();
  if (key.vr === 'PN') return personNameToNatural(String(stored));
  if (key.vr === 'SQ') return JSON.parse(String(stored)) as unknown;
  return key.vr === 'IS' ? Number(stored) : String(stored);
}

/** Shapes one raw SQL row (values in `plan.columnIndex` order) into a response identifier. */
export function toResponse(level: Level, plan: FindPlan, row: readonly unknown[], options: FindOptions): ResponseIdentifier {
  const response: ResponseIdentifier = { QueryRetrieveLevel: level };
  for (const keyword of plan.requested) {
    const column = plan.columnIndex.get(keyword);
    if (FILLED_BY_ACTOR.has(keyword) && column === undefined) {
      response[keyword] = keyword === 'RetrieveAETitle' ? (options.retrieveAETitle ?? '') : (options.instanceAvailability ?? 'ONLINE');
      continue;
    }
    response[keyword] = responseValue(keyword, column === undefined ? undefined : row[column]);
  }
  if (containsNonAscii(response)) response.SpecificCharacterSet = 'ISO_IR 192';
  return response;
}
