/**
 * Messages reach the DIMSE user in the order they arrived on the wire, even when an earlier
 * message's data set finishes writing later than a following message without one.
 * The peer here is a raw socket that writes several messages in one TCP write.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCommandSet, encodeCommandSet } from './command-set.ts';
import { encodeIdentifier } from './dataset-codec.ts';
import { QUERY_MODELS, SopClass, TransferSyntax } from './dimse-constants.ts';
import { associate } from './dimse-client.ts';
import { encodeAssociateAc, encodePdvHeader } from './pdu-writer.ts';

const EXPLICIT = TransferSyntax.ExplicitVrLittleEndian;
const pdv = (contextId: number, isCommand: boolean, data: Buffer): Buffer =>
  Buffer.concat([encodePdvHeader({ contextId, isCommand, isLast: true }, data.length), data]);

let server: Server | undefined;
afterEach(() => server?.close());

/** A peer that accepts every proposed context (SCP role too) and answers each request with `reply`. */
async function fakePeer(reply: (request: ReturnType<typeof decodeCommandSet>, socket: Socket) => void): Promise<number> {
  server = createServer((socket) => {
    let associated = false;
    socket.on('data', (chunk: Buffer) => {
      if (!associated) {
        associated = true;
        socket.write(
          encodeAssociateAc({
            protocolVersion: 1,
            calledAe: 'PEER',
            callingAe: 'SCU',
            applicationContext: '1.2.840.10008.3.1.1.1',
            contexts: [1, 3].map((id) => ({ id, result: 0, transferSyntax: EXPLICIT })),
            userInfo: { maxPduLength: 65536, implementationClassUid: '2.25.1', roles: [{ sopClassUid: SopClass.CtImageStorage, scuRole: false, scpRole: true }] },
          }),
        );
        return;
      }
      if (chunk[0] === 0x04 && (chunk[11]! & 1) && (chunk[11]! & 2)) reply(decodeCommandSet(chunk.subarray(12, 6 + chunk.readUInt32BE(2))), socket);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as { port: number }).port;
}

describe('message order', () => {
  it('a pending C-FIND-RSP with its identifier comes before the final one written in the same packet', async () => {
    const port = await fakePeer((rq, socket) => {
      if (rq.CommandField !== 0x0020) return;
      const base = { CommandField: 0x8020, AffectedSOPClassUID: QUERY_MODELS.STUDY.find, MessageIDBeingRespondedTo: rq.MessageID! };
      socket.write(
        Buffer.concat([
          pdv(1, true, encodeCommandSet({ ...base, CommandDataSetType: 0x0000, Status: 0xff00 })),
          pdv(1, false, encodeIdentifier({ QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '1.2.3' }, EXPLICIT)),
          pdv(1, true, encodeCommandSet({ ...base, CommandDataSetType: 0x0101, Status: 0x0000 })),
        ]),
      );
    });
    const a = await associate({ host: '127.0.0.1', port, callingAe: 'SCU', calledAe: 'PEER', contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.find, transferSyntaxes: [EXPLICIT] }] });
    const find = a.find('STUDY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '' });
    const matches: unknown[] = [];
    for await (const match of find) matches.push(match);
    expect((await find.done).status).toBe(0);
    expect(matches).toEqual([expect.objectContaining({ StudyInstanceUID: '1.2.3' })]);
    a.abort();
  });

  it('a C-GET final response does not overtake the C-STORE sub-operation whose sink is still finishing', async () => {
    const port = await fakePeer((rq, socket) => {
      if (rq.CommandField !== 0x0010) return;
      // A hasty peer: sends the sub-operation and the final response without awaiting the C-STORE-RSP.
      socket.write(
        Buffer.concat([
          pdv(3, true, encodeCommandSet({ CommandField: 0x0001, AffectedSOPClassUID: SopClass.CtImageStorage, AffectedSOPInstanceUID: '1.2.3.4', MessageID: 7, Priority: 0, CommandDataSetType: 0x0000 })),
          pdv(3, false, Buffer.alloc(64, 1)),
          pdv(1, true, encodeCommandSet({ CommandField: 0x8010, AffectedSOPClassUID: QUERY_MODELS.STUDY.get, MessageIDBeingRespondedTo: rq.MessageID!, CommandDataSetType: 0x0101, Status: 0, NumberOfCompletedSuboperations: 1, NumberOfFailedSuboperations: 0, NumberOfWarningSuboperations: 0 })),
        ]),
      );
    });
    const a = await associate({
      host: '127.0.0.1',
      port,
      callingAe: 'SCU',
      calledAe: 'PEER',
      contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.get, transferSyntaxes: [EXPLICIT] }, { abstractSyntax: SopClass.CtImageStorage, transferSyntaxes: [EXPLICIT] }],
      roles: [{ sopClassUid: SopClass.CtImageStorage, scuRole: false, scpRole: true }],
    });
    const events: string[] = [];
    const get = a.get('STUDY', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '1.2.3' }, () => ({
      sink: {
        write() {},
        end: () => new Promise<void>((resolve) => setTimeout(() => (events.push('store sink ended'), resolve()), 30)),
        destroy() {},
      },
    }));
    await get.done.then(() => events.push('C-GET done'));
    expect(events).toEqual(['store sink ended', 'C-GET done']);
    a.abort();
  });
});
