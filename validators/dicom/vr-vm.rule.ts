/**
 * Encoding against the data dictionary (PS3.6): the VR written matches the dictionary's, and the
 * number of values fits its VM. Two rules sharing the dictionary lookup. Private and unknown tags
 * are not judged; UN is accepted (PS3.5 6.2.2 allows it for any tag).
 */
import { formatPath, isEmpty, walkElements } from './dicom-subject.ts';
import { dictionaryEntry, vmAllows } from './dictionary.ts';
import type { DicomRule } from './dicom-rule.ts';
import { iodFor } from './iod-tables.ts';
import type { AttributeDef } from './modules/module.ts';

function tagsOf(defs: readonly AttributeDef[], into: Set<string>): Set<string> {
  for (const d of defs) {
    into.add(d.tag);
    if (d.items) tagsOf(d.items, into);
  }
  return into;
}

/** Tags the IOD tables of this SOP Class name (dciodvfy errs on a wrong VR only for attributes of the IOD's modules). */
function iodTags(sopClassUid: string): ReadonlySet<string> {
  const iod = iodFor(sopClassUid);
  const out = new Set<string>();
  for (const use of iod?.modules ?? []) tagsOf(use.module.attributes, out);
  return out;
}

/** VRs whose value is one blob whatever it contains (VM is always 1). */
const SINGLE_VALUED = new Set(['SQ', 'OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'ST', 'LT', 'UT', 'UR']);

export const vrMismatch: DicomRule = {
  id: 'dicom.vr.mismatch',
  title: "Each element's VR is the data dictionary's VR for its tag",
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.6 6',
  *check(subject) {
    const inIod = iodTags(subject.sopClassUid);
    for (const ds of [subject.meta, subject.dict]) {
      for (const { steps, tag, element } of walkElements(ds)) {
        const entry = dictionaryEntry(tag);
        if (!entry || element.vr === 'UN' || entry.vrs.includes(element.vr)) continue;
        // Outside the IOD's modules a wrong VR is a warning, as dciodvfy reports it; our tables list
        // Type 1/2 attributes only, so a wrong VR on an unlisted Type 3 attribute is a warning here too.
        yield { severity: inIod.has(tag) ? 'error' : 'warning', path: formatPath(steps), message: `${entry.keyword} is encoded as ${element.vr}, the dictionary says ${entry.vrs.join(' or ')}`, expected: entry.vrs.join(' or '), actual: element.vr };
      }
    }
  },
};

export const vmCount: DicomRule = {
  id: 'dicom.vm.count',
  title: 'The number of values fits the data dictionary VM',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.6 6',
  *check(subject) {
    for (const ds of [subject.meta, subject.dict]) {
      for (const { steps, tag, element } of walkElements(ds)) {
        const entry = dictionaryEntry(tag);
        if (!entry || SINGLE_VALUED.has(element.vr) || isEmpty(element)) continue;
        const count = element.Value?.length ?? 0;
        if (vmAllows(entry.vm, count)) continue;
        yield { path: formatPath(steps), message: `${entry.keyword} has ${count} value(s), the dictionary VM is ${entry.vm}`, expected: `VM ${entry.vm}`, actual: String(count) };
      }
    }
  },
};
