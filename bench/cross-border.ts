/**
 * Cross-border exchange through the simulated gateways, as a hospital in CZ sees it: every call
 * goes to CZ's NCP-B (`ncpBClient`), which signs eHDSI assertions and asks NL's NCP-A (and FR's,
 * for the fan-out query). One world CZ + NL + FR in this process, loopback, no link emulation.
 *
 * The fixtures' images are 64×64, so an MR study is a few hundred kB: the figures are the
 * gateways' overhead per message (SOAP, XML signatures, MTOM, evidence), not image bandwidth.
 *
 * Three worlds side by side, one per configuration: evidence in memory; evidence on disk (the
 * durable recorder, one fsynced file per message); mutual TLS on every hop (evidence in memory).
 * Each step runs on the three in turn, `warmup` unmeasured rounds then `rounds` measured ones
 * (median, p95), so warm-up and the machine's other load fall on all three alike.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from '../fixtures/fixture-cache.ts';
import { documentRef, imagingRequestFromKos, ncpBClient, slotOf, type NcpBClient } from '../simulators/consumer/ncp-b-client.ts';
import type { EvidenceSink } from '../simulators/evidence/evidence.ts';
import { createEvidenceRecorder } from '../simulators/evidence/recorder.ts';
import type { ImagingRetrieveRequest } from '../simulators/imaging-source/rad69-messages.ts';
import { tlsTransport } from '../simulators/security/mtls.ts';
import { createTestPki } from '../simulators/security/test-pki.ts';
import { parseWorld } from '../simulators/world/load-world.ts';
import { startWorld, type RunningWorld } from '../simulators/world/start-world.ts';
import { percentile } from './measure.ts';
import { measureSecurityCost, type SecurityCost } from './security-cost.ts';

export interface Latency {
  readonly medianMs: number;
  readonly p95Ms: number;
}

export interface ExchangeRun {
  readonly label: string;
  readonly evidence: 'memory' | 'disk';
  readonly mutualTls: boolean;
  /** startWorld(), fixtures cached (publishing the studies included). */
  readonly startMs: number;
  readonly discovery: Latency;
  readonly findHome: Latency;
  readonly findFanOut: Latency;
  readonly retrieveDocuments: Latency;
  readonly retrieveImages: Latency & { readonly instancesPerS: number; readonly mbPerS: number };
  /** From the RAD-69 answer until `whenIdle()` resolved. */
  readonly importIdle: Latency;
  /** Arrival notice timings: whole import, and association + C-STOREs + release. */
  readonly importNotice: Latency;
  readonly importPacs: Latency;
  /** `evidence.flush()` after each call, not counted in the call: the recorder's backlog. */
  readonly flush: Latency;
  readonly evidenceMessages: number;
}

export interface CrossBorder {
  readonly rounds: number;
  readonly warmup: number;
  readonly study: { readonly instances: number; readonly bytes: number; readonly studiesOfPatient: number };
  readonly runs: readonly ExchangeRun[];
  readonly security?: SecurityCost;
  readonly peakRssMb: number;
}

export interface CrossBorderOptions {
  readonly workDir: string;
  readonly rounds: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
}

const BSN = '2.16.840.1.113883.2.4.6.3';

function worldFile(mutualTls: boolean): string {
  const country = (code: string): string => `  - code: ${code}\n    http: { port: 0 }\n    pacs: { port: 0 }\n`;
  return `name: bench-exchange\nseed: 7\npatients: 0\n${mutualTls ? 'tls: { mutual: true }\n' : ''}countries:\n${['CZ', 'NL', 'FR'].map(country).join('')}`;
}

/** Samples this process's RSS every 50 ms; `peak()` in MB. */
function rssSampler(): { peak(): number; stop(): void } {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  sample();
  return { peak: () => peak / 2 ** 20, stop: () => clearInterval(timer) };
}

const latency = (times: readonly number[]): Latency => ({ medianMs: percentile(times, 50), p95Ms: percentile(times, 95) });

interface Plan {
  readonly pid: string;
  readonly nlHome: string;
  readonly studiesOfPatient: number;
  readonly documents: ReturnType<typeof documentRef>[];
  readonly images: ImagingRetrieveRequest;
}

