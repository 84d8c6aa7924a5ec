/**
 * Starts a world: per country the simulated PACS, XDS registry and repository, imaging document
 * source, NCP (responding and initiating faces) and HIS/RIS report store, on the ports the world
 * names, then publishes each country's studies to its repository (RAD-68 for `xca-i`, OrCD for
 * `ehdsi-orcd`). An actor given as `sut:` is not started: the others are pointed at its address.
 *
 * Cross-border calls are signed with eHDSI assertions from a test PKI (cached beside the
 * fixtures) and pay the link emulation of both countries. Every message is recorded in one
 * evidence sink, actor names prefixed with the country ("FR.ncp-a").
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { cachedFixtures, cacheDir } from '../../fixtures/fixture-cache.ts';
import type { CountryCode, FixtureWorld } from '../../fixtures/model.ts';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { freePort } from '../../peers/free-port.ts';
import { validateAudit } from '../../validators/audit/index.ts';
import { createAuditRepository, type AuditRecord, type AuditRepository } from '../audit/audit-repository.ts';
import { createAuditSender, type AuditSender } from '../audit/audit-sender.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { prefixedSink } from '../evidence/prefixed-sink.ts';
import { reportStoreRoutes } from '../his/report-routes.ts';
import { createReportStore, type ReportStore } from '../his/report-store.ts';
import { IHE_IMAGING_REPORT_FORMAT_CODE } from '../imaging-source/xds-codes.ts';
import { imagingDocumentSource } from '../imaging-source/imaging-document-source.ts';
import { dimseBackend, worldFromPacs, type DimsePacsAddress } from '../imaging-source/dimse-backed-source.ts';
import { renderCdaImagingReport } from '../imaging-source/cda-report.ts';
import { worldPriorStudy } from '../imaging-source/cda-comparison.ts';
import { worldExposure } from '../imaging-source/cda-radiation.ts';
import { publishOrcdStudy } from '../imaging-source/orcd-publisher.ts';
import { publishWorld } from '../imaging-source/rad68-publisher.ts';
import { worldStudies } from '../imaging-source/study-from-world.ts';
import { emulatedLink } from '../link/emulated-link.ts';
import { createInitiatingGateway, type Community, type InitiatingGateway } from '../ncp/initiating/index.ts';
import { assertionClock, parseNcpBFault } from '../ncp/initiating/faults.ts';
import { parseNcpAFault } from '../ncp/responding/faults.ts';
import type { PushHop } from '../ncp/push/push-gateway.ts';
import { linkBetween, linkPushGateways, startCountryPush, type RunningPush } from '../ncp/push/world-push.ts';
import { patientDirectoryFromWorld, type PatientDirectory } from '../ncp/responding/patient-directory.ts';
import { NCP_A_PATHS, respondingGateway } from '../ncp/responding/responding-gateway.ts';
import type { DimseTlsClient, DimseTlsServer } from '../dimse/dimse-tls.ts';
import { createPacs, type Pacs } from '../pacs/pacs.ts';
import { documentRegistry } from '../registry/document-registry.ts';
import { documentRepository } from '../registry/document-repository.ts';
import { openDocumentStore } from '../registry/document-store.ts';
import { httpRegistry, inProcessRegistry } from '../registry/registry-link.ts';
import { createRegistryService } from '../registry/registry-service.ts';
import { fetchTransport, type HttpTransport } from '../soap/soap-client.ts';
import { createAssertionProvider } from '../security/assertion-provider.ts';
import { httpsOptions, tlsTransport } from '../security/mtls.ts';
import { createRequestAuthorizer } from '../security/request-authorizer.ts';
import { createTestPki, type IssuedCertificate, type TestPki } from '../security/test-pki.ts';
import { consentCheck } from './consent.ts';
import { actorUrl, ACTOR_PATHS, type WorldConfig, type WorldCountry } from './world-config.ts';

export interface StartWorldOptions {
  readonly evidence: EvidenceSink;
  /** Part 10 fixtures with one folder per country; generated into the cache when absent. */
  readonly fixturesDir?: string;
  /** PACS storage of received instances; a temporary folder (removed at stop) when absent. */
  readonly stateDir?: string;
  /** The test PKI; `<cache>/pki` when absent. */
  readonly pkiDir?: string;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
  /** Cross-border call timeout; 30 s by default. */
  readonly timeoutMs?: number;
  /**
   * Opt-in per-request scope for every country's HTTP app (connectathon sessions): `rewriteUrl`
   * is fastify's server option of that name, `enter` runs the rest of a request's handling (from
   * preHandler on) so that it can open e.g. an AsyncLocalStorage scope. Absent: no change at all.
   */
  readonly requestScope?: HttpRequestScope;
}

