import { describe, expect, it } from 'vitest';
import type { RunningWorld } from '../../simulators/world/start-world.ts';
import { defineScenario, type Step } from '../scenario.ts';
import { budgetFor, runScenario } from './run-scenario.ts';

/** Just enough of a world for the step context: a treating country with an NCP-B URL (never called). */
const world = {
  config: { profile: 'xca-i' },
  fixtures: { patients: [], countries: [] },
  countries: new Map([['CZ', { url: () => 'http://127.0.0.1:9/ncp-b' }]]),
} as unknown as RunningWorld;

const step = (id: string, run: Step['run'], budgetMs?: number): Step => ({ id, title: id, actor: 'test', requirements: ['GEN-01'], run, ...(budgetMs !== undefined && { budgetMs }) });
const scenario = (steps: Step[]) => defineScenario({
  id: 'unit', title: 'unit', priority: 2, requirements: ['UC-541'], world: { countries: ['CZ'], treating: 'CZ' }, steps,
  variants: [{ id: 'bad', title: 'bad', arrange: async (ctx) => void ctx.state.set('bad', true), expectFailure: { ruleId: 'unit.ok', stepId: 'a' } }],
});
const checking = step('a', async (ctx) => void ctx.expect(ctx.state.get('bad') !== true, 'unit.ok', 'all good', { requirements: ['MET-07'] }));

describe('runScenario', () => {
  it('passes when every step passes, and records notes and bytes', async () => {
    const run = await runScenario(scenario([checking, step('b', async (ctx) => { ctx.addBytes(42); ctx.note('hello'); })]), { world });
    expect(run.outcome).toBe('pass');
    expect(run.steps.map((s) => [s.outcome, s.bytes, s.notes])).toEqual([['pass', 0, []], ['pass', 42, ['hello']]]);
  });

  it('a failed expectation fails its step with a finding; later steps are skipped', async () => {
    const run = await runScenario(scenario([checking, step('b', async () => {})]), { world, variant: 'bad' });
    expect(run.steps.map((s) => s.outcome)).toEqual(['fail', 'skip']);
    expect(run.steps[0]!.findings[0]).toMatchObject({ ruleId: 'unit.ok', severity: 'error', requirements: ['GEN-01', 'MET-07'], specRef: 'scenario unit step a' });
    expect(run.outcome).toBe('pass');
    expect(run.expectedFailure).toMatchObject({ ruleId: 'unit.ok', detected: true });
  });

  it('a variant whose fault goes unnoticed fails the run', async () => {
    const run = await runScenario(scenario([step('a', async () => {})]), { world, variant: 'bad' });
    expect(run.outcome).toBe('fail');
    expect(run.expectedFailure?.detected).toBe(false);
  });

  it('a step that throws is a harness error, never a fail', async () => {
    const run = await runScenario(scenario([step('a', async () => { throw new Error('boom'); }), checking]), { world, variant: 'bad' });
    expect(run.steps.map((s) => s.outcome)).toEqual(['error', 'skip']);
    expect(run.steps[0]!.error).toBe('boom');
    expect(run.outcome).toBe('error');
  });

  it('a validator rule that threw makes the step an error', async () => {
    const run = await runScenario(scenario([step('a', async (ctx) => ctx.validate({ findings: [], harnessErrors: [{ ruleId: 'r', subject: 's', message: 'threw' }], rulesRun: [] }))]), { world });
    expect(run.outcome).toBe('error');
  });

  it('a step over its budget fails with scenario.sla.budget', async () => {
    const run = await runScenario(scenario([step('a', () => new Promise((r) => setTimeout(r, 200)), 20)]), { world });
    expect(run.steps[0]!.outcome).toBe('fail');
    expect(run.steps[0]!.findings[0]).toMatchObject({ ruleId: 'scenario.sla.budget', expected: '≤ 20 ms' });
  });

  it("the world file's sla overrides a step's budget (scenario.step first, then the bare step id)", async () => {
    const slow = step('a', () => new Promise((r) => setTimeout(r, 60)), 10_000);
    const withSla = (sla: Record<string, number>) => ({ ...world, config: { ...world.config, sla } }) as RunningWorld;
    const tight = await runScenario(scenario([slow]), { world: withSla({ a: 20 }) });
    expect(tight.steps[0]!.findings[0]).toMatchObject({ ruleId: 'scenario.sla.budget', expected: '≤ 20 ms' });
    expect(budgetFor('unit', slow, withSla({ a: 20, 'unit.a': 5_000 }))).toBe(5_000);
    expect(budgetFor('other', slow, withSla({ 'unit.a': 5_000 }))).toBe(10_000);
    expect(budgetFor('unit', { id: 'b' }, world)).toBe(30_000);
  });
});
