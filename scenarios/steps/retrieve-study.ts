/**
 * Step: the hospital retrieves the newest listed study (optionally of a kind): its manifest and,
 * when one is listed, its report (ITI-43 through NCP-B), then every image the manifest references
 * (RAD-69). A study without a report is still retrieved (GEN-07). What arrived is validated and
 * left in `ctx.state` for `expectImported`.
 */
import { documentRef, imagingRequestFromKos, uniqueIdOf } from '../../simulators/consumer/ncp-b-client.ts';
import type { PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { validateManifest } from '../../validators/manifest/index.ts';
import { validateCdaReport } from '../../validators/report/index.ts';
import type { Step, StepContext } from '../scenario.ts';
import { listedDocuments } from './list-documents.ts';
import { isCdaReport, isManifest, newestFirst, STATE, studyUidOf } from './lookup.ts';

export interface RetrievedStudy {
  readonly studyInstanceUid: string;
  readonly manifestId: string;
  /** The report's document unique id when one was listed and retrieved. */
  readonly reportId?: string;
  /** SOP Instance UIDs of the images retrieved. */
  readonly imageIds: readonly string[];
}

export interface RetrieveLatestStudyOptions {
  /** Check ids are `<scenario>.<id>.<check>`. */
  readonly scenario: string;
  readonly id?: string;
  readonly title?: string;
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
  readonly purpose?: PurposeOfUse;
  /** Which manifests qualify (default: all). */
  select?(ctx: StepContext, manifest: ExtrinsicObject): boolean;
  /** Also retrieve the study's report when the listing has one (default true). */
  readonly withReport?: boolean;
}

export function retrieveLatestStudy(options: RetrieveLatestStudyOptions): Step {
  const id = options.id ?? 'retrieve';
  const check = `${options.scenario}.${id}`;
  return {
    id,
    title: options.title ?? 'Retrieve the newest study: manifest, report, images (XCA, XCA-I)',
    actor: 'hospital via NCP-B',
    transactions: ['ITI-39', 'RAD-69'],
    requirements: options.requirements ?? [],
    budgetMs: options.budgetMs ?? 15_000,
    async run(ctx) {
      const client = options.purpose ? ctx.client.withPurpose(options.purpose) : ctx.client;
      const { entries } = listedDocuments(ctx);
      const [manifest] = newestFirst(entries.filter((e) => isManifest(e) && (options.select?.(ctx, e) ?? true)));
      if (!ctx.expect(manifest !== undefined, `${check}.study-listed`, 'the listing has a study to retrieve', { expected: 'at least one manifest', actual: 'none' })) return;
      const studyInstanceUid = studyUidOf(manifest!) ?? '';
      const report = options.withReport === false ? undefined : entries.find((e) => isCdaReport(e) && studyUidOf(e) === studyInstanceUid);
      const manifestId = uniqueIdOf(manifest!);

      const docs = await client.retrieveDocuments([manifest!, ...(report ? [report] : [])].map(documentRef));
      for (const d of docs.documents) ctx.addBytes(d.bytes.length);
      const kos = docs.documents.find((d) => d.documentUniqueId === manifestId);
      const reportDoc = report && docs.documents.find((d) => d.documentUniqueId === uniqueIdOf(report));
      const gotAll = docs.status === 'Success' && kos !== undefined && (report === undefined || reportDoc !== undefined);
      if (!ctx.expect(gotAll, `${check}.documents-retrieved`, 'the manifest (and the report when listed) are retrieved', { expected: `Success, ${report ? 2 : 1} document(s)`, actual: `${docs.status}, ${docs.documents.length} document(s) ${docs.errors.map((e) => e.errorCode).join(' ')}`.trim() })) return;
      ctx.validate(validateManifest(kos!.bytes, { subjectName: `manifest ${manifestId}`, profile: ctx.profile }));
      if (reportDoc) ctx.validate(validateCdaReport(reportDoc.bytes, { subjectName: `report ${reportDoc.documentUniqueId}`, profile: ctx.profile }));

      const request = imagingRequestFromKos(kos!.bytes, manifest!.home ?? kos!.homeCommunityId ?? '');
      const wanted = request.studies.flatMap((s) => s.series.flatMap((se) => se.documents.map((d) => d.documentUniqueId)));
      const images = await client.retrieveImages(request);
      for (const d of images.documents) ctx.addBytes(d.bytes.length);
      const got = new Set(images.documents.map((d) => d.documentUniqueId));
      const missing = wanted.filter((w) => !got.has(w));
      ctx.expect(images.status === 'Success' && missing.length === 0, `${check}.images-complete`, 'every image the manifest references arrives', {
        expected: `Success, ${wanted.length} images`,
        actual: `${images.status}, ${images.documents.length} images${missing.length ? `, ${missing.length} missing` : ''}`,
      });
      const retrieved: RetrievedStudy = { studyInstanceUid, manifestId, ...(reportDoc && { reportId: reportDoc.documentUniqueId }), imageIds: [...got] };
      ctx.state.set(STATE.retrievedStudy, retrieved);
      ctx.note(`study ${studyInstanceUid}: ${got.size} images, ${reportDoc ? 'with' : 'no'} report`);
    },
  };
}

export function retrievedStudy(ctx: StepContext): RetrievedStudy | undefined {
  return ctx.state.get(STATE.retrievedStudy) as RetrievedStudy | undefined;
}
