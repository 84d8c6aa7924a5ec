import { describe, expect, it } from 'vitest';
import { textWidth, toWinAnsi, winAnsiByte, wrapText } from './pdf-winansi.ts';

describe('WinAnsi mapping', () => {
  it('keeps Latin-1 letters and the cp1252 extras', () => {
    expect(['é', 'ü', 'ö', 'ß', 'Ä', 'à'].map(winAnsiByte)).toEqual([0xe9, 0xfc, 0xf6, 0xdf, 0xc4, 0xe0]);
    expect(['š', 'Š', 'ž', 'Ž', '–', '€', '·'].map(winAnsiByte)).toEqual([0x9a, 0x8a, 0x9e, 0x8e, 0x96, 0x80, 0xb7]);
  });

  it('falls back to the base letter for characters WinAnsi lacks (Czech č ř ě ů)', () => {
    expect(Buffer.from(toWinAnsi('čřěůňťď ČŘ')).toString('latin1')).toBe('creuntd CR');
  });

  it('uses fixed fallbacks and "?" for the rest; control characters become spaces', () => {
    expect(Buffer.from(toWinAnsi('ł\u2212😀\n')).toString('latin1')).toBe('l-? ');
  });
});

describe('wrapText', () => {
  it('keeps every word in order and every line inside the width', () => {
    const text = 'Prsy převážně involuční, bez ložisek a suspektních mikrokalcifikací. Axily bez patologických uzlin.';
    const lines = wrapText(text, 150, 10);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(150);
    expect(lines.map((l) => Buffer.from(l).toString('latin1')).join(' ')).toBe(Buffer.from(toWinAnsi(text)).toString('latin1'));
  });

  it('cuts a word longer than the line', () => {
    const lines = wrapText('x'.repeat(200), 100, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.reduce((n, l) => n + l.length, 0)).toBe(200);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(100);
  });
});
