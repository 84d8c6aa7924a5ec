import { expect, it } from 'vitest';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { consentCheck } from './consent.ts';

const world = buildWorld({ seed: 7, countries: ['NL', 'FR'], patients: 1 });
const nl = world.countries.find((c) => c.code === 'NL')!.nationalIdScheme.oid;
const ms = world.patients.find((p) => p.key === 'ms-follow-up')!;
const other = world.patients.find((p) => p.country === 'NL' && p.key !== 'ms-follow-up')!;
const cx = (id: string, oid: string): string => `${id}^^^&${oid}&ISO`;

it('grants the patients named by key or national id, under the country\'s own scheme only', () => {
  const byKey = consentCheck({ kind: 'only', patients: ['ms-follow-up'] }, world, 'NL');
  expect(byKey(cx(ms.nationalId, nl))).toBe(true);
  expect(byKey(cx(other.nationalId, nl))).toBe(false);
  expect(byKey(cx(ms.nationalId, '1.2.3.4'))).toBe(false);
  expect(byKey(ms.nationalId)).toBe(false);
  expect(consentCheck({ kind: 'only', patients: [other.nationalId] }, world, 'NL')(cx(other.nationalId, nl))).toBe(true);
});

it('all and none mean what they say', () => {
  expect(consentCheck({ kind: 'all' }, world, 'NL')('anything')).toBe(true);
  expect(consentCheck({ kind: 'none' }, world, 'NL')(cx(ms.nationalId, nl))).toBe(false);
});
