/**
 * Decoders for the small control PDUs (everything but P-DATA-TF). Each takes the PDU body
 * (after the 6-byte header) and throws PduError with the A-ABORT reason on malformed input.
 */
import {
  AbortReason,
  PduError,
  PduType,
  type AcceptedContextItem,
  type ControlPdu,
  type ProposedContext,
  type RawItem,
  type RoleSelection,
  type UserInformation,
} from './pdu-types.ts';

interface Item {
  readonly type: number;
  readonly body: Buffer;
}

function invalid(message: string): PduError {
  return new PduError(message, AbortReason.InvalidPduParameterValue);
}

/** Splits a variable-items field into items, refusing any item that runs past its container. */
function items(buf: Buffer, where: string): Item[] {
  const out: Item[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 4 > buf.length) throw invalid(`${where}: truncated item header at ${offset}`);
    const type = buf[offset]!;
    const length = buf.readUInt16BE(offset + 2);
    const end = offset + 4 + length;
    if (end > buf.length) throw invalid(`${where}: item 0x${type.toString(16)} length ${length} overruns its container`);
    out.push({ type, body: buf.subarray(offset + 4, end) });
    offset = end;
  }
  return out;
}

/** UIDs and AE titles may carry trailing NUL or space padding; evidence wants the value. */
function text(buf: Buffer): string {
  return buf.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

function decodeUserInfo(body: Buffer): UserInformation {
  let maxPduLength: number | undefined;
  let implementationClassUid: string | undefined;
  let implementationVersionName: string | undefined;
  let asyncOps: UserInformation['asyncOps'];
  const roles: RoleSelection[] = [];
  const other: RawItem[] = [];
  for (const sub of items(body, 'user information')) {
    if (sub.type === 0x51) {
      if (sub.body.length !== 4) throw invalid('maximum length sub-item must be 4 bytes');
      maxPduLength = sub.body.readUInt32BE(0);
    } else if (sub.type === 0x52) implementationClassUid = text(sub.body);
    else if (sub.type === 0x55) implementationVersionName = text(sub.body);
    else if (sub.type === 0x53) {
      if (sub.body.length !== 4) throw invalid('asynchronous operations window sub-item must be 4 bytes');
      asyncOps = { invoked: sub.body.readUInt16BE(0), performed: sub.body.readUInt16BE(2) };
    } else if (sub.type === 0x54) {
      const uidLength = sub.body.length >= 2 ? sub.body.readUInt16BE(0) : -1;
      if (uidLength < 0 || sub.body.length !== uidLength + 4) throw invalid('malformed role selection sub-item');
      roles.push({
        sopClassUid: text(sub.body.subarray(2, 2 + uidLength)),
        scuRole: sub.body[2 + uidLength] === 1,
        scpRole: sub.body[3 + uidLength] === 1,
      });
    } else other.push({ type: sub.type, hex: sub.body.toString('hex') });
  }
  return {
    ...(maxPduLength !== undefined && { maxPduLength }),
    ...(implementationClassUid !== undefined && { implementationClassUid }),
    ...(implementationVersionName !== undefined && { implementationVersionName }),
    ...(asyncOps && { asyncOps }),
    ...(roles.length > 0 && { roles }),
    ...(other.length > 0 && { other }),
  };
}

function decodeProposedContext(body: Buffer): ProposedContext {
  if (body.length < 4) throw invalid('presentation context item too short');
  const id = body[0]!;
  if (id % 2 === 0) throw invalid(`presentation context id ${id} is not odd`);
  let abstractSyntax: string | undefined;
  const transferSyntaxes: string[] = [];
  for (const sub of items(body.subarray(4), `presentation context ${id}`)) {
    if (sub.type === 0x30) abstractSyntax = text(sub.body);
    else if (sub.type === 0x40) transferSyntaxes.push(text(sub.body));
  }
  if (!abstractSyntax) throw invalid(`presentation context ${id} has no abstract syntax`);
  if (transferSyntaxes.length === 0) throw invalid(`presentation context ${id} has no transfer syntax`);
  return { id, abstractSyntax, transferSyntaxes };
}

function decodeAcceptedContext(body: Buffer): AcceptedContextItem {
  if (body.length < 4) throw invalid('presentation context item too short');
  const id = body[0]!;
  const result = body[2]!;
  const ts = items(body.subarray(4), `presentation context ${id}`).find((sub) => sub.type === 0x40);
  return { id, result, ...(ts && result === 0 && { transferSyntax: text(ts.body) }) };
}

function decodeAssociate(type: number, body: Buffer): ControlPdu {
  if (body.length < 68) throw invalid(`A-ASSOCIATE body of ${body.length} bytes is shorter than its fixed fields`);
  const protocolVersion = body.readUInt16BE(0);
  const calledAe = text(body.subarray(4, 20));
  const callingAe = text(body.subarray(20, 36));
  let applicationContext = '';
  let userInfo: UserInformation = {};
  const proposed: ProposedContext[] = [];
  const accepted: AcceptedContextItem[] = [];
  for (const it of items(body.subarray(68), 'A-ASSOCIATE')) {
    if (it.type === 0x10) applicationContext = text(it.body);
    else if (it.type === 0x20 && type === PduType.AssociateRq) proposed.push(decodeProposedContext(it.body));
    else if (it.type === 0x21 && type === PduType.AssociateAc) accepted.push(decodeAcceptedContext(it.body));
    else if (it.type === 0x50) userInfo = decodeUserInfo(it.body);
    else throw new PduError(`unexpected item 0x${it.type.toString(16)} in A-ASSOCIATE`, AbortReason.UnexpectedPduParameter);
  }
  if (!applicationContext) throw invalid('A-ASSOCIATE without application context item');
  if (type === PduType.AssociateRq) {
    return { type: 'associate-rq', protocolVersion, calledAe, callingAe, applicationContext, contexts: proposed, userInfo };
  }
  return { type: 'associate-ac', protocolVersion, calledAe, callingAe, applicationContext, contexts: accepted, userInfo };
}

function fixed4(body: Buffer, name: string): Buffer {
  if (body.length !== 4) throw invalid(`${name} body must be 4 bytes, got ${body.length}`);
  return body;
}

export function decodeControlPdu(type: number, body: Buffer): ControlPdu {
  switch (type) {
    case PduType.AssociateRq:
    case PduType.AssociateAc:
      return decodeAssociate(type, body);
    case PduType.AssociateRj: {
      const b = fixed4(body, 'A-ASSOCIATE-RJ');
      return { type: 'associate-rj', result: b[1]!, source: b[2]!, reason: b[3]! };
    }
    case PduType.ReleaseRq:
      fixed4(body, 'A-RELEASE-RQ');
      return { type: 'release-rq' };
    case PduType.ReleaseRp:
      fixed4(body, 'A-RELEASE-RP');
      return { type: 'release-rp' };
    case PduType.Abort: {
      const b = fixed4(body, 'A-ABORT');
      return { type: 'abort', source: b[2]!, reason: b[3]! };
    }
    default:
      throw new PduError(`unrecognized PDU type 0x${type.toString(16)}`, AbortReason.UnrecognizedPdu);
  }
}
