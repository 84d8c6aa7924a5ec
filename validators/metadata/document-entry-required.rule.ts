/**
 * DocumentEntry attributes required of an XDS Document Source (ITI TF-3 Table 4.3.1-3, "R" for
 * XDS; author "R2"), with their cardinality. hash, size and repositoryUniqueId are required in a
 * Register request and in what a registry returns, but an ITI-41 source may leave them to the
 * repository. On-demand entries have no hash, size or creationTime (ITI TF-3 4.1.1).
 */
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme, ObjectType } from '../../simulators/registry/xds-constants.ts';
import { codes, externalId, isOnDemand, slotValues } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath } from './xds-values.ts';

type Cardinality = 'exactly-one' | 'one-or-more';

/** Coded attributes: classification scheme, name, cardinality. */
const CODED: readonly (readonly [string, string, Cardinality])[] = [
  [DocScheme.classCode, 'classCode', 'exactly-one'],
  [DocScheme.confidentialityCode, 'confidentialityCode', 'one-or-more'],
  [DocScheme.formatCode, 'formatCode', 'exactly-one'],
  [DocScheme.healthcareFacilityTypeCode, 'healthcareFacilityTypeCode', 'exactly-one'],
  [DocScheme.practiceSettingCode, 'practiceSettingCode', 'exactly-one'],
  [DocScheme.typeCode, 'typeCode', 'exactly-one'],
];

/** Single-valued slots: name, whether an ITI-41 source may omit it, whether on-demand entries lack it. */
const SLOTS: readonly (readonly [string, { readonly repositoryFills?: boolean; readonly stableOnly?: boolean }])[] = [
  ['creationTime', { stableOnly: true }],
  ['languageCode', {}],
  ['sourcePatientId', {}],
  ['hash', { repositoryFills: true, stableOnly: true }],
  ['size', { repositoryFills: true, stableOnly: true }],
  ['repositoryUniqueId', { repositoryFills: true }],
];

const AUTHOR_SLOTS = ['authorPerson', 'authorInstitution', 'authorRole', 'authorSpecialty', 'authorTelecommunication'];

export const documentEntryRequired: Rule<SubmissionSubject> = {
  id: 'metadata.document-entry.required',
  title: 'DocumentEntry: every attribute required for XDS (Table 4.3.1-3) is present with its cardinality',
  severity: 'error',
  requirements: ['MET-04', 'RISK-MISSING'],
  specRef: 'IHE ITI TF-3 4.2.3.2, Table 4.3.1-3',
  *check(subject) {
    for (const d of subject.entries) yield* checkEntry(d, subject.message === 'provide-and-register');
  },
};

function* checkEntry(d: ExtrinsicObject, repositoryFills: boolean): Generator<RuleFinding> {
  const at = (tail: string): string => objectPath('DocumentEntry', d, tail);
  if (!d.id) yield { path: at('@id'), message: 'entryUUID (id) is empty', specRef: 'IHE ITI TF-3 4.2.3.2 (entryUUID)' };
  if (d.objectType !== ObjectType.stableDocument && d.objectType !== ObjectType.onDemandDocument) {
    yield { path: at('@objectType'), message: 'objectType is neither the stable nor the on-demand DocumentEntry type', expected: ObjectType.stableDocument, actual: d.objectType ?? '(none)', specRef: 'IHE ITI TF-3 4.2.3.2 (objectType)' };
  }
  if (!d.mimeType) yield { path: at('@mimeType'), message: 'mimeType is missing', specRef: 'IHE ITI TF-3 4.2.3.2 (mimeType)' };
  for (const [scheme, name] of [[DocScheme.patientId, 'patientId'], [DocScheme.uniqueId, 'uniqueId']] as const) {
    const n = d.externalIdentifiers.filter((x) => x.identificationScheme === scheme).length;
    if (n !== 1 || !externalId(d, scheme)) yield { path: at(name), message: `${name} must be given exactly once, found ${n}`, specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
  }
  for (const [scheme, name, cardinality] of CODED) {
    const n = codes(d, scheme).length;
    if (n === 0) yield { path: at(name), message: `${name} is missing`, specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
    else if (cardinality === 'exactly-one' && n > 1) yield { path: at(name), message: `${name} must have exactly one value, found ${n}`, expected: '1', actual: String(n), specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
  }
  const onDemand = isOnDemand(d);
  for (const [name, when] of SLOTS) {
    if (when.stableOnly && onDemand) continue;
    const n = slotValues(d, name).length;
    if (n > 1) yield { path: at(`Slot[${name}]`), message: `${name} must have one value, found ${n}`, specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
    if (n === 0 && !(when.repositoryFills && repositoryFills)) yield { path: at(`Slot[${name}]`), message: `${name} is missing`, specRef: `IHE ITI TF-3 4.2.3.2 (${name})` };
  }
  const authors = d.classifications.filter((c) => c.classificationScheme === DocScheme.author);
  if (authors.length === 0) yield { path: at('author'), severity: 'warning', message: 'no author (R2: required when known)', specRef: 'IHE ITI TF-3 4.2.3.2 (author)' };
  for (const a of authors) {
    if (!AUTHOR_SLOTS.some((s) => slotValues(a, s).some((v) => v !== ''))) {
      yield { path: at(`author[${a.id}]`), message: 'author classification has none of authorPerson, authorInstitution, authorRole, authorSpecialty, authorTelecommunication', specRef: 'IHE ITI TF-3 4.2.3.1 (Author)' };
    }
  }
}
