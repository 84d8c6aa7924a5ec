import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildMtom } from './mtom.ts';
import { NS } from './namespaces.ts';
import { buildEnvelope } from './soap-envelope.ts';
import { soapEndpoint } from './soap-endpoint.ts';
import { readAnswer, injectSoap } from './test-inject.ts';
import { element, resolveQName, textOf, type XmlElement } from './xml-tree.ts';
import { el } from './xml-write.ts';

const ECHO = 'urn:test:Echo';
const HEADER_ECHO = 'urn:test:HeaderEcho';
let app: FastifyInstance;
let evidence: EvidenceSink;

beforeEach(async () => {
  evidence = createEvidenceRecorder();
  app = Fastify();
  await app.register(
    soapEndpoint({
      actor: 'echo',
      evidence,
      limits: { maxMessageBytes: 64 * 1024, maxXmlBytes: 16 * 1024 },
      xopIncludes: 'check',
      operations: {
        [ECHO]: {
          transaction: 'TEST-1',
          responseAction: `${ECHO}Response`,
          handle: ({ envelope, attachments }) => {
            if (envelope.body.local === 'Boom') throw new Error('handler bug');
            return { body: el('t:Echoed', { 'xmlns:t': 'urn:test', parts: attachments.size }, textOf(envelope.body)), outcome: 'OK' };
          },
        },
        [HEADER_ECHO]: {
          transaction: 'TEST-2',
          responseAction: `${HEADER_ECHO}Response`,
          handle: (_request, context) => ({ body: el('t:Headers', { 'xmlns:t': 'urn:test', association: context.association }, String(context.headers['x-test-header'])) }),
        },
      },
    }),
    { prefix: '/echo' },
  );
});
afterEach(async () => {
  await app.close();
});

async function post(payload: string | Buffer, contentType = 'application/soap+xml; charset=UTF-8') {
  const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload });
  return { res, ...readAnswer(res.statusCode, String(res.headers['content-type']), res.rawPayload) };
}

function fault(body: XmlElement): { code: string; subcode: string; reason: string } {
  expect([body.ns, body.local]).toEqual([NS.env, 'Fault']);
  const code = element(body, NS.env, 'Code')!;
  const value = element(code, NS.env, 'Value')!;
  const sub = element(element(code, NS.env, 'Subcode') ?? code, NS.env, 'Value');
  const q = resolveQName(value, textOf(value))!;
  const s = sub && sub !== value ? resolveQName(sub, textOf(sub)) : undefined;
  expect(q.ns).toBe(NS.env);
  return { code: q.local, subcode: s ? `{${s.ns}}${s.local}` : '', reason: textOf(element(element(body, NS.env, 'Reason')!, NS.env, 'Text')) };
}

const request = (body: string, action = ECHO): string =>
  `<env:Envelope xmlns:env="${NS.env}" xmlns:wsa="${NS.wsa}"><env:Header><wsa:Action>${action}</wsa:Action><wsa:MessageID>urn:uuid:1</wsa:MessageID></env:Header><env:Body>${body}</env:Body></env:Envelope>`;

