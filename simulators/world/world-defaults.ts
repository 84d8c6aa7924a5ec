/**
 * A validated world file → the resolved `WorldConfig`: every default applied (see
 * docs/worlds.md for the table), PACS faults parsed. Run only on data the schema accepted.
 */
import { parseNcpBFault } from '../ncp/initiating/faults.ts';
import { parseNcpAFault } from '../ncp/responding/faults.ts';
import { parseFault, type PacsFault } from '../pacs/behaviour.ts';
import {
  ACTOR_PATHS,
  DEFAULT_HOST,
  DEFAULT_PATIENTS_PER_COUNTRY,
  DEFAULT_WORLD_SEED,
  defaultDeviceOid,
  defaultDicomPort,
  defaultHomeCommunityId,
  defaultHttpPort,
  defaultPacsAeTitle,
  defaultRepositoryUniqueId,
  HTTP_ACTORS,
  type ConsentPolicy,
  type ExchangeProfile,
  type HttpActor,
  type HttpActorName,
  type PacsActor,
  type WorldConfig,
  type WorldCountry,
} from './world-config.ts';
import type { CountryFile, HttpActorFile, PacsActorFile, WorldFile } from './world-schema.ts';

export const DEFAULT_PROFILE: ExchangeProfile = 'xca-i';

/** A fault that does not parse, by its index in `countries[i].<actor>.fault` (`actor` absent: the PACS). */
export interface FaultProblem {
  readonly country: number;
  readonly fault: number;
  readonly message: string;
  readonly actor?: HttpActorName;
}

/** The actors with named faults besides the PACS, and how each parses its fault names. */
const HTTP_FAULT_PARSERS: Partial<Record<HttpActorName, (text: string) => string>> = { ncpResponding: parseNcpAFault, ncpInitiating: parseNcpBFault };

export function applyDefaults(file: WorldFile, fallbackName: string): { world: WorldConfig; faultProblems: FaultProblem[] } {
  const profile = file.profile ?? DEFAULT_PROFILE;
  const faultProblems: FaultProblem[] = [];
  const countries = file.countries.map((c, i) =>
    resolveCountry(c, profile, (fault, message, actor) => faultProblems.push({ country: i, fault, message, ...(actor && { actor }) })),
  );
  const world: WorldConfig = {
    name: file.name ?? fallbackName,
    seed: file.seed ?? DEFAULT_WORLD_SEED,
    patientsPerCountry: file.patients ?? DEFAULT_PATIENTS_PER_COUNTRY,
    ...(file.evidenceDir !== undefined && { evidenceDir: file.evidenceDir }),
    profile,
    tls: { mutual: file.tls?.mutual ?? false, ...(file.tls?.dimse && { dimse: true }) },
    sla: { ...file.sla },
    countries,
  };
  return { world, faultProblems };
}

function resolveCountry(c: CountryFile, worldProfile: ExchangeProfile, badFault: (index: number, message: string, actor?: HttpActorName) => void): WorldCountry {
  const actors = Object.fromEntries(HTTP_ACTORS.map((name) => [name, resolveHttpActor(name, c[name], (i, message) => badFault(i, message, name))])) as Record<HttpActorName, HttpActor>;
  return {
    code: c.code,
    homeCommunityId: c.homeCommunityId ?? defaultHomeCommunityId(c.code),
    repositoryUniqueId: c.repositoryUniqueId ?? defaultRepositoryUniqueId(c.code),
    deviceOid: c.deviceOid ?? defaultDeviceOid(c.code),
    profile: c.profile ?? worldProfile,
    consent: resolveConsent(c.consent),
    link: {
      latencyMs: c.link?.latencyMs ?? 0,
      ...(c.link?.bandwidthKbps !== undefined && { bandwidthKbps: c.link.bandwidthKbps }),
      lossless: c.link?.lossless ?? true,
      ...(c.link?.jitterMs && { jitterMs: c.link.jitterMs }),
      ...(c.link?.lossPercent && { lossPercent: c.link.lossPercent }),
    },
    http: { host: c.http?.host ?? DEFAULT_HOST, port: c.http?.port ?? defaultHttpPort(c.code) },
    ...actors,
    pacs: resolvePacs(c, badFault),
    ...(c.push !== undefined && { push: c.push === false ? (false as const) : { port: c.push.port ?? 0 } }),
    ...(c.auditRepository !== undefined && {
      auditRepository: c.auditRepository === false ? (false as const) : { udpPort: c.auditRepository.udpPort ?? 0, tlsPort: c.auditRepository.tlsPort ?? 0, requireClientCert: c.auditRepository.requireClientCert ?? false },
    }),
  };
}

function resolveConsent(consent: CountryFile['consent']): ConsentPolicy {
  if (consent === undefined || consent === 'all') return { kind: 'all' };
  if (consent === 'none') return { kind: 'none' };
  return { kind: 'only', patients: [...consent] };
}

function resolveHttpActor(name: HttpActorName, actor: HttpActorFile | undefined, badFault: (index: number, message: string) => void): HttpActor {
  if (actor === false) return { kind: 'none' };
  if (actor?.sut) return { kind: 'sut', url: actor.sut.url };
  const faults: string[] = [];
  for (const [i, text] of (actor?.fault ?? []).entries()) {
    const parse = HTTP_FAULT_PARSERS[name];
    if (!parse) badFault(i, `the simulated ${name} has no named faults (only ncpResponding, ncpInitiating and pacs have)`);
    else {
      try {
        faults.push(parse(text));
      } catch (err) {
        badFault(i, (err as Error).message);
      }
    }
  }
  const retrieve = actor && 'retrieve' in actor ? (actor as { retrieve?: 'files' | 'c-get' }).retrieve : undefined;
  return { kind: 'simulated', path: ACTOR_PATHS[name], ...(faults.length > 0 && { faults }), ...(retrieve !== undefined && { retrieve }) };
}

function resolvePacs(c: CountryFile, badFault: (index: number, message: string) => void): PacsActor {
  const pacs: PacsActorFile | undefined = c.pacs;
  if (pacs === false) return { kind: 'none' };
  if (pacs?.sut) return { kind: 'sut', host: pacs.sut.host ?? DEFAULT_HOST, port: pacs.sut.port, aeTitle: pacs.sut.aeTitle };
  const settings = pacs && !pacs.sut ? pacs : {};
  const faults: PacsFault[] = [];
  for (const [i, text] of (settings.fault ?? []).entries()) {
    try {
      faults.push(parseFault(text));
    } catch (err) {
      badFault(i, (err as Error).message);
    }
  }
  return {
    kind: 'simulated',
    host: settings.host ?? DEFAULT_HOST,
    port: settings.port ?? defaultDicomPort(c.code),
    aeTitle: settings.aeTitle ?? defaultPacsAeTitle(c.code),
    faults,
    peers: Object.fromEntries(Object.entries(settings.peers ?? {}).map(([ae, address]) => {
      const at = address.lastIndexOf(':');
      return [ae, { host: address.slice(0, at), port: Number(address.slice(at + 1)) }];
    })),
  };
}
