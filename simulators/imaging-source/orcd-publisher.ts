/**
 * The imaging document source of a country on the `ehdsi-orcd` profile (MyHealth@EU today): per
 * study, the imaging report as a PDF and one PNG image per series (the middle instance, windowed
 * as its file says) as eHDSI Original Clinical Documents, in one ITI-41 submission. No manifest:
 * an OrCD consumer fetches the documents themselves with XCA, never the DICOM instances.
 */
import { readFile } from 'node:fs/promises';
import type { RadiationExposure } from '../../fixtures/model.ts';
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import type { OutgoingAttachment } from '../soap/mtom.ts';
import type { DocumentEntry } from './document-entry.ts';
import { buildSubmissionSet } from './document-metadata.ts';
import { orcdImageEntry, orcdReportEntry, ORCD_IMAGING_REPORT } from './orcd-metadata.ts';
import { renderPdfReport } from './pdf-report.ts';
import { renderPreview } from './preview-image.ts';
import { localDicomDateTime, submitDocuments, type PublishStudyInput } from './rad68-publisher.ts';
import type { RegistryErrorItem, StatusName } from '../registry/registry-response.ts';
import { COUNTRY_TIME_ZONE, worldDocumentContext } from './study-from-world.ts';
import { xdsUtc } from './xds-time.ts';

export const ORCD_TRANSACTION = 'ITI-41';

export interface PublishOrcdInput extends Omit<PublishStudyInput, 'report' | 'retrieveAeTitle' | 'wadoRsBaseUrl'> {
  /** Where the PACS keeps an instance (undefined when it has none): the images are rendered from it. */
  readonly fileOf: (sopInstanceUid: string) => string | undefined;
  readonly exposure?: RadiationExposure;
}

export interface OrcdPublishResult {
  readonly status: StatusName | string;
  readonly errors: RegistryErrorItem[];
  readonly studyInstanceUid: string;
  readonly reportUid?: string;
  readonly imageUids: readonly string[];
  /** Series left without an image, with the reason (no file, compressed pixels…). */
  readonly skipped: readonly { readonly seriesInstanceUid: string; readonly reason: string }[];
}

export async function publishOrcdStudy(input: PublishOrcdInput): Promise<OrcdPublishResult> {
  const { ws, uidRoot } = input;
  const now = input.clock();
  const local = localDicomDateTime(now, COUNTRY_TIME_ZONE[ws.country.code]);
  const ctx = { ...worldDocumentContext(ws, { repositoryUniqueId: input.repositoryUniqueId }), ...(input.domainPatientId && { domainPatientId: input.domainPatientId }) };
  const entries: DocumentEntry[] = [];
  const parts: OutgoingAttachment[] = [];
  let reportUid: string | undefined;
  if (ws.report) {
    const pdf = renderPdfReport(ws, { uidRoot, ...(input.exposure && { exposure: input.exposure }) });
    reportUid = pdf.uniqueId;
    entries.push(orcdReportEntry(ctx, { uniqueId: pdf.uniqueId, bytes: pdf.bytes, dateTime: ws.report.dateTime, author: ws.report.author, title: pdf.title }));
    parts.push({ contentId: `report.${pdf.uniqueId}@ixh`, contentType: pdf.mimeType, body: pdf.bytes });
  }
  const imageUids: string[] = [];
  const skipped: { seriesInstanceUid: string; reason: string }[] = [];
  for (const series of ws.study.series) {
    const middle = series.instances[Math.floor(series.instances.length / 2)];
    const file = middle && input.fileOf(middle.sopInstanceUid);
    if (!middle || !file) {
      skipped.push({ seriesInstanceUid: series.seriesInstanceUid, reason: 'no stored instance' });
      continue;
    }
    try {
      const preview = renderPreview(await readFile(file));
      const uniqueId = deriveUid(uidRoot, 'orcd-image', middle.sopInstanceUid);
      entries.push(orcdImageEntry(ctx, { uniqueId, bytes: preview.bytes, mimeType: preview.mimeType, dateTime: `${ws.study.date}${ws.study.time}`, title: `${series.modality} ${ws.study.description}`.slice(0, 128) }));
      parts.push({ contentId: `image.${uniqueId}@ixh`, contentType: preview.mimeType, body: preview.bytes });
      imageUids.push(uniqueId);
    } catch (err) {
      skipped.push({ seriesInstanceUid: series.seriesInstanceUid, reason: (err as Error).message });
    }
  }
  const ids = { studyInstanceUid: ws.study.studyInstanceUid, ...(reportUid && { reportUid }), imageUids, skipped };
  if (entries.length === 0) return { ...ids, status: 'Failure', errors: [{ errorCode: 'XDSRepositoryError', codeContext: `study ${ws.study.studyInstanceUid}: nothing to publish (no report, no renderable image)`, location: input.repositoryUrl }] };
  const set = buildSubmissionSet({
    uniqueId: deriveUid(uidRoot, 'orcd-submission-set', ws.study.studyInstanceUid),
    sourceId: input.sourceId ?? deriveUid(uidRoot, 'imaging-document-source', ws.facility.id),
    submissionTime: xdsUtc(now),
    contentTypeCode: ORCD_IMAGING_REPORT,
    patientId: entries[0]!.patientId,
    authors: entries[0]!.authors,
    title: `Imaging study ${ws.study.accessionNumber} (${local.date})`,
  });
  return { ...ids, ...(await submitDocuments({ ...input, set, entries, parts, transaction: ORCD_TRANSACTION })) };
}
