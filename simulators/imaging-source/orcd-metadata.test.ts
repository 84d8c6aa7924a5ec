import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { firstReported, reportWorld } from './cda-test-inputs.ts';
import { orcdImageEntry, orcdReportEntry, ORCD_FORMAT_CODE, ORCD_MEDICAL_IMAGES } from './orcd-metadata.ts';
import { renderPdfReport } from './pdf-report.ts';
import { worldDocumentContext } from './study-from-world.ts';

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

describe('eHDSI OrCD document entries', () => {
  const { world } = reportWorld();
  const fr = firstReported((r) => r.ws.country.code === 'FR');
  const ctx = worldDocumentContext(fr.ws, { repositoryUniqueId: '2.25.99' });
  const report = fr.ws.report!;
  const pdf = renderPdfReport(fr.ws, { uidRoot: world.uidRoot });

  it('report PDF: classCode = typeCode LOINC 18748-4, formatCode urn:eHDSI:orcd:pdf:2021, hash and size of the PDF', () => {
    const entry = orcdReportEntry(ctx, { uniqueId: pdf.uniqueId, bytes: pdf.bytes, dateTime: report.dateTime, author: report.author, title: pdf.title });
    expect(entry.classCode).toEqual({ code: '18748-4', codingScheme: '2.16.840.1.113883.6.1', displayName: 'Diagnostic imaging study' });
    expect(entry.typeCode).toEqual(entry.classCode);
    expect(entry.formatCode).toEqual({ code: 'urn:eHDSI:orcd:pdf:2021', codingScheme: 'eHDSI formatCodes', displayName: ORCD_FORMAT_CODE.pdf.displayName });
    expect(entry.mimeType).toBe('application/pdf');
    expect(entry.uniqueId).toBe(pdf.uniqueId);
    expect(entry.hash).toBe(sha1(pdf.bytes));
    expect(entry.size).toBe(pdf.bytes.byteLength);
    expect(entry.title).toBe(pdf.title);
    expect(entry.authors[0]!.authorPerson).toContain(report.author.family);
    expect(entry.repositoryUniqueId).toBe('2.25.99');
    expect(entry.eventCodeList.map((c) => c.code)).toContain(fr.ws.study.series[0]!.modality);
  });

  it('image PNG: classCode = typeCode x-clinical-image, formatCode urn:eHDSI:orcd:png:2021, hash and size of the image', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const entry = orcdImageEntry(ctx, { uniqueId: '2.25.77', bytes: png, mimeType: 'image/png', dateTime: `${fr.ws.study.date}${fr.ws.study.time}`, title: 'Key image' });
    expect(entry.classCode).toEqual(ORCD_MEDICAL_IMAGES);
    expect(entry.typeCode).toEqual(ORCD_MEDICAL_IMAGES);
    expect(entry.classCode.code).toBe('x-clinical-image');
    expect(entry.formatCode.code).toBe('urn:eHDSI:orcd:png:2021');
    expect(entry.mimeType).toBe('image/png');
    expect(entry.hash).toBe(sha1(png));
    expect(entry.size).toBe(7);
    expect(entry.authors).toEqual([{ authorInstitution: [fr.ws.facility.name] }]);
    expect(entry.patientId).toBe(orcdReportEntry(ctx, { uniqueId: pdf.uniqueId, bytes: pdf.bytes, dateTime: report.dateTime, author: report.author }).patientId);
  });

  it('image JPEG gets the JPEG format code; a radiologist may author it', () => {
    const entry = orcdImageEntry(ctx, { uniqueId: '2.25.78', bytes: new Uint8Array([0xff, 0xd8]), mimeType: 'image/jpeg', dateTime: report.dateTime, author: report.author });
    expect(entry.formatCode.code).toBe('urn:eHDSI:orcd:jpeg:2021');
    expect(entry.authors[0]!.authorPerson).toContain(report.author.family);
  });

  it('refuses empty documents and unknown image types', () => {
    expect(() => orcdReportEntry(ctx, { uniqueId: '2.25.1', bytes: new Uint8Array(0), dateTime: report.dateTime, author: report.author })).toThrow(/empty/);
    expect(() => orcdImageEntry(ctx, { uniqueId: '2.25.2', bytes: new Uint8Array(1), mimeType: 'image/gif' as 'image/png', dateTime: report.dateTime })).toThrow(/image\/gif/);
  });
});