export interface HttpRequestScope {
  rewriteUrl(raw: IncomingMessage): string;
  enter(raw: IncomingMessage, next: () => void): void;
}

export interface CountryEndpoints {
  readonly code: CountryCode;
  readonly homeCommunityId: string;
  readonly profile: string;
  /** Each actor's address (URL, or `AE@host:port` for the PACS), and whether it is a SUT. */
  readonly actors: readonly { readonly actor: string; readonly address: string; readonly sut: boolean }[];
}

export interface RunningCountry {
  readonly config: WorldCountry;
  readonly pacs?: Pacs;
  readonly ncpB?: InitiatingGateway;
  readonly reports?: ReportStore;
  readonly patients: PatientDirectory;
  /** Studies published at start: manifests/documents the repository accepted, and failures. */
  readonly published: { readonly studies: number; readonly failed: number; readonly failures: readonly string[] };
  url(actor: Exclude<keyof typeof ACTOR_PATHS, never>): string | undefined;
  /** NCP-A's face URLs (XCPD, XCA, XCA-I) when it has one. */
  readonly ncpA?: { readonly xcpd: string; readonly xca: string; readonly xcai: string };
  /** The NCP's DIMSE push gateway (UC-543): a push called to another country's gateway AE crosses the emulated link to it. */
  readonly push?: RunningPush;
  /** The country's Audit Record Repository, which its simulated NCPs audit to (absent when turned off). */
  readonly auditRepository?: AuditRepository;
  /** What the repository received so far (empty without one). */
  audits(): readonly AuditRecord[];
  /** Waits until the country's NCPs have handed every queued audit message to the repository. */
  flushAudits(): Promise<void>;
}

export interface RunningWorld {
  readonly config: WorldConfig;
  readonly fixtures: FixtureWorld;
  /** The world's test CA: certificates it issues (e.g. a vendor's, vendor-certificates.ts) pass every TLS endpoint of the world. */
  readonly pki: TestPki;
  readonly countries: ReadonlyMap<CountryCode, RunningCountry>;
  /** What `ixh serve world` prints: every endpoint of every country. */
  endpoints(): CountryEndpoints[];
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Attempts at starting a world whose free ports were taken between choosing and binding them. */
const PORT_RACE_ATTEMPTS = 4;

export async function startWorld(requested: WorldConfig, options: StartWorldOptions): Promise<RunningWorld> {
  // Port 0 is resolved to a free port before any actor starts (each needs the others' addresses);
  // another process may bind it in between. Only then is starting again the right answer.
  const choosesPorts = requested.countries.some((c) => c.http.port === 0 || (c.pacs.kind === 'simulated' && c.pacs.port === 0));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorldOnce(requested, options);
    } catch (err) {
      if (!choosesPorts || attempt >= PORT_RACE_ATTEMPTS || !isAddressInUse(err)) throw err;
      options.log?.(`a chosen port was taken meanwhile (${(err as Error).message}); starting again`);
    }
  }
}

function isAddressInUse(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === 'EADDRINUSE' || /EADDRINUSE/.test(String((e as Error).message))) return true;
  }
  return false;
}

