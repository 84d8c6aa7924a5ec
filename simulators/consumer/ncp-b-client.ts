/**
 * A local system of the treating country (an image/document consumer in a hospital of country B)
 * as it talks to its own NCP-B: patient discovery, the study list, documents, images. No
 * cross-border security here: NCP-B vouches for its local users, who name the purpose of use in
 * an HTTP header. Tests and scenarios drive a world through this client, as a hospital would.
 */
import dcmjs from 'dcmjs';
import { buildImagingRetrieveRequest, RAD69_ACTION, type ImagingRetrieveRequest } from '../imaging-source/rad69-messages.ts';
import { PURPOSE_OF_USE_HEADER } from '../ncp/initiating/gateway-config.ts';
import type { PurposeOfUse } from '../ncp/gateway-security.ts';
import { buildPatientDiscoveryQuery, readPatientDiscoveryResponse, XCPD_ACTION, type PatientDiscoveryAnswer } from '../ncp/xcpd/index.ts';
import { readRegistryObjectList, type ExtrinsicObject } from '../registry/ebrim-model.ts';
import { readRegistryResponse, type RegistryErrorItem } from '../registry/registry-response.ts';
import { readRetrieveDocumentSetResponse } from '../registry/retrieve-response.ts';
import { Action, DocScheme, Status, StoredQuery } from '../registry/xds-constants.ts';
import { list, retrieveRequest, storedQuery } from '../registry/xds-requests.ts';
import { NS } from '../soap/namespaces.ts';
import { callSoap, type HttpTransport, type SoapAnswer } from '../soap/soap-client.ts';
import { element } from '../soap/xml-tree.ts';
import type { XmlOut } from '../soap/xml-write.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface NcpBClientOptions {
  /** NCP-B's local SOAP endpoint. */
  readonly url: string;
  readonly purposeOfUse?: PurposeOfUse;
  readonly timeoutMs?: number;
  readonly transport?: HttpTransport;
  /** Records the local side's messages too (actor "consumer"). */
  readonly evidence?: EvidenceSink;
}

export interface DocumentList {
  readonly status: string;
  readonly errors: readonly RegistryErrorItem[];
  readonly entries: readonly ExtrinsicObject[];
}

export interface RetrievedDocuments {
  readonly status: string;
  readonly errors: readonly RegistryErrorItem[];
  readonly documents: readonly { readonly homeCommunityId?: string; readonly repositoryUniqueId: string; readonly documentUniqueId: string; readonly mimeType: string; readonly bytes: Uint8Array }[];
}

export interface DocumentRef {
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
}

export interface NcpBClient {
  discoverPatient(nationalId: { readonly root: string; readonly extension: string }): Promise<PatientDiscoveryAnswer>;
  /** FindDocuments (approved) for a patient (CX); to one community when `home` is given, else NCP-B asks every one. */
  findDocuments(patientId: string, home?: string): Promise<DocumentList>;
  retrieveDocuments(documents: readonly DocumentRef[]): Promise<RetrievedDocuments>;
  retrieveImages(request: ImagingRetrieveRequest): Promise<RetrievedDocuments>;
  /** The same client with another purpose of use (e.g. EMERGENCY for break-the-glass). */
  withPurpose(purposeOfUse: PurposeOfUse): NcpBClient;
}

