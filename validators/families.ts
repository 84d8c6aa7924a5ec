/**
 * Every validator family, listed explicitly: docs/validators.md (write-rule-docs.ts) and
 * `ixh requirements` read the rules from here. A new family is one import and one line below.
 */
import { auditFamily } from './audit/index.ts';
import { consistencyFamily } from './consistency/index.ts';
import { dicomFamily, dicomFileFamily } from './dicom/index.ts';
import type { ValidatorFamily } from './family.ts';
import { informationModelFamily } from './information-model/index.ts';
import { manifestFamily } from './manifest/index.ts';
import { atnaFamily, ebrimFamily, hl7v3Family, inputFamily, samlFamily, soapFamily } from './message/index.ts';
import { metadataFamily } from './metadata/index.ts';
import { cdaReportFamily, fhirReportFamily } from './report/index.ts';
import type { Rule } from './rule.ts';

/** The view of a family that docs and coverage need: no subject type. */
export interface FamilyListing {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Omit<Rule<never>, 'check'>[];
}

const listing = <S>(family: ValidatorFamily<S>): FamilyListing => family;

export const allFamilies: readonly FamilyListing[] = [
  listing(inputFamily),
  listing(dicomFileFamily),
  listing(dicomFamily),
  listing(manifestFamily),
  listing(metadataFamily),
  listing(cdaReportFamily),
  listing(fhirReportFamily),
  listing(informationModelFamily),
  listing(consistencyFamily),
  listing(soapFamily),
  listing(ebrimFamily),
  listing(hl7v3Family),
  listing(samlFamily),
  listing(atnaFamily),
  listing(auditFamily),
];

/** Every rule of every family, with the family's name. */
export function allRules(families: readonly FamilyListing[] = allFamilies): { family: string; rule: FamilyListing['rules'][number] }[] {
  return families.flatMap((f) => f.rules.map((rule) => ({ family: f.name, rule })));
}
