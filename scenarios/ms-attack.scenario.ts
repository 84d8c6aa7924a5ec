/**
 * UC-541-MS — MS attack abroad. A Dutch MS patient works in Prague; the Czech hospital identifies
 * her through its NCP-B (XCPD), lists her Dutch documents (XCA), picks her MR studies of brain and
 * spine newest first, retrieves the latest manifest and report (ITI-43) and the images (XCA-I
 * RAD-69), which NCP-B imports into the Czech PACS and HIS/RIS with an arrival notice; then the
 * study before. Checks: identity, listing conformance, filter and order, what/where per entry,
 * completeness, import, and cross-artifact consistency (MET-07).
 *
 * Budgets: 5 s per step, 10 s for the image retrieve and the import. Generous on purpose (a run on
 * 2 cores takes a fraction of that); they catch a hung or pathologically slow exchange, not a tuning
 * regression. Variants: `unknown-patient` (a BSN nobody has; `identify` fails with
 * `ms-attack.identify.patient-found`), `no-consent` (NL's consent list is empty) and `expired-trc`
 * (CZ NCP-B's fault of that name) — both refused at `list` (`ms-attack.list.status`) — and
 * `other-patient-instances` (one instance per study says another PatientID; `consistency` fails
 * with `consistency.patient.id`).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { documentRef, imagingRequestFromKos, naturalizePart10, slotOf, uniqueIdOf, type RetrievedDocuments } from '../simulators/consumer/ncp-b-client.ts';
import { fileIndexFields } from '../simulators/pacs/store/file-index-fields.ts';
import type { ExtrinsicObject } from '../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../simulators/registry/xds-constants.ts';
import { validateConsistency } from '../validators/consistency/index.ts';
import { validateDicom } from '../validators/dicom/index.ts';
import { validateManifest } from '../validators/manifest/index.ts';
import { validateSubmission } from '../validators/metadata/index.ts';
import { extractCdaReport, validateCdaReport } from '../validators/report/index.ts';
import { defineScenario, type StepContext } from './scenario.ts';
import { expectAudits } from './steps/expect-audits.ts';
import { withCountry } from './steps/world-file.ts';

const BUDGET_MS = 5_000;
const IMAGES_BUDGET_MS = 10_000;
/** `ctx.state` key of the national id step `identify` looks up (a variant may replace it). */
export const NATIONAL_ID = 'ms-attack.nationalId';
const REFERENCE_ID_LIST = 'urn:ihe:iti:xds:2013:referenceIdList';
/** SNOMED CT regions (CID 4) counted as brain or spine. */
const BRAIN = new Set(['12738006']);
const SPINE = new Set(['122494005', '122495006', '122496007', '421060004']);

const st = <T>(ctx: StepContext, key: string): T => {
  if (!ctx.state.has(key)) throw new Error(`an earlier step left no "${key}"`);
  return ctx.state.get(key) as T;
};
const nl = (ctx: StepContext) => ({ home: ctx.country('NL').config.homeCommunityId, bsn: ctx.fixtures.countries.find((c) => c.code === 'NL')!.nationalIdScheme.oid });
const eventCodes = (e: ExtrinsicObject): string[] => e.classifications.filter((c) => c.classificationScheme === DocScheme.eventCodeList).flatMap((c) => (c.nodeRepresentation ? [c.nodeRepresentation] : []));
const studyRef = (e: ExtrinsicObject): string | undefined => e.slots.find((s) => s.name === REFERENCE_ID_LIST)?.values.find((v) => v.includes('studyInstanceUID'));
const timeOf = (e: ExtrinsicObject): string => slotOf(e, 'serviceStartTime') ?? slotOf(e, 'creationTime') ?? '';
const institutionOf = (e: ExtrinsicObject): string | undefined => e.classifications.flatMap((c) => c.slots).find((s) => s.name === 'authorInstitution')?.values[0];
const bytesOf = (r: RetrievedDocuments): number => r.documents.reduce((n, d) => n + d.bytes.byteLength, 0);
const naturalized = (bytes: Uint8Array): Record<string, unknown> => naturalizePart10(bytes, { withoutPixelData: true });

