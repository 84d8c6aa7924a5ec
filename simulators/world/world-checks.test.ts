import { describe, expect, it } from 'vitest';
import { checkWorld } from './world-checks.ts';
import { applyDefaults } from './world-defaults.ts';
import type { CountryFile } from './world-schema.ts';

function check(...countries: CountryFile[]) {
  return checkWorld(applyDefaults({ countries }, 'w').world);
}

describe('checkWorld', () => {
  it('finds nothing wrong with distinct countries at their defaults', () => {
    expect(check({ code: 'CZ' }, { code: 'FR' }, { code: 'NL' }, { code: 'AT' }, { code: 'BE' }, { code: 'DE' })).toEqual([]);
  });

  it('reports a repeated country once, not every default it clashes in', () => {
    expect(check({ code: 'CZ' }, { code: 'FR' }, { code: 'CZ' })).toEqual([expect.objectContaining({ path: '/countries/2/code' })]);
  });

  it('still reports the other problems of a world with a repeated country', () => {
    expect(check({ code: 'CZ', deviceOid: 'x' }, { code: 'FR' }, { code: 'CZ' }).map((f) => f.path)).toEqual(['/countries/2/code', '/countries/0/deviceOid']);
  });

  it('checks OIDs', () => {
    const bad = check(
      { code: 'CZ', homeCommunityId: 'urn:oid:3.1', repositoryUniqueId: '1.2.03', deviceOid: `1.${'2'.repeat(70)}` },
      { code: 'FR', homeCommunityId: 'urn:uuid:1.2' },
    );
    expect(bad.map((f) => f.path)).toEqual(['/countries/0/homeCommunityId', '/countries/0/repositoryUniqueId', '/countries/0/deviceOid', '/countries/1/homeCommunityId']);
  });

  it('needs every country to have its own homeCommunityId and repositoryUniqueId', () => {
    expect(check({ code: 'CZ' }, { code: 'FR', homeCommunityId: 'urn:oid:2.25.3625710091402826175837829654702320203.0.0.900.1.1', repositoryUniqueId: '2.25.3625710091402826175837829654702320203.0.0.900.1.2' }).map((f) => f.path)).toEqual([
      '/countries/1/homeCommunityId',
      '/countries/1/repositoryUniqueId',
    ]);
  });

  it('lets port 0 repeat, and ignores the HTTP port of a country with no simulated HTTP actor', () => {
    expect(check({ code: 'CZ', http: { port: 0 }, pacs: { port: 0 } }, { code: 'FR', http: { port: 0 }, pacs: { port: 0 } })).toEqual([]);
    const allSut = { sut: { url: 'http://sut/' } };
    const fr: CountryFile = { code: 'FR', http: { port: 8100 }, registry: allSut, repository: allSut, imagingSource: allSut, ncpResponding: allSut, ncpInitiating: allSut, reportStore: allSut };
    expect(check({ code: 'CZ' }, fr)).toEqual([]);
  });

  it('catches an HTTP port equal to a PACS port', () => {
    expect(check({ code: 'CZ', http: { port: 11110 } }, { code: 'FR' })).toEqual([expect.objectContaining({ path: '/countries/1/pacs/port', message: expect.stringContaining('countries[0].http.port') })]);
  });

  it('treats a SUT PACS AE title like a simulated one', () => {
    expect(check({ code: 'CZ', pacs: { aeTitle: 'ORTHANC' } }, { code: 'FR', imagingSource: false, pacs: { sut: { port: 4242, aeTitle: 'ORTHANC' } } })).toEqual([
      expect.objectContaining({ path: '/countries/1/pacs/sut/aeTitle' }),
    ]);
  });

  it('needs what an actor talks to', () => {
    expect(check({ code: 'CZ', registry: false }, { code: 'FR', pacs: false }).map((f) => [f.path, f.message])).toEqual([
      ['/countries/0/repository', expect.stringContaining('needs a registry')],
      ['/countries/0/ncpResponding', expect.stringContaining('needs a registry')],
      ['/countries/1/imagingSource', expect.stringContaining('needs a pacs')],
    ]);
    // A SUT PACS behind the simulated imaging source: served by C-FIND/C-GET under xca-i; ehdsi-orcd reads files, so not there.
    expect(check({ code: 'CZ', pacs: { sut: { port: 4242, aeTitle: 'ORTHANC' } } }, { code: 'FR' })).toEqual([]);
    expect(check({ code: 'CZ', profile: 'ehdsi-orcd', pacs: { sut: { port: 4242, aeTitle: 'ORTHANC' } } }, { code: 'FR' }).map((f) => [f.path, f.message])).toEqual([
      ['/countries/0/imagingSource', expect.stringContaining('use profile xca-i')],
    ]);
    // A SUT counts: the simulated repository registers with the SUT registry.
    expect(check({ code: 'CZ', registry: { sut: { url: 'http://r/' } } }, { code: 'FR' })).toEqual([]);
  });

  it('needs somebody for an NCP-B to ask', () => {
    expect(check({ code: 'CZ' }, { code: 'FR', ncpResponding: false }).map((f) => f.path)).toEqual(['/countries/0/ncpInitiating']);
    expect(check({ code: 'CZ' }, { code: 'FR', ncpResponding: { sut: { url: 'https://ncp.fr/' } } })).toEqual([]);
  });

  it('accepts only http(s) SUT URLs', () => {
    expect(check({ code: 'CZ', reportStore: { sut: { url: 'localhost:8080' } } }, { code: 'FR' }).map((f) => f.path)).toEqual(['/countries/0/reportStore/sut/url']);
  });
});
