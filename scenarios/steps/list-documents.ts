/**
 * Step: the hospital lists a patient's documents through its NCP-B (XCA ITI-38): from one
 * country's community, or from every community NCP-B knows when `from` is 'all'. The listing is
 * validated (XDS metadata of a query response), handed to the scenario's own checks and left in
 * `ctx.state` for the retrieve steps.
 */
import type { CountryCode } from '../../fixtures/model.ts';
import type { DocumentList } from '../../simulators/consumer/ncp-b-client.ts';
import type { PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import { validateSubmission } from '../../validators/metadata/index.ts';
import type { Step, StepContext } from '../scenario.ts';
import { homeOf, patientIdFor, STATE } from './lookup.ts';

export interface ListDocumentsOptions {
  readonly id?: string;
  readonly title?: string;
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
  /** TREATMENT (the client's default) unless given. */
  readonly purpose?: PurposeOfUse;
  /** Validate the listing's metadata when it has entries (default true). */
  readonly validate?: boolean;
  /** The scenario's expectations about the answer. */
  check(ctx: StepContext, list: DocumentList): void;
}

export function listDocuments(patientKey: string, from: CountryCode | 'all', options: ListDocumentsOptions): Step {
  return {
    id: options.id ?? 'list',
    title: options.title ?? `List the documents of ${patientKey} ${from === 'all' ? 'in every community' : `in ${from}`} (XCA)`,
    actor: 'hospital via NCP-B',
    transactions: ['ITI-38'],
    requirements: options.requirements ?? [],
    budgetMs: options.budgetMs ?? 5_000,
    async run(ctx) {
      const client = options.purpose ? ctx.client.withPurpose(options.purpose) : ctx.client;
      const list = await client.findDocuments(patientIdFor(ctx, patientKey), from === 'all' ? undefined : homeOf(ctx, from));
      ctx.state.set(STATE.documents, list);
      ctx.note(`${list.status}: ${list.entries.length} entries${list.errors.length ? `, errors ${list.errors.map((e) => e.errorCode).join(' ')}` : ''}`);
      if (options.validate !== false && list.entries.length > 0) {
        ctx.validate(validateSubmission({ objects: [...list.entries], message: 'query-response' }, { subjectName: `${from} listing`, profile: ctx.profile }));
      }
      options.check(ctx, list);
    },
  };
}

/** The listing the last `listDocuments` step left; a harness error when none ran. */
export function listedDocuments(ctx: StepContext): DocumentList {
  const list = ctx.state.get(STATE.documents) as DocumentList | undefined;
  if (!list) throw new Error('no listing in the state: a listDocuments step must run first');
  return list;
}
