/**
 * The DICOM validator family: a Part 10 file (or an already read subject) against the IOD tables
 * of PS3.3, the VR/VM rules of PS3.5/PS3.6 and what the exchange profiles add. Error-level
 * findings are calibrated against dciodvfy's errors (test/calibration/), warnings against its warnings.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import { accessionPresent } from './accession-present.rule.ts';
import { moduleMissing, type1cMissing, type1Empty, type1Missing, type2Missing } from './attribute-presence.rule.ts';
import { anatomicRegionCid4, bodyPartDefinedTerm, bodyPartPresent } from './body-part.rule.ts';
import { readDicomSubject, type DicomSubject } from './dicom-subject.ts';
import type { DicomRule } from './dicom-rule.ts';
import { enumeratedValue } from './enumerated-value.rule.ts';
import { dicomFileFamily } from './file-readable.rule.ts';
import { knownSopClass } from './known-sop-class.rule.ts';
import { modalityCid29, modalityDefinedTerm } from './modality-code.rule.ts';
import { studyAfterBirth } from './study-after-birth.rule.ts';
import { uidSyntax } from './uid-syntax.rule.ts';
import { vrValue } from './vr-value.rule.ts';
import { vmCount, vrMismatch } from './vr-vm.rule.ts';

export const dicomRules: readonly DicomRule[] = [
  knownSopClass,
  moduleMissing,
  type1Missing,
  type1Empty,
  type2Missing,
  type1cMissing,
  vrValue,
  vrMismatch,
  vmCount,
  uidSyntax,
  enumeratedValue,
  modalityDefinedTerm,
  modalityCid29,
  bodyPartDefinedTerm,
  bodyPartPresent,
  anatomicRegionCid4,
  accessionPresent,
  studyAfterBirth,
];

export const dicomFamily: ValidatorFamily<DicomSubject> = {
  name: 'dicom',
  description: 'DICOM instances against PS3.3 IOD/module tables, PS3.5 VR syntax, PS3.6 VR/VM, and the exchange profiles (modality, body part, accession)',
  rules: dicomRules,
};

export function validateDicomSubject(subject: DicomSubject, options: ValidateOptions): RuleRun {
  return runRules(dicomRules, subject, options);
}

/** An unreadable file is one error finding, never an exception. */
export function validateDicom(bytes: Uint8Array, options: ValidateOptions): RuleRun {
  const read = readDicomSubject(bytes);
  if (read.ok) return validateDicomSubject(read.subject, options);
  return runRules(dicomFileFamily.rules, { reason: read.reason }, options);
}

export { readDicomSubject, type DicomSubject } from './dicom-subject.ts';
export { getElement, formatPath, parsePath, walkElements } from './dicom-subject.ts';
export { dicomFileFamily, fileReadable } from './file-readable.rule.ts';
