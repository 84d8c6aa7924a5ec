/**
 * The NCP suites (issue 5 §4): an NCP in the SUT's seat. Each suite names its seat (the country
 * and actor a `--sut` URL replaces) and the named faults of ixh's own simulated NCP that it must
 * catch, each with the finding (check id and step) that names it. `ixh run --suite <id>` runs a
 * suite against a SUT, or without one as a self-test: the suite on ixh's conformant NCP, then once
 * per named fault as a negative variant that must fail with its finding.
 */
import type { HttpActorName } from '../../simulators/world/world-config.ts';
import type { CountryCode } from '../../simulators/world/world-config.ts';
import type { CountryFile, WorldFile } from '../../simulators/world/world-schema.ts';
import type { ExpectedFinding, ScenarioDefinition, Variant } from '../scenario.ts';
import { withCountry } from '../steps/world-file.ts';
import { NCP_A_SUITE_COUNTRIES, ncpASuite } from './ncp-a.suite.ts';
import { NCP_B_SUITE_COUNTRIES, ncpBSuite } from './ncp-b.suite.ts';

export interface Suite {
  readonly definition: ScenarioDefinition;
  /** Whose actor a `--sut` URL replaces. */
  readonly seat: { readonly country: CountryCode; readonly actor: Extract<HttpActorName, 'ncpResponding' | 'ncpInitiating'> };
  /** Named fault of the simulated seat → the finding that must name it. */
  readonly faults: Readonly<Record<string, ExpectedFinding>>;
}

export const SUITES = {
  'ncp-a': {
    definition: ncpASuite,
    seat: { country: NCP_A_SUITE_COUNTRIES.a, actor: 'ncpResponding' },
    faults: {
      'accept-unsigned': { ruleId: 'ncp-a.refuse-unsigned.refused', stepId: 'refuse-unsigned' },
      'accept-expired': { ruleId: 'ncp-a.refuse-expired.refused', stepId: 'refuse-expired' },
      'ignore-consent': { ruleId: 'ncp-a.refuse-no-consent.4701', stepId: 'refuse-no-consent' },
      'wrong-patient': { ruleId: 'ncp-a.refuse-patient-mismatch.4206', stepId: 'refuse-patient-mismatch' },
      'no-home-attribute': { ruleId: 'ncp-a.query.home', stepId: 'query' },
      'no-audit': { ruleId: 'audit.missing', stepId: 'audits' },
    },
  },
  'ncp-b': {
    definition: ncpBSuite,
    seat: { country: NCP_B_SUITE_COUNTRIES.b, actor: 'ncpInitiating' },
    faults: {
      'no-trc': { ruleId: 'ncp-b.query-a.trc-present', stepId: 'query-a' },
      'drop-partial-errors': { ruleId: 'ncp-b.fan-out.partial-success', stepId: 'fan-out' },
      'expired-trc': { ruleId: 'ncp-b.query-a.accepted', stepId: 'query-a' },
    },
  },
} as const satisfies Record<string, Suite>;

export type SuiteId = keyof typeof SUITES;
export const SUITE_IDS = Object.keys(SUITES) as SuiteId[];

export function isSuiteId(text: string): text is SuiteId {
  return Object.hasOwn(SUITES, text);
}

function onSeat(suite: Suite, change: (actor: CountryFile['ncpResponding']) => CountryFile['ncpResponding']): (file: WorldFile) => WorldFile {
  return (file) => withCountry(file, suite.seat.country, (c) => ({ ...c, [suite.seat.actor]: change(c[suite.seat.actor]) }));
}

/** The suite with its seat taken by the system under test at `url`. */
export function suiteWithSut(suite: Suite, url: string): ScenarioDefinition {
  const { definition } = suite;
  const configure = definition.world.configure;
  const sut = onSeat(suite, () => ({ sut: { url } }));
  return { ...definition, world: { ...definition.world, configure: (file) => sut(configure ? configure(file) : file) }, variants: [] };
}

/** One negative variant per named fault: the simulated seat misbehaves and the suite must fail with the fault's finding. */
export function faultVariants(suite: Suite): Variant[] {
  return Object.entries(suite.faults).map(([fault, expectFailure]) => ({
    id: `fault-${fault}`,
    title: `${suite.seat.country} ${suite.seat.actor} with fault ${fault}: the suite must fail with ${expectFailure.ruleId}`,
    world: onSeat(suite, (actor) => {
      if (actor === false || actor?.sut) throw new Error(`the seat of suite ${suite.definition.id} is not simulated`);
      return { ...actor, fault: [...(actor?.fault ?? []), fault] };
    }),
    expectFailure,
  }));
}

/** The self-test form of a suite: the suite itself and one fault variant per named fault. */
export function selfTest(suite: Suite): ScenarioDefinition {
  return { ...suite.definition, variants: [...(suite.definition.variants ?? []), ...faultVariants(suite)] };
}
