/**
 * Reads a Part 10 file's meta information and dataset up to (not including) Pixel Data, without
 * loading the pixels: the file is read in growing chunks from its start until `datasetExtent`
 * finds the Pixel Data element (or proves the whole file is made of complete elements), and only
 * that prefix is parsed with dcmjs. dcmjs alone cannot be trusted on a prefix: it silently
 * shortens a string cut off by the end of the buffer. Anything wrong becomes a
 * `HeaderReadError` (never an uncaught exception).
 */
import { open, stat } from 'node:fs/promises';
import dcmjs from 'dcmjs';
import { datasetExtent } from './dataset-extent.ts';
import { firstText } from './dicom-values.ts';

export type HeaderReadErrorCode = 'io' | 'not-part10' | 'truncated' | 'malformed' | 'no-transfer-syntax';

export class HeaderReadError extends Error {
  override readonly name = 'HeaderReadError';
  constructor(readonly code: HeaderReadErrorCode, readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

export interface Part10Header {
  readonly meta: {
    readonly TransferSyntaxUID: string;
    readonly MediaStorageSOPClassUID?: string;
    readonly MediaStorageSOPInstanceUID?: string;
    readonly SourceApplicationEntityTitle?: string;
    readonly ImplementationClassUID?: string;
  };
  /** Naturalized dataset without Pixel Data (text decoded to Unicode by dcmjs). */
  readonly ds: Record<string, unknown>;
  readonly size: number;
}

const FIRST_CHUNK = 64 * 1024;
const PIXEL_DATA = '7FE00010';

function parse(buffer: Buffer): Omit<Part10Header, 'size'> {
  const arrayBuffer = new Uint8Array(buffer).buffer; // a copy: dcmjs wants a plain, exactly-sized ArrayBuffer
  const dict = dcmjs.data.DicomMessage.readFile(arrayBuffer, { untilTag: PIXEL_DATA, includeUntilTagValue: false });
  delete dict.dict[PIXEL_DATA];
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  const text = (k: string): string | undefined => firstText(meta[k]);
  return {
    meta: {
      TransferSyntaxUID: text('TransferSyntaxUID') ?? '',
      MediaStorageSOPClassUID: text('MediaStorageSOPClassUID'),
      MediaStorageSOPInstanceUID: text('MediaStorageSOPInstanceUID'),
      SourceApplicationEntityTitle: text('SourceApplicationEntityTitle'),
      ImplementationClassUID: text('ImplementationClassUID'),
    },
    ds,
  };
}

/**
 * The header from the first bytes of a Part 10 file (`whole`: they are the entire file of `size`
 * bytes). `undefined` when more bytes are needed to tell; a `HeaderReadError` when they prove
 * the file is not an indexable Part 10 file. Used on bytes read from disk, and on bytes kept
 * while a received data set streams to disk (so the file is never read back).
 */
export function headerFromPrefix(path: string, chunk: Buffer, size: number, whole: boolean): Part10Header | undefined {
  if (chunk.length < 132 || chunk.toString('latin1', 128, 132) !== 'DICM') {
    if (!whole && chunk.length < 132) return undefined;
    throw new HeaderReadError('not-part10', path, 'no "DICM" prefix at offset 128');
  }
  let extent;
  try {
    extent = datasetExtent(chunk);
  } catch (err) {
    throw new HeaderReadError('malformed', path, (err as Error).message);
  }
  if (extent.kind === 'need-more') {
    if (whole) throw new HeaderReadError('truncated', path, 'an element runs past the end of the file');
    return undefined;
  }
  if (extent.kind === 'complete' && !whole) return undefined; // the chunk happened to end between elements
  let header;
  try {
    header = parse(extent.kind === 'pixel-data' ? chunk.subarray(0, extent.offset) : chunk);
  } catch (err) {
    throw new HeaderReadError('malformed', path, (err as Error).message);
  }
  if (header.meta.TransferSyntaxUID === '') throw new HeaderReadError('no-transfer-syntax', path, 'meta information lacks TransferSyntaxUID');
  return { ...header, size };
}

export async function readHeader(path: string): Promise<Part10Header> {
  let size: number;
  let handle;
  try {
    size = (await stat(path)).size;
    handle = await open(path, 'r');
  } catch (err) {
    throw new HeaderReadError('io', path, (err as Error).message);
  }
  try {
    for (let want = Math.min(FIRST_CHUNK, size); ; want = Math.min(want * 4, size)) {
      const buffer = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buffer, 0, want, 0);
      const chunk = buffer.subarray(0, bytesRead);
      const whole = bytesRead >= size || bytesRead < want; // a file that shrank while read ends here too
      if (chunk.length < 132 || chunk.toString('latin1', 128, 132) !== 'DICM') {
        throw new HeaderReadError('not-part10', path, 'no "DICM" prefix at offset 128');
      }
      const header = headerFromPrefix(path, chunk, size, whole);
      if (header) return header;
    }
  } finally {
    await handle.close();
  }
}
