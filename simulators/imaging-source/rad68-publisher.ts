/**
 * XDS-I.b Imaging Document Source, publishing side: RAD-68 Provide and Register Imaging Document
 * Set – MTOM/XOP (RAD TF-3 4.68), which is ITI-41 with imaging metadata. One submission per
 * study: the KOS manifest (application/dicom) and, when the caller gives its bytes, the imaging
 * report, both as MTOM parts, recorded as transaction "RAD-68". `publishWorld` publishes many
 * studies with a bounded number in flight and reports each failure instead of throwing.
 */
import type { CountryCode, FixtureWorld, PersonName } from '../../fixtures/model.ts';
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { NS } from '../soap/namespaces.ts';
import { callSoap, type HttpTransport } from '../soap/soap-client.ts';
import type { OutgoingAttachment } from '../soap/mtom.ts';
import { clark } from '../soap/xml-tree.ts';
import { readRegistryResponse, type RegistryErrorItem, type StatusName } from '../registry/registry-response.ts';
import { Action } from '../registry/xds-constants.ts';
import { provideRequest } from '../registry/xds-requests.ts';
import type { DocumentEntry, SubmissionSet, XdsCode } from './document-entry.ts';
import { buildSubmissionSet, kosDocumentEntry, reportDocumentEntry } from './document-metadata.ts';
import { buildKosManifest, type KosManifest } from './kos-manifest.ts';
import { COUNTRY_TIME_ZONE, worldDocumentContext, worldStudies, type WorldStudy } from './study-from-world.ts';
import { submissionRim } from './submission-rim.ts';
import { DIAGNOSTIC_IMAGING_STUDY } from './xds-codes.ts';
import { xdsUtc } from './xds-time.ts';

export const RAD68_TRANSACTION = 'RAD-68';

/** The imaging report to publish beside the manifest; the bytes come from a renderer (CDA, PDF…). */
export interface ReportToPublish {
  readonly bytes: Uint8Array;
  /** e.g. "text/xml" (CDA) or "application/pdf" (eHDSI ORCD). */
  readonly mimeType: string;
  readonly formatCode: XdsCode;
  /** Defaults to the world report's id, else one derived from the study under `uidRoot`. */
  readonly uniqueId?: string;
  readonly title?: string;
  readonly languageCode?: string;
  /** Default: the world report's author. */
  readonly author?: PersonName;
  /** Local `YYYYMMDDHHMMSS`. Default: the world report's time, else the clock. */
  readonly dateTime?: string;
}

export interface PublishStudyInput {
  readonly ws: WorldStudy;
  /** ITI-41 endpoint of the Document Repository (or of an NCP's XDR/XDS-I recipient). */
  readonly repositoryUrl: string;
  /** This imaging document source's repositoryUniqueId: RetrieveLocationUID of the KOS, and the entries' repositoryUniqueId. */
  readonly repositoryUniqueId: string;
  /** RetrieveAETitle of the PACS serving the study (DIMSE). */
  readonly retrieveAeTitle: string;
  /** WADO-RS base URL; without it the KOS carries no RetrieveURL. */
  readonly wadoRsBaseUrl?: string;
  readonly uidRoot: string;
  /** The time of publication (KOS content time in the site's zone, submissionTime in UTC). */
  readonly clock: () => Date;
  readonly report?: ReportToPublish;
  readonly evidence: EvidenceSink;
  readonly transport?: HttpTransport;
  /** XDSSubmissionSet.sourceId; default derived from `uidRoot` and the facility. */
  readonly sourceId?: string;
  /** The XDS affinity domain's patient id when it differs from the national id (e.g. an NCP's domain). */
  readonly domainPatientId?: { readonly id: string; readonly oid: string };
  readonly timeoutMs?: number;
  /** Evidence actor name; default "imaging-source". */
  readonly actor?: string;
}

export interface PublishResult {
  /** 'Success' | 'PartialSuccess' | 'Failure', or a status URI the repository answered that is none of those. */
  readonly status: StatusName | string;
  /** The repository's errors; a SOAP fault becomes one item with errorCode `SOAPFault:<code>`. */
  readonly errors: RegistryErrorItem[];
  readonly studyInstanceUid: string;
  readonly kosUid: string;
  readonly reportUid?: string;
  readonly submissionSetUid: string;
}

