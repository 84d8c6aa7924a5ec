/**
 * Arrival notices (GEN-12): once retrieved documents are imported, the specialist is told. Each
 * notice goes three ways: an evidence message (transaction "arrival-notice", JSON), the
 * `GET /arrivals` list (newest first, bounded) and, when configured, a JSON POST to a webhook.
 * A webhook that fails is recorded, never thrown.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EvidenceSink } from '../../evidence/evidence.ts';

export type ArrivalState = 'imported' | 'partial' | 'failed';

export interface ImportFailure {
  /** What could not be filed: a document, or the whole PACS import. */
  readonly documentUniqueId?: string;
  readonly target: 'pacs' | 'report-store' | 'none';
  readonly reason: string;
}

export interface ArrivalNotice {
  readonly id: string;
  /** Local transaction that fetched the documents: ITI-43, ITI-39 or RAD-69. */
  readonly transaction: string;
  readonly state: ArrivalState;
  /** The patient (CX) the documents belong to; the first when several. */
  readonly patientId?: string;
  readonly patientIds: readonly string[];
  readonly studyInstanceUids: readonly string[];
  readonly sourceCommunities: readonly string[];
  readonly counts: {
    readonly documents: number;
    readonly images: number;
    readonly imagesStored: number;
    readonly reports: number;
    readonly reportsStored: number;
    /** Neither DICOM nor a report (or no target configured for it). */
    readonly notImported: number;
  };
  readonly timings: {
    readonly retrievedAt: string;
    readonly importStartedAt: string;
    readonly importFinishedAt: string;
    readonly importMs: number;
    /** Association + C-STOREs + release; absent without images. */
    readonly pacsMs?: number;
  };
  /** Report store ids of the reports filed. */
  readonly reportIds: readonly number[];
  readonly failures: readonly ImportFailure[];
}

export interface Arrivals {
  publish(notice: ArrivalNotice): Promise<void>;
  /** Newest first. */
  list(): readonly ArrivalNotice[];
}

const KEEP = 1000;

export function createArrivals(options: { evidence: EvidenceSink; actor: string; webhookUrl?: string; webhookTimeoutMs?: number }): Arrivals {
  const notices: ArrivalNotice[] = [];
  return {
    async publish(notice) {
      notices.unshift(notice);
      if (notices.length > KEEP) notices.length = KEEP;
      const peer = options.webhookUrl ?? 'local';
      const startedAt = Date.now();
      void options.evidence.record({ actor: options.actor, peer, transaction: 'arrival-notice', direction: 'request', format: 'json', status: notice.state, association: notice.id, startedAt, body: { json: notice } });
      if (!options.webhookUrl) return;
      let status: string;
      try {
        const res = await fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(notice),
          signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5000),
        });
        await res.arrayBuffer();
        status = String(res.status);
      } catch (err) {
        status = `error: ${(err as Error).message}`;
      }
      void options.evidence.record({ actor: options.actor, peer, transaction: 'arrival-notice', direction: 'response', format: 'txt', status, association: notice.id, startedAt, durationMs: Date.now() - startedAt, body: status });
    },
    list: () => notices,
  };
}

/** `GET /arrivals`: the notices as JSON, newest first. */
export const arrivalRoutes: FastifyPluginAsync<{ readonly arrivals: Arrivals }> = async (app, { arrivals }) => {
  app.get('/arrivals', async () => ({ arrivals: arrivals.list() }));
};
