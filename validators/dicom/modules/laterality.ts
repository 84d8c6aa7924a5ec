/**
 * The condition of Laterality (0020,0060), Type 2C in the General Series Module (PS3.3 C.7.3.1):
 * "Required if the body part examined is a paired structure and Image Laterality (0020,0062) or
 * Frame Laterality (0020,9072) or Measurement Laterality (0024,0113) are not present."
 *
 * Whether the body part is paired is read from what the data set says it examined: Body Part
 * Examined and the Anatomic Region Sequence codes (PS3.16 Annex L). The body part counts as
 * paired when at least one of them is present and every one present names a paired structure; a
 * data set whose two indications disagree (KNEE with a chest region code) is not held to the
 * condition. dciodvfy decides the same way on the cases tried (laterality.test.ts).
 */
import { sequenceItems, type DicomDataset } from '../dicom-subject.ts';
import type { ConditionScope } from './module.ts';
import { SCT } from '../../codes/coding-schemes.ts';
import { PAIRED_BODY_PARTS, PAIRED_REGION_CODES } from '../../codes/body-part-examined.ts';

const text = (ds: DicomDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '').trim();

export function bodyPartIsPaired({ root }: ConditionScope): boolean {
  const votes: boolean[] = [];
  const bodyPart = text(root, '00180015');
  if (bodyPart !== '') votes.push(PAIRED_BODY_PARTS.has(bodyPart));
  for (const region of sequenceItems(root['00082218'])) {
    const code = text(region, '00080100');
    if (code !== '') votes.push(text(region, '00080102') === SCT.designator && PAIRED_REGION_CODES.has(code));
  }
  return votes.length > 0 && votes.every(Boolean);
}

/** Image Laterality at the top level, Frame Laterality in a shared or per-frame Frame Anatomy item, or Measurement Laterality. */
function lateralitySentElsewhere(root: DicomDataset): boolean {
  if (root['00200062'] !== undefined || root['00240113'] !== undefined) return true;
  const groups = [...sequenceItems(root['52009229']), ...sequenceItems(root['52009230'])];
  return groups.some((g) => sequenceItems(g['00209071']).some((anatomy) => anatomy['00209072'] !== undefined));
}

export const lateralityRequired = (scope: ConditionScope): boolean => bodyPartIsPaired(scope) && !lateralitySentElsewhere(scope.root);
