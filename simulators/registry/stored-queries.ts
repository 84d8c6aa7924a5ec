/**
 * Registry Stored Query (ITI-18) execution: FindDocuments, GetDocuments, GetAssociations,
 * GetSubmissionSets (ITI TF-2 §3.18.4.1.2.3.7). Other stored query ids of the profile are known
 * and answered XDSRegistryError "not supported"; unknown ids get XDSUnknownStoredQuery.
 */
import type { MetadataStore, StoredObject, FindDocumentsFilter } from './metadata-store.ts';
import { parseCodeParam, QueryParamError, QueryParams } from './query-params.ts';
import { AssociationType, DocScheme, ErrorCode, ObjectType, StoredQuery } from './xds-constants.ts';
import { slotValues } from './xds-view.ts';
import type { Slot } from './ebrim-model.ts';

export interface QueryResult {
  readonly objects: readonly StoredObject[];
}

export const QUERY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(StoredQuery).map(([k, v]) => [v, k[0]!.toUpperCase() + k.slice(1)]));

export function runStoredQuery(queryId: string, slots: readonly Slot[], store: MetadataStore): QueryResult {
  const params = new QueryParams(slots);
  switch (queryId) {
    case StoredQuery.findDocuments:
      return { objects: findDocuments(params, store) };
    case StoredQuery.getDocuments:
      return { objects: getDocuments(params, store) };
    case StoredQuery.getAssociations: {
      const uuids = params.list('$uuid', true)!;
      params.single('$homeCommunityId');
      return { objects: store.associationsOf(uuids) };
    }
    case StoredQuery.getSubmissionSets:
      return { objects: getSubmissionSets(params, store) };
    default:
      if (queryId in QUERY_NAMES) throw new QueryParamError(ErrorCode.registryError, `stored query ${QUERY_NAMES[queryId]} (${queryId}) is not supported by this simulator`);
      throw new QueryParamError(ErrorCode.unknownStoredQuery, `stored query id ${queryId} is not known`);
  }
}

const OR_CODES: [string, string][] = [
  ['$XDSDocumentEntryClassCode', DocScheme.classCode],
  ['$XDSDocumentEntryTypeCode', DocScheme.typeCode],
  ['$XDSDocumentEntryPracticeSettingCode', DocScheme.practiceSettingCode],
  ['$XDSDocumentEntryHealthcareFacilityTypeCode', DocScheme.healthcareFacilityTypeCode],
  ['$XDSDocumentEntryFormatCode', DocScheme.formatCode],
];
const AND_CODES: [string, string][] = [
  ['$XDSDocumentEntryEventCodeList', DocScheme.eventCodeList],
  ['$XDSDocumentEntryConfidentialityCode', DocScheme.confidentialityCode],
];
const TIMES: [string, 'creation_time' | 'service_start' | 'service_stop'][] = [
  ['$XDSDocumentEntryCreationTime', 'creation_time'],
  ['$XDSDocumentEntryServiceStartTime', 'service_start'],
  ['$XDSDocumentEntryServiceStopTime', 'service_stop'],
];

function findDocuments(params: QueryParams, store: MetadataStore): StoredObject[] {
  const patientId = params.single('$XDSDocumentEntryPatientId', true);
  const statuses = params.list('$XDSDocumentEntryStatus', true)!;
  const objectTypes = params.list('$XDSDocumentEntryType') ?? [ObjectType.stableDocument];
  const codeGroups: FindDocumentsFilter['codeGroups'][number][] = [];
  for (const [name, scheme] of OR_CODES) {
    const values = params.list(name);
    if (values) codeGroups.push({ scheme, anyOf: values.map((v) => parseCodeParam(v, name)) });
  }
  for (const [name, scheme] of AND_CODES) {
    for (const group of params.andGroups(name)) codeGroups.push({ scheme, anyOf: group.map((v) => parseCodeParam(v, name)) });
  }
  const times = TIMES.map(([name, column]) => {
    const from = params.single(`${name}From`);
    const to = params.single(`${name}To`);
    return { column, ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
  }).filter((t) => t.from !== undefined || t.to !== undefined);
  const referenceIds = params.list('$XDSDocumentEntryReferenceIdList');
  const authors = params.list('$XDSDocumentEntryAuthorPerson');
  readCommon(params);
  const found = store.findDocuments({ patientId, statuses, objectTypes, codeGroups, times, ...(referenceIds && { referenceIds }) });
  if (!authors) return found;
  const patterns = authors.map(likeToRegExp);
  return found.filter((s) => s.object.type === 'ExtrinsicObject' && s.object.classifications.some((c) => c.classificationScheme === DocScheme.author && slotValues(c, 'authorPerson').some((p) => patterns.some((re) => re.test(p)))));
}

function getDocuments(params: QueryParams, store: MetadataStore): StoredObject[] {
  const uuids = params.list('$XDSDocumentEntryEntryUUID');
  const uniqueIds = params.list('$XDSDocumentEntryUniqueId');
  readCommon(params);
  if (uuids && uniqueIds) throw new QueryParamError(ErrorCode.storedQueryParamNumber, 'GetDocuments takes $XDSDocumentEntryEntryUUID or $XDSDocumentEntryUniqueId, not both');
  if (!uuids && !uniqueIds) throw new QueryParamError(ErrorCode.storedQueryMissingParam, 'GetDocuments needs $XDSDocumentEntryEntryUUID or $XDSDocumentEntryUniqueId');
  const found = uuids ? uuids.map((id) => store.byId(id)).filter((s): s is StoredObject => s !== undefined) : uniqueIds!.flatMap((u) => store.byUniqueId(u, 'DocumentEntry'));
  return found.filter((s) => s.kind === 'DocumentEntry');
}

function getSubmissionSets(params: QueryParams, store: MetadataStore): StoredObject[] {
  const uuids = new Set(params.list('$uuid', true));
  readCommon(params);
  const links = store.associationsOf([...uuids]).filter((a) => a.object.type === 'Association' && a.object.associationType === AssociationType.hasMember && uuids.has(a.object.targetObject));
  const sets = new Map<string, StoredObject>();
  const assocs: StoredObject[] = [];
  for (const a of links) {
    if (a.object.type !== 'Association') continue;
    const source = store.byId(a.object.sourceObject);
    if (source?.kind !== 'SubmissionSet') continue;
    sets.set(source.object.id, source);
    assocs.push(a);
  }
  return [...sets.values(), ...assocs];
}

function readCommon(params: QueryParams): void {
  params.single('$homeCommunityId');
  const level = params.single('$MetadataLevel');
  if (level !== undefined && level !== '1') throw new QueryParamError(ErrorCode.registryMetadataError, `$MetadataLevel ${level} is not supported (only 1)`);
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${escaped}$`);
}
