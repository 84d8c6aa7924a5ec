/**
 * Checks the enveloped signature of one SAML assertion and hands back what it signed — and only
 * that. Claims are read from the canonical XML xml-crypto digested (`getSignedReferences()`),
 * never from the received tree, so nothing unsigned can be read by mistake.
 *
 * Before xml-crypto runs: one Signature, one Reference whose URI names this very assertion's ID,
 * the eHDSI algorithms only, and a KeyInfo certificate issued by a trusted CA (the key to verify
 * with comes from that certificate, never from an unchecked KeyInfo).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { NS } from '../soap/namespaces.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { Subcode } from '../soap/soap-fault.ts';
import { attr, type XmlElement } from '../soap/xml-tree.ts';
import { fault, type Refusal } from './refusal.ts';
import { Dsig } from './saml-names.ts';
import { childElements } from './security-header.ts';
import type { TrustStore } from './trust-store.ts';

export interface SignedAssertion {
  readonly id: string;
  /** The assertion as signed (enveloped signature removed), parsed. */
  readonly signed: XmlElement;
  readonly certificate: X509Certificate;
}

const ALLOWED_TRANSFORMS: ReadonlySet<string> = new Set([Dsig.enveloped, Dsig.excC14n]);

export function checkAssertionSignature(assertion: Element, documentXml: string, trust: TrustStore, now: Date): SignedAssertion | Refusal {
  const id = assertion.getAttribute('ID') ?? '';
  const what = `assertion ${id || '(no ID)'}`;
  if (!id) return fault(Subcode.invalidSecurityToken, 'saml2:Assertion has no ID attribute');
  const signatures = childElements(assertion, NS.ds, 'Signature');
  if (signatures.length === 0) return fault(Subcode.invalidSecurityToken, `${what} is not signed`);
  if (signatures.length > 1) return fault(Subcode.invalidSecurityToken, `${what} carries ${signatures.length} signatures`);
  const signature = signatures[0]!;

  const signedInfo = only(signature, 'SignedInfo');
  if (!signedInfo) return fault(Subcode.invalidSecurityToken, `${what}: ds:Signature must hold exactly one ds:SignedInfo`);
  const algorithms = [
    ['CanonicalizationMethod', algorithmOf(signedInfo, 'CanonicalizationMethod'), Dsig.excC14n],
    ['SignatureMethod', algorithmOf(signedInfo, 'SignatureMethod'), Dsig.rsaSha256],
  ] as const;
  for (const [name, actual, expected] of algorithms) {
    if (actual !== expected) return fault(Subcode.unsupportedAlgorithm, `${what}: ${name} ${actual ?? '(none)'} is not the eHDSI ${expected}`);
  }
  const references = childElements(signedInfo, NS.ds, 'Reference');
  if (references.length !== 1) return fault(Subcode.failedCheck, `${what}: the signature must hold exactly one ds:Reference, found ${references.length}`);
  const reference = references[0]!;
  const uri = reference.getAttribute('URI');
  if (uri !== `#${id}`) return fault(Subcode.failedCheck, `${what}: ds:Reference URI "${uri ?? ''}" does not point at the assertion that carries the signature (signature wrapping refused)`);
  const digest = algorithmOf(reference, 'DigestMethod');
  if (digest !== Dsig.sha256) return fault(Subcode.unsupportedAlgorithm, `${what}: DigestMethod ${digest ?? '(none)'} is not the eHDSI ${Dsig.sha256}`);
  const transformsEl = only(reference, 'Transforms');
  const transforms = transformsEl ? childElements(transformsEl, NS.ds, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '') : [];
  const odd = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
  if (odd !== undefined) return fault(Subcode.unsupportedAlgorithm, `${what}: transform "${odd}" is not allowed (only enveloped-signature and exclusive c14n)`);
  if (!transforms.includes(Dsig.enveloped)) return fault(Subcode.failedCheck, `${what}: the signature is not enveloped`);

  const certificate = keyInfoCertificate(signature);
  if (typeof certificate === 'string') return fault(Subcode.invalidSecurityToken, `${what}: ${certificate}`);
  const untrusted = trust.problem(certificate, now);
  if (untrusted) return fault(Subcode.failedAuthentication, `${what}: ${untrusted}`);

  // The same assertion comes back with every request of a session: its bytes and certificate were
  // verified once, and what it signed is taken from that check (trust and time are checked above, every time).
  const key = createHash('sha256').update(certificate.raw).update('\0').update(new XMLSerializer().serializeToString(assertion)).digest('base64');
  const known = verified.get(key);
  if (known) return { id, signed: known, certificate };

  const verifier = new SignedXml({ publicCert: certificate.toString() });
  let signedXml: string | undefined;
  try {
    verifier.loadSignature(signature as unknown as Node);
    if (verifier.checkSignature(documentXml)) signedXml = verifier.getSignedReferences()[0];
  } catch (err) {
    return fault(Subcode.failedCheck, `${what}: signature check failed: ${(err as Error).message}`);
  }
  if (signedXml === undefined) return fault(Subcode.failedCheck, `${what}: the digest of the signed assertion does not match (content changed after signing)`);

  let signed: XmlElement;
  try {
    signed = parseXmlSafely(signedXml);
  } catch (err) {
    return fault(Subcode.invalidSecurityToken, `${what}: the signed assertion cannot be read: ${(err as Error).message}`);
  }
  if (signed.ns !== NS.saml || signed.local !== 'Assertion' || attr(signed, 'ID') !== id) return fault(Subcode.failedCheck, `${what}: the signature covers another element than the assertion`);
  if (verified.size >= VERIFIED_LIMIT) verified.clear();
  verified.set(key, signed);
  return { id, signed, certificate };
}

/** Assertions whose signature checked, by certificate and exact serialisation → what they signed. */
const verified = new Map<string, XmlElement>();
const VERIFIED_LIMIT = 1_000;

function only(parent: Element, local: string): Element | undefined {
  const found = childElements(parent, NS.ds, local);
  return found.length === 1 ? found[0] : undefined;
}

function algorithmOf(parent: Element, local: string): string | undefined {
  return only(parent, local)?.getAttribute('Algorithm') ?? undefined;
}

function keyInfoCertificate(signature: Element): X509Certificate | string {
  const keyInfo = only(signature, 'KeyInfo');
  const data = keyInfo && only(keyInfo, 'X509Data');
  const certs = data ? childElements(data, NS.ds, 'X509Certificate') : [];
  if (certs.length === 0) return 'ds:KeyInfo carries no ds:X509Data/ds:X509Certificate';
  const base64 = (certs[0]!.textContent ?? '').replace(/\s+/g, '');
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'));
  } catch (err) {
    return `ds:X509Certificate cannot be read: ${(err as Error).message}`;
  }
}
