/**
 * Non-diagnostic preview of a DICOM image (GEN-04) and the eHDSI OrCD "medical image"
 * rendition: the first frame of an uncompressed monochrome (or 8-bit RGB) image, VOI-windowed to
 * 8 bits and downsampled to fit `maxSize`, as a PNG. Anything it cannot render faithfully —
 * compressed transfer syntaxes, no pixel data, short pixel data, other photometric
 * interpretations — is a `PreviewError` with a reason, never a crash or a wrong picture.
 */
import dcmjs from 'dcmjs';
import { encodePng } from './png-writer.ts';
import { applyWindow, downsample, fitSize, minMaxWindow, modalityValues, type VoiWindow } from './preview-pixels.ts';

export interface PreviewOptions {
  readonly windowCenter?: number;
  readonly windowWidth?: number;
  /** Longest side of the preview in pixels (default 512); smaller images are not upscaled. */
  readonly maxSize?: number;
}

export interface Preview {
  readonly bytes: Uint8Array;
  readonly mimeType: 'image/png';
  readonly width: number;
  readonly height: number;
}

export type PreviewErrorReason = 'not-dicom' | 'unreadable' | 'compressed' | 'no-pixel-data' | 'truncated' | 'unsupported' | 'bad-option';

export class PreviewError extends Error {
  constructor(readonly reason: PreviewErrorReason, message: string) {
    super(`cannot render preview (${reason}): ${message}`);
    this.name = 'PreviewError';
  }
}

export const DEFAULT_PREVIEW_SIZE = 512;

/** Native (uncompressed) little-endian transfer syntaxes; everything else needs a codec we do not have. */
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

const PIXEL_DATA = '7FE00010';

type Dataset = Record<string, unknown>;

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function num(ds: Dataset, key: string): number | undefined {
  const v = first(ds[key]);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

function text(ds: Dataset, key: string): string | undefined {
  const v = first(ds[key]);
  return typeof v === 'string' ? v.trim() : undefined;
}

function read(part10: Uint8Array): { transferSyntax: string; ds: Dataset } {
  if (part10.length < 132 || Buffer.from(part10.subarray(128, 132)).toString('latin1') !== 'DICM') {
    throw new PreviewError('not-dicom', 'no "DICM" prefix at offset 128 (not a Part 10 file)');
  }
  const parse = (options?: { untilTag: string; includeUntilTagValue: boolean }) => {
    try {
      return dcmjs.data.DicomMessage.readFile(part10.slice().buffer, options);
    } catch (err) {
      throw new PreviewError('unreadable', (err as Error).message);
    }
  };
  // The transfer syntax is checked before the pixel data is parsed: an encapsulated or foreign
  // encoding must be refused by name, not fail somewhere inside the parser.
  const header = parse({ untilTag: PIXEL_DATA, includeUntilTagValue: false });
  const transferSyntax = text(dcmjs.data.DicomMetaDictionary.naturalizeDataset(header.meta), 'TransferSyntaxUID') ?? '';
  if (!NATIVE.has(transferSyntax)) throw new PreviewError('compressed', `transfer syntax ${transferSyntax || '(none)'} is not native little endian; no decoder for it here`);
  return { transferSyntax, ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(parse().dict) };
}

function pixelBytes(ds: Dataset): Uint8Array {
  const pd = ds.PixelData;
  const buf = Array.isArray(pd) ? pd[0] : pd;
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  throw new PreviewError('no-pixel-data', 'the dataset has no Pixel Data (7FE0,0010)');
}

function checkOptions(options: PreviewOptions): number {
  const maxSize = options.maxSize ?? DEFAULT_PREVIEW_SIZE;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > 8192) throw new PreviewError('bad-option', `maxSize must be an integer 1–8192, got ${maxSize}`);
  if ((options.windowCenter === undefined) !== (options.windowWidth === undefined)) throw new PreviewError('bad-option', 'give windowCenter and windowWidth together');
  if (options.windowWidth !== undefined && !(options.windowWidth >= 1)) throw new PreviewError('bad-option', `windowWidth must be ≥ 1, got ${options.windowWidth}`);
  if (options.windowCenter !== undefined && !Number.isFinite(options.windowCenter)) throw new PreviewError('bad-option', 'windowCenter must be a finite number');
  return maxSize;
}

function windowOf(ds: Dataset, options: PreviewOptions, values: Float64Array): VoiWindow {
  if (options.windowCenter !== undefined && options.windowWidth !== undefined) return { center: options.windowCenter, width: options.windowWidth };
  const center = num(ds, 'WindowCenter');
  const width = num(ds, 'WindowWidth');
  return center !== undefined && width !== undefined && width >= 1 ? { center, width } : minMaxWindow(values);
}

export function renderPreview(part10Bytes: Uint8Array, options: PreviewOptions = {}): Preview {
  const maxSize = checkOptions(options);
  const { ds } = read(part10Bytes);
  const rows = num(ds, 'Rows');
  const columns = num(ds, 'Columns');
  if (!rows || !columns) throw new PreviewError('no-pixel-data', 'Rows/Columns absent or zero');
  const bytes = pixelBytes(ds);
  const samples = num(ds, 'SamplesPerPixel') ?? 1;
  const photometric = text(ds, 'PhotometricInterpretation') ?? '';
  const bitsAllocated = num(ds, 'BitsAllocated');
  const size = fitSize(columns, rows, maxSize);

  if (photometric === 'RGB' && samples === 3 && bitsAllocated === 8) {
    const n = rows * columns;
    if (bytes.length < n * 3) throw new PreviewError('truncated', `RGB pixel data has ${bytes.length} bytes, ${n * 3} expected`);
    const planar = num(ds, 'PlanarConfiguration') === 1;
    const interleaved = planar ? Uint8Array.from({ length: n * 3 }, (_, i) => bytes[(i % 3) * n + Math.floor(i / 3)]!) : bytes.subarray(0, n * 3);
    const data = downsample(interleaved, columns, rows, 3, size.width, size.height);
    return { bytes: encodePng({ ...size, colour: 'rgb', data }), mimeType: 'image/png', ...size };
  }
  if ((photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') || samples !== 1) {
    throw new PreviewError('unsupported', `PhotometricInterpretation "${photometric}" with ${samples} sample(s) per pixel`);
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16) throw new PreviewError('unsupported', `BitsAllocated ${bitsAllocated ?? '(absent)'}; only 8 and 16 are rendered`);
  const frameBytes = rows * columns * (bitsAllocated / 8);
  if (bytes.length < frameBytes) throw new PreviewError('truncated', `pixel data has ${bytes.length} bytes, one frame needs ${frameBytes}`);
  const values = modalityValues({
    rows, columns, bitsAllocated,
    bitsStored: num(ds, 'BitsStored') ?? bitsAllocated,
    pixelRepresentation: num(ds, 'PixelRepresentation') === 1 ? 1 : 0,
    bytes: bytes.subarray(0, frameBytes),
  }, num(ds, 'RescaleSlope') ?? 1, num(ds, 'RescaleIntercept') ?? 0);
  const display = applyWindow(values, windowOf(ds, options, values), photometric === 'MONOCHROME1');
  const data = downsample(display, columns, rows, 1, size.width, size.height);
  return { bytes: encodePng({ ...size, colour: 'gray', data }), mimeType: 'image/png', ...size };
}
