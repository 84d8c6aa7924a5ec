/**
 * Tolerant reading of a naturalized dcmjs data set. A manifest under test may be malformed in any
 * way (a sequence given as one object, a number where a string belongs, a missing value), so every
 * accessor answers `undefined` or `[]` instead of throwing: the rules turn absence into findings.
 */
import dcmjs from 'dcmjs';

export type Item = Record<string, unknown>;

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/** The items of a sequence attribute; a lone object counts as one item, anything else as none. */
export function items(value: unknown): Item[] {
  if (Array.isArray(value)) return value.filter(isItem);
  return isItem(value) ? [value] : [];
}

/**
 * The first value of a string-like attribute, trimmed; `undefined` when absent or empty. dcmjs
 * naturalizes IS/DS to numbers and multi-valued strings to arrays, PN to `{ Alphabetic }`.
 */
export function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  let s: string | undefined;
  if (typeof first === 'string') s = first;
  else if (typeof first === 'number' && Number.isFinite(first)) s = String(first);
  else if (isItem(first) && typeof first.Alphabetic === 'string') s = first.Alphabetic;
  const trimmed = s?.replace(/\0/g, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

export interface CodeValue {
  readonly value: string | undefined;
  readonly scheme: string | undefined;
  readonly meaning: string | undefined;
}

/** The first item of a code sequence (Basic Code Sequence Macro), or undefined. */
export function firstCode(sequence: unknown): CodeValue | undefined {
  const item = items(sequence)[0];
  if (!item) return undefined;
  return { value: text(item.CodeValue) ?? text(item.LongCodeValue) ?? text(item.URNCodeValue), scheme: text(item.CodingSchemeDesignator), meaning: text(item.CodeMeaning) };
}

export function codeEquals(code: CodeValue | undefined, value: string, scheme: string): boolean {
  return code?.value === value && code.scheme === scheme;
}

export function showCode(code: CodeValue | undefined): string {
  if (!code) return 'no code';
  return `(${code.value ?? '?'}, ${code.scheme ?? '?'}, "${code.meaning ?? ''}")`;
}

const { nameMap } = dcmjs.data.DicomMetaDictionary;

/** A keyword as its tag "(gggg,eeee)"; unknown keywords stay as they are. */
export function tagOf(keyword: string): string {
  return nameMap[keyword]?.tag ?? keyword;
}

/**
 * A finding path in the tag form of finding.ts: `tagPath('ContentSequence', 3, 'ValueType')`
 * gives "(0040,A730)[3].(0040,A040)".
 */
export function tagPath(...parts: readonly (string | number)[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out === '' ? '' : '.') + tagOf(part);
  }
  return out;
}

/** Appends to an existing tag path. */
export function under(base: string, ...parts: readonly (string | number)[]): string {
  const rest = tagPath(...parts);
  if (base === '') return rest;
  return typeof parts[0] === 'number' ? base + rest : `${base}.${rest}`;
}

/** PS3.5 9.1: digits and dots, no leading zeros in a component, at most 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

export function uidProblem(uid: string | undefined): string | undefined {
  if (uid === undefined) return 'absent or empty';
  if (uid.length > 64) return `${uid.length} characters, more than 64`;
  if (!UID.test(uid)) return 'not dotted numeric components without leading zeros';
  return undefined;
}
