import { describe, expect, it } from 'vitest';
import type { AssertionProvider, AssertionRequest } from '../gateway-security.ts';
import { el } from '../../soap/xml-write.ts';
import { assertionsWithFaults, parseNcpBFault, shownErrors } from './faults.ts';

describe('NCP-B faults', () => {
  it('parses the named faults and names the known ones for an unknown one', () => {
    expect(parseNcpBFault('no-trc')).toBe('no-trc');
    expect(parseNcpBFault('drop-partial-errors')).toBe('drop-partial-errors');
    expect(() => parseNcpBFault('nope')).toThrow(/unknown NCP-B fault "nope" \(known: no-trc, drop-partial-errors/);
  });

  it('no-trc asks for every header without a patient, so no TRC is issued', async () => {
    const asked: AssertionRequest[] = [];
    const provider: AssertionProvider = { securityHeader: (r) => (asked.push(r), el('wsse:Security')) };
    await assertionsWithFaults(provider, ['no-trc']).securityHeader({ purposeOfUse: 'TREATMENT', patientId: 'p^^^&1.2&ISO' });
    await assertionsWithFaults(provider, []).securityHeader({ purposeOfUse: 'TREATMENT', patientId: 'p^^^&1.2&ISO' });
    expect(asked).toEqual([{ purposeOfUse: 'TREATMENT' }, { purposeOfUse: 'TREATMENT', patientId: 'p^^^&1.2&ISO' }]);
    expect(assertionsWithFaults(provider)).toBe(provider);
  });

  it('drop-partial-errors drops the errors only when some community answered', () => {
    expect(shownErrors(['e'], 1, ['drop-partial-errors'])).toEqual([]);
    expect(shownErrors(['e'], 0, ['drop-partial-errors'])).toEqual(['e']);
    expect(shownErrors(['e'], 1, [])).toEqual(['e']);
  });
});
