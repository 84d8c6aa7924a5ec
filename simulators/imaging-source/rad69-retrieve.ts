/**
 * RAD-69 on the imaging document source side (RAD TF-3 4.69.4.2.3): one DocumentResponse per
 * requested SOP instance found in the PACS index under the requested study and series, the file
 * sent as an `application/dicom` MTOM part (Part 10). Per-instance errors, as the NIST XDS-I
 * test tools expect them: XDSUnknownRepositoryId for another source's repositoryUniqueId,
 * XDSDocumentUniqueIdError for an instance that is not there (or not in that study/series),
 * XDSRepositoryError when none of the requested transfer syntaxes can be produced.
 * PartialSuccess when only some are returned.
 *
 * Memory: a response holds the bytes of every instance it returns (the MTOM message is built
 * whole), so a request is refused as a whole (Failure, XDSRepositoryOutOfResources) before any
 * file is read when it asks for more than `maxInstancesPerResponse` instances or more than
 * `maxResponseBytes` (file sizes from the index). Files are read one after the other.
 *
 * Where the instances come from is an `InstanceBackend`: the PACS index (files on disk, the
 * default) or a DIMSE PACS fetched by C-GET (dimse-backed-source.ts); the answer is built here for both.
 */
import { readFile } from 'node:fs/promises';
import { hrefForCid, newContentId, type OutgoingAttachment } from '../soap/mtom.ts';
import { declare } from '../soap/namespaces.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import type { PacsIndex } from '../pacs/store/pacs-index.ts';
import type { RetrieveItem } from '../pacs/store/retrieve-plan.ts';
import { registryResponse, statusFor, type RegistryErrorItem, type StatusName } from '../registry/registry-response.ts';
import { ErrorCode } from '../registry/xds-constants.ts';
import { requestedInstances, type ImagingInstanceRequest, type ImagingRetrieveRequest } from './rad69-messages.ts';
import { chooseTransferSyntax, convertPart10 } from './transfer-syntax.ts';

export const DEFAULT_MAX_INSTANCES_PER_RESPONSE = 1000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/** One instance a backend can serve: its encoding, its size, and how to read its Part 10 bytes. */
export interface ServableInstance {
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly size: number;
  read(): Promise<Uint8Array>;
}

/** Why a requested instance cannot be served (a registry error code and its context). */
export interface LocateFailure {
  readonly errorCode: string;
  readonly reason: string;
}

/** Where the served instances come from. */
export interface InstanceBackend {
  /** Keyed by `instanceKey()`; a requested instance left out is not in this source. */
  locate(asked: readonly ImagingInstanceRequest[]): Promise<Map<string, ServableInstance | LocateFailure>>;
  /** Whether the source holds `sopInstanceUid` under another study/series (for the error text). */
  holds?(sopInstanceUid: string): boolean;
}

export interface ImagingSourceStore {
  /** The PACS index whose files are served; ignored when `backend` is given. */
  readonly index?: PacsIndex;
  /** Another source of instances (e.g. a DIMSE PACS); one of `index` and `backend` is required. */
  readonly backend?: InstanceBackend;
  /** The repositoryUniqueId this source answers for (the KOS's RetrieveLocationUID). */
  readonly repositoryUniqueId: string;
  /** Put in each DocumentResponse when set. */
  readonly homeCommunityId?: string;
  readonly maxInstancesPerResponse?: number;
  readonly maxResponseBytes?: number;
}

export interface ImagingRetrieveAnswer {
  readonly status: StatusName;
  readonly body: XmlOut;
  readonly attachments: OutgoingAttachment[];
  readonly errors: readonly RegistryErrorItem[];
}

interface Planned {
  readonly request: ImagingInstanceRequest;
  readonly item: ServableInstance;
  readonly convertTo?: string;
}