/** The NL MS patient's newest MR manifest and its report, and the RAD-69 request for its instances. */
async function plan(client: NcpBClient, world: RunningWorld): Promise<Plan> {
  const ms = world.fixtures.patients.find((p) => p.key === 'ms-follow-up');
  if (!ms) throw new Error('the fixtures have no ms-follow-up patient');
  const nlHome = world.config.countries.find((c) => c.code === 'NL')!.homeCommunityId;
  const pid = `${ms.nationalId}^^^&${BSN}&ISO`;
  const list = await client.findDocuments(pid, nlHome);
  if (list.status !== 'Success') throw new Error(`FindDocuments for ${pid}: ${list.status} ${list.errors.map((e) => e.errorCode).join(', ')}`);
  const manifests = list.entries.filter((e) => e.mimeType === 'application/dicom');
  const newest = [...manifests].sort((a, b) => (slotOf(b, 'creationTime') ?? '').localeCompare(slotOf(a, 'creationTime') ?? ''))[0];
  if (!newest) throw new Error(`no manifest listed for ${pid}`);
  const refs = (e: (typeof list.entries)[number]): string[] => [...(e.slots.find((s) => s.name === 'urn:ihe:iti:xds:2013:referenceIdList')?.values ?? [])];
  const studyRef = refs(newest).find((v) => v.includes('studyInstanceUID'));
  const report = list.entries.find((e) => e.mimeType === 'text/xml' && studyRef !== undefined && refs(e).includes(studyRef));
  const documents = [newest, ...(report ? [report] : [])].map(documentRef);
  const docs = await client.retrieveDocuments(documents);
  if (docs.status !== 'Success' || !docs.documents[0]) throw new Error(`RetrieveDocumentSet: ${docs.status}`);
  return { pid, nlHome, studiesOfPatient: manifests.length, documents, images: imagingRequestFromKos(docs.documents[0].bytes, nlHome) };
}

interface Subject {
  readonly label: string;
  readonly evidenceDir?: string;
  readonly mutualTls: boolean;
}

interface Running extends Subject {
  readonly world: RunningWorld;
  readonly evidence: EvidenceSink;
  readonly client: NcpBClient;
  readonly plan: Plan;
  readonly nationalId: string;
  readonly startMs: number;
  readonly stateDir: string;
}

async function startSubject(subject: Subject, workDir: string): Promise<Running> {
  const evidence = createEvidenceRecorder(subject.evidenceDir ? { dir: subject.evidenceDir } : {});
  const stateDir = join(workDir, `state-${subject.label.replace(/\W+/g, '-')}`);
  await rm(stateDir, { recursive: true, force: true });
  const startedAt = performance.now();
  const world = await startWorld(parseWorld(worldFile(subject.mutualTls), 'bench-exchange.yaml'), { evidence, stateDir, timeoutMs: 30_000 });
  const startMs = performance.now() - startedAt;
  const transport = subject.mutualTls ? await hospitalTls() : undefined;
  const client = ncpBClient({ url: world.countries.get('CZ')!.url('ncpInitiating')!, timeoutMs: 30_000, ...(transport && { transport }) });
  const nationalId = world.fixtures.patients.find((x) => x.key === 'ms-follow-up')!.nationalId;
  return { ...subject, world, evidence, client, plan: await plan(client, world), nationalId, startMs, stateDir };
}

/**
 * Runs `call` on every world in turn, `warmup` times unmeasured then `rounds` times measured, so
 * that JIT warm-up, heap growth and other load on the machine fall on all worlds alike. A call
 * may return the time to count (when it does more than the measured exchange); else its whole
 * duration counts. The evidence is flushed after each call, outside the measured time: the
 * flush times are the recorder's backlog (`flushMs`).
 */
async function interleaved(runs: readonly Running[], warmup: number, rounds: number, call: (r: Running, measured: boolean) => Promise<number | void>): Promise<{ times: number[][]; flush: number[][] }> {
  const times = runs.map((): number[] => []);
  const flush = runs.map((): number[] => []);
  for (let i = 0; i < warmup + rounds; i++) {
    for (const [n, r] of runs.entries()) {
      const started = performance.now();
      const counted = await call(r, i >= warmup);
      const ms = counted ?? performance.now() - started;
      const flushStarted = performance.now();
      await r.evidence.flush();
      if (i < warmup) continue;
      times[n]!.push(ms);
      flush[n]!.push(performance.now() - flushStarted);
    }
  }
  return { times, flush };
}

/** A hospital client certificate of the world's test CA (the default PKI of startWorld). */
async function hospitalTls(): Promise<ReturnType<typeof tlsTransport>> {
  const pki = await createTestPki(join(cacheDir(), 'pki'));
  const cert = await pki.issue({ name: 'bench-cz-hospital', commonName: 'bench-cz-hospital.ixh.test', organisation: 'ixh bench hospital CZ', country: 'CZ', usage: 'tls-client' });
  return tlsTransport({ certPem: cert.certPem, keyPem: cert.keyPem, caPem: pki.caCertPem });
}

