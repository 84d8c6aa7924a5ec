import { describe, expect, it } from 'vitest';
import { localToXdsUtc, splitDateTime, xdsUtc } from './xds-time.ts';

describe('XDS times', () => {
  it('converts local DICOM date/time to UTC across DST', () => {
    expect(localToXdsUtc('20240115', '083000', 'Europe/Paris')).toBe('20240115073000');
    expect(localToXdsUtc('20240715', '083000', 'Europe/Paris')).toBe('20240715063000');
    expect(localToXdsUtc('20240101', '003000', 'Europe/Prague')).toBe('20231231233000');
    expect(localToXdsUtc('20240331', '030000', 'Europe/Berlin')).toBe('20240331010000'); // just after the spring change
    expect(localToXdsUtc('20240101', '0830', 'UTC')).toBe('20240101083000');
    expect(localToXdsUtc('20240101', '083000.123456', 'UTC')).toBe('20240101083000');
  });
  it('refuses what is not DA/TM', () => {
    expect(() => localToXdsUtc('2024-01-01', '083000', 'UTC')).toThrow(/DA\/TM/);
    expect(() => localToXdsUtc('20241301', '083000', 'UTC')).toThrow(/range/);
  });
  it('formats instants and splits model timestamps', () => {
    expect(xdsUtc(new Date(Date.UTC(2024, 3, 1, 10, 0, 5)))).toBe('20240401100005');
    expect(splitDateTime('20240401120000')).toEqual({ date: '20240401', time: '120000' });
    expect(() => splitDateTime('202404011200')).toThrow();
  });
});
