/**
 * The imaging-source metadata model (document-entry.ts) as ebRIM objects (ITI TF-3 4.2.5), for
 * ITI-41/RAD-68 and ITI-42: DocumentEntry → ExtrinsicObject, SubmissionSet → RegistryPackage
 * with its SubmissionSet classification, and one HasMember association per entry. The mapping
 * table is in docs/imaging-source.md. Pure: ids come from the entries (their stable urn:uuid
 * entryUuids) or are symbolic ids local to the submission.
 */
import type { Association, Classification, ExternalIdentifier, ExtrinsicObject, RegistryPackage, RimObject, Slot } from '../registry/ebrim-model.ts';
import { AssociationType } from '../registry/xds-constants.ts';
import { XDS_UUID, type DocumentEntry, type SubmissionSet, type XdsAuthor, type XdsCode } from './document-entry.ts';

/** The slot name of the referenceIdList (ITI TF-3 4.2.3.2.28). */
export const REFERENCE_ID_LIST_SLOT = 'urn:ihe:iti:xds:2013:referenceIdList';

export interface SubmissionContent {
  readonly set: SubmissionSet;
  readonly entries: readonly DocumentEntry[];
}

/** Child ids (classifications, external identifiers) are `${parent}.${kind}${n}`: unique within a submission and readable in evidence. */
function childIds(parentId: string): (kind: string) => string {
  let n = 0;
  const base = symbolicBase(parentId);
  return (kind) => `${base}.${kind}${++n}`;
}

/** A urn:uuid id cannot take a suffix and stay a UUID: children get symbolic ids built on the bare UUID. */
function symbolicBase(id: string): string {
  return id.startsWith('urn:uuid:') ? id.slice(9) : id;
}

function slot(name: string, values: readonly (string | undefined)[]): Slot[] {
  const present = values.filter((v): v is string => v !== undefined && v !== '');
  return present.length > 0 ? [{ name, values: present }] : [];
}

function coded(id: string, scheme: string, classifiedObject: string, code: XdsCode): Classification {
  return {
    type: 'Classification',
    id,
    classificationScheme: scheme,
    classifiedObject,
    nodeRepresentation: code.code,
    slots: [{ name: 'codingScheme', values: [code.codingScheme] }],
    name: [{ value: code.displayName }],
  };
}

function author(id: string, scheme: string, classifiedObject: string, a: XdsAuthor): Classification {
  return {
    type: 'Classification',
    id,
    classificationScheme: scheme,
    classifiedObject,
    nodeRepresentation: '',
    slots: [
      ...slot('authorPerson', [a.authorPerson]),
      ...slot('authorInstitution', a.authorInstitution),
      ...slot('authorRole', a.authorRole ?? []),
      ...slot('authorSpecialty', a.authorSpecialty ?? []),
    ],
  };
}

function identifier(id: string, scheme: string, registryObject: string, value: string, name: string): ExternalIdentifier {
  return { type: 'ExternalIdentifier', id, identificationScheme: scheme, registryObject, value, slots: [], name: [{ value: name }] };
}

/** DocumentEntry → rim:ExtrinsicObject (id = `id` or the entry's entryUuid). */
export function documentEntryRim(entry: DocumentEntry, id = entry.entryUuid): ExtrinsicObject {
  const s = XDS_UUID.documentEntry;
  const next = childIds(id);
  return {
    type: 'ExtrinsicObject',
    id,
    objectType: entry.objectType,
    mimeType: entry.mimeType,
    slots: [
      ...slot('creationTime', [entry.creationTime]),
      ...slot('languageCode', [entry.languageCode]),
      ...slot('serviceStartTime', [entry.serviceStartTime]),
      ...slot('serviceStopTime', [entry.serviceStopTime]),
      ...slot('sourcePatientId', [entry.sourcePatientId]),
      ...slot('sourcePatientInfo', entry.sourcePatientInfo),
      ...slot('hash', [entry.hash]),
      ...slot('size', [entry.size === undefined ? undefined : String(entry.size)]),
      ...slot('repositoryUniqueId', [entry.repositoryUniqueId]),
      ...slot(REFERENCE_ID_LIST_SLOT, entry.referenceIdList),
    ],
    name: [{ value: entry.title, lang: entry.languageCode }],
    ...(entry.comments ? { description: [{ value: entry.comments, lang: entry.languageCode }] } : {}),
    classifications: [
      ...entry.authors.map((a) => author(next('author'), s.author, id, a)),
      coded(next('class'), s.classCode, id, entry.classCode),
      ...entry.confidentialityCode.map((c) => coded(next('conf'), s.confidentialityCode, id, c)),
      ...entry.eventCodeList.map((c) => coded(next('event'), s.eventCodeList, id, c)),
      coded(next('format'), s.formatCode, id, entry.formatCode),
      coded(next('hcft'), s.healthcareFacilityTypeCode, id, entry.healthcareFacilityTypeCode),
      coded(next('practice'), s.practiceSettingCode, id, entry.practiceSettingCode),
      coded(next('type'), s.typeCode, id, entry.typeCode),
    ],
    externalIdentifiers: [
      identifier(next('pid'), s.patientId, id, entry.patientId, 'XDSDocumentEntry.patientId'),
      identifier(next('uid'), s.uniqueId, id, entry.uniqueId, 'XDSDocumentEntry.uniqueId'),
    ],
  };
}

/** SubmissionSet → rim:RegistryPackage plus the top-level Classification that makes it a SubmissionSet. */
export function submissionSetRim(set: SubmissionSet, id = set.entryUuid): [RegistryPackage, Classification] {
  const s = XDS_UUID.submissionSet;
  const next = childIds(id);
  const pkg: RegistryPackage = {
    type: 'RegistryPackage',
    id,
    slots: slot('submissionTime', [set.submissionTime]),
    ...(set.title ? { name: [{ value: set.title }] } : {}),
    ...(set.comments ? { description: [{ value: set.comments }] } : {}),
    classifications: [...set.authors.map((a) => author(next('author'), s.author, id, a)), coded(next('content'), s.contentTypeCode, id, set.contentTypeCode)],
    externalIdentifiers: [
      identifier(next('uid'), s.uniqueId, id, set.uniqueId, 'XDSSubmissionSet.uniqueId'),
      identifier(next('source'), s.sourceId, id, set.sourceId, 'XDSSubmissionSet.sourceId'),
      identifier(next('pid'), s.patientId, id, set.patientId, 'XDSSubmissionSet.patientId'),
    ],
  };
  const marker: Classification = { type: 'Classification', id: next('ss'), classifiedObject: id, classificationNode: s.classificationNode, slots: [] };
  return [pkg, marker];
}

/** The whole submission: SubmissionSet, its marker, the entries, and a HasMember (Original) per entry. */
export function submissionRim({ set, entries }: SubmissionContent): RimObject[] {
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.entryUuid)) throw new Error(`two document entries share entryUUID ${e.entryUuid} (uniqueId ${e.uniqueId})`);
    ids.add(e.entryUuid);
  }
  const [pkg, marker] = submissionSetRim(set);
  const docs = entries.map((e) => documentEntryRim(e));
  const members: Association[] = docs.map((d, i) => ({
    type: 'Association',
    id: `${symbolicBase(pkg.id)}.member${i + 1}`,
    associationType: AssociationType.hasMember,
    sourceObject: pkg.id,
    targetObject: d.id,
    slots: [{ name: 'SubmissionSetStatus', values: ['Original'] }],
    classifications: [],
    externalIdentifiers: [],
  }));
  return [pkg, marker, ...docs, ...members];
}
