/**
 * UC-546 — radiation dose report: an Austrian patient (female, of child-bearing age) had a
 * biphasic abdominal CT in Vienna; a clinician in CZ gathers the CT's report and images through
 * the Czech NCP-B. The report must carry the exposure (IM-EXPOSURE: effective dose, pregnancy
 * status of a female patient) and the DLP of each phase (IM-PHASE), and the study must hold up
 * against the Annex III information model and stay consistent across its artifacts (MET-07).
 *
 * The study-gathering steps (identify, list, retrieve documents, retrieve images, consistency)
 * are built by functions shared with `mdt-breast`; the content faults (content-faults.scenario.ts)
 * are variants of this scenario.
 */
import type { CountryCode, Study } from '../fixtures/model.ts';
import { documentRef, imagingRequestFromKos, naturalizePart10, uniqueIdOf } from '../simulators/consumer/ncp-b-client.ts';
import { worldExposure } from '../simulators/imaging-source/cda-radiation.ts';
import { COUNTRY_TIME_ZONE } from '../simulators/imaging-source/study-from-world.ts';
import type { ExtrinsicObject } from '../simulators/registry/ebrim-model.ts';
import { referenceIds, REFERENCE_TYPE } from '../validators/consistency/artifacts.ts';
import { validateConsistency } from '../validators/consistency/index.ts';
import { validateDicom } from '../validators/dicom/index.ts';
import { extractStudy, validateInformationModel } from '../validators/information-model/index.ts';
import { validateManifest } from '../validators/manifest/index.ts';
import { validateSubmission } from '../validators/metadata/index.ts';
import { extractCdaReport, validateCdaReport } from '../validators/report/index.ts';
import { reportAccessionMismatch, manifestReferencesMissingInstance } from './content-faults.scenario.ts';
import { defineScenario, type Step, type StepContext } from './scenario.ts';
import { homeOf } from './steps/lookup.ts';

type Ds = Record<string, unknown>;

/** What the gathering steps hand to each other through `ctx.state`. */
export interface GatheredStudy {
  readonly study: Study;
  readonly manifests: ExtrinsicObject[];
  readonly reports: ExtrinsicObject[];
  /** Retrieved document bytes by document uniqueId. */
  readonly documents: Map<string, Uint8Array>;
  /** The instances each manifest (by its uniqueId) brought. */
  readonly images: Map<string, Ds[]>;
}

export interface GatherOptions {
  /** Check ids are `<scenario>.<step>.<check>`. */
  readonly scenario: string;
  readonly patientKey: string;
  /** The country that holds the patient's studies. */
  readonly source: CountryCode;
  /** The studies of the patient to gather. */
  readonly studies: (studies: readonly Study[]) => readonly Study[];
}

const STATE = { patientId: 'gather.patientId', listing: 'gather.listing', studies: 'gather.studies' } as const;

export function gatheredStudies(ctx: StepContext): GatheredStudy[] {
  const studies = ctx.state.get(STATE.studies) as GatheredStudy[] | undefined;
  if (!studies) throw new Error('the study list step has not run');
  return studies;
}

export function studyUidsOf(entry: ExtrinsicObject): string[] {
  return referenceIds(entry, REFERENCE_TYPE.studyInstanceUid).map((r) => r.cx.id);
}

/** Attributes only: the dose and consistency checks compare attributes, never pixels. */
const naturalize = (bytes: Uint8Array): Ds => naturalizePart10(bytes, { withoutPixelData: true }) as Ds;

