/**
 * The initiating gateway's `AssertionProvider`: vouches for its local requester with a signed
 * HCP identity assertion and, for XCA / XCA-I calls, a TRC assertion bound to it, both inserted
 * verbatim (`rawXml`) into a `wsse:Security` header so the signed bytes reach the peer unchanged.
 *
 * An HCP assertion is reused for the same (purpose, HCP) until it comes close to expiry, as a
 * point-of-care session would; a TRC is issued per call because it names the patient.
 */
import { randomUUID } from 'node:crypto';
import type { AssertionProvider, AssertionRequest, PurposeOfUse } from '../ncp/gateway-security.ts';
import { NS } from '../soap/namespaces.ts';
import { el, rawXml, serializeXml, type XmlOut } from '../soap/xml-write.ts';
import { hcpAssertion, trcAssertion, type HcpIdentity } from './assertion-builder.ts';
import { signAssertion, type AssertionSigner } from './assertion-signer.ts';
import { DOCTOR_PERMISSIONS, MAX_HCP_VALIDITY_MS, MAX_TRC_VALIDITY_MS, X_BORDER_AUDIENCE } from './saml-names.ts';

export interface AssertionProviderOptions {
  /** Key and certificate the assertions are signed with (e.g. a test PKI 'signing' certificate). */
  readonly signer: AssertionSigner;
  /** The gateway's default HCP; each field may be overridden per request. */
  readonly hcp?: Partial<HcpIdentity>;
  readonly clock?: () => Date;
  /** Default and maximum 4 h (eHDSI). */
  readonly hcpValidityMs?: number;
  /** Default and maximum 2 h (eHDSI). */
  readonly trcValidityMs?: number;
  readonly audience?: string;
}

export const DEFAULT_HCP: HcpIdentity = {
  subjectId: 'Dr. Ada Testdoctor',
  nameId: 'ada.testdoctor@ncp-b.ixh.test',
  role: '221',
  organisation: 'ixh Test University Hospital',
  organisationId: 'urn:oid:1.3.6.1.4.1.21367.13.70.200',
  facilityType: 'Hospital',
  locality: 'BE',
  permissions: DOCTOR_PERMISSIONS,
};

/** Renew a cached HCP assertion when less than this part of its validity is left (max 5 min). */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

interface IssuedHcp {
  readonly id: string;
  readonly nameId: string;
  readonly xml: string;
  readonly notOnOrAfter: number;
}

export function createAssertionProvider(options: AssertionProviderOptions): AssertionProvider {
  const clock = options.clock ?? (() => new Date());
  const hcpValidity = validity(options.hcpValidityMs, MAX_HCP_VALIDITY_MS, 'hcpValidityMs');
  const trcValidity = validity(options.trcValidityMs, MAX_TRC_VALIDITY_MS, 'trcValidityMs');
  const audience = options.audience ?? X_BORDER_AUDIENCE;
  const defaults: HcpIdentity = { ...DEFAULT_HCP, ...options.hcp };
  const cache = new Map<string, IssuedHcp>();
  const margin = Math.min(RENEW_MARGIN_MS, hcpValidity / 2);
  // A TRC confirms the treatment relationship with one patient for its validity: it is reused for
  // that patient (and purpose) under the same HCP assertion, as a gateway keeps it for a session.
  const trcs = new Map<string, { readonly xml: string; readonly notOnOrAfter: number }>();
  const trcMargin = Math.min(RENEW_MARGIN_MS, trcValidity / 2);

  function trcFor(issuedHcp: IssuedHcp, hcp: HcpIdentity, patientId: string, purpose: PurposeOfUse, now: Date): string {
    const key = JSON.stringify([issuedHcp.id, patientId, purpose]);
    const cached = trcs.get(key);
    if (cached && now.getTime() < cached.notOnOrAfter - trcMargin) return cached.xml;
    for (const [k, v] of trcs) if (v.notOnOrAfter <= now.getTime()) trcs.delete(k);
    const notOnOrAfter = new Date(Math.min(now.getTime() + trcValidity, issuedHcp.notOnOrAfter));
    const xml = signAssertion(
      serializeXml(
        trcAssertion({
          id: newId(),
          issuer: `urn:initgw:${hcp.locality}:countryB`,
          audience,
          issuedAt: now,
          notOnOrAfter,
          hcpNameId: issuedHcp.nameId,
          hcpAssertionId: issuedHcp.id,
          patientId,
          purposeOfUse: purpose,
        }),
      ),
      options.signer,
    );
    trcs.set(key, { xml, notOnOrAfter: notOnOrAfter.getTime() });
    return xml;
  }

  function hcpFor(purpose: PurposeOfUse, hcp: HcpIdentity, now: Date): IssuedHcp {
    const key = JSON.stringify([purpose, hcp]);
    const cached = cache.get(key);
    if (cached && now.getTime() < cached.notOnOrAfter - margin) return cached;
    for (const [k, v] of cache) if (v.notOnOrAfter <= now.getTime()) cache.delete(k);
    const id = newId();
    const notOnOrAfter = new Date(now.getTime() + hcpValidity);
    const xml = signAssertion(
      serializeXml(hcpAssertion({ id, issuer: `urn:idp:${hcp.locality}:countryB`, audience, issuedAt: now, notOnOrAfter, hcp, purposeOfUse: purpose })),
      options.signer,
    );
    const issued = { id, nameId: hcp.nameId, xml, notOnOrAfter: notOnOrAfter.getTime() };
    cache.set(key, issued);
    return issued;
  }

  return {
    securityHeader(request: AssertionRequest): XmlOut {
      const now = clock();
      const hcp: HcpIdentity = { ...defaults, ...definedOnly(request.hcp ?? {}) };
      const issuedHcp = hcpFor(request.purposeOfUse, hcp, now);
      const trc = request.patientId !== undefined ? trcFor(issuedHcp, hcp, request.patientId, request.purposeOfUse, now) : undefined;
      return el(
        'wsse:Security',
        { 'xmlns:wsse': NS.wsse, 'xmlns:wsu': NS.wsu, 'env:mustUnderstand': 'true' },
        el('wsu:Timestamp', { 'wsu:Id': newId('_ts-') }, el('wsu:Created', undefined, now.toISOString()), el('wsu:Expires', undefined, new Date(now.getTime() + 5 * 60 * 1000).toISOString())),
        rawXml(issuedHcp.xml),
        trc !== undefined && rawXml(trc),
      );
    },
  };
}

function validity(value: number | undefined, max: number, name: string): number {
  if (value === undefined) return max;
  if (!(value > 0 && value <= max)) throw new Error(`${name} must be > 0 and at most ${max} ms (eHDSI), got ${value}`);
  return value;
}

/** Spreading `{ role: undefined }` would erase a default; overrides only count when set. */
function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** SAML IDs are xs:ID (NCName): they must not start with a digit, hence the prefix. */
function newId(prefix = '_'): string {
  return `${prefix}${randomUUID()}`;
}
