import { describe, expect, it } from 'vitest';
import { buildMtom } from './mtom.ts';
import { NS } from './namespaces.ts';
import { DEFAULT_XML_LIMITS } from './safe-xml.ts';
import { readSoapBody } from './soap-request.ts';

const envelope = (body: string): string =>
  `<env:Envelope xmlns:env="${NS.env}" xmlns:wsa="${NS.wsa}" xmlns:xop="${NS.xop}"><env:Header><wsa:Action>urn:a</wsa:Action><wsa:MessageID>urn:uuid:7</wsa:MessageID></env:Header><env:Body>${body}</env:Body></env:Envelope>`;
const part = (contentId: string) => ({ contentId, contentType: 'application/octet-stream', body: Buffer.from([1, 2, 3]) });

function readMtom(body: string, parts: ReturnType<typeof part>[]) {
  const packed = buildMtom(envelope(body), parts, 'urn:a');
  return readSoapBody(packed.body, packed.contentType, DEFAULT_XML_LIMITS, 'check');
}

describe("readSoapBody with xop: 'check': xop:Include references (XOP 1.0 §3, §4)", () => {
  it('accepts an MTOM package whose every xop:Include names one of its parts', () => {
    const read = readMtom('<d><xop:Include href="cid:doc%201@x"/></d>', [part('doc 1@x')]);
    expect(read.result.ok).toBe(true);
  });

  it('refuses a dangling xop:Include with ixh:MissingMimePart naming the Content-ID; keeps the envelope and the parts for evidence', () => {
    const read = readMtom('<d><a><xop:Include href="cid:present@x"/></a><b><xop:Include href="cid:missing@x"/></b></d>', [part('present@x')]);
    if (read.result.ok) throw new Error('accepted a dangling xop:Include');
    expect(read.result.fault).toMatchObject({ code: 'Sender', subcodes: [{ prefix: 'ixh', local: 'MissingMimePart' }] });
    expect(read.result.fault.reason).toMatch(/Content-ID <missing@x>, which is not a part of the MTOM package \(parts: <present@x>/);
    expect(read.result.wellFormed).toBe(true);
    expect(read.result.envelope?.addressing).toMatchObject({ action: 'urn:a', messageId: 'urn:uuid:7' });
    expect(read.mime?.parts.map((p) => p.contentId)).toEqual(['present@x']);
  });

  it('refuses an xop:Include whose href is not a cid: URL', () => {
    const read = readMtom('<d><xop:Include href="http://elsewhere/x"/></d>', [part('p@x')]);
    if (read.result.ok) throw new Error('accepted a non-cid xop:Include');
    expect(read.result.fault.reason).toMatch(/not a cid: URL/);
  });

  it('refuses any xop:Include in a plain SOAP message', () => {
    const read = readSoapBody(Buffer.from(envelope('<d><xop:Include href="cid:p@x"/></d>')), 'application/soap+xml; charset=UTF-8', DEFAULT_XML_LIMITS, 'check');
    if (read.result.ok) throw new Error('accepted xop:Include outside a package');
    expect(read.result.fault.subcodes).toEqual([{ prefix: 'ixh', local: 'MissingMimePart' }]);
    expect(read.result.fault.reason).toMatch(/plain SOAP message/);
  });
});

describe("readSoapBody with xop: 'to-handler' (the default, as answers are read)", () => {
  it('passes a dangling xop:Include on for the handler to answer in its transaction terms', () => {
    const packed = buildMtom(envelope('<d><xop:Include href="cid:missing@x"/></d>'), [part('present@x')], 'urn:a');
    expect(readSoapBody(packed.body, packed.contentType, DEFAULT_XML_LIMITS).result.ok).toBe(true);
  });
});
