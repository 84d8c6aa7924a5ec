/**
 * Coded entries of the Radiation Exposure and Protection Information section (PS3.20 9.8, UC-546):
 * CTDIvol and DLP per CT phase, total DLP, effective dose (CID 10050 quantities) and pregnancy
 * status. The narrative of the same facts comes from `cda-content.ts`.
 */
import type { FixtureWorld, PregnancyStatus, RadiationExposure } from '../../fixtures/model.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { codeAttrs, codeElement, dcm, loinc, type CdaCode } from './cda-values.ts';

const SNOMED = '2.16.840.1.113883.6.96';

/** DICOM PregnancyStatus (0010,21C0) → SNOMED CT finding. */
const PREGNANCY: Readonly<Record<PregnancyStatus, CdaCode>> = {
  1: { code: '60001007', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Not pregnant' },
  2: { code: '102874004', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Possible pregnancy' },
  3: { code: '77386006', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Pregnant' },
  4: { code: '261665006', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Unknown' },
};

export const DOSE_CODE = {
  meanCtdiVol: dcm('113830', 'Mean CTDIvol'),
  dlp: dcm('113838', 'DLP'),
  dlpTotal: dcm('113813', 'CT Dose Length Product Total'),
  effectiveDose: dcm('113839', 'Effective Dose'),
  pregnancy: loinc('82810-3', 'Pregnancy status'),
} as const;

function quantity(code: CdaCode, value: number, unit: string, label?: string): XmlOut {
  return el('observation', { classCode: 'OBS', moodCode: 'EVN' },
    codeElement('code', code),
    label ? el('text', undefined, label) : undefined,
    el('statusCode', { code: 'completed' }),
    el('value', { 'xsi:type': 'PQ', value: String(value), unit }));
}

export function radiationEntries(exposure: RadiationExposure): XmlOut[] {
  return [
    ...exposure.phases.flatMap((p) => [
      quantity(DOSE_CODE.meanCtdiVol, p.ctdiVolMGy, 'mGy', p.phase.meaning),
      quantity(DOSE_CODE.dlp, p.dlpMGyCm, 'mGy.cm', p.phase.meaning),
    ]),
    quantity(DOSE_CODE.dlpTotal, exposure.totalDlpMGyCm, 'mGy.cm'),
    quantity(DOSE_CODE.effectiveDose, exposure.effectiveDoseMSv, 'mSv'),
    el('observation', { classCode: 'OBS', moodCode: 'EVN' },
      codeElement('code', DOSE_CODE.pregnancy),
      el('statusCode', { code: 'completed' }),
      el('value', { 'xsi:type': 'CD', ...codeAttrs(PREGNANCY[exposure.pregnancyStatus]) })),
  ];
}

/**
 * The dose record of a world study. `WorldStudy` does not carry it (the publishing input is
 * minimal), so callers that render from the world look it up here and pass it as an option.
 */
export function worldExposure(world: FixtureWorld, studyInstanceUid: string): RadiationExposure | undefined {
  for (const patient of world.patients) {
    const study = patient.studies.find((s) => s.studyInstanceUid === studyInstanceUid);
    if (study) return study.exposure;
  }
  return undefined;
}
