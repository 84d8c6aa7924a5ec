import { describe, expect, it } from 'vitest';
import { checkUid, checkVrValue } from './vr-syntax.ts';

describe('checkVrValue', () => {
  it.each([
    ['DA', '20240312'], ['DA', ''], ['TM', '101500'], ['TM', '101500.123456'], ['TM', '10'], ['DT', '20240312101500.5+0100'], ['DT', '2024'],
    ['AS', '046Y'], ['DS', ' -1.5e3 '], ['DS', '.5'], ['IS', '-2147483647'], ['CS', 'ORIGINAL '], ['CS', 'ISO_IR 192'], ['AE', 'FNM_PACS'],
    ['PN', 'Dvořák^Jiří'], ['LO', 'Fakultní nemocnice Motol'], ['ST', 'line\r\nline'],
  ])('accepts %s "%s"', (vr, value) => expect(checkVrValue(vr, value)).toBeUndefined());

  it.each([
    ['DA', '2024-03-12', 'error'], ['DA', '2024031', 'error'], ['DA', '20241332', 'warning'], ['DA', '20230229', 'warning'],
    ['TM', '256199', 'error'], ['TM', '10:15:00', 'error'], ['DT', '20241301', 'error'], ['AS', '46Y', 'error'], ['AS', '046X', 'error'],
    ['DS', 'abc', 'error'], ['DS', '1.2345678901234567', 'error'], ['IS', '1.5', 'error'], ['IS', '99999999999', 'error'],
    ['CS', 'ct', 'error'], ['CS', 'ABCDEFGHIJKLMNOPQ', 'error'], ['SH', 'ABCDEFGHIJKLMNOPQ', 'error'], ['LO', 'x'.repeat(65), 'error'],
    ['PN', 'A'.repeat(70), 'error'], ['AE', 'A\tB', 'error'], ['LO', 'a\nb', 'error'],
  ])('rejects %s "%s" (%s)', (vr, value, severity) => expect(checkVrValue(vr, value)).toMatchObject({ severity }));
});

describe('checkUid', () => {
  it.each(['1.2.840.10008.1.2.1', '2.25.0', '1.2.3\0'])('accepts %s', (uid) => expect(checkUid(uid)).toBeUndefined());
  it.each(['1.2.03.4', '1.2.3.', '1..2', '1.2.3a', `1.${'2'.repeat(70)}`])('rejects %s', (uid) => expect(checkUid(uid)).toBeDefined());
});

