/** For tests: a real evidence directory written by the recorder (XML, DICOM bytes, JSON, text) plus a run record. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forActor } from './evidence.ts';
import { createEvidenceRecorder } from './recorder.ts';

/** Names of the recorded message files, in seq order. */
export const MESSAGE_FILES = [
  '000001-ncp-b-ITI-55-request.xml',
  '000002-ncp-a-ITI-55-response.xml',
  '000003-pacs-C-STORE-request.dcm',
  '000004-pacs-C-STORE-response.json',
  '000005-pacs-C-STORE-request.dcm',
  '000006-pacs-harness-note-response.txt',
] as const;

export async function writeTestEvidence(dir: string): Promise<void> {
  const sink = createEvidenceRecorder({ dir, indexDelayMs: 0 });
  const ncpB = forActor(sink, 'ncp-b');
  const ncpA = forActor(sink, 'ncp-a');
  const pacs = forActor(sink, 'pacs');
  await ncpB.record({ peer: 'ncp-a', transaction: 'ITI-55', direction: 'request', format: 'xml', body: '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>query</env:Body></env:Envelope>' });
  await ncpA.record({ peer: 'ncp-b', transaction: 'ITI-55', direction: 'response', format: 'xml', body: '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>answer</env:Body></env:Envelope>' });
  await pacs.record({ peer: 'SCU@127.0.0.1:1', transaction: 'C-STORE', direction: 'request', format: 'dcm', body: dicomLike(1) });
  await pacs.record({ peer: 'SCU@127.0.0.1:1', transaction: 'C-STORE', direction: 'response', format: 'json', body: { json: { status: '0x0000' } } });
  await pacs.record({ peer: 'SCU@127.0.0.1:1', transaction: 'C-STORE', direction: 'request', format: 'dcm', body: dicomLike(2) });
  await pacs.record({ peer: '-', transaction: 'harness-note', direction: 'response', format: 'txt', body: 'all stored' });
  await sink.close();
  await writeFile(join(dir, 'runs.json'), '{"profile":"xca-i","runs":[]}\n');
}

/** 128-byte preamble, "DICM", then bytes that differ per instance. */
function dicomLike(n: number): Uint8Array {
  const bytes = new Uint8Array(2048).fill(n);
  bytes.fill(0, 0, 128);
  bytes.set(Buffer.from('DICM'), 128);
  return bytes;
}
