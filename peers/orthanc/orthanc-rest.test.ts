import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrthancRestError, orthancRest } from './orthanc-rest.ts';

interface Seen {
  method: string;
  url: string;
  body: string;
  contentType: string | undefined;
}

/** A stand-in for Orthanc on port 0 that records requests and answers from a route table. */
describe('orthancRest', () => {
  let server: Server;
  let seen: Seen[];
  let routes: Record<string, { status: number; body: string }>;
  let baseUrl: string;

  beforeEach(async () => {
    seen = [];
    routes = {};
    server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, contentType: req.headers['content-type'] });
      const route = routes[`${req.method} ${req.url}`] ?? { status: 404, body: '{"Message":"Unknown resource"}' };
      res.writeHead(route.status, { 'content-type': 'application/json' }).end(route.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads statistics', async () => {
    routes['GET /statistics'] = { status: 200, body: '{"CountPatients":1,"CountStudies":1,"CountSeries":1,"CountInstances":2,"TotalDiskSizeMB":0}' };
    expect(await orthancRest(baseUrl).statistics()).toMatchObject({ CountInstances: 2 });
  });

  it('finds a study with /tools/find by StudyInstanceUID', async () => {
    routes['POST /tools/find'] = { status: 200, body: '[{"ID":"abc","MainDicomTags":{"StudyInstanceUID":"1.2.3"}}]' };
    const study = await orthancRest(baseUrl).findStudy('1.2.3');
    expect(study?.ID).toBe('abc');
    expect(JSON.parse(seen[0]!.body)).toEqual({ Level: 'Study', Query: { StudyInstanceUID: '1.2.3' }, Expand: true });
    expect(seen[0]!.contentType).toBe('application/json');
  });

  it('returns undefined when no study matches', async () => {
    routes['POST /tools/find'] = { status: 200, body: '[]' };
    expect(await orthancRest(baseUrl).findStudy('9.9')).toBeUndefined();
  });

  it('sends the bare UID to /tools/lookup', async () => {
    routes['POST /tools/lookup'] = { status: 200, body: '[{"ID":"i1","Path":"/instances/i1","Type":"Instance"}]' };
    expect(await orthancRest(baseUrl).lookup('1.2.3.4')).toEqual([{ ID: 'i1', Path: '/instances/i1', Type: 'Instance' }]);
    expect(seen[0]!.body).toBe('1.2.3.4');
  });

  it('deletes every patient', async () => {
    routes['GET /patients'] = { status: 200, body: '["p1","p2"]' };
    routes['DELETE /patients/p1'] = { status: 200, body: '{}' };
    routes['DELETE /patients/p2'] = { status: 200, body: '{}' };
    await orthancRest(baseUrl).deleteAll();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /patients', 'DELETE /patients/p1', 'DELETE /patients/p2']);
  });

  it('throws with method, status and body on a non-2xx answer', async () => {
    const failure = orthancRest(baseUrl).instanceTags('nope');
    await expect(failure).rejects.toBeInstanceOf(OrthancRestError);
    await expect(failure).rejects.toMatchObject({ method: 'GET', status: 404, body: expect.stringContaining('Unknown resource') });
    await expect(failure).rejects.toThrow(/GET .*\/instances\/nope\/simplified-tags answered 404/);
  });
});
