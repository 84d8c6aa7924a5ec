/** Rendered reports of the seed-7 test world, both formats, for the report validator tests. */
import { renderCdaImagingReport } from '../../simulators/imaging-source/cda-report.ts';
import { reportWorld, type ReportedStudy } from '../../simulators/imaging-source/cda-test-inputs.ts';
import { renderFhirImagingReport } from '../../simulators/imaging-source/fhir-report.ts';

export interface RenderedReport {
  readonly study: ReportedStudy;
  readonly cdaXml: string;
  readonly fhirJson: string;
}

let cached: RenderedReport[] | undefined;

export function renderedReports(): RenderedReport[] {
  if (!cached) {
    const { world, reported } = reportWorld();
    cached = reported.map((study) => {
      const options = { uidRoot: world.uidRoot, ...(study.exposure ? { exposure: study.exposure } : {}), ...(study.comparison ? { comparison: study.comparison } : {}) };
      return { study, cdaXml: renderCdaImagingReport(study.ws, options).xml, fhirJson: renderFhirImagingReport(study.ws, options).json };
    });
  }
  return cached;
}

export function firstRendered(predicate: (r: RenderedReport) => boolean): RenderedReport {
  const found = renderedReports().find(predicate);
  if (!found) throw new Error('no rendered report matches');
  return found;
}

export const hasModality = (m: string) => (r: RenderedReport) => r.study.ws.study.series.some((s) => s.modality === m);
