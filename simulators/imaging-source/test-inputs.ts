/** Shared test inputs: manifest options and the studies of the fixtures test world and the seed-7 NL world. */
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import type { KosManifestInput, ManifestOptions } from './manifest-input.ts';
import { worldStudies, type WorldStudy } from './study-from-world.ts';

export const REPOSITORY_UID = '2.25.271828182845904523536.900.1';

export function manifestOptions(ws: WorldStudy, uidRoot: string, extra: Partial<ManifestOptions> = {}): ManifestOptions {
  return {
    retrieveAeTitle: ws.facility.aeTitle,
    retrieveLocationUid: REPOSITORY_UID,
    wadoRsBaseUrl: 'http://127.0.0.1:8042/dicom-web/',
    uidRoot,
    contentDate: '20240401',
    contentTime: '120000',
    institutionName: ws.facility.name,
    ...extra,
  };
}

export function manifestInput(ws: WorldStudy, uidRoot: string, extra: Partial<ManifestOptions> = {}): KosManifestInput {
  return { patient: ws.patient, study: ws.study, options: manifestOptions(ws, uidRoot, extra) };
}

export const testWorldStudies = worldStudies(testWorld);

/** The ms-follow-up patient's first study in buildWorld({ seed: 7, patients: 0, countries: ['NL'] }): multi-series MR. */
export function msFollowUpStudy(): { ws: WorldStudy; uidRoot: string } {
  const world = buildWorld({ seed: 7, patients: 0, countries: ['NL'] });
  const ws = worldStudies(world).find((w) => w.patientKey === 'ms-follow-up' && w.study.series.length > 1);
  if (!ws) throw new Error('seed 7 NL world has no multi-series ms-follow-up study');
  return { ws, uidRoot: world.uidRoot };
}
