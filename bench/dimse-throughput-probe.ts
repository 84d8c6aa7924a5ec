/**
 * Informal throughput probe for simulators/dimse (the lead writes the real benchmark):
 * 300 CT instances 512x512 16-bit over loopback,
 *   receive: storescu -> storescp   vs  storescu -> our DimseHost (Part 10 files to disk: part10FileSink,
 *            a Writable, or part10FileWriter, a light DatasetSink)
 *            storescu -> DimseHost + InstanceStore + PacsIndex (in-memory SQLite), wired as the PACS does
 *              (pacsReceive: receive() + light sink; pacsFsync: the same with durability 'power-loss',
 *              only when named)
 *   send:    storescu -> storescp   vs  our client -> storescp (clientSend: store() per file;
 *            clientMany: storeMany(), reading the next file while waiting for each response)
 * Run: npx tsx bench/dimse-throughput-probe.ts [instances] [rounds] [paths, e.g. dcmtk,pacsReceive]
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../peers/free-port.ts';
import { runTool, startTool } from '../peers/run-tool.ts';
import { associate, createDimseHost, part10FileSink, part10FileWriter, SopClass, supportedSyntaxes, TransferSyntax } from '../simulators/dimse/index.ts';
import { writeCtFiles } from '../simulators/dimse/test-ct-files.ts';
import type { StatusReply, StoreAcceptance } from '../simulators/dimse/index.ts';
import { createInstanceStore, type Durability } from '../simulators/pacs/store/instance-store.ts';
import { createPacsIndex } from '../simulators/pacs/store/pacs-index.ts';
import { waitForPort } from '../simulators/dimse/test-recorder.ts';

const count = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 5);
const selected = new Set((process.argv[4] ?? 'dcmtk,hostReceive,hostWriter,pacsReceive,clientSend,clientMany').split(','));
const root = await mkdtemp(join(tmpdir(), 'ixh-dimse-probe-'));
const files = await writeCtFiles(join(root), count, { size: 512 });
const totalBytes = (await Promise.all(files.map((f) => stat(f.path)))).reduce((n, s) => n + s.size, 0);
const paths = files.map((f) => f.path);
const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];

/**
 * A new output directory per run; the previous run's files are truncated (not deleted) before the
 * next run, and all are removed at the end. Deleting 157 MB just before a run made every file
 * creation cost ~0.5 ms instead of ~30 us (ext4 skips inodes deleted within the last ~30 s when
 * it allocates new ones: recently_deleted()); keeping them all made later rounds 2x slower for
 * every path (fresh page-cache memory in this VM). Truncating frees the pages, keeps the inodes.
 */
let dirSeq = 0;
const made: string[] = [];
async function freshDir(name: string): Promise<string> {
  for (const old of made.splice(0)) {
    for (const e of await readdir(old, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) await truncate(join(e.parentPath ?? e.path, e.name), 0);
    }
  }
  const d = join(root, `${name}-${dirSeq++}`);
  await mkdir(d);
  made.push(d);
  return d;
}

async function storescuTo(port: number, calledAe: string): Promise<number> {
  const r = await runTool('storescu', ['-aec', calledAe, '127.0.0.1', String(port), ...paths], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`storescu failed: ${r.stderr}`);
  return r.durationMs;
}

