/**
 * HTTP face of the report store, for users and scenarios checking GEN-06:
 *   GET /reports?patientId=…&studyInstanceUid=…&sourceCommunity=…   JSON list, newest first
 *   GET /reports/:id                                                the report bytes with their mime type
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ReportFilter, ReportStore } from './report-store.ts';

export const reportStoreRoutes: FastifyPluginAsync<{ readonly store: ReportStore }> = async (app, { store }) => {
  app.get('/reports', async (req) => {
    const query = req.query as Record<string, string | string[] | undefined>;
    const one = (name: keyof ReportFilter): string | undefined => {
      const v = query[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const filter: ReportFilter = Object.fromEntries(
      (['patientId', 'studyInstanceUid', 'sourceCommunity', 'documentUniqueId'] as const).map((k) => [k, one(k)]).filter(([, v]) => v !== undefined && v !== ''),
    );
    return { reports: store.list(filter) };
  });

  app.get('/reports/:id', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(id)) return reply.code(400).send({ error: `report id must be a positive integer, got "${raw}"` });
    const found = store.get(id);
    if (!found) return reply.code(404).send({ error: `no report ${id}` });
    return reply.header('content-type', found.record.mimeType).header('x-ixh-document-unique-id', found.record.documentUniqueId).send(found.bytes);
  });
};
