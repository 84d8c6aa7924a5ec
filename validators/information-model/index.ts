/**
 * The information-model family: the seed's Annex III model (model.ts) checked on a study as
 * extracted from its DICOM objects, with its report when there is one. All rules are base rules:
 * the model is the exchange's own, so running the family is already choosing to hold a study to it.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import type { Rule } from '../rule.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import { examinationReportRules } from './examination-report.rule.ts';
import { exposureRules } from './exposure.rule.ts';
import { instanceRules } from './instance.rule.ts';
import { phaseRules } from './phase.rule.ts';
import { seriesRules } from './series.rule.ts';
import { studyRules } from './study.rule.ts';
import type { InformationModelSubject } from './subject.ts';

export type { InformationModelSubject };
export { extractStudy, type ExtractedStudy } from './extracted-study.ts';

export const informationModelRules: readonly Rule<InformationModelSubject>[] = [
  ...studyRules,
  ...seriesRules,
  ...instanceRules,
  ...phaseRules,
  ...exposureRules,
  ...examinationReportRules,
];

export const informationModelFamily: ValidatorFamily<InformationModelSubject> = {
  name: 'information-model',
  description: 'Annex III information model: cardinalities, code lists and conditional rules of study, series, instance, phase, exposure and examination report',
  rules: informationModelRules,
};

export function validateInformationModel(input: InformationModelSubject, options: ValidateOptions): RuleRun {
  return runRules(informationModelFamily.rules, input, options);
}
