/**
 * Document metadata validators: XDS DocumentEntries and SubmissionSets as ebRIM (ITI TF-3 4.2),
 * with what XDS-I.b/MADO (profiles xca-i, mado) and eHDSI OrCD (ehdsi-orcd) add on top.
 */
import type { RimObject } from '../../simulators/registry/ebrim-model.ts';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import type { Rule } from '../rule.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import { codedValues } from './coded-values.rule.ts';
import { documentEntryRequired } from './document-entry-required.rule.ts';
import { documentEntryValues } from './document-entry-values.rule.ts';
import { documentHashSize } from './document-hash-size.rule.ts';
import { ehdsiClassType } from './ehdsi-class-type.rule.ts';
import { ehdsiFormatCode } from './ehdsi-format-code.rule.ts';
import { hasMember } from './has-member.rule.ts';
import { imagingEventCodes } from './imaging-event-codes.rule.ts';
import { imagingFormatCode } from './imaging-format-code.rule.ts';
import { imagingReferenceIds } from './imaging-reference-ids.rule.ts';
import { imagingStudyLink } from './imaging-study-link.rule.ts';
import { imagingTypeCode } from './imaging-type-code.rule.ts';
import { metadataUnreadable } from './read.rule.ts';
import { samePatient } from './same-patient.rule.ts';
import { submissionSetCount, submissionSetRequired } from './submission-set.rule.ts';
import { readSubmission, type SubmissionInput, type SubmissionSubject } from './submission-subject.ts';
import { uniqueIdsUnique } from './unique-ids.rule.ts';

export const metadataRules: readonly Rule<SubmissionSubject>[] = [
  metadataUnreadable,
  submissionSetCount,
  submissionSetRequired,
  documentEntryRequired,
  documentEntryValues,
  codedValues,
  hasMember,
  samePatient,
  uniqueIdsUnique,
  documentHashSize,
  imagingFormatCode,
  imagingTypeCode,
  imagingEventCodes,
  imagingReferenceIds,
  imagingStudyLink,
  ehdsiClassType,
  ehdsiFormatCode,
];

export const metadataFamily: ValidatorFamily<SubmissionSubject> = {
  name: 'metadata',
  description: 'XDS document metadata (DocumentEntry, SubmissionSet, associations) and the imaging and eHDSI OrCD constraints on it',
  rules: metadataRules,
};

/**
 * Validates XDS metadata given as ebRIM objects (with the documents' bytes by uniqueId, to check
 * hash and size) or as a SubmitObjectsRequest, ProvideAndRegisterDocumentSetRequest or
 * AdhocQueryResponse element (bare or inside a SOAP envelope).
 */
export function validateSubmission(input: SubmissionInput | XmlElement, options: ValidateOptions): RuleRun {
  return runRules(metadataRules, readSubmission(input), options);
}

export { readSubmission, type SubmissionInput, type SubmissionSubject };
export type { MetadataMessage } from './submission-subject.ts';
export type { RimObject };
