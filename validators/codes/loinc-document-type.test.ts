import { expect, it } from 'vitest';
import { DIAGNOSTIC_IMAGING_STUDY } from './loinc-document-type.ts';

it('is LOINC 18748-4 with a valid mod-10 check digit', () => {
  expect(DIAGNOSTIC_IMAGING_STUDY).toBe('18748-4');
  // LOINC check digit: Luhn-style mod 10 over the part before the hyphen.
  const [body, check] = DIAGNOSTIC_IMAGING_STUDY.split('-') as [string, string];
  const sum = [...body].reverse().reduce((s, ch, i) => { const d = Number(ch) * (i % 2 === 0 ? 2 : 1); return s + Math.floor(d / 10) + (d % 10); }, 0);
  expect((10 - (sum % 10)) % 10).toBe(Number(check));
});
