/**
 * Which HL7 permission (urn:oasis:names:tc:xspa:1.0:subject:hl7:permission:…) an HCP must hold
 * for each NCP-to-NCP transaction. eHDSI leaves the policy to country A; this follows OpenNCP's
 * default policy manager where it has one (XCPD needs PRD-006 "Patient Identification and
 * Lookup") and, for imaging, treats studies and reports like the other documents of a patient's
 * history: PRD-003 "Review Medical History". Missing permissions answer eHDSI 4703.
 */
import { permission } from './saml-names.ts';

export type PermissionPolicy = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_PERMISSION_POLICY: PermissionPolicy = {
  /** XCPD Cross Gateway Patient Discovery. */
  'ITI-55': [permission('PRD-006')],
  /** XCA Cross Gateway Query: finding a patient's imaging documents. */
  'ITI-38': [permission('PRD-003')],
  /** XCA Cross Gateway Retrieve: a KOS manifest or an imaging report. */
  'ITI-39': [permission('PRD-003')],
  /** XCA-I Cross Gateway Retrieve Imaging Document Set: the images themselves. */
  'RAD-75': [permission('PRD-003')],
};

/** The permissions of `policy[transaction]` the HCP lacks; throws for a transaction the policy does not know (a harness error). */
export function missingPermissions(policy: PermissionPolicy, transaction: string, held: readonly string[]): string[] {
  const needed = policy[transaction];
  if (!needed) throw new Error(`no permission rule for transaction "${transaction}" (known: ${Object.keys(policy).join(', ')})`);
  return needed.filter((p) => !held.includes(p));
}
