/**
 * Suite `ncp-b` (issue 5 §4): country B's NCP-B is the system under test, in the middle; ixh plays
 * the treating hospital's local systems (the NCP-B client, B's PACS and HIS/RIS) and country A's
 * NCP-A (simulated, so what reaches it is evidence), plus a third community that is down. Checked:
 * XCPD routed to A, an ITI-38 to A carrying an HCP and a TRC assertion that A accepts (read from
 * A's evidence), the fan-out to every community with PartialSuccess and XDSUnavailableCommunity
 * naming the one down (GEN-13), the retrieve, and the import into B's PACS and HIS/RIS with an
 * arrival notice.
 *
 * Audit messages are not checked: the audit repository is a later issue. The import step looks
 * into B's simulated PACS and NCP-B's arrival list, so with a real NCP-B (`--sut`) it is a harness
 * error until arrival notices can be read over the wire.
 */
import { Qualifier } from '../../simulators/security/saml-names.ts';
import type { CountryCode } from '../../simulators/world/world-config.ts';
import type { WorldFile } from '../../simulators/world/world-schema.ts';
import { defineScenario, type ScenarioDefinition } from '../scenario.ts';
import { discoverPatient } from '../steps/discover-patient.ts';
import { expectImported } from '../steps/expect-imported.ts';
import { listDocuments } from '../steps/list-documents.ts';
import { homeOf, patientIdFor, STATE } from '../steps/lookup.ts';
import { retrieveLatestStudy } from '../steps/retrieve-study.ts';
import { onlyRemoteNcpA, withCountry } from '../steps/world-file.ts';

const ID = 'ncp-b';
/** B (the SUT's seat), A (ixh's NCP-A) and a community that is down. */
export const NCP_B_SUITE_COUNTRIES = { b: 'CZ', a: 'NL', down: 'DE' } as const satisfies Record<string, CountryCode>;
const { a: A, b: B, down: DOWN } = NCP_B_SUITE_COUNTRIES;
const PATIENT = 'ms-follow-up';
/** Nothing listens on the discard port: the third community is unreachable. */
const UNREACHABLE_NCP_URL = 'http://127.0.0.1:9/ncp';

export const ncpBSuite: ScenarioDefinition = defineScenario({
  id: ID,
  title: `NCP-B suite: ${B}'s initiating NCP under test between ixh's hospital and ${A}'s NCP-A (audits not checked yet)`,
  priority: 1,
  requirements: ['GEN-01', 'GEN-02', 'GEN-05', 'GEN-06', 'GEN-12', 'GEN-13', 'GEN-08', 'GEN-11'],
  world: {
    countries: [B, A, DOWN],
    treating: B,
    configure: (file) => withCountry(file, DOWN, () => onlyRemoteNcpA(DOWN, UNREACHABLE_NCP_URL)),
  },
  steps: [
    discoverPatient(A, PATIENT, { scenario: ID, requirements: ['GEN-01'] }),
    {
      // Not listDocuments: its check is synchronous, and A's evidence is read asynchronously.
      id: 'query-a',
      title: `List the patient's documents in ${A}; ${A}'s NCP-A receives valid HCP and TRC assertions`,
      actor: 'hospital via NCP-B',
      transactions: ['ITI-38'],
      requirements: ['GEN-02', 'GEN-08', 'GEN-11'],
      budgetMs: 10_000,
      async run(ctx) {
        const check = `${ID}.query-a`;
        const actor = `${A}.ncp-a`;
        await ctx.evidence.flush();
        const since = ctx.evidence.entries().at(-1)?.seq ?? 0;
        const list = await ctx.client.findDocuments(patientIdFor(ctx, PATIENT), homeOf(ctx, A));
        ctx.state.set(STATE.documents, list);
        ctx.note(`${list.status}: ${list.entries.length} entries${list.errors.length ? `, errors ${list.errors.map((e) => e.errorCode).join(' ')}` : ''}`);
        await ctx.evidence.flush();
        const mine = ctx.evidence.entries().filter((e) => e.seq > since && e.actor === actor && e.transaction === 'ITI-38');
        const request = mine.find((e) => e.direction === 'request');
        if (ctx.expect(request !== undefined, `${check}.reached-a`, `${A}'s NCP-A received the ITI-38`)) {
          const xml = Buffer.from(await ctx.evidence.read(request!)).toString('utf8');
          ctx.expect(xml.includes(`"${Qualifier.hcp}"`), `${check}.hcp-present`, 'the ITI-38 carries an HCP identity assertion', { expected: Qualifier.hcp, actual: 'no HCP assertion' });
          ctx.expect(xml.includes(`"${Qualifier.trc}"`), `${check}.trc-present`, 'the ITI-38 carries a TRC assertion (eHDSI: XCA needs one)', { expected: Qualifier.trc, actual: 'no TRC assertion' });
          const response = mine.find((e) => e.direction === 'response' && e.association === request!.association);
          ctx.expect(response !== undefined && !/Fault/.test(response.status ?? ''), `${check}.accepted`, `${A}'s NCP-A accepts the assertions (no SOAP fault)`, { actual: response?.status ?? '(no response recorded)' });
        }
        ctx.expect(list.status === 'Success' && list.entries.length > 0, `${check}.success`, `the listing from ${A} is Success with entries`, { expected: 'Success', actual: `${list.status}, ${list.entries.length} entries` });
      },
    },
    listDocuments(PATIENT, 'all', {
      id: 'fan-out',
      title: 'Ask every community at once: partial success naming the one down (GEN-13)',
      requirements: ['GEN-13'],
      budgetMs: 10_000,
      check(ctx, list) {
        const check = `${ID}.fan-out`;
        const down = homeOf(ctx, DOWN);
        const a = homeOf(ctx, A);
        ctx.expect(list.status === 'PartialSuccess', `${check}.partial-success`, 'the combined answer is PartialSuccess', { expected: 'PartialSuccess', actual: list.status });
        const unavailable = list.errors.filter((e) => e.errorCode === 'XDSUnavailableCommunity').map((e) => e.location ?? '');
        ctx.expect(unavailable.length === 1 && unavailable[0] === down, `${check}.unavailable-named`, 'the community that is down is named in XDSUnavailableCommunity', { expected: down, actual: unavailable.join(', ') || '(none)' });
        ctx.expect(list.entries.length > 0 && list.entries.every((e) => e.home === a), `${check}.entries`, `${A}'s entries are listed, each with its home`, { expected: `entries from ${a}`, actual: `${list.entries.length} entries` });
      },
    }),
    retrieveLatestStudy({ scenario: ID, requirements: ['GEN-02', 'GEN-05'] }),
    expectImported(B, { scenario: ID, requirements: ['GEN-05', 'GEN-06', 'GEN-12'] }),
  ],
});

/** The suite with country B's NCP-B replaced by the system under test at `url`. */
export function ncpBSuiteWorld(url: string): (file: WorldFile) => WorldFile {
  return (file) => withCountry(file, B, (c) => ({ ...c, ncpInitiating: { sut: { url } } }));
}