export function ncpBClient(options: NcpBClientOptions): NcpBClient {
  const call = async (body: XmlOut, action: string, transaction: string): Promise<SoapAnswer> => {
    const answer = await callSoap({
      url: options.url,
      action,
      body,
      httpHeaders: { [PURPOSE_OF_USE_HEADER]: options.purposeOfUse ?? 'TREATMENT' },
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.transport && { transport: options.transport }),
      ...(options.evidence && { evidence: { sink: options.evidence, actor: 'consumer', transaction } }),
    });
    if (answer.fault) throw new Error(`${transaction} to ${options.url} answered a SOAP fault: ${answer.fault.code} ${answer.fault.reason}`);
    return answer;
  };
  const retrieved = (answer: SoapAnswer): RetrievedDocuments => readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
  return {
    async discoverPatient(nationalId) {
      const query = buildPatientDiscoveryQuery({
        messageId: { root: '2.25.1', extension: `consumer-${Date.now()}` },
        creationTime: new Date().toISOString().replace(/\D/g, '').slice(0, 14),
        sender: { deviceOid: '2.25.1.1' },
        receiver: { deviceOid: '2.25.1.2' },
        livingSubjectIds: [nationalId],
      });
      return readPatientDiscoveryResponse((await call(query, XCPD_ACTION, 'ITI-55')).envelope.body);
    },
    async findDocuments(patientId, home) {
      const answer = await call(storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${patientId}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'LeafClass', home), Action.queryRequest, 'ITI-18');
      const { status, errors } = readRegistryResponse(answer.envelope.body);
      const objects = element(answer.envelope.body, NS.rim, 'RegistryObjectList');
      const entries = (objects ? readRegistryObjectList(objects) : []).filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject');
      return { status, errors, entries };
    },
    async retrieveDocuments(documents) {
      return retrieved(await call(retrieveRequest(documents), Action.retrieveRequest, 'ITI-43'));
    },
    async retrieveImages(request) {
      return retrieved(await call(buildImagingRetrieveRequest(request), RAD69_ACTION, 'RAD-69'));
    },
    withPurpose: (purposeOfUse) => ncpBClient({ ...options, purposeOfUse }),
  };
}

/** A DocumentEntry's slot value. */
export function slotOf(entry: ExtrinsicObject, name: string): string | undefined {
  return entry.slots.find((s) => s.name === name)?.values[0];
}

export function uniqueIdOf(entry: ExtrinsicObject): string {
  const id = entry.externalIdentifiers.find((e) => e.identificationScheme === DocScheme.uniqueId)?.value;
  if (!id) throw new Error(`DocumentEntry ${entry.id} has no uniqueId`);
  return id;
}

export function formatCodeOf(entry: ExtrinsicObject): string | undefined {
  return entry.classifications.find((c) => c.classificationScheme === DocScheme.formatCode)?.nodeRepresentation;
}

/** The reference to retrieve a listed DocumentEntry with (ITI-43 through NCP-B). */
export function documentRef(entry: ExtrinsicObject): DocumentRef {
  const repositoryUniqueId = slotOf(entry, 'repositoryUniqueId');
  if (!repositoryUniqueId) throw new Error(`DocumentEntry ${entry.id} has no repositoryUniqueId`);
  return { ...(entry.home && { homeCommunityId: entry.home }), repositoryUniqueId, documentUniqueId: uniqueIdOf(entry) };
}

/** A retrieved Part 10 document (an instance, a KOS) as a dcmjs naturalized data set; throws on bytes that are not DICOM. */
export function naturalizePart10(bytes: Uint8Array, options: { readonly withoutPixelData?: boolean } = {}): Record<string, unknown> {
  // Without pixel data the parse stops at (7FE0,0010): what attribute comparisons need, at a
  // fraction of the cost for images.
  const read = options.withoutPixelData ? { untilTag: '7FE00010', includeUntilTagValue: false, noCopy: true } : { noCopy: true };
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, read);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict) as Record<string, unknown>;
}

/**
 * The RAD-69 request for every instance an XDS-I.b KOS manifest references (its Current Requested
 * Procedure Evidence Sequence), from the community that listed the manifest.
 */
export function imagingRequestFromKos(kos: Uint8Array, homeCommunityId: string, transferSyntaxUids: readonly string[] = [EXPLICIT_VR_LITTLE_ENDIAN]): ImagingRetrieveRequest {
  const ds = naturalizePart10(kos);
  const studies = (ds.CurrentRequestedProcedureEvidenceSequence as Record<string, unknown>[] | undefined) ?? [];
  if (studies.length === 0) throw new Error('the manifest has no Current Requested Procedure Evidence Sequence');
  return {
    studies: studies.map((study) => ({
      studyInstanceUid: String(study.StudyInstanceUID),
      series: ((study.ReferencedSeriesSequence as Record<string, unknown>[] | undefined) ?? []).map((series) => ({
        seriesInstanceUid: String(series.SeriesInstanceUID),
        documents: ((series.ReferencedSOPSequence as Record<string, unknown>[] | undefined) ?? []).map((sop) => ({
          homeCommunityId,
          repositoryUniqueId: String(series.RetrieveLocationUID),
          documentUniqueId: String(sop.ReferencedSOPInstanceUID),
        })),
      })),
    })),
    transferSyntaxUids: [...transferSyntaxUids],
  };
}
