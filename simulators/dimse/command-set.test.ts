import { describe, expect, it } from 'vitest';
import { decodeCommandSet, encodeCommandSet } from './command-set.ts';

describe('command set codec', () => {
  it('round-trips a C-MOVE-RQ with even-padded values and a correct group length', () => {
    const command = {
      CommandField: 0x0021,
      AffectedSOPClassUID: '1.2.840.10008.5.1.4.1.2.2.2',
      MessageID: 7,
      MoveDestination: 'STORESCP',
      Priority: 0,
      CommandDataSetType: 0,
    };
    const bytes = encodeCommandSet(command);
    expect(bytes.readUInt32LE(8)).toBe(bytes.length - 12);
    expect(bytes.length % 2).toBe(0);
    expect(decodeCommandSet(bytes)).toEqual(command);
  });

  it('orders elements by tag and keeps unknown ones as hex', () => {
    const bytes = encodeCommandSet({ Status: 0xff00, CommandField: 0x8020, MessageIDBeingRespondedTo: 1 });
    const tags: number[] = [];
    for (let o = 0; o < bytes.length; o += 8 + bytes.readUInt32LE(o + 4)) tags.push(bytes.readUInt16LE(o + 2));
    expect(tags).toEqual([0x0000, 0x0100, 0x0120, 0x0900]);
    const extra = Buffer.from([0, 0, 0x99, 0x99, 2, 0, 0, 0, 0xab, 0xcd]);
    expect(decodeCommandSet(Buffer.concat([bytes, extra])).unknownElements).toEqual({ '00009999': 'abcd' });
  });

  it('pads odd UIDs with NUL and odd text with a space, and encodes AT as group/element pairs', () => {
    const bytes = encodeCommandSet({ CommandField: 0x8001, AffectedSOPInstanceUID: '1.23', ErrorComment: 'bad', OffendingElement: [0x00100020] });
    const value = (el: number): Buffer => {
      for (let o = 0; o < bytes.length; o += 8 + bytes.readUInt32LE(o + 4)) if (bytes.readUInt16LE(o + 2) === el) return bytes.subarray(o + 8, o + 8 + bytes.readUInt32LE(o + 4));
      throw new Error(`no element ${el}`);
    };
    expect(value(0x1000)).toEqual(Buffer.from('1.23', 'latin1'));
    expect(value(0x0902)).toEqual(Buffer.from('bad ', 'latin1'));
    expect(value(0x0901)).toEqual(Buffer.from([0x10, 0x00, 0x20, 0x00]));
    expect(encodeCommandSet({ CommandField: 1, AffectedSOPInstanceUID: '1.2.3' }).subarray(-6)).toEqual(Buffer.from('1.2.3\0', 'latin1'));
  });

  it('throws on truncated or foreign-group input', () => {
    const bytes = encodeCommandSet({ CommandField: 0x0030, MessageID: 1 });
    expect(() => decodeCommandSet(bytes.subarray(0, bytes.length - 1))).toThrow(/malformed|truncated/);
    const foreign = Buffer.from(bytes);
    foreign.writeUInt16LE(0x0008, 0);
    expect(() => decodeCommandSet(foreign)).toThrow(/malformed/);
  });
});
