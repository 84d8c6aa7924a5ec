/**
 * Text values the way dcmjs reads them, shared by the fast identifier codec
 * (`identifier-codec.ts`) and the index's header walk (`pacs/store/index-fields.ts`): both promise
 * the shapes of dcmjs's naturalized data set, so both use these helpers rather than twins.
 */
import dcmjs from 'dcmjs';

/** VRs whose text dcmjs decodes with the character set; the others it reads byte for byte. */
export const ENCODED_VRS: ReadonlySet<string> = new Set(['LO', 'SH', 'PN', 'LT', 'ST', 'UT', 'UC']);

/** The decoders dcmjs uses ('latin1', nominally windows-1252 — Node maps 0x80–0x9F to C1 controls; 'utf-8' drops a BOM): same labels, same results. */
export const LATIN1 = new TextDecoder('latin1');
export const UTF8 = new TextDecoder('utf-8');
const DECODER_BY_CHARSET: ReadonlyMap<string, TextDecoder> = new Map([
  ['', LATIN1], ['ISO_IR 6', LATIN1], ['ISO_IR 100', LATIN1], ['ISO_IR 192', UTF8],
]);

/**
 * The decoder dcmjs switches to for a Specific Character Set value (`raw`: the element's bytes as
 * latin1), or `undefined` where dcmjs would do something else (another set, several values).
 */
export function decoderForCharset(raw: string): TextDecoder | undefined {
  const names = raw.split('\\');
  return names.length === 1 ? DECODER_BY_CHARSET.get(names[0]!.trim()) : undefined;
}

export function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** Text of a value as dcmjs's `readEncodedString` (encoded VRs) or `readAsciiString` (others) gives it. */
export function valueText(vr: string, bytes: Buffer, decoder: TextDecoder): string {
  return ENCODED_VRS.has(vr) && !isAscii(bytes) ? decoder.decode(bytes) : bytes.toString('latin1');
}

/** dcmjs's IS/DS formatting: keep digits, sign, dot and exponent, then `Number`; '' becomes null. */
export function numberString(s: string): number | null {
  const kept = s.trim().replace(/[^0-9.\\\-+e]/gi, '');
  return kept === '' ? null : Number(kept);
}

export interface PersonNameValue { Alphabetic?: string; Ideographic?: string; Phonetic?: string }

/** dcmjs's PN reading: one trailing pad space dropped, then `pnStringToObject`. */
export function personNames(s: string): PersonNameValue[] {
  const value = s.endsWith(' ') || s === '' ? s.slice(0, -1) : s;
  return value.split('\\').filter(Boolean).map((v) => {
    const [a, i, p] = v.split('=');
    return { ...(a ? { Alphabetic: a } : {}), ...(i ? { Ideographic: i } : {}), ...(p ? { Phonetic: p } : {}) };
  });
}

/** dcmjs's `dropPadByte`: of several values, the last loses one pad character when its length is odd. */
export function dropPadByte(values: string[], pad: string, maxLength: number | undefined): string[] {
  if (!maxLength || values.length < 2) return values;
  const last = values[values.length - 1]!;
  if (last.length % 2 !== 0 && last.endsWith(pad)) values[values.length - 1] = last.slice(0, -1);
  return values;
}

/** dcmjs's `rtrim`. */
export function rtrim(s: string): string {
  return s.replace(/\s*$/g, '');
}

const { dicomJson, addAccessors } = (dcmjs as unknown as {
  utilities: { dicomJson: { pnAddValueAccessors<T extends object>(v: T): T }; addAccessors<T>(dest: T[], zero: T): T[] };
}).utilities;

/** The non-enumerable `toJSON`/`toString` dcmjs gives a PN value array. */
export const pnAddValueAccessors = <T extends object>(value: T): T => dicomJson.pnAddValueAccessors(value);

/** dcmjs's naturalized form of a one-element list of objects: a proxy that also reads as the object. */
export const singleItemList = <T>(list: T[]): T[] => addAccessors(list, list[0]!);
