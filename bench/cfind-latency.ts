/**
 * Study-level C-FIND latency of `ixh serve pacs` over an index of N studies, measured as a user's
 * SCU sees it: one association, each query from C-FIND-RQ to the final C-FIND-RSP, over loopback.
 * The index is a SQLite file bulk-loaded once and cached.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../peers/free-port.ts';
import { startTool } from '../peers/run-tool.ts';
import { associate, QUERY_MODELS } from '../simulators/dimse/index.ts';
import type { IndexRecord } from '../simulators/pacs/store/index-record.ts';
import { createPacsIndex } from '../simulators/pacs/store/pacs-index.ts';
import { percentile, peakRssMb } from './measure.ts';
import { STUDY_RETURN_KEYS, syntheticArchive } from './synthetic-archive.ts';

const IXH = join(import.meta.dirname, '..', 'bin', 'ixh.mjs');

export interface QueryLatency {
  readonly query: string;
  readonly runs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly meanMatches: number;
}

export interface CFindLatency {
  readonly studies: number;
  readonly loadSeconds?: number;
  readonly perQuery: readonly QueryLatency[];
  readonly overall: { readonly p50: number; readonly p95: number; readonly p99: number; readonly runs: number };
  readonly serverPeakRssMb: number;
}

async function cachedIndex(cacheDir: string, studies: number, log: (line: string) => void): Promise<{ path: string; loadSeconds?: number }> {
  const path = join(cacheDir, `cfind-${studies}.sqlite`);
  if (existsSync(path)) return { path };
  await mkdir(cacheDir, { recursive: true });
  const building = `${path}.building`;
  await rm(building, { force: true });
  const started = performance.now();
  const index = createPacsIndex({ path: building });
  let batch: IndexRecord[] = [];
  for (const record of syntheticArchive(studies).records()) {
    batch.push(record);
    if (batch.length === 20_000) {
      index.bulkInsert(batch);
      batch = [];
    }
  }
  index.bulkInsert(batch);
  log(`index of ${JSON.stringify(index.counts())} built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  index.close();
  for (const suffix of ['-wal', '-shm']) await rm(building + suffix, { force: true });
  await rename(building, path);
  return { path, loadSeconds: (performance.now() - started) / 1000 };
}

export async function measureCFindLatency(cacheDir: string, workDir: string, studies: number, runsPerQuery: number, log: (line: string) => void): Promise<CFindLatency> {
  const { path, loadSeconds } = await cachedIndex(cacheDir, studies, log);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(join(workDir, 'data'), { recursive: true });
  const port = await freePort();
  const server = startTool(process.execPath, [IXH, 'serve', 'pacs', '--port', String(port), '--db', path, '--data', join(workDir, 'data'), '--store', join(workDir, 'store')]);
  try {
    await server.waitFor(/listening on/, 120_000);
    const association = await associate({ host: '127.0.0.1', port, callingAe: 'BENCH_SCU', calledAe: 'IXH_PACS', contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.find }] });
    const archive = syntheticArchive(studies);
    const all: number[] = [];
    const perQuery: QueryLatency[] = [];
    for (const [name, make] of Object.entries(archive.queries)) {
      for (let i = 0; i < 5; i++) await runQuery(association, { ...STUDY_RETURN_KEYS, ...make() }); // warm statement caches
      const times: number[] = [];
      let matches = 0;
      for (let i = 0; i < runsPerQuery; i++) {
        const { ms, count } = await runQuery(association, { ...STUDY_RETURN_KEYS, ...make() });
        times.push(ms);
        matches += count;
      }
      all.push(...times);
      perQuery.push({ query: name, runs: runsPerQuery, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), meanMatches: matches / runsPerQuery });
      log(`${name}: p95 ${percentile(times, 95).toFixed(2)} ms`);
    }
    await association.release();
    return {
      studies,
      ...(loadSeconds !== undefined && { loadSeconds }),
      perQuery,
      overall: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), runs: all.length },
      serverPeakRssMb: await peakRssMb(server.child.pid!),
    };
  } finally {
    await server.stop();
  }
}

async function runQuery(association: Awaited<ReturnType<typeof associate>>, identifier: Record<string, unknown>): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const find = association.find('STUDY', identifier);
  let count = 0;
  for await (const _match of find) count++;
  const { status } = await find.done;
  if (status !== 0) throw new Error(`C-FIND answered 0x${status.toString(16)} for ${JSON.stringify(identifier)}`);
  return { ms: performance.now() - started, count };
}
