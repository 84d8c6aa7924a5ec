/**
 * The Laterality 2C predicate (PS3.3 C.7.3.1), on the cases dciodvfy was run on by hand: it asks
 * for Laterality when every indication of the body part (Body Part Examined, Anatomic Region code)
 * names a paired structure and no Image/Frame Laterality is sent.
 */
import { describe, expect, it } from 'vitest';
import type { DicomDataset } from '../dicom-subject.ts';
import { bodyPartIsPaired, lateralityRequired } from './laterality.ts';

const cs = (v: string) => ({ vr: 'CS', Value: [v] });
const region = (code: string, scheme = 'SCT') => ({ vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: [code] }, '00080102': { vr: 'SH', Value: [scheme] } }] });
const scope = (root: Record<string, unknown>) => ({ item: root as DicomDataset, root: root as DicomDataset, sopClassUid: '1.2.840.10008.5.1.4.1.1.1.2' });

describe('Laterality 2C', () => {
  it.each([
    ['BREAST, breast code', { '00180015': cs('BREAST'), '00082218': region('76752008') }, true],
    ['KNEE, no region', { '00180015': cs('KNEE') }, true],
    ['no body part, breast code', { '00082218': region('76752008') }, true],
    ['KNEE with a chest code (they disagree)', { '00180015': cs('KNEE'), '00082218': region('51185008') }, false],
    ['CHEST with a breast code', { '00180015': cs('CHEST'), '00082218': region('76752008') }, false],
    ['nothing said', {}, false],
  ])('%s: paired is %s', (_, root, paired) => {
    expect(bodyPartIsPaired(scope(root))).toBe(paired);
    expect(lateralityRequired(scope(root))).toBe(paired);
  });

  it('is not required when Image Laterality or Frame Laterality is sent', () => {
    expect(lateralityRequired(scope({ '00180015': cs('KNEE'), '00200062': cs('R') }))).toBe(false);
    const frameAnatomy = { vr: 'SQ', Value: [{ '00209071': { vr: 'SQ', Value: [{ '00209072': cs('L') }] } }] };
    expect(lateralityRequired(scope({ '00180015': cs('KNEE'), '52009229': frameAnatomy }))).toBe(false);
  });
});
