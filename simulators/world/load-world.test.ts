import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorldFile, MAX_WORLD_FILE_BYTES, parseWorld } from './load-world.ts';
import { problemsOf, yamlLines } from './test-helpers.ts';
import { WorldFileError } from './world-file-error.ts';

describe('parseWorld: good files', () => {
  it('reads a minimal file and fills in every default', () => {
    const world = parseWorld(yamlLines('countries:', '  - code: CZ', '  - code: FR'), 'worlds/tiny.yaml');
    expect(world).toMatchObject({ name: 'tiny', seed: 7, patientsPerCountry: 2, profile: 'xca-i', tls: { mutual: false } });
    expect(world.evidenceDir).toBeUndefined();
    expect(world.countries.map((c) => [c.code, c.http.port, c.pacs.kind === 'simulated' && c.pacs.port])).toEqual([
      ['CZ', 8100, 11100],
      ['FR', 8110, 11110],
    ]);
  });

  it('keeps what the file says over the defaults', () => {
    const world = parseWorld(
      yamlLines(
        'name: lab', 'seed: 42', 'patients: 0', 'profile: ehdsi-orcd', 'tls: { mutual: true }', 'evidenceDir: out/ev',
        'countries:',
        '  - code: NL',
        '    profile: xca-i',
        '    consent: [ms-follow-up, "999911120"]',
        '    link: { latencyMs: 80, bandwidthKbps: 1000, lossless: false }',
        '    http: { host: 0.0.0.0, port: 0 }',
        '    pacs: { port: 0, aeTitle: NL_ARCHIVE, fault: ["slow:250", "wrong-status:C-FIND=0xC000"] }',
        '  - code: DE',
      ),
      'lab.yaml',
    );
    expect(world).toMatchObject({ name: 'lab', seed: 42, patientsPerCountry: 0, profile: 'ehdsi-orcd', tls: { mutual: true }, evidenceDir: 'out/ev' });
    const [nl, de] = world.countries;
    expect(nl).toMatchObject({
      profile: 'xca-i',
      consent: { kind: 'only', patients: ['ms-follow-up', '999911120'] },
      link: { latencyMs: 80, bandwidthKbps: 1000, lossless: false },
      http: { host: '0.0.0.0', port: 0 },
      pacs: { kind: 'simulated', port: 0, aeTitle: 'NL_ARCHIVE', faults: [{ kind: 'slow', delayMs: 250 }, { kind: 'wrong-status', command: 'C-FIND', status: 0xc000 }] },
    });
    expect(de?.profile).toBe('ehdsi-orcd'); // the world's profile, not the built-in one
  });

  it('reads extra C-MOVE destinations of a PACS and refuses a bad address', () => {
    const world = parseWorld(yamlLines('countries:', '  - code: CZ', '    pacs: { peers: { MY_STORESCP: "127.0.0.1:4006" } }', '  - code: FR'), 'w.yaml');
    const cz = world.countries[0]!;
    expect(cz.pacs.kind === 'simulated' && cz.pacs.peers).toEqual({ MY_STORESCP: { host: '127.0.0.1', port: 4006 } });
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '    pacs: { peers: { MY_STORESCP: "localhost" } }', '  - code: FR'))).toEqual([
      expect.objectContaining({ path: '/countries/0/pacs/peers/MY_STORESCP', line: 3 }),
    ]);
  });

  it('replaces actors by SUTs and leaves actors out', () => {
    const world = parseWorld(
      yamlLines(
        'countries:',
        '  - code: CZ',
        '  - code: FR',
        '    ncpResponding: { sut: { url: "https://ncp.fr.example:8443/xca" } }',
        '    pacs: { sut: { port: 4242, aeTitle: ORTHANC } }',
        '    imagingSource: false',
        '    reportStore: false',
      ),
      'w.yaml',
    );
    const fr = world.countries[1];
    expect(fr?.ncpResponding).toEqual({ kind: 'sut', url: 'https://ncp.fr.example:8443/xca' });
    expect(fr?.pacs).toEqual({ kind: 'sut', host: '127.0.0.1', port: 4242, aeTitle: 'ORTHANC' });
    expect(fr?.reportStore).toEqual({ kind: 'none' });
    expect(fr?.registry).toEqual({ kind: 'simulated', path: '/xds/registry' });
  });
});