async function startWorldOnce(requested: WorldConfig, options: StartWorldOptions): Promise<RunningWorld> {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? (() => new Date());
  const config = await withBoundPorts(requested);
  const selection = { seed: config.seed, patients: config.patientsPerCountry, countries: config.countries.map((c) => c.code) };
  const fixturesDir = options.fixturesDir ?? (await cachedFixtures(selection, log));
  const fixtures = buildWorld(selection);
  const tempState = options.stateDir === undefined ? await mkdtemp(join(tmpdir(), 'ixh-world-')) : undefined;
  const stateDir = options.stateDir ?? tempState!;
  const pki = await createTestPki(options.pkiDir ?? join(cacheDir(), 'pki'));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const started: { app?: FastifyInstance; pacs?: Pacs; reports?: ReportStore; actor?: { stop(): Promise<void> } }[] = [];
  const pushGateways: { country: WorldCountry; push: RunningPush; routes: Map<string, PushHop> }[] = [];
  const countries = new Map<CountryCode, RunningCountry>();
  try {
    const identities = new Map<CountryCode, CountryIdentity>();
    for (const c of config.countries) identities.set(c.code, await countryIdentity(pki, c, config.tls.mutual, config.tls.dimse === true));

    for (const country of config.countries) {
      const identity = identities.get(country.code)!;
      const evidence = prefixedSink(options.evidence, country.code);
      const patients = patientDirectoryFromWorld(fixtures, country.code);
      const pacs = country.pacs.kind === 'simulated'
        ? createPacs({ aeTitle: country.pacs.aeTitle, host: country.pacs.host, port: country.pacs.port, storageDir: join(stateDir, country.code, 'pacs'), importDirs: existsSync(join(fixturesDir, country.code)) ? [join(fixturesDir, country.code)] : [], importDirsImmutable: true, behaviour: { faults: country.pacs.faults }, peers: { ...worldPacsTable(config), ...country.pacs.peers }, ...(identity.dimse && { tls: identity.dimse }) }, evidence)
        : undefined;
      if (pacs) {
        started.push({ pacs });
        await pacs.start();
      }
      const reports = country.reportStore.kind === 'simulated' ? createReportStore() : undefined;
      const audit = await startAuditTrail(country, pki, evidence);
      if (audit) started.push({ actor: audit });
      const transport = crossBorderTransport(config, country, identity);
      const ncpB = country.ncpInitiating.kind === 'simulated'
        ? createInitiatingGateway({
            evidence,
            homeCommunityId: country.homeCommunityId,
            deviceOid: country.deviceOid,
            communities: communitiesFor(config, country, fixtures),
            ...(country.ncpInitiating.faults && { faults: country.ncpInitiating.faults.map(parseNcpBFault) }),
            assertions: createAssertionProvider({ signer: identity.signing, hcp: { locality: country.code, organisation: `ixh test hospital ${country.code}` }, clock: assertionClock(clock, country.ncpInitiating.faults) }),
            transport,
            timeoutMs,
            ...(audit && { audit: audit.senders.ncpB }),
            importer: {
              ...(country.pacs.kind !== 'none' && { pacs: { host: country.pacs.host, port: country.pacs.port, aeTitle: country.pacs.aeTitle, callingAeTitle: `IXH_${country.code}_NCPB`, ...(identity.dimse && { tls: identity.dimse.client }) } }),
              ...(reports && { reports }),
            },
          })
        : undefined;
      const app = await countryApp(config, country, identity, {
        evidence,
        patients,
        pacs,
        reports,
        ncpB,
        consent: consentCheck(country.consent, fixtures, country.code),
        pki,
        clock,
        timeoutMs,
        ...(audit && { audit: audit.senders.ncpA }),
        ...(options.requestScope && { requestScope: options.requestScope }),
      });
      started.push({ app, ...(reports && { reports }) });
      if (app) await app.listen({ host: country.http.host, port: country.http.port });
      const pushRoutes = new Map<string, PushHop>();
      const push = ncpB ? await startCountryPush(country, evidence, ncpB.arrivals, pushRoutes, timeoutMs, identity.dimse) : undefined;
      if (push) {
        started.push({ actor: push.gateway });
        pushGateways.push({ country, push, routes: pushRoutes });
      }
      const url = (actor: keyof typeof ACTOR_PATHS): string | undefined => actorUrl(config, country, actor);
      const ncpBase = url('ncpResponding');
      countries.set(country.code, {
        config: country,
        ...(pacs && { pacs }),
        ...(ncpB && { ncpB }),
        ...(reports && { reports }),
        patients,
        published: { studies: 0, failed: 0, failures: [] },
        url,
        ...(ncpBase && { ncpA: ncpAUrls(country, ncpBase) }),
        ...(push && { push }),
        ...(audit && { auditRepository: audit.repository }),
        audits: () => audit?.repository.records() ?? [],
        flushAudits: async () => {
          await audit?.flush();
        },
      });
    }
    for (const proxy of await linkPushGateways(pushGateways, config.seed)) started.push({ actor: proxy });

    await Promise.all(config.countries.map(async (country) => {
      const running = countries.get(country.code)!;
      const published = await publishCountry(config, country, running, fixtures, prefixedSink(options.evidence, country.code), clock, crossBorderTransport(config, country, identities.get(country.code)!, false), identities.get(country.code)!.dimse?.client);
      countries.set(country.code, { ...running, published });
      log(`${country.code}: ${published.studies - published.failed}/${published.studies} studies published${published.failed ? ` (${published.failed} failed: ${published.failures.slice(0, 3).join('; ')})` : ''}`);
    }));
  } catch (err) {
    await stopAll(started);
    if (tempState) await rm(tempState, { recursive: true, force: true });
    throw err;
  }

  return {
    config,
    fixtures,
    pki,
    countries,
    endpoints: () => config.countries.map((c) => endpointsOf(config, c)),
    stop: async () => {
      await Promise.all([...countries.values()].map((c) => c.ncpB?.whenIdle()));
      await stopAll(started);
      if (tempState) await rm(tempState, { recursive: true, force: true });
    },
  };
}

