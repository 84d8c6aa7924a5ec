/**
 * The data dictionary (PS3.6) as dcmjs ships it: VR and VM per tag, keyword ↔ tag. dcmjs writes
 * ambiguous VRs in lower case ("ox" = OB or OW, "xs" = US or SS); they are expanded here.
 */
import dcmjs from 'dcmjs';
import { formatTag, tagKey } from './dicom-subject.ts';

const { dictionary, nameMap } = dcmjs.data.DicomMetaDictionary;

const AMBIGUOUS_VR: Readonly<Record<string, readonly string[]>> = {
  ox: ['OB', 'OW'],
  xs: ['US', 'SS'],
  lt: ['US', 'SS', 'OW'],
  xw: ['US', 'SS', 'OW'],
};

export interface DictionaryEntry {
  readonly tag: string;
  readonly keyword: string;
  /** Every VR the dictionary allows for the tag. */
  readonly vrs: readonly string[];
  readonly vm: string;
}

export function dictionaryEntry(tag: string): DictionaryEntry | undefined {
  const e = dictionary[formatTag(tag)];
  if (!e) return undefined;
  const vrs = AMBIGUOUS_VR[e.vr] ?? e.vr.split(/\s+or\s+/);
  return { tag: tagKey(tag), keyword: e.name, vrs, vm: e.vm };
}

/** Keyword of a tag, or the punctuated tag itself for private/unknown ones (messages always name something). */
export function keywordOf(tag: string): string {
  return dictionary[formatTag(tag)]?.name ?? formatTag(tag);
}

/** Tag key of a keyword; throws on an unknown keyword, so a typo in a table fails at load. */
export function tagOf(keyword: string): string {
  const e = nameMap[keyword];
  if (!e) throw new Error(`unknown DICOM keyword ${keyword}`);
  return tagKey(e.tag);
}

/** Whether `count` values satisfy a dictionary VM ("1", "2", "1-3", "1-n", "2-2n", "3-3n"). */
export function vmAllows(vm: string, count: number): boolean {
  const m = /^(\d+)(?:-(\d*)(n?))?$/.exec(vm.trim());
  if (!m) return true;
  const min = Number(m[1]);
  if (m[2] === undefined) return count === min;
  if (m[3] === 'n') {
    const step = m[2] === '' ? 1 : Number(m[2]);
    return count >= min && (step <= 1 || count % step === 0);
  }
  return count >= min && count <= Number(m[2]);
}
