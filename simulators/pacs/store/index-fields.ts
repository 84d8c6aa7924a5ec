/**
 * The attributes the index needs, decoded straight from the header bytes of a Part 10 file
 * (preamble, meta group and data set up to Pixel Data), without dcmjs: a dcmjs parse costs
 * ~0.4 ms per instance, most of a C-STORE's CPU besides the copy to disk; this walk costs
 * a few microseconds.
 *
 * Values come out in the shapes of dcmjs's naturalized dataset for these VRs (PN as
 * `[{ Alphabetic, Ideographic?, Phonetic? }]`, IS as numbers, UIDs stripped of anything but
 * digits and dots, text decoded the way dcmjs decodes it), so `recordFromDataset` gives the same
 * record either way; `index-fields.test.ts` compares both on varied fixtures.
 *
 * Returns `undefined` whenever it cannot promise that, and the caller parses with dcmjs:
 * a transfer syntax other than Explicit/Implicit VR Little Endian, a Specific Character Set other
 * than none, ISO_IR 6, ISO_IR 100 or ISO_IR 192 (single-valued), an indexed attribute whose
 * explicit VR differs from the dictionary's, an indexed sequence the identifier codec declines,
 * an element that runs past the end of the bytes, or any other structure the walk does not expect.
 */
import dcmjs from 'dcmjs';
import { fastDecodeIdentifier } from '../../dimse/identifier-codec.ts';
import { decoderForCharset, ENCODED_VRS, isAscii, LATIN1, numberString, personNames, valueText } from '../../dimse/dicom-text.ts';
import { elementReader, transferSyntaxOf, type ElementHeader } from './dataset-extent.ts';
import { STORED_KEYS } from './query-keys.ts';

const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
const PIXEL_DATA = 0x7fe00010;
const SPECIFIC_CHARACTER_SET = 0x00080005;
const UNDEFINED = 0xffffffff;

interface Wanted { readonly keyword: string; readonly vr: string }

/** Indexed attributes by tag, with their dictionary VR (the one dcmjs applies to implicit VR data). */
const WANTED: ReadonlyMap<number, Wanted> = new Map(
  [...STORED_KEYS.map((k) => k.keyword), 'SpecificCharacterSet'].map((keyword) => {
    const entry = (dcmjs.data.DicomMetaDictionary as unknown as { nameMap: Record<string, { tag: string; vr: string }> }).nameMap[keyword];
    if (!entry) throw new Error(`index-fields: ${keyword} is not in the dcmjs dictionary`);
    const tag = parseInt(entry.tag.replace(/[(),]/g, ''), 16);
    return [tag, { keyword, vr: entry.vr }] as const;
  }),
);

export interface IndexFields {
  readonly transferSyntaxUid: string;
  /** Naturalized values of the indexed attributes present (plus SpecificCharacterSet). */
  readonly ds: Record<string, unknown>;
}

/** Splits on backslash as dcmjs does for multi-valued strings (a single value stays a string). */
function multi(s: string): string | string[] {
  return s.includes('\\') ? s.split('\\') : s;
}

function decodeValue(vr: string, bytes: Buffer, decoder: TextDecoder): unknown {
  if (bytes.length === 0) return vr === 'PN' || vr === 'SQ' ? [] : '';
  const text = valueText(vr, bytes, decoder);
  switch (vr) {
    case 'PN': return personNames(text);
    case 'IS': return text.split('\\').map(numberString);
    case 'UI': {
      // readPaddedAsciiString drops one trailing NUL; then everything but digits and dots goes.
      const unpadded = text.endsWith('\0') ? text.slice(0, -1) : text;
      const values = unpadded.split('\\').map((u) => u.replace(/[^0-9.]/g, ''));
      return values.length === 1 ? values[0] : values;
    }
    case 'LO': case 'SH': case 'CS': case 'AE': return multi(text.trim());
    default: return multi(text);
  }
}

/**
 * An indexed sequence (issuer of patient ID / accession number qualifiers), decoded by the
 * identifier codec from its own element bytes exactly as dcmjs would decode it inside the file
 * (items in the default character set, as dcmjs does); `undefined` when that codec declines.
 */
function sequenceItems(element: Buffer, wanted: Wanted, transferSyntaxUid: string): unknown {
  if (wanted.vr !== 'SQ') return undefined;
  return fastDecodeIdentifier(element, transferSyntaxUid)?.[wanted.keyword];
}

/**
 * The indexed attributes of a Part 10 header (`bytes` from offset 0; the data set may end at
 * Pixel Data or at the end of `bytes`), or `undefined` when dcmjs must do it (see above).
 */
export function indexFieldsFromPrefix(bytes: Buffer): IndexFields | undefined {
  try {
    if (bytes.length < 144 || bytes.toString('latin1', 128, 132) !== 'DICM' || bytes.readUInt32LE(132) !== 0x00000002) return undefined;
    const metaEnd = 144 + bytes.readUInt32LE(140);
    if (metaEnd > bytes.length) return undefined;
    const transferSyntaxUid = transferSyntaxOf(bytes, metaEnd);
    if (transferSyntaxUid !== EXPLICIT_VR_LE && transferSyntaxUid !== IMPLICIT_VR_LE) return undefined;
    const implicit = transferSyntaxUid === IMPLICIT_VR_LE;
    const reader = elementReader(bytes, { implicit, littleEndian: true });
    const ds: Record<string, unknown> = {};
    let decoder = LATIN1;
    let decodedText = false;
    for (let o = metaEnd; o < bytes.length;) {
      const start = o;
      const h: ElementHeader = reader.header(o);
      if (h.tag === PIXEL_DATA) break;
      const wanted = WANTED.get(h.tag);
      if (h.length === UNDEFINED) {
        o = reader.skipItems(h.valueOffset);
        if (!wanted) continue;
        const items = sequenceItems(bytes.subarray(start, o), wanted, transferSyntaxUid);
        if (items === undefined) return undefined;
        ds[wanted.keyword] = items;
        continue;
      }
      const end = h.valueOffset + h.length;
      if (end > bytes.length) return undefined;
      o = end;
      if (!wanted) continue;
      if (!implicit && h.vr !== wanted.vr) return undefined;
      if (wanted.vr === 'SQ') {
        const items = sequenceItems(bytes.subarray(start, end), wanted, transferSyntaxUid);
        if (items === undefined) return undefined;
        ds[wanted.keyword] = items;
        continue;
      }
      const value = bytes.subarray(h.valueOffset, end);
      if (h.tag === SPECIFIC_CHARACTER_SET) {
        // dcmjs switches its decoder here (text read before keeps the default) and then reports 'ISO_IR 192'.
        const chosen = decoderForCharset(value.toString('latin1'));
        if (!chosen || (decodedText && chosen !== decoder)) return undefined;
        decoder = chosen;
        ds.SpecificCharacterSet = 'ISO_IR 192';
        continue;
      }
      if (ENCODED_VRS.has(wanted.vr) && !isAscii(value)) decodedText = true;
      ds[wanted.keyword] = decodeValue(wanted.vr, value, decoder);
    }
    return { transferSyntaxUid, ds };
  } catch {
    return undefined; // an element past the end (NeedMore), or a structure the walk rejects
  }
}
