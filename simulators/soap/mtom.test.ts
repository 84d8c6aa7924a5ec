import { describe, expect, it } from 'vitest';
import { buildMtom, cidFromHref, hrefForCid, MimeError, parseMediaType, parseMultipartRelated } from './mtom.ts';

const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--not-the-boundary\r\n\r\n'), Buffer.alloc(1 << 20, 0xab)]);

describe('MTOM', () => {
  it('parses quoted Content-Type parameters', () => {
    const m = parseMediaType('Multipart/Related; type="application/xop+xml"; boundary="a;b"; start="<root@x>"; action="urn:x"');
    expect(m).toEqual({ type: 'multipart/related', params: { type: 'application/xop+xml', boundary: 'a;b', start: '<root@x>', action: 'urn:x' } });
  });

  it('round-trips a root part and binary parts without copying them through text', () => {
    const built = buildMtom('<env:Envelope/>', [{ contentId: 'doc1@ixh', contentType: 'application/dicom', body: binary }, { contentId: 'doc 2@ixh', contentType: 'text/plain', body: Buffer.from('x') }], 'urn:a');
    const parsed = parseMultipartRelated(built.body, built.contentType);
    expect(parsed.root.body.toString()).toBe('<env:Envelope/>');
    expect(parsed.root.contentType).toContain('application/xop+xml');
    const part = parsed.attachments.get('doc1@ixh')!;
    expect(part.body.equals(binary)).toBe(true);
    expect(part.body.buffer).toBe(built.body.buffer); // a slice of the received buffer
    expect(parsed.attachments.get(cidFromHref(hrefForCid('doc 2@ixh'))!)!.body.toString()).toBe('x');
    expect(built.outline).toContain(`[${binary.byteLength} bytes]`);
  });

  it('finds the root by the start parameter and tolerates a preamble', () => {
    const body = Buffer.from('preamble\r\n--b\r\nContent-ID: <att>\r\n\r\nA\r\n--b\r\nContent-ID: <root>\r\nContent-Type: application/xop+xml\r\n\r\n<r/>\r\n--b--\r\n');
    const parsed = parseMultipartRelated(body, 'multipart/related; boundary=b; start="<root>"');
    expect(parsed.root.body.toString()).toBe('<r/>');
    expect([...parsed.attachments.keys()]).toEqual(['att']);
  });

  it('reports a missing closing boundary, a missing boundary parameter and base64 parts', () => {
    expect(() => parseMultipartRelated(Buffer.from('--b\r\n\r\n<r/>'), 'multipart/related; boundary=b')).toThrow(MimeError);
    expect(() => parseMultipartRelated(Buffer.from('--b\r\n\r\n<r/>\r\n--b--'), 'multipart/related')).toThrow(/boundary/);
    expect(() => parseMultipartRelated(Buffer.from('--b\r\nContent-Transfer-Encoding: base64\r\n\r\nAA==\r\n--b--'), 'multipart/related; boundary=b')).toThrow(/base64/);
  });
});
