/**
 * Reading values out of dcmjs "naturalized" datasets, which arrive in several shapes for the
 * same attribute: a plain string, a backslash-joined string, an array of strings or numbers,
 * PN as `[{ Alphabetic, Ideographic?, Phonetic? }]` or as a plain string, and empty values as
 * `''`, `[]`, `null`, `undefined` or `[{}]`. Everything the index stores or matches goes
 * through these helpers so that both forms behave the same.
 */

export type DatasetValue = unknown;

interface PersonNameObject {
  readonly Alphabetic?: unknown;
  readonly Ideographic?: unknown;
  readonly Phonetic?: unknown;
}

function isPersonNameObject(v: unknown): v is PersonNameObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) &&
    ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v);
}

/** PN object → the DICOM string form `Alphabetic=Ideographic=Phonetic`, trailing empty groups dropped. */
function personNameObjectToString(pn: PersonNameObject): string {
  const groups = [pn.Alphabetic, pn.Ideographic, pn.Phonetic].map((g) => (typeof g === 'string' ? g : ''));
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

function scalarToString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (isPersonNameObject(v)) return personNameObjectToString(v);
  return undefined;
}

/**
 * All values of a (non-sequence) attribute as trimmed strings. A string containing `\` is a
 * multi-valued string (PS3.5 §6.4) and is split. Empty values are dropped, so `[]` means
 * "zero-length attribute" whatever shape it came in.
 */
export function textValues(v: DatasetValue): string[] {
  if (typeof v === 'string' && !v.includes('\\')) {
    const t = v.trim();
    return t === '' ? [] : [t];
  }
  const raw = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of raw) {
    const s = scalarToString(item);
    if (s === undefined) continue;
    for (const part of s.split('\\')) {
      const t = part.trim();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

/** Like `textValues` but never splits on backslash: for LT/ST/UT, where `\` is an ordinary character. */
export function singleText(v: DatasetValue): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  const s = scalarToString(first)?.trim();
  return s === undefined || s === '' ? undefined : s;
}

/** The first value of an attribute, or undefined when it is absent or empty. */
export function firstText(v: DatasetValue): string | undefined {
  return textValues(v)[0];
}

/** Sequence items as plain objects; `[{}]` and `[]` both mean "no items with content". */
export function sequenceItems(v: DatasetValue): Record<string, unknown>[] {
  if (!Array.isArray(v)) return [];
  return v.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** True when a sequence key carries no matching content (universal matching per PS3.4 C.2.2.2.6). */
export function isEmptySequenceQuery(v: DatasetValue): boolean {
  return sequenceItems(v).every((item) => Object.entries(item).every(([k, x]) => k === '_vrMap' || textValues(x).length === 0));
}

/**
 * The form used for case- and accent-insensitive PN matching: only the alphabetic group
 * (the part before the first `=`), trailing empty components removed, diacritics stripped
 * (NFD + combining marks removed) and upper-cased. Cross-border queries are routinely typed
 * without accents ("DVORAK*" for "Dvořák"); PS3.4 C.2.2.2.1 allows PN matching to be
 * insensitive to case and accents.
 */
export function foldPersonName(s: string): string {
  const alphabetic = s.split('=')[0] ?? '';
  return alphabetic
    .replace(/[\^ ]+$/u, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
}

/** String form of a PN attribute in any shape: `[{Alphabetic}]`, `'A^B'`, `['A^B']`. Multi-valued PN keeps the first. */
export function personName(v: DatasetValue): string | undefined {
  return textValues(v)[0];
}

/** PN string `A=I=P` → naturalized `[{ Alphabetic, Ideographic?, Phonetic? }]` as dcmjs writes it. */
export function personNameToNatural(s: string | null | undefined): { Alphabetic: string; Ideographic?: string; Phonetic?: string }[] {
  if (s === null || s === undefined || s === '') return [];
  const [a = '', i, p] = s.split('=');
  return [{ Alphabetic: a, ...(i ? { Ideographic: i } : {}), ...(p ? { Phonetic: p } : {}) }];
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/u;

/** Whether any string reachable from `v` (including inside sequences and PN objects) is not 7-bit ASCII. */
export function containsNonAscii(v: unknown): boolean {
  if (typeof v === 'string') return NON_ASCII.test(v);
  if (Array.isArray(v)) return v.some(containsNonAscii);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(containsNonAscii);
  return false;
}
