import { describe, expect, it } from 'vitest';
import { cx, cxTyped, derivedUrnUuid, hl7Escape, xcn, xon } from './hl7-values.ts';

describe('HL7 v2 values', () => {
  it('escapes every delimiter', () => {
    expect(hl7Escape('a^b&c~d|e\\f')).toBe('a\\S\\b\\T\\c\\R\\d\\F\\e\\E\\f');
  });
  it('builds CX with an ISO authority and an optional type', () => {
    expect(cx('123', '1.2.3')).toBe('123^^^&1.2.3&ISO');
    expect(cx('A&1', '1.2.3', 'urn:x')).toBe('A\\T\\1^^^&1.2.3&ISO^urn:x');
    expect(cxTyped('1.2.3', 'urn:ihe:iti:xds:2016:studyInstanceUID')).toBe('1.2.3^^^^urn:ihe:iti:xds:2016:studyInstanceUID');
    expect(() => cx('1', 'not-an-oid')).toThrow(/OID/);
    expect(() => cx('', '1.2')).toThrow(/empty/);
  });
  it('builds XCN and XON', () => {
    expect(xcn({ family: 'Müller', given: 'Jürgen' })).toBe('^Müller^Jürgen');
    expect(xcn({ family: 'D', given: 'J' }, { id: '42', oid: '1.2' })).toBe('42^D^J^^^^^^&1.2&ISO');
    expect(xon('UMC Utrecht')).toBe('UMC Utrecht');
    expect(xon('UMC', '1.2.3')).toBe('UMC^^^^^^^^^1.2.3');
  });
  it('derives stable version-5 style UUIDs', () => {
    expect(derivedUrnUuid('a', 'b')).toBe(derivedUrnUuid('a', 'b'));
    expect(derivedUrnUuid('a', 'b')).not.toBe(derivedUrnUuid('a', 'c'));
    expect(derivedUrnUuid('x')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
