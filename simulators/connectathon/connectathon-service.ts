/**
 * Connectathon mode: a world whose simulators run until stopped, a dashboard where vendors open
 * test sessions, and the session store. Every message a vendor's system exchanges with the world
 * is attributed to its session (attributing-sink.ts), stored before the sender is acknowledged,
 * validated right after and pushed live to the session's dashboard.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { cacheDir } from '../../fixtures/fixture-cache.ts';
import { createTestPki } from '../security/test-pki.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import { createDiscardingSink } from '../evidence/discarding-sink.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { startWorld, type RunningWorld } from '../world/start-world.ts';
import type { WorldConfig } from '../world/world-config.ts';
import { createAttributingSink, type AttributingSink } from './attributing-sink.ts';
import { dashboard, SessionRequestError } from './dashboard.ts';
import { ROLES } from './dashboard-page.ts';
import { createValidationQueue, type ValidationQueue, type ValidationStats } from './live-validation.ts';
import { createSessionEvents } from './session-events.ts';
import { createSessionScope, sessionUrl } from './session-scope.ts';
import type { SessionRecord, SessionStore } from './store/session-store.ts';
import { issueVendorCertificate } from './vendor-certificates.ts';

/** What a vendor gets to speak TLS with the world: issued at session creation (vendor-certificates.ts). */
export interface VendorCertificates {
  readonly certPem: string;
  readonly keyPem: string;
  readonly caCertPem: string;
}
export type CertificateProvider = (request: { readonly sessionId: string; readonly vendor: string }) => Promise<VendorCertificates>;

export interface ConnectathonServiceOptions {
  readonly world: WorldConfig;
  readonly store: SessionStore;
  readonly dashboard: { readonly host?: string; readonly port: number };
  /** The ordinary evidence of the world (every message, attributed or not); discarded when absent. */
  readonly evidence?: EvidenceSink;
  /** Host name put in the endpoints handed to vendors (the world's own host when absent). */
  readonly publicHost?: string;
  readonly stateDir?: string;
  readonly pkiDir?: string;
  readonly fixturesDir?: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Ed25519 key sealing the evidence downloads; one is generated per start when absent. */
  readonly signingKey?: KeyObject;
  /**
   * Issues each new session's TLS certificate. Default: one from the world's test CA (the PKI in
   * `pkiDir`, as startWorld uses it); `false`: sessions get none.
   */
  readonly certificates?: CertificateProvider | false;
}

export interface SessionEndpoints {
  readonly countries: readonly {
    readonly code: string;
    readonly profile: string;
    readonly homeCommunityId: string;
    /** The world's SOAP endpoints under the session's URL prefix. */
    readonly soap: readonly { readonly actor: string; readonly url: string }[];
    /** The country's PACS: call it with your own declared AE title as calling AE. */
    readonly pacs?: { readonly aeTitle: string; readonly host: string; readonly port: number };
  }[];
}

