/**
 * The imaging report as a PDF (the eHDSI OrCD "imaging report" document, format
 * urn:eHDSI:orcd:pdf:2021): the same content as the CDA (`cda-content.ts`), laid out as a
 * header block (patient, study, facility, author, date) and the report sections. Characters
 * outside WinAnsi fall back as `pdf-winansi.ts` documents; the Info dictionary keeps them exact.
 */
import type { RadiationExposure } from '../../fixtures/model.ts';
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import { reportContent } from './cda-content.ts';
import { cdaTimestamp } from './cda-values.ts';
import { writePdf, type PdfBlock } from './pdf-writer.ts';
import { COUNTRY_TIME_ZONE, type WorldStudy } from './study-from-world.ts';
import { splitDateTime } from './xds-time.ts';

export interface PdfReportOptions {
  /** Root under which the PDF's document uniqueId is derived (it is a document of its own, not the CDA). */
  readonly uidRoot: string;
  readonly exposure?: RadiationExposure;
}

export interface PdfReport {
  readonly bytes: Uint8Array;
  readonly uniqueId: string;
  readonly mimeType: 'application/pdf';
  /** Document title, also the PDF Info /Title: handy for the DocumentEntry title. */
  readonly title: string;
}

/** The PDF rendition's uniqueId: derived from the report id, so a rebuild keeps it. */
export function pdfReportUniqueId(uidRoot: string, reportId: string): string {
  return deriveUid(uidRoot, 'orcd-pdf', reportId);
}

export function renderPdfReport(ws: WorldStudy, options: PdfReportOptions): PdfReport {
  const content = reportContent(ws, options.exposure);
  const { report } = content;
  const title = ws.study.description ?? ws.study.procedure?.meaning ?? 'Imaging report';
  const { date, time } = splitDateTime(report.dateTime);
  const blocks: PdfBlock[] = [
    { style: 'title', text: title },
    ...content.header.map(([label, value]): PdfBlock => ({ style: 'body', label: `${label}:`, text: value })),
    ...content.sections.flatMap((s): PdfBlock[] => [
      { style: 'heading', text: s.heading },
      ...s.paragraphs.map((p): PdfBlock => ({ style: 'body', text: p })),
    ]),
  ];
  const bytes = writePdf({
    title,
    author: `${report.author.given} ${report.author.family}`,
    creationDate: cdaTimestamp(date, time, COUNTRY_TIME_ZONE[ws.country.code]),
  }, blocks);
  return { bytes, uniqueId: pdfReportUniqueId(options.uidRoot, report.id), mimeType: 'application/pdf', title };
}
