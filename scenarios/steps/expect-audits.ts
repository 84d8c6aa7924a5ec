/**
 * Step: both sides audited the exchange (GEN-08). Each country's Audit Record Repository
 * (simulators/audit/) is asked, after the NCPs' senders are flushed, for the records each
 * transaction must leave — ITI-55/ITI-38 queries on both sides, the ITI-39 export in the country
 * of origin and the import in the treating one, the RAD-75 transfer on both sides — with the
 * purpose of use the run asked for. Only records received since the run began count: a world
 * shared with other runs holds theirs too.
 */
import type { CountryCode } from '../../fixtures/model.ts';
import type { PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import { expectAudited, type AuditExpectation } from '../../validators/audit/index.ts';
import type { Step } from '../scenario.ts';

export interface ExpectAuditsOptions {
  readonly scenario: string;
  readonly id?: string;
  /** Country B, whose NCP-B initiated. */
  readonly treating: CountryCode;
  /** Country A, whose NCP-A responded. */
  readonly origin: CountryCode;
  /** The purpose of use the records must carry (EMERGENCY for break-the-glass). */
  readonly purposeOfUse?: PurposeOfUse;
  /** Which transactions the run drove; all four by default. */
  readonly transactions?: readonly ('ITI-55' | 'ITI-38' | 'ITI-39' | 'RAD-75')[];
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
}

/** What each side must have audited, per transaction (IHE ITI TF-2 3.55.5, 3.38.4.1.4, 3.39.4.1.4; RAD TF-2 4.75). */
function expectationsFor(transaction: 'ITI-55' | 'ITI-38' | 'ITI-39' | 'RAD-75', side: 'initiator' | 'responder'): Omit<AuditExpectation, 'purposeOfUse'> {
  switch (transaction) {
    case 'ITI-55':
    case 'ITI-38':
      return { transaction, side, event: 'query' };
    case 'ITI-39':
      return { transaction, side, event: side === 'responder' ? 'export' : 'import' };
    case 'RAD-75':
      return { transaction, side, event: 'transfer' };
  }
}

export function expectAudits(options: ExpectAuditsOptions): Step {
  const id = options.id ?? 'audits';
  const transactions = options.transactions ?? ['ITI-55', 'ITI-38', 'ITI-39', 'RAD-75'];
  return {
    id,
    title: `${options.origin} and ${options.treating} audited every cross-border transaction${options.purposeOfUse ? ` with purpose of use ${options.purposeOfUse}` : ''}`,
    actor: `${options.origin} and ${options.treating} audit record repositories`,
    transactions: ['ITI-20'],
    requirements: options.requirements ?? ['GEN-08'],
    budgetMs: options.budgetMs ?? 10_000,
    async run(ctx) {
      const sides = [
        { code: options.origin, country: ctx.country(options.origin), side: 'responder' as const },
        { code: options.treating, country: ctx.country(options.treating), side: 'initiator' as const },
      ];
      let checked = 0;
      for (const { code, country, side } of sides) {
        if (!country.auditRepository) throw new Error(`${code} has no simulated audit record repository to ask (auditRepository: false in the world file)`);
        await country.flushAudits();
        const since = new Date(ctx.runStartedAt).toISOString();
        const records = country.audits().filter((r) => r.receivedAt >= since);
        for (const transaction of transactions) {
          const expectation = { ...expectationsFor(transaction, side), ...(options.purposeOfUse && { purposeOfUse: options.purposeOfUse }) };
          const findings = expectAudited(records, expectation, `${code} audit record repository`);
          ctx.validate({ findings: findings.map((f) => ({ ...f, requirements: [...new Set([...f.requirements, ...(options.requirements ?? [])])] })), harnessErrors: [], rulesRun: [] });
          checked++;
        }
        ctx.addBytes(records.reduce((n, r) => n + (r.xml?.length ?? 0), 0));
      }
      ctx.note(`${checked} audit expectations checked in ${options.origin} and ${options.treating}`);
    },
  };
}
