/**
 * Step: the hospital retrieves the listed reports only (ITI-43 through NCP-B, no images) and
 * finds each in its own HIS/RIS report store (GEN-06). Every report is validated as a CDA report.
 */
import type { CountryCode } from '../../fixtures/model.ts';
import { documentRef, uniqueIdOf } from '../../simulators/consumer/ncp-b-client.ts';
import { validateCdaReport } from '../../validators/report/index.ts';
import type { Step } from '../scenario.ts';
import { listedDocuments } from './list-documents.ts';
import { isCdaReport, STATE } from './lookup.ts';

export interface RetrieveReportsOptions {
  readonly scenario: string;
  readonly id?: string;
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
}

export function retrieveReports(treating: CountryCode, options: RetrieveReportsOptions): Step {
  const id = options.id ?? 'retrieve-reports';
  const check = `${options.scenario}.${id}`;
  return {
    id,
    title: `Retrieve the listed reports into ${treating}'s HIS/RIS (XCA)`,
    actor: 'hospital via NCP-B',
    transactions: ['ITI-39'],
    requirements: options.requirements ?? [],
    budgetMs: options.budgetMs ?? 10_000,
    async run(ctx) {
      const reports = listedDocuments(ctx).entries.filter(isCdaReport);
      if (!ctx.expect(reports.length > 0, `${check}.reports-listed`, 'the listing has reports to retrieve')) return;
      const wanted = reports.map(uniqueIdOf);
      const docs = await ctx.client.retrieveDocuments(reports.map(documentRef));
      for (const d of docs.documents) ctx.addBytes(d.bytes.length);
      const got = new Set(docs.documents.map((d) => d.documentUniqueId));
      const missing = wanted.filter((w) => !got.has(w));
      ctx.expect(docs.status === 'Success' && missing.length === 0, `${check}.retrieved`, 'every listed report is retrieved', {
        expected: `Success, ${wanted.length} reports`,
        actual: `${docs.status}, ${docs.documents.length} documents${docs.errors.length ? ` (${docs.errors.map((e) => e.errorCode).join(' ')})` : ''}`,
      });
      ctx.expect(docs.documents.every((d) => d.mimeType === 'text/xml'), `${check}.reports-only`, 'only report documents (text/xml) came back', { actual: [...new Set(docs.documents.map((d) => d.mimeType))].join(', ') });
      for (const d of docs.documents) ctx.validate(validateCdaReport(d.bytes, { subjectName: `report ${d.documentUniqueId}`, profile: ctx.profile }));
      ctx.state.set(STATE.retrievedReports, [...got]);

      const country = ctx.country(treating);
      if (!country.ncpB || !country.reports) throw new Error(`${treating} has no simulated NCP-B and report store to look into`);
      await country.ncpB.whenIdle();
      const notFiled = [...got].filter((uid) => country.reports!.list({ documentUniqueId: uid }).length !== 1);
      ctx.expect(notFiled.length === 0, `${check}.in-his`, `every retrieved report is in ${treating}'s HIS/RIS`, {
        requirements: ['GEN-06'],
        expected: `${got.size} reports filed`,
        actual: `${got.size - notFiled.length} filed`,
      });
      ctx.note(`${got.size} reports retrieved and filed`);
    },
  };
}
