/**
 * Walks the element structure of a Part 10 buffer (lengths only, no values) to find where the
 * top-level Pixel Data element starts, or to prove the buffer holds whole elements up to its end.
 * dcmjs silently shortens a string value cut off by the end of the buffer, so this walk is what
 * tells a truncated file from a complete one, and a partial chunk from a finished header.
 */

export type Extent =
  | { readonly kind: 'pixel-data'; readonly offset: number }
  | { readonly kind: 'complete' }
  /** An element runs past the end of the buffer: read more, or the file is truncated. */
  | { readonly kind: 'need-more' };

const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
const EXPLICIT_VR_BE = '1.2.840.10008.1.2.2';
const DEFLATED = new Set(['1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.8.1']);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITATION = 0xfffee00d;
const SEQUENCE_DELIMITATION = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;

/** Thrown by `elementReader` when an element runs past the end of the buffer. */
export class NeedMore extends Error {}

export interface Syntax { readonly implicit: boolean; readonly littleEndian: boolean }

/** Element header: tag, VR (explicit VR only; '' when implicit or an item tag), value offset and length. */
export interface ElementHeader { readonly tag: number; readonly vr: string; readonly valueOffset: number; readonly length: number }

/** Reads element headers of `buf` (no values); throws `NeedMore` past its end. */
export function elementReader(buf: Buffer, syntax: Syntax) {
  const need = (offset: number, n: number): void => { if (offset + n > buf.length) throw new NeedMore(); };
  const u16 = (o: number): number => { need(o, 2); return syntax.littleEndian ? buf.readUInt16LE(o) : buf.readUInt16BE(o); };
  const u32 = (o: number): number => { need(o, 4); return syntax.littleEndian ? buf.readUInt32LE(o) : buf.readUInt32BE(o); };
  const tag = (o: number): number => ((u16(o) << 16) | u16(o + 2)) >>> 0;

  /** Header of the element at `o`: its tag, value offset and length. Item tags never carry a VR. */
  function header(o: number): ElementHeader {
    const t = tag(o);
    if (syntax.implicit || t >>> 16 === 0xfffe) return { tag: t, vr: '', valueOffset: o + 8, length: u32(o + 4) };
    need(o, 6);
    const vr = buf.toString('latin1', o + 4, o + 6);
    return LONG_VRS.has(vr) ? { tag: t, vr, valueOffset: o + 12, length: u32(o + 8) } : { tag: t, vr, valueOffset: o + 8, length: u16(o + 6) };
  }

  /** Skips an undefined-length value (sequence or encapsulated pixel data) and returns the offset after it. */
  function skipItems(o: number): number {
    for (;;) {
      const h = header(o);
      if (h.tag === SEQUENCE_DELIMITATION) return h.valueOffset;
      if (h.tag !== ITEM) throw new Error(`expected an item at offset ${o}, found tag ${h.tag.toString(16)}`);
      o = h.length === UNDEFINED ? elements(h.valueOffset, ITEM_DELIMITATION) : h.valueOffset + h.length;
    }
  }

  /** Walks elements from `o` until `stop` (a delimiter tag) and returns the offset after it. */
  function elements(o: number, stop: number): number {
    for (;;) {
      const h = header(o);
      if (h.tag === stop) return h.valueOffset;
      o = h.length === UNDEFINED ? skipItems(h.valueOffset) : h.valueOffset + h.length;
      need(0, o);
    }
  }

  /** Top level: stops at Pixel Data or exactly at the end of the buffer. */
  function top(o: number): Extent {
    while (o < buf.length) {
      const h = header(o);
      if (h.tag === PIXEL_DATA) return { kind: 'pixel-data', offset: o };
      o = h.length === UNDEFINED ? skipItems(h.valueOffset) : h.valueOffset + h.length;
    }
    return o === buf.length ? { kind: 'complete' } : { kind: 'need-more' };
  }

  return { top, header, skipItems };
}

/** Reads (0002,0010) from the meta group; `undefined` if the meta group is incomplete in `buf`. */
export function transferSyntaxOf(buf: Buffer, metaEnd: number): string | undefined {
  const r = elementReader(buf, { implicit: false, littleEndian: true });
  for (let o = 144; o < metaEnd;) {
    const h = r.header(o);
    if (h.tag === 0x00020010) return buf.toString('latin1', h.valueOffset, h.valueOffset + h.length).replace(/[\0 ]+$/, '');
    o = h.valueOffset + h.length;
  }
  return undefined;
}

/**
 * Extent of the dataset in a buffer starting with preamble + DICM + group length. Throws an
 * Error for a structure that cannot be walked (not NeedMore: that is reported as 'need-more').
 * Deflated datasets cannot be walked and are reported 'complete' (the caller reads them whole).
 */
export function datasetExtent(buf: Buffer): Extent {
  try {
    if (buf.length < 144) return { kind: 'need-more' };
    if (buf.readUInt32LE(132) !== 0x00000002) throw new Error('meta information does not start with (0002,0000) group length');
    const metaEnd = 144 + buf.readUInt32LE(140);
    if (metaEnd > buf.length) return { kind: 'need-more' };
    const ts = transferSyntaxOf(buf, metaEnd);
    if (ts === undefined) throw new Error('meta information lacks TransferSyntaxUID');
    if (DEFLATED.has(ts)) return { kind: 'complete' };
    return elementReader(buf, { implicit: ts === IMPLICIT_VR_LE, littleEndian: ts !== EXPLICIT_VR_BE }).top(metaEnd);
  } catch (err) {
    if (err instanceof NeedMore) return { kind: 'need-more' };
    throw err;
  }
}
