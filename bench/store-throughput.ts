/**
 * C-STORE throughput, ixh against DCMTK, in one run on the same series:
 *   dcmtk   DCMTK storescu → DCMTK storescp            (the reference)
 *   files   DCMTK storescu → `ixh serve storescp`       (ixh as SCP doing what storescp does: write files)
 *   pacs    DCMTK storescu → `ixh serve pacs`           (ixh as SCP: temp file, index, atomic commit)
 *   scu     ixh SCU (in-process) → DCMTK storescp       (ixh as SCU: stored bytes, no re-encoding)
 * Every peer gets TCP_NODELAY=1 (DCMTK) or setNoDelay (ixh). Each round runs the three paths in
 * turn with fresh receivers writing into new folders; the figure is the median round.
 *
 * Received files are emptied after each run and only deleted after the last round: on ext4,
 * creating files right after deleting many others is slow (new inodes avoid recently freed
 * ones), and keeping their data cached leaves later rounds with less free memory; either would
 * penalise whichever receiver runs next.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { waitForPort } from '../peers/dcmtk/wait-for-port.ts';
import { freePort } from '../peers/free-port.ts';
import { runTool, startTool, type RunningTool } from '../peers/run-tool.ts';
import { associate, SopClass } from '../simulators/dimse/index.ts';
import type { CtSeries } from './ct-series.ts';
import { mbPerS, median, peakRssMb, timed, truncateTree } from './measure.ts';

const IXH = join(import.meta.dirname, '..', 'bin', 'ixh.mjs');

export interface PathResult {
  readonly name: string;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  readonly mbPerS: number;
  /** Peak RSS of the receiving process, median over rounds (MB). */
  readonly receiverPeakRssMb?: number;
}

export interface StoreThroughput {
  readonly instances: number;
  readonly bytes: number;
  readonly rounds: number;
  readonly paths: readonly PathResult[];
}

async function startStorescp(outDir: string): Promise<{ tool: RunningTool; port: number }> {
  await mkdir(outDir, { recursive: true });
  const port = await freePort();
  const tool = startTool('storescp', ['-aet', 'STORESCP', '-od', outDir, String(port)]);
  await waitForPort(port, { isAlive: () => tool.child.exitCode === null });
  return { tool, port };
}

async function startIxhPacs(workDir: string): Promise<{ tool: RunningTool; port: number }> {
  await mkdir(join(workDir, 'data'), { recursive: true });
  const port = await freePort();
  const tool = startTool(process.execPath, [IXH, 'serve', 'pacs', '--port', String(port), '--data', join(workDir, 'data'), '--store', join(workDir, 'store')]);
  await tool.waitFor(/listening on/, 60_000);
  return { tool, port };
}

async function startIxhStorescp(outDir: string): Promise<{ tool: RunningTool; port: number }> {
  const port = await freePort();
  const tool = startTool(process.execPath, [IXH, 'serve', 'storescp', '--port', String(port), '--out', outDir]);
  await tool.waitFor(/listening on/, 60_000);
  return { tool, port };
}

async function storescu(port: number, calledAe: string, files: readonly string[]): Promise<number> {
  const result = await runTool('storescu', ['-aec', calledAe, '127.0.0.1', String(port), ...files], { timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`storescu failed (${result.code}): ${result.stderr.slice(-2000)}`);
  return result.durationMs;
}

/** Association request to release, in this process; process start-up is not part of it. */
async function ixhStore(port: number, files: readonly string[]): Promise<number> {
  const { ms } = await timed(async () => {
    const association = await associate({
      host: '127.0.0.1',
      port,
      callingAe: 'IXH_SCU',
      calledAe: 'STORESCP',
      contexts: [{ abstractSyntax: SopClass.CtImageStorage }],
    });
    const results = await association.storeMany(files);
    const failed = results.find((r) => r.status !== 0);
    if (failed) throw new Error(`C-STORE of ${failed.sopInstanceUid} answered 0x${failed.status.toString(16)}`);
    await association.release();
  });
  return ms;
}

export async function measureStoreThroughput(series: CtSeries, workDir: string, rounds: number, log: (line: string) => void): Promise<StoreThroughput> {
  const runs = { dcmtk: [] as number[], files: [] as number[], scp: [] as number[], scu: [] as number[] };
  const rss = { dcmtk: [] as number[], files: [] as number[], scp: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    {
      const scp = await startStorescp(join(workDir, `storescp-${round}-a`));
      runs.dcmtk.push(await storescu(scp.port, 'STORESCP', series.files));
      rss.dcmtk.push(await peakRssMb(scp.tool.child.pid!));
      await scp.tool.stop();
      await truncateTree(join(workDir, `storescp-${round}-a`));
    }
    {
      const scp = await startIxhStorescp(join(workDir, `ixh-storescp-${round}`));
      runs.files.push(await storescu(scp.port, 'IXH_STORESCP', series.files));
      rss.files.push(await peakRssMb(scp.tool.child.pid!));
      await scp.tool.stop();
      await truncateTree(join(workDir, `ixh-storescp-${round}`));
    }
    {
      const pacs = await startIxhPacs(join(workDir, `ixh-pacs-${round}`));
      runs.scp.push(await storescu(pacs.port, 'IXH_PACS', series.files));
      rss.scp.push(await peakRssMb(pacs.tool.child.pid!));
      await pacs.tool.stop();
      await truncateTree(join(workDir, `ixh-pacs-${round}`));
    }
    {
      const scp = await startStorescp(join(workDir, `storescp-${round}-b`));
      runs.scu.push(await ixhStore(scp.port, series.files));
      await scp.tool.stop();
      await truncateTree(join(workDir, `storescp-${round}-b`));
    }
    log(`round ${round}/${rounds}: dcmtk ${runs.dcmtk.at(-1)!.toFixed(0)} ms, ixh storescp ${runs.files.at(-1)!.toFixed(0)} ms, ixh pacs ${runs.scp.at(-1)!.toFixed(0)} ms, ixh scu ${runs.scu.at(-1)!.toFixed(0)} ms`);
  }
  await rm(workDir, { recursive: true, force: true });
  const path = (name: string, values: number[], peak?: number[]): PathResult => ({
    name,
    runsMs: values.map((v) => Math.round(v)),
    medianMs: median(values),
    mbPerS: mbPerS(series.bytes, median(values)),
    ...(peak && { receiverPeakRssMb: median(peak) }),
  });
  return {
    instances: series.files.length,
    bytes: series.bytes,
    rounds,
    paths: [
      path('DCMTK storescu → DCMTK storescp', runs.dcmtk, rss.dcmtk),
      path('DCMTK storescu → ixh serve storescp (ixh SCP, files like storescp)', runs.files, rss.files),
      path('DCMTK storescu → ixh serve pacs (ixh SCP + index + atomic commit)', runs.scp, rss.scp),
      path('ixh SCU → DCMTK storescp', runs.scu),
    ],
  };
}
