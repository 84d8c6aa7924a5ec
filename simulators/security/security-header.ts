/**
 * Finds the SAML assertions of a received envelope, in the bytes as received, and refuses the
 * shapes that signature-wrapping attacks rely on before any signature is looked at:
 * a DTD (entities could rewrite what is signed), more than one wsse:Security header, an ID value
 * used twice in the document, and any saml2:Assertion that is not a direct child of the
 * wsse:Security header (a signed assertion moved into a wrapper or into another assertion).
 */
import { DOMParser, onErrorStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { NS } from '../soap/namespaces.ts';
import { Subcode } from '../soap/soap-fault.ts';
import { fault, type Refusal } from './refusal.ts';

export interface SecurityHeader {
  /** The envelope as text: what the signatures are checked against. */
  readonly xml: string;
  readonly security: Element;
  /** Direct saml2:Assertion children of wsse:Security, in document order. */
  readonly assertions: readonly Element[];
}

const DTD = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function locateSecurityHeader(raw: Uint8Array): SecurityHeader | Refusal {
  let xml: string;
  try {
    xml = utf8.decode(raw);
  } catch {
    return fault(Subcode.invalidSecurity, 'envelope is not valid UTF-8');
  }
  if (DTD.test(xml)) return fault(Subcode.invalidSecurity, 'envelope carries a DOCTYPE or entity declaration; refused before reading the security header');
  let doc: Document;
  try {
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (err) {
    return fault(Subcode.invalidSecurity, `envelope cannot be parsed: ${(err as Error).message}`);
  }
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.env || root.localName !== 'Envelope') return fault(Subcode.invalidSecurity, 'document is not a SOAP 1.2 envelope');
  const header = childElements(root, NS.env, 'Header')[0];
  const securities = header ? childElements(header, NS.wsse, 'Security') : [];
  if (securities.length === 0) return fault(Subcode.invalidSecurity, 'no wsse:Security header: eHDSI requires WS-Security with SAML assertions');
  if (securities.length > 1) return fault(Subcode.invalidSecurity, `${securities.length} wsse:Security headers; exactly one is accepted`);
  const security = securities[0]!;

  const duplicate = firstDuplicateId(doc);
  if (duplicate !== undefined) return fault(Subcode.failedCheck, `ID "${duplicate}" occurs more than once in the envelope (signature wrapping refused)`);

  const assertions = childElements(security, NS.saml, 'Assertion');
  const all = Array.from(doc.getElementsByTagNameNS(NS.saml, 'Assertion'));
  if (all.length !== assertions.length) {
    return fault(Subcode.invalidSecurity, `${all.length - assertions.length} saml2:Assertion element(s) outside the wsse:Security header or nested in another element (signature wrapping refused)`);
  }
  return { xml, security, assertions };
}

export function childElements(parent: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== n.ELEMENT_NODE) continue;
    const e = n as Element;
    if (e.namespaceURI === ns && e.localName === local) out.push(e);
  }
  return out;
}

/** Attributes that name an element for a same-document reference (XML-DSig, SAML, WS-Security). */
function isIdAttribute(name: { localName: string | null; namespaceURI: string | null }): boolean {
  if (name.namespaceURI === NS.wsu) return name.localName === 'Id';
  return name.namespaceURI === null && (name.localName === 'ID' || name.localName === 'Id' || name.localName === 'id' || name.localName === 'AssertionID');
}

function firstDuplicateId(doc: Document): string | undefined {
  const seen = new Set<string>();
  const elements = doc.getElementsByTagName('*');
  for (let i = 0; i < elements.length; i++) {
    const attrs = elements.item(i)!.attributes;
    for (let j = 0; j < attrs.length; j++) {
      const a = attrs.item(j)!;
      if (!isIdAttribute(a)) continue;
      if (seen.has(a.value)) return a.value;
      seen.add(a.value);
    }
  }
  return undefined;
}
