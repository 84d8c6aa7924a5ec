/**
 * Presence of Type 1, 1C, 2 and 2C attributes per the IOD tables (PS3.3 Annex A/C, PS3.5 §7.4).
 * One small family sharing one table walk (iod-evaluate.ts). All error level: dciodvfy reports
 * each of these as "Error - Missing attribute…" / "Error - Empty attribute…", Type 2 included.
 */
import { evaluateIod, type AttributeProblem, type ProblemKind } from './iod-evaluate.ts';
import type { DicomRule } from './dicom-rule.ts';
import type { RuleFinding } from '../rule.ts';

/** Study, series and instance level keywords map to the information-model requirements. */
const STUDY = new Set(['StudyInstanceUID', 'StudyDate', 'StudyTime', 'AccessionNumber', 'StudyID', 'ReferringPhysicianName']);
const SERIES = new Set(['Modality', 'SeriesInstanceUID', 'SeriesNumber', 'BodyPartExamined', 'Laterality']);
const INSTANCE = new Set(['SOPClassUID', 'SOPInstanceUID', 'InstanceNumber']);

function requirementsOf(p: AttributeProblem): string[] {
  const ids: string[] = [];
  if (STUDY.has(p.keyword)) ids.push('IM-STUDY');
  if (SERIES.has(p.keyword)) ids.push('IM-SERIES');
  if (INSTANCE.has(p.keyword)) ids.push('IM-INSTANCE');
  if (p.keyword === 'StudyInstanceUID' || p.keyword === 'AccessionNumber') ids.push('MET-01');
  if (p.keyword === 'Modality' || p.keyword === 'BodyPartExamined') ids.push('MET-03');
  return ids;
}

function findingsOf(kind: ProblemKind, message: (p: AttributeProblem) => string, expected: string) {
  return function* check(subject: Parameters<DicomRule['check']>[0]): Iterable<RuleFinding> {
    for (const p of evaluateIod(subject).problems) {
      if (p.kind !== kind) continue;
      yield { path: p.path, message: message(p), expected, specRef: p.module.specRef, requirements: requirementsOf(p) };
    }
  };
}

const where = (p: AttributeProblem): string => `(Type ${p.type}, module ${p.module.name})`;

export const type1Missing: DicomRule = {
  id: 'dicom.attribute.type1-missing',
  title: 'Type 1 attributes of the IOD modules are present',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 7.4.1',
  check: findingsOf('type1-missing', (p) => `${p.keyword} is missing ${where(p)}`, 'present with a value'),
};

export const type1Empty: DicomRule = {
  id: 'dicom.attribute.type1-empty',
  title: 'Type 1 (and 1C, when sent) attributes have a value',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 7.4.1',
  check: findingsOf('type1-empty', (p) => `${p.keyword} is present but empty ${where(p)}`, 'a value'),
};

export const type2Missing: DicomRule = {
  id: 'dicom.attribute.type2-missing',
  title: 'Type 2 (and 2C when required) attributes are present, possibly empty',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 7.4.3',
  check: findingsOf('type2-missing', (p) => `${p.keyword} is missing ${where(p)}${p.condition ? `: ${p.condition}` : ''}`, 'present (may be empty)'),
};

export const type1cMissing: DicomRule = {
  id: 'dicom.attribute.type1c-missing',
  title: 'Type 1C attributes are present when their condition holds',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 7.4.2',
  check: findingsOf('type1c-missing', (p) => `${p.keyword} is missing ${where(p)}: ${p.condition ?? 'condition holds'}`, 'present with a value'),
};

/**
 * A summary, at info level on purpose: dciodvfy names every missing attribute of an absent module
 * and nothing else, so the verdict is carried by the attribute findings above; this one only
 * tells the reader why a dozen of them appeared together.
 */
export const moduleMissing: DicomRule = {
  id: 'dicom.module.missing',
  title: 'Mandatory modules of the IOD are present',
  severity: 'info',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.3 Annex A',
  *check(subject) {
    const { iod, absentModules } = evaluateIod(subject);
    for (const { module } of absentModules) {
      yield {
        path: module.attributes.filter((a) => a.type !== '3').map((a) => `(${a.tag.slice(0, 4)},${a.tag.slice(4)})`)[0] ?? '',
        message: `mandatory module ${module.name} of the ${iod?.name ?? ''} IOD is absent: none of its Type 1/2 attributes is present`,
        specRef: module.specRef,
      };
    }
  },
};
