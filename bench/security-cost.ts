/**
 * The eHDSI security alone, per call, in this process: NCP-B's `securityHeader()` (signs a TRC
 * assertion per call; the HCP assertion is signed once and reused) and NCP-A's `authorize()`
 * (parses the received envelope's header, checks both XML signatures and the claims). The
 * envelope is parsed once beforehand, as the gateway has already done when it authorises.
 */
import { join } from 'node:path';
import { cacheDir } from '../fixtures/fixture-cache.ts';
import { createAssertionProvider } from '../simulators/security/assertion-provider.ts';
import { createRequestAuthorizer } from '../simulators/security/request-authorizer.ts';
import { envelopeWith, incoming, PATIENT } from '../simulators/security/test-fixture.ts';
import { createTestPki } from '../simulators/security/test-pki.ts';
import { percentile } from './measure.ts';

export interface SecurityCost {
  readonly calls: number;
  /** securityHeader() with a patient: HCP reused, TRC signed. */
  readonly headerWithTrc: { readonly medianMs: number; readonly p95Ms: number };
  /** securityHeader() without a patient (XCPD): the cached HCP only. */
  readonly headerHcpOnly: { readonly medianMs: number; readonly p95Ms: number };
  /** authorize() of an HCP + TRC header (two signatures checked). */
  readonly authorize: { readonly medianMs: number; readonly p95Ms: number };
}

async function timeEachAsync(calls: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  for (let i = 0; i < Math.min(20, calls); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return { medianMs: percentile(times, 50), p95Ms: percentile(times, 95) };
}

export async function measureSecurityCost(calls: number, log: (line: string) => void): Promise<SecurityCost> {
  const pki = await createTestPki(join(cacheDir(), 'pki'));
  const signer = await pki.issue({ name: 'bench-ncp-b-signing', commonName: 'bench-ncp-b.ixh.test', organisation: 'ixh bench NCP-B', country: 'CZ', usage: 'signing' });
  const provider = createAssertionProvider({ signer });
  const authorizer = createRequestAuthorizer({ trustedCaPems: [pki.caCertPem], consent: () => true });
  const headerWithTrc = await timeEachAsync(calls, async () => provider.securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT }));
  const headerHcpOnly = await timeEachAsync(calls, async () => provider.securityHeader({ purposeOfUse: 'TREATMENT' }));
  const received = incoming(envelopeWith(await provider.securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT })));
  const authorize = await timeEachAsync(calls, async () => {
    const outcome = await authorizer.authorize(received, { transaction: 'ITI-38', requireTrc: true, patientId: PATIENT });
    if (!outcome.ok) throw new Error(`authorize refused the bench header: ${outcome.code} ${outcome.message}`);
  });
  log(`security: securityHeader ${headerWithTrc.medianMs.toFixed(2)} ms (with TRC), authorize ${authorize.medianMs.toFixed(2)} ms`);
  return { calls, headerWithTrc, headerHcpOnly, authorize };
}
