/** Light `DatasetSink`s, `part10FileWriter` and `storeMany`, against DCMTK peers on loopback. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../peers/free-port.ts';
import { runTool, startTool, type RunningTool } from '../../peers/run-tool.ts';
import { associate } from './dimse-client.ts';
import { SopClass, TransferSyntax } from './dimse-constants.ts';
import { createDimseHost, type DimseHost } from './dimse-host.ts';
import type { DimseHandlers } from './host-handlers.ts';
import { supportedSyntaxes } from './negotiation.ts';
import { part10FileSink, part10FileWriter, readDatasetBytes } from './part10.ts';
import type { DatasetSink } from './sinks.ts';
import { writeCtFiles } from './test-ct-files.ts';
import { eventually, recordEvidence, waitForPort, type RecordedEvidence } from './test-recorder.ts';

const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
let dir: string;
let evidence: RecordedEvidence;
let host: DimseHost | undefined;
let storescp: RunningTool | undefined;

beforeEach(async () => {
  evidence = recordEvidence();
  dir = await mkdtemp(join(tmpdir(), 'ixh-sinks-'));
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await storescp?.stop();
  storescp = undefined;
  await rm(dir, { recursive: true, force: true });
});


async function startHost(handlers: DimseHandlers): Promise<DimseHost> {
  host = createDimseHost({ negotiate: supportedSyntaxes({ abstractSyntaxes: { [SopClass.CtImageStorage]: LE } }), handlers, observer: evidence.observer });
  await host.start();
  return host;
}

const storescu = (port: number, files: readonly string[]) => runTool('storescu', ['-aec', 'IXH', '127.0.0.1', String(port), ...files], { timeoutMs: 30_000 });

describe('DatasetSink (light sink) in the host', () => {
  it('receives byte-identical data sets, pausing the socket while a write promise is pending', async () => {
    const files = await writeCtFiles(dir, 3, { size: 256 });
    const received = new Map<string, Buffer>();
    let concurrentWrites = 0;
    let maxConcurrent = 0;
    await startHost({
      onStore(rq) {
        const parts: Buffer[] = [];
        const sink: DatasetSink = {
          async write(chunk) {
            const copy = Buffer.from(chunk); // the chunk may be reused after the call
            maxConcurrent = Math.max(maxConcurrent, ++concurrentWrites);
            await new Promise((r) => setTimeout(r, 1)); // a slow disk
            parts.push(copy);
            concurrentWrites--;
          },
          end: () => void received.set(rq.sopInstanceUid, Buffer.concat(parts)),
          destroy() {},
        };
        return { sink };
      },
    });
    const result = await storescu(host!.port, files.map((f) => f.path));
    expect(result.code, result.stderr).toBe(0);
    for (const f of files) expect(received.get(f.sopInstanceUid)?.equals(await readDatasetBytes(f.path))).toBe(true);
    expect(maxConcurrent).toBe(1);
    await eventually(() => expect(evidence.datasets).toHaveLength(3));
  });

  it('answers 0x0110 and records a harness error when a sink write throws; the sink is destroyed', async () => {
    const [file] = await writeCtFiles(dir, 1, { size: 128 });
    const destroyed: Error[] = [];
    await startHost({
      onStore: () => ({
        sink: {
          write() {
            throw new Error('disk on fire');
          },
          end() {},
          destroy: (err: Error) => void destroyed.push(err),
        },
      }),
    });
    await storescu(host!.port, [file!.path]);
    await eventually(() => expect(evidence.commands.find((c) => c.command === 'C-STORE-RSP')?.status).toBe(0x0110));
    expect(evidence.harnessErrors).toEqual([expect.objectContaining({ message: 'disk on fire' })]);
    expect(destroyed.map((e) => e.message)).toEqual(['disk on fire']);
  });

  it('part10FileWriter and part10FileSink write the same Part 10 file; the writer deletes a destroyed file', async () => {
    const files = await writeCtFiles(dir, 2, { size: 128 });
    const out = join(dir, 'out');
    await mkdir(out);
    await startHost({
      onStore(rq) {
        const meta = { sopClassUid: rq.sopClassUid, sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax };
        return { sink: part10FileWriter(join(out, `${rq.sopInstanceUid}.w.dcm`), meta) };
      },
    });
    expect((await storescu(host!.port, files.map((f) => f.path))).code).toBe(0);
    await host!.stop();
    await startHost({
      onStore(rq) {
        const meta = { sopClassUid: rq.sopClassUid, sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax };
        return { sink: part10FileSink(join(out, `${rq.sopInstanceUid}.s.dcm`), meta) };
      },
    });
    expect((await storescu(host!.port, files.map((f) => f.path))).code).toBe(0);
    await eventually(async () => expect(await readdir(out)).toHaveLength(4));
    for (const f of files) {
      const w = await readFile(join(out, `${f.sopInstanceUid}.w.dcm`));
      expect(w.equals(await readFile(join(out, `${f.sopInstanceUid}.s.dcm`)))).toBe(true);
      expect((await readDatasetBytes(join(out, `${f.sopInstanceUid}.w.dcm`))).equals(await readDatasetBytes(f.path))).toBe(true);
    }
    const partial = join(out, 'partial.dcm');
    const writer = part10FileWriter(partial, { sopClassUid: SopClass.CtImageStorage, sopInstanceUid: '1.2.3', transferSyntaxUid: TransferSyntax.ExplicitVrLittleEndian });
    await writer.write(Buffer.alloc(100));
    expect(existsSync(partial)).toBe(true);
    writer.destroy(new Error('aborted'));
    expect(existsSync(partial)).toBe(false);
  });
});

describe('storeMany', () => {
  it('sends every file in order with the same bytes as store(), and reports each result', async () => {
    const files = await writeCtFiles(dir, 4, { size: 128 });
    const out = join(dir, 'storescp');
    await mkdir(out);
    const port = await freePort();
    storescp = startTool('storescp', ['-aet', 'STORESCP', '-od', out, String(port)]);
    await waitForPort(port);
    const assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }], observer: evidence.observer });
    const seen: string[] = [];
    const results = await assoc.storeMany(files.map((f) => f.path), { onResult: (r) => seen.push(r.sopInstanceUid) });
    await assoc.release();
    expect(results.map((r) => [r.status, r.sopInstanceUid])).toEqual(files.map((f) => [0, f.sopInstanceUid]));
    expect(seen).toEqual(files.map((f) => f.sopInstanceUid));
    const written = await readdir(out);
    const want = await Promise.all(files.map((f) => readDatasetBytes(f.path)));
    const got = await Promise.all(written.map((w) => readDatasetBytes(join(out, w))));
    expect(got.map((g) => want.findIndex((w) => w.equals(g))).sort()).toEqual([0, 1, 2, 3]);
    expect(evidence.datasets.map((d) => [d.direction, d.path])).toEqual(files.map((f) => ['sent', f.path]));
  });

  it('rejects on a file that cannot be sent, after storing the ones before it', async () => {
    const files = await writeCtFiles(dir, 2, { size: 64 });
    const out = join(dir, 'storescp');
    await mkdir(out);
    const port = await freePort();
    storescp = startTool('storescp', ['-aet', 'STORESCP', '-od', out, String(port)]);
    await waitForPort(port);
    const assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }] });
    const stored: string[] = [];
    await expect(assoc.storeMany([files[0]!.path, join(dir, 'missing.dcm'), files[1]!.path], { onResult: (r) => stored.push(r.sopInstanceUid) })).rejects.toThrow(/missing\.dcm/);
    expect(stored).toEqual([files[0]!.sopInstanceUid]);
    await assoc.release();
  });
});
