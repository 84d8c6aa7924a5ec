/** Named NCP faults in the world file: `ncpResponding: { fault: [...] }`, `ncpInitiating: { fault: [...] }`. */
import { describe, expect, it } from 'vitest';
import { parseWorld } from './load-world.ts';
import { problemsOf, yamlLines } from './test-helpers.ts';
import { applyDefaults } from './world-defaults.ts';

describe('NCP faults in the world file', () => {
  it('resolve onto the simulated NCP-A and NCP-B; conformant (no faults key) by default', () => {
    const world = parseWorld(yamlLines('countries:', '  - code: CZ', '    ncpInitiating: { fault: [no-trc] }', '  - code: NL', '    ncpResponding: { fault: [ignore-consent, no-home-attribute] }'), 'w.yaml');
    const [cz, nl] = world.countries;
    expect(cz!.ncpInitiating).toEqual({ kind: 'simulated', path: '/ncp/initiating', faults: ['no-trc'] });
    expect(nl!.ncpResponding).toEqual({ kind: 'simulated', path: '/ncp/responding', faults: ['ignore-consent', 'no-home-attribute'] });
    expect(cz!.ncpResponding).toEqual({ kind: 'simulated', path: '/ncp/responding' });
  });

  it('an unknown fault is a problem at its place in the file, naming the known faults', () => {
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '  - code: NL', '    ncpResponding: { fault: [ignore-consent, accept-anything] }'))).toEqual([
      expect.objectContaining({ path: '/countries/1/ncpResponding/fault/1', message: expect.stringMatching(/unknown NCP-A fault "accept-anything" \(known: accept-unsigned/) }),
    ]);
    expect(problemsOf(yamlLines('countries:', '  - code: CZ', '    ncpInitiating: { fault: [ignore-consent] }', '  - code: NL'))).toEqual([
      expect.objectContaining({ path: '/countries/0/ncpInitiating/fault/0', message: expect.stringContaining('unknown NCP-B fault "ignore-consent"') }),
    ]);
  });

  it('only the NCPs (and the PACS) take faults; a SUT takes none', () => {
    const { faultProblems } = applyDefaults({ countries: [{ code: 'CZ', registry: { fault: ['slow'] } }] }, 'w');
    expect(faultProblems).toEqual([{ country: 0, fault: 0, actor: 'registry', message: expect.stringContaining('has no named faults') }]);
    expect(problemsOf(yamlLines('countries:', '  - code: NL', '    ncpResponding: { sut: { url: "http://x/" }, fault: [ignore-consent] }')).length).toBeGreaterThan(0);
  });
});
