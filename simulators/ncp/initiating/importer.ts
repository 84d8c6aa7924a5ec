/**
 * After a successful retrieve, NCP-B files what arrived (GEN-05, GEN-06) and tells the specialist
 * (GEN-12): application/dicom → B's PACS (C-STORE, one association per batch), CDA and PDF
 * reports → the HIS/RIS report store, then an arrival notice. The work runs after the answer has
 * gone out (batches one after another, in arrival order); `whenIdle()` and `pending()` let tests
 * and scenarios wait for it. Nothing here throws into the gateway: every failure ends up in the
 * notice (state "failed" or "partial") and in the evidence.
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import type { ArrivalNotice, Arrivals, ImportFailure } from './arrival-notice.ts';
import type { ImportTarget } from './gateway-config.ts';
import { importIntoPacs, type PacsImportResult } from './pacs-import.ts';
import type { ArrivedDocument } from './retrieve-fan-out.ts';

const REPORT_TYPES = new Set(['text/xml', 'application/xml', 'application/hl7-v3+xml', 'application/pdf']);

export interface Importer {
  /** Queues one retrieve's documents; returns at once. */
  enqueue(transaction: string, documents: readonly ArrivedDocument[]): void;
  /** Batches queued or running. */
  pending(): number;
  /** Resolves once every queued batch is imported and its notice published. */
  whenIdle(): Promise<void>;
}

export function createImporter(options: { target: ImportTarget; evidence: EvidenceSink; actor: string; arrivals: Arrivals }): Importer {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    enqueue(transaction, documents) {
      const retrievedAt = new Date();
      pending++;
      chain = chain
        .then(() => importBatch(options, transaction, documents, retrievedAt))
        .catch((err: unknown) => {
          // A bug here must be visible, not silently lose a notice.
          void options.evidence.record({ actor: options.actor, peer: 'importer', transaction: 'harness-error', direction: 'response', format: 'txt', status: 'error', body: `import: ${(err as Error).stack ?? String(err)}` });
        })
        .finally(() => {
          pending--;
        });
    },
    pending: () => pending,
    whenIdle: async () => {
      while (pending > 0) await chain;
    },
  };
}

async function importBatch(options: { target: ImportTarget; evidence: EvidenceSink; actor: string; arrivals: Arrivals }, transaction: string, documents: readonly ArrivedDocument[], retrievedAt: Date): Promise<void> {
  const { target, evidence, actor } = options;
  const started = Date.now();
  const failures: ImportFailure[] = [];
  const images = documents.filter((d) => d.mimeType.toLowerCase().startsWith('application/dicom'));
  const reports = documents.filter((d) => REPORT_TYPES.has(d.mimeType.toLowerCase().split(';')[0]!.trim()));
  let notImported = documents.length - images.length - reports.length;

  let pacs: PacsImportResult | undefined;
  if (images.length > 0 && target.pacs) {
    pacs = await importIntoPacs(images, target.pacs, evidence, actor, target.dimseTimeoutMs ?? 30_000);
    failures.push(...pacs.failures);
  } else if (images.length > 0) {
    notImported += images.length;
  }

  const reportIds: number[] = [];
  if (reports.length > 0 && target.reports) {
    for (const r of reports) {
      if (!r.patientId) {
        failures.push({ documentUniqueId: r.documentUniqueId, target: 'report-store', reason: 'the patient of this report is unknown (no earlier ITI-38 answer named it and no X-Ixh-Patient-Id was given)' });
        continue;
      }
      try {
        const record = target.reports.put({
          patientId: r.patientId,
          documentUniqueId: r.documentUniqueId,
          mimeType: r.mimeType,
          bytes: r.bytes,
          ...(r.studyInstanceUids[0] !== undefined && { studyInstanceUid: r.studyInstanceUids[0] }),
          ...(r.accessionNumbers[0] !== undefined && { accessionNumber: r.accessionNumbers[0] }),
          sourceCommunity: r.homeCommunityId,
        });
        reportIds.push(record.id);
      } catch (err) {
        failures.push({ documentUniqueId: r.documentUniqueId, target: 'report-store', reason: (err as Error).message });
      }
    }
  } else if (reports.length > 0) {
    notImported += reports.length;
  }

  const imagesStored = pacs?.stored ?? 0;
  const filed = imagesStored + reportIds.length;
  const state = failures.length === 0 ? 'imported' : filed > 0 ? 'partial' : 'failed';
  const patientIds = unique([...documents.flatMap((d) => d.patientId ?? []), ...(pacs?.patientIds ?? [])]);
  const finished = Date.now();
  const notice: ArrivalNotice = {
    id: `urn:uuid:${randomUUID()}`,
    transaction,
    state,
    ...(patientIds[0] !== undefined && { patientId: patientIds[0] }),
    patientIds,
    studyInstanceUids: unique([...documents.flatMap((d) => d.studyInstanceUids), ...(pacs?.studyInstanceUids ?? [])]),
    sourceCommunities: unique(documents.map((d) => d.homeCommunityId)),
    counts: { documents: documents.length, images: images.length, imagesStored, reports: reports.length, reportsStored: reportIds.length, notImported },
    timings: {
      retrievedAt: retrievedAt.toISOString(),
      importStartedAt: new Date(started).toISOString(),
      importFinishedAt: new Date(finished).toISOString(),
      importMs: finished - started,
      ...(pacs && { pacsMs: pacs.durationMs }),
    },
    reportIds,
    failures,
  };
  if (failures.length > 0) {
    void evidence.record({ actor, peer: target.pacs ? `${target.pacs.aeTitle}@${target.pacs.host}:${target.pacs.port}` : 'local', transaction: 'import-failure', direction: 'response', format: 'json', status: state, association: notice.id, startedAt: started, durationMs: finished - started, body: { json: failures } });
  }
  await options.arrivals.publish(notice);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
