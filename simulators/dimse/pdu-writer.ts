/**
 * Encoders for the upper layer PDUs (PS3.8 §9.3). Control PDUs are small and built as one Buffer;
 * P-DATA-TF headers are built separately so payload slices can be written without copying.
 */
import {
  APPLICATION_CONTEXT,
  PduType,
  type AbortPdu,
  type AssociateAcPdu,
  type AssociateRjPdu,
  type AssociateRqPdu,
  type PdvHeader,
  type UserInformation,
} from './pdu-types.ts';

function item(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = type;
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([head, body]);
}

function uidItem(type: number, uid: string): Buffer {
  return item(type, Buffer.from(uid, 'ascii'));
}

function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head[0] = type;
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}

function aeField(ae: string): Buffer {
  // AE titles are 16 bytes, space padded (PS3.8 Table 9-11).
  return Buffer.from(ae.slice(0, 16).padEnd(16, ' '), 'ascii');
}

function fixedHeader(protocolVersion: number, calledAe: string, callingAe: string): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt16BE(protocolVersion, 0);
  return Buffer.concat([version, aeField(calledAe), aeField(callingAe), Buffer.alloc(32)]);
}

function userInfoItem(info: UserInformation): Buffer {
  const parts: Buffer[] = [];
  if (info.maxPduLength !== undefined) {
    const body = Buffer.alloc(4);
    body.writeUInt32BE(info.maxPduLength, 0);
    parts.push(item(0x51, body));
  }
  if (info.implementationClassUid) parts.push(uidItem(0x52, info.implementationClassUid));
  if (info.asyncOps) {
    const body = Buffer.alloc(4);
    body.writeUInt16BE(info.asyncOps.invoked, 0);
    body.writeUInt16BE(info.asyncOps.performed, 2);
    parts.push(item(0x53, body));
  }
  for (const role of info.roles ?? []) {
    const uid = Buffer.from(role.sopClassUid, 'ascii');
    const body = Buffer.alloc(4 + uid.length);
    body.writeUInt16BE(uid.length, 0);
    uid.copy(body, 2);
    body[2 + uid.length] = role.scuRole ? 1 : 0;
    body[3 + uid.length] = role.scpRole ? 1 : 0;
    parts.push(item(0x54, body));
  }
  if (info.implementationVersionName) parts.push(uidItem(0x55, info.implementationVersionName.slice(0, 16)));
  for (const raw of info.other ?? []) parts.push(item(raw.type, Buffer.from(raw.hex, 'hex')));
  return item(0x50, Buffer.concat(parts));
}

export function encodeAssociateRq(rq: Omit<AssociateRqPdu, 'type'>): Buffer {
  const contexts = rq.contexts.map((ctx) =>
    item(
      0x20,
      Buffer.concat([
        Buffer.from([ctx.id, 0, 0, 0]),
        uidItem(0x30, ctx.abstractSyntax),
        ...ctx.transferSyntaxes.map((ts) => uidItem(0x40, ts)),
      ]),
    ),
  );
  return pdu(
    PduType.AssociateRq,
    Buffer.concat([
      fixedHeader(rq.protocolVersion, rq.calledAe, rq.callingAe),
      uidItem(0x10, rq.applicationContext || APPLICATION_CONTEXT),
      ...contexts,
      userInfoItem(rq.userInfo),
    ]),
  );
}

export function encodeAssociateAc(ac: Omit<AssociateAcPdu, 'type'>): Buffer {
  const contexts = ac.contexts.map((ctx) =>
    // A rejected context still carries a transfer syntax sub-item; its value is not tested.
    item(0x21, Buffer.concat([Buffer.from([ctx.id, 0, ctx.result, 0]), uidItem(0x40, ctx.transferSyntax ?? '')])),
  );
  return pdu(
    PduType.AssociateAc,
    Buffer.concat([
      fixedHeader(ac.protocolVersion, ac.calledAe, ac.callingAe),
      uidItem(0x10, ac.applicationContext || APPLICATION_CONTEXT),
      ...contexts,
      userInfoItem(ac.userInfo),
    ]),
  );
}

export function encodeAssociateRj(rj: Omit<AssociateRjPdu, 'type'>): Buffer {
  return pdu(PduType.AssociateRj, Buffer.from([0, rj.result, rj.source, rj.reason]));
}

export function encodeReleaseRq(): Buffer {
  return pdu(PduType.ReleaseRq, Buffer.alloc(4));
}

export function encodeReleaseRp(): Buffer {
  return pdu(PduType.ReleaseRp, Buffer.alloc(4));
}

export function encodeAbort(abort: Omit<AbortPdu, 'type'>): Buffer {
  return pdu(PduType.Abort, Buffer.from([0, 0, abort.source, abort.reason]));
}

/** Bytes a P-DATA-TF PDU with one PDV adds in front of its payload. */
export const PDATA_OVERHEAD = 12;

/**
 * Header of a P-DATA-TF PDU that carries exactly one PDV of `dataLength` bytes. Written
 * before the payload slice so the payload itself is never copied.
 */
export function encodePdvHeader(header: PdvHeader, dataLength: number): Buffer {
  const head = Buffer.allocUnsafe(PDATA_OVERHEAD);
  head[0] = PduType.PData;
  head[1] = 0;
  head.writeUInt32BE(dataLength + 6, 2);
  head.writeUInt32BE(dataLength + 2, 6);
  head[10] = header.contextId;
  head[11] = (header.isCommand ? 0x01 : 0) | (header.isLast ? 0x02 : 0);
  return head;
}
