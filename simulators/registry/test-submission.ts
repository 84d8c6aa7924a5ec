/**
 * Test helper: realistic imaging metadata (X-eHealth / XDS-I.b) for registry and repository tests:
 * a CDA imaging report (LOINC 18748-4) and a KOS manifest (formatCode 1.2.840.10008.5.1.4.1.1.88.59),
 * with event codes for modality (DCM) and region (SNOMED CT) and accession / study UID reference ids.
 */
import { randomUUID } from 'node:crypto';
import { declare } from '../soap/namespaces.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import type { Association, Classification, ExternalIdentifier, ExtrinsicObject, RegistryPackage, RimObject, Slot } from './ebrim-model.ts';
import { writeRimObject } from './ebrim-write.ts';
import { AssociationType, DocScheme, Node, ObjectType, SubmissionScheme } from './xds-constants.ts';

export const NL_BSN_OID = '2.16.840.1.113883.2.4.6.3';
export const PATIENT = `999911120^^^&${NL_BSN_OID}&ISO`;
export const OTHER_PATIENT = `999912345^^^&${NL_BSN_OID}&ISO`;
export const REPOSITORY_ID = '1.3.6.1.4.1.21367.2010.1.2.1125';
export const LOINC = '2.16.840.1.113883.6.1';
export const SNOMED = '2.16.840.1.113883.6.96';
export const DCM = '1.2.840.10008.2.16.4';

export interface DocSpec {
  readonly id: string;
  readonly uniqueId: string;
  readonly kind: 'report' | 'kos';
  readonly patientId?: string;
  readonly creationTime?: string;
  readonly modality?: string;
  readonly region?: { code: string; meaning: string };
  readonly accession?: string;
  readonly studyUid?: string;
  readonly hash?: string;
  readonly size?: number;
  readonly repositoryUniqueId?: string;
  /** Slots or classification schemes to leave out, to provoke metadata errors. */
  readonly omit?: readonly string[];
}

let n = 0;
const cid = (): string => `cl${++n}`;

function code(scheme: string, classified: string, value: string, codingScheme: string, display: string): Classification {
  return { type: 'Classification', id: cid(), classificationScheme: scheme, classifiedObject: classified, nodeRepresentation: value, slots: [{ name: 'codingScheme', values: [codingScheme] }], name: [{ value: display }] };
}

function xid(scheme: string, obj: string, value: string, name: string): ExternalIdentifier {
  return { type: 'ExternalIdentifier', id: cid(), identificationScheme: scheme, registryObject: obj, value, slots: [], name: [{ value: name }] };
}

