/**
 * Hierarchical query/retrieve rules shared by C-FIND and C-MOVE/C-GET (PS3.4 C.4.1.2.1,
 * C.4.2.2.1): which levels a model has, and that every level above the requested one is pinned
 * by a single value of its unique key. Relational queries (extended negotiation) are not offered.
 */
import { firstText, textValues } from './dicom-values.ts';
import { QueryError } from './query-error.ts';
import { LEVEL_ORDER, UNIQUE_KEY, type Level, type Model } from './query-keys.ts';

const MODEL_LEVELS: Readonly<Record<Model, readonly Level[]>> = {
  PATIENT: ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'],
  STUDY: ['STUDY', 'SERIES', 'IMAGE'],
};

/** Levels of `model` strictly above `level`, top first. */
export function levelsAbove(model: Model, level: Level): Level[] {
  return MODEL_LEVELS[model].filter((l) => LEVEL_ORDER[l] < LEVEL_ORDER[level]);
}

/** A value usable as a hierarchical pin: exactly one value, no wildcard. */
export function singleValue(v: unknown): string | undefined {
  const values = textValues(v);
  return values.length === 1 && !/[*?]/.test(values[0]!) ? values[0] : undefined;
}

/**
 * Checks model/level and the unique keys above the level. Returns the pinned values keyed by
 * keyword. `identifier.QueryRetrieveLevel`, when present, must agree with `level`.
 */
export function checkHierarchy(model: Model, level: Level, identifier: Record<string, unknown>): Map<string, string> {
  if (!MODEL_LEVELS[model]?.includes(level)) {
    throw new QueryError('invalid-level', `level ${String(level)} does not exist in the ${String(model)} root information model`, 'QueryRetrieveLevel');
  }
  const stated = firstText(identifier.QueryRetrieveLevel);
  if (stated !== undefined && stated !== level) {
    throw new QueryError('level-mismatch', `QueryRetrieveLevel is ${stated}, expected ${level}`, 'QueryRetrieveLevel');
  }
  const pins = new Map<string, string>();
  for (const above of levelsAbove(model, level)) {
    const keyword = UNIQUE_KEY[above];
    const raw = identifier[keyword];
    if (textValues(raw).length === 0) {
      throw new QueryError('missing-unique-key', `${keyword} (unique key of ${above} level) is required for a ${level} level request`, keyword);
    }
    const single = singleValue(raw);
    if (single === undefined) {
      throw new QueryError('unique-key-not-single', `${keyword} must be a single value without wildcards above the ${level} level`, keyword);
    }
    pins.set(keyword, single);
  }
  return pins;
}
