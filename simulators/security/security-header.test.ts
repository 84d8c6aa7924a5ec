import { describe, expect, it } from 'vitest';
import { NS } from '../soap/namespaces.ts';
import { isRefusal } from './refusal.ts';
import { locateSecurityHeader } from './security-header.ts';

const A = (id: string, inner = '') => `<saml2:Assertion xmlns:saml2="${NS.saml}" ID="${id}">${inner}</saml2:Assertion>`;
const envelope = (header: string) => Buffer.from(`<env:Envelope xmlns:env="${NS.env}" xmlns:wsse="${NS.wsse}"><env:Header>${header}</env:Header><env:Body><x/></env:Body></env:Envelope>`);

function codeOf(raw: Uint8Array): string {
  const located = locateSecurityHeader(raw);
  return isRefusal(located) ? located.code : `ok:${located.assertions.length}`;
}

describe('locateSecurityHeader', () => {
  it('returns the direct assertion children of the single wsse:Security header', () => {
    expect(codeOf(envelope(`<wsse:Security>${A('_a')}${A('_b')}</wsse:Security>`))).toBe('ok:2');
  });

  it('refuses a DTD, a missing or doubled Security header, and bytes that are not UTF-8 XML', () => {
    expect(codeOf(Buffer.from(`<!DOCTYPE e [<!ENTITY x "y">]>${envelope('<wsse:Security/>').toString()}`))).toBe('wsse:InvalidSecurity');
    expect(codeOf(envelope(''))).toBe('wsse:InvalidSecurity');
    expect(codeOf(envelope('<wsse:Security/><wsse:Security/>'))).toBe('wsse:InvalidSecurity');
    expect(codeOf(Buffer.from([0x3c, 0xff, 0xfe]))).toBe('wsse:InvalidSecurity');
    expect(codeOf(Buffer.from('<env:Envelope'))).toBe('wsse:InvalidSecurity');
  });

  it('refuses an ID used twice anywhere in the envelope', () => {
    expect(codeOf(envelope(`<wsse:Security>${A('_a')}</wsse:Security><y xmlns="urn:y" ID="_a"/>`))).toBe('wsse:FailedCheck');
    expect(codeOf(envelope(`<wsse:Security>${A('_a')}</wsse:Security><y xmlns="urn:y" xmlns:wsu="${NS.wsu}" wsu:Id="_a"/>`))).toBe('wsse:FailedCheck');
  });

  it('refuses assertions outside wsse:Security or nested in another element', () => {
    expect(codeOf(envelope(`<wsse:Security>${A('_a')}</wsse:Security>${A('_b')}`))).toBe('wsse:InvalidSecurity');
    expect(codeOf(envelope(`<wsse:Security><w xmlns="urn:w">${A('_b')}</w></wsse:Security>`))).toBe('wsse:InvalidSecurity');
    expect(codeOf(envelope(`<wsse:Security>${A('_a', A('_b'))}</wsse:Security>`))).toBe('wsse:InvalidSecurity');
  });
});
