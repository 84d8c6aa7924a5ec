/** StudyPhase (Annex III §10.5): each CT phase has a phase code and its DLP. */
import type { Rule } from '../rule.ts';
import { CODE_LISTS, phaseConcept } from './model.ts';
import { specRef, type InformationModelSubject } from './subject.ts';
import type { ExtractedPhase } from './extracted-study.ts';

const phasePath = (i: number) => `StudyPhase[${i}]`;
const describe = (p: ExtractedPhase): string | undefined => p.code?.meaning ?? p.label ?? p.code?.code;

export const phaseCode: Rule<InformationModelSubject> = {
  id: 'im.phase.code',
  title: 'Each study phase names its phase (without contrast, arterial, venous, portal, delayed…)',
  severity: 'error',
  requirements: ['IM-PHASE'],
  specRef: specRef('10.5 PhaseCodelist'),
  *check({ study }) {
    for (const [i, p] of study.phases.entries()) {
      const name = describe(p);
      if (name === undefined) {
        yield { path: `${phasePath(i)}.PhaseCode`, message: 'phase has neither a code nor a name', expected: 'PhaseCode (1)', actual: 'absent' };
        continue;
      }
      // The seed's list is an example without codes: an unrecognised phase is flagged, not rejected.
      if (phaseConcept(p.code?.meaning ?? p.label, p.code?.code) === undefined) {
        yield {
          path: `${phasePath(i)}.PhaseCode`, severity: 'warning',
          message: `phase "${name}" matches none of the seed's phases`,
          expected: CODE_LISTS.phase.entries.map((c) => c.meaning).join(' | '), actual: name,
        };
      }
    }
  },
};

export const phaseDlp: Rule<InformationModelSubject> = {
  id: 'im.phase.dlp',
  title: 'Each study phase states its DLP (mGy·cm), a non-negative number',
  severity: 'error',
  requirements: ['IM-PHASE', 'UC-546'],
  specRef: specRef('10.5 DosageInformation'),
  *check({ study }) {
    for (const [i, p] of study.phases.entries()) {
      const dlp = p.dlpMGyCm;
      if (dlp === undefined) yield { path: `${phasePath(i)}.DosageInformation (DLP)`, message: `phase "${describe(p) ?? i}" has no DLP`, expected: 'DLP (1)', actual: 'absent' };
      else if (!Number.isFinite(dlp) || dlp < 0) yield { path: `${phasePath(i)}.DosageInformation (DLP)`, message: `DLP ${dlp} is not a non-negative number`, expected: '≥ 0 mGy·cm', actual: String(dlp) };
    }
  },
};

export const phaseNeedsCt: Rule<InformationModelSubject> = {
  id: 'im.phase.ct-study',
  title: 'Study phases with DLP belong to a study with CT series',
  severity: 'warning',
  requirements: ['IM-PHASE'],
  specRef: specRef('10.5'),
  *check({ study }) {
    // DLP is a CT quantity: phases on a study without CT point at a mixed-up dose record.
    if (study.phases.length > 0 && !study.series.some((s) => s.modality === 'CT')) {
      yield { path: 'StudyPhase', message: `${study.phases.length} phase(s) with DLP on a study without a CT series`, expected: 'a CT series', actual: study.modalities.join(',') || 'none' };
    }
  },
};

export const phaseRules = [phaseCode, phaseDlp, phaseNeedsCt] as const;
