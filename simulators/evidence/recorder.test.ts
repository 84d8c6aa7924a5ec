import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forActor } from './evidence.ts';
import { createEvidenceRecorder, evidenceFileName } from './recorder.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-evidence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evidence recorder on disk', () => {
  it('writes one file per message named <seq>-<actor>-<transaction>-<direction>.<ext> and an index', async () => {
    const sink = createEvidenceRecorder({ dir });
    const pacs = forActor(sink, 'pacs');
    await pacs.record({ peer: 'SCU@127.0.0.1:1', transaction: 'A-ASSOCIATE', direction: 'request', format: 'json', body: { json: { calling: 'SCU' } } });
    await pacs.record({ peer: 'SCU@127.0.0.1:1', transaction: 'C-ECHO', direction: 'response', format: 'txt', body: 'ok', status: '0x0000', durationMs: 1.23456 });
    await sink.close();

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['000001-pacs-A-ASSOCIATE-request.json', '000002-pacs-C-ECHO-response.txt', 'index.json']);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { messages: Record<string, unknown>[] };
    expect(index.messages).toHaveLength(2);
    expect(index.messages[1]).toMatchObject({ seq: 2, actor: 'pacs', peer: 'SCU@127.0.0.1:1', transaction: 'C-ECHO', direction: 'response', status: '0x0000', bytes: 2, durationMs: 1.235 });
    expect(typeof index.messages[0]?.time).toBe('string');
    expect(JSON.parse(await readFile(join(dir, '000001-pacs-A-ASSOCIATE-request.json'), 'utf8'))).toEqual({ calling: 'SCU' });
  });

  it('keeps call order in the index even when later bodies finish writing first', async () => {
    const sink = createEvidenceRecorder({ dir });
    const big = new Uint8Array(4 * 1024 * 1024).fill(7);
    const first = sink.record({ actor: 'a', peer: 'p', transaction: 'C-STORE', direction: 'request', format: 'dcm', body: big });
    const second = sink.record({ actor: 'a', peer: 'p', transaction: 'C-STORE', direction: 'response', format: 'json', body: { json: {} } });
    await Promise.all([first, second]);
    await sink.flush();
    expect(sink.entries().map((e) => e.seq)).toEqual([1, 2]);
    expect((await sink.read(sink.entries()[0]!)).byteLength).toBe(big.byteLength);
  });

  it('links a file body instead of reading it, and the copy survives the source being replaced', async () => {
    const source = join(dir, 'received.dcm');
    await writeFile(source, 'DICM-bytes');
    const sink = createEvidenceRecorder({ dir: join(dir, 'evidence') });
    const entry = await sink.record({ actor: 'pacs', peer: 'p', transaction: 'C-STORE', direction: 'request', format: 'dcm', body: { file: source } });
    await writeFile(source + '.new', 'other');
    await rm(source);
    expect(entry?.bytes).toBe(10);
    expect(Buffer.from(await sink.read(entry!)).toString()).toBe('DICM-bytes');
    await sink.close();
  });

  it('reports a body it could not write instead of acknowledging it', async () => {
    const sink = createEvidenceRecorder({ dir });
    const entry = await sink.record({ actor: 'pacs', peer: 'p', transaction: 'C-STORE', direction: 'request', format: 'dcm', body: { file: join(dir, 'missing.dcm') } });
    expect(entry).toBeUndefined();
    expect(sink.entries()).toHaveLength(0);
    await expect(sink.close()).rejects.toThrow(/missing\.dcm|000001/);
  });
});

describe('evidence recorder in memory', () => {
  it('keeps bodies readable without a directory', async () => {
    const sink = createEvidenceRecorder();
    const entry = await sink.record({ actor: 'ncp-a', peer: 'ncp-b', transaction: 'ITI-55', direction: 'request', format: 'xml', body: '<x/>' });
    expect(Buffer.from(await sink.read(entry!)).toString()).toBe('<x/>');
    await sink.close();
  });

  it('sanitises actor and transaction names for file names', () => {
    expect(evidenceFileName(12, { actor: 'ncp/b', transaction: 'ITI 38', direction: 'request', format: 'xml' })).toBe('000012-ncp_b-ITI_38-request.xml');
  });
});
