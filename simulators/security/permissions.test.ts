import { describe, expect, it } from 'vitest';
import { DEFAULT_PERMISSION_POLICY, missingPermissions } from './permissions.ts';
import { DOCTOR_PERMISSIONS, permission } from './saml-names.ts';

describe('permission policy', () => {
  it('grants a doctor every NCP-to-NCP transaction', () => {
    for (const t of ['ITI-55', 'ITI-38', 'ITI-39', 'RAD-75']) expect(missingPermissions(DEFAULT_PERMISSION_POLICY, t, DOCTOR_PERMISSIONS)).toEqual([]);
  });

  it('names what is missing: patient lookup alone does not open the imaging documents', () => {
    const lookupOnly = [permission('PRD-006')];
    expect(missingPermissions(DEFAULT_PERMISSION_POLICY, 'ITI-55', lookupOnly)).toEqual([]);
    expect(missingPermissions(DEFAULT_PERMISSION_POLICY, 'RAD-75', lookupOnly)).toEqual([permission('PRD-003')]);
  });

  it('throws for a transaction it has no rule for (a harness error, not a refusal)', () => {
    expect(() => missingPermissions(DEFAULT_PERMISSION_POLICY, 'ITI-41', DOCTOR_PERMISSIONS)).toThrow(/no permission rule/);
  });
});
