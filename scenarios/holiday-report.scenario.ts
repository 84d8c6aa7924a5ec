/**
 * UC-542-HOLIDAY — a Dutch patient falls ill on holiday in CZ: the Czech hospital asks every
 * community at once for her reports (ITI-38 without a homeCommunityId). DE's NCP-A is down, so
 * the answer is PartialSuccess naming DE's community (GEN-13), with NL's reports listed; the
 * reports only (no images) are then retrieved into CZ's HIS/RIS (GEN-06).
 *
 * Variant `unknown-patient`: a BSN nobody has, so no report can be listed.
 */
import { listDocuments } from './steps/list-documents.ts';
import { cx, homeOf, isCdaReport, STATE } from './steps/lookup.ts';
import { retrieveReports } from './steps/retrieve-reports.ts';
import { onlyRemoteNcpA, withCountry } from './steps/world-file.ts';
import { defineScenario } from './scenario.ts';

const ID = 'holiday-report';
const PATIENT = 'ms-follow-up';
/** Nothing listens on the discard port: DE's NCP-A is unreachable. */
export const UNREACHABLE_NCP_URL = 'http://127.0.0.1:9/ncp';

export const holidayReport = defineScenario({
  id: ID,
  title: 'Holiday report: reports from every community, one of them down (partial success)',
  priority: 1,
  requirements: ['UC-542', 'UC-542-HOLIDAY', 'GEN-06', 'GEN-13'],
  world: {
    countries: ['CZ', 'NL', 'DE'],
    treating: 'CZ',
    configure: (file) => withCountry(file, 'DE', () => onlyRemoteNcpA('DE', UNREACHABLE_NCP_URL)),
  },
  steps: [
    listDocuments(PATIENT, 'all', {
      title: 'List the patient\'s documents in every community at once (XCA)',
      requirements: ['UC-542', 'GEN-13'],
      budgetMs: 10_000,
      check(ctx, list) {
        const de = homeOf(ctx, 'DE');
        const nl = homeOf(ctx, 'NL');
        ctx.expect(list.status === 'PartialSuccess', `${ID}.list.partial-success`, 'the combined answer is a partial success', { expected: 'PartialSuccess', actual: list.status });
        const unavailable = list.errors.filter((e) => e.errorCode === 'XDSUnavailableCommunity').map((e) => e.location ?? '');
        ctx.expect(unavailable.length === 1 && unavailable[0] === de, `${ID}.list.unavailable-named`, 'the failing community is named (XDSUnavailableCommunity)', { expected: de, actual: unavailable.join(', ') || '(none)' });
        const reports = list.entries.filter(isCdaReport);
        ctx.expect(reports.length > 0 && reports.every((r) => r.home === nl), `${ID}.list.reports-listed`, 'NL\'s reports are listed', {
          expected: `reports from ${nl}`,
          actual: `${reports.length} reports${reports.length ? ` from ${[...new Set(reports.map((r) => r.home))].join(', ')}` : ''}`,
        });
      },
    }),
    retrieveReports('CZ', { scenario: ID, requirements: ['UC-542', 'GEN-06'] }),
  ],
  variants: [
    {
      id: 'unknown-patient',
      title: 'A BSN nobody has: no report is listed',
      arrange: async (ctx) => {
        const bsn = ctx.fixtures.countries.find((c) => c.code === 'NL')!.nationalIdScheme.oid;
        ctx.state.set(STATE.patientId, cx({ root: bsn, extension: '000000000' }));
      },
      expectFailure: { ruleId: `${ID}.list.reports-listed`, stepId: 'list' },
    },
  ],
});
