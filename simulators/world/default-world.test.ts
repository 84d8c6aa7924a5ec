import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultWorld } from './default-world.ts';
import { loadWorldFile, parseWorld } from './load-world.ts';
import { checkWorld } from './world-checks.ts';
import { HTTP_ACTORS } from './world-config.ts';

const example = (name: string): string => fileURLToPath(new URL(`./examples/${name}`, import.meta.url));

describe('defaultWorld', () => {
  const world = defaultWorld();

  it('is the six fixture countries, CZ first, seed 7, fixed ports', () => {
    expect(world).toMatchObject({ name: 'default', seed: 7, profile: 'xca-i', tls: { mutual: false } });
    expect(world.countries.map((c) => c.code)).toEqual(['CZ', 'NL', 'FR', 'BE', 'AT', 'DE']);
    for (const c of world.countries) {
      expect(c.http.port).not.toBe(0);
      expect(c.pacs.kind === 'simulated' && c.pacs.port).not.toBe(0);
    }
  });

  it('exercises both exchange profiles', () => {
    expect(world.countries.filter((c) => c.profile === 'ehdsi-orcd').map((c) => c.code)).toEqual(['BE']);
  });

  it('simulates every actor, both NCP faces included, and passes its own checks', () => {
    for (const c of world.countries) {
      for (const a of HTTP_ACTORS) expect(c[a].kind, `${c.code} ${a}`).toBe('simulated');
      expect(c.pacs.kind).toBe('simulated');
    }
    expect(checkWorld(world)).toEqual([]);
  });

  it('is a fresh value each call, so a caller cannot change the next one', () => {
    expect(defaultWorld()).not.toBe(world);
    expect(defaultWorld()).toStrictEqual(world);
  });
});

describe('examples', () => {
  it('default-world.yaml parses to exactly defaultWorld()', async () => {
    expect(await loadWorldFile(example('default-world.yaml'))).toStrictEqual(defaultWorld());
  });

  it('sut-pacs.yaml parses: CZ with a real PACS, FR with a real NCP-A', async () => {
    const world = parseWorld(await readFile(example('sut-pacs.yaml'), 'utf8'), 'sut-pacs.yaml');
    const cz = world.countries.find((c) => c.code === 'CZ');
    const fr = world.countries.find((c) => c.code === 'FR');
    expect(cz?.pacs).toEqual({ kind: 'sut', host: '127.0.0.1', port: 4242, aeTitle: 'ORTHANC' });
    expect(cz?.ncpInitiating.kind).toBe('simulated');
    expect(fr?.ncpResponding).toEqual({ kind: 'sut', url: 'http://127.0.0.1:8080/ncp/responding' });
  });
});