interface CountryIdentity {
  readonly signing: IssuedCertificate;
  readonly tls?: { readonly server: IssuedCertificate; readonly client: IssuedCertificate; readonly caPem: string };
  /** DICOM TLS of the country's PACS, push gateway and DIMSE clients (`tls: { dimse: true }`). */
  readonly dimse?: { readonly server: DimseTlsServer; readonly client: DimseTlsClient };
  readonly caPem: string;
}

async function countryIdentity(pki: TestPki, country: WorldCountry, mutualTls: boolean, dimseTls: boolean): Promise<CountryIdentity> {
  const name = country.code.toLowerCase();
  const organisation = `ixh NCP ${country.code}`;
  const signing = await pki.issue({ name: `ncp-${name}-signing`, commonName: `ncp-${name}.ixh.test`, organisation, country: country.code, usage: 'signing' });
  const dimse = dimseTls ? await dimseIdentity(pki, country) : undefined;
  if (!mutualTls) return { signing, caPem: pki.caCertPem, ...(dimse && { dimse }) };
  const server = await pki.issue({ name: `${name}-tls-server`, commonName: 'localhost', organisation, country: country.code, usage: 'tls-server' });
  const client = await pki.issue({ name: `${name}-tls-client`, commonName: `ncp-${name}.ixh.test`, organisation, country: country.code, usage: 'tls-client' });
  return { signing, tls: { server, client, caPem: pki.caCertPem }, caPem: pki.caCertPem, ...(dimse && { dimse }) };
}

/** One certificate per country for DIMSE: its AEs accept (PACS, push gateway) and open associations. */
async function dimseIdentity(pki: TestPki, country: WorldCountry): Promise<NonNullable<CountryIdentity['dimse']>> {
  const name = country.code.toLowerCase();
  const cert = await pki.issue({ name: `${name}-dimse`, commonName: `dimse-${name}.ixh.test`, organisation: `ixh DICOM ${country.code}`, country: country.code, usage: 'tls-both' });
  return {
    server: { certPem: cert.certPem, keyPem: cert.keyPem, caPem: pki.caCertPem, requireClientCert: true },
    client: { certPem: cert.certPem, keyPem: cert.keyPem, caPem: pki.caCertPem },
  };
}

interface CountryParts {
  readonly evidence: EvidenceSink;
  readonly patients: PatientDirectory;
  readonly pacs: Pacs | undefined;
  readonly reports: ReportStore | undefined;
  readonly ncpB: InitiatingGateway | undefined;
  readonly consent: (patientId: string) => boolean;
  readonly pki: TestPki;
  readonly clock: () => Date;
  readonly timeoutMs: number;
  /** Where NCP-A audits. */
  readonly audit?: AuditSender;
  readonly requestScope?: HttpRequestScope;
}