/** Builds the submission of one study and sends it; rejects on network errors and on input the builders refuse. */
export async function publishStudy(input: PublishStudyInput): Promise<PublishResult> {
  const { ws, uidRoot } = input;
  const now = input.clock();
  const timeZone = COUNTRY_TIME_ZONE[ws.country.code];
  const local = localDicomDateTime(now, timeZone);
  // The manifest is dated by its study, not by the publication: its SOP Instance UID derives from
  // the content date/time, so a world published twice keeps every KOS uniqueId (scripts and saved
  // requests keep working across restarts).
  const kos = buildManifest(input, { date: ws.study.date, time: ws.study.time });
  const ctx = { ...worldDocumentContext(ws, { repositoryUniqueId: input.repositoryUniqueId }), ...(input.domainPatientId && { domainPatientId: input.domainPatientId }) };
  const kosEntry = kosDocumentEntry(ctx, kos);
  const entries: DocumentEntry[] = [kosEntry];
  const parts = [{ contentId: `kos.${kos.sopInstanceUid}@ixh`, contentType: 'application/dicom', body: kos.part10 }];
  let reportUid: string | undefined;
  if (input.report) {
    const r = input.report;
    const author = r.author ?? ws.report?.author;
    if (!author) throw new Error(`study ${ws.study.studyInstanceUid}: the report has no author (none given, and the world has no report for this study)`);
    reportUid = r.uniqueId ?? ws.report?.id ?? deriveUid(uidRoot, 'imaging-report', ws.study.studyInstanceUid);
    const entry = reportDocumentEntry(ctx, {
      uniqueId: reportUid,
      dateTime: r.dateTime ?? ws.report?.dateTime ?? `${local.date}${local.time}`,
      author,
      formatCode: r.formatCode,
      mimeType: r.mimeType,
      bytes: r.bytes,
      ...(r.languageCode && { languageCode: r.languageCode }),
      ...(r.title && { title: r.title }),
    });
    entries.push(entry);
    parts.push({ contentId: `report.${reportUid}@ixh`, contentType: r.mimeType, body: r.bytes });
  }
  const submissionSetUid = deriveUid(uidRoot, 'submission-set', kos.sopInstanceUid, ...(reportUid ? [reportUid] : []));
  const set = buildSubmissionSet({
    uniqueId: submissionSetUid,
    sourceId: input.sourceId ?? deriveUid(uidRoot, 'imaging-document-source', ws.facility.id),
    submissionTime: xdsUtc(now),
    contentTypeCode: DIAGNOSTIC_IMAGING_STUDY,
    patientId: kosEntry.patientId,
    authors: kosEntry.authors,
    title: `Imaging study ${ws.study.accessionNumber}`,
  });
  const ids = { studyInstanceUid: ws.study.studyInstanceUid, kosUid: kos.sopInstanceUid, ...(reportUid && { reportUid }), submissionSetUid };
  return { ...ids, ...(await submitDocuments({ ...input, set, entries, parts, transaction: RAD68_TRANSACTION })) };
}

export interface DocumentSubmission {
  readonly repositoryUrl: string;
  readonly set: SubmissionSet;
  readonly entries: readonly DocumentEntry[];
  /** One MTOM part per entry, in the same order. */
  readonly parts: readonly OutgoingAttachment[];
  readonly evidence: EvidenceSink;
  /** Evidence transaction id ("RAD-68", "ITI-41"). */
  readonly transaction: string;
  readonly actor?: string;
  readonly transport?: HttpTransport;
  readonly timeoutMs?: number;
}

/** Sends one Provide and Register submission (MTOM) and reads the repository's answer; rejects only on network errors. */
export async function submitDocuments(input: DocumentSubmission): Promise<{ status: StatusName | string; errors: RegistryErrorItem[] }> {
  const { set, entries, parts } = input;
  if (parts.length !== entries.length) throw new Error(`${entries.length} entries but ${parts.length} document parts`);
  const body = provideRequest(
    submissionRim({ set, entries }),
    entries.map((e, i) => ({ id: e.entryUuid, cid: parts[i]!.contentId })),
  );
  const answer = await callSoap({
    url: input.repositoryUrl,
    action: Action.provideRequest,
    body,
    attachments: parts,
    mtom: true,
    evidence: { sink: input.evidence, actor: input.actor ?? 'imaging-source', transaction: input.transaction },
    ...(input.transport && { transport: input.transport }),
    ...(input.timeoutMs !== undefined && { timeoutMs: input.timeoutMs }),
  });
  if (answer.fault) return { status: 'Failure', errors: [{ errorCode: `SOAPFault:${answer.fault.code}`, codeContext: answer.fault.reason, location: input.repositoryUrl }] };
  const response = answer.envelope.body;
  if (response.ns !== NS.rs || response.local !== 'RegistryResponse') {
    return { status: 'Failure', errors: [{ errorCode: 'XDSRepositoryError', codeContext: `the repository answered ${clark(response)}, not rs:RegistryResponse`, location: input.repositoryUrl }] };
  }
  const read = readRegistryResponse(response);
  return { status: read.status, errors: [...read.errors] };
}

