/**
 * A peer that sends garbage gets an A-ABORT or a closed connection, never a crash, a hang or a
 * harness error, and the PACS keeps serving. Seeded pseudo-random inputs of four shapes:
 * garbage instead of A-ASSOCIATE-RQ, a mutated A-ASSOCIATE-RQ, a valid one followed by a bogus
 * P-DATA-TF, and one followed by a PDU announcing 4 GiB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associate, SopClass, type HarnessErrorEvent } from '../dimse/index.ts';
import { encodeAssociateRq } from '../dimse/pdu-writer.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { createPacs, type Pacs } from './pacs.ts';

const INPUTS = 80;
let dir: string;
let pacs: Pacs;
const harnessErrors: HarnessErrorEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-pacs-fuzz-'));
  pacs = createPacs({ aeTitle: 'IXH_PACS', port: 0, storageDir: dir, observer: { onHarnessError: (e) => harnessErrors.push(e) } }, createEvidenceRecorder());
  await pacs.start();
});
afterAll(async () => {
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

const ASSOCIATE_RQ = encodeAssociateRq({
  protocolVersion: 1,
  calledAe: 'IXH_PACS',
  callingAe: 'FUZZ',
  applicationContext: '1.2.840.10008.3.1.1.1',
  contexts: [
    { id: 1, abstractSyntax: SopClass.CtImageStorage, transferSyntaxes: ['1.2.840.10008.1.2.1'] },
    { id: 3, abstractSyntax: '1.2.840.10008.5.1.4.1.2.2.1', transferSyntaxes: ['1.2.840.10008.1.2.1'] },
  ],
  userInfo: { maxPduLength: 16384, implementationClassUid: '2.25.1' },
});

function inputs(count: number): Buffer[] {
  let seed = 1;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const junk = (): Buffer => Buffer.from(Array.from({ length: Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
  return Array.from({ length: count }, (_, i) => {
    switch (i % 4) {
      case 0:
        return junk();
      case 1: {
        const mutated = Buffer.from(ASSOCIATE_RQ);
        for (let k = 0; k < 5; k++) mutated[Math.floor(rnd() * mutated.length)] = Math.floor(rnd() * 256);
        return mutated;
      }
      case 2: {
        const body = junk();
        return Buffer.concat([ASSOCIATE_RQ, Buffer.from([0x04, 0, 0, 0, 0, body.length + 6, 0, 0, 0, body.length + 2, 1, 0x03]), body]);
      }
      default:
        return Buffer.concat([ASSOCIATE_RQ, Buffer.from([0x04, 0, 0xff, 0xff, 0xff, 0xff])]);
    }
  });
}

/** Sends the bytes, half-closes after a moment, and resolves with how the connection ended. */
function send(bytes: Buffer, port: number): Promise<'closed' | 'hung'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('hung');
    }, 5_000);
    socket.on('error', () => undefined);
    socket.resume();
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('connect', () => {
      socket.write(bytes);
      setTimeout(() => socket.end(), 20);
    });
  });
}

describe('PACS under malformed input', () => {
  it(`closes every one of ${INPUTS} malformed connections promptly and keeps serving`, async () => {
    const outcomes: string[] = [];
    for (const bytes of inputs(INPUTS)) outcomes.push(await send(bytes, pacs.address.port));
    expect(outcomes.filter((o) => o === 'hung')).toEqual([]);
    expect(harnessErrors).toEqual([]);
    const a = await associate({ host: '127.0.0.1', port: pacs.address.port, callingAe: 'AFTER', calledAe: 'IXH_PACS', contexts: [{ abstractSyntax: SopClass.Verification }] });
    expect(await a.echo()).toBe(0);
    await a.release();
  }, 60_000);
});
