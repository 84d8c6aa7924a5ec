/**
 * A minimal PDF 1.4 writer (ISO 32000-1 is a superset) for text documents: A4 pages, Helvetica
 * and Helvetica-Bold with WinAnsiEncoding (standard 14 fonts, nothing embedded), word wrap,
 * automatic page breaks, page footers, an Info dictionary and a classic xref table with exact
 * byte offsets. Content streams are uncompressed so tests (and people) can read them.
 * Deterministic: no clock, no random file id.
 */
import { textWidth, toWinAnsi, wrapText } from './pdf-winansi.ts';

export type PdfStyle = 'title' | 'heading' | 'body';

export interface PdfBlock {
  readonly text: string;
  readonly style: PdfStyle;
  /** Bold label before the text on the same line(s), e.g. "Patient:". */
  readonly label?: string;
}

export interface PdfInfo {
  readonly title: string;
  readonly author: string;
  /** Local `YYYYMMDDHHMMSS` and UTC offset `+hhmm`/`-hhmm` (e.g. from cdaTimestamp). */
  readonly creationDate: string;
}

const PAGE = { width: 595, height: 842, margin: 56, footer: 30 } as const;
const STYLE: Readonly<Record<PdfStyle, { size: number; bold: boolean; before: number }>> = {
  title: { size: 16, bold: true, before: 0 },
  heading: { size: 12, bold: true, before: 10 },
  body: { size: 10, bold: false, before: 2 },
};
const LEADING = 1.35;

interface Line { readonly x: number; readonly y: number; readonly size: number; readonly bold: boolean; readonly bytes: Uint8Array }

/** PDF date string `D:YYYYMMDDHHmmSS+hh'mm'` from `YYYYMMDDHHMMSS±hhmm`. */
export function pdfDate(timestamp: string): string {
  const m = /^(\d{14})([+-])(\d{2})(\d{2})$/.exec(timestamp);
  if (!m) throw new Error(`creationDate must be YYYYMMDDHHMMSS±hhmm, got "${timestamp}"`);
  return `D:${m[1]}${m[2]}${m[3]}'${m[4]}'`;
}

/** Lays the blocks out on pages: one array of positioned lines per page. */
export function layout(blocks: readonly PdfBlock[]): Line[][] {
  const width = PAGE.width - 2 * PAGE.margin;
  const top = PAGE.height - PAGE.margin;
  const bottom = PAGE.margin + PAGE.footer;
  const pages: Line[][] = [[]];
  let y = top;
  const place = (x: number, size: number, bold: boolean, bytes: Uint8Array) => {
    if (y - size * LEADING < bottom) {
      pages.push([]);
      y = top;
    }
    y -= size * LEADING;
    pages[pages.length - 1]!.push({ x, y, size, bold, bytes });
  };
  for (const block of blocks) {
    const s = STYLE[block.style];
    if (pages[pages.length - 1]!.length > 0) y -= s.before;
    if (block.label !== undefined) {
      const label = toWinAnsi(`${block.label} `);
      const indent = Math.min(textWidth(label, s.size, true), width / 2);
      const lines = wrapText(block.text, width - indent, s.size, s.bold);
      lines.forEach((bytes, i) => {
        if (i === 0) {
          place(PAGE.margin, s.size, true, label);
          pages[pages.length - 1]!.push({ x: PAGE.margin + indent, y, size: s.size, bold: s.bold, bytes });
        } else {
          place(PAGE.margin + indent, s.size, s.bold, bytes);
        }
      });
      continue;
    }
    for (const bytes of wrapText(block.text, width, s.size, s.bold)) place(PAGE.margin, s.size, s.bold, bytes);
  }
  return pages;
}

/** A PDF literal string of WinAnsi bytes: ( ) \ escaped, bytes ≥ 0x80 kept as they are. */
function literal(bytes: Uint8Array): Buffer {
  const out: number[] = [0x28];
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out.push(0x5c);
    out.push(b);
  }
  out.push(0x29);
  return Buffer.from(out);
}

/** Info text string in UTF-16BE with BOM, so names keep every character (PDF 1.4 §3.8.1). */
function textString(s: string): string {
  return `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

function contentStream(lines: readonly Line[], footer: string): Buffer {
  const parts: Buffer[] = [];
  for (const l of lines) {
    parts.push(Buffer.from(`BT /${l.bold ? 'F2' : 'F1'} ${l.size} Tf ${l.x.toFixed(2)} ${l.y.toFixed(2)} Td `, 'latin1'), literal(l.bytes), Buffer.from(' Tj ET\n', 'latin1'));
  }
  parts.push(Buffer.from(`BT /F1 8 Tf ${PAGE.margin} ${PAGE.margin - 20} Td `, 'latin1'), literal(toWinAnsi(footer)), Buffer.from(' Tj ET\n', 'latin1'));
  return Buffer.concat(parts);
}

/** The whole file. Object numbers: 1 catalog, 2 pages, 3–4 fonts, 5 info, then page/content pairs. */
export function writePdf(info: PdfInfo, blocks: readonly PdfBlock[]): Uint8Array {
  const pages = layout(blocks);
  const objects: Buffer[] = [];
  const pageIds = pages.map((_, i) => 6 + 2 * i);
  objects.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>', 'latin1'));
  objects.push(Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`, 'latin1'));
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', 'latin1'));
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>', 'latin1'));
  const date = pdfDate(info.creationDate);
  objects.push(Buffer.from(`<< /Title ${textString(info.title)} /Author ${textString(info.author)} /Producer (ixh imaging-exchange-harness) /CreationDate (${date}) /ModDate (${date}) >>`, 'latin1'));
  pages.forEach((lines, i) => {
    const stream = contentStream(lines, `${info.title} - ${i + 1}/${pages.length}`);
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`, 'latin1'));
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]));
  });

  // A binary comment after the header tells transfer tools the file is not 7-bit text.
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(obj);
    offset += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}
