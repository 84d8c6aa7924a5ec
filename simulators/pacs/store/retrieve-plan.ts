/**
 * Which instances a C-MOVE / C-GET identifier selects (PS3.4 C.4.2.2.1, hierarchical retrieve):
 * single values for the unique keys above the retrieve level, one value or a list of UIDs for the
 * unique key of the retrieve level itself (PatientID, an LO, is a single value). Other keys
 * in the identifier are ignored. No universal retrieve: the level's unique key is required.
 */
import { textValues } from './dicom-values.ts';
import { fromClause } from './find-query.ts';
import { checkHierarchy, singleValue } from './hierarchy.ts';
import { QueryError } from './query-error.ts';
import { TABLE, UNIQUE_KEY, type Level, type Model } from './query-keys.ts';

export interface RetrieveItem {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly path: string;
  readonly size: number;
}

export interface RetrievePlan {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export function planRetrieve(model: Model, level: Level, identifier: Record<string, unknown>): RetrievePlan {
  const pins = checkHierarchy(model, level, identifier);
  const keyword = UNIQUE_KEY[level];
  const values = textValues(identifier[keyword]);
  if (values.length === 0) throw new QueryError('missing-unique-key', `${keyword} is required to retrieve at ${level} level`, keyword);
  const listAllowed = level !== 'PATIENT';
  if (!listAllowed && singleValue(identifier[keyword]) === undefined) {
    throw new QueryError('unique-key-not-single', `${keyword} must be a single value`, keyword);
  }
  if (values.some((v) => /[*?]/.test(v))) throw new QueryError('invalid-value', `${keyword} must not contain wildcards in a retrieve`, keyword);

  const where: string[] = [];
  const params: unknown[] = [];
  const aliasOf = (k: string): string => {
    const lvl = (Object.keys(UNIQUE_KEY) as Level[]).find((l) => UNIQUE_KEY[l] === k)!;
    return `${TABLE[lvl].alias}.${k}`;
  };
  for (const [k, v] of pins) {
    where.push(`${aliasOf(k)} = ?`);
    params.push(v);
  }
  where.push(`${aliasOf(keyword)} IN (SELECT value FROM json_each(?))`);
  params.push(JSON.stringify(values));
  const sql = `SELECT i.SOPClassUID AS sopClassUid, i.SOPInstanceUID AS sopInstanceUid, i.transfer_syntax_uid AS transferSyntaxUid,
    i.file_path AS path, i.file_size AS size FROM ${fromClause('IMAGE')} WHERE ${where.join(' AND ')}`;
  return { sql, params };
}