/** The country's HTTP listener with every simulated SOAP actor under its path; undefined when none is simulated. */
async function countryApp(config: WorldConfig, country: WorldCountry, identity: CountryIdentity, parts: CountryParts): Promise<FastifyInstance | undefined> {
  const simulated = (['registry', 'repository', 'imagingSource', 'ncpResponding', 'ncpInitiating', 'reportStore'] as const).filter((a) => country[a].kind === 'simulated');
  if (simulated.length === 0) return undefined;
  const tls = identity.tls;
  // One type for both: the plugins do not care whether TLS is underneath.
  const scope = parts.requestScope;
  const scoped = scope ? { rewriteUrl: (raw: IncomingMessage) => scope.rewriteUrl(raw) } : {};
  const app = (tls ? Fastify({ ...scoped, https: httpsOptions({ certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: tls.caPem, requireClientCert: true }) }) : Fastify(scoped)) as unknown as FastifyInstance;
  // Added before any plugin: root hooks reach every route registered after them.
  if (scope) app.addHook('preHandler', (req, _reply, done) => scope.enter(req.raw, done));
  const { evidence } = parts;
  const localTransport = crossBorderTransport(config, country, identity, false);
  const url = (actor: keyof typeof ACTOR_PATHS): string | undefined => actorUrl(config, country, actor);

  const registry = country.registry.kind === 'simulated' ? createRegistryService({ knownPatients: parts.patients.all().map((p) => p.xdsPatientId) }) : undefined;
  if (registry) {
    await app.register(documentRegistry, { prefix: ACTOR_PATHS.registry, evidence, registry });
    app.addHook('onClose', async () => registry.close());
  }
  if (country.repository.kind === 'simulated') {
    const registryUrl = url('registry');
    const link = registry ? inProcessRegistry(registry, { sink: evidence, actor: 'xds-repository' }) : registryUrl ? httpRegistry(registryUrl, { sink: evidence, actor: 'xds-repository' }) : undefined;
    if (!link) throw new Error(`${country.code}: the simulated repository needs a registry`);
    await app.register(documentRepository, { prefix: ACTOR_PATHS.repository, evidence, registry: link, documents: openDocumentStore(), repositoryUniqueId: country.repositoryUniqueId, homeCommunityId: country.homeCommunityId });
  }
  if (country.imagingSource.kind === 'simulated') {
    // Over a SUT PACS (or with `retrieve: c-get`), RAD-69 fetches the instances by C-GET (dimse-backed-source.ts).
    const dimseTls = identity.dimse?.client;
    const dimsePacs = sutPacsAddress(country, parts.timeoutMs, dimseTls) ?? (country.imagingSource.kind === 'simulated' && country.imagingSource.retrieve === 'c-get' && parts.pacs ? simulatedPacsAddress(country, parts.pacs, parts.timeoutMs, dimseTls) : undefined);
    if (!parts.pacs && !dimsePacs) throw new Error(`${country.code}: the simulated imaging document source needs a PACS; this country has none`);
    const source = dimsePacs ? { backend: dimseBackend(dimsePacs, { evidence }) } : { index: parts.pacs!.index };
    await app.register(imagingDocumentSource, { prefix: ACTOR_PATHS.imagingSource, evidence, ...source, repositoryUniqueId: country.repositoryUniqueId, homeCommunityId: country.homeCommunityId });
  }
  if (country.ncpResponding.kind === 'simulated') {
    const registryUrl = url('registry');
    const repositoryUrl = url('repository');
    const imagingSourceUrl = url('imagingSource');
    if (!registryUrl || !repositoryUrl) throw new Error(`${country.code}: NCP-A needs a registry and a repository`);
    await app.register(respondingGateway, {
      prefix: ACTOR_PATHS.ncpResponding,
      evidence,
      homeCommunityId: country.homeCommunityId,
      deviceOid: country.deviceOid,
      authorizer: createRequestAuthorizer({ trustedCaPems: [parts.pki.caCertPem], consent: parts.consent, clock: parts.clock }),
      patients: parts.patients,
      registryUrl,
      repositories: { [country.repositoryUniqueId]: repositoryUrl },
      imagingSourceUrl: imagingSourceUrl ?? 'http://imaging-source.invalid/',
      transport: localTransport,
      timeoutMs: parts.timeoutMs,
      ...(country.ncpResponding.faults && { faults: country.ncpResponding.faults.map(parseNcpAFault) }),
      ...(parts.audit && { audit: parts.audit }),
    });
  }
  if (parts.ncpB) await app.register(parts.ncpB.plugin, { prefix: ACTOR_PATHS.ncpInitiating });
  if (parts.reports) {
    const store = parts.reports;
    await app.register(reportStoreRoutes, { prefix: ACTOR_PATHS.reportStore.replace(/\/reports$/, ''), store });
  }
  return app;
}

