import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationOutcome, AuthorizationRequest } from '../ncp/gateway-security.ts';
import { NS } from '../soap/namespaces.ts';
import { el, rawXml } from '../soap/xml-write.ts';
import { createAssertionProvider, type AssertionProviderOptions } from './assertion-provider.ts';
import { createRequestAuthorizer, samePatient, type RequestAuthorizerOptions } from './request-authorizer.ts';
import { permission } from './saml-names.ts';
import { assertionsOf, createSecurityFixture, envelopeWith, incoming, OTHER_PATIENT, PATIENT, type SecurityFixture } from './test-fixture.ts';

// A day ahead: the test certificates are issued "now", and the clock is moved both ways around T0.
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000 + 24 * 60 * 60_000);
const MINUTE = 60_000;
const XCA: AuthorizationRequest = { transaction: 'ITI-38', requireTrc: true, patientId: PATIENT };
const XCPD: AuthorizationRequest = { transaction: 'ITI-55', requireTrc: false };

let f: SecurityFixture;
beforeAll(async () => {
  f = await createSecurityFixture({ foreign: true });
});
afterAll(async () => {
  await f.cleanup();
});

function provider(options: Partial<AssertionProviderOptions> = {}) {
  return createAssertionProvider({ signer: f.signer, clock: () => T0, ...options });
}

function authorizer(options: Partial<RequestAuthorizerOptions> = {}) {
  return createRequestAuthorizer({ trustedCaPems: [f.pki.caCertPem], consent: () => true, clock: () => new Date(T0.getTime() + MINUTE), ...options });
}

/** `null`: no patient, hence no TRC (an XCPD call). */
async function headerXml(patientId: string | null = PATIENT, options: Partial<AssertionProviderOptions> = {}, purposeOfUse: 'TREATMENT' | 'EMERGENCY' = 'TREATMENT') {
  return envelopeWith(await provider(options).securityHeader({ purposeOfUse, ...(patientId !== null && { patientId }) }));
}

async function authorize(xml: string, what: AuthorizationRequest = XCA, options: Partial<RequestAuthorizerOptions> = {}): Promise<AuthorizationOutcome> {
  return authorizer(options).authorize(incoming(xml), what);
}

function refused(answer: 'fault' | 'error', code: string) {
  return expect.objectContaining({ ok: false, answer, code });
}

describe('RequestAuthorizer: signed assertions round trip', () => {
  it('accepts the HCP assertion alone for XCPD and reads its claims from the signed XML', async () => {
    const outcome = await authorize(await headerXml(null), XCPD);
    expect(outcome).toMatchObject({ ok: true, emergency: false, hcp: { subjectId: 'Dr. Ada Testdoctor', role: '221', purposeOfUse: 'TREATMENT', locality: 'BE' } });
    expect(outcome.ok && outcome.trc).toBeFalsy();
  });

  it('accepts HCP + TRC for XCA, the TRC linked to the HCP assertion and naming the patient', async () => {
    const outcome = await authorize(await headerXml());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.trc).toMatchObject({ patientId: PATIENT, purposeOfUse: 'TREATMENT', hcpAssertionId: outcome.hcp.assertionId });
  });

  it('refuses XCA without a TRC assertion (SecurityTokenUnavailable)', async () => {
    expect(await authorize(await headerXml(null))).toEqual(refused('fault', 'wsse:SecurityTokenUnavailable'));
  });

  it('refuses an envelope without wsse:Security (InvalidSecurity)', async () => {
    expect(await authorize(envelopeWith(undefined))).toEqual(refused('fault', 'wsse:InvalidSecurity'));
  });
});

