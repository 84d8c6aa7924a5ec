/**
 * Manifest family: what makes a Key Object Selection Document a study manifest an imaging
 * exchange can rely on. Base rules are the DICOM KOS / TID 2010 ones a manifest depends on;
 * `xca-i` adds XDS-I.b (RAD-68 manifest), `mado` adds the IHE RAD MADO KOS-based manifest
 * (TID 1600 Image Library). The generic IOD rules (modules, types, VRs) are the dicom family's.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import type { Item } from './dataset-access.ts';
import type { ManifestRule } from './define-rule.ts';
import { contentItemsTid2010 } from './content-items.rule.ts';
import { contentRootContainer, contentTemplate2010 } from './content-root.rule.ts';
import { evidenceAgreesWithContent } from './evidence-agreement.rule.ts';
import { evidenceStructure } from './evidence-structure.rule.ts';
import { kindIsManifest } from './kind.rule.ts';
import { madoPatientIdentity, madoReferencedRequest, madoStudyAttributes } from './mado-attributes.rule.ts';
import { madoImageLibrary } from './mado-image-library.rule.ts';
import { madoRetrieveLocation } from './mado-retrieve.rule.ts';
import { madoSeriesDescriptors, madoSeriesGroups } from './mado-series-groups.rule.ts';
import { madoTitle } from './mado-title.rule.ts';
import { readManifestSubject, type ManifestSubject } from './manifest-subject.ts';
import { noPixelData } from './pixel-data.rule.ts';
import { sopClassIsKos } from './sop-class.rule.ts';
import { subjectReadable } from './subject-readable.rule.ts';
import { referencedUidSyntax } from './uid-syntax.rule.ts';
import { xdsiOneItemPerStudy, xdsiRetrieveLocation } from './xds-i-evidence.rule.ts';
import { xdsiPatientStudyIdentity } from './xds-i-identity.rule.ts';
import { xdsiTitle } from './xds-i-title.rule.ts';

export { classifyKos, type KosKind } from './kos-kind.ts';
export { readManifestSubject, type ManifestRead, type ManifestSubject } from './manifest-subject.ts';

export const manifestFamily: ValidatorFamily<ManifestSubject> = {
  name: 'manifest',
  description: 'Key Object Selection manifests: TID 2010 structure, content/evidence agreement, XDS-I.b (xca-i) and MADO (mado) manifest rules',
  rules: [
    subjectReadable,
    sopClassIsKos,
    kindIsManifest,
    contentRootContainer,
    contentTemplate2010,
    contentItemsTid2010,
    evidenceStructure,
    evidenceAgreesWithContent,
    referencedUidSyntax,
    noPixelData,
    xdsiTitle,
    xdsiOneItemPerStudy,
    xdsiRetrieveLocation,
    xdsiPatientStudyIdentity,
    madoTitle,
    madoImageLibrary,
    madoSeriesGroups,
    madoSeriesDescriptors,
    madoPatientIdentity,
    madoStudyAttributes,
    madoReferencedRequest,
    madoRetrieveLocation,
  ],
};

/** Only the readability rule runs on an unreadable subject, so no other rule claims to have checked it. */
const UNREADABLE_RULES: readonly ManifestRule[] = [subjectReadable];

/** Validates a manifest given as Part 10 bytes or as an already naturalized dcmjs data set. */
export function validateManifest(input: Uint8Array | Record<string, unknown>, options: ValidateOptions): RuleRun {
  const profile = options.profile ?? 'base';
  const read = input instanceof Uint8Array ? readManifestSubject(input) : { ds: input as Item };
  const subject: ManifestSubject = { ...read, profile };
  const rules = subject.ds === undefined ? UNREADABLE_RULES : manifestFamily.rules;
  return runRules(rules, subject, { subjectName: options.subjectName, profile });
}
