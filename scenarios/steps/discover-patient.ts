/**
 * Step: the hospital identifies a patient of another country through its NCP-B (XCPD, ITI-55):
 * the patient must be found once, under the national id asked for, with the custodian community
 * of that country. Later steps use the same id (`patientIdFor`).
 */
import type { CountryCode } from '../../fixtures/model.ts';
import type { Step } from '../scenario.ts';
import { cx, homeOf, nationalIdOf } from './lookup.ts';

export interface DiscoverPatientOptions {
  /** Check ids are `<scenario>.<id>.<check>`. */
  readonly scenario: string;
  readonly id?: string;
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
}

export function discoverPatient(country: CountryCode, patientKey: string, options: DiscoverPatientOptions): Step {
  const id = options.id ?? 'identify';
  const check = `${options.scenario}.${id}`;
  return {
    id,
    title: `Identify ${patientKey} in ${country} by national id (XCPD)`,
    actor: 'hospital via NCP-B',
    transactions: ['ITI-55'],
    requirements: options.requirements ?? [],
    budgetMs: options.budgetMs ?? 5_000,
    async run(ctx) {
      const nationalId = nationalIdOf(ctx, patientKey);
      const answer = await ctx.client.discoverPatient(nationalId);
      const found = answer.patients[0];
      const ok = ctx.expect(answer.queryResponseCode === 'OK' && answer.patients.length === 1, `${check}.found`, `${country} knows ${patientKey} exactly once`, {
        expected: 'queryResponseCode OK, 1 patient',
        actual: `${answer.queryResponseCode}, ${answer.patients.length} patient(s)`,
      });
      if (!ok || !found) return;
      ctx.expect(found.ids.some((i) => i.root === nationalId.root && i.extension === nationalId.extension), `${check}.same-id`, 'the match carries the national id asked for', {
        expected: cx(nationalId),
        actual: found.ids.map(cx).join(', '),
      });
      const home = homeOf(ctx, country);
      ctx.expect(found.custodian?.homeCommunityId === home, `${check}.custodian`, `the custodian is ${country}'s community`, { expected: home, actual: found.custodian?.homeCommunityId ?? '(none)' });
      ctx.note(`${patientKey} found in ${country}`);
    },
  };
}
