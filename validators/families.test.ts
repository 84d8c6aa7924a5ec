import { describe, expect, it } from 'vitest';
import { allFamilies, allRules } from './families.ts';
import { unknownRequirementIds } from './requirements.ts';
import { VALIDATION_PROFILES } from './rule.ts';

const rules = allRules();
const DOTTED = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;

describe('allFamilies', () => {
  it('lists families with unique names and at least one rule each', () => {
    const names = allFamilies.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of allFamilies) expect(f.rules.length, f.name).toBeGreaterThan(0);
  });

  // The report content rules run on a report extracted from CDA or FHIR, so one rule object may
  // sit in two families; two different rules under one id may not.
  it('has unique rule ids: one id, one rule', () => {
    const seen = new Map<string, unknown>();
    const clashes = rules.filter(({ rule }) => seen.has(rule.id) ? seen.get(rule.id) !== rule : (seen.set(rule.id, rule), false)).map(({ family, rule }) => `${family}:${rule.id}`);
    expect(clashes).toEqual([]);
  });

  it.each(rules.map(({ family, rule }) => [rule.id, family, rule] as const))('%s (%s) is dotted, titled, spec-referenced, with known requirements and profiles', (id, _, rule) => {
    expect(id).toMatch(DOTTED);
    expect(rule.title.trim()).not.toBe('');
    expect(rule.specRef.trim()).not.toBe('');
    expect(rule.requirements.length).toBeGreaterThan(0);
    expect(unknownRequirementIds(rule.requirements)).toEqual([]);
    for (const p of rule.profiles ?? []) expect(VALIDATION_PROFILES.filter((v) => v !== 'base')).toContain(p);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
  });

  it('catches what it claims to: a duplicate and a typo in a requirement id would fail', () => {
    expect(unknownRequirementIds(['GEN-01', 'GEN-1'])).toEqual(['GEN-1']);
    expect('input.xml' + '.accepted').toMatch(DOTTED);
    expect('Input XML').not.toMatch(DOTTED);
  });
});
