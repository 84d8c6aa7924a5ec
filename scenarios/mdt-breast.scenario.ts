/**
 * UC-545 — multidisciplinary board (breast cancer): a Belgian patient treated in CZ. For the board
 * meeting the Czech team gathers, through its NCP-B, every mammography and breast MRI from BE —
 * screenings at UZ Gent, the diagnostic mammography and the MRI at UZ Leuven — with their reports
 * (GEN-01: all examinations found, several selected). Each breast report states its BI-RADS
 * category as a coded entry (DCM 111005, CID 6027) and a conclusion (REP-06).
 *
 * BE answers on the eHDSI-OrCD profile in the default world (PDF report, PNG images), which carries
 * neither DICOM images nor a coded BI-RADS entry; this scenario switches BE to `xca-i` so the
 * studies come as KOS + CDA + DICOM, which is what a board needs (the OrCD path is covered by the
 * world tests).
 */
import type { Study } from '../fixtures/model.ts';
import { sectionOf } from '../validators/report/extracted-report.ts';
import { extractCdaReport } from '../validators/report/index.ts';
import { uniqueIdOf } from '../simulators/consumer/ncp-b-client.ts';
import { consistencyStep, gatheredStudies, gatherSteps, type GatherOptions } from './dose-report.scenario.ts';
import { defineScenario, type Step } from './scenario.ts';
import { withCountry } from './steps/world-file.ts';

const isBreastImaging = (s: Study): boolean => s.bodyPart.bodyPartExamined === 'BREAST' && s.series.some((se) => se.modality === 'MG' || se.modality === 'MR');

const BREAST: GatherOptions = {
  scenario: 'mdt-breast',
  patientKey: 'breast-cancer',
  source: 'BE',
  studies: (studies) => studies.filter(isBreastImaging),
};

const boardStep: Step = {
  id: 'board',
  title: 'The board has mammography and breast MRI from both facilities, each report with its BI-RADS category and conclusion',
  actor: 'CZ board',
  requirements: ['UC-545', 'GEN-01', 'REP-06'],
  async run(ctx) {
    const studies = gatheredStudies(ctx);
    // Where each study was made, as its images say it (Institution Name), not as the fixtures do.
    const facilities = new Set(studies.flatMap((s) => [...s.images.values()].flat().map((ds) => ds.InstitutionName).filter((n): n is string => typeof n === 'string' && n !== '')));
    ctx.expect(facilities.size >= 2, 'mdt-breast.board.facilities', `the breast images gathered come from ${facilities.size} facility(ies): ${[...facilities].join(', ')}`, { expected: '2 facilities', actual: [...facilities].join(', '), requirements: ['GEN-01'] });
    const modalities = new Set(studies.flatMap((s) => [...s.images.values()].flat().map((ds) => String(ds.Modality))));
    for (const m of ['MG', 'MR']) ctx.expect(modalities.has(m), 'mdt-breast.board.modalities', `no ${m} images among the gathered studies (${[...modalities].join(', ')})`, { expected: m, actual: [...modalities].join(', ') });

    const categories: string[] = [];
    for (const s of studies) {
      for (const r of s.reports) {
        const bytes = s.documents.get(uniqueIdOf(r));
        const report = bytes && extractCdaReport(bytes);
        if (!report) continue;
        const expected = s.study.report?.birads;
        if (expected !== undefined) {
          ctx.expect(report.birads?.category === expected, 'mdt-breast.board.birads', `report of study ${s.study.accessionNumber} states BI-RADS ${report.birads?.category ?? 'none'}`, { expected, actual: report.birads?.category ?? 'absent', requirements: ['UC-545'] });
          categories.push(`${s.study.accessionNumber}: BI-RADS ${report.birads?.category ?? '?'}`);
        }
        ctx.expect(sectionOf(report, 'conclusion') !== undefined, 'mdt-breast.board.conclusion', `report of study ${s.study.accessionNumber} has no conclusion (impression) section`, { requirements: ['REP-06'] });
      }
    }
    ctx.note(`${studies.length} breast studies from ${[...facilities].join(' + ')}; ${categories.join(', ')}`);
  },
};

export const mdtBreast = defineScenario({
  id: 'mdt-breast',
  title: 'UC-545: mammography and breast MRI from two Belgian facilities, with BI-RADS, for a board in CZ',
  priority: 2,
  requirements: ['UC-545', 'REP-06', 'GEN-01', 'MET-07'],
  world: {
    countries: ['CZ', 'BE'],
    treating: 'CZ',
    configure: (file) => withCountry(file, 'BE', (be) => ({ ...be, profile: 'xca-i' })),
  },
  steps: [...gatherSteps(BREAST), boardStep, consistencyStep(BREAST)],
});
