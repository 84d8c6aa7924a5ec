import { describe, expect, it } from 'vitest';
import { Subcode } from '../soap/soap-fault.ts';
import { ehdsiError, EhdsiError } from './ehdsi-error-codes.ts';
import { ehdsiRefusal, fault, refusalFault } from './refusal.ts';

describe('refusals', () => {
  it('turn a fault refusal into an env:Sender SOAP fault with its WS-Security subcode', () => {
    const err = refusalFault(fault(Subcode.messageExpired, 'TRC expired'));
    expect(err).toMatchObject({ code: 'Sender', reason: 'TRC expired', subcodes: [Subcode.messageExpired], httpStatus: 400 });
  });

  it('refuse to make a SOAP fault of an eHDSI error, which is answered in a normal response', () => {
    const refusal = ehdsiRefusal(EhdsiError.noConsent, 'patient 1');
    expect(refusal).toEqual({ ok: false, answer: 'error', code: '4701', message: 'No consent: patient 1' });
    expect(() => refusalFault(refusal)).toThrow(/eHDSI error/);
  });
});

describe('eHDSI error codes', () => {
  it('look codes up with their display text, and know nothing they do not list', () => {
    expect(ehdsiError('4206')).toMatchObject({ display: 'Unknown Patient Identifier' });
    expect(ehdsiError('4703')?.display).toBe('Insufficient rights');
    expect(ehdsiError('9999')).toBeUndefined();
    const codes = Object.values(EhdsiError).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
