/**
 * What the cross-border exchange adds on top of the base standards for some studies: the BI-RADS
 * category of a mammography report (UC-545, breast cancer board) and the radiation exposure of a
 * CT report (UC-546, a warning: dose is shared when it was recorded). Base CDA/FHIR do not demand
 * either, so both run only under the report-exchanging profiles.
 */
import type { RuleFinding } from '../rule.ts';
import { CONTENT_SPEC, rootPath, type ContentRule } from './report-subject.ts';

export const biradsRule: ContentRule = {
  id: 'report.birads',
  title: 'A mammography report states a recognised BI-RADS assessment category as a coded entry of the impression',
  severity: 'error',
  requirements: ['UC-545', 'REP-06'],
  specRef: `${CONTENT_SPEC}; DCM 111005 Assessment Category, DICOM CID 6027`,
  profiles: ['xca-i', 'ehdsi-orcd'],
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError || !r.modalities.includes('MG')) return;
    if (!r.birads) yield { path: rootPath(r), message: 'mammography report without a BI-RADS category', expected: 'an impression entry coded DCM 111005 with a CID 6027 value' };
    else if (!r.birads.category) yield { path: r.birads.path, message: 'the BI-RADS value is not a CID 6027 category code', actual: r.birads.code.code };
  },
};

export const exposureRule: ContentRule = {
  id: 'report.exposure',
  title: 'A CT report (not hybrid PET/CT or SPECT/CT) carries the radiation exposure (total DLP or effective dose)',
  severity: 'warning',
  requirements: ['UC-546', 'IM-EXPOSURE'],
  specRef: 'DICOM PS3.20 9.8 Radiation Exposure and Protection Information (LOINC 73569-6)',
  profiles: ['xca-i', 'ehdsi-orcd'],
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    // Hybrid nuclear medicine studies report dose through the radiopharmaceutical record (TID 10021), not judged here.
    if (parseError || !r.modalities.includes('CT') || r.modalities.some((m) => m === 'PT' || m === 'NM')) return;
    if (!r.exposure) yield { path: rootPath(r), message: 'CT report without radiation exposure section', expected: 'a section coded LOINC 73569-6' };
    else if (r.exposure.totalDlpMGyCm === undefined && r.exposure.effectiveDoseMSv === undefined) {
      yield { path: r.exposure.path, message: 'the radiation exposure section states neither total DLP nor effective dose', expected: 'DCM 113813 or 113839 as a quantity' };
    }
  },
};

export const PROFILE_RULES: readonly ContentRule[] = [biradsRule, exposureRule];