describe('RequestAuthorizer: signature and trust', () => {
  it('refuses an assertion changed after signing (FailedCheck), accepts it untouched', async () => {
    const xml = await headerXml();
    expect((await authorize(xml)).ok).toBe(true);
    const tampered = xml.replace('ixh Test University Hospital', 'Evil Clinic');
    expect(tampered).not.toBe(xml);
    expect(await authorize(tampered)).toEqual(refused('fault', 'wsse:FailedCheck'));
    // The untouched one again (now from the verified-signature cache), and the tampered one still refused.
    expect((await authorize(xml)).ok).toBe(true);
    expect(await authorize(tampered)).toEqual(refused('fault', 'wsse:FailedCheck'));
  });

  it('refuses an unsigned assertion (InvalidSecurityToken)', async () => {
    const xml = await headerXml();
    const unsigned = xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    expect(await authorize(unsigned)).toEqual(refused('fault', 'wsse:InvalidSecurityToken'));
  });

  it('refuses assertions signed by a certificate of another CA (FailedAuthentication)', async () => {
    const xml = await headerXml(PATIENT, { signer: f.foreignSigner! });
    expect(await authorize(xml)).toEqual(refused('fault', 'wsse:FailedAuthentication'));
    expect((await authorize(xml, XCA, { trustedCaPems: [f.pki.caCertPem, f.foreignPki!.caCertPem] })).ok).toBe(true);
  });

  it('refuses a DOCTYPE in the envelope even when the rest is signed correctly', async () => {
    const xml = await headerXml();
    const soap = incoming(xml);
    const withDoctype = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e "Evil">]>');
    const outcome = await authorizer().authorize({ ...soap, raw: Buffer.from(withDoctype) }, XCA);
    expect(outcome).toEqual(refused('fault', 'wsse:InvalidSecurity'));
    expect(!outcome.ok && outcome.message).toMatch(/DOCTYPE/);
  });
});

describe('RequestAuthorizer: signature wrapping', () => {
  it('refuses a second, unsigned assertion with other claims beside the signed ones', async () => {
    const header = await provider().securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT });
    const [hcp] = assertionsOf(header);
    const forged = hcp!.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_forged"').replace('Dr. Ada Testdoctor', 'Mallory');
    const xml = envelopeWith({ ...header, children: [...(header.children ?? []), rawXml(forged)] });
    expect(await authorize(xml)).toEqual(refused('fault', 'wsse:InvalidSecurityToken'));
  });

  it('refuses the signed assertion moved into a wrapper while a forged copy with its ID takes its place', async () => {
    const header = await provider().securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT });
    const [hcp, trc] = assertionsOf(header);
    const forged = hcp!.replace('Dr. Ada Testdoctor', 'Mallory');
    const wrapper = el('ixh:Wrapper', { 'xmlns:ixh': 'urn:ixh:test' }, rawXml(hcp!));
    const xml = envelopeWith(el('wsse:Security', { 'xmlns:wsse': NS.wsse }, rawXml(forged), rawXml(trc!), wrapper));
    expect(await authorize(xml)).toEqual(refused('fault', 'wsse:FailedCheck'));
  });

  it('refuses a forged assertion carrying the signature of the original, moved out of wsse:Security', async () => {
    const header = await provider().securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT });
    const [hcp, trc] = assertionsOf(header);
    const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(hcp!)![0];
    const original = hcp!.replace(signature, '');
    const forged = hcp!.replace(/ID="[^"]+"/, 'ID="_forged"').replace('Dr. Ada Testdoctor', 'Mallory');
    const security = el('wsse:Security', { 'xmlns:wsse': NS.wsse }, rawXml(forged), rawXml(trc!));
    // The moved original sits in its own header block, outside wsse:Security.
    const xml = envelopeWith(security).replace('</env:Header>', `<ixh:Wrapper xmlns:ixh="urn:ixh:test">${original}</ixh:Wrapper></env:Header>`);
    expect(await authorize(xml)).toEqual(refused('fault', 'wsse:InvalidSecurity'));
    // Even alone (no moved original), the forged assertion's Reference points elsewhere.
    expect(await authorize(envelopeWith(security))).toEqual(refused('fault', 'wsse:FailedCheck'));
  });
});

