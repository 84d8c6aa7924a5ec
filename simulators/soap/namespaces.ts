/**
 * Namespace URIs of the SOAP and XDS messages, with the prefixes ixh writes them with.
 * Parsing never relies on prefixes: every lookup is by (namespace URI, local name).
 */
export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  xop: 'http://www.w3.org/2004/08/xop/include',
  xmime: 'http://www.w3.org/2005/05/xmlmime',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  lcm: 'urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  /** XDS-I.b RAD-69 / RAD-75 (IHE RAD TF-3). */
  xdsi: 'urn:ihe:rad:xdsi-b:2009',
  hl7: 'urn:hl7-org:v3',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  /** ixh's own namespace for SOAP fault subcodes that no standard names (refused XML, bad MIME). */
  ixh: 'urn:ixh:soap-fault',
} as const;

/** `xmlns:p="uri"` attributes for the prefixes given, to put on a message's root element. */
export function declare(...prefixes: (keyof typeof NS)[]): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const p of prefixes) {
    if (p === 'xml' || p === 'xmlns') continue;
    attrs[`xmlns:${p}`] = NS[p];
  }
  return attrs;
}