/** ITI-55 through NCP-B: the patient is found by national id, in the community that holds them. */
export function identifyStep(o: GatherOptions): Step {
  return {
    id: 'identify',
    title: `Identify the patient in ${o.source} by national id (XCPD)`,
    actor: 'CZ hospital',
    transactions: ['ITI-55'],
    requirements: ['GEN-01'],
    budgetMs: 5_000,
    async run(ctx) {
      const p = ctx.patient(o.patientKey);
      const scheme = ctx.fixtures.countries.find((c) => c.code === p.country)!.nationalIdScheme;
      const answer = await ctx.client.discoverPatient({ root: scheme.oid, extension: p.nationalId });
      ctx.expect(answer.queryResponseCode === 'OK', `${o.scenario}.identify.found`, `XCPD for ${p.nationalId} answered ${answer.queryResponseCode}`, { expected: 'OK', actual: answer.queryResponseCode });
      const custodian = answer.patients[0]?.custodian?.homeCommunityId;
      ctx.expect(custodian === homeOf(ctx, o.source), `${o.scenario}.identify.custodian`, `the patient's custodian is ${custodian ?? 'absent'}`, { expected: homeOf(ctx, o.source), actual: custodian ?? 'absent' });
      ctx.state.set(STATE.patientId, `${p.nationalId}^^^&${scheme.oid}&ISO`);
    },
  };
}

/** ITI-18 (XCA) through NCP-B: the patient's documents, and for each wanted study its manifest(s) and report(s). */
export function listStep(o: GatherOptions): Step {
  return {
    id: 'list',
    title: `List the patient's documents in ${o.source} and pick the studies (XCA)`,
    actor: 'CZ hospital',
    transactions: ['ITI-18', 'ITI-38'],
    requirements: ['GEN-01'],
    budgetMs: 5_000,
    async run(ctx) {
      const pid = ctx.state.get(STATE.patientId) as string | undefined;
      if (!pid) throw new Error('the identify step has not run');
      const list = await ctx.client.findDocuments(pid, homeOf(ctx, o.source));
      ctx.expect(list.status === 'Success', `${o.scenario}.list.status`, `FindDocuments answered ${list.status}`, { expected: 'Success', actual: `${list.status} ${list.errors.map((e) => e.errorCode).join(',')}` });
      ctx.state.set(STATE.listing, list.entries);
      const studies = o.studies(ctx.patient(o.patientKey).studies).map((study): GatheredStudy => {
        const of = (mime: string) => list.entries.filter((e) => e.mimeType === mime && studyUidsOf(e).includes(study.studyInstanceUid));
        const manifests = of('application/dicom');
        const reports = of('text/xml');
        ctx.expect(manifests.length > 0, `${o.scenario}.list.manifest`, `no manifest listed for study ${study.accessionNumber}`);
        if (study.report) ctx.expect(reports.length > 0, `${o.scenario}.list.report`, `no report listed for study ${study.accessionNumber}`);
        return { study, manifests, reports, documents: new Map(), images: new Map() };
      });
      ctx.state.set(STATE.studies, studies);
      ctx.note(`${list.entries.length} documents, ${studies.length} studies picked`);
    },
  };
}

