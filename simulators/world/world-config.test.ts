import { describe, expect, it } from 'vitest';
import { isValidUid } from '../../fixtures/uid.ts';
import { ALL_COUNTRY_CODES } from '../../fixtures/world/countries.ts';
import { defaultWorld } from './default-world.ts';
import { XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { ACTOR_PATHS, actorUrl, defaultDeviceOid, defaultDicomPort, defaultHomeCommunityId, defaultHttpPort, defaultPacsAeTitle, defaultRepositoryUniqueId } from './world-config.ts';

describe('deterministic defaults', () => {
  it('gives every fixture country its own ports, OIDs and AE title', () => {
    const all = ALL_COUNTRY_CODES.flatMap((c) => [defaultHttpPort(c), defaultDicomPort(c)]);
    expect(new Set(all).size).toBe(ALL_COUNTRY_CODES.length * 2);
    const oids = ALL_COUNTRY_CODES.flatMap((c) => [defaultHomeCommunityId(c).slice('urn:oid:'.length), defaultRepositoryUniqueId(c), defaultDeviceOid(c)]);
    expect(new Set(oids).size).toBe(oids.length);
    for (const oid of oids) expect(isValidUid(oid), oid).toBe(true);
    expect(new Set(ALL_COUNTRY_CODES.map(defaultPacsAeTitle)).size).toBe(ALL_COUNTRY_CODES.length);
  });

  it('follows the documented port scheme', () => {
    expect(ALL_COUNTRY_CODES.map((c) => [c, defaultHttpPort(c), defaultDicomPort(c)])).toEqual([
      ['CZ', 8100, 11100],
      ['FR', 8110, 11110],
      ['NL', 8120, 11120],
      ['AT', 8130, 11130],
      ['BE', 8140, 11140],
      ['DE', 8150, 11150],
    ]);
  });
});

describe('ACTOR_PATHS', () => {
  it('puts the XDS actors where http-app.ts mounts them', () => {
    expect([ACTOR_PATHS.registry, ACTOR_PATHS.repository]).toEqual([XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX]);
  });

  it('gives every actor its own path', () => {
    expect(new Set(Object.values(ACTOR_PATHS)).size).toBe(Object.keys(ACTOR_PATHS).length);
  });
});

describe('actorUrl', () => {
  const world = defaultWorld();
  const cz = world.countries[0]!;

  it('places a simulated actor under the country HTTP port, https when TLS is on', () => {
    expect(actorUrl(world, cz, 'registry')).toBe('http://127.0.0.1:8100/xds/registry');
    expect(actorUrl(world, cz, 'ncpResponding', 40123)).toBe('http://127.0.0.1:40123/ncp/responding');
    expect(actorUrl({ ...world, tls: { mutual: true } }, { ...cz, http: { host: '::1', port: 9 } }, 'reportStore')).toBe('https://[::1]:9/his/reports');
  });

  it('gives a SUT its own URL and an absent actor none', () => {
    expect(actorUrl(world, { ...cz, registry: { kind: 'sut', url: 'https://x/r' } }, 'registry')).toBe('https://x/r');
    expect(actorUrl(world, { ...cz, registry: { kind: 'none' } }, 'registry')).toBeUndefined();
  });
});
