import { describe, expect, it } from 'vitest';
import { pdfStructure, shownStrings } from './pdf-inspect.ts';
import { layout, pdfDate, writePdf, type PdfBlock } from './pdf-writer.ts';

const INFO = { title: 'Záznam – test', author: 'Zdeňka Nováková', creationDate: '20240312101500+0100' };
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('writePdf', () => {
  const blocks: PdfBlock[] = [
    { style: 'title', text: 'Title (with parentheses) and a back\\slash' },
    { style: 'body', label: 'Patient:', text: 'Nováková, Zdeňka' },
    ...Array.from({ length: 120 }, (_, i): PdfBlock => ({ style: 'body', text: `Paragraph ${i} ${'lorem ipsum '.repeat(12)}` })),
  ];
  const pdf = writePdf(INFO, blocks);

  it('is a PDF 1.4 file ending in %%EOF', () => {
    expect(latin1(pdf.subarray(0, 9))).toBe('%PDF-1.4\n');
    expect(latin1(pdf.subarray(-6))).toBe('%%EOF\n');
  });

  it('has xref offsets that point exactly at "N 0 obj" and a startxref that points at the table', () => {
    const { xref, startxref } = pdfStructure(pdf);
    expect(latin1(pdf.subarray(startxref, startxref + 4))).toBe('xref');
    expect(xref.size).toBeGreaterThan(6);
    for (const [n, offset] of xref) expect(latin1(pdf.subarray(offset, offset + `${n} 0 obj`.length))).toBe(`${n} 0 obj`);
  });

  it('declares the true length of every content stream', () => {
    const { streams } = pdfStructure(pdf);
    for (const s of streams) expect(s.bytes.length - 1).toBe(s.declaredLength); // minus the EOL before "endstream"
  });

  it('breaks pages when the text does not fit, and counts them', () => {
    const pages = layout(blocks);
    expect(pages.length).toBeGreaterThan(2);
    expect(latin1(pdf)).toContain(`/Count ${pages.length}`);
    for (const page of pages) for (const line of page) expect(line.y).toBeGreaterThanOrEqual(56 + 30);
  });

  it('escapes ( ) \\ in shown strings', () => {
    const shown = pdfStructure(pdf).streams.flatMap((s) => shownStrings(s.bytes));
    expect(shown).toContain('Title (with parentheses) and a back\\slash');
  });

  it('writes the Info dictionary with exact (UTF-16) title and author and a PDF date', () => {
    const text = latin1(pdf);
    const hex = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
    expect(text).toContain(`/Title ${hex(INFO.title)}`);
    expect(text).toContain(`/Author ${hex(INFO.author)}`);
    expect(text).toContain("/CreationDate (D:20240312101500+01'00')");
  });

  it('is deterministic', () => {
    expect(Buffer.from(writePdf(INFO, blocks)).equals(Buffer.from(pdf))).toBe(true);
  });

  it('refuses a malformed creation date', () => {
    expect(() => pdfDate('2024-03-12')).toThrow(/YYYYMMDDHHMMSS/);
  });
});
