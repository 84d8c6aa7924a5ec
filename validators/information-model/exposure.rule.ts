/** Exposure (Annex III §10.7): effective dose, pregnancy status and gestational age, organ doses. */
import type { Rule } from '../rule.ts';
import { IONISING_MODALITIES } from '../codes/modality-groups.ts';
import { NOT_PREGNANT, PREGNANCY_UNKNOWN, PREGNANT } from '../codes/pregnancy-status.ts';
import { cardinality, codeInList, specRef, type InformationModelSubject } from './subject.ts';

/** Exposure applies when the study irradiated the patient: an ionising series, or a dose record anyway. */
function exposureApplies({ study }: InformationModelSubject): boolean {
  return study.series.some((s) => s.modality !== undefined && IONISING_MODALITIES.has(s.modality)) || study.phases.length > 0 || study.exposure?.effectiveDoseMSv !== undefined;
}

export const pregnancyStatusRequired: Rule<InformationModelSubject> = {
  id: 'im.exposure.pregnancy-status-required',
  title: 'Pregnancy status is stated for a female patient exposed to ionising radiation',
  severity: 'error',
  requirements: ['IM-EXPOSURE'],
  specRef: specRef('10.7 PregnancyStatus'),
  *check(subject) {
    const { study } = subject;
    if (study.patient.sex !== 'F' || !exposureApplies(subject)) return;
    if (study.exposure?.pregnancyStatus === undefined) {
      yield { path: 'Exposure.PregnancyStatus (0010,21C0)', message: 'female patient with an ionising examination and no pregnancy status', expected: `${PREGNANT} | ${NOT_PREGNANT} | ${PREGNANCY_UNKNOWN}`, actual: 'absent' };
    }
  },
};

export const pregnancyStatusCode: Rule<InformationModelSubject> = {
  id: 'im.exposure.pregnancy-status-code',
  title: 'Pregnancy status is SNOMED CT 77386006, 60001007 or 261665006',
  severity: 'error',
  requirements: ['IM-EXPOSURE', 'RISK-CODES'],
  specRef: specRef('10.7 PregnancyStatusCodelist'),
  *check({ study }) {
    yield* codeInList('pregnancyStatus', study.exposure?.pregnancyStatus?.code, 'Exposure.PregnancyStatus', 'Pregnancy status');
  },
};

export const gestationalAgeOnlyIfPregnant: Rule<InformationModelSubject> = {
  id: 'im.exposure.gestational-age',
  title: 'Gestational age is given only for a pregnant patient, in days or weeks',
  severity: 'error',
  requirements: ['IM-EXPOSURE'],
  specRef: specRef('10.7 GestationalAge'),
  *check({ study }) {
    const age = study.exposure?.gestationalAge;
    if (age === undefined) return;
    const status = study.exposure?.pregnancyStatus?.code;
    if (status !== PREGNANT) {
      yield { path: 'Exposure.GestationalAge', message: `gestational age given while pregnancy status is ${status ?? 'absent'}`, expected: `PregnancyStatus ${PREGNANT}`, actual: status ?? 'absent' };
    }
    if (!Number.isFinite(age.value) || age.value <= 0 || (age.unit !== 'd' && age.unit !== 'wk')) {
      yield { path: 'Exposure.GestationalAge', message: `gestational age ${age.value} ${age.unit} is not a positive duration in d or wk`, expected: '> 0 d|wk', actual: `${age.value} ${age.unit}` };
    }
  },
};

export const effectiveDose: Rule<InformationModelSubject> = {
  id: 'im.exposure.effective-dose',
  title: 'Effective dose, when stated, is a non-negative number of mSv',
  severity: 'error',
  requirements: ['IM-EXPOSURE', 'UC-546'],
  specRef: specRef('10.7 EffectiveDose'),
  *check({ study }) {
    const dose = study.exposure?.effectiveDoseMSv;
    if (dose !== undefined && (!Number.isFinite(dose) || dose < 0)) {
      yield { path: 'Exposure.EffectiveDose', message: `effective dose ${dose} is not a non-negative number`, expected: '≥ 0 mSv', actual: String(dose) };
    }
  },
};

export const equivalentDose: Rule<InformationModelSubject> = {
  id: 'im.exposure.equivalent-dose',
  title: 'Each organ dose has one dose value and one tissue type from the SNOMED CT tissue list',
  severity: 'error',
  requirements: ['IM-EXPOSURE'],
  specRef: specRef('10.7 EquivalentDose, TissueTypeCodelist'),
  *check({ study }) {
    for (const [i, d] of (study.exposure?.organDoses ?? []).entries()) {
      const path = `Exposure.EquivalentDose[${i}]`;
      yield* cardinality('Exposure', 'TissueType', d.tissue?.code, `${path}.TissueType`);
      yield* codeInList('tissueType', d.tissue?.code, `${path}.TissueType`, 'Tissue type');
      if (d.doseMSv === undefined) yield { path: `${path}.EquivalentDose`, message: 'organ dose without a dose value', expected: 'EquivalentDose (1, mSv)', actual: 'absent' };
      else if (!Number.isFinite(d.doseMSv) || d.doseMSv < 0) yield { path: `${path}.EquivalentDose`, message: `organ dose ${d.doseMSv} is not a non-negative number`, expected: '≥ 0 mSv', actual: String(d.doseMSv) };
    }
  },
};

export const exposureRules = [pregnancyStatusRequired, pregnancyStatusCode, gestationalAgeOnlyIfPregnant, effectiveDose, equivalentDose] as const;
