/**
 * Text for the PDF's standard fonts: WinAnsiEncoding (PDF 1.7 Annex D.2) and Helvetica glyph
 * widths (Adobe Core 14 AFM) for line wrapping.
 *
 * Mapping rule, so that no report text breaks the file:
 * 1. a character WinAnsi has (ASCII, Latin-1 such as é ü ö ß, and the extras € – — „ " ' … Š š Ž ž Œ œ Ÿ) keeps its glyph;
 * 2. otherwise it falls back to its base letter (Unicode NFD with combining marks removed), so
 *    Czech č ř ě ů ň ť ď become c r e u n t d — lossy, but readable;
 * 3. a few letters without a decomposition (ł đ ı ø-like) have a fixed fallback; anything else becomes "?".
 * Line breaks and tabs become spaces. The CDA keeps the exact text; the PDF is a rendering.
 */

/** Unicode → WinAnsi byte for the 0x80–0x9F block (the rest of 0xA0–0xFF equals Latin-1). */
const CP1252_EXTRAS: Readonly<Record<string, number>> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '\u2018': 0x91, '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

const NO_DECOMPOSITION: Readonly<Record<string, string>> = {
  'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ı': 'i', 'ħ': 'h', 'Ħ': 'H', '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u00a0': ' ',
};

function direct(ch: string): number | undefined {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  return CP1252_EXTRAS[ch];
}

/** The WinAnsi byte of one character after the fallback rules above. */
export function winAnsiByte(ch: string): number {
  if (ch === '\n' || ch === '\r' || ch === '\t') return 0x20;
  const d = direct(ch);
  if (d !== undefined) return d;
  const fixed = NO_DECOMPOSITION[ch];
  if (fixed !== undefined) return direct(fixed) ?? 0x3f;
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  if (base.length === 1) return direct(base) ?? 0x3f;
  return 0x3f;
}

/** Text as WinAnsi bytes, one byte per character (code point). */
export function toWinAnsi(text: string): Uint8Array {
  return Uint8Array.from(Array.from(text.normalize('NFC'), winAnsiByte));
}

/** Helvetica widths (1/1000 em) of 0x20–0x7E. */
const HELVETICA_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, //         p-z { | } ~
];

/** Bold glyphs are wider; a 10 % margin keeps wrapped bold lines inside the text box. */
const BOLD_FACTOR = 1.1;

function byteWidth(b: number): number {
  if (b >= 0x20 && b <= 0x7e) return HELVETICA_ASCII[b - 0x20]!;
  if (b >= 0xc0) {
    // Accented Latin-1 letters are as wide as their base letter in Helvetica.
    const base = String.fromCharCode(b).normalize('NFD').charCodeAt(0);
    if (base >= 0x20 && base <= 0x7e) return HELVETICA_ASCII[base - 0x20]!;
  }
  return b === 0xa0 ? 278 : 556;
}

/** Width in points of WinAnsi bytes at `size`. */
export function textWidth(bytes: Uint8Array, size: number, bold = false): number {
  let units = 0;
  for (const b of bytes) units += byteWidth(b);
  return (units * size * (bold ? BOLD_FACTOR : 1)) / 1000;
}

/** Greedy word wrap; a word longer than the line is cut at the width. Returns WinAnsi lines. */
export function wrapText(text: string, maxWidth: number, size: number, bold = false): Uint8Array[] {
  const words = text.split(/\s+/).filter((w) => w !== '').map(toWinAnsi);
  const space = toWinAnsi(' ');
  const lines: Uint8Array[] = [];
  let line: number[] = [];
  const fits = (bytes: readonly number[]) => textWidth(Uint8Array.from(bytes), size, bold) <= maxWidth;
  for (const word of words) {
    const candidate = line.length === 0 ? [...word] : [...line, ...space, ...word];
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line.length > 0) lines.push(Uint8Array.from(line));
    line = [];
    let rest = [...word];
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(Uint8Array.from(rest.slice(0, cut)));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line.length > 0 || lines.length === 0) lines.push(Uint8Array.from(line));
  return lines;
}
