/**
 * The security headers the NCP suites send when ixh plays country B's NCP: good ones, signed by a
 * certificate of the world's test CA, and each security fault of the exchange issue made by hand
 * (unsigned, tampered after signing, expired, wrong audience, signed by a foreign CA), the way
 * simulators/world/negative-exchange.test.ts crafts them.
 */
import { join } from 'node:path';
import { cacheDir } from '../../fixtures/fixture-cache.ts';
import type { AssertionProvider, PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import { createAssertionProvider } from '../../simulators/security/assertion-provider.ts';
import { createTestPki, type IssuedCertificate } from '../../simulators/security/test-pki.ts';
import { rawXml, type XmlChild, type XmlOut } from '../../simulators/soap/xml-write.ts';

/** The world pool's PKI (scenario-worlds.ts) and a CA no world trusts. */
const WORLD_PKI = (): string => join(cacheDir(), 'pki');
const FOREIGN_PKI = (): string => join(cacheDir(), 'pki-foreign-suite');
const SIGNING = { commonName: 'ncp-b.suite.ixh.test', organisation: 'ixh NCP suites', country: 'CZ', usage: 'signing' } as const;
/** The eHDSI TRC lives at most 2 h: a clock 3 h behind issues one that ended an hour ago. */
const EXPIRED_BY_MS = 3 * 60 * 60 * 1000;
export const WRONG_AUDIENCE = 'urn:ixh:test:not-the-x-border-audience';

export type HeaderKind = 'good' | 'unsigned' | 'tampered' | 'expired' | 'wrong-audience' | 'foreign-ca';

export interface SuiteSecurity {
  /** The wsse:Security header of `kind` for a request about `patientId` (none: HCP assertion only). */
  header(kind: HeaderKind, patientId?: string, purposeOfUse?: PurposeOfUse): Promise<XmlOut>;
}

let signers: Promise<{ world: IssuedCertificate; foreign: IssuedCertificate }> | undefined;

/** Signers are issued once per process (the PKIs are cached on disk). */
export function suiteSecurity(pkiDir = WORLD_PKI()): SuiteSecurity {
  signers ??= Promise.all([
    createTestPki(pkiDir).then((pki) => pki.issue({ name: 'suite-signing', ...SIGNING })),
    createTestPki(FOREIGN_PKI()).then((pki) => pki.issue({ name: 'suite-rogue-signing', ...SIGNING })),
  ]).then(([world, foreign]) => ({ world, foreign }));
  const mine = signers;
  return {
    async header(kind, patientId, purposeOfUse = 'TREATMENT') {
      const { world, foreign } = await mine;
      const providers: Record<Exclude<HeaderKind, 'unsigned' | 'tampered'>, () => AssertionProvider> = {
        good: () => createAssertionProvider({ signer: world }),
        expired: () => createAssertionProvider({ signer: world, clock: () => new Date(Date.now() - EXPIRED_BY_MS) }),
        'wrong-audience': () => createAssertionProvider({ signer: world, audience: WRONG_AUDIENCE }),
        'foreign-ca': () => createAssertionProvider({ signer: foreign }),
      };
      const request = { purposeOfUse, ...(patientId !== undefined && { patientId }) };
      if (kind === 'unsigned') return rewriteAssertions(await providers.good().securityHeader(request), (xml) => changed(xml, xml.replace(/<(\w+:)?Signature\b[\s\S]*?<\/\1Signature>/, '')));
      // The attack: lift a patient into break-the-glass by editing the signed TRC.
      if (kind === 'tampered') return rewriteAssertions(await providers.good().securityHeader(request), (xml, i) => (i === 1 ? changed(xml, xml.replace('code="TREATMENT"', 'code="EMERGENCY"')) : xml));
      return providers[kind]().securityHeader(request);
    },
  };
}

/** The header with each verbatim (signed) assertion passed through `rewrite`: tampering after signing. */
export function rewriteAssertions(header: XmlOut, rewrite: (assertionXml: string, index: number) => string): XmlOut {
  let index = 0;
  const children = (header.children ?? []).map((c: XmlChild): XmlChild => (typeof c === 'object' && c !== null && 'raw' in c ? rawXml(rewrite(c.raw, index++)) : c));
  return { ...header, children };
}

function changed(before: string, after: string): string {
  if (after === before) throw new Error('the rewrite changed nothing: the assertion no longer has the expected shape');
  return after;
}