interface AuditTrail {
  readonly repository: AuditRepository;
  readonly senders: { readonly ncpA: AuditSender; readonly ncpB: AuditSender };
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The country's Audit Record Repository (TLS with a certificate of the world PKI, and UDP; each on
 * a free port unless the world names one), judging every message with the audit rules, and the
 * TLS senders its NCPs audit through. Off when the world says `auditRepository: false`.
 */
async function startAuditTrail(country: WorldCountry, pki: TestPki, evidence: EvidenceSink): Promise<AuditTrail | undefined> {
  if (country.auditRepository === false) return undefined;
  const settings = country.auditRepository ?? { udpPort: 0, tlsPort: 0, requireClientCert: false };
  const name = country.code.toLowerCase();
  const organisation = `ixh NCP ${country.code}`;
  const [server, client] = await Promise.all([
    pki.issue({ name: `${name}-audit-server`, commonName: 'localhost', organisation, country: country.code, usage: 'tls-server' }),
    pki.issue({ name: `${name}-audit-client`, commonName: `ncp-${name}.ixh.test`, organisation, country: country.code, usage: 'tls-client' }),
  ]);
  const repository = createAuditRepository({
    evidence,
    host: country.http.host,
    udpPort: settings.udpPort,
    tls: { port: settings.tlsPort, certPem: server.certPem, keyPem: server.keyPem, caPem: pki.caCertPem, requireClientCert: settings.requireClientCert },
    judge: (message, subject) => validateAudit({ message }, { subjectName: subject }).findings,
  });
  await repository.start();
  const sender = (appName: string) =>
    createAuditSender({ appName, transport: { kind: 'tls', host: country.http.host, port: repository.address.tlsPort!, caPem: pki.caCertPem, servername: 'localhost', certPem: client.certPem, keyPem: client.keyPem } });
  const senders = { ncpA: sender(`ncp-a-${name}`), ncpB: sender(`ncp-b-${name}`) };
  return {
    repository,
    senders,
    flush: async () => {
      await Promise.all([senders.ncpA.flush(), senders.ncpB.flush()]);
    },
    stop: async () => {
      await Promise.all([senders.ncpA.close(), senders.ncpB.close()]);
      await repository.stop();
    },
  };
}

/** A SUT PACS as the simulated imaging source reaches it (its own AE title `IXH_<code>_IMGSRC`). */
function sutPacsAddress(country: WorldCountry, timeoutMs?: number, tls?: DimseTlsClient): DimsePacsAddress | undefined {
  if (country.pacs.kind !== 'sut') return undefined;
  return { host: country.pacs.host, port: country.pacs.port, aeTitle: country.pacs.aeTitle, callingAeTitle: `IXH_${country.code}_IMGSRC`, ...(timeoutMs !== undefined && { timeoutMs }), ...(tls && { tls }) };
}

/** The running simulated PACS as an imaging source with `retrieve: c-get` reaches it (its port may have been 0 in the file). */
function simulatedPacsAddress(country: WorldCountry, pacs: Pacs, timeoutMs?: number, tls?: DimseTlsClient): DimsePacsAddress {
  const { host, port, aeTitle } = pacs.address;
  return { host, port, aeTitle: aeTitle ?? (country.pacs.kind === 'simulated' ? country.pacs.aeTitle : 'ANY-SCP'), callingAeTitle: `IXH_${country.code}_IMGSRC`, ...(timeoutMs !== undefined && { timeoutMs }), ...(tls && { tls }) };
}

