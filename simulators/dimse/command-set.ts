/**
 * DIMSE command set codec (PS3.7 §6.3, Annex E): group 0000, always Implicit VR Little Endian,
 * led by CommandGroupLength. Hand-written because dcmjs's generic writer would sort and pad
 * differently per call and costs far more than these ~100 bytes deserve.
 */

type Vr = 'UL' | 'US' | 'UI' | 'AE' | 'LO' | 'AT' | 'SH' | 'ST';

/** Elements a command set may carry (PS3.7 Annex E.1), keyed by their DICOM keyword. */
const ELEMENTS = {
  AffectedSOPClassUID: [0x0002, 'UI'],
  RequestedSOPClassUID: [0x0003, 'UI'],
  CommandField: [0x0100, 'US'],
  MessageID: [0x0110, 'US'],
  MessageIDBeingRespondedTo: [0x0120, 'US'],
  MoveDestination: [0x0600, 'AE'],
  Priority: [0x0700, 'US'],
  CommandDataSetType: [0x0800, 'US'],
  Status: [0x0900, 'US'],
  OffendingElement: [0x0901, 'AT'],
  ErrorComment: [0x0902, 'LO'],
  ErrorID: [0x0903, 'US'],
  AffectedSOPInstanceUID: [0x1000, 'UI'],
  RequestedSOPInstanceUID: [0x1001, 'UI'],
  EventTypeID: [0x1002, 'US'],
  ActionTypeID: [0x1008, 'US'],
  NumberOfRemainingSuboperations: [0x1020, 'US'],
  NumberOfCompletedSuboperations: [0x1021, 'US'],
  NumberOfFailedSuboperations: [0x1022, 'US'],
  NumberOfWarningSuboperations: [0x1023, 'US'],
  MoveOriginatorApplicationEntityTitle: [0x1030, 'AE'],
  MoveOriginatorMessageID: [0x1031, 'US'],
} as const satisfies Record<string, readonly [number, Vr]>;

type Keyword = keyof typeof ELEMENTS;
type ValueOf<V extends Vr> = V extends 'UL' | 'US' ? number : V extends 'AT' ? readonly number[] : string;

/** A decoded command set: every known element by keyword, plus unknown ones as hex for evidence. */
export type CommandSet = { CommandField: number } & {
  -readonly [K in Exclude<Keyword, 'CommandField'>]?: ValueOf<(typeof ELEMENTS)[K][1]>;
} & { unknownElements?: Record<string, string> };

/** PS3.7 E.1: CommandDataSetType value meaning "no data set present". */
export const NO_DATASET = 0x0101;

const BY_ELEMENT = new Map<number, [Keyword, Vr]>(
  (Object.entries(ELEMENTS) as [Keyword, readonly [number, Vr]][]).map(([k, [el, vr]]) => [el, [k, vr]]),
);

/** Byte length of a value as encoded (even: UIDs pad with NUL, text VRs with space; PS3.5 §6.2). */
function valueLength(vr: Vr, value: unknown): number {
  switch (vr) {
    case 'US':
      return 2;
    case 'UL':
      return 4;
    case 'AT':
      return (value as readonly number[]).length * 4;
    default: {
      const n = String(value).length;
      return n + (n % 2);
    }
  }
}

function writeValue(out: Buffer, offset: number, vr: Vr, value: unknown, length: number): void {
  switch (vr) {
    case 'US':
      out.writeUInt16LE(Number(value), offset);
      return;
    case 'UL':
      out.writeUInt32LE(Number(value), offset);
      return;
    case 'AT':
      (value as readonly number[]).forEach((tag, i) => {
        out.writeUInt16LE(tag >>> 16, offset + i * 4);
        out.writeUInt16LE(tag & 0xffff, offset + i * 4 + 2);
      });
      return;
    default: {
      const n = out.write(String(value), offset, 'latin1');
      if (n < length) out[offset + n] = vr === 'UI' ? 0x00 : 0x20;
    }
  }
}

/** Encodes into one buffer of the exact size (one allocation: every response goes through here). */
export function encodeCommandSet(command: CommandSet): Buffer {
  const parts: { el: number; vr: Vr; value: unknown; length: number }[] = [];
  let bodyLength = 0;
  for (const keyword in command) {
    const value = (command as Record<string, unknown>)[keyword];
    if (value === undefined || keyword === 'unknownElements') continue;
    const def = ELEMENTS[keyword as Keyword];
    if (!def) throw new Error(`unknown command element ${keyword}`);
    const length = valueLength(def[1], value);
    parts.push({ el: def[0], vr: def[1], value, length });
    bodyLength += 8 + length;
  }
  // Elements must ascend by tag (PS3.5 §7.1).
  parts.sort((a, b) => a.el - b.el);
  const out = Buffer.allocUnsafe(12 + bodyLength);
  out.writeUInt32LE(0x00000000, 0); // (0000,0000) CommandGroupLength
  out.writeUInt32LE(4, 4);
  out.writeUInt32LE(bodyLength, 8);
  let offset = 12;
  for (const p of parts) {
    out.writeUInt16LE(0x0000, offset);
    out.writeUInt16LE(p.el, offset + 2);
    out.writeUInt32LE(p.length, offset + 4);
    writeValue(out, offset + 8, p.vr, p.value, p.length);
    offset += 8 + p.length;
  }
  return out;
}

function decodeValue(vr: Vr, value: Buffer): unknown {
  switch (vr) {
    case 'US':
      if (value.length < 2) throw new Error('US value shorter than 2 bytes');
      return value.readUInt16LE(0);
    case 'UL':
      if (value.length < 4) throw new Error('UL value shorter than 4 bytes');
      return value.readUInt32LE(0);
    case 'AT': {
      const tags: number[] = [];
      for (let i = 0; i + 4 <= value.length; i += 4) tags.push(((value.readUInt16LE(i) << 16) | value.readUInt16LE(i + 2)) >>> 0);
      return tags;
    }
    default:
      return value.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  }
}

/** Throws a plain Error on malformed input; the caller turns that into an abort. */
export function decodeCommandSet(bytes: Buffer): CommandSet {
  const out: Record<string, unknown> = {};
  const unknown: Record<string, string> = {};
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new Error(`command set truncated at byte ${offset}`);
    const group = bytes.readUInt16LE(offset);
    const el = bytes.readUInt16LE(offset + 2);
    const length = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + length;
    if (group !== 0 || end > bytes.length) throw new Error(`malformed command element (${group.toString(16)},${el.toString(16)}) at byte ${offset}`);
    const value = bytes.subarray(offset + 8, end);
    const known = BY_ELEMENT.get(el);
    if (known) out[known[0]] = decodeValue(known[1], value);
    else if (el !== 0x0000) unknown[`0000${el.toString(16).padStart(4, '0')}`] = value.toString('hex');
    offset = end;
  }
  if (typeof out.CommandField !== 'number') throw new Error('command set without CommandField');
  if (Object.keys(unknown).length > 0) out.unknownElements = unknown;
  return out as CommandSet;
}