describe('SOAP endpoint', () => {
  it('answers with the response action, RelatesTo, and records both messages', async () => {
    const answer = await injectSoap(app, '/echo', ECHO, el('t:Say', { 'xmlns:t': 'urn:test' }, 'hello'));
    expect(answer.statusCode).toBe(200);
    expect(answer.contentType).toContain('application/soap+xml');
    expect(answer.envelope.addressing).toMatchObject({ action: `${ECHO}Response`, relatesTo: answer.messageId });
    expect(textOf(answer.envelope.body)).toBe('hello');
    await evidence.flush();
    expect(evidence.entries().map((e) => [e.transaction, e.direction, e.status, e.file.endsWith('.xml')])).toEqual([
      ['TEST-1', 'request', undefined, true],
      ['TEST-1', 'response', '200 OK', true],
    ]);
    expect(evidence.entries()[1]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('mirrors MTOM: an MTOM request gets an MTOM answer, attachments reach the handler', async () => {
    const packed = buildMtom(request('<t:Say xmlns:t="urn:test">x</t:Say>'), [{ contentId: 'a@t', contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2]) }], ECHO);
    const { statusCode, contentType, envelope } = await post(packed.body, packed.contentType);
    expect(statusCode).toBe(200);
    expect(contentType).toMatch(/^multipart\/related/);
    expect(envelope.body.attrs.find((a) => a.local === 'parts')?.value).toBe('1');
  });

  it('refuses a DOCTYPE (XXE) with a Sender fault and records the attempt', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${request('<t:Say xmlns:t="urn:test">&xxe;</t:Say>')}`;
    const { statusCode, envelope } = await post(xxe);
    expect(statusCode).toBe(400);
    expect(fault(envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}DoctypeRefused` });
    expect(JSON.stringify(envelope.body)).not.toContain('root:');
    await evidence.flush();
    expect(evidence.entries().map((e) => [e.direction, e.file.split('.').pop(), e.status])).toEqual([
      ['request', 'txt', undefined],
      ['response', 'xml', '400 Fault:Sender'],
    ]);
  });

  it('refuses malformed XML, a SOAP 1.1 envelope and a missing or unknown action', async () => {
    expect(fault((await post('<env:Envelope xmlns:env="x"><oops></env:Envelope>')).envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}XmlRefused` });
    expect(fault((await post(`<s:Envelope xmlns:s="${NS.soap11}"><s:Body/></s:Envelope>`, 'text/xml')).envelope.body).code).toBe('VersionMismatch');
    const noAction = `<env:Envelope xmlns:env="${NS.env}"><env:Body><x/></env:Body></env:Envelope>`;
    expect(fault((await post(noAction)).envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.wsa}}MessageAddressingHeaderRequired` });
    const unknown = await post(request('<x/>', 'urn:test:Other'));
    expect(fault(unknown.envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.wsa}}ActionNotSupported` });
    expect(unknown.envelope.addressing.relatesTo).toBe('urn:uuid:1');
  });

  it('refuses an XML part over its limit and a message over the body limit with faults, without hanging', async () => {
    const big = await post(request(`<t:Say xmlns:t="urn:test">${'x'.repeat(20 * 1024)}</t:Say>`));
    expect(fault(big.envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}MessageTooLarge` });
    const huge = await post(Buffer.alloc(100 * 1024, 0x20));
    expect(huge.statusCode).toBe(413);
    expect(fault(huge.envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}MessageTooLarge` });
    await evidence.flush();
    expect(evidence.entries().filter((e) => e.direction === 'response').map((e) => e.status)).toEqual(['400 Fault:Sender', '413 Fault:Sender']);
  });

  it('answers a MIME package with a missing closing boundary or a non-SOAP content type with faults', async () => {
    const r = await post(Buffer.from('--b\r\n\r\n<r/>'), 'multipart/related; type="application/xop+xml"; boundary=b');
    expect(fault(r.envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}MimeError` });
    const j = await post('{"a":1}', 'application/json');
    expect(fault(j.envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}UnsupportedMediaType` });
  });

  it('refuses an xop:Include naming a part the package lacks before the handler runs, and records request and parts', async () => {
    const body = `<t:Say xmlns:t="urn:test" xmlns:xop="${NS.xop}"><xop:Include href="cid:missing-part@t"/></t:Say>`;
    const packed = buildMtom(request(body), [{ contentId: 'present-part@t', contentType: 'application/octet-stream', body: Buffer.from('unrelated') }], ECHO);
    const { statusCode, envelope } = await post(packed.body, packed.contentType);
    expect(statusCode).toBe(400);
    expect(fault(envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}MissingMimePart`, reason: expect.stringContaining('<missing-part@t>') });
    // The envelope was readable, so the fault answers its MessageID.
    expect(envelope.addressing.relatesTo).toBe('urn:uuid:1');
    await evidence.flush();
    // Recorded under the operation's transaction: the root part, the MIME outline, the present part; then the fault.
    expect(evidence.entries().map((e) => [e.transaction, e.direction, e.file.split('.').pop(), e.status])).toEqual([
      ['TEST-1', 'request', 'xml', undefined],
      ['TEST-1', 'request', 'txt', undefined],
      ['TEST-1', 'request', 'bin', undefined],
      ['TEST-1', 'response', 'xml', '400 Fault:Sender'],
    ]);
  });

  it('leaves xop:Include to the handler by default (ITI-41 answers a dangling one with XDSMissingDocument)', async () => {
    const lenient = Fastify();
    await lenient.register(soapEndpoint({ actor: 'lenient', evidence: createEvidenceRecorder(), operations: { [ECHO]: { transaction: 'TEST-1', responseAction: `${ECHO}Response`, handle: ({ attachments }) => ({ body: el('t:Seen', { 'xmlns:t': 'urn:test', parts: attachments.size }) }) } } }));
    const packed = buildMtom(request(`<t:Say xmlns:t="urn:test" xmlns:xop="${NS.xop}"><xop:Include href="cid:missing-part@t"/></t:Say>`), [{ contentId: 'present-part@t', contentType: 'application/octet-stream', body: Buffer.from('x') }], ECHO);
    const res = await lenient.inject({ method: 'POST', url: '/', headers: { 'content-type': packed.contentType }, payload: packed.body });
    await lenient.close();
    expect(res.statusCode).toBe(200);
    expect(readAnswer(res.statusCode, String(res.headers['content-type']), res.rawPayload).envelope.body.local).toBe('Seen');
  });

  it('refuses an xop:Include in a plain SOAP message (no package to hold the part)', async () => {
    const { statusCode, envelope } = await post(request(`<t:Say xmlns:t="urn:test" xmlns:xop="${NS.xop}"><xop:Include href="cid:a@t"/></t:Say>`));
    expect(statusCode).toBe(400);
    expect(fault(envelope.body)).toMatchObject({ code: 'Sender', subcode: `{${NS.ixh}}MissingMimePart`, reason: expect.stringContaining('plain SOAP message') });
  });

  it('turns a handler bug into a Receiver fault and a harness-error record', async () => {
    const { statusCode, envelope } = await post(request('<t:Boom xmlns:t="urn:test"/>'));
    expect(statusCode).toBe(500);
    expect(fault(envelope.body)).toMatchObject({ code: 'Receiver', subcode: `{${NS.ixh}}HarnessError` });
    await evidence.flush();
    expect(evidence.entries().map((e) => e.transaction)).toContain('harness-error');
  });

  it('hands the handler the HTTP request headers with the evidence association', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/soap+xml; charset=UTF-8', 'X-Test-Header': 'seen' }, payload: request('<t:Say xmlns:t="urn:test"/>', HEADER_ECHO) });
    const { envelope } = readAnswer(res.statusCode, String(res.headers['content-type']), res.rawPayload);
    expect(textOf(envelope.body)).toBe('seen');
    expect(envelope.body.attrs.find((a) => a.local === 'association')?.value).toMatch(/^echo\//);
  });

  it('builds envelopes the reader accepts', () => {
    const xml = buildEnvelope({ action: 'urn:a', to: 'http://x', body: el('b'), isRequest: true });
    expect(xml).toContain('env:mustUnderstand="true"');
  });
});