export interface ConnectathonService {
  readonly world: RunningWorld;
  readonly dashboardUrl: string;
  readonly dashboardApp: FastifyInstance;
  readonly sink: AttributingSink;
  endpointsFor(session: Pick<SessionRecord, 'id'>): SessionEndpoints;
  openSession(body: unknown): Promise<{ readonly session: SessionRecord } & Record<string, unknown>>;
  closeSession(id: string): void;
  stats(): { readonly attributed: number; readonly storeFailures: number; readonly validation: ValidationStats };
  /** Resolves when every attributed message so far is validated. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const AE_TITLE = /^[ -[\]-~]{1,16}$/;
const RESERVED_AE = /^IXH_/i;

interface SessionRequest {
  readonly vendor: unknown;
  readonly role: unknown;
  readonly aeTitle?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly url?: unknown;
}

export async function startConnectathonService(options: ConnectathonServiceOptions): Promise<ConnectathonService> {
  const { store } = options;
  const log = options.log ?? (() => {});
  const signingKey = options.signingKey ?? generateKeyPairSync('ed25519').privateKey;
  const open = new Set<string>();
  const aeOwners = new Map<string, string>();
  const certificates = new Map<string, VendorCertificates>();
  const issue: CertificateProvider | undefined =
    options.certificates === false
      ? undefined
      : (options.certificates ?? (async (request) => issueVendorCertificate(await createTestPki(options.pkiDir ?? join(cacheDir(), 'pki')), request)));
  const claim = (s: SessionRecord): void => {
    open.add(s.id);
    if (typeof s.addresses.aeTitle === 'string') aeOwners.set(s.addresses.aeTitle, s.id);
  };
  // Sessions resume after a restart: their AE titles and URL prefixes are honoured again.
  for (const s of store.sessions()) if (s.closedAt === undefined) claim(s);

  const profiles = new Map<string, ValidationProfile>(options.world.countries.map((c) => [c.code, c.profile]));
  const scope = createSessionScope((id) => open.has(id));
  const events = createSessionEvents();
  const validation: ValidationQueue = createValidationQueue();
  const sink = createAttributingSink({
    inner: options.evidence ?? createDiscardingSink(),
    store,
    scope,
    sessionOfAeTitle: (ae) => aeOwners.get(ae),
    profileOf: (actor) => profiles.get(actor.split('.')[0] ?? '') ?? 'base',
    events,
    validation,
  });

  const world = await startWorld(options.world, {
    evidence: sink,
    requestScope: scope,
    log,
    ...(options.stateDir && { stateDir: options.stateDir }),
    ...(options.pkiDir && { pkiDir: options.pkiDir }),
    ...(options.fixturesDir && { fixturesDir: options.fixturesDir }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  const worldAeTitles = new Set(world.endpoints().flatMap((c) => c.actors.filter((a) => a.actor === 'pacs').map((a) => a.address.split('@')[0]!)));

  function endpointsFor(session: Pick<SessionRecord, 'id'>): SessionEndpoints {
    return {
      countries: world.endpoints().map((c) => {
        const pacs = world.countries.get(c.code)?.pacs?.address;
        const publicUrl = (url: string): string => {
          const u = new URL(sessionUrl(url, session.id));
          if (options.publicHost) u.hostname = options.publicHost;
          return u.toString();
        };
        return {
          code: c.code,
          profile: c.profile,
          homeCommunityId: c.homeCommunityId,
          soap: c.actors.filter((a) => !a.sut && /^https?:\/\//.test(a.address)).map((a) => ({ actor: a.actor, url: publicUrl(a.address) })),
          ...(pacs?.aeTitle && { pacs: { aeTitle: pacs.aeTitle, host: options.publicHost ?? pacs.host, port: pacs.port } }),
        };
      }),
    };
  }

  function describe(session: SessionRecord): Record<string, unknown> {
    const endpoints = endpointsFor(session);
    return {
      endpoints,
      aeTitles: {
        yours: session.addresses.aeTitle ?? null,
        world: endpoints.countries.flatMap((c) => (c.pacs ? [{ country: c.code, ...c.pacs }] : [])),
      },
      certificates: certificates.has(session.id) ? `/api/sessions/${session.id}/certificates` : null,
    };
  }

  function checkRequest(body: unknown): { vendor: string; role: string; addresses: Record<string, string | number> } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SessionRequestError('send JSON { vendor, role, aeTitle?, host?, port?, url? }');
    const r = body as SessionRequest;
    if (typeof r.role !== 'string' || !ROLES.some((x) => x.value === r.role)) throw new SessionRequestError(`role must be one of ${ROLES.map((x) => x.value).join(', ')}`);
    const addresses: Record<string, string | number> = {};
    if (r.aeTitle !== undefined) {
      if (typeof r.aeTitle !== 'string' || !AE_TITLE.test(r.aeTitle) || r.aeTitle.trim() !== r.aeTitle) throw new SessionRequestError('aeTitle must be 1-16 printable ASCII characters (no backslash), without leading or trailing spaces');
      if (RESERVED_AE.test(r.aeTitle) || worldAeTitles.has(r.aeTitle)) throw new SessionRequestError(`AE title ${r.aeTitle} belongs to the world's own actors; choose another`);
      if (aeOwners.has(r.aeTitle)) throw new SessionRequestError(`AE title ${r.aeTitle} is already used by an open session; DIMSE messages are attributed by AE title, so each session needs its own`, 409);
      addresses.aeTitle = r.aeTitle;
    }
    if (r.host !== undefined) {
      if (typeof r.host !== 'string' || !/^[A-Za-z0-9.:[\]-]{1,253}$/.test(r.host)) throw new SessionRequestError('host must be a host name or IP address');
      addresses.host = r.host;
    }
    if (r.port !== undefined) {
      if (typeof r.port !== 'number' || !Number.isInteger(r.port) || r.port < 1 || r.port > 65535) throw new SessionRequestError('port must be a whole number 1-65535');
      addresses.port = r.port;
    }
    if (r.url !== undefined) {
      if (typeof r.url !== 'string' || !/^https?:\/\/\S+$/.test(r.url)) throw new SessionRequestError('url must be an http(s) URL');
      addresses.url = r.url;
    }
    return { vendor: r.vendor as string, role: r.role, addresses };
  }

  async function openSession(body: unknown): Promise<{ readonly session: SessionRecord } & Record<string, unknown>> {
    const input = checkRequest(body);
    const session = store.createSession(input);
    claim(session);
    log(`session ${session.id} opened for ${session.vendor} (${session.role}${typeof session.addresses.aeTitle === 'string' ? `, AE ${session.addresses.aeTitle}` : ''})`);
    if (issue) certificates.set(session.id, await issue({ sessionId: session.id, vendor: session.vendor }));
    const issued = certificates.get(session.id);
    return { session, id: session.id, token: session.token, ...describe(session), ...(issued && { certificates: issued }) };
  }

  function closeSession(id: string): void {
    store.closeSession(id);
    open.delete(id);
    for (const [ae, owner] of aeOwners) if (owner === id) aeOwners.delete(ae);
  }

  const app = Fastify();
  await app.register(dashboard, {
    store,
    events,
    validation,
    countries: options.world.countries.map((c) => c.code),
    signingKey,
    openSession,
    describe,
    closeSession,
    certificatesOf: (session) => certificates.get(session.id),
  });
  let dashboardUrl: string;
  try {
    dashboardUrl = await app.listen({ host: options.dashboard.host ?? '127.0.0.1', port: options.dashboard.port });
  } catch (err) {
    await world.stop();
    throw err;
  }
  log(`dashboard at ${dashboardUrl}`);

  return {
    world,
    dashboardUrl,
    dashboardApp: app,
    sink,
    endpointsFor,
    openSession,
    closeSession,
    stats: () => ({ ...sink.counts(), validation: validation.stats() }),
    idle: () => validation.idle(),
    async stop() {
      await app.close();
      await world.stop();
      await validation.close();
    },
  };
}
