/**
 * UC-541-SPINE — acute MRI of the spinal cord: a French patient in Prague does not know which
 * Paris hospital imaged him. The Czech hospital identifies him in FR (XCPD), lists his documents
 * from every French facility in one ITI-38, picks the most recent spine MR — which has no report
 * yet (the fixtures' storyline) — and retrieves its images anyway (RAD-69): they must arrive and
 * be imported into CZ's PACS although no report exists (GEN-07).
 *
 * Variant `pacs-refuses`: CZ's PACS refuses every association, so the import must be reported
 * as failed. Variant `origin-pacs-refuses`: FR's imaging source reads its PACS by C-GET (as a
 * source in front of a real PACS does) and the PACS refuses the association: the images do not
 * arrive, and the harness must say so rather than report a complete study.
 */
import { discoverPatient } from './steps/discover-patient.ts';
import { expectImported } from './steps/expect-imported.ts';
import { listDocuments } from './steps/list-documents.ts';
import { fixtureStudy, homeOf, isCdaReport, isManifest, newestFirst, studyIs, studyUidOf } from './steps/lookup.ts';
import { retrieveLatestStudy } from './steps/retrieve-study.ts';
import { withCountry, withPacsFault } from './steps/world-file.ts';
import { defineScenario, type StepContext } from './scenario.ts';
import type { ExtrinsicObject } from '../simulators/registry/ebrim-model.ts';

const ID = 'acute-spine';
const PATIENT = 'spine-paris';
const SPINE = /SPINE/;

const spineMr = (ctx: StepContext, entry: ExtrinsicObject): boolean => studyIs(ctx, entry, 'MR', SPINE);

export const acuteSpine = defineScenario({
  id: ID,
  title: 'Acute spine MR: a French patient in Prague, hospital unknown, latest study without report',
  priority: 1,
  requirements: ['UC-541', 'UC-541-SPINE', 'GEN-01', 'GEN-05', 'GEN-07'],
  world: { countries: ['CZ', 'FR'], treating: 'CZ' },
  steps: [
    discoverPatient('FR', PATIENT, { scenario: ID, requirements: ['GEN-01'] }),
    listDocuments(PATIENT, 'FR', {
      title: 'List every French facility\'s documents of the patient in one query (XCA)',
      requirements: ['UC-541-SPINE', 'GEN-01'],
      check(ctx, list) {
        const home = homeOf(ctx, 'FR');
        ctx.expect(list.status === 'Success', `${ID}.list.success`, 'FR answers the listing', { expected: 'Success', actual: `${list.status} ${list.errors.map((e) => e.errorCode).join(' ')}`.trim() });
        const manifests = list.entries.filter(isManifest);
        const listed = new Set(manifests.map(studyUidOf));
        const studies = ctx.patient(PATIENT).studies;
        const missing = studies.filter((s) => !listed.has(s.studyInstanceUid));
        ctx.expect(missing.length === 0, `${ID}.list.every-facility`, 'one query lists the studies of every facility the patient was imaged at', {
          expected: [...new Set(studies.map((s) => s.facilityId))].join(', '),
          actual: `${missing.length} of ${studies.length} studies missing${missing.length ? ` (${missing.map((s) => s.facilityId).join(', ')})` : ''}`,
        });
        ctx.expect(list.entries.every((e) => e.home === home), `${ID}.list.home`, 'every entry names FR\'s community', { expected: home });
        const [latest] = newestFirst(manifests.filter((m) => spineMr(ctx, m)));
        if (!ctx.expect(latest !== undefined, `${ID}.list.spine-mr`, 'a spine MR is listed')) return;
        const uid = studyUidOf(latest!);
        const hasReport = list.entries.some((e) => isCdaReport(e) && studyUidOf(e) === uid);
        ctx.expect(!hasReport && fixtureStudy(ctx, uid)?.report === undefined, `${ID}.list.latest-without-report`, 'the most recent spine MR has no report (and none is invented)', { requirements: ['GEN-07'] });
        ctx.note(`${manifests.length} studies from ${new Set(studies.map((s) => s.facilityId)).size} facilities; latest spine MR ${fixtureStudy(ctx, uid)?.date ?? '?'} without report`);
      },
    }),
    retrieveLatestStudy({ scenario: ID, title: 'Retrieve the most recent spine MR\'s images although it has no report (XCA, XCA-I)', select: spineMr, requirements: ['GEN-07'] }),
    expectImported('CZ', { scenario: ID, requirements: ['GEN-05', 'GEN-07', 'GEN-12'] }),
  ],
  variants: [
    {
      id: 'pacs-refuses',
      title: 'CZ\'s PACS refuses the association: the import is not reported done',
      requirements: ['GEN-05'],
      world: (file) => withCountry(file, 'CZ', (cz) => withPacsFault(cz, 'reject-association')),
      expectFailure: { ruleId: `${ID}.import.in-local-pacs`, stepId: 'import' },
    },
    {
      id: 'origin-pacs-refuses',
      title: 'FR\'s PACS refuses its imaging source\'s association: the images cannot be retrieved',
      requirements: ['GEN-01', 'RISK-MISSING'],
      world: (file) => withCountry(file, 'FR', (fr) => withPacsFault({ ...fr, imagingSource: { ...(fr.imagingSource || {}), retrieve: 'c-get' } }, 'reject-association')),
      expectFailure: { ruleId: `${ID}.retrieve.images-complete`, stepId: 'retrieve' },
    },
  ],
});
