/**
 * Step: what `retrieveLatestStudy` fetched is in the treating country's own systems — every image
 * in its PACS (GEN-05), the report in its HIS/RIS (GEN-06) — and an arrival notice says what
 * happened (GEN-12), also when the import failed.
 */
import type { CountryCode } from '../../fixtures/model.ts';
import type { Step } from '../scenario.ts';
import { retrievedStudy } from './retrieve-study.ts';

export interface ExpectImportedOptions {
  readonly scenario: string;
  readonly id?: string;
  readonly requirements?: readonly string[];
  readonly budgetMs?: number;
}

export function expectImported(treating: CountryCode, options: ExpectImportedOptions): Step {
  const id = options.id ?? 'import';
  const check = `${options.scenario}.${id}`;
  return {
    id,
    title: `The study is in ${treating}'s PACS (and its report in HIS/RIS), with an arrival notice`,
    actor: `${treating} NCP-B`,
    requirements: options.requirements ?? [],
    budgetMs: options.budgetMs ?? 10_000,
    async run(ctx) {
      const study = retrievedStudy(ctx);
      if (!ctx.expect(study !== undefined, `${check}.study-retrieved`, 'a study was retrieved before')) return;
      const country = ctx.country(treating);
      if (!country.ncpB) throw new Error(`${treating} has no simulated NCP-B to import with`);
      await country.ncpB.whenIdle();
      const pacs = country.pacs;
      if (!pacs) throw new Error(`${treating} has no simulated PACS to look into`);
      const missing = study!.imageIds.filter((uid) => pacs.index.fileOf(uid) === undefined);
      ctx.expect(missing.length === 0, `${check}.in-local-pacs`, `every retrieved image is in ${treating}'s PACS`, {
        requirements: ['GEN-05'],
        expected: `${study!.imageIds.length} images`,
        actual: `${study!.imageIds.length - missing.length} images`,
      });
      if (study!.reportId) {
        const filed = country.reports?.list({ documentUniqueId: study!.reportId }) ?? [];
        ctx.expect(filed.length === 1, `${check}.report-in-his`, `the report is in ${treating}'s HIS/RIS`, { requirements: ['GEN-06'], expected: '1 record', actual: `${filed.length}` });
      }
      const notice = country.ncpB.arrivals.list().find((n) => n.transaction === 'RAD-69' && n.studyInstanceUids.includes(study!.studyInstanceUid));
      if (ctx.expect(notice !== undefined, `${check}.arrival-notice`, 'an arrival notice names the study', { requirements: ['GEN-12'] })) {
        ctx.note(`arrival notice: ${notice!.state}, ${notice!.counts.imagesStored}/${notice!.counts.images} images stored`);
      }
    },
  };
}
