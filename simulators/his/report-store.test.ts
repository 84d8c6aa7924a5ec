import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { reportStoreRoutes } from './report-routes.ts';
import { createReportStore, type ReportStore } from './report-store.ts';

const base = { patientId: 'P-1^^^&1.2.3&ISO', mimeType: 'application/pdf', sourceCommunity: 'urn:oid:2.999.3' };

describe('HIS/RIS report store', () => {
  const stores: ReportStore[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const s of stores.splice(0)) s.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const open = (options?: { dir?: string }): ReportStore => {
    const s = createReportStore(options);
    stores.push(s);
    return s;
  };

  it('files reports, lists them newest first by patient, and returns the exact bytes', () => {
    const store = open();
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 255, 13, 10]);
    const first = store.put({ ...base, documentUniqueId: '2.25.1', bytes, studyInstanceUid: '2.25.9', accessionNumber: 'A1' });
    const second = store.put({ ...base, documentUniqueId: '2.25.2', bytes: Buffer.from('<x/>'), mimeType: 'text/xml' });
    store.put({ ...base, patientId: 'OTHER', documentUniqueId: '2.25.3', bytes });
    expect(store.list({ patientId: base.patientId }).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(first).toMatchObject({ size: 8, studyInstanceUid: '2.25.9', accessionNumber: 'A1', sourceCommunity: base.sourceCommunity });
    expect(store.get(first.id)!.bytes.equals(bytes)).toBe(true);
    expect(store.get(999)).toBeUndefined();
  });

  it('replaces the same document from the same community and keeps its id', () => {
    const store = open();
    const a = store.put({ ...base, documentUniqueId: '2.25.1', bytes: Buffer.from('one') });
    const b = store.put({ ...base, documentUniqueId: '2.25.1', bytes: Buffer.from('two!') });
    expect(b.id).toBe(a.id);
    expect(store.list()).toHaveLength(1);
    expect(store.get(a.id)!.bytes.toString()).toBe('two!');
  });

  it('refuses a report without patient with a clear error', () => {
    expect(() => open().put({ ...base, patientId: '', documentUniqueId: '2.25.1', bytes: Buffer.alloc(1) })).toThrow(/patientId is required/);
  });

  it('keeps reports in a directory across reopening', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-his-'));
    const first = open({ dir });
    const r = first.put({ ...base, documentUniqueId: '2.25.1', bytes: Buffer.from('kept') });
    first.close();
    expect(open({ dir }).get(r.id)!.bytes.toString()).toBe('kept');
  });

  it('serves GET /reports?patientId= as JSON and GET /reports/:id with the mime type', async () => {
    const store = open();
    const r = store.put({ ...base, documentUniqueId: '2.25.1', bytes: Buffer.from('%PDF-1.4') });
    store.put({ ...base, patientId: 'OTHER', documentUniqueId: '2.25.2', bytes: Buffer.from('x') });
    const app = Fastify();
    await app.register(reportStoreRoutes, { store });
    try {
      const listed = await app.inject({ method: 'GET', url: `/reports?patientId=${encodeURIComponent(base.patientId)}` });
      expect(listed.json()).toEqual({ reports: [expect.objectContaining({ id: r.id, documentUniqueId: '2.25.1' })] });
      const one = await app.inject({ method: 'GET', url: `/reports/${r.id}` });
      expect(one.headers['content-type']).toBe('application/pdf');
      expect(one.rawPayload.toString()).toBe('%PDF-1.4');
      expect((await app.inject({ method: 'GET', url: '/reports/404' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/reports/abc' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