describe('parseWorld: bad files give the path and line:col', () => {
  it('YAML syntax error', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '   - code: FR'))).toEqual([
      expect.objectContaining({ path: '', line: 3, col: 4 }),
    ]);
  });

  it('unclosed flow mapping', () => {
    const [p] = problemsOf(yamlLines('countries:', '  - { code: CZ', ''));
    expect(p).toMatchObject({ path: '' });
    expect(p?.line).toBeGreaterThanOrEqual(2);
  });

  it('duplicate key is a YAML error, not a silent overwrite', () => {
    expect(problemsOf(yamlLines('seed: 1', 'seed: 2', 'countries: [{ code: CZ }]'))).toEqual([expect.objectContaining({ line: 2, col: 1 })]);
  });

  it('wrong type', () => {
    expect(problemsOf(yamlLines('seed: seven', 'countries: [{ code: CZ }]'))).toEqual([
      { path: '/seed', line: 1, col: 7, message: 'must be integer, got "seven"' },
    ]);
  });

  it('unknown key, with the closest known key suggested', () => {
    const problems = problemsOf(yamlLines('countries:', '  - code: CZ', '    pacs:', '      aetitle: X'));
    expect(problems).toEqual([expect.objectContaining({ path: '/countries/0/pacs/aetitle', line: 4, col: 7 })]);
    expect(problems[0]?.message).toContain('did you mean "aeTitle"?');
  });

  it('unknown key with nothing close lists the known keys', () => {
    const [p] = problemsOf(yamlLines('countries: [{ code: CZ }]', 'frobnicate: 1'));
    expect(p).toMatchObject({ path: '/frobnicate', line: 2, col: 1 });
    expect(p?.message).toMatch(/known keys: name, seed, .*countries/);
  });

  it('out-of-range port', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    pacs:', '      port: 70000'))).toEqual([
      { path: '/countries/1/pacs/port', line: 5, col: 13, message: 'must be integer ≤ 65535, got 70000' },
    ]);
  });

  it('unknown country code, with a suggestion', () => {
    const [p] = problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: Fr'));
    expect(p).toMatchObject({ path: '/countries/1/code', line: 3, col: 11 });
    expect(p?.message).toContain('did you mean "FR"?');
  });

  it('duplicate country code', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: NL', '  - code: CZ'))).toEqual([
      expect.objectContaining({ path: '/countries/2/code', line: 4, col: 11 }),
    ]);
  });

  it('duplicate port between two countries, explicit or default', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    http: { port: 8100 }'))).toEqual([
      expect.objectContaining({ path: '/countries/1/http/port', line: 4, col: 19 }),
    ]);
    // FR's default HTTP port is 8110: the clash is reported at CZ's explicit PACS port.
    const [p] = problemsOf(yamlLines('countries:', '  - code: FR', '  - code: CZ', '    pacs: { port: 8110 }'));
    expect(p).toMatchObject({ path: '/countries/1/pacs/port', line: 4, col: 19 });
    expect(p?.message).toContain('countries[0].http.port');
  });

  it('duplicate AE title', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    pacs: { aeTitle: IXH_CZ_PACS }'))).toEqual([
      expect.objectContaining({ path: '/countries/1/pacs/aeTitle', line: 4, col: 22 }),
    ]);
  });

  it('bad homeCommunityId', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '    homeCommunityId: 1.2.3', '  - code: FR', '    homeCommunityId: urn:oid:1.02.3'))).toEqual([
      expect.objectContaining({ path: '/countries/0/homeCommunityId', line: 3, col: 22 }),
      expect.objectContaining({ path: '/countries/1/homeCommunityId', line: 5, col: 22 }),
    ]);
  });

  it('sut with a missing url', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    registry:', '      sut: {}'))).toEqual([
      { path: '/countries/1/registry/sut/url', line: 5, col: 12, message: 'missing required key "url"' },
    ]);
  });

  it('sut url that is not an http URL', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    registry: { sut: { url: "ftp://x" } }'))).toEqual([
      expect.objectContaining({ path: '/countries/1/registry/sut/url', line: 4, col: 29 }),
    ]);
  });

  it('a PACS fault that does not parse', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    pacs: { fault: [slow:250, "slow:soon"] }'))).toEqual([
      expect.objectContaining({ path: '/countries/1/pacs/fault/1', line: 4, col: 31, message: expect.stringContaining('slow') }),
    ]);
  });

  it('an NCP-B with nobody to ask', () => {
    const [p] = problemsOf(yamlLines('countries:', '  - code: CZ'));
    expect(p).toMatchObject({ path: '/countries/0/ncpInitiating', line: 2, col: 5 });
    expect(p?.message).toContain('(a default: set it in the file)');
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '    ncpInitiating: false'))).toEqual([]);
  });

  it('reports every problem of a stage at once, in file order', () => {
    const problems = problemsOf(yamlLines('seed: -1', 'countries:', '  - code: CZ', '    http: { port: "80" }', '    pacs: { fault: x }'));
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['/seed', 1],
      ['/countries/0/http/port', 4],
      ['/countries/0/pacs/fault', 5],
    ]);
  });

  it('empty file, a list at the top, a file too large: problems, not crashes', () => {
    expect(problemsOf('')).toEqual([expect.objectContaining({ path: '', line: 1, col: 1 })]);
    expect(problemsOf('- code: CZ\n')).toEqual([expect.objectContaining({ path: '', message: expect.stringContaining('countries') })]);
    expect(problemsOf(`# ${'x'.repeat(MAX_WORLD_FILE_BYTES)}\n`)).toHaveLength(1);
  });

  it('an alias bomb is refused', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    bomb.push('countries: [{ code: CZ }]');
    expect(problemsOf(yamlLines(...bomb)).length).toBeGreaterThan(0);
  });

  it('the error message reads as file:line:col path: message, with the line quoted', () => {
    let error: unknown;
    try {
      parseWorld(yamlLines('countries:', '  - code: CZ', '  - code: FR', '    pacs:', '      port: 70000'), 'world.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WorldFileError);
    const lines = (error as Error).message.split('\n');
    expect(lines[1]).toBe('world.yaml:5:13 countries[1].pacs.port: must be integer ≤ 65535, got 70000');
    expect(lines[2]).toBe('  5 |       port: 70000');
    expect(lines[3]).toBe(`  ${' '.repeat('5 | '.length + 12)}^`);
  });
});

describe('loadWorldFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('resolves evidenceDir against the file and names the world after it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-world-'));
    const file = join(dir, 'lab.yml');
    await writeFile(file, yamlLines('evidenceDir: ev', 'countries: [{ code: CZ }, { code: AT }]'));
    const world = await loadWorldFile(file);
    expect(world.name).toBe('lab');
    expect(world.evidenceDir).toBe(join(dir, 'ev'));
  });

  it('a missing file is a WorldFileError naming the path', async () => {
    const missing = join(tmpdir(), 'ixh-no-such-world.yaml');
    await expect(loadWorldFile(missing)).rejects.toThrow(WorldFileError);
    await expect(loadWorldFile(missing)).rejects.toThrow(`${missing}:1:1 cannot read the world file: no such file`);
  });
});
