/**
 * The rules of a world the schema cannot express: codes, ports, AE titles and OIDs that must be
 * unique across countries, identifiers that must be OIDs, SUT URLs that must be URLs, and actors
 * that need another actor to talk to. Each finding names the path of the offending key (which may
 * be a default, i.e. not written in the file) and what it clashes with.
 */
import { HTTP_ACTORS, type ActorName, type WorldConfig, type WorldCountry } from './world-config.ts';
import { displayPath } from './world-file-error.ts';

export interface WorldFinding {
  /** JSON pointer, e.g. `/countries/2/pacs/port`. */
  readonly path: string;
  readonly message: string;
}

/** An OID as ISO/IEC 8824 writes it: first arc 0-2, numeric arcs, no leading zeros. */
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;
const MAX_OID_LENGTH = 64;

/** Actors that cannot work without another actor of the same country. */
const NEEDS: Partial<Record<ActorName, readonly ActorName[]>> = {
  repository: ['registry'], // ITI-42 register after each ITI-41
  imagingSource: ['repository', 'pacs'], // RAD-68 to the repository; RAD-69 serves the PACS's images
  ncpResponding: ['registry', 'repository'], // XCA query and retrieve go to the national XDS
};

export function checkWorld(world: WorldConfig): WorldFinding[] {
  // A country listed twice also clashes in every default derived from its code: say it once.
  const codes = uniqueCodes(world);
  const repeated = codes.map((f) => f.path.replace(/code$/, ''));
  const others = [
    ...identifiers(world),
    ...uniqueValues(world, 'homeCommunityId', (c) => c.homeCommunityId),
    ...uniqueValues(world, 'repositoryUniqueId', (c) => c.repositoryUniqueId),
    ...uniquePorts(world),
    ...uniqueAeTitles(world),
    ...sutUrls(world),
    ...dependencies(world),
    ...initiatorsHaveResponders(world),
  ];
  return [...codes, ...others.filter((f) => !repeated.some((prefix) => f.path.startsWith(prefix)))];
}

function uniqueCodes(world: WorldConfig): WorldFinding[] {
  const first = new Map<string, number>();
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    const earlier = first.get(c.code);
    if (earlier === undefined) first.set(c.code, i);
    else findings.push({ path: `/countries/${i}/code`, message: `country ${c.code} is already countries[${earlier}]; each country appears once` });
  });
  return findings;
}

function identifiers(world: WorldConfig): WorldFinding[] {
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    const hcid = c.homeCommunityId;
    if (!hcid.startsWith('urn:oid:') || !isOid(hcid.slice('urn:oid:'.length))) {
      findings.push({ path: `/countries/${i}/homeCommunityId`, message: `must be "urn:oid:" followed by an OID (e.g. urn:oid:1.3.6.1.4.1.21367.13.70.1), got "${hcid}"` });
    }
    for (const key of ['repositoryUniqueId', 'deviceOid'] as const) {
      if (!isOid(c[key])) findings.push({ path: `/countries/${i}/${key}`, message: `must be an OID of at most ${MAX_OID_LENGTH} characters (dotted numbers, no leading zeros, no "urn:oid:"), got "${c[key]}"` });
    }
  });
  return findings;
}

function isOid(text: string): boolean {
  return text.length <= MAX_OID_LENGTH && OID.test(text);
}

function uniqueValues(world: WorldConfig, key: string, value: (c: WorldCountry) => string): WorldFinding[] {
  const first = new Map<string, number>();
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    const v = value(c);
    const earlier = first.get(v);
    if (earlier === undefined) first.set(v, i);
    else findings.push({ path: `/countries/${i}/${key}`, message: `"${v}" is also countries[${earlier}].${key}; each country needs its own` });
  });
  return findings;
}

/** Every port the harness will listen on, once. Port 0 (pick a free one) never clashes. */
function uniquePorts(world: WorldConfig): WorldFinding[] {
  const taken = new Map<number, string>();
  const findings: WorldFinding[] = [];
  const claim = (port: number, path: string): void => {
    if (port === 0) return;
    const owner = taken.get(port);
    if (owner === undefined) taken.set(port, path);
    else findings.push({ path, message: `port ${port} is also ${displayPath(owner)}; two listeners cannot share a port` });
  };
  world.countries.forEach((c, i) => {
    if (HTTP_ACTORS.some((a) => c[a].kind === 'simulated')) claim(c.http.port, `/countries/${i}/http/port`);
    if (c.pacs.kind === 'simulated') claim(c.pacs.port, `/countries/${i}/pacs/port`);
  });
  return findings;
}

/** C-MOVE destinations are found by AE title, so two PACS with one title would be ambiguous. */
function uniqueAeTitles(world: WorldConfig): WorldFinding[] {
  const taken = new Map<string, string>();
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    if (c.pacs.kind === 'none') return;
    const path = c.pacs.kind === 'sut' ? `/countries/${i}/pacs/sut/aeTitle` : `/countries/${i}/pacs/aeTitle`;
    const owner = taken.get(c.pacs.aeTitle);
    if (owner === undefined) taken.set(c.pacs.aeTitle, path);
    else findings.push({ path, message: `AE title "${c.pacs.aeTitle}" is also ${displayPath(owner)}; AE titles must be unique in a world` });
  });
  return findings;
}

function sutUrls(world: WorldConfig): WorldFinding[] {
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    for (const name of HTTP_ACTORS) {
      const actor = c[name];
      if (actor.kind !== 'sut') continue;
      if (!isHttpUrl(actor.url)) findings.push({ path: `/countries/${i}/${name}/sut/url`, message: `must be an absolute http:// or https:// URL, got "${actor.url}"` });
    }
  });
  return findings;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function dependencies(world: WorldConfig): WorldFinding[] {
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    for (const [actor, needs] of Object.entries(NEEDS) as [ActorName, readonly ActorName[]][]) {
      if (c[actor].kind !== 'simulated') continue;
      const missing = needs.filter((n) => c[n].kind === 'none');
      if (missing.length > 0) {
        findings.push({ path: `/countries/${i}/${actor}`, message: `the simulated ${actor} of ${c.code} needs a ${missing.join(' and a ')} (simulated or sut), but it is set to false` });
      }
    }
    // Over a SUT PACS the simulated imaging source publishes what C-FIND finds and serves RAD-69 by
    // C-GET (dimse-backed-source.ts); the ehdsi-orcd publisher still reads the simulated PACS's files.
    if (c.imagingSource.kind === 'simulated' && c.pacs.kind === 'sut' && c.profile === 'ehdsi-orcd') {
      findings.push({ path: `/countries/${i}/imagingSource`, message: `the simulated imagingSource of ${c.code} publishes ehdsi-orcd documents from the simulated PACS's files, but its PACS is a sut: use profile xca-i, set imagingSource: false, or make the imaging source a sut too` });
    }
  });
  return findings;
}

function initiatorsHaveResponders(world: WorldConfig): WorldFinding[] {
  const findings: WorldFinding[] = [];
  world.countries.forEach((c, i) => {
    if (c.ncpInitiating.kind === 'none') return;
    const responders = world.countries.filter((other) => other.code !== c.code && other.ncpResponding.kind !== 'none');
    if (responders.length === 0) {
      findings.push({
        path: `/countries/${i}/ncpInitiating`,
        message: `the NCP-B of ${c.code} has nobody to ask: no other country has an ncpResponding; add a country or set ncpInitiating: false`,
      });
    }
  });
  return findings;
}