function ncpAUrls(country: WorldCountry, base: string): { xcpd: string; xca: string; xcai: string } {
  // A SUT NCP-A is one URL for every transaction; the simulated one has a path per face.
  if (country.ncpResponding.kind === 'sut') return { xcpd: base, xca: base, xcai: base };
  return { xcpd: base + NCP_A_PATHS.xcpd, xca: base + NCP_A_PATHS.xca, xcai: base + NCP_A_PATHS.xcai };
}

/** Every other country with an NCP-A, as NCP-B of `self` reaches it. */
function communitiesFor(config: WorldConfig, self: WorldCountry, fixtures: FixtureWorld): Community[] {
  return config.countries
    .filter((c) => c.code !== self.code && c.ncpResponding.kind !== 'none')
    .map((c) => {
      const urls = ncpAUrls(c, actorUrl(config, c, 'ncpResponding')!);
      const nationalIdOid = fixtures.countries.find((f) => f.code === c.code)?.nationalIdScheme.oid;
      return { homeCommunityId: c.homeCommunityId, country: c.code, xcpdUrl: urls.xcpd, xcaQueryUrl: urls.xca, xcaRetrieveUrl: urls.xca, xcaiRetrieveUrl: urls.xcai, ...(nationalIdOid && { nationalIdOid }) };
    });
}

/**
 * How `country`'s outbound calls travel: mutual TLS when the world asks for it, and across the
 * border the emulated link of both ends (latencies add up, the slower bandwidth wins).
 */
