/**
 * A country's consent policy as NCP-A applies it (GEN-10): whether a patient, named by the CX
 * patient id of an eHDSI TRC assertion, agreed to cross-border access. The world file names
 * patients by fixture key ("ms-follow-up") or national id; both are accepted. The id must be
 * issued by the country's own national scheme: the same number under another authority is
 * another person.
 */
import type { CountryCode, FixtureWorld } from '../../fixtures/model.ts';
import type { ConsentPolicy } from './world-config.ts';

export function consentCheck(policy: ConsentPolicy, world: FixtureWorld, country: CountryCode): (patientId: string) => boolean {
  if (policy.kind === 'all') return () => true;
  if (policy.kind === 'none') return () => false;
  const scheme = world.countries.find((c) => c.code === country)?.nationalIdScheme.oid;
  const named = new Set(policy.patients);
  const consented = new Set(world.patients.filter((p) => p.country === country && (named.has(p.key) || named.has(p.nationalId))).map((p) => p.nationalId));
  return (patientId) => {
    const { id, authority } = readCx(patientId);
    return authority === scheme && consented.has(id);
  };
}

/** `id^^^&oid&ISO` → its id and assigning authority OID (undefined when the CX names none). */
function readCx(cx: string): { id: string; authority: string | undefined } {
  const [id = '', , , assigningAuthority = ''] = cx.split('^');
  return { id: id.trim(), authority: assigningAuthority.split('&')[1]?.trim() || undefined };
}
