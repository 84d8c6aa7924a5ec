/**
 * Small lookups the shared steps and scenarios need: a country's homeCommunityId, a patient's
 * national id and its CX form, which listed entry is a manifest or a report and of which study,
 * and the state keys steps hand each other.
 */
import type { CountryCode, Modality, Study } from '../../fixtures/model.ts';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import type { StepContext } from '../scenario.ts';

/** `ctx.state` keys the shared steps read and write. */
export const STATE = {
  /** CX of the patient the steps act for; a variant's `arrange` may replace it (e.g. an unknown id). */
  patientId: 'patientId',
  /** The last DocumentList a listing step got. */
  documents: 'documents',
  /** What `retrieveLatestStudy` fetched: `RetrievedStudy`. */
  retrievedStudy: 'retrievedStudy',
  /** Document unique ids of the reports `retrieveReports` fetched. */
  retrievedReports: 'retrievedReports',
} as const;

export const MIME = { manifest: 'application/dicom', cda: 'text/xml' } as const;

export function homeOf(ctx: StepContext, code: CountryCode): string {
  const country = ctx.world.config.countries.find((c) => c.code === code);
  if (!country) throw new Error(`the world has no country ${code}`);
  return country.homeCommunityId;
}

export function nationalIdOf(ctx: StepContext, patientKey: string): { root: string; extension: string } {
  const patient = ctx.patient(patientKey);
  const scheme = ctx.fixtures.countries.find((c) => c.code === patient.country)?.nationalIdScheme;
  if (!scheme) throw new Error(`the fixtures have no national id scheme for ${patient.country}`);
  return { root: scheme.oid, extension: patient.nationalId };
}

export function cx(id: { root: string; extension: string }): string {
  return `${id.extension}^^^&${id.root}&ISO`;
}

/** The CX the steps use: a variant's replacement from `ctx.state`, else the named patient's national id. */
export function patientIdFor(ctx: StepContext, patientKey: string): string {
  const replaced = ctx.state.get(STATE.patientId);
  return typeof replaced === 'string' ? replaced : cx(nationalIdOf(ctx, patientKey));
}

export const isManifest = (e: ExtrinsicObject): boolean => e.mimeType === MIME.manifest;
export const isCdaReport = (e: ExtrinsicObject): boolean => e.mimeType === MIME.cda;

/** The Study Instance UID a DocumentEntry names in its referenceIdList, if any. */
export function studyUidOf(entry: ExtrinsicObject): string | undefined {
  const ref = entry.slots.find((s) => s.name === 'urn:ihe:iti:xds:2013:referenceIdList')?.values.find((v) => v.endsWith('urn:ihe:iti:xds:2016:studyInstanceUID'));
  return ref?.split('^')[0];
}

function slot(entry: ExtrinsicObject, name: string): string {
  return entry.slots.find((s) => s.name === name)?.values[0] ?? '';
}

/** Newest first by serviceStartTime (when the study was made), then creationTime. */
export function newestFirst(entries: readonly ExtrinsicObject[]): ExtrinsicObject[] {
  const key = (e: ExtrinsicObject): string => slot(e, 'serviceStartTime') || slot(e, 'creationTime');
  return [...entries].sort((a, b) => key(b).localeCompare(key(a)));
}

/** The fixtures' study with this Study Instance UID (what the world's PACSs were loaded with). */
export function fixtureStudy(ctx: StepContext, studyInstanceUid: string | undefined): Study | undefined {
  if (!studyInstanceUid) return undefined;
  for (const p of ctx.fixtures.patients) for (const s of p.studies) if (s.studyInstanceUid === studyInstanceUid) return s;
  return undefined;
}

/** Whether a listed manifest is of a study made with `modality`, optionally of a body part matching `bodyPart`. */
export function studyIs(ctx: StepContext, entry: ExtrinsicObject, modality: Modality, bodyPart?: RegExp): boolean {
  const study = fixtureStudy(ctx, studyUidOf(entry));
  if (!study || !study.series.some((s) => s.modality === modality)) return false;
  return bodyPart === undefined || bodyPart.test(study.bodyPart.bodyPartExamined);
}