export function documentEntry(d: DocSpec): ExtrinsicObject {
  const omit = new Set(d.omit ?? []);
  const report = d.kind === 'report';
  const slots: Slot[] = [
    { name: 'creationTime', values: [d.creationTime ?? '20240315101500'] },
    { name: 'languageCode', values: ['nl-NL'] },
    { name: 'sourcePatientId', values: [(d.patientId ?? PATIENT).replace(/\^\^\^.*/, '^^^&1.3.6.1.4.1.21367.13.20.1000&ISO')] },
    { name: 'serviceStartTime', values: ['20240315093000'] },
    { name: 'urn:ihe:iti:xds:2013:referenceIdList', values: [`${d.accession ?? 'ACC-2024-0042'}^^^&1.3.6.1.4.1.21367.13.20.3000&ISO^urn:ihe:iti:xds:2013:accession`, `${d.studyUid ?? '1.2.826.0.1.3680043.10.999.1'}^^^^urn:ihe:iti:xds:2016:studyInstanceUID`] },
  ];
  if (d.hash !== undefined) slots.push({ name: 'hash', values: [d.hash] });
  if (d.size !== undefined) slots.push({ name: 'size', values: [String(d.size)] });
  if (d.repositoryUniqueId !== undefined) slots.push({ name: 'repositoryUniqueId', values: [d.repositoryUniqueId] });
  const region = d.region ?? { code: '12738006', meaning: 'Brain' };
  const classifications = [
    code(DocScheme.classCode, d.id, '18748-4', LOINC, 'Diagnostic imaging study'),
    code(DocScheme.typeCode, d.id, '18748-4', LOINC, 'Diagnostic imaging study'),
    report
      ? code(DocScheme.formatCode, d.id, 'urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013', '1.3.6.1.4.1.19376.1.2.3', 'Imaging report')
      : code(DocScheme.formatCode, d.id, '1.2.840.10008.5.1.4.1.1.88.59', '1.2.840.10008.2.6.1', 'Key Object Selection Document'),
    code(DocScheme.confidentialityCode, d.id, 'N', '2.16.840.1.113883.5.25', 'Normal'),
    code(DocScheme.healthcareFacilityTypeCode, d.id, '22232009', SNOMED, 'Hospital'),
    code(DocScheme.practiceSettingCode, d.id, '394914008', SNOMED, 'Radiology'),
    code(DocScheme.eventCodeList, d.id, d.modality ?? 'MR', DCM, d.modality ?? 'Magnetic Resonance'),
    code(DocScheme.eventCodeList, d.id, region.code, SNOMED, region.meaning),
  ].filter((c) => !omit.has(c.classificationScheme!));
  return {
    type: 'ExtrinsicObject',
    id: d.id,
    objectType: ObjectType.stableDocument,
    mimeType: report ? 'text/xml' : 'application/dicom',
    slots: slots.filter((s) => !omit.has(s.name)),
    name: [{ value: report ? 'Imaging report' : 'Imaging manifest', lang: 'en' }],
    classifications,
    externalIdentifiers: [xid(DocScheme.patientId, d.id, d.patientId ?? PATIENT, 'XDSDocumentEntry.patientId'), xid(DocScheme.uniqueId, d.id, d.uniqueId, 'XDSDocumentEntry.uniqueId')].filter((x) => !omit.has(x.identificationScheme)),
  };
}

export interface SubmissionSpec {
  readonly patientId?: string;
  readonly uniqueId?: string;
  readonly docs: readonly DocSpec[];
  /** RPLC: the first document replaces this registered entryUUID. */
  readonly replaces?: string;
}

export function submission(spec: SubmissionSpec): RimObject[] {
  const ss: RegistryPackage = {
    type: 'RegistryPackage',
    id: 'SubmissionSet01',
    slots: [{ name: 'submissionTime', values: ['20240315120000'] }],
    name: [{ value: 'Imaging study results' }],
    classifications: [code(SubmissionScheme.contentTypeCode, 'SubmissionSet01', '18748-4', LOINC, 'Diagnostic imaging study')],
    externalIdentifiers: [
      xid(SubmissionScheme.uniqueId, 'SubmissionSet01', spec.uniqueId ?? `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`)}`, 'XDSSubmissionSet.uniqueId'),
      xid(SubmissionScheme.sourceId, 'SubmissionSet01', '1.3.6.1.4.1.21367.13.20.2000', 'XDSSubmissionSet.sourceId'),
      xid(SubmissionScheme.patientId, 'SubmissionSet01', spec.patientId ?? PATIENT, 'XDSSubmissionSet.patientId'),
    ],
  };
  const marker: Classification = { type: 'Classification', id: 'ssClass', classifiedObject: 'SubmissionSet01', classificationNode: Node.submissionSet, slots: [] };
  const docs = spec.docs.map(documentEntry);
  const members: Association[] = docs.map((d, i) => ({
    type: 'Association',
    id: `assoc${i}`,
    associationType: AssociationType.hasMember,
    sourceObject: 'SubmissionSet01',
    targetObject: d.id,
    slots: [{ name: 'SubmissionSetStatus', values: ['Original'] }],
    classifications: [],
    externalIdentifiers: [],
  }));
  const rplc: Association[] = spec.replaces && docs[0]
    ? [{ type: 'Association', id: 'rplc', associationType: AssociationType.replace, sourceObject: docs[0].id, targetObject: spec.replaces, slots: [], classifications: [], externalIdentifiers: [] }]
    : [];
  return [ss, marker, ...docs, ...members, ...rplc];
}

export { list, provideRequest, retrieveRequest, storedQuery, submitObjectsRequest } from './xds-requests.ts';
