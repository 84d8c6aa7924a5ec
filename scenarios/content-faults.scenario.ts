/**
 * Content faults (issue 5 negative variants): the source country's imaging document source
 * publishes something wrong after the world has started, and the gathering steps must catch it.
 * Each is a variant of a gathering scenario (dose-report), built from its options:
 * - a second report of the study whose CDA states another accession number than the study's
 *   (its document metadata is right) → `consistency.study.accession`;
 * - a second manifest of the study that references an instance the PACS does not have → the
 *   retrieve of every referenced instance comes back incomplete (`<scenario>.retrieve-images.complete`).
 */
import { deriveUid } from '../fixtures/dicom/uids.ts';
import type { Study } from '../fixtures/model.ts';
import { worldExposure } from '../simulators/imaging-source/cda-radiation.ts';
import { renderCdaImagingReport } from '../simulators/imaging-source/cda-report.ts';
import { buildSubmissionSet, reportDocumentEntry } from '../simulators/imaging-source/document-metadata.ts';
import { publishStudy, submitDocuments } from '../simulators/imaging-source/rad68-publisher.ts';
import { worldDocumentContext, worldStudies, type WorldStudy } from '../simulators/imaging-source/study-from-world.ts';
import { DIAGNOSTIC_IMAGING_STUDY, IHE_IMAGING_REPORT_FORMAT_CODE } from '../simulators/imaging-source/xds-codes.ts';
import { xdsUtc } from '../simulators/imaging-source/xds-time.ts';
import type { GatherOptions } from './dose-report.scenario.ts';
import type { WorldFile } from '../simulators/world/world-schema.ts';
import type { StepContext, Variant } from './scenario.ts';

/** The source country's repository, as its own imaging document source publishes to it. */
function source(ctx: StepContext, o: GatherOptions) {
  const country = ctx.country(o.source);
  const repositoryUrl = country.url('repository');
  if (!repositoryUrl) throw new Error(`${o.source} has no simulated repository to publish the fault to`);
  return { repositoryUrl, repositoryUniqueId: country.config.repositoryUniqueId, uidRoot: ctx.fixtures.uidRoot, evidence: ctx.evidence, clock: () => new Date() };
}

function targetStudy(ctx: StepContext, o: GatherOptions): { study: Study; ws: WorldStudy } {
  const study = o.studies(ctx.patient(o.patientKey).studies)[0];
  if (!study) throw new Error(`patient ${o.patientKey} has no study for this scenario`);
  const ws = worldStudies(ctx.fixtures).find((w) => w.study.studyInstanceUid === study.studyInstanceUid);
  if (!ws) throw new Error(`study ${study.accessionNumber} is not in the world`);
  return { study, ws };
}

/**
 * The variant's own world: it publishes into the source repository, so a run that shares its
 * world (the engine pools worlds by file) must not see it. The name makes the file distinct.
 */
const ownWorld = (id: string) => (file: WorldFile): WorldFile => ({ ...file, name: `${file.name ?? 'world'}-${id}` });

function published(status: string, errors: readonly { errorCode: string; codeContext: string }[], what: string): void {
  if (status !== 'Success') throw new Error(`publishing ${what} failed: ${status} ${errors.map((e) => `${e.errorCode} ${e.codeContext}`).join('; ')}`);
}

/** A second CDA report of the study, saying another accession number (ITI-41 of the report alone). */
export function reportAccessionMismatch(o: GatherOptions): Variant {
  return {
    id: 'report-accession-mismatch',
    world: ownWorld('report-accession-mismatch'),
    title: 'A report whose accession number does not match its study',
    requirements: ['MET-07', 'MET-05'],
    expectFailure: { ruleId: 'consistency.study.accession', stepId: 'consistency' },
    async arrange(ctx) {
      const { ws } = targetStudy(ctx, o);
      if (!ws.report) throw new Error(`study ${ws.study.accessionNumber} has no report to copy`);
      const src = source(ctx, o);
      const id = deriveUid(src.uidRoot, 'fault-accession-report', ws.study.studyInstanceUid);
      const wrong: WorldStudy = { ...ws, study: { ...ws.study, accessionNumber: `${ws.study.accessionNumber}X` }, report: { ...ws.report, id } };
      const exposure = worldExposure(ctx.fixtures, ws.study.studyInstanceUid);
      const cda = renderCdaImagingReport(wrong, { uidRoot: src.uidRoot, ...(exposure && { exposure }) });
      // The metadata is right (the registry would see a mismatch itself): only the document lies.
      const entry = reportDocumentEntry(worldDocumentContext(ws, { repositoryUniqueId: src.repositoryUniqueId }), {
        uniqueId: cda.uniqueId, dateTime: ws.report.dateTime, author: ws.report.author, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: cda.mimeType, bytes: cda.bytes,
      });
      const set = buildSubmissionSet({
        uniqueId: deriveUid(src.uidRoot, 'fault-accession-submission', id),
        sourceId: deriveUid(src.uidRoot, 'imaging-document-source', ws.facility.id),
        submissionTime: xdsUtc(src.clock()),
        contentTypeCode: DIAGNOSTIC_IMAGING_STUDY,
        patientId: entry.patientId,
        authors: entry.authors,
      });
      const answer = await submitDocuments({ ...src, set, entries: [entry], parts: [{ contentId: `report.${id}@ixh`, contentType: cda.mimeType, body: cda.bytes }], transaction: 'ITI-41' });
      published(answer.status, answer.errors, `the mismatched report ${id}`);
    },
  };
}

/** A second KOS of the study whose evidence lists one SOP Instance UID more than the PACS holds. */
export function manifestReferencesMissingInstance(o: GatherOptions): Variant {
  return {
    id: 'manifest-missing-instance',
    world: ownWorld('manifest-missing-instance'),
    title: 'A manifest that references an instance that does not exist',
    requirements: ['MET-07', 'RISK-MISSING'],
    expectFailure: { ruleId: `${o.scenario}.retrieve-images.complete`, stepId: 'retrieve-images' },
    async arrange(ctx) {
      const { ws } = targetStudy(ctx, o);
      const src = source(ctx, o);
      const [first, ...rest] = ws.study.series;
      if (!first || first.instances.length === 0) throw new Error(`study ${ws.study.accessionNumber} has no instance to imitate`);
      const ghost = { sopClassUid: first.instances[0]!.sopClassUid, sopInstanceUid: deriveUid(src.uidRoot, 'fault-missing-instance', ws.study.studyInstanceUid) };
      const faulty: WorldStudy = { ...ws, study: { ...ws.study, series: [{ ...first, instances: [...first.instances, ghost] }, ...rest] } };
      const country = ctx.country(o.source);
      const retrieveAeTitle = country.config.pacs.kind === 'none' ? o.source : country.config.pacs.aeTitle;
      const answer = await publishStudy({ ...src, ws: faulty, retrieveAeTitle });
      published(answer.status, answer.errors, `the manifest with a missing instance ${answer.kosUid}`);
    },
  };
}