describe('RequestAuthorizer: validity period and audience', () => {
  it('refuses an expired TRC (MessageExpired) while the HCP assertion is still valid', async () => {
    const xml = await headerXml();
    expect((await authorize(xml, XCA, { clock: () => new Date(T0.getTime() + 110 * MINUTE) })).ok).toBe(true);
    const outcome = await authorize(xml, XCA, { clock: () => new Date(T0.getTime() + 125 * MINUTE) });
    expect(outcome).toEqual(refused('fault', 'wsse:MessageExpired'));
    expect(!outcome.ok && outcome.message).toMatch(/^TRC/);
  });

  it('refuses assertions that are not valid yet (InvalidSecurityToken), tolerating the clock skew', async () => {
    const xml = await headerXml();
    expect((await authorize(xml, XCA, { clock: () => new Date(T0.getTime() - 30_000) })).ok).toBe(true);
    expect(await authorize(xml, XCA, { clock: () => new Date(T0.getTime() - 10 * MINUTE) })).toEqual(refused('fault', 'wsse:InvalidSecurityToken'));
  });

  it('refuses a wrong audience (InvalidSecurityToken)', async () => {
    const xml = await headerXml(PATIENT, { audience: 'urn:somewhere:else' });
    expect(await authorize(xml)).toEqual(refused('fault', 'wsse:InvalidSecurityToken'));
    expect((await authorize(xml, XCA, { audience: 'urn:somewhere:else' })).ok).toBe(true);
  });

  it('refuses a TRC that is not linked to the HCP assertion it travels with', async () => {
    const p = provider();
    const treatment = assertionsOf(await p.securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT }));
    const emergency = assertionsOf(await p.securityHeader({ purposeOfUse: 'EMERGENCY', patientId: PATIENT }));
    const mixed = el('wsse:Security', { 'xmlns:wsse': NS.wsse }, rawXml(treatment[0]!), rawXml(emergency[1]!));
    const outcome = await authorize(envelopeWith(mixed));
    expect(outcome).toEqual(refused('fault', 'wsse:InvalidSecurityToken'));
    expect(!outcome.ok && outcome.message).toMatch(/1002/);
  });
});

describe('RequestAuthorizer: eHDSI policy errors', () => {
  it('answers 4206 when the TRC patient is not the patient of the request', async () => {
    const xml = await headerXml();
    expect(await authorize(xml, { ...XCA, patientId: OTHER_PATIENT })).toEqual(refused('error', '4206'));
    expect((await authorize(xml, { ...XCA, patientId: `'${PATIENT}'` })).ok).toBe(true);
  });

  it('answers 4701 when the patient has no consent on record', async () => {
    const xml = await headerXml();
    const consent = (patient: string) => patient !== PATIENT;
    expect(await authorize(xml, XCA, { consent })).toEqual(refused('error', '4701'));
  });

  it('lets EMERGENCY access through without consent, flagged as emergency', async () => {
    const xml = await headerXml(PATIENT, {}, 'EMERGENCY');
    const outcome = await authorize(xml, XCA, { consent: () => false });
    expect(outcome).toMatchObject({ ok: true, emergency: true, trc: { purposeOfUse: 'EMERGENCY' } });
  });

  it('answers 4703 when the HCP lacks the permission the transaction needs', async () => {
    const nurse = { role: '222', permissions: [permission('PRD-006')] };
    const xml = await headerXml(PATIENT, { hcp: nurse });
    expect(await authorize(xml, XCA)).toEqual(refused('error', '4703'));
    expect((await authorize(await headerXml(null, { hcp: nurse }), XCPD)).ok).toBe(true);
  });

  it('throws (harness error) for a transaction the permission policy does not know', async () => {
    await expect(authorize(await headerXml(), { ...XCA, transaction: 'ITI-99' })).rejects.toThrow(/no permission rule/);
  });
});

describe('samePatient', () => {
  it('compares CX identifiers by ID and assigning authority', () => {
    expect(samePatient('1^^^&1.2.3&ISO', "'1^^^&1.2.3&ISO'")).toBe(true);
    expect(samePatient('1^^^NS&1.2.3&ISO', '1^^^&1.2.3&ISO')).toBe(true);
    expect(samePatient('1^^^&1.2.3&ISO', '1^^^&1.2.4&ISO')).toBe(false);
    expect(samePatient('1^^^&1.2.3&ISO', '2^^^&1.2.3&ISO')).toBe(false);
  });
});
