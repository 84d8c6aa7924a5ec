/**
 * Connectathon load (issue 7 §5): N vendor sessions (default 20) opened through the dashboard's
 * REST API, each sending for a fixed time on 127.0.0.1: C-STOREs to the world's PACS under the
 * session's own calling AE title (one association per batch) and, every few batches, an XCPD
 * request through the session's URL prefix. Every 5 s it samples the messages the service
 * attributed (stored before acknowledgement), the validation latency (acknowledgement → stored
 * findings, service.stats()), RSS and heapUsed; the leak verdict compares the RSS growth of
 * the second half of the run with the RSS at its middle.
 *
 * The service and the senders share one process (and the machine's cores): the figures are
 * what one box does when it both serves and is loaded, a lower bound for the service alone.
 *
 *   node --import ./bin/register-ts.mjs bench/connectathon-load.ts [--seconds 300] [--sessions 20] [--rate 5] [--write-docs]
 *   npm run bench -- --only connectathon [--seconds 300]
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildWorld } from '../fixtures/world/build-world.ts';
import { writeFixtures } from '../fixtures/write-fixtures.ts';
import { startConnectathonService } from '../simulators/connectathon/connectathon-service.ts';
import { openSessionStore } from '../simulators/connectathon/store/session-store.ts';
import { postSoap, SMALL_WORLD } from '../simulators/connectathon/test-service.ts';
import { associate, readPart10Info, type Part10Info } from '../simulators/dimse/index.ts';
import { parseWorld } from '../simulators/world/load-world.ts';
import { spliceSections } from './render.ts';

export interface LoadSample {
  readonly atS: number;
  readonly attributed: number;
  readonly msgsPerS: number;
  readonly validated: number;
  readonly pending: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Event-loop delay p99 over the interval: how long a socket may wait to be served. */
  readonly loopDelayP99Ms: number;
}

export interface ConnectathonLoad {
  readonly sessions: number;
  readonly seconds: number;
  readonly batch: number;
  readonly soapEvery: number;
  /** C-STOREs per second each session offered; 0: unpaced (as fast as acknowledged). */
  readonly ratePerSession: number;
  readonly instanceBytes: number;
  /** Acknowledged by the senders' point of view (C-STORE-RSP received, SOAP answer received). */
  readonly stores: number;
  readonly storeFailures: number;
  readonly soapRequests: number;
  readonly soapFailures: number;
  /** Messages the service attributed to sessions (each committed before its acknowledgement). */
  readonly attributed: number;
  readonly storeErrors: number;
  readonly msgsPerS: number;
  readonly storesPerS: number;
  /** Of the last 10 000 validations at the end of the run (the queue's window). */
  readonly validation: { readonly validated: number; readonly p50Ms: number; readonly p95Ms: number; readonly maxMs: number };
  /** Highest p95 seen in any 5 s sample. */
  readonly worstSampleP95Ms: number;
  readonly drainMs: number;
  readonly samples: readonly LoadSample[];
  readonly leak: LeakVerdict;
  readonly errors: readonly string[];
}

export interface LeakVerdict {
  readonly midRssMb: number;
  readonly endRssMb: number;
  /** Least-squares RSS slope, MB per minute, over each half of the run. */
  readonly firstHalfSlopeMbPerMin: number;
  readonly secondHalfSlopeMbPerMin: number;
  /** RSS change over the second half, in % of the RSS at the middle. */
  readonly secondHalfGrowthPercent: number;
  readonly flat: boolean;
}

export interface LoadOptions {
  readonly seconds: number;
  readonly sessions?: number;
  readonly batch?: number;
  readonly soapEvery?: number;
  /** C-STOREs per second each session offers (paced per association); 0: as fast as acknowledged. */
  readonly ratePerSession?: number;
  readonly sampleEveryMs?: number;
  readonly workDir: string;
  readonly cacheDir: string;
  readonly log: (line: string) => void;
}

/** RSS growth over the second half within this share of the middle RSS counts as flat. */
const FLAT_PERCENT = 10;
/** Per session: 20 sessions × 5 = 100 C-STOREs/s offered, a busy connectathon hall. */
export const DEFAULT_RATE = 5;
const XCPD = join(import.meta.dirname, '..', 'docs', 'examples', 'xcpd-nl-ms-follow-up.xml');
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Instances of the synthetic world's CZ/NL patients (64×64 matrix, several modalities), cached. */
async function loadInstances(cacheDir: string, count: number): Promise<Part10Info[]> {
  const dir = join(cacheDir, 'connectathon-instances');
  if (!existsSync(join(dir, 'manifest.json'))) await writeFixtures(buildWorld({ seed: 7, patients: 0, countries: ['CZ', 'NL'] }), dir);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.dcm')).map((e) => join(e.parentPath, e.name)).sort();
  if (files.length === 0) throw new Error(`${dir} holds no .dcm files; delete it to regenerate`);
  return Promise.all(files.slice(0, count).map((f) => readPart10Info(f)));
}

