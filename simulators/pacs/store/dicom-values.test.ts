import { describe, expect, it } from 'vitest';
import { containsNonAscii, foldPersonName, isEmptySequenceQuery, personName, personNameToNatural, textValues } from './dicom-values.ts';

describe('dicom-values', () => {
  it('reads string, backslash and array forms alike', () => {
    expect(textValues('CT\\MR')).toEqual(['CT', 'MR']);
    expect(textValues(['CT', 'MR '])).toEqual(['CT', 'MR']);
    expect(textValues(3)).toEqual(['3']);
    expect(textValues([])).toEqual([]);
    expect(textValues(null)).toEqual([]);
  });
  it('reads PN in object and string form', () => {
    expect(personName([{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎' }])).toBe('Yamada^Tarou=山田^太郎');
    expect(personName('DOE^JOHN')).toBe('DOE^JOHN');
    expect(personNameToNatural('Yamada^Tarou=山田^太郎')).toEqual([{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎' }]);
    expect(personNameToNatural(null)).toEqual([]);
  });
  it('folds names to accent-free upper case alphabetic group', () => {
    expect(foldPersonName('Dvořák^Jiří=ドヴォルザーク')).toBe('DVORAK^JIRI');
    expect(foldPersonName('doe^john^^')).toBe('DOE^JOHN');
  });
  it('detects empty sequence queries and non-ASCII text', () => {
    expect(isEmptySequenceQuery([{}])).toBe(true);
    expect(isEmptySequenceQuery([{ UniversalEntityID: '' }])).toBe(true);
    expect(isEmptySequenceQuery([{ UniversalEntityID: '1.2' }])).toBe(false);
    expect(containsNonAscii({ a: [{ Alphabetic: 'Müller' }] })).toBe(true);
    expect(containsNonAscii({ a: 'plain', b: 1 })).toBe(false);
  });
});