interface Retrieved {
  readonly manifest: ExtrinsicObject;
  readonly kos: Uint8Array;
  readonly report?: { readonly entry: ExtrinsicObject; readonly bytes: Uint8Array };
}

/** ITI-43 for a manifest and the report of the same study; both validated. */
async function retrieveStudy(ctx: StepContext, manifest: ExtrinsicObject, check: string): Promise<Retrieved | undefined> {
  const entries = st<ExtrinsicObject[]>(ctx, 'entries');
  const ref = studyRef(manifest);
  const reportEntry = entries.find((e) => e.mimeType === 'text/xml' && ref !== undefined && studyRef(e) === ref);
  const docs = await ctx.client.retrieveDocuments([manifest, ...(reportEntry ? [reportEntry] : [])].map(documentRef));
  ctx.addBytes(bytesOf(docs));
  const kos = docs.documents.find((d) => d.documentUniqueId === uniqueIdOf(manifest));
  const report = reportEntry && docs.documents.find((d) => d.documentUniqueId === uniqueIdOf(reportEntry));
  ctx.expect(docs.status === 'Success', `${check}.status`, 'ITI-43 answers Success', { expected: 'Success', actual: `${docs.status} ${docs.errors.map((e) => e.errorCode).join(',')}` });
  ctx.expect(reportEntry !== undefined, `${check}.report-listed`, 'the study has a report in the listing', { requirements: ['GEN-02'] });
  if (!ctx.expect(kos !== undefined && (!reportEntry || report !== undefined), `${check}.documents`, 'the manifest and the report are both returned', { actual: `${docs.documents.length} documents` })) return undefined;
  const options = { profile: ctx.profile };
  ctx.validate(validateDicom(kos!.bytes, { subjectName: `KOS ${kos!.documentUniqueId}`, ...options }));
  ctx.validate(validateManifest(kos!.bytes, { subjectName: `KOS ${kos!.documentUniqueId}`, ...options }));
  if (report) ctx.validate(validateCdaReport(report.bytes, { subjectName: `report ${report.documentUniqueId}`, ...options }));
  ctx.note(`${docs.documents.length} documents, ${bytesOf(docs)} bytes`);
  return { manifest, kos: kos!.bytes, ...(reportEntry && report && { report: { entry: reportEntry, bytes: report.bytes } }) };
}

/** RAD-69 for every instance of a retrieved manifest; the SOP instance UIDs returned. */
async function retrieveImages(ctx: StepContext, study: Retrieved, check: string): Promise<string[]> {
  const request = imagingRequestFromKos(study.kos, nl(ctx).home);
  const wanted = request.studies.flatMap((s) => s.series.flatMap((x) => x.documents.map((d) => d.documentUniqueId)));
  const images = await ctx.client.retrieveImages(request);
  ctx.addBytes(bytesOf(images));
  ctx.expect(images.status === 'Success', `${check}.status`, 'RAD-69 answers Success', { expected: 'Success', actual: `${images.status} ${images.errors.map((e) => e.errorCode).join(',')}` });
  const got = new Set(images.documents.map((d) => d.documentUniqueId));
  const missing = wanted.filter((uid) => !got.has(uid));
  ctx.expect(missing.length === 0, `${check}.complete`, 'every instance the manifest references is returned', { requirements: ['GEN-05'], expected: `${wanted.length} instances`, actual: `${got.size} returned, ${missing.length} missing` });
  ctx.note(`${images.documents.length}/${wanted.length} instances, ${bytesOf(images)} bytes`);
  return wanted;
}

