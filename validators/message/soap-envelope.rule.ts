/**
 * SOAP envelope structure. Base SOAP (1.1 or 1.2) asks for one Body after an optional Header; the
 * IHE web-services binding that XCA-I, XDS-I.b/MADO and eHDSI all ride on adds SOAP 1.2,
 * WS-Addressing Action and MessageID, and exactly one element in the Body.
 */
import { NS } from '../../simulators/soap/namespaces.ts';
import { clark, element, elements, textOf, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';

/** The Envelope element (SOAP 1.1 or 1.2). */
export type SoapSubject = XmlElement;

export const soapEnvelopeStructure: Rule<SoapSubject> = {
  id: 'message.soap.envelope-structure',
  title: 'A SOAP Envelope holds an optional Header followed by exactly one Body, and nothing else',
  severity: 'error',
  requirements: ['GEN-01'],
  specRef: 'SOAP 1.2 Part 1 §5.1; SOAP 1.1 §4.1.1',
  *check(envelope) {
    const ns = envelope.ns;
    const children = elements(envelope);
    const names = children.map((c) => (c.ns === ns ? c.local : clark(c)));
    const bodies = names.filter((n) => n === 'Body').length;
    if (bodies !== 1) yield { path: '/Envelope', message: `Envelope must hold exactly one Body, found ${bodies}`, expected: '1 Body', actual: String(bodies) };
    const expectedOrder = names[0] === 'Header' ? ['Header', 'Body'] : ['Body'];
    if (bodies === 1 && names.join(',') !== expectedOrder.join(',')) {
      yield { path: '/Envelope', message: 'Envelope children must be [Header] Body', expected: '[Header], Body', actual: names.join(', ') };
    }
  },
};

export const soapIheBinding: Rule<SoapSubject> = {
  id: 'message.soap.ihe-binding',
  title: 'IHE web services: SOAP 1.2, WS-Addressing Action and MessageID headers, one element in the Body',
  severity: 'error',
  requirements: ['GEN-01', 'GEN-13'],
  specRef: 'IHE ITI TF-2 Appendix V §V.3.1-V.3.2',
  profiles: ['xca-i', 'ehdsi-orcd', 'mado'],
  *check(envelope) {
    if (envelope.ns !== NS.env) {
      yield { path: '/Envelope', message: 'IHE transactions use SOAP 1.2', expected: NS.env, actual: envelope.ns || '(no namespace)' };
      return;
    }
    const header = element(envelope, NS.env, 'Header');
    for (const local of ['Action', 'MessageID']) {
      const found = header ? elements(header, NS.wsa, local) : [];
      if (found.length !== 1 || textOf(found[0]).trim() === '') {
        yield { path: `/Envelope/Header/wsa:${local}`, message: `exactly one non-empty wsa:${local} header is required`, expected: '1', actual: String(found.length) };
      }
    }
    const body = element(envelope, NS.env, 'Body');
    const content = body ? elements(body) : [];
    if (body && content.length !== 1) yield { path: '/Envelope/Body', message: `Body must hold exactly one element, found ${content.length}`, expected: '1', actual: String(content.length) };
  },
};

export const soapRules: readonly Rule<SoapSubject>[] = [soapEnvelopeStructure, soapIheBinding];

/** The single element of the Body, whichever SOAP version; undefined when there is not exactly one. */
export function soapBodyContent(envelope: XmlElement): XmlElement | undefined {
  const body = element(envelope, envelope.ns, 'Body');
  const content = body ? elements(body) : [];
  return content.length === 1 ? content[0] : undefined;
}

/** SAML assertions carried in the WS-Security header. */
export function soapHeaderAssertions(envelope: XmlElement): XmlElement[] {
  const header = element(envelope, envelope.ns, 'Header');
  const security = header ? elements(header, NS.wsse, 'Security') : [];
  return security.flatMap((s) => elements(s, NS.saml, 'Assertion'));
}
