import { describe, expect, it } from 'vitest';
import { formatPath, getElement, isEmpty, parsePath, readDicomSubject, walkElements } from './dicom-subject.ts';
import { clean } from './test-support.ts';
import { vmAllows } from './dictionary.ts';

describe('readDicomSubject', () => {
  it('reads a clean file: meta, dict with VRs and raw values, natural view, SOP class and transfer syntax', () => {
    const s = clean('CT');
    expect(s.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(s.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(s.dict['00180050']).toMatchObject({ vr: 'DS', _rawValue: ['5 '] });
    expect(s.natural.Modality).toBe('CT');
  });

  it.each([
    ['too short', new Uint8Array(10)],
    ['no DICM prefix', new Uint8Array(400)],
    ['truncated after the prefix', (() => { const b = new Uint8Array(140); b.set([68, 73, 67, 77], 128); b.set([2, 0, 0x10, 0, 85, 73, 200, 0], 132); return b; })()],
  ])('refuses %s with a reason instead of throwing', (_label, bytes) => {
    const r = readDicomSubject(bytes);
    expect(r.ok).toBe(false);
  });

  it('refuses a file over the size limit', () => {
    const r = readDicomSubject(new Uint8Array(2000), 1000);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('over the 1000-byte limit') });
  });
});

describe('tag paths', () => {
  it('formats and parses nested paths, and reaches elements through sequence items', () => {
    const path = '(0008,2218)[0].(0008,0100)';
    expect(formatPath(parsePath(path)!)).toBe(path);
    expect(getElement(clean('CT').dict, path)?.Value).toEqual(['69536005']);
    expect(getElement(clean('CT').dict, '(0008,2218).(0008,0100)')).toBeUndefined();
    expect(parsePath('nonsense')).toBeUndefined();
  });

  it('walks sequence items with their paths', () => {
    const paths = [...walkElements(clean('CT').dict)].map((e) => formatPath(e.steps));
    expect(paths).toContain('(0008,2218)[0].(0008,0102)');
  });

  it('treats no value, empty strings and empty person names as empty', () => {
    expect(isEmpty({ vr: 'LO', Value: [''] })).toBe(true);
    expect(isEmpty({ vr: 'PN', Value: [{ Alphabetic: '' }] })).toBe(true);
    expect(isEmpty({ vr: 'SQ', Value: [] })).toBe(true);
    expect(isEmpty({ vr: 'LO', Value: ['x'] })).toBe(false);
  });

  it.each([['1', 1, true], ['1', 2, false], ['2', 1, false], ['2-n', 3, true], ['2-n', 1, false], ['1-3', 4, false], ['2-2n', 4, true], ['2-2n', 3, false], ['3-3n', 6, true]] as const)(
    'VM %s with %i value(s): %s',
    (vm, n, ok) => expect(vmAllows(vm, n)).toBe(ok),
  );
});
