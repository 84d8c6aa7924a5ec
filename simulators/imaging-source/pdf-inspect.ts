/**
 * Reads back what `pdf-writer.ts` writes, for tests and checks without qpdf/pdftotext: the xref
 * table, the uncompressed content streams and the strings they show. Only for our own simple,
 * uncompressed files; not a general PDF parser.
 */

export interface PdfStructure {
  /** Object number → byte offset, as the xref table states. */
  readonly xref: ReadonlyMap<number, number>;
  readonly startxref: number;
  readonly streams: readonly { readonly declaredLength: number; readonly bytes: Buffer }[];
}

export function pdfStructure(pdf: Uint8Array): PdfStructure {
  const text = Buffer.from(pdf).toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(text)?.[1] ?? NaN);
  const xrefSection = /xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)/.exec(text.slice(startxref));
  if (!xrefSection) throw new Error('no classic xref table at startxref');
  const xref = new Map<number, number>();
  xrefSection[2]!.split('\n').filter(Boolean).forEach((line, i) => {
    if (line.endsWith('n ')) xref.set(i, Number(line.slice(0, 10)));
  });
  const streams: { declaredLength: number; bytes: Buffer }[] = [];
  const re = /<< \/Length (\d+) >>\nstream\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    streams.push({ declaredLength: Number(m[1]), bytes: Buffer.from(pdf).subarray(start, end) });
  }
  return { xref, startxref, streams };
}

/** The literal strings shown with Tj, unescaped, as latin1-decoded WinAnsi (0x80–0x9F not remapped). */
export function shownStrings(stream: Buffer): string[] {
  const out: string[] = [];
  const s = stream.toString('latin1');
  const re = /\(((?:\\.|[^\\)])*)\) Tj/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1]!.replace(/\\(.)/g, '$1'));
  return out;
}