/**
 * Manifests already encoded, by everything they say: scenario runs start many worlds from the same
 * fixtures, and encoding each study's KOS again was half of a world's start-up. The manifest is a
 * pure function of its input (dated by its study), so a hit is the same bytes.
 */
const encodedManifests = new Map<string, KosManifest>();
const ENCODED_MANIFESTS_LIMIT = 10_000;

function buildManifest(input: PublishStudyInput, local: { date: string; time: string }): KosManifest {
  const manifestInput = manifestInputOf(input, local);
  const key = JSON.stringify(manifestInput);
  const known = encodedManifests.get(key);
  if (known) return known;
  const kos = buildKosManifest(manifestInput);
  if (encodedManifests.size >= ENCODED_MANIFESTS_LIMIT) encodedManifests.clear();
  encodedManifests.set(key, kos);
  return kos;
}

function manifestInputOf(input: PublishStudyInput, local: { date: string; time: string }): Parameters<typeof buildKosManifest>[0] {
  return {
    patient: input.ws.patient,
    study: input.ws.study,
    options: {
      retrieveAeTitle: input.retrieveAeTitle,
      retrieveLocationUid: input.repositoryUniqueId,
      ...(input.wadoRsBaseUrl !== undefined && { wadoRsBaseUrl: input.wadoRsBaseUrl }),
      uidRoot: input.uidRoot,
      contentDate: local.date,
      contentTime: local.time,
      institutionName: input.ws.facility.name,
    },
  };
}

/** An instant as local DICOM DA/TM at an IANA zone. */
export function localDicomDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}${get('month')}${get('day')}`, time: `${get('hour')}${get('minute')}${get('second')}` };
}

export interface PublishWorldInput extends Omit<PublishStudyInput, 'ws' | 'report' | 'retrieveAeTitle'> {
  readonly world: FixtureWorld;
  /** Only the studies of this country (patients' country); every study when absent. */
  readonly country?: CountryCode;
  /** Default: each study's facility AE title. */
  readonly retrieveAeTitle?: string;
  /** The report of a study, or undefined to publish its manifest alone. */
  readonly report?: (ws: WorldStudy) => ReportToPublish | undefined | Promise<ReportToPublish | undefined>;
  /** Studies in flight at once; default 4. */
  readonly concurrency?: number;
}

export interface PublishFailure {
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  /** The repository's status and error codes, or the exception's message. */
  readonly reason: string;
  readonly result?: PublishResult;
}

export interface PublishWorldResult {
  readonly studies: number;
  readonly published: number;
  readonly failed: number;
  readonly results: readonly PublishResult[];
  readonly failures: readonly PublishFailure[];
}

/** Publishes every study (of `country`); never rejects for one study: it becomes a failure (anything but Success). */
export async function publishWorld(input: PublishWorldInput): Promise<PublishWorldResult> {
  const { world, country, report, concurrency = 4, ...common } = input;
  const studies = worldStudies(world).filter((ws) => country === undefined || ws.country.code === country);
  const results: PublishResult[] = [];
  const failures: PublishFailure[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < studies.length; i = next++) {
      const ws = studies[i]!;
      const who = { studyInstanceUid: ws.study.studyInstanceUid, accessionNumber: ws.study.accessionNumber };
      try {
        const r = await report?.(ws);
        const result = await publishStudy({ ...common, ws, retrieveAeTitle: input.retrieveAeTitle ?? ws.facility.aeTitle, ...(r && { report: r }) });
        results.push(result);
        if (result.status !== 'Success') failures.push({ ...who, reason: `${result.status}: ${result.errors.map((e) => `${e.errorCode} ${e.codeContext}`).join('; ')}`, result });
      } catch (err) {
        failures.push({ ...who, reason: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, studies.length)) }, worker));
  return { studies: studies.length, published: studies.length - failures.length, failed: failures.length, results, failures };
}
