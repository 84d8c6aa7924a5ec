import { describe, expect, it } from 'vitest';
import { applyDefaults } from './world-defaults.ts';

describe('applyDefaults', () => {
  it('derives defaults from the country, not its place in the file', () => {
    const { world } = applyDefaults({ countries: [{ code: 'DE' }, { code: 'CZ' }] }, 'w');
    expect(world.countries.map((c) => [c.code, c.http.port, c.homeCommunityId.slice(-7)])).toEqual([
      ['DE', 8150, '900.6.1'],
      ['CZ', 8100, '900.1.1'],
    ]);
  });

  it('resolves consent forms', () => {
    const { world } = applyDefaults({ countries: [{ code: 'CZ' }, { code: 'FR', consent: 'none' }, { code: 'NL', consent: ['ms-follow-up'] }, { code: 'AT', consent: 'all' }] }, 'w');
    expect(world.countries.map((c) => c.consent)).toEqual([{ kind: 'all' }, { kind: 'none' }, { kind: 'only', patients: ['ms-follow-up'] }, { kind: 'all' }]);
  });

  it('leaves absent things absent rather than undefined', () => {
    const { world } = applyDefaults({ countries: [{ code: 'CZ' }] }, 'w');
    expect('evidenceDir' in world).toBe(false);
    expect('bandwidthKbps' in (world.countries[0]?.link ?? {})).toBe(false);
  });

  it('parses PACS faults and reports the ones that do not parse by index', () => {
    const { world, faultProblems } = applyDefaults({ countries: [{ code: 'CZ' }, { code: 'FR', pacs: { fault: ['reject-association', 'abort-after:x'] } }] }, 'w');
    expect(world.countries[1]?.pacs).toMatchObject({ kind: 'simulated', faults: [{ kind: 'reject-association' }] });
    expect(faultProblems).toEqual([{ country: 1, fault: 1, message: expect.stringContaining('abort-after') }]);
  });
});