export async function measureCrossBorder(options: CrossBorderOptions): Promise<CrossBorder> {
  const { rounds, warmup, log } = options;
  const rss = rssSampler();
  const evidenceDir = join(options.workDir, 'evidence');
  await rm(evidenceDir, { recursive: true, force: true });
  await mkdir(options.workDir, { recursive: true });
  const subjects: Subject[] = [
    { label: 'HTTP, evidence in memory', mutualTls: false },
    { label: 'HTTP, evidence on disk', mutualTls: false, evidenceDir },
    { label: 'mTLS, evidence in memory', mutualTls: true },
  ];
  const runs: Running[] = [];
  try {
    for (const subject of subjects) {
      runs.push(await startSubject(subject, options.workDir));
      log(`${subject.label}: world started in ${runs.at(-1)!.startMs.toFixed(0)} ms`);
    }
    const step = async (name: string, call: (r: Running) => Promise<void>): Promise<{ times: number[][]; flush: number[][] }> => {
      const result = await interleaved(runs, warmup, rounds, call);
      log(`${name}: ${runs.map((r, n) => `${percentile(result.times[n]!, 50).toFixed(1)}`).join(' / ')} ms`);
      return result;
    };
    const discovery = await step('XCPD', async (r) => {
      const answer = await r.client.discoverPatient({ root: BSN, extension: r.nationalId });
      if (answer.queryResponseCode !== 'OK') throw new Error(`XCPD: ${answer.queryResponseCode}`);
    });
    const findHome = await step('ITI-38 @home', async (r) => {
      const list = await r.client.findDocuments(r.plan.pid, r.plan.nlHome);
      if (list.status !== 'Success') throw new Error(`ITI-38 @home: ${list.status}`);
    });
    const findFanOut = await step('ITI-38 fan-out', async (r) => {
      const list = await r.client.findDocuments(r.plan.pid);
      if (list.entries.length === 0) throw new Error(`ITI-38 fan-out: ${list.status}, nothing listed`);
    });
    const retrieveDocuments = await step('ITI-43', async (r) => {
      const docs = await r.client.retrieveDocuments(r.plan.documents);
      if (docs.status !== 'Success') throw new Error(`ITI-43: ${docs.status}`);
    });
    // The reports ITI-43 brought are filed by now; the images start from an idle importer.
    for (const r of runs) await r.world.countries.get('CZ')!.ncpB!.whenIdle();

    const wanted = runs[0]!.plan.images.studies.flatMap((s) => s.series.flatMap((x) => x.documents)).length;
    let bytes = 0;
    const idle = runs.map(() => [] as number[]);
    const notice = runs.map(() => [] as number[]);
    const pacs = runs.map(() => [] as number[]);
    const images = await interleaved(runs, warmup, rounds, async (r, measured) => {
      const ncpB = r.world.countries.get('CZ')!.ncpB!;
      const before = ncpB.arrivals.list().length;
      const started = performance.now();
      const answer = await r.client.retrieveImages(r.plan.images);
      const answered = performance.now();
      await ncpB.whenIdle();
      const imported = performance.now();
      if (answer.status !== 'Success' || answer.documents.length !== wanted) throw new Error(`RAD-69: ${answer.status}, ${answer.documents.length}/${wanted} instances`);
      bytes = answer.documents.reduce((sum, d) => sum + d.bytes.byteLength, 0);
      const arrival = ncpB.arrivals.list()[0];
      if (ncpB.arrivals.list().length !== before + 1 || !arrival || arrival.state !== 'imported' || arrival.counts.imagesStored !== wanted) {
        throw new Error(`import into CZ's PACS: ${arrival ? `${arrival.state}, ${arrival.counts.imagesStored}/${wanted} stored` : 'no arrival notice'}`);
      }
      const n = runs.indexOf(r);
      if (measured) {
        idle[n]!.push(imported - answered);
        notice[n]!.push(arrival.timings.importMs);
        pacs[n]!.push(arrival.timings.pacsMs ?? Number.NaN);
      }
      return answered - started;
    });
    const retrieveTimes = images.times;
    log(`RAD-69: ${runs.map((_, n) => percentile(retrieveTimes[n]!, 50).toFixed(0)).join(' / ')} ms; import ${runs.map((_, n) => percentile(idle[n]!, 50).toFixed(0)).join(' / ')} ms`);

    const results: ExchangeRun[] = runs.map((r, n) => {
      const median = percentile(retrieveTimes[n]!, 50);
      const flushes = [discovery, findHome, findFanOut, retrieveDocuments, images].flatMap((s) => s.flush[n]!);
      return {
        label: r.label,
        evidence: r.evidenceDir ? 'disk' : 'memory',
        mutualTls: r.mutualTls,
        startMs: r.startMs,
        discovery: latency(discovery.times[n]!),
        findHome: latency(findHome.times[n]!),
        findFanOut: latency(findFanOut.times[n]!),
        retrieveDocuments: latency(retrieveDocuments.times[n]!),
        retrieveImages: { ...latency(retrieveTimes[n]!), instancesPerS: wanted / (median / 1000), mbPerS: bytes / 1e6 / (median / 1000) },
        importIdle: latency(idle[n]!),
        importNotice: latency(notice[n]!),
        importPacs: latency(pacs[n]!),
        flush: latency(flushes),
        evidenceMessages: r.evidence.entries().length,
      };
    });
    const security = await measureSecurityCost(rounds * 10, log);
    return { rounds, warmup, study: { instances: wanted, bytes, studiesOfPatient: runs[0]!.plan.studiesOfPatient }, runs: results, security, peakRssMb: rss.peak() };
  } finally {
    for (const r of runs) {
      await r.world.stop();
      await r.evidence.close();
      await rm(r.stateDir, { recursive: true, force: true });
    }
    await rm(evidenceDir, { recursive: true, force: true });
    rss.stop();
  }
}
