/**
 * Test helpers for the security tests: a temporary test PKI (plus a second, untrusted one) and
 * SOAP envelopes carrying a given security header, read back as a gateway receives them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from '../soap/namespaces.ts';
import { DEFAULT_XML_LIMITS } from '../soap/safe-xml.ts';
import { buildEnvelope } from '../soap/soap-envelope.ts';
import { readSoapBody, type IncomingSoap } from '../soap/soap-request.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { createTestPki, type IssuedCertificate, type TestPki } from './test-pki.ts';

export const PATIENT = '7011230081^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';
export const OTHER_PATIENT = '9911230099^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';

export interface SecurityFixture {
  readonly dir: string;
  readonly pki: TestPki;
  /** NCP-B's SAML signing certificate, issued by the test CA. */
  readonly signer: IssuedCertificate;
  /** A signing certificate of another CA, which no gateway trusts (only with `{ foreign: true }`). */
  readonly foreignSigner: IssuedCertificate | undefined;
  /** That other CA (only with `{ foreign: true }`). */
  readonly foreignPki: TestPki | undefined;
  cleanup(): Promise<void>;
}

/** Each RSA key costs ~100 ms, so the untrusted second PKI is only made when asked for. */
export async function createSecurityFixture(options: { foreign?: boolean } = {}): Promise<SecurityFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'ixh-security-'));
  const signing = { commonName: 'NCP-B SAML signing', organisation: 'ixh NCP-B', country: 'BE', usage: 'signing' } as const;
  const makeForeign = async (): Promise<[TestPki, IssuedCertificate]> => {
    const foreign = await createTestPki(join(dir, 'foreign-pki'));
    return [foreign, await foreign.issue({ name: 'rogue-signing', ...signing })];
  };
  const [[pki, signer], foreign] = await Promise.all([
    createTestPki(join(dir, 'pki')).then(async (p): Promise<[TestPki, IssuedCertificate]> => [p, await p.issue({ name: 'ncp-b-signing', ...signing })]),
    options.foreign ? makeForeign() : undefined,
  ]);
  return { dir, pki, signer, foreignPki: foreign?.[0], foreignSigner: foreign?.[1], cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A minimal XCA query body; the authorizer never reads the body. */
export const QUERY_BODY: XmlOut = el('query:AdhocQueryRequest', { 'xmlns:query': NS.query }, el('rim:ResponseOption', { 'xmlns:rim': NS.rim, returnType: 'ObjectRef', returnComposedObjects: 'true' }));

export function envelopeWith(securityHeader: XmlOut | undefined): string {
  return buildEnvelope({
    action: 'urn:ihe:iti:2007:CrossGatewayQuery',
    to: 'https://ncp-a.ixh.test/xca',
    body: QUERY_BODY,
    isRequest: true,
    ...(securityHeader && { headers: [securityHeader] }),
  });
}

/** The envelope as the responding gateway receives it (parsed the same way). */
export function incoming(envelopeXml: string): IncomingSoap {
  const received = readSoapBody(Buffer.from(envelopeXml), 'application/soap+xml; charset=UTF-8', DEFAULT_XML_LIMITS);
  if (!received.result.ok) throw new Error(`test envelope unreadable: ${received.result.fault.reason}`);
  return received.result.soap;
}

/** The verbatim assertions of a security header, in order (HCP first, then TRC). */
export function assertionsOf(securityHeader: XmlOut): string[] {
  return (securityHeader.children ?? []).flatMap((c) => (typeof c === 'object' && c && 'raw' in c ? [c.raw] : []));
}
