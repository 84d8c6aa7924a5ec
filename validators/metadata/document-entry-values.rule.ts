/**
 * Value formats of DocumentEntry attributes (ITI TF-3 4.2.3.1 data types): times are UTC DTM,
 * languageCode an RFC 5646 tag, patientId a CX with an ISO assigning authority, uniqueId an OID
 * (or OID^extension), hash a SHA-1 in hex, size an integer. Absence is the required-attributes
 * rule's business; this one judges what is there.
 */
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId, slotValue } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { documentUniqueIdProblem, dtmProblem, languageTagProblem, mimeTypeProblem, objectPath, oidProblem, patientIdProblem, sourcePatientIdProblem } from './xds-values.ts';

type Check = (value: string) => string | undefined;

const SLOT_FORMATS: readonly (readonly [string, Check])[] = [
  ['creationTime', dtmProblem],
  ['serviceStartTime', dtmProblem],
  ['serviceStopTime', dtmProblem],
  ['languageCode', languageTagProblem],
  ['sourcePatientId', sourcePatientIdProblem],
  ['hash', (v) => (/^[0-9a-f]{40}$/i.test(v) ? undefined : 'is not a SHA-1 digest (40 hexadecimal digits)')],
  ['size', (v) => (/^(0|[1-9]\d*)$/.test(v) ? undefined : 'is not a non-negative integer')],
  ['repositoryUniqueId', (v) => oidProblem(v)],
];

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const documentEntryValues: Rule<SubmissionSubject> = {
  id: 'metadata.document-entry.value-format',
  title: 'DocumentEntry values have their XDS formats (DTM, RFC 5646, CX &ISO, OID uniqueId, SHA-1 hash, integer size)',
  severity: 'error',
  requirements: ['MET-04', 'GEN-09'],
  specRef: 'IHE ITI TF-3 4.2.3.1, 4.2.3.2',
  *check(subject) {
    for (const d of subject.entries) yield* checkEntry(d, subject.message === 'query-response');
  },
};

function* checkEntry(d: ExtrinsicObject, stored: boolean): Generator<RuleFinding> {
  const at = (tail: string): string => objectPath('DocumentEntry', d, tail);
  // Symbolic ids are allowed in a submission; the registry answers with the UUIDs it assigned.
  if (stored && !UUID_URN.test(d.id)) yield { path: at('@id'), message: 'entryUUID of a registered entry is not a urn:uuid', actual: d.id, specRef: 'IHE ITI TF-3 4.2.3.2 (entryUUID)' };
  if (d.mimeType) {
    const p = mimeTypeProblem(d.mimeType);
    if (p) yield { path: at('@mimeType'), message: `mimeType "${d.mimeType}" ${p}`, actual: d.mimeType, specRef: 'IHE ITI TF-3 4.2.3.2 (mimeType)' };
  }
  const patientId = externalId(d, DocScheme.patientId);
  if (patientId) {
    const p = patientIdProblem(patientId);
    if (p) yield { path: at('patientId'), message: `patientId ${p}`, expected: 'id^^^&OID&ISO', actual: patientId, specRef: 'IHE ITI TF-3 4.2.3.2 (patientId)' };
  }
  const uniqueId = externalId(d, DocScheme.uniqueId);
  if (uniqueId) {
    const p = documentUniqueIdProblem(uniqueId);
    if (p) yield { path: at('uniqueId'), message: `uniqueId ${p}`, actual: uniqueId, specRef: 'IHE ITI TF-3 4.2.3.2 (uniqueId)' };
  }
  for (const [name, check] of SLOT_FORMATS) {
    const v = slotValue(d, name);
    if (v === undefined) continue;
    const p = check(v);
    if (p) yield { path: at(`Slot[${name}]`), message: `${name} "${v}" ${p}`, actual: v, specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
  }
}