function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

export function leakVerdict(samples: readonly Pick<LoadSample, 'atS' | 'rssMb'>[]): LeakVerdict {
  if (samples.length < 2) throw new Error('a leak verdict needs at least two samples');
  const end = samples.at(-1)!.atS;
  const first = samples.filter((s) => s.atS <= end / 2);
  const second = samples.filter((s) => s.atS >= end / 2);
  const perMin = (xs: typeof samples): number => Math.round(slope(xs.map((s) => ({ x: s.atS / 60, y: s.rssMb }))) * 10) / 10;
  const mid = second[0]!.rssMb;
  const endRss = samples.at(-1)!.rssMb;
  const growth = Math.round(((endRss - mid) / mid) * 1000) / 10;
  return { midRssMb: mid, endRssMb: endRss, firstHalfSlopeMbPerMin: perMin(first), secondHalfSlopeMbPerMin: perMin(second), secondHalfGrowthPercent: growth, flat: growth <= FLAT_PERCENT };
}

interface Opened {
  readonly id: string;
  readonly endpoints: { readonly countries: readonly { code: string; soap: readonly { actor: string; url: string }[]; pacs?: { aeTitle: string; host: string; port: number } }[] };
}

export async function measureConnectathonLoad(options: LoadOptions): Promise<ConnectathonLoad> {
  const sessions = options.sessions ?? 20;
  const batch = options.batch ?? 20;
  const soapEvery = options.soapEvery ?? 5;
  const ratePerSession = options.ratePerSession ?? 0;
  // A paced session opens one association every batch / rate seconds, whatever its last one took.
  const batchPeriodMs = ratePerSession > 0 ? (batch / ratePerSession) * 1000 : 0;
  const sampleEveryMs = options.sampleEveryMs ?? 5_000;
  const { log } = options;
  const instances = await loadInstances(options.cacheDir, batch);
  const instanceBytes = instances.reduce((s, i) => s + i.fileSize, 0) / instances.length;
  const sopClasses = [...new Set(instances.map((i) => i.sopClassUid))];
  const xcpd = await readFile(XCPD, 'utf8');
  await rm(options.workDir, { recursive: true, force: true });
  await mkdir(options.workDir, { recursive: true });
  const store = openSessionStore({ file: join(options.workDir, 'sessions.db') });
  const service = await startConnectathonService({
    world: parseWorld(SMALL_WORLD, 'connectathon-bench.yaml'),
    store,
    dashboard: { host: '127.0.0.1', port: 0 },
    stateDir: join(options.workDir, 'state'),
    pkiDir: join(options.cacheDir, 'pki'),
    certificates: false,
    timeoutMs: 30_000,
  });
  const errors: string[] = [];
  const note = (line: string): void => {
    if (errors.length < 20) errors.push(line);
  };
  let stores = 0;
  let storeFailures = 0;
  let soapRequests = 0;
  let soapFailures = 0;
  try {
    const opened: Opened[] = [];
    for (let i = 0; i < sessions; i++) {
      const response = await fetch(`${service.dashboardUrl.replace(/\/$/, '')}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vendor: `Load vendor ${i + 1}`, role: 'pacs', aeTitle: `LOAD_${String(i + 1).padStart(2, '0')}` }),
      });
      if (!response.ok) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
      opened.push((await response.json()) as Opened);
    }
    log(`${sessions} sessions open; sending for ${options.seconds} s at ${ratePerSession > 0 ? `${ratePerSession} C-STORE/s per session` : 'full speed'} (${instances.length} instances per association, ~${Math.round(instanceBytes / 1024)} KiB each; XCPD every ${soapEvery} batches)`);

    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    const samples: LoadSample[] = [];
    let lastAttributed = 0;
    let lastAt = started;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const sample = (): void => {
      const now = performance.now();
      const stats = service.stats();
      const memory = process.memoryUsage();
      const s: LoadSample = {
        atS: Math.round((now - started) / 100) / 10,
        attributed: stats.attributed,
        msgsPerS: Math.round(((stats.attributed - lastAttributed) / ((now - lastAt) / 1000)) * 10) / 10,
        validated: stats.validation.validated,
        pending: stats.validation.pending,
        p50Ms: Math.round(stats.validation.p50Ms * 10) / 10,
        p95Ms: Math.round(stats.validation.p95Ms * 10) / 10,
        rssMb: mb(memory.rss),
        heapUsedMb: mb(memory.heapUsed),
        loopDelayP99Ms: round1(loopDelay.percentile(99) / 1e6),
      };
      loopDelay.reset();
      samples.push(s);
      lastAttributed = stats.attributed;
      lastAt = now;
      log(`${s.atS} s: ${s.attributed} messages (${s.msgsPerS}/s), validation p95 ${s.p95Ms} ms, ${s.pending} pending, RSS ${s.rssMb} MB, heap ${s.heapUsedMb} MB, loop delay p99 ${s.loopDelayP99Ms} ms`);
    };
    sample();
    const sampler = setInterval(sample, sampleEveryMs);

    const sender = async (session: Opened, index: number): Promise<void> => {
      const country = session.endpoints.countries[index % session.endpoints.countries.length]!;
      const pacs = country.pacs;
      const soap = session.endpoints.countries.find((c) => c.code === 'CZ')?.soap.find((e) => e.actor === 'ncpInitiating')?.url;
      if (!pacs || !soap) throw new Error(`session ${session.id} has no PACS or NCP-B endpoint`);
      const callingAe = `LOAD_${String(index + 1).padStart(2, '0')}`;
      // Paced sessions start spread over one period, not all in the same instant.
      let nextAt = performance.now() + (batchPeriodMs * index) / sessions;
      for (let iteration = 1; performance.now() < deadline; iteration++) {
        if (batchPeriodMs > 0) {
          const wait = nextAt - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (performance.now() >= deadline) break;
          nextAt += batchPeriodMs;
        }
        try {
          const assoc = await associate({ host: pacs.host, port: pacs.port, callingAe, calledAe: pacs.aeTitle, contexts: sopClasses.map((abstractSyntax) => ({ abstractSyntax })), timeouts: { dimseMs: 30_000 } });
          const results = await assoc.storeMany(instances.map((i) => i.path));
          await assoc.release();
          for (const r of results) (r.status === 0 ? stores++ : storeFailures++);
          if (results.some((r) => r.status !== 0)) note(`${callingAe}: C-STORE status 0x${results.find((r) => r.status !== 0)!.status.toString(16)}`);
        } catch (err) {
          storeFailures++;
          note(`${callingAe}: ${(err as Error).message}`);
        }
        if (iteration % soapEvery === 0) {
          try {
            const answer = await postSoap(soap, xcpd);
            soapRequests++;
            if (answer.status >= 500 && !answer.text.includes('Fault')) {
              soapFailures++;
              note(`${callingAe}: XCPD answered ${answer.status}`);
            }
          } catch (err) {
            soapFailures++;
            note(`${callingAe}: XCPD ${(err as Error).message}`);
          }
        }
      }
    };
    await Promise.all(opened.map(sender));
    const sendingMs = performance.now() - started;
    const beforeDrain = performance.now();
    await service.idle();
    const drainMs = Math.round(performance.now() - beforeDrain);
    clearInterval(sampler);
    sample();
    loopDelay.disable();
    const stats = service.stats();
    const seconds = sendingMs / 1000;
    return {
      sessions,
      seconds: Math.round(seconds * 10) / 10,
      batch,
      soapEvery,
      ratePerSession,
      instanceBytes: Math.round(instanceBytes),
      stores,
      storeFailures,
      soapRequests,
      soapFailures,
      attributed: stats.attributed,
      storeErrors: stats.storeFailures,
      msgsPerS: Math.round((stats.attributed / seconds) * 10) / 10,
      storesPerS: Math.round((stores / seconds) * 10) / 10,
      validation: { validated: stats.validation.validated, p50Ms: round1(stats.validation.p50Ms), p95Ms: round1(stats.validation.p95Ms), maxMs: round1(stats.validation.maxMs) },
      worstSampleP95Ms: Math.max(...samples.map((s) => s.p95Ms)),
      drainMs,
      samples,
      leak: leakVerdict(samples.slice(0, -1).length >= 2 ? samples.slice(0, -1) : samples),
      errors: [...errors, ...service.sink.failures().slice(0, 5)],
    };
  } finally {
    await service.stop();
    store.close();
    await rm(options.workDir, { recursive: true, force: true });
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function renderConnectathonLoad(load: ConnectathonLoad, context: { readonly date: string; readonly command: string; readonly machine: string; readonly note?: string }): string[] {
  const l = load.leak;
  return [
    '## Connectathon load',
    '',
    `${load.sessions} vendor sessions opened through \`POST /api/sessions\`, each sending for ${load.seconds} s ${load.ratePerSession > 0 ? `at ${load.ratePerSession} C-STOREs/s (${load.sessions * load.ratePerSession}/s offered in all)` : 'as fast as it is acknowledged (unpaced)'} on 127.0.0.1 to the served two-country world (CZ, NL): C-STOREs to the PACS under the session's own calling AE title, ${load.batch} instances (~${Math.round(load.instanceBytes / 1024)} KiB each, several modalities, synthetic world) per association, and an XCPD request through the session's URL prefix every ${load.soapEvery} associations. Every message is attributed to its session, committed to the session store (SQLite, WAL, synchronous = FULL) before the sender is acknowledged, then validated. Service and senders share one Node process, so the figures are a lower bound for the service alone.`,
    '',
    `Run: \`${context.command}\` on ${context.date}, ${context.machine}.${context.note ? ` ${context.note}` : ''}`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| messages attributed and stored | ${load.attributed.toLocaleString('en')} |`,
    `| **messages per second** (stored) | **${load.msgsPerS}** |`,
    `| C-STOREs acknowledged (per second) | ${load.stores.toLocaleString('en')} (${load.storesPerS}) |`,
    `| XCPD requests | ${load.soapRequests} |`,
    `| send failures (C-STORE / XCPD) / store failures | ${load.storeFailures} / ${load.soapFailures} / ${load.storeErrors} |`,
    `| validation latency p50 / **p95** / max over the last ${Math.min(load.validation.validated, 10_000).toLocaleString('en')} validations (the queue's window: the end of the run) | ${load.validation.p50Ms} / **${load.validation.p95Ms}** / ${load.validation.maxMs} ms |`,
    `| worst p95 of the window at any 5 s sample (earlier in the run) | ${load.worstSampleP95Ms} ms |`,
    `| validation backlog drained after senders stopped | ${load.drainMs} ms |`,
    `| RSS middle → end; slope first / second half | ${l.midRssMb} → ${l.endRssMb} MB; ${l.firstHalfSlopeMbPerMin} / ${l.secondHalfSlopeMbPerMin} MB/min |`,
    `| leak verdict (second-half RSS growth ≤ ${FLAT_PERCENT} % of the middle RSS) | ${l.flat ? 'flat' : '**growing**'} (${l.secondHalfGrowthPercent >= 0 ? '+' : ''}${l.secondHalfGrowthPercent} %) |`,
    '',
    'Samples every 5 s (msgs/s over the interval; validation p50/p95 over the last 10 000 validations; RSS and heapUsed of the process; event-loop delay p99 over the interval):',
    '',
    '| t (s) | messages | msgs/s | validated | pending | p50 ms | p95 ms | RSS MB | heapUsed MB | loop delay p99 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...load.samples.map((s) => `| ${s.atS} | ${s.attributed} | ${s.msgsPerS} | ${s.validated} | ${s.pending} | ${s.p50Ms} | ${s.p95Ms} | ${s.rssMb} | ${s.heapUsedMb} | ${s.loopDelayP99Ms} |`),
    '',
    ...(load.errors.length > 0 ? ['Errors seen (first 20):', '', ...load.errors.map((e) => `- ${e}`), ''] : []),
  ];
}

export function loadOptionsFromArgs(seconds: string | undefined, sessions: string | undefined, rate: string | undefined): { seconds: number; sessions: number; ratePerSession: number } {
  const s = Number(seconds ?? '300');
  const n = Number(sessions ?? '20');
  const r = Number(rate ?? String(DEFAULT_RATE));
  if (!Number.isFinite(r) || r < 0) throw new Error(`--rate ${rate}: expected C-STOREs per second per session, 0 for unpaced`);
  if (!Number.isFinite(s) || s < 5) throw new Error(`--seconds ${seconds}: expected a number ≥ 5`);
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`--sessions ${sessions}: expected a whole number 1-99`);
  return { seconds: s, sessions: n, ratePerSession: r };
}

// Run on its own: prints the section; writes it into docs/benchmarks.md only with --write-docs.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, sessions: { type: 'string' }, rate: { type: 'string' }, 'write-docs': { type: 'boolean', default: false }, note: { type: 'string' } } });
  const { seconds, sessions, ratePerSession } = loadOptionsFromArgs(values.seconds, values.sessions, values.rate);
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  const ownDir = join(import.meta.dirname, '.work', String(process.pid));
  const load = await measureConnectathonLoad({
    seconds,
    sessions,
    ratePerSession,
    workDir: join(ownDir, 'connectathon'),
    cacheDir: join(process.env.IXH_CACHE ?? join(homedir(), '.cache', 'ixh'), 'bench'),
    log,
  }).finally(() => rm(ownDir, { recursive: true, force: true }));
  const section = renderConnectathonLoad(load, {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command: `node --import ./bin/register-ts.mjs bench/connectathon-load.ts --seconds ${seconds}${sessions !== 20 ? ` --sessions ${sessions}` : ''}${ratePerSession !== DEFAULT_RATE ? ` --rate ${ratePerSession}` : ''}`,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}`,
    ...(values.note && { note: values.note }),
  }).join('\n');
  process.stdout.write(`${section}\n`);
  if (values['write-docs']) {
    const page = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
    await writeFile(page, spliceSections(await readFile(page, 'utf8').catch(() => ''), section));
    log('written to docs/benchmarks.md');
  }
}
