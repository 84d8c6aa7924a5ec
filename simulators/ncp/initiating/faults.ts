/**
 * Named faults of the simulated NCP-B (country B's initiating gateway), so the `ncp-b` suite can be
 * proven to catch each one. Set in the world file as `ncpInitiating: { fault: [...] }`; none set =
 * conformant. Each fault is one documented misbehaviour:
 *
 *   no-trc               sends XCA / XCA-I requests (ITI-38, ITI-39, RAD-75) with the HCP assertion only, no TRC
 *   drop-partial-errors  answers a fanned-out query Success without error items although a community failed
 *   expired-trc          issues its assertions with a clock 3 h behind: the HCP assertion (4 h) still holds, the TRC (2 h) has expired
 */
import type { AssertionProvider } from '../gateway-security.ts';

export const NCP_B_FAULTS = {
  'no-trc': 'sends XCA and XCA-I requests without a TRC assertion',
  'drop-partial-errors': 'answers Success and drops the errors of failed communities',
  'expired-trc': 'issues assertions with a clock 3 h behind, so every TRC has expired',
} as const;

export type NcpBFault = keyof typeof NCP_B_FAULTS;

export function isNcpBFault(text: string): text is NcpBFault {
  return Object.hasOwn(NCP_B_FAULTS, text);
}

/** The fault named `text`; throws naming the known ones otherwise. */
export function parseNcpBFault(text: string): NcpBFault {
  if (isNcpBFault(text)) return text;
  throw new Error(`unknown NCP-B fault "${text}" (known: ${Object.keys(NCP_B_FAULTS).join(', ')})`);
}

/** The gateway's assertion provider: with `no-trc`, every header is asked for without a patient, so no TRC is issued. */
export function assertionsWithFaults(provider: AssertionProvider, faults: readonly NcpBFault[] = []): AssertionProvider {
  if (!faults.includes('no-trc')) return provider;
  return { securityHeader: ({ patientId: _dropped, ...request }) => provider.securityHeader(request) };
}

/** How far behind the assertion clock runs with `expired-trc`. */
export const EXPIRED_TRC_SKEW_MS = 3 * 60 * 60 * 1000;

/** The clock the gateway's assertions are issued with: 3 h behind with `expired-trc`. */
export function assertionClock(clock: () => Date, faults: readonly string[] = []): () => Date {
  return faults.includes('expired-trc') ? () => new Date(clock().getTime() - EXPIRED_TRC_SKEW_MS) : clock;
}

/** With `drop-partial-errors`, a query some community answered reports no errors at all. */
export function shownErrors<T>(errors: readonly T[], answered: number, faults: readonly NcpBFault[] = []): readonly T[] {
  return faults.includes('drop-partial-errors') && answered > 0 ? [] : errors;
}