/** ITI-43 (XCA) through NCP-B: the manifests and reports of the picked studies, validated as they crossed. */
export function retrieveDocumentsStep(o: GatherOptions): Step {
  return {
    id: 'retrieve-documents',
    title: 'Retrieve the manifests and reports (XCA) and validate them',
    actor: 'CZ hospital',
    transactions: ['ITI-43', 'ITI-39'],
    requirements: ['MET-01', 'REP-01'],
    budgetMs: 10_000,
    async run(ctx) {
      const studies = gatheredStudies(ctx);
      const wanted = studies.flatMap((s) => [...s.manifests, ...s.reports]);
      const docs = await ctx.client.retrieveDocuments(wanted.map(documentRef));
      ctx.expect(docs.status === 'Success', `${o.scenario}.retrieve-documents.status`, `RetrieveDocumentSet answered ${docs.status}`, { expected: 'Success', actual: `${docs.status} ${docs.errors.map((e) => e.errorCode).join(',')}` });
      const byId = new Map(docs.documents.map((d) => [d.documentUniqueId, d.bytes]));
      for (const d of docs.documents) ctx.addBytes(d.bytes.byteLength);
      const missing = wanted.map(uniqueIdOf).filter((id) => !byId.has(id));
      ctx.expect(missing.length === 0, `${o.scenario}.retrieve-documents.complete`, `${missing.length} of ${wanted.length} documents did not arrive: ${missing.join(', ')}`);
      const listing = (ctx.state.get(STATE.listing) as ExtrinsicObject[] | undefined) ?? [];
      ctx.validate(validateSubmission({ objects: listing, documents: byId, message: 'query-response' }, { subjectName: `${o.source} listing`, profile: ctx.profile }));
      for (const s of studies) {
        for (const e of [...s.manifests, ...s.reports]) {
          const bytes = byId.get(uniqueIdOf(e));
          if (bytes) s.documents.set(uniqueIdOf(e), bytes);
        }
        for (const m of s.manifests) {
          const bytes = s.documents.get(uniqueIdOf(m));
          if (!bytes) continue;
          ctx.validate(validateDicom(bytes, { subjectName: `KOS ${uniqueIdOf(m)}`, profile: ctx.profile }));
          ctx.validate(validateManifest(bytes, { subjectName: `KOS ${uniqueIdOf(m)}`, profile: ctx.profile }));
        }
        for (const r of s.reports) {
          const bytes = s.documents.get(uniqueIdOf(r));
          if (bytes) ctx.validate(validateCdaReport(bytes, { subjectName: `CDA ${uniqueIdOf(r)}`, profile: ctx.profile }));
        }
      }
    },
  };
}

/** RAD-69 (XCA-I) through NCP-B: every instance each manifest references; a missing one is a finding (RISK-MISSING). */
export function retrieveImagesStep(o: GatherOptions): Step {
  return {
    id: 'retrieve-images',
    title: 'Retrieve every instance the manifests reference (XCA-I)',
    actor: 'CZ hospital',
    transactions: ['RAD-69', 'RAD-75'],
    requirements: ['RISK-MISSING'],
    budgetMs: 20_000,
    async run(ctx) {
      for (const s of gatheredStudies(ctx)) {
        for (const m of s.manifests) {
          const kos = s.documents.get(uniqueIdOf(m));
          if (!kos) continue;
          const request = imagingRequestFromKos(kos, homeOf(ctx, o.source));
          const wanted = request.studies.flatMap((st) => st.series.flatMap((se) => se.documents.map((d) => d.documentUniqueId)));
          const images = await ctx.client.retrieveImages(request);
          for (const d of images.documents) ctx.addBytes(d.bytes.byteLength);
          const got = new Set(images.documents.map((d) => d.documentUniqueId));
          const missing = wanted.filter((uid) => !got.has(uid));
          ctx.expect(images.status === 'Success' && missing.length === 0, `${o.scenario}.retrieve-images.complete`,
            `manifest ${uniqueIdOf(m)} of study ${s.study.accessionNumber}: ${missing.length} of ${wanted.length} referenced instances did not arrive (${images.status}${images.errors.length ? `: ${images.errors.map((e) => e.errorCode).join(',')}` : ''})`,
            { expected: `${wanted.length} instances, Success`, actual: `${got.size} instances, ${images.status}` });
          s.images.set(uniqueIdOf(m), images.documents.map((d) => naturalize(d.bytes)));
        }
      }
      ctx.note(`${gatheredStudies(ctx).reduce((n, s) => n + [...s.images.values()].reduce((k, i) => k + i.length, 0), 0)} instances`);
    },
  };
}

/** MET-07: instances, manifest, reports and document metadata of each study say the same things. */
export function consistencyStep(o: GatherOptions): Step {
  return {
    id: 'consistency',
    title: 'Instances, manifest, reports and metadata agree (MET-07)',
    actor: 'ixh',
    requirements: ['MET-07'],
    async run(ctx) {
      for (const s of gatheredStudies(ctx)) {
        const reports = s.reports.flatMap((r) => {
          const bytes = s.documents.get(uniqueIdOf(r));
          const extracted = bytes && extractCdaReport(bytes);
          return extracted ? [extracted] : [];
        });
        for (const m of s.manifests) {
          const kos = s.documents.get(uniqueIdOf(m));
          if (!kos) continue;
          ctx.validate(validateConsistency(
            { instances: s.images.get(uniqueIdOf(m)) ?? [], manifest: naturalize(kos), reports, documentEntries: [m, ...s.reports], timeZone: COUNTRY_TIME_ZONE[o.source] },
            { subjectName: `study ${s.study.accessionNumber} (manifest ${uniqueIdOf(m)})`, profile: ctx.profile },
          ));
        }
      }
    },
  };
}

