/**
 * A country's consent policy as NCP-A applies it (GEN-10): whether a patient, named by the CX
 * patient id of an eHDSI TRC assertion, agreed to cross-border access. The world file names
 * patients by fixture key ("ms-follow-up") or national id; both are accepted.
 */
import type { CountryCode, FixtureWorld } from '../../fixtures/model.ts';
import type { ConsentPolicy } from './world-config.ts';

export function consentCheck(policy: ConsentPolicy, world: FixtureWorld, country: CountryCode): (patientId: string) => boolean {
  if (policy.kind === 'all') return () => true;
  if (policy.kind === 'none') return () => false;
  const named = new Set(policy.patients);
  const consented = new Set(world.patients.filter((p) => p.country === country && (named.has(p.key) || named.has(p.nationalId))).map((p) => p.nationalId));
  return (patientId) => consented.has(nationalIdOf(patientId));
}

/** The id part of a CX (`id^^^&oid&ISO`); the value itself when it has no components. */
function nationalIdOf(cx: string): string {
  return cx.split('^')[0]!.trim();
}
