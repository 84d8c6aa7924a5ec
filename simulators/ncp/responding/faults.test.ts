import { describe, expect, it } from 'vitest';
import { allowAll, type AuthorizationOutcome, type RequestAuthorizer } from '../gateway-security.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { NCP_A_FAULTS, parseNcpAFault, withNcpAFaults } from './faults.ts';

const refusing = (outcome: AuthorizationOutcome): RequestAuthorizer => ({ authorize: () => outcome });
const request = {} as IncomingSoap;
const what = { transaction: 'ITI-38', requireTrc: true, patientId: 'p^^^&1.2&ISO' };
const REFUSALS: Record<string, AuthorizationOutcome> = {
  unsigned: { ok: false, answer: 'fault', code: 'wsse:InvalidSecurityToken', message: 'assertion _1 is not signed' },
  expired: { ok: false, answer: 'fault', code: 'wsse:MessageExpired', message: 'TRC assertion _1 expired at …' },
  consent: { ok: false, answer: 'error', code: '4701', message: 'no consent' },
  mismatch: { ok: false, answer: 'error', code: '4206', message: 'other patient' },
  tampered: { ok: false, answer: 'fault', code: 'wsse:FailedCheck', message: 'digest does not match' },
};

describe('NCP-A faults', () => {
  it('parses the named faults and names the known ones for an unknown one', () => {
    expect(Object.keys(NCP_A_FAULTS).map(parseNcpAFault)).toEqual(Object.keys(NCP_A_FAULTS));
    expect(() => parseNcpAFault('accept-everything')).toThrow(/unknown NCP-A fault "accept-everything" \(known: accept-unsigned, /);
  });

  it.each([
    ['accept-unsigned', 'unsigned'],
    ['accept-expired', 'expired'],
    ['ignore-consent', 'consent'],
    ['wrong-patient', 'mismatch'],
  ] as const)('%s turns exactly the %s refusal into a grant', async (fault, overturned) => {
    for (const [name, refusal] of Object.entries(REFUSALS)) {
      const outcome = await withNcpAFaults(refusing(refusal), [fault]).authorize(request, what);
      expect(outcome.ok, `${fault} on ${name}`).toBe(name === overturned);
    }
  });

  it('is conformant without faults (the authorizer itself) and leaves grants alone', async () => {
    const inner = refusing(REFUSALS.consent!);
    expect(withNcpAFaults(inner, [])).toBe(inner);
    expect(withNcpAFaults(inner, ['no-home-attribute'])).toBe(inner);
    expect((await withNcpAFaults(allowAll, ['ignore-consent']).authorize(request, what)).ok).toBe(true);
  });
});
