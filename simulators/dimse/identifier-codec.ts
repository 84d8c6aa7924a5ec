/**
 * A fast codec for identifiers (the small data sets of C-FIND/C-MOVE/C-GET) in Explicit and
 * Implicit VR Little Endian. dcmjs's generic write/read + (de)naturalize costs ~0.3 ms per data
 * set, most of a C-FIND's time per match; this costs a few microseconds.
 *
 * It promises dcmjs's results exactly and so covers only what it can promise: the string VRs of
 * queries (AE AS CS DA DT TM DS IS UI LO SH PN LT ST UT UC), US/UL and SQ; dictionary tags with
 * their dictionary VR; Specific Character Set none, ISO_IR 6, ISO_IR 100 or ISO_IR 192. Anything
 * else (other VRs or character sets, private or unknown tags, values dcmjs would truncate or reject,
 * malformed bytes) makes it return `undefined`, and the caller asks dcmjs.
 *
 * Decoding gives dcmjs's naturalized shapes, quirks included: DA/DT keep their pad space, PN lists
 * carry dcmjs's `toJSON`, one-element lists of objects are dcmjs's accessor proxies, sequence items
 * keep `_vrMap: {}` and are decoded with the default character set. Not reproduced: the set-trap
 * proxy dcmjs puts around the data set itself (it only converts PN values assigned later).
 * Encoding writes what dcmjs writes (text as UTF-8, even-length values padded with space or, for
 * UI, NUL), except sequences and items, which get defined lengths. `identifier-codec.test.ts`
 * compares both directions with dcmjs over a corpus of identifiers.
 */
import dcmjs from 'dcmjs';
import { TransferSyntax } from './dimse-constants.ts';
import {
  decoderForCharset, dropPadByte, LATIN1, numberString, personNames, pnAddValueAccessors, rtrim, singleItemList, valueText,
} from './dicom-text.ts';

type Identifier = Record<string, unknown>;
interface Entry { readonly keyword: string; readonly tag: number; readonly vr: string }

const FALLBACK = Symbol('fallback to dcmjs');
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;
const SPECIFIC_CHARACTER_SET = 0x00080005;

