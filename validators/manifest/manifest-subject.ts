/**
 * The subject of the manifest rules: a naturalized KOS data set read tolerantly from Part 10
 * bytes, with the profile it is judged under (one rule, the kind check, is stricter when the
 * exchange expects a manifest). Reading never throws; an unreadable file is a `readProblem`.
 */
import dcmjs from 'dcmjs';
import type { ValidationProfile } from '../rule.ts';
import type { Item } from './dataset-access.ts';

export interface ManifestSubject {
  /** Undefined when the bytes could not be read as DICOM; `readProblem` says why. */
  readonly ds: Item | undefined;
  readonly readProblem?: string;
  readonly profile: ValidationProfile;
}

export interface ManifestRead {
  readonly ds: Item | undefined;
  readonly readProblem?: string;
}

const DICM_OFFSET = 128;

/** Reads a Part 10 file (preamble + "DICM") into a naturalized data set, or says why it cannot. */
export function readManifestSubject(bytes: Uint8Array): ManifestRead {
  if (bytes.byteLength < DICM_OFFSET + 4) return { ds: undefined, readProblem: `${bytes.byteLength} bytes, too short for a DICOM Part 10 file` };
  const magic = String.fromCharCode(...bytes.subarray(DICM_OFFSET, DICM_OFFSET + 4));
  if (magic !== 'DICM') return { ds: undefined, readProblem: 'no "DICM" prefix at offset 128: not a DICOM Part 10 file' };
  try {
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(copy);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Item;
    return { ds };
  } catch (err) {
    return { ds: undefined, readProblem: `dcmjs could not parse the file: ${err instanceof Error ? err.message : String(err)}` };
  }
}
