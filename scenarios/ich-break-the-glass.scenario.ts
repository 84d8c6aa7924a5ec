/**
 * UC-543-ICH: first AT's peripheral hospital pushes the CT to CZ's neurosurgery through the NCP
 * push gateways and CZ is notified (steps `push`, `push-notice`). Then the retrieve part: the
 * Austrian patient has no consent on record. Listing her documents with PurposeOfUse TREATMENT must be
 * refused with 4701 (GEN-10: a correct refusal is a pass); with EMERGENCY (break-the-glass) her CT
 * is listed, retrieved and imported into CZ's PACS, AT's NCP-A leaves a break-the-glass
 * evidence record, and both countries' audit record repositories hold the emergency access with
 * PurposeOfUse EMERGENCY (GEN-08).
 *
 * Variant `consent-given`: AT records consent for everybody, so no 4701 comes back and the
 * refusal step must fail.
 */
import { expectAudits } from './steps/expect-audits.ts';
import { expectImported } from './steps/expect-imported.ts';
import { expectPushArrival, startPush, type PushRoute } from './steps/push-study.ts';
import { listDocuments } from './steps/list-documents.ts';
import { isManifest, studyIs } from './steps/lookup.ts';
import { retrieveLatestStudy } from './steps/retrieve-study.ts';
import { withCountry } from './steps/world-file.ts';
import { defineScenario, type Step, type StepContext } from './scenario.ts';
import type { ExtrinsicObject } from '../simulators/registry/ebrim-model.ts';

const ID = 'ich-break-the-glass';
const PATIENT = 'ct-dose';
/** eHDSI error code: no consent for cross-border access. */
const NO_CONSENT = '4701';
const PUSH: PushRoute = { scenario: ID, patient: PATIENT, modality: 'CT', from: 'AT', to: 'CZ' };

const ct = (ctx: StepContext, entry: ExtrinsicObject): boolean => studyIs(ctx, entry, 'CT');

/** AT's NCP-A recorded a break-the-glass entry in the run's evidence (the audits are checked after). */
const breakTheGlassRecorded: Step = {
  id: 'audit',
  title: 'AT\'s NCP-A recorded the break-the-glass access',
  actor: 'AT NCP-A',
  requirements: ['GEN-08', 'GEN-10'],
  budgetMs: 5_000,
  async run(ctx) {
    await ctx.evidence.flush();
    const entries = ctx.evidence.entries();
    // The scenario's own client records its messages: an empty sink is one that keeps nothing.
    if (entries.length === 0) throw new Error('the run keeps no evidence, so the break-the-glass record cannot be checked (run with an evidence recorder)');
    const records = entries.filter((e) => e.actor === 'AT.ncp-a' && e.transaction === 'break-the-glass');
    ctx.expect(records.length > 0, `${ID}.audit.break-the-glass-recorded`, 'AT\'s NCP-A recorded the emergency access', { expected: 'at least one AT.ncp-a break-the-glass entry', actual: `${records.length}` });
    ctx.note(`${records.length} break-the-glass record(s) at AT.ncp-a`);
  },
};

export const ichBreakTheGlass = defineScenario({
  id: ID,
  title: 'Intracerebral bleeding: no consent, refused for treatment, retrieved by break-the-glass',
  priority: 1,
  requirements: ['UC-543', 'UC-543-ICH', 'GEN-08', 'GEN-10', 'GEN-12'],
  world: {
    countries: ['CZ', 'AT'],
    treating: 'CZ',
    // Nobody in AT consented.
    configure: (file) => withCountry(file, 'AT', (at) => ({ ...at, consent: [] })),
  },
  steps: [
    startPush(PUSH, { id: 'push', requirements: ['UC-543', 'UC-543-ICH'] }),
    expectPushArrival(PUSH, { id: 'push-notice', requirements: ['UC-543-ICH', 'GEN-12'] }),
    listDocuments(PATIENT, 'AT', {
      id: 'treatment-refused',
      title: 'Listing with PurposeOfUse TREATMENT is refused without consent (4701)',
      requirements: ['GEN-10'],
      validate: false,
      check(ctx, list) {
        const codes = list.errors.map((e) => e.errorCode);
        ctx.expect(list.status === 'Failure' && codes.includes(NO_CONSENT) && list.entries.length === 0, `${ID}.treatment-refused.refused-without-consent`, 'AT refuses access without consent', {
          expected: `Failure with ${NO_CONSENT}, no entries`,
          actual: `${list.status}${codes.length ? ` (${codes.join(' ')})` : ''}, ${list.entries.length} entries`,
        });
      },
    }),
    listDocuments(PATIENT, 'AT', {
      id: 'emergency-list',
      title: 'Listing with PurposeOfUse EMERGENCY (break-the-glass) shows the CT',
      purpose: 'EMERGENCY',
      requirements: ['GEN-10'],
      check(ctx, list) {
        ctx.expect(list.status === 'Success', `${ID}.emergency-list.success`, 'AT answers the emergency listing', { expected: 'Success', actual: `${list.status} ${list.errors.map((e) => e.errorCode).join(' ')}`.trim() });
        ctx.expect(list.entries.some((e) => isManifest(e) && ct(ctx, e)), `${ID}.emergency-list.ct-listed`, 'the CT study is listed');
      },
    }),
    retrieveLatestStudy({ scenario: ID, id: 'emergency-retrieve', title: 'Retrieve the CT and its report with EMERGENCY (XCA, XCA-I)', purpose: 'EMERGENCY', select: ct, requirements: ['UC-543-ICH', 'GEN-10'] }),
    expectImported('CZ', { scenario: ID, requirements: ['GEN-05', 'GEN-06', 'GEN-12'] }),
    breakTheGlassRecorded,
    expectAudits({ scenario: ID, id: 'emergency-audits', treating: 'CZ', origin: 'AT', purposeOfUse: 'EMERGENCY', transactions: ['ITI-38', 'ITI-39', 'RAD-75'], requirements: ['GEN-08', 'GEN-10'] }),
  ],
  variants: [
    {
      id: 'consent-given',
      title: 'AT has consent for everybody: no 4701 comes back',
      requirements: ['GEN-10'],
      world: (file) => withCountry(file, 'AT', (at) => ({ ...at, consent: 'all' })),
      expectFailure: { ruleId: `${ID}.treatment-refused.refused-without-consent`, stepId: 'treatment-refused' },
    },
  ],
});
