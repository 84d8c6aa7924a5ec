import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasBinary } from '../../test/interop/require-peer.ts';
import { firstReported, reportWorld } from './cda-test-inputs.ts';
import { renderCdaImagingReport } from './cda-report.ts';
import { pdfStructure, shownStrings } from './pdf-inspect.ts';
import { renderPdfReport } from './pdf-report.ts';
import { toWinAnsi } from './pdf-winansi.ts';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
/** All text the pages show, joined with spaces: wrapping splits sentences across lines. */
const pageText = (pdf: Uint8Array) => pdfStructure(pdf).streams.flatMap((s) => shownStrings(s.bytes)).join(' ').replace(/\s+/g, ' ');
const asShown = (s: string) => latin1(toWinAnsi(s)).replace(/\s+/g, ' ');

describe('renderPdfReport', () => {
  const { world } = reportWorld();
  const cz = firstReported((r) => r.ws.country.code === 'CZ');
  const pdf = renderPdfReport(cz.ws, { uidRoot: world.uidRoot });
  const report = cz.ws.report!;

  it('is a PDF with its own uniqueId (not the CDA one) and the application/pdf type', () => {
    expect(latin1(pdf.bytes.subarray(0, 8))).toBe('%PDF-1.4');
    expect(latin1(pdf.bytes.subarray(-6))).toBe('%%EOF\n');
    expect(pdf.mimeType).toBe('application/pdf');
    expect(pdf.uniqueId).toMatch(/^[0-9.]+$/);
    expect(pdf.uniqueId).not.toBe(renderCdaImagingReport(cz.ws, { uidRoot: world.uidRoot }).uniqueId);
  });

  it('shows the header and every section of the report, Czech letters folded to WinAnsi', () => {
    const text = pageText(pdf.bytes);
    for (const s of [report.reason, report.findings, report.conclusion, cz.ws.study.accessionNumber, cz.ws.facility.name, report.author.family]) {
      expect(text).toContain(asShown(s));
    }
    // Š is a WinAnsi glyph (0x8A) and stays; č ř ě ů are not and fall back to c r e u.
    expect(asShown(cz.ws.patient.name.family)).toContain('\x8a');
    expect(text).toContain(asShown(cz.ws.patient.name.family));
    expect(text).toContain('Popis');
    expect(text).not.toMatch(/[čřěů]/);
  });

  it('keeps xref offsets exact', () => {
    const { xref } = pdfStructure(pdf.bytes);
    for (const [n, offset] of xref) expect(latin1(pdf.bytes.subarray(offset, offset + `${n} 0 obj`.length))).toBe(`${n} 0 obj`);
  });

  it('lists the dose record when the study has one', () => {
    const ct = firstReported((r) => r.exposure !== undefined);
    const text = pageText(renderPdfReport(ct.ws, { uidRoot: world.uidRoot, exposure: ct.exposure! }).bytes);
    expect(text).toContain(`${ct.exposure!.effectiveDoseMSv} mSv`);
    expect(text).toContain(`${ct.exposure!.phases[0]!.ctdiVolMGy} mGy`);
    expect(pageText(renderPdfReport(ct.ws, { uidRoot: world.uidRoot }).bytes)).not.toContain(' mSv');
  });

  it('is deterministic', () => {
    expect(Buffer.from(renderPdfReport(cz.ws, { uidRoot: world.uidRoot }).bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
  });

  it('renders every reported study of the world without error', () => {
    for (const r of reportWorld().reported) expect(renderPdfReport(r.ws, { uidRoot: world.uidRoot, ...(r.exposure ? { exposure: r.exposure } : {}) }).bytes.length).toBeGreaterThan(1000);
  });
});

// Optional second opinion: Ghostscript reads the file and extracts the same text. Not a required
// peer (CI need not have it); the structural checks above stand on their own.
const gs = await hasBinary('gs');
describe.skipIf(!gs)('renderPdfReport read by Ghostscript', () => {
  it('extracts the findings text', async () => {
    const { world } = reportWorld();
    const fr = firstReported((r) => r.ws.country.code === 'FR');
    const dir = await mkdtemp(join(tmpdir(), 'ixh-pdf-'));
    try {
      const file = join(dir, 'report.pdf');
      await writeFile(file, renderPdfReport(fr.ws, { uidRoot: world.uidRoot }).bytes);
      const { stdout, stderr } = await promisify(execFile)('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=txtwrite', '-sOutputFile=-', file]);
      expect(stderr).toBe('');
      expect(stdout.replace(/\s+/g, ' ')).toContain(fr.ws.report!.conclusion.replace(/\s+/g, ' '));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
