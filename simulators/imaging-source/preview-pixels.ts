/**
 * Pixel pipeline of the preview (PS3.3 C.11 / C.7.6.3): stored values → modality LUT (rescale)
 * → VOI window (linear, C.11.2.1.2.1) → 8-bit display values, MONOCHROME1 inverted; then an
 * area-average downsample. Pure functions on typed arrays.
 */

export interface MonochromeFrame {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  /** Little-endian stored pixel bytes of the frame. */
  readonly bytes: Uint8Array;
}

export interface VoiWindow {
  readonly center: number;
  readonly width: number;
}

/** Modality values (stored value × slope + intercept) of one frame. */
export function modalityValues(frame: MonochromeFrame, slope = 1, intercept = 0): Float64Array {
  const n = frame.rows * frame.columns;
  const out = new Float64Array(n);
  const view = new DataView(frame.bytes.buffer, frame.bytes.byteOffset, frame.bytes.byteLength);
  const mask = frame.bitsStored >= 32 ? 0xffffffff : 2 ** frame.bitsStored - 1;
  const signBit = 2 ** (frame.bitsStored - 1);
  for (let i = 0; i < n; i++) {
    let v = frame.bitsAllocated === 8 ? view.getUint8(i) : view.getUint16(i * 2, true);
    v &= mask; // bits above BitsStored may hold overlays or garbage
    if (frame.pixelRepresentation === 1 && v >= signBit) v -= 2 * signBit;
    out[i] = v * slope + intercept;
  }
  return out;
}

/** The full range of the values as a window, for files without one. */
export function minMaxWindow(values: Float64Array): VoiWindow {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { center: 0, width: 1 };
  return { center: (min + max + 1) / 2, width: Math.max(1, max - min + 1) };
}

/** Linear VOI LUT to 0–255 (PS3.3 C.11.2.1.2.1), inverted for MONOCHROME1. */
export function applyWindow(values: Float64Array, window: VoiWindow, invert: boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  const c = window.center - 0.5;
  const w = Math.max(window.width - 1, 1e-9);
  const low = c - w / 2;
  const high = c + w / 2;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    let y: number;
    if (x <= low) y = 0;
    else if (x > high) y = 255;
    else y = Math.round(((x - c) / w + 0.5) * 255);
    out[i] = invert ? 255 - y : y;
  }
  return out;
}

/** Output size that fits `maxSize` on the longer side, keeping the aspect ratio; never upscales. */
export function fitSize(columns: number, rows: number, maxSize: number): { width: number; height: number } {
  const scale = Math.min(1, maxSize / Math.max(columns, rows));
  return { width: Math.max(1, Math.round(columns * scale)), height: Math.max(1, Math.round(rows * scale)) };
}

/** Area-average downsample of interleaved 8-bit samples (`channels` per pixel). */
export function downsample(src: Uint8Array, columns: number, rows: number, channels: number, width: number, height: number): Uint8Array {
  if (width === columns && height === rows) return src;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * rows) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * rows) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * columns) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * columns) / width));
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) sum += src[(sy * columns + sx) * channels + ch]!;
        out[(y * width + x) * channels + ch] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return out;
}