/** VR → dcmjs's maxLength (or maxCharLength) as used by `dropPadByte`. */
const PAD_LENGTH: Readonly<Record<string, number | undefined>> = {
  AE: 16, AS: 4, CS: 16, DA: 8, DT: 26, TM: 16, DS: 16, IS: 12, UI: 64, LO: 64, SH: 16, ST: 1024, LT: 10240,
};
/** ASCII VRs: value length limits beyond which dcmjs truncates or throws on write (range form second). */
const ASCII_LIMITS: Readonly<Record<string, readonly [number, number?]>> = {
  AE: [16], AS: [4], CS: [16], DA: [8, 18], DT: [26, 54], TM: [16, 28], DS: [16], IS: [12], UI: [64],
};
const TEXT_VRS = new Set(['LO', 'SH', 'LT', 'ST', 'UT', 'UC']);
const SUPPORTED = new Set([...Object.keys(ASCII_LIMITS), ...TEXT_VRS, 'PN', 'US', 'UL', 'SQ']);
const LONG_LENGTH_VRS = new Set(['SQ', 'UC', 'UR', 'UT', 'OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'UV', 'SV']);

const dictionary = dcmjs.data.DicomMetaDictionary as unknown as {
  nameMap: Record<string, { tag: string; vr: string } | undefined>;
  dictionary: Record<string, { name: string; vr: string } | undefined>;
};
const byKeyword = new Map<string, Entry | null>();
const byTag = new Map<number, Entry | null>();

function entryForKeyword(keyword: string): Entry | null {
  let entry = byKeyword.get(keyword);
  if (entry === undefined) {
    const raw = Object.hasOwn(dictionary.nameMap, keyword) ? dictionary.nameMap[keyword] : undefined;
    const tag = raw ? parseInt(raw.tag.replace(/[(),]/g, ''), 16) : NaN;
    entry = raw && Number.isInteger(tag) ? { keyword, tag, vr: raw.vr } : null;
    byKeyword.set(keyword, entry);
  }
  return entry;
}

function entryForTag(tag: number): Entry | null {
  let entry = byTag.get(tag);
  if (entry === undefined) {
    const hex = tag.toString(16).toUpperCase().padStart(8, '0');
    const raw = dictionary.dictionary[`(${hex.slice(0, 4)},${hex.slice(4)})`];
    entry = raw ? { keyword: raw.name, tag, vr: raw.vr } : null;
    byTag.set(tag, entry);
  }
  return entry;
}

function fallback(): never {
  throw FALLBACK;
}

// ---------------------------------------------------------------- decoding

interface Cursor { readonly bytes: Buffer; readonly implicit: boolean }

function stringValues(vr: string, value: Buffer, decoder: TextDecoder): unknown[] {
  if (value.length === 0) {
    if (vr === 'PN') return [];
    if (vr === 'IS' || vr === 'DS') return [null];
    if (vr === 'US' || vr === 'UL') return [0];
    return [''];
  }
  const pad = PAD_LENGTH[vr];
  switch (vr) {
    case 'US': case 'UL': {
      const size = vr === 'US' ? 2 : 4;
      if (value.length % size !== 0) fallback();
      const out: number[] = [];
      for (let o = 0; o < value.length; o += size) out.push(size === 2 ? value.readUInt16LE(o) : value.readUInt32LE(o));
      return out;
    }
    case 'PN': return pnAddValueAccessors(personNames(valueText(vr, value, decoder)));
    case 'UI': {
      const text = value[value.length - 1] === 0 ? value.toString('latin1', 0, value.length - 1) : value.toString('latin1');
      const values = text.includes('\\') ? dropPadByte(text.split('\\'), '\0', pad) : [text];
      return values.map((u) => u.replace(/[^0-9.]/g, ''));
    }
    case 'CS': return dropPadByte(value.toString('latin1').split('\\'), ' ', pad).map((s) => s.trim());
    case 'DS': case 'IS': return dropPadByte(value.toString('latin1').split('\\'), ' ', pad).map(numberString);
    case 'AE': return dropPadByte(value.toString('latin1').trim().split('\\'), ' ', pad);
    case 'AS': case 'DA': case 'DT': return dropPadByte(value.toString('latin1').split('\\'), ' ', pad);
    case 'TM': return dropPadByte(rtrim(value.toString('latin1')).split('\\'), ' ', pad);
    case 'LO': case 'SH': return dropPadByte(valueText(vr, value, decoder).trim().split('\\'), ' ', pad);
    case 'LT': return [rtrim(valueText(vr, value, decoder))];
    case 'ST': case 'UT': case 'UC': return dropPadByte(rtrim(valueText(vr, value, decoder)).split('\\'), ' ', pad);
    default: return fallback();
  }
}

/** dcmjs's naturalization of one element's list of values. */
function natural(values: unknown[]): unknown {
  if (values.length !== 1) return values;
  const zero = values[0];
  return zero && typeof zero === 'object' && !(zero as { length?: number }).length ? singleItemList(values) : zero;
}

/** Reads elements from `start` to `end`, or (item of undefined length) to the item delimiter. */
function readDataset(c: Cursor, start: number, end: number, toDelimiter: boolean, nested: boolean): { ds: Identifier; next: number } {
  const { bytes, implicit } = c;
  const ds: Identifier = nested ? { _vrMap: {} } : {};
  let decoder = LATIN1;
  let o = start;
  while (o < end) {
    if (o + 8 > end) fallback();
    const tag = ((bytes.readUInt16LE(o) << 16) | bytes.readUInt16LE(o + 2)) >>> 0;
    if (toDelimiter && tag === ITEM_DELIMITATION) return { ds, next: o + 8 };
    const entry = entryForTag(tag);
    if (!entry || !SUPPORTED.has(entry.vr)) fallback();
    let length: number;
    let valueOffset: number;
    if (implicit) {
      length = bytes.readUInt32LE(o + 4);
      valueOffset = o + 8;
    } else {
      const vr = bytes.toString('latin1', o + 4, o + 6);
      if (vr !== entry.vr) fallback();
      if (LONG_LENGTH_VRS.has(vr)) {
        if (o + 12 > end) fallback();
        length = bytes.readUInt32LE(o + 8);
        valueOffset = o + 12;
      } else {
        length = bytes.readUInt16LE(o + 6);
        valueOffset = o + 8;
      }
    }
    if (entry.vr === 'SQ') {
      const { items, next } = readSequence(c, valueOffset, length, end);
      ds[entry.keyword] = natural(items);
      o = next;
      continue;
    }
    if (length === UNDEFINED || valueOffset + length > end) fallback();
    const value = bytes.subarray(valueOffset, valueOffset + length);
    o = valueOffset + length;
    if (tag === SPECIFIC_CHARACTER_SET) {
      // dcmjs switches its decoder here (text read before keeps the old one) and reports 'ISO_IR 192'.
      decoder = decoderForCharset(value.toString('latin1')) ?? fallback();
      ds.SpecificCharacterSet = 'ISO_IR 192';
      continue;
    }
    ds[entry.keyword] = natural(stringValues(entry.vr, value, decoder));
  }
  if (toDelimiter || o !== end) fallback();
  return { ds, next: o };
}

function readSequence(c: Cursor, start: number, length: number, end: number): { items: Identifier[]; next: number } {
  const items: Identifier[] = [];
  if (length === 0) return { items, next: start };
  const undefinedLength = length === UNDEFINED;
  const seqEnd = undefinedLength ? end : start + length;
  if (seqEnd > end) fallback();
  let p = start;
  for (;;) {
    if (!undefinedLength && p === seqEnd) return { items, next: p };
    if (p + 8 > seqEnd) fallback();
    const tag = ((c.bytes.readUInt16LE(p) << 16) | c.bytes.readUInt16LE(p + 2)) >>> 0;
    const itemLength = c.bytes.readUInt32LE(p + 4);
    if (tag === SEQUENCE_DELIMITATION) {
      if (!undefinedLength || itemLength !== 0) fallback();
      return { items, next: p + 8 };
    }
    if (tag !== ITEM) fallback();
    // dcmjs drops items without content.
    if (itemLength === UNDEFINED) {
      const { ds, next } = readDataset(c, p + 8, seqEnd, true, true);
      if (next - (p + 8) > 8) items.push(ds);
      p = next;
    } else {
      if (p + 8 + itemLength > seqEnd) fallback();
      if (itemLength > 0) items.push(readDataset(c, p + 8, p + 8 + itemLength, false, true).ds);
      p += 8 + itemLength;
    }
  }
}

/** The naturalized identifier dcmjs would give, or `undefined` when only dcmjs can say. */
export function fastDecodeIdentifier(bytes: Buffer, transferSyntax: string): Identifier | undefined {
  const implicit = transferSyntax === TransferSyntax.ImplicitVrLittleEndian;
  if (!implicit && transferSyntax !== TransferSyntax.ExplicitVrLittleEndian) return undefined;
  try {
    return readDataset({ bytes, implicit }, 0, bytes.length, false, false).ds;
  } catch {
    return undefined; // FALLBACK, or bytes that end early: dcmjs decides what they mean
  }
}

// ---------------------------------------------------------------- encoding

/** dcmjs's `denaturalizeValue`: a list, numbers as strings; an undefined or null entry makes it throw. */
function valueList(value: unknown): unknown[] {
  const list = Array.isArray(value) ? [...(value as unknown[])] : [value];
  return list.map((v) => (v === undefined || v === null ? fallback() : typeof v === 'number' ? String(v) : v));
}

function personNameText(values: unknown[]): string {
  const text = values.filter(Boolean).map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v !== 'object') return fallback();
    const pn = v as Record<string, unknown>;
    const parts = [pn.Alphabetic, pn.Ideographic, pn.Phonetic].map((p) => (p === undefined || p === null ? '' : typeof p === 'string' ? p : fallback()));
    return parts.join('=').replace(/=*$/, '');
  }).join('\\');
  // dcmjs rejects a component longer than 64 characters.
  for (const name of text.split('\\')) for (const part of name.split('=')) if (part.length > 64) fallback();
  return text;
}

