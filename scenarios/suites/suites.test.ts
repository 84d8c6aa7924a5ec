/**
 * The NCP suites against ixh's own simulated NCPs: each must pass on the conformant NCP, and each
 * named fault of the simulated NCP in the SUT's seat must make it fail with the finding that names
 * the fault (its check id, in its step). Also: a suite pointed at a SUT runs with the seat replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { NCP_A_FAULTS } from '../../simulators/ncp/responding/faults.ts';
import { NCP_B_FAULTS } from '../../simulators/ncp/initiating/faults.ts';
import { runIn } from '../engine/run-scenario.ts';
import { createWorldPool, scenarioWorldFile, type WorldPool } from '../engine/scenario-worlds.ts';
import type { ScenarioRun } from '../scenario.ts';
import { faultVariants, selfTest, suiteWithSut, SUITES, type SuiteId } from './index.ts';

const evidence = createEvidenceRecorder();
let pool: WorldPool;

beforeAll(() => {
  pool = createWorldPool({ evidence });
});

afterAll(async () => {
  await pool?.stop();
  await evidence.close();
});

function explain(run: ScenarioRun): string {
  return run.steps.map((s) => `${s.stepId} ${s.outcome}${s.error ? ` (${s.error})` : ''} ${s.findings.map((f) => `${f.ruleId}: ${f.actual ?? f.message}`).join('; ')}`).join('\n');
}

/** Fault → the check id that must name it: the table the suites must honour. */
const EXPECTED: Record<SuiteId, Record<string, string>> = {
  'ncp-a': {
    'accept-unsigned': 'ncp-a.refuse-unsigned.refused',
    'accept-expired': 'ncp-a.refuse-expired.refused',
    'ignore-consent': 'ncp-a.refuse-no-consent.4701',
    'wrong-patient': 'ncp-a.refuse-patient-mismatch.4206',
    'no-home-attribute': 'ncp-a.query.home',
    'no-audit': 'audit.missing',
  },
  'ncp-b': {
    'no-trc': 'ncp-b.query-a.trc-present',
    'drop-partial-errors': 'ncp-b.fan-out.partial-success',
    'expired-trc': 'ncp-b.query-a.accepted',
  },
};

describe('the fault tables', () => {
  it('name every fault of the simulated NCPs, each with its check id', () => {
    // Every fault the suites claim to catch exists; every NCP-A fault, and the NCP-B faults of this issue, are claimed.
    expect(Object.keys(SUITES['ncp-a'].faults).sort()).toEqual(Object.keys(NCP_A_FAULTS).sort());
    expect(Object.keys(NCP_B_FAULTS)).toEqual(expect.arrayContaining(Object.keys(SUITES['ncp-b'].faults)));
    expect(Object.keys(SUITES['ncp-b'].faults)).toEqual(expect.arrayContaining(['no-trc', 'drop-partial-errors']));
    for (const id of Object.keys(SUITES) as SuiteId[]) {
      expect(Object.fromEntries(Object.entries(SUITES[id].faults).map(([f, e]) => [f, e.ruleId]))).toEqual(EXPECTED[id]);
    }
  });
});

for (const id of Object.keys(SUITES) as SuiteId[]) {
  const suite = SUITES[id];
  describe(`suite ${id}`, () => {
    it('passes against ixh\'s conformant simulated NCP', async () => {
      const run = await runIn(pool, suite.definition, undefined, { evidence });
      expect(run.outcome, explain(run)).toBe('pass');
      expect(run.steps.every((s) => s.outcome === 'pass')).toBe(true);
    }, 120_000);

    for (const variant of faultVariants(suite)) {
      const fault = variant.id.replace(/^fault-/, '');
      it(`fails with ${EXPECTED[id][fault]} when the simulated NCP has fault ${fault}`, async () => {
        const run = await runIn(pool, selfTest(suite), variant, { evidence });
        expect(run.outcome, explain(run)).toBe('pass'); // the variant passes: the fault was detected
        const failed = run.steps.filter((s) => s.outcome === 'fail');
        expect(failed.map((s) => s.stepId)).toEqual([variant.expectFailure.stepId]);
        expect(failed[0]!.findings.map((f) => f.ruleId)).toContain(EXPECTED[id][fault]);
        expect(run.steps.some((s) => s.outcome === 'error')).toBe(false);
      }, 120_000);
    }

    it('puts a SUT URL in the seat', () => {
      const file = scenarioWorldFile(suiteWithSut(suite, 'http://sut.example:8080/ncp'), undefined);
      const seat = file.countries.find((c) => c.code === suite.seat.country)!;
      expect(seat[suite.seat.actor]).toEqual({ sut: { url: 'http://sut.example:8080/ncp' } });
    });
  });
}