/** utime+stime of a child in ms, from /proc (Linux), so CPU cost can be compared despite a noisy machine. */
async function childCpuMs(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Process CPU (ms) of the receiving side, per path: storescp for dcmtk, this process for ours. */
const cpu: Record<string, number[]> = {};
let current = '';
const recordCpu = (ms: number): void => void (cpu[current] ??= []).push(ms);

async function withStorescp<T>(fn: (port: number) => Promise<T>, cpuKey?: string): Promise<T> {
  const out = await freshDir('storescp-out');
  const port = await freePort();
  const scp = startTool('storescp', ['-aet', 'STORESCP', '-od', out, String(port)]);
  try {
    await waitForPort(port);
    const before = await childCpuMs(scp.child.pid);
    const result = await fn(port);
    if (cpuKey) recordCpu((await childCpuMs(scp.child.pid)) - before);
    return result;
  } finally {
    await scp.stop();
    const n = (await readdir(out)).length;
    if (n < count) throw new Error(`storescp wrote ${n} of ${count}`);
  }
}

async function dcmtkPair(): Promise<number> {
  return withStorescp((port) => storescuTo(port, 'STORESCP'), 'storescp');
}

async function storescuToHost(light = false): Promise<number> {
  const out = await freshDir('host-out');
  let n = 0;
  const host = createDimseHost({
    negotiate: supportedSyntaxes({ abstractSyntaxes: { [SopClass.CtImageStorage]: LE, [SopClass.Verification]: LE } }),
    handlers: {
      onStore: (rq) => {
        const path = join(out, `${rq.sopInstanceUid}.dcm`);
        n++;
        const meta = { sopClassUid: rq.sopClassUid, sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax };
        return { sink: light ? part10FileWriter(path, meta) : part10FileSink(path, meta), path };
      },
    },
  });
  await host.start();
  const before = process.cpuUsage();
  try {
    return await storescuTo(host.port, 'IXH');
  } finally {
    const used = process.cpuUsage(before);
    recordCpu((used.user + used.system) / 1000);
    await host.stop();
    if (n < count) throw new Error(`host received ${n} of ${count}`);
  }
}

/**
 * What `ixh serve pacs` does per C-STORE (simulators/pacs/store-handler.ts), minus evidence and
 * faults: `receive()` + light sink.
 */
async function storescuToPacsStore(durability: Durability = 'process'): Promise<number> {
  const dataDir = await freshDir('pacs-data');
  const index = createPacsIndex({ path: ':memory:' });
  const store = createInstanceStore({ dataDir, index, durability });
  let n = 0;
  const commit = async (incoming: Parameters<typeof store.commit>[0]): Promise<StatusReply> => {
    try {
      await store.commit(incoming);
      n++;
      return 0;
    } catch (err) {
      return { status: 0xc000, errorComment: (err as Error).message.slice(0, 64) };
    }
  };
  const host = createDimseHost({
    negotiate: supportedSyntaxes({ abstractSyntaxes: { [SopClass.CtImageStorage]: LE, [SopClass.Verification]: LE } }),
    handlers: {
      onStore: (rq): StoreAcceptance => {
        const meta = {
          mediaStorageSOPClassUID: rq.sopClassUid,
          mediaStorageSOPInstanceUID: rq.sopInstanceUid,
          transferSyntaxUID: rq.transferSyntax,
          sourceApplicationEntityTitle: rq.association.remote.ae,
        };
        const incoming = store.receive(meta);
        return { sink: incoming.sink, path: incoming.path, complete: () => commit(incoming) };
      },
    },
  });
  await host.start();
  const before = process.cpuUsage();
  try {
    return await storescuTo(host.port, 'IXH');
  } finally {
    const used = process.cpuUsage(before);
    recordCpu((used.user + used.system) / 1000);
    await host.stop();
    store.close();
    const instances = index.counts().instances;
    index.close();
    if (n < count || instances < count) throw new Error(`PACS store committed ${n} of ${count} (${instances} indexed)`);
  }
}

async function clientToStorescp(many = false): Promise<number> {
  return withStorescp(async (port) => {
    const started = performance.now();
    const assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }] });
    const results = many ? await assoc.storeMany(paths) : [];
    if (!many) for (const p of paths) results.push(await assoc.store(p));
    for (const r of results) if (r.status !== 0) throw new Error(`status ${r.status.toString(16)}`);
    await assoc.release();
    return performance.now() - started;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs: Record<string, number[]> = {};
const paths_: Record<string, () => Promise<number>> = { dcmtk: dcmtkPair, hostReceive: () => storescuToHost(), hostWriter: () => storescuToHost(true), pacsReceive: () => storescuToPacsStore(), pacsFsync: () => storescuToPacsStore('power-loss'), clientSend: () => clientToStorescp(), clientMany: () => clientToStorescp(true) };
for (const name of Object.keys(paths_)) if (selected.has(name)) runs[name] = [];
// Flush dirty pages first so one phase's disk writeback does not land on the next phase.
const settle = async (): Promise<void> => void (await runTool('sync', []));
for (let i = 0; i < rounds; i++) {
  for (const name of Object.keys(runs)) {
    await settle();
    current = name;
    runs[name]!.push(await paths_[name]!());
  }
}
const mb = totalBytes / 1e6;
const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
const base = runs.dcmtk ? median(runs.dcmtk) : NaN;
console.log(`${count} instances, ${mb.toFixed(1)} MB, median of ${rounds} rounds`);
for (const [name, xs] of Object.entries(runs)) {
  const m = median(xs);
  console.log(`${name.padEnd(12)} ${m.toFixed(0).padStart(6)} ms  ${rate(m).padStart(12)}  ${(base / m).toFixed(2)}x DCMTK   runs: ${xs.map((x) => x.toFixed(0)).join(' ')}`);
}
console.log(`receive CPU, median (process time while storing all instances; storescp for dcmtk): ${Object.entries(cpu).map(([k, xs]) => `${k} ${median(xs).toFixed(0)} ms`).join(', ')}`);
await rm(root, { recursive: true, force: true });
