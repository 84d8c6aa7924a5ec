/**
 * How the security checks say no, in the vocabulary of the gateway seam: a SOAP fault with a
 * WS-Security 1.1 subcode for token problems, or an eHDSI error code answered in a normal response
 * for policy problems (see docs/security.md for which check gives which).
 */
import type { AuthorizationOutcome } from '../ncp/gateway-security.ts';
import { SoapFaultError, Subcode, type FaultSubcode } from '../soap/soap-fault.ts';
import type { EhdsiErrorCode } from './ehdsi-error-codes.ts';

export type Refusal = Extract<AuthorizationOutcome, { ok: false }>;

export function fault(subcode: FaultSubcode, message: string): Refusal {
  return { ok: false, answer: 'fault', code: `${subcode.prefix}:${subcode.local}`, message };
}

export function ehdsiRefusal(error: EhdsiErrorCode, detail: string): Refusal {
  return { ok: false, answer: 'error', code: error.code, message: `${error.display}: ${detail}` };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

const SUBCODES: ReadonlyMap<string, FaultSubcode> = new Map(Object.values(Subcode).map((s) => [`${s.prefix}:${s.local}`, s]));

/**
 * The SOAP fault a responding gateway sends for a refusal answered as `fault` (the requester's
 * token is at fault, hence env:Sender). Throws for an `error` refusal, which is no fault.
 */
export function refusalFault(refusal: Refusal): SoapFaultError {
  if (refusal.answer !== 'fault') throw new Error(`refusal ${refusal.code} is answered as an eHDSI error, not a SOAP fault`);
  const subcode = SUBCODES.get(refusal.code) ?? Subcode.invalidSecurity;
  return new SoapFaultError('Sender', refusal.message, [subcode]);
}
