import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import { associate, QUERY_MODELS, SopClass } from '../dimse/index.ts';
import { readDatasetBytes, readPart10Info } from '../dimse/part10.ts';
import { writeCtFiles } from '../dimse/test-ct-files.ts';
import { eventually } from '../dimse/test-recorder.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { parseFault } from '../pacs/behaviour.ts';
import { createStorageScp } from './storage-scp.ts';

let dir: string;
let files: { path: string; sopInstanceUid: string }[];
const running: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-storage-scp-'));
  await mkdir(join(dir, 'in'));
  files = await writeCtFiles(join(dir, 'in'), 3);
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(faults: string[] = []) {
  const evidence = createEvidenceRecorder();
  const scp = createStorageScp({ aeTitle: 'IXH_STORE', port: 0, outDir: join(dir, 'out'), behaviour: { faults: faults.map(parseFault) } }, evidence);
  await scp.start();
  running.push(scp);
  return { scp, evidence };
}

describe('Storage SCP', () => {
  it('writes what DCMTK storescu sends as Part 10 files named by SOP Instance UID, data set bytes unchanged', async () => {
    const { scp, evidence } = await start();
    const result = await runTool('storescu', ['-aec', 'IXH_STORE', '127.0.0.1', String(scp.address.port), ...files.map((f) => f.path)]);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(files.map((f) => `${f.sopInstanceUid}.dcm`).sort());
    for (const file of files) {
      const sent = await readPart10Info(file.path);
      const written = join(dir, 'out', `${file.sopInstanceUid}.dcm`);
      const received = await readPart10Info(written);
      expect(received).toMatchObject({ sopClassUid: SopClass.CtImageStorage, sopInstanceUid: file.sopInstanceUid, transferSyntaxUid: sent.transferSyntaxUid });
      expect((await readDatasetBytes(written)).equals(await readDatasetBytes(file.path))).toBe(true);
    }
    await eventually(() => expect(evidence.entries().filter((e) => e.transaction === 'C-STORE' && e.file.endsWith('.dcm'))).toHaveLength(3));
  });

  it('offers no query/retrieve: a C-FIND context is rejected', async () => {
    const { scp } = await start();
    const a = await associate({ host: '127.0.0.1', port: scp.address.port, callingAe: 'SCU', calledAe: 'IXH_STORE', contexts: [{ abstractSyntax: SopClass.Verification }, { abstractSyntax: QUERY_MODELS.STUDY.find }] });
    expect(a.contexts.map((c) => c.abstractSyntax)).toEqual([SopClass.Verification]);
    expect(await a.echo()).toBe(0);
    await a.release();
  });

  it('plays the named faults: the third C-STORE aborts the association under abort-after:2', async () => {
    const { scp } = await start(['abort-after:2']);
    const a = await associate({ host: '127.0.0.1', port: scp.address.port, callingAe: 'SCU', calledAe: 'IXH_STORE', contexts: [{ abstractSyntax: SopClass.CtImageStorage }] });
    expect((await a.store(files[0]!.path)).status).toBe(0);
    expect((await a.store(files[1]!.path)).status).toBe(0);
    await expect(a.store(files[2]!.path)).rejects.toThrow();
    expect(await readdir(join(dir, 'out'))).toHaveLength(2);
  });
});
