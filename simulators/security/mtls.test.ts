/**
 * Mutual TLS on real sockets: a fastify https server that requires client certificates, carrying
 * a SOAP endpoint guarded by the request authorizer, called with `callSoap` + `tlsTransport`
 * and the provider's security header — the whole NCP-B → NCP-A path on loopback.
 */
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { NS } from '../soap/namespaces.ts';
import { callSoap } from '../soap/soap-client.ts';
import { soapEndpoint } from '../soap/soap-endpoint.ts';
import { el } from '../soap/xml-write.ts';
import { createAssertionProvider } from './assertion-provider.ts';
import { httpsOptions, tlsTransport } from './mtls.ts';
import { refusalFault } from './refusal.ts';
import { createRequestAuthorizer } from './request-authorizer.ts';
import { createTestPki, type IssuedCertificate } from './test-pki.ts';
import { createSecurityFixture, PATIENT, QUERY_BODY, type SecurityFixture } from './test-fixture.ts';

const ACTION = 'urn:ihe:iti:2007:CrossGatewayQuery';
let f: SecurityFixture;
let server: IssuedCertificate;
let client: IssuedCertificate;
let foreignClient: IssuedCertificate;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  f = await createSecurityFixture();
  const foreign = await createTestPki(join(f.dir, 'foreign-pki'));
  [server, client, foreignClient] = await Promise.all([
    f.pki.issue({ name: 'ncp-a-server', commonName: 'NCP-A', country: 'DE', usage: 'tls-server' }),
    f.pki.issue({ name: 'ncp-b-client', commonName: 'NCP-B', country: 'BE', usage: 'tls-client' }),
    foreign.issue({ name: 'rogue-client', commonName: 'NCP-B', country: 'BE', usage: 'tls-client' }),
  ]);
});
afterAll(async () => {
  await f.cleanup();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startNcpA(): Promise<string> {
  const authorizer = createRequestAuthorizer({ trustedCaPems: [f.pki.caCertPem], consent: () => true });
  app = Fastify({ https: httpsOptions({ certPem: server.certPem, keyPem: server.keyPem, caPem: f.pki.caCertPem, requireClientCert: true }) });
  await app.register(
    soapEndpoint({
      actor: 'ncp-a',
      evidence: createEvidenceRecorder(),
      operations: {
        [ACTION]: {
          transaction: 'ITI-38',
          responseAction: `${ACTION}Response`,
          handle: async (request) => {
            const outcome = await authorizer.authorize(request, { transaction: 'ITI-38', requireTrc: true, patientId: PATIENT });
            if (!outcome.ok) throw refusalFault(outcome);
            return { body: el('rs:RegistryResponse', { 'xmlns:rs': NS.rs, status: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success' }, outcome.hcp.subjectId) };
          },
        },
      },
    }),
  );
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function query(url: string, identity: IssuedCertificate | undefined, withAssertions = true) {
  const headers = withAssertions ? [await createAssertionProvider({ signer: f.signer }).securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT })] : [];
  const transport = identity
    ? tlsTransport({ certPem: identity.certPem, keyPem: identity.keyPem, caPem: f.pki.caCertPem })
    : tlsTransport({ certPem: '', keyPem: '', caPem: f.pki.caCertPem });
  return callSoap({ url, action: ACTION, body: QUERY_BODY, headers, transport, timeoutMs: 5_000 });
}

describe('mutual TLS between the NCPs', () => {
  it('answers a client presenting a certificate of the test CA, with the signed assertions checked', async () => {
    const url = await startNcpA();
    const answer = await query(url, client);
    expect(answer.fault).toBeUndefined();
    expect(answer.envelope.body.local).toBe('RegistryResponse');
  });

  it('answers a fault over TLS when the assertions are missing', async () => {
    const url = await startNcpA();
    const answer = await query(url, client, false);
    expect(answer.httpStatus).toBe(400);
    expect(answer.fault?.reason).toMatch(/wsse:Security/);
  });

  it('refuses the handshake of a client without a certificate, with a clear error and no hang', async () => {
    const url = await startNcpA();
    const started = Date.now();
    await expect(query(url, undefined)).rejects.toThrow(/TLS request to https:\/\/127\.0\.0\.1:\d+ failed/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('refuses a client certificate issued by another CA', async () => {
    const url = await startNcpA();
    await expect(query(url, foreignClient)).rejects.toThrow(/TLS request .* failed/);
  });

  it('refuses a server whose certificate the client CA does not vouch for', async () => {
    const url = await startNcpA();
    const notOurCa = foreignClient.certPem; // any certificate but the test CA
    const transport = tlsTransport({ certPem: client.certPem, keyPem: client.keyPem, caPem: notOurCa });
    await expect(callSoap({ url, action: ACTION, body: QUERY_BODY, transport, timeoutMs: 5_000 })).rejects.toThrow(/certificate/);
  });
});
