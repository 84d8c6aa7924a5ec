import { describe, expect, it } from 'vitest';
import { applyWindow, downsample, fitSize, minMaxWindow, modalityValues } from './preview-pixels.ts';

const le16 = (values: number[]) => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v & 0xffff, i * 2));
  return new Uint8Array(b);
};

describe('preview pixel pipeline', () => {
  it('sign-extends from BitsStored, masks high bits, applies rescale', () => {
    // 12-bit signed: 0x0FFF is -1; bit 15 set above BitsStored must be ignored.
    const frame = { rows: 1, columns: 3, bitsAllocated: 16 as const, bitsStored: 12, pixelRepresentation: 1 as const, bytes: le16([0x0fff, 0x8005, 0x07ff]) };
    expect(Array.from(modalityValues(frame))).toEqual([-1, 5, 2047]);
    expect(Array.from(modalityValues(frame, 2, -1024))).toEqual([-1026, -1014, 3070]);
  });

  it('applies the linear VOI window (PS3.3 C.11.2.1.2.1) and inverts MONOCHROME1', () => {
    // c − 0.5 = 39.5, w − 1 = 399: the ramp runs from −160 (black) to 239 (white).
    const values = Float64Array.from([-160, 39.5, 139.25, 1000]);
    expect(Array.from(applyWindow(values, { center: 40, width: 400 }, false))).toEqual([0, 128, 191, 255]);
    expect(Array.from(applyWindow(values, { center: 40, width: 400 }, true))).toEqual([255, 127, 64, 0]);
  });

  it('uses the value range when the file has no window', () => {
    expect(minMaxWindow(Float64Array.from([0, 255]))).toEqual({ center: 128, width: 256 });
    expect(Array.from(applyWindow(Float64Array.from([0, 255]), minMaxWindow(Float64Array.from([0, 255])), false))).toEqual([0, 255]);
  });

  it('fits the longer side without upscaling and averages areas', () => {
    expect(fitSize(1024, 512, 512)).toEqual({ width: 512, height: 256 });
    expect(fitSize(300, 200, 64)).toEqual({ width: 64, height: 43 });
    expect(fitSize(64, 64, 512)).toEqual({ width: 64, height: 64 });
    const src = Uint8Array.from([0, 100, 200, 255, 0, 100, 200, 255]); // 4×2
    expect(Array.from(downsample(src, 4, 2, 1, 2, 1))).toEqual([50, 228]);
  });
});