export async function answerImagingRetrieve(request: ImagingRetrieveRequest, source: ImagingSourceStore): Promise<ImagingRetrieveAnswer> {
  const maxInstances = source.maxInstancesPerResponse ?? DEFAULT_MAX_INSTANCES_PER_RESPONSE;
  const maxBytes = source.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const asked = requestedInstances(request);
  if (asked.length > maxInstances) {
    return refuseWhole(`the request asks for ${asked.length} instances; this imaging document source returns at most ${maxInstances} per response: split the request`);
  }
  const errors: RegistryErrorItem[] = [];
  const fail = (errorCode: string, codeContext: string, location: string): void => void errors.push({ errorCode, codeContext, location });
  const backend = backendOf(source);
  const found = await backend.locate(asked.filter((a) => a.repositoryUniqueId === source.repositoryUniqueId));

  const planned: Planned[] = [];
  for (const a of asked) {
    const uid = a.documentUniqueId;
    if (a.repositoryUniqueId !== source.repositoryUniqueId) {
      fail(ErrorCode.unknownRepositoryId, `repositoryUniqueId ${a.repositoryUniqueId} is not this imaging document source (${source.repositoryUniqueId})`, uid);
      continue;
    }
    const item = found.get(instanceKey(a));
    if (item && 'errorCode' in item) {
      fail(item.errorCode, item.reason, uid);
      continue;
    }
    if (!item) {
      const elsewhere = backend.holds?.(uid) === true;
      fail(ErrorCode.documentUniqueIdError, elsewhere ? `instance ${uid} is not in study ${a.studyInstanceUid} / series ${a.seriesInstanceUid}` : `no instance ${uid} in this imaging document source`, uid);
      continue;
    }
    const choice = chooseTransferSyntax(item.transferSyntaxUid, request.transferSyntaxUids);
    if (choice.kind === 'unavailable') {
      fail(ErrorCode.repositoryError, `instance ${uid} is stored as ${choice.stored} and cannot be encoded in any of the requested transfer syntaxes (${choice.requested.join(', ')})`, uid);
      continue;
    }
    planned.push({ request: a, item, ...(choice.kind === 'convert' && { convertTo: choice.to }) });
  }
  const total = planned.reduce((n, p) => n + p.item.size, 0);
  if (total > maxBytes) {
    return refuseWhole(`the requested instances take ${total} bytes; this imaging document source returns at most ${maxBytes} bytes per response: split the request`);
  }

  const responses: XmlOut[] = [];
  const attachments: OutgoingAttachment[] = [];
  for (const p of planned) {
    const uid = p.request.documentUniqueId;
    let bytes: Uint8Array;
    try {
      bytes = await p.item.read();
      if (p.convertTo) bytes = convertPart10(bytes, p.convertTo);
    } catch (err) {
      fail(ErrorCode.repositoryError, `instance ${uid} could not be ${p.convertTo ? `converted to ${p.convertTo}` : 'read'}: ${(err as Error).message}`, uid);
      continue;
    }
    const contentId = newContentId(attachments.length + 1);
    attachments.push({ contentId, contentType: 'application/dicom', body: bytes });
    responses.push(documentResponse(source, uid, contentId));
  }
  const status = statusFor(errors, responses.length > 0);
  return { status, errors, attachments, body: responseBody(status, errors, responses) };
}

/** The key of a requested instance in `InstanceBackend.locate`'s answer. */
export const instanceKey = (a: { studyInstanceUid: string; seriesInstanceUid: string; documentUniqueId: string }): string => `${a.studyInstanceUid}|${a.seriesInstanceUid}|${a.documentUniqueId}`;

function backendOf(source: ImagingSourceStore): InstanceBackend {
  if (source.backend) return source.backend;
  if (source.index) return indexBackend(source.index);
  throw new Error('an imaging document source needs a PACS index or an instance backend');
}

/** Requested instances grouped by study and series, in request order. */
export function bySeries(asked: readonly ImagingInstanceRequest[]): ImagingInstanceRequest[][] {
  const groups = new Map<string, ImagingInstanceRequest[]>();
  for (const a of asked) {
    const k = `${a.studyInstanceUid}|${a.seriesInstanceUid}`;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  return [...groups.values()];
}

/** The simulated PACS's files, found through its index. */
export function indexBackend(index: PacsIndex): InstanceBackend {
  return {
    locate: async (asked) => locateInIndex(asked, index),
    holds: (uid) => index.fileOf(uid) !== undefined,
  };
}

const servable = (item: RetrieveItem): ServableInstance => ({ sopInstanceUid: item.sopInstanceUid, transferSyntaxUid: item.transferSyntaxUid, size: item.size, read: () => readFile(item.path) });

/** One index query per requested series; a refused query (a malformed UID) marks its instances with the reason. */
function locateInIndex(asked: readonly ImagingInstanceRequest[], index: PacsIndex): Map<string, ServableInstance | LocateFailure> {
  const out = new Map<string, ServableInstance | LocateFailure>();
  for (const group of bySeries(asked)) {
    const { studyInstanceUid, seriesInstanceUid } = group[0]!;
    try {
      const items = index.selectForRetrieve('STUDY', 'IMAGE', { StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: seriesInstanceUid, SOPInstanceUID: group.map((g) => g.documentUniqueId) });
      for (const item of items) out.set(instanceKey({ studyInstanceUid, seriesInstanceUid, documentUniqueId: item.sopInstanceUid }), servable(item));
    } catch (err) {
      for (const g of group) out.set(instanceKey(g), { errorCode: ErrorCode.documentUniqueIdError, reason: `study ${studyInstanceUid} / series ${seriesInstanceUid} cannot be looked up: ${(err as Error).message}` });
    }
  }
  return out;
}

function documentResponse(source: ImagingSourceStore, documentUniqueId: string, contentId: string): XmlOut {
  return el(
    'xdsb:DocumentResponse',
    undefined,
    source.homeCommunityId !== undefined && el('xdsb:HomeCommunityId', undefined, source.homeCommunityId),
    el('xdsb:RepositoryUniqueId', undefined, source.repositoryUniqueId),
    el('xdsb:DocumentUniqueId', undefined, documentUniqueId),
    el('xdsb:mimeType', undefined, 'application/dicom'),
    el('xdsb:Document', undefined, el('xop:Include', { href: hrefForCid(contentId) })),
  );
}

function responseBody(status: StatusName, errors: readonly RegistryErrorItem[], responses: readonly XmlOut[]): XmlOut {
  return el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses);
}

/** ITI TF-3 Table 4.2.4.1-2: the repository lacks the resources to process the request. */
export const REPOSITORY_OUT_OF_RESOURCES = 'XDSRepositoryOutOfResources';

function refuseWhole(codeContext: string): ImagingRetrieveAnswer {
  const errors = [{ errorCode: REPOSITORY_OUT_OF_RESOURCES, codeContext }];
  return { status: 'Failure', errors, attachments: [], body: responseBody('Failure', errors, []) };
}
