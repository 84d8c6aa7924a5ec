/**
 * A resolved world: every country of a simulated cross-border exchange and, per country, which
 * actors the harness plays and which are real systems under test (SUTs). This is what
 * `ixh serve world` starts; `load-world.ts` builds it from a world file (all defaults applied),
 * `default-world.ts` is the one used without a file. Nothing in here is optional any more except
 * what is truly absent (no evidence folder, unlimited bandwidth).
 */
import type { CountryCode } from '../../fixtures/model.ts';
import { STATIC_OID_ARC } from '../../fixtures/uid.ts';
import { ALL_COUNTRY_CODES } from '../../fixtures/world/countries.ts';
import type { PacsFault } from '../pacs/behaviour.ts';
import { DEFAULT_PATIENTS_PER_COUNTRY, DEFAULT_WORLD_SEED } from '../../fixtures/defaults.ts';

export { DEFAULT_PATIENTS_PER_COUNTRY, DEFAULT_WORLD_SEED };

export type { CountryCode };

/** How the countries exchange images: IHE XCA-I (RAD-75/69), or eHDSI Original Clinical Data (ORCD). */
export type ExchangeProfile = 'xca-i' | 'ehdsi-orcd';
export const EXCHANGE_PROFILES: readonly ExchangeProfile[] = ['xca-i', 'ehdsi-orcd'];

/** Which patients of a country allow cross-border access: `only` lists patient keys or national IDs. */
export type ConsentPolicy =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'only'; readonly patients: readonly string[] };

/** Emulated on every cross-border call to or from the country. */
export interface LinkEmulation {
  /** Added once per request, each way. */
  readonly latencyMs: number;
  /** Absent: unlimited. */
  readonly bandwidthKbps?: number;
  /** true: images cross the border in a lossless transfer syntax; false: lossy compression is allowed. */
  readonly lossless: boolean;
  /** Up to this much extra one-way delay, drawn from the world's seed (reproducible). */
  readonly jitterMs?: number;
  /** Share of HTTP calls whose first send is lost: paid as a retransmission delay (TCP), never a failed call. */
  readonly lossPercent?: number;
}

export interface Listen {
  readonly host: string;
  /** 0: a free port is picked at start. */
  readonly port: number;
}

export type ImagingSourceRetrieve = 'files' | 'c-get';

/** An HTTP/SOAP actor: played by the harness under a fixed path of the country's HTTP port, a real system at `url`, or absent. */
export type HttpActor =
  | {
      readonly kind: 'simulated';
      readonly path: string;
      /** Named faults of the simulated actor (NCP-A: simulators/ncp/responding/faults.ts, NCP-B: simulators/ncp/initiating/faults.ts); absent = conformant. */
      readonly faults?: readonly string[];
      /**
       * Imaging source only: how RAD-69 reads the PACS's instances — `files` (the simulated PACS's
       * own files, the default) or `c-get` (DIMSE, as a source in front of a real PACS does).
       */
      readonly retrieve?: ImagingSourceRetrieve;
    }
  | { readonly kind: 'sut'; readonly url: string }
  | { readonly kind: 'none' };

export type PacsActor =
  | {
      readonly kind: 'simulated';
      readonly host: string;
      readonly port: number;
      readonly aeTitle: string;
      readonly faults: readonly PacsFault[];
      /** C-MOVE destinations named in the file; the world's other PACSs are added at start. */
      readonly peers: Readonly<Record<string, { readonly host: string; readonly port: number }>>;
    }
  | { readonly kind: 'sut'; readonly host: string; readonly port: number; readonly aeTitle: string }
  | { readonly kind: 'none' };

/** The country's SOAP actors, in the order they are documented. */
export const HTTP_ACTORS = ['registry', 'repository', 'imagingSource', 'ncpResponding', 'ncpInitiating', 'reportStore'] as const;
export type HttpActorName = (typeof HTTP_ACTORS)[number];
export type ActorName = HttpActorName | 'pacs';

/**
 * Where each simulated SOAP actor lives on its country's HTTP port. The XDS paths are
 * http-app.ts's prefixes (a test keeps them equal; importing them here would load fastify
 * into every reader of a world file).
 */
export const ACTOR_PATHS: Readonly<Record<HttpActorName, string>> = {
  registry: '/xds/registry', // ITI-18, ITI-42
  repository: '/xds/repository', // ITI-41, ITI-43
  imagingSource: '/xdsi/imaging-source', // RAD-68 (to the repository), RAD-69
  ncpResponding: '/ncp/responding', // NCP-A: XCPD ITI-55, XCA ITI-38/39, XCA-I RAD-75
  ncpInitiating: '/ncp/initiating', // NCP-B: what the national side of the treating country calls
  reportStore: '/his/reports', // HIS/RIS report store
};

