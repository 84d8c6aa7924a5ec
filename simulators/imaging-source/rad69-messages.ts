/**
 * The XDS-I.b Retrieve Imaging Document Set request (IHE RAD TF-3 4.69 RAD-69, and 4.75 RAD-75
 * Cross Gateway Retrieve Imaging Document Set, which carries the same body), shared by the
 * imaging document source, NCP-A's responding imaging gateway and NCP-B's initiating imaging
 * gateway. Schema: IHEXDSIB.xsd (xdsi:RetrieveImagingDocumentSetRequest): StudyRequest+
 * (studyInstanceUID) → SeriesRequest+ (seriesInstanceUID) → DocumentRequest+ (an xdsi element of
 * the XDS.b DocumentRequestType, so its children HomeCommunityId, RepositoryUniqueId and
 * DocumentUniqueId are xdsb elements), then a required TransferSyntaxUIDList. Both transactions are answered with an
 * xdsb:RetrieveDocumentSetResponse (read it with registry/retrieve-response.ts).
 */
import { declare, NS } from '../soap/namespaces.ts';
import { SoapFaultError, Subcode } from '../soap/soap-fault.ts';
import { attr, clark, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';

/** wsa:Action of RAD-69 (RAD TF-3 4.69.4.1.2). */
export const RAD69_ACTION = 'urn:ihe:rad:2009:RetrieveImagingDocumentSet';
/** RAD-69 is answered with the ITI-43 response action (RAD TF-3 4.69.4.2.2). */
export const RAD69_RESPONSE_ACTION = 'urn:ihe:iti:2007:RetrieveDocumentSetResponse';
/** wsa:Action of RAD-75 (RAD TF-3 4.75.4.1.2). */
export const RAD75_ACTION = 'urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet';
export const RAD75_RESPONSE_ACTION = 'urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSetResponse';

export const TRANSFER_SYNTAX = {
  implicitVrLittleEndian: '1.2.840.10008.1.2',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
} as const;

export interface ImagingDocumentRequest {
  /** Present in RAD-75 and in RAD-69 sent to an initiating imaging gateway. */
  homeCommunityId?: string;
  repositoryUniqueId: string;
  /** The SOP Instance UID. */
  documentUniqueId: string;
}

export interface ImagingRetrieveRequest {
  studies: { studyInstanceUid: string; series: { seriesInstanceUid: string; documents: ImagingDocumentRequest[] }[] }[];
  /** In order of preference. */
  transferSyntaxUids: string[];
}

/** One requested instance with its study and series, for code that walks the request flat. */
export interface ImagingInstanceRequest extends ImagingDocumentRequest {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

export function buildImagingRetrieveRequest(req: ImagingRetrieveRequest): XmlOut {
  return el(
    'xdsi:RetrieveImagingDocumentSetRequest',
    declare('xdsi', 'xdsb'),
    req.studies.map((study) =>
      el(
        'xdsi:StudyRequest',
        { studyInstanceUID: study.studyInstanceUid },
        study.series.map((series) =>
          el(
            'xdsi:SeriesRequest',
            { seriesInstanceUID: series.seriesInstanceUid },
            series.documents.map((d) =>
              el(
                'xdsi:DocumentRequest',
                undefined,
                d.homeCommunityId !== undefined && el('xdsb:HomeCommunityId', undefined, d.homeCommunityId),
                el('xdsb:RepositoryUniqueId', undefined, d.repositoryUniqueId),
                el('xdsb:DocumentUniqueId', undefined, d.documentUniqueId),
              ),
            ),
          ),
        ),
      ),
    ),
    el('xdsi:TransferSyntaxUIDList', undefined, req.transferSyntaxUids.map((uid) => el('xdsi:TransferSyntaxUID', undefined, uid))),
  );
}

function refuse(reason: string): never {
  throw new SoapFaultError('Sender', `RetrieveImagingDocumentSetRequest: ${reason}`, [Subcode.badBody]);
}

function requiredAttr(e: XmlElement, name: string, where: string): string {
  const v = attr(e, name)?.trim();
  if (!v) refuse(`${where} without ${name}`);
  return v;
}

function requiredText(parent: XmlElement, ns: string, local: string, where: string): string {
  const v = textOf(element(parent, ns, local)).trim();
  if (!v) refuse(`${where} without ${local}`);
  return v;
}

/** Reads the body of a RAD-69 / RAD-75 request; throws a Sender `SoapFaultError` naming the first missing or malformed part. */
export function readImagingRetrieveRequest(body: XmlElement): ImagingRetrieveRequest {
  if (body.ns !== NS.xdsi || body.local !== 'RetrieveImagingDocumentSetRequest') {
    refuse(`expected {${NS.xdsi}}RetrieveImagingDocumentSetRequest, got ${clark(body)}`);
  }
  const studyElements = elements(body, NS.xdsi, 'StudyRequest');
  if (studyElements.length === 0) refuse('no StudyRequest');
  const studies = studyElements.map((study, si) => {
    const studyInstanceUid = requiredAttr(study, 'studyInstanceUID', `StudyRequest ${si + 1}`);
    const seriesElements = elements(study, NS.xdsi, 'SeriesRequest');
    if (seriesElements.length === 0) refuse(`StudyRequest ${studyInstanceUid} has no SeriesRequest`);
    return {
      studyInstanceUid,
      series: seriesElements.map((series, ri) => {
        const seriesInstanceUid = requiredAttr(series, 'seriesInstanceUID', `SeriesRequest ${ri + 1} of study ${studyInstanceUid}`);
        const docElements = elements(series, NS.xdsi, 'DocumentRequest');
        if (docElements.length === 0) {
          // A common slip: the element is declared in the XDS-I namespace, only its children are XDS.b ones.
          const misplaced = elements(series, NS.xdsb, 'DocumentRequest').length > 0 ? ' (found DocumentRequest in the XDS.b namespace; IHEXDSIB.xsd declares it in urn:ihe:rad:xdsi-b:2009)' : '';
          refuse(`SeriesRequest ${seriesInstanceUid} has no DocumentRequest${misplaced}`);
        }
        return {
          seriesInstanceUid,
          documents: docElements.map((d, di) => {
            const where = `DocumentRequest ${di + 1} of series ${seriesInstanceUid}`;
            const home = textOf(element(d, NS.xdsb, 'HomeCommunityId')).trim();
            return {
              ...(home && { homeCommunityId: home }),
              repositoryUniqueId: requiredText(d, NS.xdsb, 'RepositoryUniqueId', where),
              documentUniqueId: requiredText(d, NS.xdsb, 'DocumentUniqueId', where),
            };
          }),
        };
      }),
    };
  });
  const list = element(body, NS.xdsi, 'TransferSyntaxUIDList');
  if (!list) refuse('TransferSyntaxUIDList is missing (required by IHEXDSIB.xsd)');
  const transferSyntaxUids = elements(list, NS.xdsi, 'TransferSyntaxUID').map((t) => textOf(t).trim());
  if (transferSyntaxUids.length === 0) refuse('TransferSyntaxUIDList is empty');
  if (transferSyntaxUids.some((t) => t === '')) refuse('TransferSyntaxUIDList has an empty TransferSyntaxUID');
  return { studies, transferSyntaxUids };
}

/** Every requested instance, in request order. */
export function requestedInstances(req: ImagingRetrieveRequest): ImagingInstanceRequest[] {
  return req.studies.flatMap((study) =>
    study.series.flatMap((series) => series.documents.map((d) => ({ ...d, studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid }))),
  );
}
