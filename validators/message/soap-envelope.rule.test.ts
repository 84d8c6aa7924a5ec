import { describe, expect, it } from 'vitest';
import { NS } from '../../simulators/soap/namespaces.ts';
import { soapBodyContent, soapEnvelopeStructure, soapHeaderAssertions, soapIheBinding } from './soap-envelope.rule.ts';
import { findings, xml } from './test-xml.ts';

const env = (header: string, body: string, ns: string = NS.env) =>
  xml(`<e:Envelope xmlns:e="${ns}" xmlns:a="${NS.wsa}">${header}${body}</e:Envelope>`);
const HEADER = '<e:Header><a:Action>urn:ihe:iti:2007:CrossGatewayQuery</a:Action><a:MessageID>urn:uuid:1</a:MessageID></e:Header>';
const BODY = '<e:Body><q:AdhocQueryRequest xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0"/></e:Body>';

describe('message.soap.envelope-structure', () => {
  it.each([
    ['Header then Body', env(HEADER, BODY)],
    ['Body alone', env('', BODY)],
    ['SOAP 1.1', env('', BODY, NS.soap11)],
  ])('passes: %s', (_, e) => expect(findings(soapEnvelopeStructure, e)).toEqual([]));

  it.each([
    ['no Body', env(HEADER, ''), '/Envelope'],
    ['two Bodies', env('', BODY + BODY), '/Envelope'],
    ['Body before Header', env('', BODY + HEADER.replace('<e:Header>', '<e:Header>')), '/Envelope'],
  ])('fails: %s', (_, e, path) => expect(findings(soapEnvelopeStructure, e)).toEqual([expect.objectContaining({ path })]));
});

describe('message.soap.ihe-binding', () => {
  it('passes a SOAP 1.2 envelope with Action, MessageID and one body element', () => {
    expect(findings(soapIheBinding, env(HEADER, BODY))).toEqual([]);
  });
  it.each([
    ['SOAP 1.1', env(HEADER, BODY, NS.soap11), ['/Envelope']],
    ['no addressing headers', env('', BODY), ['/Envelope/Header/wsa:Action', '/Envelope/Header/wsa:MessageID']],
    ['empty Body', env(HEADER, '<e:Body/>'), ['/Envelope/Body']],
  ])('fails: %s', (_, e, paths) => expect(findings(soapIheBinding, e).map((f) => f.path)).toEqual(paths));
});

describe('envelope helpers', () => {
  it('finds the body element and the SAML assertions of the security header', () => {
    const e = xml(
      `<e:Envelope xmlns:e="${NS.env}"><e:Header><s:Security xmlns:s="${NS.wsse}"><saml:Assertion xmlns:saml="${NS.saml}" ID="a1"/></s:Security></e:Header>${BODY}</e:Envelope>`,
    );
    expect(soapBodyContent(e)?.local).toBe('AdhocQueryRequest');
    expect(soapHeaderAssertions(e).map((a) => a.local)).toEqual(['Assertion']);
    expect(soapBodyContent(env(HEADER, '<e:Body/>'))).toBeUndefined();
  });
});
