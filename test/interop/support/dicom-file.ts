/** Reading Part 10 files back for comparisons in interop tests (dcmjs, whole file in memory). */
import { readFile } from 'node:fs/promises';
import dcmjs from 'dcmjs';

export interface ParsedDicomFile {
  readonly meta: Record<string, unknown>;
  readonly ds: Record<string, unknown>;
}

export async function readDicomFile(path: string): Promise<ParsedDicomFile> {
  const bytes = await readFile(path);
  const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta) as Record<string, unknown>,
    ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>,
  };
}

/** PixelData as one buffer, whatever dcmjs made of it (ArrayBuffer fragments). */
export function pixelBytes(ds: Record<string, unknown>): Buffer {
  const value = ds.PixelData;
  const parts = Array.isArray(value) ? value : [value];
  return Buffer.concat(parts.map((p) => {
    if (p instanceof ArrayBuffer) return Buffer.from(p);
    if (ArrayBuffer.isView(p)) return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    throw new Error(`PixelData holds ${typeof p}, not bytes`);
  }));
}

/** Keywords whose parsed values differ between two naturalized data sets (PixelData excluded: compare it with pixelBytes). */
export function changedElements(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('PixelData');
  keys.delete('_vrMap');
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
