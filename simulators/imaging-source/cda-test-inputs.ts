/** Test inputs for the report renderers: the seed-7 world with one synthetic patient per country, and its reported studies. */
import type { FixtureWorld, RadiationExposure } from '../../fixtures/model.ts';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { worldPriorStudy, type ComparisonStudy } from './cda-comparison.ts';
import { worldExposure } from './cda-radiation.ts';
import { worldStudies, type WorldStudy } from './study-from-world.ts';

export interface ReportedStudy {
  readonly ws: WorldStudy;
  readonly exposure?: RadiationExposure;
  /** The prior study of the same patient and region, when there is one. */
  readonly comparison?: ComparisonStudy;
}

let cached: { world: FixtureWorld; reported: ReportedStudy[] } | undefined;

export function reportWorld(): { world: FixtureWorld; reported: ReportedStudy[] } {
  if (!cached) {
    const world = buildWorld({ seed: 7, patients: 1 });
    const reported = worldStudies(world).filter((ws) => ws.report).map((ws) => {
      const exposure = worldExposure(world, ws.study.studyInstanceUid);
      const comparison = worldPriorStudy(world, ws.study.studyInstanceUid);
      return { ws, ...(exposure ? { exposure } : {}), ...(comparison ? { comparison } : {}) };
    });
    cached = { world, reported };
  }
  return cached;
}

export function firstReported(predicate: (r: ReportedStudy) => boolean): ReportedStudy {
  const found = reportWorld().reported.find(predicate);
  if (!found) throw new Error('no reported study in the test world matches');
  return found;
}
