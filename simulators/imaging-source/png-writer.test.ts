import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png-writer.ts';
import { decodePng } from './preview-test-png.ts';

describe('encodePng', () => {
  it('writes signature, IHDR, IDAT, IEND with valid CRCs; the pixels read back', () => {
    const data = Uint8Array.from({ length: 7 * 3 }, (_, i) => (i * 37) & 0xff);
    const png = decodePng(encodePng({ width: 7, height: 3, colour: 'gray', data }));
    expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([7, 3, 8, 0]);
    expect(Array.from(png.data)).toEqual(Array.from(data));
  });

  it('writes RGB as colour type 2', () => {
    const data = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const png = decodePng(encodePng({ width: 2, height: 2, colour: 'rgb', data }));
    expect(png.colourType).toBe(2);
    expect(Array.from(png.data)).toEqual(Array.from(data));
  });

  it('computes the same CRC-32 as zlib', () => {
    const bytes = Buffer.from('IEND and some more bytes é');
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('refuses inconsistent sizes', () => {
    expect(() => encodePng({ width: 0, height: 1, colour: 'gray', data: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodePng({ width: 2, height: 2, colour: 'gray', data: new Uint8Array(3) })).toThrow(/3 bytes/);
  });
});
