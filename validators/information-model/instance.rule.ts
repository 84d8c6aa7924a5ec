/** Instance (Annex III §10.4): UID, SOP class, and the dosage information of projection X-ray. */
import type { Rule } from '../rule.ts';
import { PROJECTION_XRAY_MODALITIES } from '../codes/modality-groups.ts';
import { cardinality, seriesPath, specRef, type InformationModelSubject } from './subject.ts';

const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
/** Storage SOP classes (PS3.4 B.5) live under this arc; the seed's InstanceClass list is that table. */
const STORAGE_ARC = '1.2.840.10008.5.1.4.1.1.';

function* instances({ study }: InformationModelSubject) {
  for (const [i, s] of study.series.entries()) {
    for (const [j, inst] of s.instances.entries()) yield { series: s, inst, path: `${seriesPath(s, i)}.Instance[${inst.uid ?? `#${j + 1}`}]` };
  }
}

export const instanceRequiredElements: Rule<InformationModelSubject> = {
  id: 'im.instance.required-elements',
  title: 'Each instance has exactly one InstanceUID and one InstanceClass',
  severity: 'error',
  requirements: ['IM-INSTANCE'],
  specRef: specRef('10.4'),
  *check(subject) {
    for (const { inst, path } of instances(subject)) {
      yield* cardinality('Instance', 'InstanceUID', inst.uid, `${path}.InstanceUID (0008,0018)`);
      yield* cardinality('Instance', 'InstanceClass', inst.sopClassUid, `${path}.InstanceClass (0008,0016)`);
    }
  },
};

export const instanceClass: Rule<InformationModelSubject> = {
  id: 'im.instance.class',
  title: 'InstanceClass is a storage SOP Class UID (PS3.4 B.5)',
  severity: 'error',
  requirements: ['IM-INSTANCE'],
  specRef: specRef('10.4 InstanceClassCodelist'),
  *check(subject) {
    for (const { inst, path } of instances(subject)) {
      const c = inst.sopClassUid;
      if (c === undefined) continue;
      if (!UID.test(c) || !c.startsWith(STORAGE_ARC)) {
        yield { path: `${path}.InstanceClass (0008,0016)`, message: `"${c}" is not a storage SOP Class UID`, expected: `${STORAGE_ARC}…`, actual: c };
      }
    }
  },
};

export const instanceDosageInformation: Rule<InformationModelSubject> = {
  id: 'im.instance.dosage-information',
  title: 'Projection X-ray instances carry dosage information; a breast dose comes with its breast thickness',
  severity: 'error',
  requirements: ['IM-INSTANCE', 'RISK-MISSING'],
  specRef: specRef('10.4 DosageInformation'),
  *check(subject) {
    for (const { series, inst, path } of instances(subject)) {
      const d = inst.dosage;
      if (series.modality !== undefined && PROJECTION_XRAY_MODALITIES.has(series.modality) && d === undefined) {
        // 0..1 in the model: missing dose is a gap the receiver should see, not a broken instance.
        yield { path: `${path}.DosageInformation`, message: `${series.modality} instance states no dose (KAP, kerma or breast dose)`, severity: 'warning', expected: 'DosageInformation', actual: 'absent' };
      }
      if (d?.averageBreastDoseMGy !== undefined && d.breastThicknessMm === undefined) {
        yield { path: `${path}.DosageInformation.BreastThickness (0018,11A0)`, message: 'average absorbed breast dose given without the breast thickness it was calculated for', expected: 'BreastThickness', actual: 'absent' };
      }
      for (const [k, v] of Object.entries(d ?? {})) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) yield { path: `${path}.DosageInformation.${k}`, message: `dose value ${String(v)} is not a non-negative number`, expected: '≥ 0', actual: String(v) };
      }
    }
  },
};

export const instanceRules = [instanceRequiredElements, instanceClass, instanceDosageInformation] as const;