/** Identify, list, retrieve documents, retrieve images: the common start of a gathering scenario. */
export function gatherSteps(o: GatherOptions): Step[] {
  return [identifyStep(o), listStep(o), retrieveDocumentsStep(o), retrieveImagesStep(o)];
}

const DOSE: GatherOptions = {
  scenario: 'dose-report',
  patientKey: 'ct-dose',
  source: 'AT',
  studies: (studies) => studies.filter((s) => s.exposure !== undefined),
};

const doseStep: Step = {
  id: 'dose',
  title: 'The report carries the exposure; the study holds up against the information model (IM-EXPOSURE, IM-PHASE)',
  actor: 'ixh',
  requirements: ['UC-546', 'IM-EXPOSURE', 'IM-PHASE'],
  async run(ctx) {
    const female = ctx.patient(DOSE.patientKey).sex === 'F';
    for (const s of gatheredStudies(ctx)) {
      const exposure = worldExposure(ctx.fixtures, s.study.studyInstanceUid);
      const instances = [...s.images.values()][0] ?? [];
      const study = extractStudy(instances, { ...(exposure && { exposure }) });
      ctx.expect(study.exposure?.effectiveDoseMSv !== undefined, 'dose-report.dose.effective-dose', `study ${s.study.accessionNumber} has no effective dose`, { requirements: ['IM-EXPOSURE'] });
      ctx.expect(study.phases.length > 0 && study.phases.every((p) => p.dlpMGyCm !== undefined), 'dose-report.dose.phase-dlp', `study ${s.study.accessionNumber}: ${study.phases.length} phase(s), DLP of each not stated`, { requirements: ['IM-PHASE'] });
      if (female) ctx.expect(study.exposure?.pregnancyStatus !== undefined, 'dose-report.dose.pregnancy-status', `study ${s.study.accessionNumber} of a female patient has no pregnancy status`, { requirements: ['IM-EXPOSURE'] });
      for (const r of s.reports) {
        const bytes = s.documents.get(uniqueIdOf(r));
        if (!bytes) continue;
        const report = extractCdaReport(bytes);
        ctx.expect(report?.exposure?.present === true && (report.exposure.effectiveDoseMSv !== undefined || report.exposure.totalDlpMGyCm !== undefined),
          'dose-report.dose.report-exposure', `report ${uniqueIdOf(r)} states no radiation exposure (effective dose or total DLP)`, { requirements: ['UC-546'] });
        ctx.validate(validateInformationModel({ study, ...(report && { report }) }, { subjectName: `study ${s.study.accessionNumber} + report ${uniqueIdOf(r)}`, profile: ctx.profile }));
        if (report?.exposure?.effectiveDoseMSv !== undefined) ctx.note(`effective dose ${report.exposure.effectiveDoseMSv} mSv, ${study.phases.length} phases`);
      }
    }
  },
};

export const doseReport = defineScenario({
  id: 'dose-report',
  title: 'UC-546: a CT radiation dose report from AT, read in CZ',
  priority: 2,
  requirements: ['UC-546', 'IM-EXPOSURE', 'IM-PHASE', 'MET-07', 'GEN-01', 'RISK-MISSING'],
  world: { countries: ['CZ', 'AT'], treating: 'CZ' },
  steps: [...gatherSteps(DOSE), doseStep, consistencyStep(DOSE)],
  variants: [reportAccessionMismatch(DOSE), manifestReferencesMissingInstance(DOSE)],
});
