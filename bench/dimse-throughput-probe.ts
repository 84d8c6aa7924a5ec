/**
 * Informal throughput probe for simulators/dimse (the lead writes the real benchmark):
 * 300 CT instances 512x512 16-bit over loopback,
 *   receive: storescu -> storescp   vs  storescu -> our DimseHost (Part 10 files to disk)
 *   send:    storescu -> storescp   vs  our client -> storescp
 * Run: npx tsx bench/dimse-throughput-probe.ts [instances] [rounds]
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../peers/free-port.ts';
import { runTool, startTool } from '../peers/run-tool.ts';
import { associate, createDimseHost, part10FileSink, SopClass, supportedSyntaxes, TransferSyntax } from '../simulators/dimse/index.ts';
import { writeCtFiles } from '../simulators/dimse/test-ct-files.ts';
import { waitForPort } from '../simulators/dimse/test-recorder.ts';

const count = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 5);
const root = await mkdtemp(join(tmpdir(), 'ixh-dimse-probe-'));
const files = await writeCtFiles(join(root), count, { size: 512 });
const totalBytes = (await Promise.all(files.map((f) => stat(f.path)))).reduce((n, s) => n + s.size, 0);
const paths = files.map((f) => f.path);
const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];

async function freshDir(name: string): Promise<string> {
  const d = join(root, name);
  await rm(d, { recursive: true, force: true });
  await mkdir(d);
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

const cpu: Record<string, number[]> = { storescp: [], host: [] };

async function withStorescp<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const out = await freshDir('storescp-out');
  const port = await freePort();
  const scp = startTool('storescp', ['-aet', 'STORESCP', '-od', out, String(port)]);
  try {
    await waitForPort(port);
    const before = await childCpuMs(scp.child.pid);
    const result = await fn(port);
    cpu.storescp!.push((await childCpuMs(scp.child.pid)) - before);
    return result;
  } finally {
    await scp.stop();
    const n = (await readdir(out)).length;
    if (n < count) throw new Error(`storescp wrote ${n} of ${count}`);
  }
}

async function dcmtkPair(): Promise<number> {
  return withStorescp((port) => storescuTo(port, 'STORESCP'));
}

async function storescuToHost(): Promise<number> {
  const out = await freshDir('host-out');
  let n = 0;
  const host = createDimseHost({
    negotiate: supportedSyntaxes({ abstractSyntaxes: { [SopClass.CtImageStorage]: LE, [SopClass.Verification]: LE } }),
    handlers: {
      onStore: (rq) => {
        const path = join(out, `${rq.sopInstanceUid}.dcm`);
        n++;
        return { sink: part10FileSink(path, { sopClassUid: rq.sopClassUid, sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax }), path };
      },
    },
  });
  await host.start();
  const before = process.cpuUsage();
  try {
    return await storescuTo(host.port, 'IXH');
  } finally {
    const used = process.cpuUsage(before);
    cpu.host!.push((used.user + used.system) / 1000);
    await host.stop();
    if (n < count) throw new Error(`host received ${n} of ${count}`);
  }
}

async function clientToStorescp(): Promise<number> {
  return withStorescp(async (port) => {
    const started = performance.now();
    const assoc = await associate({ host: '127.0.0.1', port, callingAe: 'IXH', calledAe: 'STORESCP', contexts: [{ abstractSyntax: SopClass.CtImageStorage }] });
    for (const p of paths) {
      const r = await assoc.store(p);
      if (r.status !== 0) throw new Error(`status ${r.status.toString(16)}`);
    }
    await assoc.release();
    return performance.now() - started;
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs: Record<string, number[]> = { dcmtk: [], hostReceive: [], clientSend: [] };
// Flush dirty pages first so one phase's disk writeback does not land on the next phase.
const settle = async (): Promise<void> => void (await runTool('sync', []));
for (let i = 0; i < rounds; i++) {
  await settle();
  runs.dcmtk!.push(await dcmtkPair());
  await settle();
  runs.hostReceive!.push(await storescuToHost());
  await settle();
  runs.clientSend!.push(await clientToStorescp());
}
const mb = totalBytes / 1e6;
const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
const base = median(runs.dcmtk!);
console.log(`${count} instances, ${mb.toFixed(1)} MB, median of ${rounds} rounds`);
for (const [name, xs] of Object.entries(runs)) {
  const m = median(xs);
  console.log(`${name.padEnd(12)} ${m.toFixed(0).padStart(6)} ms  ${rate(m).padStart(12)}  ${(base / m).toFixed(2)}x DCMTK   runs: ${xs.map((x) => x.toFixed(0)).join(' ')}`);
}
console.log(`receive CPU (process time while storing all instances): storescp ${median(cpu.storescp!).toFixed(0)} ms, DimseHost ${median(cpu.host!).toFixed(0)} ms`);
await rm(root, { recursive: true, force: true });