function asciiText(vr: string, values: unknown[]): string {
  const [limit, rangeLimit] = ASCII_LIMITS[vr]!;
  for (const v of values) {
    if (typeof v !== 'string') fallback();
    if (v.length > (rangeLimit !== undefined && v.includes('-') ? rangeLimit : limit)) fallback();
    for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0x7f) fallback();
  }
  return values.join('\\');
}

function valueBytes(vr: string, value: unknown, implicit: boolean): Buffer {
  if (value === null) return Buffer.alloc(0);
  if (vr === 'SQ') {
    const parts: Buffer[] = [];
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) fallback();
      const body = writeDataset(item as Identifier, implicit);
      const header = Buffer.allocUnsafe(8);
      header.writeUInt32LE(0xe000fffe, 0);
      header.writeUInt32LE(body.length, 4);
      parts.push(header, body);
    }
    return Buffer.concat(parts);
  }
  const values = valueList(value);
  if (vr === 'US' || vr === 'UL') {
    const size = vr === 'US' ? 2 : 4;
    const out = Buffer.allocUnsafe(values.length * size);
    values.forEach((v, i) => {
      const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : fallback();
      if (n >= 2 ** (8 * size)) fallback();
      if (size === 2) out.writeUInt16LE(n, i * 2);
      else out.writeUInt32LE(n, i * 4);
    });
    return out;
  }
  let text: string;
  if (vr === 'PN') text = personNameText(values);
  else if (TEXT_VRS.has(vr)) text = values.every((v) => typeof v === 'string') ? values.join('\\') : fallback();
  else text = asciiText(vr, values);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length % 2 === 0) return bytes;
  const padded = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(padded);
  padded[bytes.length] = vr === 'UI' ? 0 : 0x20;
  return padded;
}