export interface WorldCountry {
  readonly code: CountryCode;
  /** `urn:oid:…` */
  readonly homeCommunityId: string;
  /** XDSDocumentEntry.repositoryUniqueId of the country's repository (an OID). */
  readonly repositoryUniqueId: string;
  /** OID of the country's simulated devices (submission source id, audit source). */
  readonly deviceOid: string;
  readonly profile: ExchangeProfile;
  readonly consent: ConsentPolicy;
  readonly link: LinkEmulation;
  /** The one HTTP port that hosts all simulated SOAP actors of the country. */
  readonly http: Listen;
  readonly registry: HttpActor;
  readonly repository: HttpActor;
  readonly imagingSource: HttpActor;
  readonly ncpResponding: HttpActor;
  readonly ncpInitiating: HttpActor;
  readonly reportStore: HttpActor;
  readonly pacs: PacsActor;
  /** NCP push gateway (UC-543); absent = on, on a free port, when the country has a simulated NCP-B. */
  readonly push?: false | { readonly port: number };
  /** The country's Audit Record Repository (simulators/audit/); absent = simulated, on free ports (0), client certificate optional. */
  readonly auditRepository?: false | AuditRepositoryActor;
}

export interface AuditRepositoryActor {
  /** Syslog over UDP (RFC 5426); 0 = a free port. */
  readonly udpPort: number;
  /** Syslog over TLS (RFC 5425); 0 = a free port. */
  readonly tlsPort: number;
  readonly requireClientCert: boolean;
}

export interface WorldConfig {
  readonly name: string;
  /** Seed of the synthetic patients and studies (`buildWorld`). */
  readonly seed: number;
  /** Synthetic patients per country besides the seed's named ones. */
  readonly patientsPerCountry: number;
  /** Where evidence is written; in memory when absent. */
  readonly evidenceDir?: string;
  /** The exchange profile of countries that do not name their own. */
  readonly profile: ExchangeProfile;
  /**
   * `mutual: true`: every simulated HTTP actor serves HTTPS with a certificate of the test CA the
   * harness generates and asks for client certificates (eHDSI NCP-to-NCP); `false`: plain HTTP.
   * `dimse: true` (independent of `mutual`): every simulated DIMSE endpoint (PACS, push gateway)
   * accepts DICOM TLS only (PS3.15 B.1) with a client certificate of the same CA, and every
   * simulated DIMSE client presents one — also towards a SUT PACS; absent means plain DIMSE.
   */
  readonly tls: { readonly mutual: boolean; readonly dimse?: boolean };
  /** SLA budgets (ms) by `<scenario-id>.<step-id>` or `<step-id>`, over the steps' own; none by default. */
  readonly sla?: Readonly<Record<string, number>>;
  readonly countries: readonly WorldCountry[];
}

// ---- deterministic defaults ---------------------------------------------------------------

export const DEFAULT_HOST = '127.0.0.1';
export const HTTP_PORT_BASE = 8100;
export const DICOM_PORT_BASE = 11100;
/** Ports of consecutive countries are this far apart, leaving room for more listeners per country. */
export const PORT_STRIDE = 10;

/**
 * The ixh test arc for world infrastructure OIDs: `<arc>.<country number>.<role>`, country number
 * = position in the fixtures' country table + 1 (CZ 1, FR 2, NL 3, AT 4, BE 5, DE 6).
 */
export const WORLD_OID_ARC = `${STATIC_OID_ARC}.900`;
const OID_ROLES = { homeCommunity: 1, repository: 2, device: 3 } as const;

/** Position in the fixtures' country table: defaults hang on it, so they do not move when a file reorders or drops countries. */
export function countryNumber(code: CountryCode): number {
  return ALL_COUNTRY_CODES.indexOf(code);
}

export function defaultHttpPort(code: CountryCode): number {
  return HTTP_PORT_BASE + PORT_STRIDE * countryNumber(code);
}

export function defaultDicomPort(code: CountryCode): number {
  return DICOM_PORT_BASE + PORT_STRIDE * countryNumber(code);
}

export function defaultPacsAeTitle(code: CountryCode): string {
  return `IXH_${code}_PACS`;
}

function worldOid(code: CountryCode, role: keyof typeof OID_ROLES): string {
  return `${WORLD_OID_ARC}.${countryNumber(code) + 1}.${OID_ROLES[role]}`;
}

export function defaultHomeCommunityId(code: CountryCode): string {
  return `urn:oid:${worldOid(code, 'homeCommunity')}`;
}

export function defaultRepositoryUniqueId(code: CountryCode): string {
  return worldOid(code, 'repository');
}

export function defaultDeviceOid(code: CountryCode): string {
  return worldOid(code, 'device');
}

/**
 * Where an HTTP actor is reached: the SUT's URL, or the simulated actor's path on the country's
 * HTTP listener (`boundPort`: the port actually bound when the file said 0). Undefined for an
 * absent actor.
 */
export function actorUrl(world: WorldConfig, country: WorldCountry, actor: HttpActorName, boundPort = country.http.port): string | undefined {
  const a = country[actor];
  if (a.kind === 'sut') return a.url;
  if (a.kind === 'none') return undefined;
  const host = country.http.host.includes(':') ? `[${country.http.host}]` : country.http.host;
  return `${world.tls.mutual ? 'https' : 'http'}://${host}:${boundPort}${a.path}`;
}
