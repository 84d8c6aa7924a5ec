import { describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from './evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from './http-app.ts';
import { createRegistryService } from './registry/registry-service.ts';

describe('buildHttpApp', () => {
  it('mounts the registry and the repository under their prefixes, SOAP on POST only', async () => {
    const app = await buildHttpApp({ evidence: createEvidenceRecorder(), registry: createRegistryService(), repository: { repositoryUniqueId: '1.2.3' } });
    try {
      for (const prefix of [XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX]) {
        const res = await app.inject({ method: 'POST', url: prefix, headers: { 'content-type': 'application/soap+xml' }, payload: '<x/>' });
        expect(res.statusCode).toBe(500); // a VersionMismatch SOAP fault (SOAP 1.2 Part 2 §7.5.2.4): the endpoint is there
        expect(res.body).toContain('env:VersionMismatch');
        expect(res.headers['content-type']).toContain('application/soap+xml');
      }
      expect((await app.inject({ method: 'GET', url: XDS_REGISTRY_PREFIX })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('refuses a repository without any registry to register with', async () => {
    await expect(buildHttpApp({ evidence: createEvidenceRecorder(), repository: { repositoryUniqueId: '1.2.3' } })).rejects.toThrow(/needs a registry/);
  });
});