function crossBorderTransport(config: WorldConfig, country: WorldCountry, identity: CountryIdentity, crossBorder = true): HttpTransport {
  const base = identity.tls ? tlsTransport({ certPem: identity.tls.client.certPem, keyPem: identity.tls.client.keyPem, caPem: identity.tls.caPem }) : fetchTransport;
  if (!crossBorder) return base;
  const byOrigin = new Map<string, HttpTransport>();
  for (const other of config.countries) {
    if (other.code === country.code) continue;
    const origin = originOf(actorUrl(config, other, 'ncpResponding'));
    if (!origin) continue;
    byOrigin.set(origin, emulatedLink(base, linkBetween(country, other, config.seed)));
  }
  return (request) => (byOrigin.get(originOf(request.url) ?? '') ?? base)(request);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

async function publishCountry(config: WorldConfig, country: WorldCountry, running: RunningCountry, fixtures: FixtureWorld, evidence: EvidenceSink, clock: () => Date, transport: HttpTransport, dimseTls?: DimseTlsClient): Promise<RunningCountry['published']> {
  const repositoryUrl = running.url('repository');
  const sutPacs = sutPacsAddress(country, undefined, dimseTls);
  if (country.imagingSource.kind !== 'simulated' || !(running.pacs || sutPacs) || !repositoryUrl) return { studies: 0, failed: 0, failures: [] };
  const common = { repositoryUrl, repositoryUniqueId: country.repositoryUniqueId, uidRoot: fixtures.uidRoot, clock, evidence, transport };
  if (country.profile === 'ehdsi-orcd') {
    if (!running.pacs) return { studies: 0, failed: 0, failures: [] }; // refused by world-checks.ts
    const index = running.pacs.index;
    const studies = worldStudies(fixtures).filter((ws) => ws.country.code === country.code);
    const failures: string[] = [];
    for (const ws of studies) {
      try {
        const exposure = worldExposure(fixtures, ws.study.studyInstanceUid);
        const result = await publishOrcdStudy({ ...common, ws, fileOf: (uid) => index.fileOf(uid)?.path, ...(exposure && { exposure }) });
        if (result.status !== 'Success') failures.push(`${ws.study.accessionNumber}: ${result.status} ${result.errors.map((e) => e.errorCode).join(',')}`);
      } catch (err) {
        failures.push(`${ws.study.accessionNumber}: ${(err as Error).message}`);
      }
    }
    return { studies: studies.length, failed: failures.length, failures };
  }
  // A SUT PACS: manifests list what it answers to C-FIND, not what the fixtures say it holds.
  let world = fixtures;
  if (sutPacs) {
    try {
      world = (await worldFromPacs(fixtures, country.code, sutPacs, { evidence })).world;
    } catch (err) {
      return { studies: 0, failed: 1, failures: [`${sutPacs.aeTitle}@${sutPacs.host}:${sutPacs.port} cannot be queried: ${(err as Error).message}`] };
    }
  }
  const result = await publishWorld({
    ...common,
    world,
    country: country.code,
    retrieveAeTitle: country.pacs.kind === 'none' ? country.code : country.pacs.aeTitle,
    report: (ws) => {
      if (!ws.report) return undefined;
      const exposure = worldExposure(fixtures, ws.study.studyInstanceUid);
      const comparison = worldPriorStudy(fixtures, ws.study.studyInstanceUid);
      const cda = renderCdaImagingReport(ws, { uidRoot: fixtures.uidRoot, ...(exposure && { exposure }), ...(comparison && { comparison }) });
      return { bytes: cda.bytes, mimeType: cda.mimeType, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, uniqueId: cda.uniqueId };
    },
  });
  return { studies: result.studies, failed: result.failed, failures: result.failures.map((f) => `${f.accessionNumber}: ${f.reason}`) };
}

function endpointsOf(config: WorldConfig, country: WorldCountry): CountryEndpoints {
  const actors: { actor: string; address: string; sut: boolean }[] = [];
  for (const actor of ['registry', 'repository', 'imagingSource', 'ncpInitiating', 'reportStore'] as const) {
    const url = actorUrl(config, country, actor);
    if (url) actors.push({ actor, address: url, sut: country[actor].kind === 'sut' });
  }
  const ncp = actorUrl(config, country, 'ncpResponding');
  if (ncp) {
    const urls = ncpAUrls(country, ncp);
    const sut = country.ncpResponding.kind === 'sut';
    actors.push({ actor: 'ncpResponding.xcpd', address: urls.xcpd, sut }, { actor: 'ncpResponding.xca', address: urls.xca, sut }, { actor: 'ncpResponding.xcai', address: urls.xcai, sut });
  }
  if (country.pacs.kind !== 'none') actors.push({ actor: 'pacs', address: `${country.pacs.aeTitle}@${country.pacs.host}:${country.pacs.port}`, sut: country.pacs.kind === 'sut' });
  return { code: country.code, homeCommunityId: country.homeCommunityId, profile: country.profile, actors };
}

/** Every PACS of the world by AE title: each simulated PACS can C-MOVE to any other. */
function worldPacsTable(config: WorldConfig): Record<string, { host: string; port: number }> {
  const table: Record<string, { host: string; port: number }> = {};
  for (const c of config.countries) if (c.pacs.kind !== 'none') table[c.pacs.aeTitle] = { host: c.pacs.host, port: c.pacs.port };
  return table;
}

/** Port 0 in a world file means "any free port": chosen here, before any actor needs another's address. */
async function withBoundPorts(config: WorldConfig): Promise<WorldConfig> {
  const countries: WorldCountry[] = [];
  for (const c of config.countries) {
    const http = c.http.port === 0 ? { ...c.http, port: await freePort() } : c.http;
    const pacs = c.pacs.kind === 'simulated' && c.pacs.port === 0 ? { ...c.pacs, port: await freePort() } : c.pacs;
    countries.push({ ...c, http, pacs });
  }
  return { ...config, countries };
}

async function stopAll(started: readonly { app?: FastifyInstance; pacs?: Pacs; reports?: ReportStore; actor?: { stop(): Promise<void> } }[]): Promise<void> {
  const errors: unknown[] = [];
  for (const s of [...started].reverse()) {
    try {
      if (s.actor) await s.actor.stop();
      if (s.app) await s.app.close();
      if (s.pacs) await s.pacs.stop();
      s.reports?.close();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw new AggregateError(errors, `stopping the world: ${errors.length} actor(s) failed to stop`);
}
