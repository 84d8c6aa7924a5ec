import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { WORLD_FILE_SCHEMA, type WorldFile } from './world-schema.ts';

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(WORLD_FILE_SCHEMA);

/** Every key of the file format, typed as WorldFile: if the type grows a key the schema lacks, this fails. */
const EVERY_KEY: WorldFile = {
  name: 'all',
  seed: 1,
  patients: 3,
  evidenceDir: 'ev',
  profile: 'ehdsi-orcd',
  tls: { mutual: true },
  countries: [
    {
      code: 'CZ',
      homeCommunityId: 'urn:oid:1.2.3',
      repositoryUniqueId: '1.2.3.1',
      deviceOid: '1.2.3.2',
      profile: 'xca-i',
      consent: ['ms-follow-up'],
      link: { latencyMs: 5, bandwidthKbps: 100, lossless: false },
      http: { host: 'localhost', port: 0 },
      registry: {},
      repository: { sut: { url: 'http://x/' } },
      imagingSource: false,
      ncpResponding: {},
      ncpInitiating: {},
      reportStore: {},
      pacs: { host: '::1', port: 104, aeTitle: 'A B', fault: ['slow:1'] },
    },
    { code: 'FR', consent: 'none', pacs: { sut: { host: 'orthanc', port: 4242, aeTitle: 'ORTHANC' } } },
  ],
};

describe('WORLD_FILE_SCHEMA', () => {
  it('compiles under ajv strict mode', () => {
    expect(typeof validate).toBe('function');
  });

  it('accepts every key of WorldFile', () => {
    expect(validate(EVERY_KEY), JSON.stringify(validate.errors)).toBe(true);
  });

  it('needs only countries[].code', () => {
    expect(validate({ countries: [{ code: 'DE' }] })).toBe(true);
    expect(validate({ countries: [{}] })).toBe(false);
    expect(validate({})).toBe(false);
    expect(validate({ countries: [] })).toBe(false);
  });

  it('refuses unknown keys at every level', () => {
    const withExtra = (patch: (f: Record<string, any>) => void): boolean => {
      const copy = structuredClone(EVERY_KEY) as Record<string, any>;
      patch(copy);
      return validate(copy);
    };
    expect(withExtra((f) => (f['x'] = 1))).toBe(false);
    expect(withExtra((f) => (f['tls'].x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].link.x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].http.x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].registry.x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].repository.sut.x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][0].pacs.x = 1))).toBe(false);
    expect(withExtra((f) => (f['countries'][1].pacs.sut.x = 1))).toBe(false);
  });

  it('checks AE titles as PS3.5 AE values', () => {
    const pacs = (aeTitle: string): boolean => validate({ countries: [{ code: 'CZ', pacs: { aeTitle } }] });
    expect(pacs('IXH_CZ_PACS')).toBe(true);
    expect(pacs('SIXTEEN_CHARS_AE')).toBe(true);
    expect(pacs('SEVENTEEN_CHARS_A')).toBe(false);
    expect(pacs(' LEADING')).toBe(false);
    expect(pacs('BACK\\SLASH')).toBe(false);
    expect(pacs('')).toBe(false);
  });

  it('does not let a SUT PACS carry simulated settings', () => {
    expect(validate({ countries: [{ code: 'CZ', pacs: { sut: { port: 1, aeTitle: 'A' }, fault: ['slow:1'] } }] })).toBe(false);
  });
});
