/**
 * The prior study a report compares with (PS3.20 Comparison Study section, HL7 EU "comparison"):
 * the latest earlier study of the same patient on the same anatomic region. `WorldStudy` knows one
 * study only, so callers that render from the world look the prior up here and pass it as an
 * option, as they do for the dose record.
 */
import type { FixtureWorld } from '../../fixtures/model.ts';
import { worldStudies, type WorldStudy } from './study-from-world.ts';

export interface ComparisonStudy {
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  /** YYYYMMDD */
  readonly date: string;
  readonly description?: string;
}

function comparisonOf(ws: WorldStudy): ComparisonStudy {
  const { study } = ws;
  return {
    studyInstanceUid: study.studyInstanceUid,
    accessionNumber: study.accessionNumber,
    date: study.date,
    ...(study.description ? { description: study.description } : {}),
  };
}

/** The latest study of the same patient and anatomic region before `studyInstanceUid`, if any. */
export function worldPriorStudy(world: FixtureWorld, studyInstanceUid: string): ComparisonStudy | undefined {
  const all = worldStudies(world);
  const current = all.find((w) => w.study.studyInstanceUid === studyInstanceUid);
  const region = current?.study.anatomicRegion?.code;
  if (!current || !region) return undefined;
  const at = (w: WorldStudy) => `${w.study.date}${w.study.time}`;
  const priors = all
    .filter((w) => w.patientKey === current.patientKey && w.study.anatomicRegion?.code === region && at(w) < at(current))
    .sort((a, b) => at(a).localeCompare(at(b)));
  const prior = priors.at(-1);
  return prior ? comparisonOf(prior) : undefined;
}
