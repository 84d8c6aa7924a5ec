/**
 * Test inputs: the harness's own submissions, built by the imaging source (document-metadata.ts,
 * orcd-metadata.ts, submission-rim.ts) for world studies, and helpers to make mutated copies.
 */
import type { Classification, ExtrinsicObject, RegistryPackage, RimObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId, kindOf } from '../../simulators/registry/xds-view.ts';
import { firstReported, reportWorld } from '../../simulators/imaging-source/cda-test-inputs.ts';
import { buildSubmissionSet, kosDocumentEntry, reportDocumentEntry } from '../../simulators/imaging-source/document-metadata.ts';
import { buildKosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { orcdImageEntry, orcdReportEntry } from '../../simulators/imaging-source/orcd-metadata.ts';
import { renderPdfReport } from '../../simulators/imaging-source/pdf-report.ts';
import { worldDocumentContext } from '../../simulators/imaging-source/study-from-world.ts';
import { submissionRim } from '../../simulators/imaging-source/submission-rim.ts';
import { manifestInput, msFollowUpStudy, REPOSITORY_UID } from '../../simulators/imaging-source/test-inputs.ts';
import { DIAGNOSTIC_IMAGING_STUDY, IHE_IMAGING_REPORT_FORMAT_CODE } from '../../simulators/imaging-source/xds-codes.ts';
import type { Finding } from '../finding.ts';
import type { Rule } from '../rule.ts';
import { runRules } from '../run-rules.ts';
import { readSubmission, type SubmissionInput, type SubmissionSubject } from './submission-subject.ts';

export interface TestSubmission {
  readonly objects: RimObject[];
  readonly documents: Map<string, Uint8Array>;
  /** uniqueIds of the entries, by role. */
  readonly ids: Readonly<Record<string, string>>;
}

let imaging: TestSubmission | undefined;
let orcd: TestSubmission | undefined;

/** XDS-I.b: the KOS manifest and CDA report entries of the seed-7 NL ms-follow-up MR study, in one submission. */
export function imagingSubmission(): TestSubmission {
  if (!imaging) {
    const { ws, uidRoot } = msFollowUpStudy();
    const kos = buildKosManifest(manifestInput(ws, uidRoot));
    const ctx = worldDocumentContext(ws, { repositoryUniqueId: REPOSITORY_UID });
    const cda = new TextEncoder().encode('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>MRI</title></ClinicalDocument>');
    const kosEntry = kosDocumentEntry(ctx, kos);
    const report = ws.report!;
    const reportEntry = reportDocumentEntry(ctx, { uniqueId: report.id, dateTime: report.dateTime, author: report.author, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: 'text/xml', bytes: cda });
    const set = buildSubmissionSet({ uniqueId: `${uidRoot}.77.1`, sourceId: `${uidRoot}.77`, submissionTime: '20240401100000', contentTypeCode: DIAGNOSTIC_IMAGING_STUDY, patientId: kosEntry.patientId, authors: kosEntry.authors });
    imaging = {
      objects: submissionRim({ set, entries: [kosEntry, reportEntry] }),
      documents: new Map([[kosEntry.uniqueId, kos.part10], [reportEntry.uniqueId, cda]]),
      ids: { kos: kosEntry.uniqueId, report: reportEntry.uniqueId },
    };
  }
  return copy(imaging);
}

/** eHDSI OrCD: the PDF report and a PNG key image of a French reported study, in one submission. */
export function orcdSubmission(): TestSubmission {
  if (!orcd) {
    const { world } = reportWorld();
    const fr = firstReported((r) => r.ws.country.code === 'FR');
    const ctx = worldDocumentContext(fr.ws, { repositoryUniqueId: REPOSITORY_UID });
    const report = fr.ws.report!;
    const pdf = renderPdfReport(fr.ws, { uidRoot: world.uidRoot });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const pdfEntry = orcdReportEntry(ctx, { uniqueId: pdf.uniqueId, bytes: pdf.bytes, dateTime: report.dateTime, author: report.author, title: pdf.title });
    const pngEntry = orcdImageEntry(ctx, { uniqueId: `${world.uidRoot}.88.1`, bytes: png, mimeType: 'image/png', dateTime: report.dateTime, title: 'Key image' });
    const set = buildSubmissionSet({ uniqueId: `${world.uidRoot}.88.2`, sourceId: `${world.uidRoot}.88`, submissionTime: '20240401100000', contentTypeCode: DIAGNOSTIC_IMAGING_STUDY, patientId: pdfEntry.patientId, authors: pdfEntry.authors });
    orcd = {
      objects: submissionRim({ set, entries: [pdfEntry, pngEntry] }),
      documents: new Map([[pdfEntry.uniqueId, pdf.bytes], [pngEntry.uniqueId, png]]),
      ids: { pdf: pdfEntry.uniqueId, png: pngEntry.uniqueId },
    };
  }
  return copy(orcd);
}

function copy(s: TestSubmission): TestSubmission {
  return { objects: structuredClone(s.objects), documents: new Map(s.documents), ids: s.ids };
}

/** The DocumentEntry with this uniqueId (throws when absent: a broken test input, not a finding). */
export function entry(objects: readonly RimObject[], uniqueId: string): ExtrinsicObject {
  const found = objects.find((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject' && externalId(o, DocScheme.uniqueId) === uniqueId);
  if (!found) throw new Error(`no DocumentEntry ${uniqueId}`);
  return found;
}

export function submissionSet(objects: readonly RimObject[]): RegistryPackage {
  const found = objects.find((o): o is RegistryPackage => o.type === 'RegistryPackage' && kindOf(o, objects) === 'SubmissionSet');
  if (!found) throw new Error('no SubmissionSet');
  return found;
}

/** The classifications of a scheme on an object, to edit in place. */
export function classified(o: { classifications: Classification[] }, scheme: string): Classification[] {
  return o.classifications.filter((c) => c.classificationScheme === scheme);
}

export function dropClassifications(o: { classifications: Classification[] }, scheme: string): void {
  o.classifications = o.classifications.filter((c) => c.classificationScheme !== scheme);
}

export function setCode(c: Classification, code: string, codingScheme: string): void {
  c.nodeRepresentation = code;
  c.slots = c.slots.map((s) => (s.name === 'codingScheme' ? { name: 'codingScheme', values: [codingScheme] } : s));
}

export function dropSlot(o: { slots: { name: string }[] }, name: string): void {
  o.slots = o.slots.filter((s) => s.name !== name);
}

/** The findings of one rule on a submission, under the rule's first profile (base when it has none). */
export function findingsOf(rule: Rule<SubmissionSubject>, input: SubmissionInput): readonly Finding[] {
  const run = runRules([rule], readSubmission(input), { subjectName: 'test', profile: rule.profiles?.[0] ?? 'base' });
  if (run.harnessErrors.length > 0) throw new Error(`rule ${rule.id} threw: ${run.harnessErrors[0]!.message}`);
  if (!run.rulesRun.includes(rule.id)) throw new Error(`rule ${rule.id} did not run`);
  return run.findings;
}
