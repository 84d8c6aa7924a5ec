/**
 * The DICOM family's subject: one Part 10 file read with dcmjs, kept as dcmjs keeps it (tag →
 * { vr, Value, _rawValue }) so rules see the VR actually written and the raw strings (dcmjs turns
 * DS/IS into numbers, and an "abc" DS into NaN, so VR checks must read `_rawValue`).
 * Reading never throws: a file dcmjs cannot parse, or one too large to hold, is a reason.
 */
import dcmjs, { type NaturalDataset } from 'dcmjs';

/** One data element as dcmjs keeps it. Sequence items are nested DicomDataset objects. */
export interface DicomElement {
  readonly vr: string;
  readonly Value?: unknown[];
  readonly _rawValue?: unknown;
}

/** Tag (8 upper-case hex digits, no punctuation, as dcmjs keys it) → element. */
export type DicomDataset = Readonly<Record<string, DicomElement>>;

export interface DicomSubject {
  /** File meta information (group 0002). */
  readonly meta: DicomDataset;
  readonly dict: DicomDataset;
  /** Convenience view by keyword; rules that judge encoding must use `dict`. */
  readonly natural: NaturalDataset;
  /** From the data set, else from the meta header (MediaStorageSOPClassUID); '' when neither has one. */
  readonly sopClassUid: string;
  readonly transferSyntaxUid: string;
}

export type ReadDicomResult = { readonly ok: true; readonly subject: DicomSubject } | { readonly ok: false; readonly reason: string };

/** Large enough for any single-frame or modest multi-frame instance the exchange carries. */
export const MAX_DICOM_FILE_BYTES = 256 * 1024 * 1024;

export function readDicomSubject(bytes: Uint8Array, maxBytes: number = MAX_DICOM_FILE_BYTES): ReadDicomResult {
  if (bytes.byteLength > maxBytes) return { ok: false, reason: `file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit` };
  if (bytes.byteLength < 132) return { ok: false, reason: `file is ${bytes.byteLength} bytes, too short for a Part 10 preamble and "DICM" prefix` };
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const file = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: false, forceStoreRaw: true });
    const meta = file.meta as unknown as DicomDataset;
    const dict = file.dict as unknown as DicomDataset;
    let natural: NaturalDataset;
    try {
      natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
    } catch {
      // Naturalizing is a convenience: a data set it chokes on is still judged through `dict`.
      natural = {};
    }
    const sopClassUid = firstString(dict, '00080016') ?? firstString(meta, '00020002') ?? '';
    return { ok: true, subject: { meta, dict, natural, sopClassUid, transferSyntaxUid: firstString(meta, '00020010') ?? '' } };
  } catch (err) {
    return { ok: false, reason: `dcmjs cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** "(0040,A730)" or "0040A730" → "0040A730". */
export function tagKey(tag: string): string {
  return tag.replace(/[(),]/g, '').toUpperCase();
}

/** "0040A730" → "(0040,A730)": the form finding paths use. */
export function formatTag(key: string): string {
  const k = tagKey(key);
  return `(${k.slice(0, 4)},${k.slice(4)})`;
}

/** A path segment: a tag, with the item index when the walk goes into a sequence item. */
export interface PathStep {
  readonly tag: string;
  readonly item?: number;
}

/** [{tag:'0040A730',item:0},{tag:'0040A160'}] → "(0040,A730)[0].(0040,A160)". */
export function formatPath(steps: readonly PathStep[]): string {
  return steps.map((s) => `${formatTag(s.tag)}${s.item === undefined ? '' : `[${s.item}]`}`).join('.');
}

/** Parses "(0040,A730)[0].(0040,A160)" (or without parentheses) into steps; undefined if malformed. */
export function parsePath(path: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  for (const part of path.split('.')) {
    const m = /^\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\)?(?:\[(\d+)\])?$/.exec(part);
    if (!m) return undefined;
    steps.push({ tag: `${m[1]}${m[2]}`.toUpperCase(), ...(m[3] !== undefined && { item: Number(m[3]) }) });
  }
  return steps;
}

/** The element at a tag path (nested sequences need an item index on every step but the last). */
export function getElement(ds: DicomDataset, path: string | readonly PathStep[]): DicomElement | undefined {
  const steps = typeof path === 'string' ? parsePath(path) : path;
  if (!steps || steps.length === 0) return undefined;
  let current: DicomDataset | undefined = ds;
  for (const [n, step] of steps.entries()) {
    const element: DicomElement | undefined = current?.[step.tag];
    if (n === steps.length - 1) return step.item === undefined ? element : undefined;
    if (!element || element.vr !== 'SQ' || step.item === undefined) return undefined;
    current = sequenceItems(element)[step.item];
  }
  return undefined;
}

export function sequenceItems(element: DicomElement | undefined): DicomDataset[] {
  if (!element || !Array.isArray(element.Value)) return [];
  return element.Value.filter((v): v is DicomDataset => typeof v === 'object' && v !== null && !(v instanceof ArrayBuffer));
}

/** Zero-length: no values, or only empty strings / empty PN groups. */
export function isEmpty(element: DicomElement): boolean {
  const values = element.Value;
  if (!Array.isArray(values) || values.length === 0) return true;
  return values.every((v) => v === '' || v === null || v === undefined || (isPersonName(v) && Object.values(v).every((g) => g === '' || g === undefined)));
}

function isPersonName(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof ArrayBuffer) && !Array.isArray(v) && ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v);
}

/** The values as written (strings for text VRs), one per value; undefined for binary and SQ elements. */
export function rawStrings(element: DicomElement): string[] | undefined {
  const raw = element._rawValue ?? element.Value;
  if (typeof raw === 'string') return raw.split('\\');
  if (!Array.isArray(raw)) return undefined;
  if (!raw.every((v) => typeof v === 'string')) return undefined;
  return raw as string[];
}

/** First value as a trimmed string, when it is one. */
export function firstString(ds: DicomDataset, tag: string): string | undefined {
  const v = ds[tagKey(tag)]?.Value?.[0];
  return typeof v === 'string' ? v.trim() : undefined;
}

/** Visits every element, depth first, sequence items included, with its path. */
export function* walkElements(ds: DicomDataset, prefix: readonly PathStep[] = []): Generator<{ readonly steps: readonly PathStep[]; readonly tag: string; readonly element: DicomElement }> {
  for (const tag of Object.keys(ds).sort()) {
    const element = ds[tag];
    if (!element || typeof element !== 'object') continue;
    const steps = [...prefix, { tag }];
    yield { steps, tag, element };
    if (element.vr === 'SQ') {
      for (const [i, item] of sequenceItems(element).entries()) yield* walkElements(item, [...prefix, { tag, item: i }]);
    }
  }
}