function writeDataset(identifier: Identifier, implicit: boolean): Buffer {
  const elements: { entry: Entry; value: unknown }[] = [];
  for (const key of Object.keys(identifier)) {
    const value = identifier[key];
    if (key === '_vrMap') {
      if (value && typeof value === 'object' && Object.keys(value).length > 0) fallback(); // VR overrides
      continue;
    }
    const entry = entryForKeyword(key);
    if (!entry || value === undefined) continue; // dcmjs skips names it does not know
    if (!SUPPORTED.has(entry.vr)) fallback();
    elements.push({ entry, value });
  }
  elements.sort((a, b) => a.entry.tag - b.entry.tag);
  const parts: Buffer[] = [];
  for (const { entry, value } of elements) {
    const body = valueBytes(entry.vr, value, implicit);
    const long = implicit || LONG_LENGTH_VRS.has(entry.vr);
    if (!long && body.length >= 0x10000) fallback();
    const header = Buffer.allocUnsafe(implicit ? 8 : long ? 12 : 8);
    header.writeUInt16LE(entry.tag >>> 16, 0);
    header.writeUInt16LE(entry.tag & 0xffff, 2);
    if (implicit) header.writeUInt32LE(body.length, 4);
    else {
      header.write(entry.vr, 4, 'latin1');
      if (long) {
        header.writeUInt16LE(0, 6);
        header.writeUInt32LE(body.length, 8);
      } else header.writeUInt16LE(body.length, 6);
    }
    parts.push(header, body);
  }
  return Buffer.concat(parts);
}

/** The identifier's bytes, or `undefined` when only dcmjs can say what it would write. */
export function fastEncodeIdentifier(identifier: Identifier, transferSyntax: string): Buffer | undefined {
  const implicit = transferSyntax === TransferSyntax.ImplicitVrLittleEndian;
  if (!implicit && transferSyntax !== TransferSyntax.ExplicitVrLittleEndian) return undefined;
  try {
    return writeDataset(identifier, implicit);
  } catch {
    return undefined; // FALLBACK, or a value of a shape only dcmjs knows how to treat
  }
}