export const msAttack = defineScenario({
  id: 'ms-attack',
  title: 'MS attack abroad: a Dutch patient in Prague, her MR brain and spine studies and reports retrieved and imported',
  priority: 1,
  requirements: ['UC-541', 'UC-541-MS', 'GEN-01', 'GEN-02', 'GEN-03', 'GEN-05', 'GEN-06', 'GEN-09', 'GEN-11', 'GEN-12', 'MET-01', 'MET-02', 'MET-05', 'MET-07'],
  world: { countries: ['CZ', 'NL'], treating: 'CZ' },
  steps: [
    {
      id: 'identify',
      title: 'identify the Dutch patient by BSN',
      actor: 'CZ hospital',
      transactions: ['ITI-55'],
      requirements: ['UC-541', 'GEN-01', 'GEN-09'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const { bsn, home } = nl(ctx);
        const nationalId = (ctx.state.get(NATIONAL_ID) as string | undefined) ?? ctx.patient('ms-follow-up').nationalId;
        const answer = await ctx.client.discoverPatient({ root: bsn, extension: nationalId });
        const found = answer.queryResponseCode === 'OK' && answer.patients.length > 0;
        if (!ctx.expect(found, 'ms-attack.identify.patient-found', `NL finds the patient with BSN ${nationalId}`, { expected: 'OK with one patient', actual: `${answer.queryResponseCode}, ${answer.patients.length} patients` })) return;
        const patient = answer.patients[0]!;
        ctx.expect(patient.ids.some((id) => id.root === bsn && id.extension === nationalId), 'ms-attack.identify.same-id', 'the patient carries the BSN asked for', { requirements: ['GEN-09'] });
        ctx.expect(patient.custodian?.homeCommunityId === home, 'ms-attack.identify.custodian', 'the custodian is the Dutch community', { expected: home, actual: patient.custodian?.homeCommunityId ?? '(none)' });
        ctx.state.set('patientId', `${nationalId}^^^&${bsn}&ISO`);
        ctx.note(`${patient.name?.family ?? '?'}, born ${patient.birthDate ?? '?'}`);
      },
    },
    {
      id: 'list',
      title: 'list her documents in NL',
      actor: 'CZ hospital',
      transactions: ['ITI-18', 'ITI-38'],
      requirements: ['UC-541', 'GEN-02', 'MET-01', 'MET-05'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const listing = await ctx.client.findDocuments(st<string>(ctx, 'patientId'), nl(ctx).home);
        ctx.expect(listing.status === 'Success', 'ms-attack.list.status', 'the query answers Success', { expected: 'Success', actual: `${listing.status} ${listing.errors.map((e) => e.errorCode).join(',')}` });
        ctx.expect(listing.entries.length > 0, 'ms-attack.list.not-empty', 'NL lists documents for the patient');
        ctx.validate(validateSubmission({ objects: [...listing.entries], documents: new Map(), message: 'query-response' }, { subjectName: 'NL listing', profile: ctx.profile }));
        ctx.state.set('entries', listing.entries);
        ctx.note(`${listing.entries.length} documents`);
      },
    },
    {
      id: 'filter',
      title: 'MR studies of brain and spine, newest first, each saying what and where',
      actor: 'CZ hospital',
      requirements: ['UC-541-MS', 'GEN-02', 'GEN-03', 'MET-01'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const entries = st<ExtrinsicObject[]>(ctx, 'entries');
        const mr = entries.filter((e) => e.mimeType === 'application/dicom' && eventCodes(e).includes('MR'));
        const brain = mr.filter((e) => eventCodes(e).some((c) => BRAIN.has(c)));
        const spine = mr.filter((e) => eventCodes(e).some((c) => SPINE.has(c)));
        const studies = [...brain, ...spine].sort((a, b) => timeOf(b).localeCompare(timeOf(a)));
        ctx.expect(brain.length > 0, 'ms-attack.filter.brain', 'MR studies of the brain are listed', { actual: `${brain.length}` });
        ctx.expect(spine.length > 0, 'ms-attack.filter.spine', 'MR studies of the spine are listed', { actual: `${spine.length}` });
        ctx.expect(studies.every((e) => /^\d{8}/.test(timeOf(e))), 'ms-attack.filter.dated', 'every study entry is dated (serviceStartTime or creationTime), so the list can be sorted', { requirements: ['GEN-02'] });
        const undescribed = studies.filter((e) => !(e.name?.[0]?.value || eventCodes(e).some((c) => BRAIN.has(c) || SPINE.has(c))));
        ctx.expect(undescribed.length === 0, 'ms-attack.filter.what', 'each entry says what was examined (title or region code)', { requirements: ['GEN-03'], actual: `${undescribed.length} without` });
        const nowhere = studies.filter((e) => !institutionOf(e) && !e.home);
        ctx.expect(nowhere.length === 0, 'ms-attack.filter.where', 'each entry says where (author institution or the community)', { requirements: ['GEN-03'], actual: `${nowhere.length} without` });
        ctx.expect(studies.length >= 2, 'ms-attack.filter.two-studies', 'there is a latest study and one before it', { actual: `${studies.length}` });
        ctx.state.set('studies', studies);
        const newest = studies[0];
        ctx.note(`${studies.length} MR studies (${brain.length} brain, ${spine.length} spine); newest ${newest ? `${timeOf(newest).slice(0, 8)} ${newest.name?.[0]?.value ?? ''} at ${institutionOf(newest) ?? newest.home}` : '-'}`);
      },
    },
    {
      id: 'retrieve-latest',
      title: "retrieve the latest study's manifest and report",
      actor: 'CZ hospital',
      transactions: ['ITI-43', 'ITI-39'],
      requirements: ['UC-541', 'GEN-05', 'MET-01', 'MET-02'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const latest = await retrieveStudy(ctx, st<ExtrinsicObject[]>(ctx, 'studies')[0]!, 'ms-attack.retrieve-latest');
        if (latest) ctx.state.set('latest', latest);
      },
    },
    {
      id: 'images',
      title: 'retrieve the images of the latest study',
      actor: 'CZ hospital',
      transactions: ['RAD-69', 'RAD-75'],
      requirements: ['UC-541', 'GEN-05'],
      budgetMs: IMAGES_BUDGET_MS,
      async run(ctx) {
        ctx.state.set('instances', await retrieveImages(ctx, st<Retrieved>(ctx, 'latest'), 'ms-attack.images'));
      },
    },
    {
      id: 'import',
      title: 'the images land in the Czech PACS and the report in the HIS/RIS, with an arrival notice',
      actor: 'CZ NCP-B',
      transactions: ['C-STORE'],
      requirements: ['GEN-05', 'GEN-06', 'GEN-12'],
      budgetMs: IMAGES_BUDGET_MS,
      async run(ctx) {
        const cz = ctx.country('CZ');
        if (!cz.ncpB || !cz.pacs || !cz.reports) throw new Error('CZ has no simulated NCP-B, PACS or report store to check the import in');
        await cz.ncpB.whenIdle();
        const instances = st<string[]>(ctx, 'instances');
        const latest = st<Retrieved>(ctx, 'latest');
        const missing = instances.filter((uid) => !cz.pacs!.index.fileOf(uid));
        ctx.expect(missing.length === 0, 'ms-attack.import.pacs', "every retrieved instance is in CZ's PACS", { requirements: ['GEN-05'], expected: `${instances.length}`, actual: `${instances.length - missing.length}` });
        if (latest.report) {
          const filed = cz.reports.list({ documentUniqueId: uniqueIdOf(latest.report.entry) }).length;
          ctx.expect(filed === 1, 'ms-attack.import.report', "the report is in CZ's HIS/RIS", { requirements: ['GEN-06'], expected: '1', actual: `${filed}` });
        }
        const notices = cz.ncpB.arrivals.list().filter((n) => n.state === 'imported' && n.counts.imagesStored >= instances.length);
        ctx.expect(notices.length > 0, 'ms-attack.import.arrival-notice', 'an arrival notice says the images were imported', { requirements: ['GEN-12'], expected: `imported, ≥ ${instances.length} images stored` });
        ctx.note(`${instances.length - missing.length} instances in the PACS`);
      },
    },
    {
      id: 'consistency',
      title: 'imported images, manifest, report and metadata agree',
      actor: 'CZ hospital',
      requirements: ['MET-07', 'MET-01', 'MET-05', 'GEN-11'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const cz = ctx.country('CZ');
        const latest = st<Retrieved>(ctx, 'latest');
        const instances = await Promise.all(st<string[]>(ctx, 'instances').flatMap((uid) => {
          const file = cz.pacs?.index.fileOf(uid);
          return file ? [readFile(file.path).then((b) => naturalized(b))] : [];
        }));
        const report = latest.report && extractCdaReport(latest.report.bytes);
        ctx.expect(!latest.report || report !== undefined, 'ms-attack.consistency.report-readable', 'the CDA report can be read', { requirements: ['MET-02'] });
        const ref = studyRef(latest.manifest);
        const documentEntries = st<ExtrinsicObject[]>(ctx, 'entries').filter((e) => ref !== undefined && studyRef(e) === ref);
        ctx.validate(validateConsistency({ instances, manifest: naturalized(latest.kos), ...(report && { reports: [report] }), documentEntries, timeZone: 'Europe/Amsterdam' }, { subjectName: `study ${ref ?? '?'}`, profile: ctx.profile }));
        ctx.note(`${instances.length} instances, ${documentEntries.length} entries compared`);
      },
    },
    {
      id: 'previous',
      title: 'retrieve the study before',
      actor: 'CZ hospital',
      transactions: ['ITI-43', 'RAD-69'],
      requirements: ['UC-541-MS', 'GEN-05'],
      budgetMs: IMAGES_BUDGET_MS,
      async run(ctx) {
        const previous = await retrieveStudy(ctx, st<ExtrinsicObject[]>(ctx, 'studies')[1]!, 'ms-attack.previous');
        if (previous) await retrieveImages(ctx, previous, 'ms-attack.previous.images');
      },
    },
    expectAudits({ scenario: 'ms-attack', treating: 'CZ', origin: 'NL', purposeOfUse: 'TREATMENT', requirements: ['GEN-08'] }),
  ],
  variants: [
    {
      id: 'unknown-patient',
      title: 'a BSN nobody has: the patient is not found and the scenario stops there',
      requirements: ['GEN-01'],
      async arrange(ctx) {
        ctx.state.set(NATIONAL_ID, '000000000');
      },
      expectFailure: { ruleId: 'ms-attack.identify.patient-found', stepId: 'identify' },
    },
    {
      id: 'no-consent',
      title: 'NL has no consent on record for her: the listing is refused (4701) and the scenario stops there',
      requirements: ['GEN-10'],
      world: (file) => withCountry(file, 'NL', (c) => ({ ...c, consent: [] })),
      expectFailure: { ruleId: 'ms-attack.list.status', stepId: 'list' },
    },
    {
      id: 'expired-trc',
      title: 'CZ NCP-B issues its security header with a clock 3 h behind (TRC and timestamp expired): NL refuses the listing',
      requirements: ['GEN-01'],
      world: (file) => withCountry(file, 'CZ', (c) => ({ ...c, ncpInitiating: { ...(c.ncpInitiating || {}), fault: ['expired-trc'] } })),
      expectFailure: { ruleId: 'ms-attack.list.status', stepId: 'list' },
    },
    {
      id: 'other-patient-instances',
      title: "NL's PACS serves, under each of her studies, one instance whose PatientID is another patient's",
      requirements: ['MET-07', 'GEN-09'],
      // Its own world: the arrange rewrites NL's stored instances, which no other run may see.
      world: (file) => ({ ...file, name: `${file.name ?? 'world'}-other-patient-instances` }),
      async arrange(ctx) {
        const pacs = ctx.country('NL').pacs;
        if (!pacs) throw new Error('NL has no simulated PACS to plant the instance in');
        // The PACS indexes the shared fixture cache in place: the changed copy goes to a folder of
        // its own and the index is pointed at it; the cached original is never touched.
        const dir = await mkdtemp(join(tmpdir(), 'ixh-other-patient-'));
        for (const study of ctx.patient('ms-follow-up').studies) {
          const uid = study.series[0]?.instances[0]?.sopInstanceUid;
          const file = uid === undefined ? undefined : pacs.index.fileOf(uid);
          if (!file) continue;
          const bytes = await readFile(file.path);
          const part10 = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          part10.dict['00100020'] = { vr: 'LO', Value: ['OTHER-PATIENT-1'] };
          const path = join(dir, `${uid}.dcm`);
          await writeFile(path, Buffer.from(part10.write()));
          const fields = await fileIndexFields(path);
          pacs.index.insert(fields.ds, { path, transferSyntaxUid: fields.transferSyntaxUid, size: fields.size });
        }
      },
      expectFailure: { ruleId: 'consistency.patient.id', stepId: 'consistency' },
    },
  ],
});
