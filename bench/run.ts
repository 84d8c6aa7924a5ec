/**
 * `npm run bench`: DIMSE throughput and C-FIND latency of ixh, side by side with DCMTK, and the
 * cross-border exchange through the simulated gateways, in one run on this machine; writes the
 * figures to docs/benchmarks.md (unless --no-write). With --only, the other sections already in
 * docs/benchmarks.md are kept (spliced by their `## ` headings).
 *
 *   npm run bench -- [--rounds 5] [--instances 300] [--studies 100000] [--queries 200]
 *                    [--exchange-rounds 10] [--exchange-warmup 2] [--seconds 300] [--sessions 20] [--rate 5]
 *                    [--only store|find|exchange|push|connectathon] [--no-write]
 */
import { cpus, homedir, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTool } from '../peers/run-tool.ts';
import { measureCFindLatency, type CFindLatency } from './cfind-latency.ts';
import { DEFAULT_RATE, loadOptionsFromArgs, measureConnectathonLoad, renderConnectathonLoad, type ConnectathonLoad } from './connectathon-load.ts';
import { measureCrossBorder, type CrossBorder } from './cross-border.ts';
import { ctSeries } from './ct-series.ts';
import { renderBenchmarks, spliceSections } from './render.ts';
import { measureStrokePush, type StrokePush } from './stroke-push.ts';
import { measureStoreThroughput, type StoreThroughput } from './store-throughput.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    instances: { type: 'string', default: '300' },
    studies: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    'exchange-rounds': { type: 'string', default: '10' },
    'exchange-warmup': { type: 'string', default: '2' },
    seconds: { type: 'string', default: '300' },
    sessions: { type: 'string', default: '20' },
    rate: { type: 'string', default: String(DEFAULT_RATE) },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const cacheDir = join(process.env.IXH_CACHE ?? join(homedir(), '.cache', 'ixh'), 'bench');
// Beside the repository, not under /tmp or the home cache: where many files were deleted
// recently, ext4 scans past freed inodes at every file creation (measured here: 0.3 ms per
// create under /tmp, 0.01 ms under /work), a cost that lands unevenly on the receivers.
const workDir = join(import.meta.dirname, '.work', String(process.pid));
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function environment(): Promise<Record<string, string>> {
  const dcmtk = (await runTool('storescp', ['--version'])).stdout.split('\n')[0]?.trim() ?? 'unknown';
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    dcmtk,
  };
}

const only = values.only;
if (only !== undefined && !['store', 'find', 'exchange', 'push', 'connectathon'].includes(only)) throw new Error(`--only ${only}: expected store, find, exchange, push or connectathon`);
const runs = (part: string): boolean => only === undefined || only === part;

let store: StoreThroughput | undefined;
let find: CFindLatency | undefined;
let exchange: CrossBorder | undefined;
let push: StrokePush | undefined;
let connectathon: ConnectathonLoad | undefined;
if (runs('store')) {
  const series = await ctSeries(cacheDir, Number(values.instances));
  log(`series: ${series.files.length} instances, ${(series.bytes / 1e6).toFixed(1)} MB`);
  store = await measureStoreThroughput(series, join(workDir, 'store'), Number(values.rounds), log);
}
if (runs('find')) {
  find = await measureCFindLatency(cacheDir, join(workDir, 'find'), Number(values.studies), Number(values.queries), log);
}
if (runs('exchange')) {
  exchange = await measureCrossBorder({ workDir: join(workDir, 'exchange'), rounds: Number(values['exchange-rounds']), warmup: Number(values['exchange-warmup']), log });
}
if (runs('push')) {
  push = await measureStrokePush({ series: await ctSeries(cacheDir, Number(values.instances)), workDir: join(workDir, 'push'), log });
}
const load = loadOptionsFromArgs(values.seconds, values.sessions, values.rate);
if (runs('connectathon')) {
  connectathon = await measureConnectathonLoad({ ...load, workDir: join(workDir, 'connectathon'), cacheDir, log });
}
const page = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
const env = await environment();
const connectathonSection = connectathon
  ? renderConnectathonLoad(connectathon, {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      command: `npm run bench -- --only connectathon --seconds ${load.seconds}${load.sessions !== 20 ? ` --sessions ${load.sessions}` : ''}${load.ratePerSession !== DEFAULT_RATE ? ` --rate ${load.ratePerSession}` : ''}`,
      machine: `${env.cpu}, Node ${env.node}`,
    })
  : [];
const fresh = [renderBenchmarks({ environment: env, store, find, exchange, push }), ...connectathonSection].join('\n');
// A partial run keeps the sections it did not measure.
const markdown = only === undefined ? fresh : spliceSections(await readFile(page, 'utf8').catch(() => ''), fresh);
process.stdout.write(markdown);
if (!values['no-write']) {
  await writeFile(page, markdown);
  log('written to docs/benchmarks.md');
}
