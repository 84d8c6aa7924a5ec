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

function encodeValue(vr: Vr, value: unknown): Buffer {
  switch (vr) {
    case 'US': {
      const b = Buffer.alloc(2);
      b.writeUInt16LE(Number(value), 0);
      return b;
    }
    case 'UL': {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number(value), 0);
      return b;
    }
    case 'AT': {
      const tags = value as readonly number[];
      const b = Buffer.alloc(tags.length * 4);
      tags.forEach((tag, i) => {
        b.writeUInt16LE(tag >>> 16, i * 4);
        b.writeUInt16LE(tag & 0xffff, i * 4 + 2);
      });
      return b;
    }
    default: {
      const s = String(value);
      // Even length: UIDs pad with NUL, text VRs with space (PS3.5 §6.2).
      const padded = s.length % 2 === 1 ? s + (vr === 'UI' ? '\0' : ' ') : s;
      return Buffer.from(padded, 'latin1');
    }
  }
}

function element(el: number, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0x0000, 0);
  head.writeUInt16LE(el, 2);
  head.writeUInt32LE(value.length, 4);
  return Buffer.concat([head, value]);
}

export function encodeCommandSet(command: CommandSet): Buffer {
  const parts: [number, Buffer][] = [];
  for (const [keyword, value] of Object.entries(command)) {
    if (value === undefined || keyword === 'unknownElements') continue;
    const def = ELEMENTS[keyword as Keyword];
    if (!def) throw new Error(`unknown command element ${keyword}`);
    parts.push([def[0], element(def[0], encodeValue(def[1], value))]);
  }
  // Elements must ascend by tag (PS3.5 §7.1).
  parts.sort((a, b) => a[0] - b[0]);
  const body = Buffer.concat(parts.map((p) => p[1]));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([element(0x0000, length), body]);
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
