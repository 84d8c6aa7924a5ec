/**
 * Enveloped XML-DSig on a SAML assertion, as the eHDSI profile requires: exclusive c14n
 * (InclusiveNamespaces "xsd", because xsi:type values name that prefix without using it visibly),
 * RSA-SHA256, SHA-256 digest, Reference URI "#<assertion ID>", the signing certificate in KeyInfo,
 * and the Signature placed right after Issuer where the SAML schema wants it.
 */
import { SignedXml } from 'xml-crypto';
import { Dsig } from './saml-names.ts';

export interface AssertionSigner {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Signs one serialised `saml2:Assertion` (its ID attribute must be set); returns the signed markup. */
export function signAssertion(assertionXml: string, signer: AssertionSigner): string {
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: Dsig.rsaSha256,
    canonicalizationAlgorithm: Dsig.excC14n,
  });
  sig.addReference({
    xpath: '/*',
    transforms: [Dsig.enveloped, Dsig.excC14n],
    digestAlgorithm: Dsig.sha256,
    inclusiveNamespacesPrefixList: ['xsd'],
  });
  sig.computeSignature(assertionXml, {
    prefix: 'ds',
    location: { reference: "/*/*[local-name(.)='Issuer' and namespace-uri(.)='urn:oasis:names:tc:SAML:2.0:assertion']", action: 'after' },
  });
  return sig.getSignedXml();
}
