import { describe, expect, it } from 'vitest';
import { createPduReader } from './pdu-reader.ts';
import { encodeAbort, encodeAssociateAc, encodeAssociateRj, encodeAssociateRq, encodePdvHeader, encodeReleaseRq } from './pdu-writer.ts';
import { AbortReason, APPLICATION_CONTEXT, type ControlPdu, type PduError, type PdvHeader } from './pdu-types.ts';

function collect(maxPDataLength = 0) {
  const controls: ControlPdu[] = [];
  const pdvs: { header: PdvHeader; data: Buffer; end: boolean }[] = [];
  const errors: PduError[] = [];
  const reader = createPduReader(
    { onControl: (p) => controls.push(p), onPdv: (header, data, end) => pdvs.push({ header, data: Buffer.from(data), end }), onError: (e) => errors.push(e) },
    { maxPDataLength },
  );
  return { reader, controls, pdvs, errors };
}

/** Feeds the bytes one at a time: the worst case for an incremental parser. */
function trickle(reader: { push(b: Buffer): void }, bytes: Buffer): void {
  for (let i = 0; i < bytes.length; i++) reader.push(bytes.subarray(i, i + 1));
}

const rq = {
  protocolVersion: 1,
  calledAe: 'ARCHIVE',
  callingAe: 'MODALITY',
  applicationContext: APPLICATION_CONTEXT,
  contexts: [
    { id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] },
    { id: 3, abstractSyntax: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxes: ['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.1'] },
  ],
  userInfo: {
    maxPduLength: 16384,
    implementationClassUid: '2.25.1',
    implementationVersionName: 'TEST',
    asyncOps: { invoked: 2, performed: 1 },
    roles: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scuRole: false, scpRole: true }],
    other: [{ type: 0x58, hex: '0100000474657374' }],
  },
};

describe('PDU codec', () => {
  it('round-trips A-ASSOCIATE-RQ even when fed byte by byte', () => {
    const { reader, controls, errors } = collect();
    trickle(reader, encodeAssociateRq(rq));
    expect(errors).toEqual([]);
    expect(controls).toEqual([{ type: 'associate-rq', ...rq }]);
  });

  it('round-trips A-ASSOCIATE-AC, -RJ, release and abort in one chunk', () => {
    const { reader, controls } = collect();
    const ac = {
      protocolVersion: 1,
      calledAe: 'ARCHIVE',
      callingAe: 'MODALITY',
      applicationContext: APPLICATION_CONTEXT,
      contexts: [
        { id: 1, result: 0, transferSyntax: '1.2.840.10008.1.2' },
        { id: 3, result: 3 },
      ],
      userInfo: { maxPduLength: 0, roles: [{ sopClassUid: '1.2.3', scuRole: true, scpRole: false }] },
    };
    reader.push(Buffer.concat([encodeAssociateAc(ac), encodeAssociateRj({ result: 1, source: 1, reason: 7 }), encodeReleaseRq(), encodeAbort({ source: 2, reason: 6 })]));
    expect(controls).toEqual([
      { type: 'associate-ac', ...ac },
      { type: 'associate-rj', result: 1, source: 1, reason: 7 },
      { type: 'release-rq' },
      { type: 'abort', source: 2, reason: 6 },
    ]);
  });

  it('hands P-DATA payload on as slices with command/last flags', () => {
    const { reader, pdvs } = collect();
    const data = Buffer.from('0123456789');
    const bytes = Buffer.concat([encodePdvHeader({ contextId: 3, isCommand: false, isLast: true }, data.length), data]);
    reader.push(bytes.subarray(0, 15));
    reader.push(bytes.subarray(15));
    expect(pdvs.map((p) => p.data.toString()).join('')).toBe('0123456789');
    expect(pdvs.at(-1)).toMatchObject({ header: { contextId: 3, isCommand: false, isLast: true }, end: true });
    expect(pdvs.slice(0, -1).every((p) => !p.end)).toBe(true);
  });

  it('splits several PDVs inside one P-DATA-TF', () => {
    const { reader, pdvs } = collect();
    const a = Buffer.from('abc');
    const b = Buffer.from('de');
    const body = Buffer.alloc(4 + 2 + 3 + 4 + 2 + 2);
    body.writeUInt32BE(5, 0);
    body[4] = 1;
    body[5] = 0x03;
    a.copy(body, 6);
    body.writeUInt32BE(4, 9);
    body[13] = 1;
    body[14] = 0x00;
    b.copy(body, 15);
    const head = Buffer.from([4, 0, 0, 0, 0, body.length]);
    reader.push(Buffer.concat([head, body]));
    expect(pdvs).toEqual([
      { header: { contextId: 1, isCommand: true, isLast: true }, data: a, end: true },
      { header: { contextId: 1, isCommand: false, isLast: false }, data: b, end: true },
    ]);
  });
});

describe('PDU reader on malformed input', () => {
  const cases: [string, Buffer, number, number][] = [
    ['unknown PDU type', Buffer.from([0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0]), AbortReason.UnrecognizedPdu, 0],
    ['oversized P-DATA-TF', Buffer.from([0x04, 0, 0, 0, 0x10, 0, 0, 0]), AbortReason.InvalidPduParameterValue, 1024],
    ['PDV longer than its PDU', Buffer.from([0x04, 0, 0, 0, 0, 8, 0, 0, 0, 40, 1, 0, 0, 0]), AbortReason.InvalidPduParameterValue, 0],
    ['huge control PDU', Buffer.from([0x01, 0, 0x7f, 0, 0, 0]), AbortReason.InvalidPduParameterValue, 0],
    ['short A-ASSOCIATE-RQ', Buffer.from([0x01, 0, 0, 0, 0, 4, 0, 1, 0, 0]), AbortReason.InvalidPduParameterValue, 0],
    ['A-ABORT with wrong length', Buffer.from([0x07, 0, 0, 0, 0, 2, 0, 0]), AbortReason.InvalidPduParameterValue, 0],
  ];
  it.each(cases)('%s → typed error with abort reason', (_name, bytes, reason, maxPDataLength) => {
    const { reader, errors, controls } = collect(maxPDataLength);
    reader.push(bytes);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'PduError', abortReason: reason });
    expect(controls).toEqual([]);
    reader.push(encodeReleaseRq());
    expect(controls).toEqual([]); // a failed reader ignores everything after
  });

  it('rejects a presentation context item overrunning the A-ASSOCIATE-RQ', () => {
    const good = encodeAssociateRq(rq);
    const bad = Buffer.from(good);
    // First presentation context item header sits after the 6+68 fixed bytes and the application context item.
    const ctxOffset = 6 + 68 + 4 + APPLICATION_CONTEXT.length;
    expect(bad[ctxOffset]).toBe(0x20);
    bad.writeUInt16BE(0xfff0, ctxOffset + 2);
    const { reader, errors } = collect();
    reader.push(bad);
    expect(errors[0]?.abortReason).toBe(AbortReason.InvalidPduParameterValue);
  });
});
